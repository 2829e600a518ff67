"""`csorg report`: headcount, layers, spans, coverage and leadership of one org, in four formats.

:func:`~csorg_cli.report.model.build_report` turns a checked org into a
:class:`~csorg_cli.report.model.Report`; each format is a module with
``render(report, options) -> str``, registered by name in ``FORMATS`` and imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csorg_cli.report.model import Report


@dataclass(frozen=True)
class RenderOptions:
    """What a format may honour: colour and width (terminal), the charts (HTML)."""

    color: bool = False
    width: int = 100
    chart_svg: str | None = None  # inline SVG of the org chart, already cleaned (HTML)
    # Why there is no chart, shown in its place; or, with a chart, that it was folded (HTML).
    chart_note: str | None = None
    chart_html: str | None = None  # the interactive chart, a whole page of its own (HTML)


# format name -> module under csorg_cli.report that defines render()
FORMATS: dict[str, str] = {
    "text": "terminal",
    "markdown": "markdown",
    "json": "json",
    "html": "html",
}


def get_renderer(name: str) -> Callable[[Report, RenderOptions], str]:
    """The ``render`` function of the format called ``name`` (a key of ``FORMATS``)."""
    module = importlib.import_module(f"csorg_cli.report.{FORMATS[name]}")
    return module.render  # type: ignore[no-any-return]
