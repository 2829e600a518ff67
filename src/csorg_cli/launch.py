"""The `csorg` console script and `python -m csorg_cli`: the CLI, started as cheaply as it can be.

The cyclic garbage collector goes off before anything is imported (:func:`csorg_cli.cli.app.main`
turns it off for the run anyway): importing typer, pydantic and csorg's models and rules builds
some hundred thousand objects, and the collector passes over them cost 3 % of a `csorg validate`
of a small org. The library itself never touches the collector.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from csorg_cli.cli.app import main as run

    run()
