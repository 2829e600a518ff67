"""The org as one self-contained, offline HTML page: a collapsible, searchable, zoomable chart.

The page inlines d3 (ISC), d3-flextree (WTFPL) and d3-org-chart (MIT), vendored unmodified by
``scripts/vendor-chart.sh`` into ``render/vendor/`` with their licence files, and csorg's own
wrapper (``render/assets/orgchart.js``), the only code that talks to the library. Upstream says it
is no longer actively maintained: everything csorg knows (box wording, colours, search, details,
findings) is decided here and in the wrapper, so the library can be swapped without touching the
data.

Nothing on the page is fetched: no font, no image, no script from a network. The org travels as
JSON in a ``<script type="application/json">`` element, escaped so that no title can end the
element (``</script>`` becomes ``\\u003c/script\\u003e``); the wrapper puts user text into the
page through ``textContent`` or its own HTML escaping, never as markup.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Diagnostic, Severity
from csorg_cli.render.boxes import box_content, seats_text, segment_names
from csorg_cli.render.labels import clean
from csorg_cli.render.legend import coverage_line
from csorg_cli.render.themes import FUNCTIONS, Theme, function_label, get_theme
from csorg_cli.render.view import placement, problems_by_role, select

if TYPE_CHECKING:
    from csorg_cli.analysis.metrics import OrgMetrics

# Vendored scripts in the order the page loads them (d3-org-chart expects d3 and d3.flextree).
VENDORED = ("d3.min.js", "d3-flextree.min.js", "d3-org-chart.min.js")
LICENCES = ("LICENSE-d3.txt", "LICENSE-d3-flextree.txt", "LICENSE-d3-org-chart.md")
# The node that holds several top-level roles together (role ids never start with "_").
ORG_NODE = "__org__"
# Above this many roles the page opens folded below the second level, and without animation
# above ANIMATION_LIMIT (transitions of thousands of boxes stutter).
FOLD_ABOVE = 300
ANIMATION_LIMIT = 1500
# How csorg's browser tests and scripts/chart-screenshots.py start Debian's headless Chromium so
# that the browser itself makes no request either (add a fresh --user-data-dir).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def json_for_script(data: object) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element of an HTML page.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (the same string to a
    JSON parser), so ``</script><script>`` in a title stays text; U+2028 and U+2029 are escaped
    too, as older script parsers end a line there.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def chart_data(
    tree: OrgTree,
    diagnostics: Sequence[Diagnostic] = (),
    metrics: OrgMetrics | None = None,
    theme: Theme | str = "default",
    depth: int | None = None,
    focus: str | None = None,
) -> dict[str, Any]:
    """Everything the page shows, as plain data: one node per role, dotted lines, legend, header.

    ``depth`` opens the page folded below that level (the top is 1; big orgs open folded below
    level 3 anyway); ``focus`` opens it on one role's team (the page's "Focus on this team").
    Raises :class:`~csorg_cli.render.view.UnknownRoot` when ``focus`` is not a role.
    """
    if focus is not None:
        select(tree, root=focus)  # the same error --root gives everywhere else
    theme = get_theme(theme) if isinstance(theme, str) else theme
    view = select(tree, diagnostics=diagnostics)
    roles = tree.roles
    org = tree.org
    names = segment_names(org)
    placed = placement(view)
    findings = problems_by_role(diagnostics, minimum=Severity.INFO)
    coverage = metrics.coverage if metrics is not None else {}
    parent_of: dict[str, str | None] = {}
    for manager, reports in view.children.items():
        for report in reports:
            parent_of[report] = manager
    several_tops = len(view.roots) > 1
    nodes: list[dict[str, Any]] = []
    if several_tops:
        nodes.append(
            {
                "id": ORG_NODE,
                "parentId": None,
                "title": clean(org.organization.name) if org.organization else "Organisation",
                "lines": [],
                "synthetic": True,
                "function": "unclassified",
                "fill": theme.background,
            }
        )
    functions: set[str] = set()
    for role_id in view.order:
        role = roles[role_id]
        box = box_content(view, role_id, names, highlight_problems=True)
        functions.add(box.function)
        segment, region = placed[role_id]
        segment_coverage = coverage.get(segment or "") if segment else None
        parent = parent_of.get(role_id)
        nodes.append(
            {
                "id": role_id,
                "parentId": parent if parent is not None else (ORG_NODE if several_tops else None),
                "title": box.title,
                "lines": [{"text": line.text, "kind": line.kind} for line in box.lines],
                "people": [clean(p, 80) for p in role.holders],
                "seats": role.headcount,
                "open": role.open,
                "seatsText": seats_text(role) or ("1 seat, open" if role.open else "1 seat"),
                "segment": names.get(segment, segment) if segment else None,
                "segmentId": segment,
                "segmentInherited": bool(segment) and not role.segment,
                "region": clean(region, 60) if region else None,
                "regionInherited": bool(region) and not role.region,
                "function": box.function,
                "functionLabel": function_label(box.function),
                "fill": theme.open_fill
                if box.all_open and theme.open_fill
                else theme.fill(box.function),
                "vacant": box.vacant,
                "problem": box.problem,
                "layer": tree.layer.get(role_id),
                "span": tree.span(role_id),
                "directs": len(tree.children.get(role_id, [])),
                "coverage": coverage_line(segment_coverage) if segment_coverage else None,
                "kpis": [clean(k, 80) for k in role.kpis],
                "owns": [clean(o, 80) for o in role.owned_words],
                "dotted": [clean(roles[m].title if m in roles else m, 80) for m in role.dotted_to],
                "description": clean(role.description, 400) if role.description else None,
                "findings": [
                    {
                        "severity": d.severity.value,
                        "rule": d.rule,
                        "message": clean(d.message, 300),
                    }
                    for d in findings.get(role_id, [])
                ],
            }
        )
    connections = [{"from": m, "to": r} for m, r in view.dotted_edges()]
    legend = [
        {"function": f, "label": function_label(f), "fill": theme.fill(f)}
        for f in FUNCTIONS
        if f in functions
    ]
    seats = sum(r.headcount for r in roles.values())
    vacant = sum(r.open for r in roles.values())
    facts = [f"{len(roles)} roles", f"{seats} seats" + (f" ({vacant} open)" if vacant else "")]
    if org.organization is not None and org.organization.as_of:
        facts.insert(0, f"as of {org.organization.as_of.isoformat()}")
    return {
        "name": clean(org.organization.name) if org.organization else "Org chart",
        "facts": " · ".join(facts),
        "nodes": nodes,
        "connections": connections,
        "legend": legend,
        # Depth counted from 0 at the top node, which is the org itself when it has several tops.
        "foldBelow": (depth - 1 + several_tops)
        if depth is not None
        else (2 if len(nodes) > FOLD_ABOVE else None),
        "focus": focus,
        "animate": len(nodes) <= ANIMATION_LIMIT,
        "theme": {
            "background": theme.background,
            "text": theme.text,
            "muted": theme.muted,
            "border": theme.border,
            "edge": theme.edge,
            "dotted": theme.dotted,
            "problem": theme.problem,
        },
    }


def _asset(*parts: str) -> str:
    return resources.files("csorg_cli.render").joinpath(*parts).read_text(encoding="utf-8")


def _script(source: str) -> str:
    # Vendored code holds no "</script" (checked by a test), but a page must never depend on it.
    return "<script>" + source.replace("</script", "<\\/script") + "</script>"


def build_html(
    tree: OrgTree,
    diagnostics: Sequence[Diagnostic] = (),
    metrics: OrgMetrics | None = None,
    theme: Theme | str = "default",
    fallback_svg: str | None = None,
    depth: int | None = None,
    focus: str | None = None,
) -> str:
    """The whole page. ``fallback_svg`` (the static chart) is what prints instead of the canvas."""
    data = chart_data(tree, diagnostics, metrics, theme, depth=depth, focus=focus)
    title = html.escape(f"{data['name']}: org chart")
    notices = "\n".join(
        f"{name}:\n{_asset('vendor', name)}" for name in ("VERSIONS.txt", *LICENCES)
    )
    fallback = (
        f'<div class="csorg-print-fallback" aria-hidden="true">{fallback_svg}</div>'
        if fallback_svg
        else ""
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # Nothing may load from anywhere: scripts and styles are inline, images are data.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
            "font-src 'none'; connect-src 'none'\">",
            f"<title>{title}</title>",
            f"<style>{_asset('assets', 'orgchart.css')}</style>",
            f'<style id="csorg-box-css">{_asset("assets", "boxes.css")}</style>',
            "</head>",
            '<body class="csorg-has-fallback">' if fallback_svg else "<body>",
            _body(),
            fallback,
            f'<script type="application/json" id="csorg-data">{json_for_script(data)}</script>',
            # The licences travel with the code they cover.
            f"<!--\n{html.escape(notices).replace('--', '- -')}\n-->",
            *(_script(_asset("vendor", name)) for name in VENDORED),
            _script(_asset("assets", "orgchart.js")),
            "</body>",
            "</html>",
        ]
    )


def _body() -> str:
    return """<div class="csorg-app">
