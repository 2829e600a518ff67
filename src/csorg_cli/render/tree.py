"""The org as a text tree in the terminal (rich): no Graphviz needed, and fine over ssh."""

from __future__ import annotations

import io

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Diagnostic
from csorg_cli.render.boxes import (
    FOLDED,
    PROBLEM,
    SEATS,
    SPAN,
    VACANT,
    WHERE,
    box_content,
    segment_names,
)
from csorg_cli.render.labels import clean
from csorg_cli.render.options import ChartOptions
from csorg_cli.render.view import select

# How each kind of box line looks in a terminal (a kind not listed is plain).
STYLES = {
    SEATS: "cyan",
    VACANT: "yellow",
    WHERE: "dim",
    SPAN: "magenta",
    FOLDED: "dim",
    PROBLEM: "bold red",
}


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
    names = segment_names(tree.org)

    def label(role_id: str) -> Text:
        box = box_content(
            view,
            role_id,
            names,
            annotate=options.annotate,
            highlight_problems=options.highlight_problems,
        )
        text = Text()
        text.append(box.title, style="bold")
        for line in box.lines:
            if line.kind == WHERE:
                text.append(f"  [{line.text}]", style=STYLES[WHERE])
            else:
                text.append(f"  {line.text}", style=STYLES.get(line.kind, ""))
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
