"""The org chart as a pure function: org (+ tree, metrics, theme, options) -> ``graphviz.Digraph``.

Nothing here runs Graphviz or touches a file: ``str(build_chart(...))`` is the DOT source, which is
what tests compare. :mod:`csorg_cli.render.writing` runs ``dot``.

The jobs are split: :mod:`~csorg_cli.render.boxes` words each box (shared with Mermaid, the text
tree and the HTML chart), :mod:`~csorg_cli.render.layout` decides where boxes go,
:mod:`~csorg_cli.render.legend` draws the title, legend and coverage tables, and this module
writes the DOT: nodes, panels, frames and lines.

Every user-written text goes through :mod:`csorg_cli.render.labels` (HTML-escaped), and every
label is HTML-like, so no title can break out of DOT, HTML or SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import graphviz

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Diagnostic
from csorg_cli.model.org import OrgFile
from csorg_cli.render import legend
from csorg_cli.render.boxes import box_content, segment_names
from csorg_cli.render.labels import html_attr, html_text
from csorg_cli.render.layout import (
    BOX_MIN_WIDTH,
    NODESEP,
    RANKSEP,
    Block,
    Box,
    Shape,
    build_blocks,
    candidates,
    choose_shape,
    estimate_all,
    header_height,
    measure,
    settle,
)
from csorg_cli.render.options import ANNOTATIONS, DIRECTIONS, GROUPINGS, ChartOptions
from csorg_cli.render.themes import Theme, get_theme
from csorg_cli.render.view import View, grouping, select

if TYPE_CHECKING:
    from csorg_cli.analysis.metrics import OrgMetrics

__all__ = ["ANNOTATIONS", "DIRECTIONS", "GROUPINGS", "ChartOptions", "build_chart"]


def box_html(box: Box, theme: Theme) -> str:
    """A box's text as an HTML-like label: the title in bold, its lines small and muted."""
    parts = [f"<B>{html_text(line)}</B>" for line in box.title]
    for line in box.content.lines:
        color = theme.problem_text if line.is_problem else theme.muted
        parts.append(
            f'<FONT POINT-SIZE="9" COLOR="{html_attr(color)}">{html_text(line.text)}</FONT>'
        )
    return "<BR/>".join(parts)


def build_chart(
    org: OrgFile | OrgTree,
    options: ChartOptions | None = None,
    theme: Theme | str = "default",
    metrics: OrgMetrics | None = None,
    diagnostics: Sequence[Diagnostic] = (),
) -> graphviz.Digraph:
    """The org chart of ``org`` as a ``graphviz.Digraph`` (``str()`` of it is the DOT source).

    ``metrics`` is needed for ``annotate={"coverage"}`` (computed from the tree when omitted);
    ``diagnostics`` are what ``highlight_problems`` marks. Raises
    :class:`~csorg_cli.render.view.UnknownRoot` when ``options.root`` is not a role.
    """
    options = options or ChartOptions()
    theme = get_theme(theme) if isinstance(theme, str) else theme
    tree = org if isinstance(org, OrgTree) else OrgTree.build(org)
    view = select(tree, root=options.root, depth=options.depth, diagnostics=diagnostics)
    if "coverage" in options.annotate and metrics is None:
        from csorg_cli.analysis.metrics import OrgMetrics
        from csorg_cli.model.benchmarks import Benchmarks

        metrics = OrgMetrics(tree, Benchmarks.load())
    return _Chart(view, options, theme, metrics).build()


