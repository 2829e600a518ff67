"""The org chart as a Mermaid flowchart: code hosts and wikis draw it with no binary installed.

Node ids are generated (``r1``, ``r2``...) so no role id can collide with Mermaid syntax, and
every label is written with Mermaid entity codes (``#quot;``, ``#lt;``, ``#35;``) for anything but
letters, digits and plain punctuation: a title cannot close its quotes, open a tag or start a
comment.

Every Mermaid link is a layout edge (dagre and ELK have nothing like Graphviz's
``constraint=false``): drawn as ``-.-`` links, dotted lines pulled subtrees together and crossed
the reporting lines. So the tree holds only reporting lines, and the dotted lines are listed in the
legend beside it, where they move nothing. The chart's title (the org, its date and seats) is the
Mermaid front matter ``title``, as every Mermaid renderer draws it.
"""

from __future__ import annotations

import json

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Diagnostic
from csorg_cli.render.boxes import box_content, segment_names
from csorg_cli.render.labels import clean, plural
from csorg_cli.render.options import ChartOptions
from csorg_cli.render.themes import FUNCTIONS, Theme, function_label, get_theme
from csorg_cli.render.view import View, select

_SAFE_PUNCTUATION = set(" .,-_/()':+")
# Dotted lines listed in the legend; past this many, "and N more" (the chart is not a table).
_DOTTED_LISTED = 25


def escape(text: str, limit: int = 120) -> str:
    """``text`` for inside a quoted Mermaid label: entity codes for every risky character."""
    out = []
    for char in clean(text, limit):
        if char.isalnum() or char in _SAFE_PUNCTUATION:
            out.append(char)
        else:
            out.append(f"#{ord(char)};")
    return "".join(out)


def _class_name(function: str) -> str:
    return "f_" + function.replace("-", "_")


def build_mermaid(
    tree: OrgTree,
    options: ChartOptions | None = None,
    theme: Theme | str = "default",
    diagnostics: list[Diagnostic] | None = None,
) -> str:
    """Mermaid ``flowchart`` source of the chart (same roles, folding and marks as the SVG)."""
    options = options or ChartOptions()
    theme = get_theme(theme) if isinstance(theme, str) else theme
    view = select(tree, root=options.root, depth=options.depth, diagnostics=diagnostics or ())
    roles = tree.roles
    names = segment_names(tree.org)
    ids = {role_id: f"r{index}" for index, role_id in enumerate(view.order, start=1)}
    # Mermaid lays out its own chart: "auto" is top to bottom there.
    lines = [f"flowchart {'LR' if options.direction == 'LR' else 'TB'}"]
    if options.title:
        # JSON is YAML: the title is one quoted scalar whatever the org's name holds.
        lines[:0] = [
            "---",
            f"title: {json.dumps(chart_title(view, options), ensure_ascii=False)}",
            "---",
        ]
    org = tree.org.organization
    if org is not None:
        lines.append(f"%% {escape(org.name, 80)} (csorg render)")
    used: dict[str, list[str]] = {}
    vacant: list[str] = []
    problem: list[str] = []

    def node(role_id: str) -> str:
        box = box_content(
            view,
            role_id,
            names,
            annotate=options.annotate,
            highlight_problems=options.highlight_problems,
        )
        parts = [f"<b>{escape(box.title)}</b>"] + [escape(line.text) for line in box.lines]
        if box.problem:
            problem.append(ids[role_id])
        if box.vacant:
            vacant.append(ids[role_id])
        used.setdefault(box.function, []).append(ids[role_id])
        return f'    {ids[role_id]}["{"<br/>".join(parts)}"]'

    groups: dict[str, list[str]] = {}
    if options.group_by != "none":
        for role_id in view.order:
            role = roles[role_id]
            key = role.segment_key if options.group_by == "segment" else role.region
            if key:
                groups.setdefault(key, []).append(role_id)
    grouped = {r for members in groups.values() for r in members}
    for index, (key, members) in enumerate(groups.items(), start=1):
        name = names.get(key, key) if options.group_by == "segment" else key
        lines.append(f'  subgraph g{index}["{escape(name)}"]')
        lines.extend("  " + node(r) for r in members)
        lines.append("  end")
    lines.extend(node(r) for r in view.order if r not in grouped)
    for manager in view.order:
        for child in view.children.get(manager, []):
            lines.append(f"    {ids[manager]} --> {ids[child]}")
    for manager, report in view.back_edges:
        lines.append(f"    {ids[manager]} --> {ids[report]}")
    dotted = view.dotted_edges()
    if options.legend:
        lines.extend(_legend(theme, used, bool(vacant), bool(problem), dotted, view))
    for function in FUNCTIONS:
        if function in used:
            fill = theme.fill(function)
            lines.append(
                f"    classDef {_class_name(function)} fill:{fill},stroke:{theme.border},"
                f"color:{theme.text}"
            )
            lines.append(f"    class {','.join(used[function])} {_class_name(function)}")
    if vacant:
        lines.append("    classDef vacant stroke-dasharray:5 3")
        lines.append(f"    class {','.join(vacant)} vacant")
    if problem:
        lines.append(f"    classDef problem stroke:{theme.problem},stroke-width:3px")
        lines.append(f"    class {','.join(problem)} problem")
    return "\n".join(lines) + "\n"


