"""csorg: Customer Success org design as code.

The library flows one way: files -> :mod:`csorg_cli.loading` (YAML nodes with marks) ->
:mod:`csorg_cli.model` (pydantic) -> :mod:`csorg_cli.rules` -> diagnostics -> reporters.
The command line in :mod:`csorg_cli.cli` is a thin layer over it.
"""

from __future__ import annotations

__version__ = "0.1.0"
