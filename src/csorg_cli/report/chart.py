"""The org chart of the HTML report: the render module's chart, through Graphviz, as inline SVG.

The chart itself is :mod:`csorg_cli.render.chart`'s (one chart in csorg, drawn one way); this module
only runs it through ``dot`` and makes the SVG fit to sit inside an HTML page that loads nothing:
no XML prolog or DOCTYPE (whose DTD address would be a network reference), no namespace
declarations (HTML5 parses inline SVG without them), no comments, scripts, event handlers or
links to elsewhere, and a width that follows the page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csorg_cli.checking import FileResult

_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>[]*(\[[^\]]*\])?\s*>|<!--.*?-->", re.S | re.I)
_SCRIPT = re.compile(
    r"<script\b.*?(</script\s*>|$)|<foreignObject\b.*?(</foreignObject\s*>|$)", re.S | re.I
)
_NAMESPACE = re.compile(r'\s+xmlns(:\w+)?\s*=\s*("[^"]*"|\'[^\']*\')')
_HANDLER = re.compile(r'\s+on\w+\s*=\s*("[^"]*"|\'[^\']*\')', re.I)
# Links out of the page (Graphviz writes one for a node's URL attribute); in-page (#id) ones stay.
_LINK = re.compile(r'\s+(?:xlink:)?href\s*=\s*("(?!#)[^"]*"|\'(?!#)[^\']*\')', re.I)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.I)
_SIZE = re.compile(r'\s+(width|height)\s*=\s*"[^"]*"')
_WIDTH = re.compile(r'\swidth\s*=\s*"(\d+(?:\.\d+)?)(pt|px)?"')


def clean_svg(svg: str) -> str:
    """Graphviz SVG made safe and self-contained for inlining in an HTML page."""
    svg = _PROLOG.sub("", svg)
    svg = _SCRIPT.sub("", svg)
    svg = _NAMESPACE.sub("", svg)
    svg = _HANDLER.sub("", svg)
    svg = _LINK.sub("", svg)
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise ValueError("Graphviz gave no <svg> element")
    # A fixed size would overflow the page: with the viewBox kept, the chart shrinks to fit the
    # page, and never grows past its own size (a small org's boxes would turn huge).
    width = _WIDTH.search(match.group(0))
    style = f' style="max-width:{width.group(1)}{width.group(2) or "px"}"' if width else ""
    opening = _SIZE.sub("", match.group(0))
    opening = opening[:-1] + f'{style} role="img" aria-label="Org chart">'
    return (svg[: match.start()] + opening + svg[match.end() :]).strip()


def chart_svg(result: FileResult) -> tuple[str | None, str | None]:
    """The org chart as inline SVG, or None and a one-line reason (no ``dot``, say); with the
    SVG, a note when the org was folded to what a page shows (None when it was drawn whole).

    The report does not fail without a chart: its tables stand on their own, and the page says
    why the chart is missing.
    """
    if result.tree is None or not result.tree.org.roles:
        return None, "the org has no roles to draw"
    try:
        digraph = _digraph(result)
    except ImportError as error:
        return None, f"the org chart is not available in this version of csorg ({error})"
    except Exception as error:
        return None, f"the org chart could not be drawn ({type(error).__name__}: {error})"
    from csorg_cli.render.writing import RenderError, run_dot

    try:
        svg = run_dot(digraph, "svg").decode("utf-8", "replace")
    except RenderError as error:
        return None, f"{error}; the report has no chart"
    depth = _page_depth(result)
    if depth is None:
        return clean_svg(svg), None
    # As `csorg render` does: Graphviz takes seconds for a thousand boxes and minutes beyond.
    return clean_svg(svg), (
        f"This chart shows the top {depth} level{'s' if depth > 1 else ''} of "
        f"{len(result.tree.roles):,} roles (each folded box counts the seats below it); the "
        "interactive chart shows every role."
    )


def _page_depth(result: FileResult) -> int | None:
    from csorg_cli.render.view import page_depth

    assert result.tree is not None  # chart_svg checked it
    return page_depth(result.tree)


def _digraph(result: FileResult):
    """The render module's chart with spans annotated and problems highlighted.

    Coverage is left off the chart: the report has its own tables for it.
    No title in the chart either: the page's heading already names the org.
    """
    from csorg_cli.render.chart import ChartOptions, build_chart

    assert result.tree is not None  # chart_svg checked it
    options = ChartOptions(
        annotate=frozenset({"spans"}),
        highlight_problems=True,
        title=False,
        depth=_page_depth(result),  # an org too big for a page is folded to what fits
    )
    return build_chart(result.tree, options, diagnostics=result.diagnostics)


def interactive_chart(result: FileResult) -> str | None:
    """The interactive chart page (:mod:`csorg_cli.render.interactive`) for the report's frame."""
    if result.tree is None or not result.tree.org.roles:
        return None
    from csorg_cli.render.interactive import build_html

    return build_html(result.tree, result.diagnostics, result.metrics)