class _Chart:
    def __init__(
        self, view: View, options: ChartOptions, theme: Theme, metrics: OrgMetrics | None
    ) -> None:
        self.view = view
        self.tree = view.tree
        self.options = options
        self.theme = theme
        self.metrics = metrics
        self.segment_names = segment_names(self.tree.org)
        # Where each drawn role is: its own node, or a port of a panel node.
        self.address: dict[str, str] = {}
        self.boxes: dict[str, Box] = {}  # every drawn role's box (for the legend)
        self._wrapped: dict[tuple[str, int], Box] = {}

    def _box(self, role_id: str, wrap_at: int) -> Box:
        """The role's box, worded and measured once whichever shape the chart takes."""
        box = self._wrapped.get((role_id, wrap_at))
        if box is not None:
            return box
        options = self.options
        content = box_content(
            self.view,
            role_id,
            self.segment_names,
            annotate=options.annotate,
            highlight_problems=options.highlight_problems,
            function_line=self.theme.function_line,
        )
        box = self._wrapped[(role_id, wrap_at)] = self.boxes[role_id] = Box.of(content, wrap_at)
        return box

    def _layout(self) -> tuple[list[Block], Shape]:
        """Blocks and shape: top to bottom if it fits (stacking more if need be), else turned.

        One block tree serves every candidate shape (:func:`~csorg_cli.render.layout.candidates`,
        in order of preference), whose sizes are estimated together in one pass; the first that
        fits wins, else the closest. Then the blocks are settled and measured for it.
        """
        options = self.options
        top, order = build_blocks(self.view, options, self._box)
        shapes = candidates(options)
        sizes = estimate_all(order, top, shapes, options, self._header_height())
        chosen, shape = choose_shape(shapes, sizes, options)
        order, self.address = settle(order, chosen.stack_min)
        measure(order, shape.direction, shape.depth, options.max_columns)
        return order, shape

    def _header_height(self) -> float:
        boxes = self.boxes.values()
        entries = len({box.content.function for box in boxes}) + sum(
            (
                any(box.content.vacant for box in boxes),
                any(box.content.problem for box in boxes),
                bool(self.view.dotted_edges()),
            )
        )
        return header_height(self.options, entries, len(self.tree.org.segments or {}))

    def _fill(self, box: Box) -> str:
        content = box.content
        if content.all_open and self.theme.open_fill:
            return self.theme.open_fill
        return self.theme.fill(content.function)

    # -- output

    def build(self) -> graphviz.Digraph:
        theme, options = self.theme, self.options
        order, shape = self._layout()
        resolution = {"dpi": f"{options.dpi:g}"} if options.dpi else {}
        graph = graphviz.Digraph(
            name="csorg",
            graph_attr={
                **resolution,
                "rankdir": shape.direction,
                "newrank": "true",
                "bgcolor": theme.background,
                "fontname": theme.font,
                "fontcolor": theme.text,
                "nodesep": f"{NODESEP}",
                "ranksep": f"{RANKSEP}",
                "pad": "0.3",
                "labelloc": "t",
                "labeljust": "l",
                "fontsize": "16",
            },
            node_attr={
                "shape": "box",
                "style": "rounded,filled",
                "fontname": theme.font,
                "fontsize": "11",
                "fontcolor": theme.text,
                "color": theme.border,
                "penwidth": "1.2",
                "width": f"{BOX_MIN_WIDTH}",
                "height": "0.5",
                "margin": "0.15,0.08",
            },
            edge_attr={"color": theme.edge, "arrowhead": "none", "penwidth": "1.2"},
        )
        groups = self._groups()
        if not groups and self.tree.org.groups:
            self._named_group_frames(graph, order)
            self._edges(graph, order)
            return self._with_header(graph)
        statements: dict[str | None, list[tuple[str, dict[str, str]]]] = {}
        for block in reversed(order):
            if block.node is None:
                continue
            group = groups.get(block.node)
            statements.setdefault(group, []).append(
                (
                    block.node,
                    self._panel_attrs(block)
                    if block.is_panel
                    else self._node_attrs(block.box or self.boxes[block.node]),
                )
            )
        for node, attrs in statements.pop(None, []):
            graph.node(node, **attrs)
        for index, (group, nodes) in enumerate(
            sorted(statements.items(), key=lambda kv: str(self._group_order.get(kv[0], kv[0])))
        ):
            with graph.subgraph(name=f"cluster_{index}") as cluster:
                cluster.attr(
                    label=self._group_label(group),
                    style="rounded,filled",
                    fillcolor=theme.cluster_fill,
                    color=theme.cluster_border,
                    fontname=theme.font,
                    fontcolor=theme.text,
                    fontsize="12",
                    labeljust="l",
                )
                for node, attrs in nodes:
                    cluster.node(node, **attrs)
        self._edges(graph, order)
        return self._with_header(graph)

    def _with_header(self, graph: graphviz.Digraph) -> graphviz.Digraph:
        options, theme = self.options, self.theme
        # Title, legend and coverage table are the graph's label, above the chart.
        header = legend.header(
            self.view,
            options,
            theme,
            self.metrics,
            functions={box.content.function for box in self.boxes.values()},
            any_vacant=any(box.content.vacant for box in self.boxes.values()),
            any_problem=any(box.content.problem for box in self.boxes.values()),
        )
        if header:
            graph.attr(label=header)
        return graph

    def _node_attrs(self, box: Box) -> dict[str, str]:
        theme = self.theme
        style = "rounded,filled" + (",dashed" if box.content.vacant else "")
        attrs = {"label": f"<{box_html(box, theme)}>", "fillcolor": self._fill(box), "style": style}
        if box.content.problem:
            attrs.update(color=theme.problem, penwidth="3")
        return attrs

    def _panel_attrs(self, block: Block) -> dict[str, str]:
        theme = self.theme
        columns = block.columns
        count = len(block.boxes)
        rows = math.ceil(count / columns)
        # Rows down the page, whichever the direction (a stack reads top to bottom).
        grid: list[list[Box | None]] = [[None] * columns for _ in range(rows)]
        for index, box in enumerate(block.boxes):
            grid[index // columns][index % columns] = box
        out = [
            f'<TABLE BORDER="1" COLOR="{html_attr(theme.panel_border)}" '
            f'BGCOLOR="{html_attr(theme.panel_fill)}" STYLE="rounded" CELLBORDER="0" '
            f'CELLSPACING="5" CELLPADDING="5">'
        ]
        for line in grid:
            out.append("<TR>")
            for cell in line:
                if cell is None:
                    out.append("<TD></TD>")
                    continue
                border, color = (
                    ("3", theme.problem) if cell.content.problem else ("1", theme.border)
                )
                style = "dashed" if cell.content.vacant else "rounded"
                out.append(
                    f'<TD BORDER="{border}" COLOR="{html_attr(color)}" STYLE="{style}" '
                    f'BGCOLOR="{html_attr(self._fill(cell))}" PORT="{html_attr(cell.role_id)}">'
                    f"{box_html(cell, theme)}</TD>"
                )
            out.append("</TR>")
        out.append("</TABLE>")
        return {"label": "<" + "".join(out) + ">", "shape": "plain", "style": ""}

    def _edges(self, graph: graphviz.Digraph, order: list[Block]) -> None:
        theme = self.theme
        for block in reversed(order):
            if block.is_panel:
                continue
            if block.node is None:
                continue
            for item in block.items:
                # Every line has the same weight, so Graphviz puts each manager over the median
                # of its own team. Only the top's lines are weighted by the width of the team
                # below, so the top sits over its big teams, near the middle of the chart, not
                # over a row of small ones; but never more than the report's own team weighs,
                # or the report is pulled off its team towards the top.
                weight = (
                    min(round(item.across / BOX_MIN_WIDTH), len(item.items) - 1)
                    if block.rank == 1 and len(block.items) > 1
                    else 1
                )
                weight = max(weight, 1)
                if item.is_panel:
                    weight = 8  # a stack hangs straight from its manager
                extra = {"weight": str(weight)} if weight > 1 else {}
                graph.edge(block.node, item.node or "", **extra)
        for manager, report in self.view.back_edges:
            graph.edge(
                self.address[manager],
                self.address[report],
                constraint="false",
                color=theme.problem,
                penwidth="2",
                arrowhead="normal",
            )
        for manager, report in self.view.dotted_edges():
            graph.edge(
                self.address[manager],
                self.address[report],
                style="dashed",
                color=theme.dotted,
                constraint="false",
                arrowhead="none",
            )

    # -- clusters, legend, coverage

    def _named_group_frames(self, graph: graphviz.Digraph, order: list[Block]) -> None:
        """Frames for the org's named groups (``groups:``), nested as ``within`` nests them.

        A group has no manager of its own: its frame holds the teams whose roles name it (and
        everyone below them). Frames are built innermost first and then placed in their outer
        frame, without recursion (group nesting comes from user data).
        """
        tree, theme = self.tree, self.theme
        group_of = tree.group_of
        frames: dict[str, graphviz.Digraph] = {}
        chains: dict[str, list[str]] = {}
        for index, group_id in enumerate(tree.org.groups):
            chains[group_id] = tree.group_chain(group_id)
            group = tree.org.groups[group_id]
            frame = graphviz.Digraph(name=f"cluster_group_{index}")
            frame.attr(
                label=f"<<B>{html_text(group.name or group_id)}</B>>",
                style="rounded,dashed",
                color=theme.cluster_border,
                fontname=theme.font,
                fontcolor=theme.text,
                fontsize="12",
                labeljust="l",
            )
            frames[group_id] = frame
        # A node (a box, or a panel of stacked boxes) sits in a group when all it holds does.
        members: dict[str, set[str | None]] = {}
        for role_id, address in self.address.items():
            members.setdefault(address.split(":", 1)[0], set()).add(group_of.get(role_id))
        for block in reversed(order):
            if block.node is None:
                continue
            attrs = (
                self._panel_attrs(block)
                if block.is_panel
                else self._node_attrs(block.box or self.boxes[block.node])
            )
            held = members.get(block.node, set())
            member = next(iter(held)) if len(held) == 1 else None
            target = frames.get(member) if member is not None else None
            (target or graph).node(block.node, **attrs)
        # Innermost first: a frame is complete before it goes into the frame around it.
        for group_id in sorted(frames, key=lambda g: -len(chains[g])):
            chain = chains[group_id]
            outer = chain[1] if len(chain) > 1 else None
            # Groups within each other in a loop (an unknown-reference error) sit side by side.
            nested = outer is not None and group_id not in chains[outer]
            container = frames[outer] if outer is not None and nested else graph
            container.subgraph(frames[group_id])

    @property
    def _group_order(self) -> dict[str | None, int]:
        keys = list(self.tree.org.segments or {}) if self.options.group_by == "segment" else []
        return {key: index for index, key in enumerate(keys)}

    def _groups(self) -> dict[str, str]:
        """Node -> group key (segment id or region) for ``--group-by``; ungrouped nodes absent."""
        kind = self.options.group_by
        if kind == "none":
            return {}
        # Inherited down the chain (and from a team that is all in one), so a lead without a
        # segment of its own sits in its team's frame.
        placed = grouping(self.view)
        roles = self.tree.roles

        def key(role_id: str) -> str | None:
            role = roles[role_id]
            segment, region = placed[role_id]
            if kind == "region":
                return region
            # A pool serving several segments has a frame of its own ("ent+mm").
            return role.segment_key or segment

        out: dict[str, str] = {}
        for role_id, address in self.address.items():
            node = address.split(":", 1)[0]
            value = key(role_id)
            if node == role_id and value is not None:
                out[node] = value
        panels: dict[str, set[str | None]] = {}
        for role_id, address in self.address.items():
            node = address.split(":", 1)[0]
            if node != role_id:
                panels.setdefault(node, set()).add(key(role_id))
        for node, values in panels.items():
            if len(values) == 1:
                (value,) = values
                if value is not None:
                    out[node] = value
        return out

    def _group_label(self, group: str | None) -> str:
        coverage = None
        if "coverage" in self.options.annotate and self.metrics is not None:
            coverage = self.metrics.coverage.get(group or "")
        return legend.group_label(
            group or "", self.options.group_by, self.segment_names, self.theme, coverage
        )
