"""The org as a text tree in the terminal (rich): no Graphviz needed, and fine over ssh."""

from __future__ import annotations

import io

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Diagnostic
from csorg_cli.render.chart import ChartOptions
from csorg_cli.render.labels import clean, plural
from csorg_cli.render.view import select


def build_tree(
    tree: OrgTree, options: ChartOptions | None = None, diagnostics: list[Diagnostic] | None = None
):
    """A ``rich.tree.Tree`` of the drawn roles (same root, depth and marks as the chart).

    Labels are ``rich.text.Text`` objects, never markup strings, so a title such as
    ``[bold]x[/]`` prints as written.
    """
    from rich.text import Text
    from rich.tree import Tree

    options = options or ChartOptions()
    view = select(tree, root=options.root, depth=options.depth, diagnostics=diagnostics or ())
    roles = tree.roles
    segments = tree.org.segments or {}

    def label(role_id: str) -> Text:
        role = roles[role_id]
        text = Text()
        text.append(clean(role.title), style="bold")
        if role.headcount > 1:
            text.append(f"  {role.headcount} seats", style="cyan")
            if role.open:
                text.append(f", {role.open} open", style="yellow")
        elif role.open:
            text.append("  OPEN (vacant)", style="yellow")
        elif role.person or role.people:
            text.append(f"  {clean(role.person or role.people[0], 60)}")
        where = [
            (segments[role.segment].name or role.segment)
            if role.segment in segments
            else role.segment,
            role.region,
        ]
        where_text = " · ".join(clean(w, 30) for w in where if w)
        if where_text:
            text.append(f"  [{where_text}]", style="dim")
        if "spans" in options.annotate and tree.is_manager(role_id):
            text.append(f"  span {tree.span(role_id)}", style="magenta")
        folded = view.folded.get(role_id)
        if folded is not None:
            text.append(
                f"  + {plural(folded.seats, 'seat')} in {plural(folded.roles, 'role')}"
                + (f", {folded.open} open" if folded.open else ""),
                style="dim",
            )
        if role_id in view.unknown_manager:
            text.append(
                f"  ⚠ reports to unknown {view.unknown_manager[role_id]!r}", style="bold red"
            )
        if options.highlight_problems and view.problems.get(role_id):
            rules = sorted({d.rule for d in view.problems[role_id]})
            text.append("  ⚠ " + ", ".join(rules), style="bold red")
        text.append(f"  ({role_id})", style="dim")
        return text

    org = tree.org.organization
    top = Tree(Text(clean(org.name) if org is not None else "Org", style="bold underline"))
    stack = [(root, top) for root in reversed(view.roots)]
    while stack:
        role_id, parent = stack.pop()
        branch = parent.add(label(role_id))
        for child in reversed(view.children.get(role_id, [])):
            stack.append((child, branch))
    for manager, report in view.back_edges:
        top.add(Text(f"⚠ cycle: {manager} -> {report}", style="bold red"))
    return top


def tree_text(
    tree: OrgTree,
    options: ChartOptions | None = None,
    diagnostics: list[Diagnostic] | None = None,
    color: bool = False,
    width: int = 120,
) -> str:
    """The text tree as a string (ANSI colours only when ``color``)."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        soft_wrap=True,
    )
    console.print(build_tree(tree, options, diagnostics))
    return buffer.getvalue()
