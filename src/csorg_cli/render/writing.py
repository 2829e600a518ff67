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


def run_dot(graph: graphviz.Digraph, output_format: str) -> bytes:
    """``graph`` laid out and drawn by Graphviz ``dot`` in ``output_format`` (svg, png, pdf)."""
    try:
        data = graph.pipe(format=output_format, engine="dot", quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError(
            f"the Graphviz `dot` program is not installed or not on PATH; {INSTALL_HINT}"
        ) from None
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError("Graphviz `dot` failed" + (f": {detail[-1]}" if detail else "")) from None
    except OSError as error:
        raise RenderError(f"cannot run Graphviz `dot`: {error}") from None
    if not data:
        raise RenderError("Graphviz `dot` produced no output")
    return data


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
    "format_for",
    "run_dot",
    "write_chart",
]
