"""Turning a chart into bytes and files: run ``dot``, then write atomically.

The output is produced in memory first and written by :func:`csorg_cli.outputs.write_output`
(temporary file, then rename), so a failed render never leaves a half-written file and never
replaces a good chart from an earlier run; an output path that is one of the inputs is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import graphviz

from csorg_cli.outputs import check_output_path, write_output

# format -> file extensions that select it
FORMATS: dict[str, tuple[str, ...]] = {
    "svg": (".svg",),
    "png": (".png",),
    "pdf": (".pdf",),
    "dot": (".dot", ".gv"),
    "mermaid": (".mmd", ".mermaid"),
    "md": (".md", ".markdown"),
    "tree": (".txt",),
    "html": (".html", ".htm"),
}
NEEDS_DOT = ("svg", "png", "pdf")
BINARY = ("png", "pdf")
WITHOUT_DOT = ("dot", "mermaid", "md", "tree", "html")

INSTALL_HINT = (
    "install Graphviz: `sudo apt-get install graphviz` (Debian, Ubuntu), "
    "`brew install graphviz` (macOS), `choco install graphviz` (Windows); "
    "without it, --format dot, mermaid, md, tree and html still work"
)


class RenderError(Exception):
    """The chart could not be produced (exit 2): ``dot`` missing or failing."""


def format_for(path: str | Path) -> str | None:
    """The format an output file name asks for, from its extension (None: unknown)."""
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    return None


# How long `dot` may run (seconds; CSORG_DOT_TIMEOUT changes it). A chart that takes longer
# is too big to read as one picture anyway: fold it, or use the interactive HTML chart.
DOT_TIME_LIMIT = 120.0
# From this many boxes on, `dot` lays out with its cheaper settings: fewer crossing-minimisation
# and network-simplex passes, straight edges (10,000 roles: over 300 s -> about 20 s).
LARGE_GRAPH_NODES = 1_000
FAST_LAYOUT = (
    "-Gmclimit=0.05",
    "-Gnslimit=1",
    "-Gnslimit1=1",
    "-Gsplines=line",
    "-Gremincross=false",
)


def dot_time_limit() -> float:
    """The time limit for one `dot` run: CSORG_DOT_TIMEOUT seconds, else DOT_TIME_LIMIT."""
    import os

    try:
        value = float(os.environ.get("CSORG_DOT_TIMEOUT", DOT_TIME_LIMIT))
    except ValueError:
        return DOT_TIME_LIMIT
    return value if value > 0 else DOT_TIME_LIMIT


def run_dot(graph: graphviz.Digraph | str, output_format: str) -> bytes:
    """``graph`` laid out and drawn by Graphviz ``dot`` in ``output_format`` (svg, png, pdf),
    within :func:`dot_time_limit` seconds; large graphs get the fast layout settings."""
    import subprocess

    source = graph if isinstance(graph, str) else graph.source
    nodes = source.count("\n")  # about one line per box or edge: a cheap upper bound
    options = list(FAST_LAYOUT) if nodes > 2 * LARGE_GRAPH_NODES else []
    limit = dot_time_limit()
    try:
        completed = subprocess.run(
            ["dot", f"-T{output_format}", *options],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=limit,
            check=False,
        )
    except FileNotFoundError:
        raise RenderError(
            f"the Graphviz `dot` program is not installed or not on PATH; {INSTALL_HINT}"
        ) from None
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz `dot` did not finish within {limit:g} s: the chart is too large to lay out "
            f"as one picture; draw part of it (--depth 3, --root ROLE), use the interactive chart "
            f"(-o org.html, no Graphviz needed), or allow more time with CSORG_DOT_TIMEOUT=SECONDS"
        ) from None
    except OSError as error:
        raise RenderError(f"cannot run Graphviz `dot`: {error}") from None
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError("Graphviz `dot` failed" + (f": {detail[-1]}" if detail else ""))
    if not completed.stdout:
        raise RenderError("Graphviz `dot` produced no output")
    return completed.stdout


def write_chart(
    data: bytes | str, output: str | Path | None, inputs: Iterable[str | Path] = ()
) -> None:
    """Write the rendered chart to ``output`` atomically (stdout when None or ``-``)."""
    write_output(data, output, inputs)


__all__ = [
    "BINARY",
    "FORMATS",
    "NEEDS_DOT",
    "WITHOUT_DOT",
    "RenderError",
    "check_output_path",
    "dot_time_limit",
    "format_for",
    "run_dot",
    "write_chart",
]