def chart_title(view: View, options: ChartOptions) -> str:
    """``"Acme · as of 2025-06-30 · 80 seats (4 open)"``: what the SVG's title says."""
    tree = view.tree
    org = tree.org.organization
    drawn = [tree.roles[r] for r in view.order]
    seats = sum(r.headcount for r in drawn) + sum(f.seats for f in view.folded.values())
    vacant = sum(r.open for r in drawn) + sum(f.open for f in view.folded.values())
    facts = [plural(seats, "seat") + (f" ({vacant} open)" if vacant else "")]
    if org is not None and org.as_of:
        facts.insert(0, f"as of {org.as_of.isoformat()}")
    if options.root:
        facts.insert(0, f"subtree of {tree.roles[options.root].title}")
    text = " · ".join([clean(org.name if org is not None else "Org chart", 80), *facts])
    # Renderers draw the title as text, but a chart source that says `<script>` alarms readers
    # and scanners alike: angle brackets become their single-quote look-alikes.
    return text.replace("<", "‹").replace(">", "›")


def _legend(
    theme: Theme,
    used: dict[str, list[str]],
    any_vacant: bool,
    any_problem: bool,
    dotted: list[tuple[str, str]],
    view: View,
) -> list[str]:
    """A ``Legend`` subgraph, apart from the tree: a swatch per function drawn, the marks, and the
    dotted lines (manager ⇢ role), which as links would have moved the tree."""
    entries: list[str] = []
    if theme.legend_colours:
        for index, function in enumerate(f for f in FUNCTIONS if f in used):
            entries.append(
                f'    legend_f{index}["{escape(function_label(function))}"]:::{_class_name(function)}'
            )
    if any_vacant:
        entries.append('    legend_vacant["open seats (dashed border)"]:::vacant')
    if any_problem:
        entries.append('    legend_problem["has a problem (csorg validate)"]:::problem')
    if dotted:
        roles = view.tree.roles
        listed = [
            f"{escape(roles[manager].title, 60)} #8674; {escape(roles[report].title, 60)}"
            for manager, report in dotted[:_DOTTED_LISTED]
        ]
        if len(dotted) > _DOTTED_LISTED:
            listed.append(f"and {len(dotted) - _DOTTED_LISTED} more")
        entries.append(
            f'    legend_dotted["<b>Dotted lines</b> (matrix manager #8674; role)<br/>'
            f'{"<br/>".join(listed)}"]'
        )
    if not entries:
        return []
    return ['  subgraph legend["Legend"]', "    direction TB", *entries, "  end"]


def fenced(source: str) -> str:
    """Mermaid source as a fenced block for Markdown (GitHub, GitLab and others draw it)."""
    return f"```mermaid\n{source}```\n"