<header class="csorg-bar">
  <div class="csorg-heading"><h1 id="csorg-name"></h1><span id="csorg-facts"></span></div>
  <div class="csorg-search">
    <input id="csorg-search" type="search" placeholder="Search title, person, role id, segment, region" aria-label="Search the org" autocomplete="off">
    <span id="csorg-matches" role="status" aria-live="polite"></span>
  </div>
  <nav class="csorg-tools" aria-label="Chart">
    <button type="button" data-action="expand-all" title="Unfold every team">Unfold all</button>
    <button type="button" data-action="collapse-all" title="Fold to the top">Fold all</button>
    <button type="button" data-action="fit" title="Fit the chart to the screen">Fit</button>
    <button type="button" data-action="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
    <button type="button" data-action="zoom-out" title="Zoom out" aria-label="Zoom out">&#8722;</button>
    <button type="button" data-action="unfocus" id="csorg-unfocus" hidden>Whole org</button>
    <button type="button" data-action="export-png" title="Download the current view as PNG">PNG</button>
    <button type="button" data-action="export-svg" title="Download the current view as SVG">SVG</button>
  </nav>
</header>
<main class="csorg-main">
  <div id="csorg-chart" class="csorg-chart"></div>
  <aside id="csorg-details" class="csorg-details" hidden aria-label="Role details"></aside>
</main>
<footer class="csorg-legend" id="csorg-legend" aria-label="Legend"></footer>
</div>
<noscript><p>This org chart needs JavaScript; the chart is also in the report's SVG.</p></noscript>"""
