"""The org chart as a pure function: org (+ tree, metrics, theme, options) -> ``graphviz.Digraph``.

Nothing here runs Graphviz or touches a file: ``str(build_chart(...))`` is the DOT source, which is
what tests compare. :mod:`csorg_cli.render.writing` runs ``dot``.

How big orgs stay legible (the layout is Graphviz's; this module shapes what it is given):

* a role with ``headcount: N`` is one box ("8 seats · 1 open");
* when a manager has many direct reports that manage nobody (an HRIS export with one role per
  person), they are stacked in one *panel*: a single HTML-like table node with a grid of boxes,
  a few columns wide, instead of a row of boxes as wide as the team;
* when the sub-teams under a manager would make a row wider than the chosen width, they wrap onto
  further rows: invisible edges from the bottom of the row above push the next row below it.
  The width is chosen by estimating the size of the chart for a range of widths (linear each
  time) and keeping the widest whose chart stays within ``max_aspect`` (about 2:1, so under 3:1
  once drawn).

Every user-written text goes through :mod:`csorg_cli.render.labels` (HTML-escaped), and every
label is HTML-like, so no title can break out of DOT, HTML or SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import graphviz

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Diagnostic
from csorg_cli.model.org import OrgFile, Role
from csorg_cli.render.labels import clean, html_attr, html_text, plural, wrap
from csorg_cli.render.themes import FUNCTIONS, Theme, get_theme
from csorg_cli.render.view import View, select

if TYPE_CHECKING:
    from csorg_cli.analysis.metrics import OrgMetrics

DIRECTIONS = ("TB", "LR")
GROUPINGS = ("none", "segment", "region")
ANNOTATIONS = ("spans", "coverage")

# Sizes in inches for the layout estimate; they mirror the attributes set on the graph below.
_TITLE_CHAR = 0.092  # 11 pt bold DejaVu Sans, average advance
_SMALL_CHAR = 0.070  # 9 pt
_TITLE_LINE = 0.19
_SMALL_LINE = 0.155
_BOX_MIN_WIDTH = 1.9
_BOX_PAD = (0.3, 0.2)  # horizontal, vertical
_NODESEP = 0.3
_RANKSEP = 0.45
_CELL_SPACING = 5 / 72
# Graphviz keeps subtrees further apart than nodesep, and text runs wider than the average advance;
# measured on generated orgs of 50 to 1000 roles, these make the estimate land within about 10%.
_ROW_GAP = 0.6
_TITLE_ALONG = 0.7
_CELL_PAD = (0.22, 0.14)
_TITLE_WRAP = 24
_CELL_WRAP = 22


@dataclass(frozen=True)
class ChartOptions:
    """What to draw and how; every field has the default `csorg render` uses."""

    direction: str = "TB"  # TB (top to bottom) or LR (left to right)
    group_by: str = "none"  # none, segment or region: clusters around the boxes
    depth: int | None = None  # fold the tree below this level (the top is level 1)
    root: str | None = None  # draw only this role's subtree
    annotate: frozenset[str] = frozenset()  # "spans", "coverage"
    highlight_problems: bool = False
    legend: bool = True
    title: bool = True
    stack_min: int = 4  # stack a manager's reports that manage nobody from this many
    panel_rows: int = 8  # a stack is at most this many boxes deep before it adds a column
    max_columns: int = 8  # and at most this many wide (a laptop screen of boxes)
    screen_width: float = 16.0  # inches (1536 px at 96 dpi): narrower charts never wrap
    max_aspect: float = 2.6  # the chart stays within this ratio of width to height, either way

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
        if self.group_by not in GROUPINGS:
            raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
        unknown = set(self.annotate) - set(ANNOTATIONS)
        if unknown:
            raise ValueError(
                f"unknown annotation {sorted(unknown)[0]!r}; choose from {', '.join(ANNOTATIONS)}"
            )
        if self.depth is not None and self.depth < 1:
            raise ValueError("depth must be 1 or more")
        if self.stack_min < 2 or self.panel_rows < 1 or self.max_columns < 1:
            raise ValueError("stack_min must be at least 2, panel_rows and max_columns at least 1")


# --- box contents ---------------------------------------------------------------------------


@dataclass
class _Box:
    """The text of one role's box, as lines, with what the estimate needs to size it."""

    role_id: str
    title: list[str]
    small: list[tuple[str, str]]  # (plain text, colour key: "muted" | "problem")
    fill: str
    vacant: bool
    problem: bool

    def size(
        self, title_char: float = _TITLE_CHAR, small_char: float = _SMALL_CHAR
    ) -> tuple[float, float]:
        chars_title = max((len(line) for line in self.title), default=0)
        chars_small = max((len(text) for text, _ in self.small), default=0)
        width = max(chars_title * title_char, chars_small * small_char)
        height = len(self.title) * _TITLE_LINE + len(self.small) * _SMALL_LINE
        return width, height

    def html(self, theme: Theme) -> str:
        parts = [f"<B>{html_text(line)}</B>" for line in self.title]
        for text, colour in self.small:
            color = theme.problem_text if colour == "problem" else theme.muted
            parts.append(
                f'<FONT POINT-SIZE="9" COLOR="{html_attr(color)}">{html_text(text)}</FONT>'
            )
        return "<BR/>".join(parts)


def _seats_line(role: Role) -> str | None:
    if role.headcount > 1:
        line = f"{role.headcount} seats"
        return line + (f" · {role.open} open" if role.open else "")
    if role.open:
        return "OPEN (vacant)"
    return (
        clean(role.person, 40)
        if role.person
        else (clean(role.people[0], 40) if role.people else None)
    )


def _make_box(
    view: View,
    role_id: str,
    theme: Theme,
    options: ChartOptions,
    segment_names: dict[str, str],
    wrap_at: int,
) -> _Box:
    tree = view.tree
    role = tree.roles[role_id]
    function = tree.function(role_id)
    small: list[tuple[str, str]] = []
    seats = _seats_line(role)
    if seats:
        small.append((seats, "muted"))
    where = [segment_names.get(role.segment, role.segment) if role.segment else None, role.region]
    where_text = " · ".join(clean(w, 30) for w in where if w)
    if where_text:
        small.append((where_text, "muted"))
    if theme.function_line:
        small.append((function or "unclassified", "muted"))
    if "spans" in options.annotate and tree.is_manager(role_id):
        small.append((f"span of control: {tree.span(role_id)}", "muted"))
    folded = view.folded.get(role_id)
    if folded is not None:
        text = f"+ {plural(folded.seats, 'seat')} in {plural(folded.roles, 'role')}"
        small.append((text + (f", {folded.open} open" if folded.open else ""), "muted"))
    unknown = view.unknown_manager.get(role_id)
    if unknown is not None:
        small.append((f"⚠ reports to unknown {clean(unknown, 30)!r}", "problem"))
    problems = view.problems.get(role_id, []) if options.highlight_problems else []
    if problems:
        rules = list(dict.fromkeys(d.rule for d in problems))
        text = "⚠ " + ", ".join(rules[:2]) + (f" +{len(rules) - 2}" if len(rules) > 2 else "")
        small.append((text, "problem"))
    return _Box(
        role_id=role_id,
        title=wrap(role.title, wrap_at),
        small=small,
        fill=theme.fill(function)
        if not (role.open and role.open == role.headcount and theme.open_fill)
        else theme.open_fill,
        vacant=role.open > 0,
        problem=bool(problems) or unknown is not None,
    )


# --- layout blocks --------------------------------------------------------------------------


@dataclass(eq=False)
class _Block:
    """A role with what hangs below it, or a panel of stacked reports, or the virtual top."""

    node: str | None  # the node at the top of the block (None: the virtual top)
    own: tuple[float, float] = (0.0, 0.0)  # across, along of that node
    items: list[_Block] = field(default_factory=list)
    boxes: list[_Box] = field(default_factory=list)  # a panel's boxes
    cell: tuple[float, float] = (0.0, 0.0)  # a panel's cell, across and along
    # Computed for one candidate width:
    across: float = 0.0
    along: float = 0.0
    ranks: int = 0
    bottom: str | None = None
    rows: list[list[_Block]] = field(default_factory=list)
    columns: int = 1

    @property
    def is_panel(self) -> bool:
        return bool(self.boxes)


def _wrap_rows(items: list[_Block], limit: float, max_columns: int) -> list[list[_Block]]:
    """Items in rows no wider than ``limit`` (at least one item a row), balanced by count."""
    rows: list[list[_Block]] = []
    current: list[_Block] = []
    width = 0.0
    for item in items:
        extra = item.across + (_ROW_GAP if current else 0.0)
        if current and (width + extra > limit or len(current) >= max_columns):
            rows.append(current)
            current, width, extra = [], 0.0, item.across
        current.append(item)
        width += extra
    if current:
        rows.append(current)
    if len(rows) > 1:
        # Same number of rows, fewer items in the first ones, so the last row is not a stub.
        per_row = math.ceil(len(items) / len(rows))
        balanced = [items[i : i + per_row] for i in range(0, len(items), per_row)]
        if len(balanced) == len(rows) and all(
            sum(b.across for b in row) + _ROW_GAP * (len(row) - 1) <= max(limit, row[0].across)
            for row in balanced
        ):
            rows = balanced
    return rows


def _middle_deepest(row: list[_Block]) -> _Block:
    """The deepest block of a row, the one nearest the middle when several are as deep.

    The next row hangs from its bottom, so choosing the middle keeps wrapped rows centred under
    each other instead of drifting sideways row after row.
    """
    most = max(item.ranks for item in row)
    middle = (len(row) - 1) / 2
    candidates = [i for i, item in enumerate(row) if item.ranks == most]
    return row[min(candidates, key=lambda i: abs(i - middle))]


def _gap(row: list[_Block]) -> tuple[_Block, _Block]:
    """The two neighbours of the gap nearest the middle of a row (the item itself when alone)."""
    if len(row) == 1:
        return row[0], row[0]
    half = (sum(item.across for item in row) + _ROW_GAP * (len(row) - 1)) / 2
    best, best_distance, x = 1, math.inf, 0.0
    for index in range(1, len(row)):
        x += row[index - 1].across + _ROW_GAP
        distance = abs(x - _ROW_GAP / 2 - half)
        if distance < best_distance:
            best, best_distance = index, distance
    return row[best - 1], row[best]


def _through_gaps(rows: list[list[_Block]]) -> list[tuple[int, _Block]]:
    """(row index, item) in the order a manager's lines are written when its team wraps.

    The manager's node has ``ordering=out``: its lines leave it in the order written. Writing
    the first row's items left of the gap, then the wrapped rows, then the rest of the first
    row makes the lines to the wrapped rows pass through the gap (recursively for each row).
    """
    if not rows:
        return []
    first = rows[0]
    if len(rows) == 1 or len(first) == 1:
        return [(0, item) for item in first] + [
            (index + 1, item) for index, item in _through_gaps(rows[1:])
        ]
    split = first.index(_gap(first)[1])
    return (
        [(0, item) for item in first[:split]]
        + [(index + 1, item) for index, item in _through_gaps(rows[1:])]
        + [(0, item) for item in first[split:]]
    )


def _measure(order: list[_Block], limit: float, options: ChartOptions) -> None:
    """Sizes of every block (children before parents) when rows wrap at ``limit`` inches."""
    for block in order:
        if block.is_panel:
            count = len(block.boxes)
            fit = max(1, int((limit + _CELL_SPACING) // (block.cell[0] + _CELL_SPACING)))
            if options.direction == "LR":
                # A stack goes down the page either way: left to right, down is across, so
                # the rows of the grid are what must fit within the limit.
                deep = max(1, min(options.panel_rows, fit))
                columns = max(1, math.ceil(count / deep))
                rows = math.ceil(count / columns)
                block.columns = columns
                block.across = rows * (block.cell[0] + _CELL_SPACING) + _CELL_SPACING + 0.1
                block.along = columns * (block.cell[1] + _CELL_SPACING) + _CELL_SPACING
            else:
                columns = max(
                    1, min(options.max_columns, fit, math.ceil(count / options.panel_rows))
                )
                rows = math.ceil(count / columns)
                block.columns = columns
                block.across = columns * (block.cell[0] + _CELL_SPACING) + _CELL_SPACING + 0.1
                block.along = rows * (block.cell[1] + _CELL_SPACING) + _CELL_SPACING
            block.ranks, block.bottom = 1, block.node
            continue
        block.rows = _wrap_rows(block.items, limit, options.max_columns) if block.items else []
        across = block.own[0]
        along = block.own[1]
        ranks = 1 if block.node is not None else 0
        bottom = block.node
        for row in block.rows:
            row_across = sum(item.across for item in row) + _ROW_GAP * (len(row) - 1)
            across = max(across, row_across)
            along += _RANKSEP + max(item.along for item in row)
            deepest = _middle_deepest(row)
            ranks += deepest.ranks
            bottom = deepest.bottom
        block.across, block.along, block.ranks, block.bottom = across, along, ranks, bottom


def _choose_limit(order: list[_Block], top: _Block, options: ChartOptions) -> float:
    """The widest row width (fewest wrapped rows) that keeps the chart within ``max_aspect``.

    The estimate is linear per candidate width and the candidates are a fixed number, so
    choosing stays linear in the number of roles. When no width keeps the chart within bounds,
    the one that comes closest wins.
    """
    widest = max((b.own[0] for b in order), default=_BOX_MIN_WIDTH)
    widest = max(widest, max((b.cell[0] for b in order if b.is_panel), default=0.0))
    total = sum(b.own[0] + _NODESEP for b in order) + sum(
        len(b.boxes) * (b.cell[0] + _CELL_SPACING) for b in order if b.is_panel
    )
    if total <= widest:
        return max(widest, 1.0)
    _measure(order, total, options)
    if top.across <= options.screen_width:
        return total  # fits a screen as one row per level: wrapping would only add clutter
    bound = math.log(options.max_aspect)
    best, best_score = total, math.inf
    steps = 24
    for step in range(steps, -1, -1):  # widest first: wrap only as much as needed
        limit = widest * (total / widest) ** (step / steps)
        _measure(order, limit, options)
        width, height = top.across, top.along
        if options.direction == "LR":
            width += _TITLE_ALONG
        else:
            height += _TITLE_ALONG
        if options.direction == "LR":
            width, height = height, width
        shape = abs(math.log(max(width, 0.01) / max(height, 0.01)))
        score = max(shape - bound, 0.0)
        if score == 0.0:
            return limit
        if score < best_score - 1e-9:
            best, best_score = limit, score
    return best


# --- the chart ------------------------------------------------------------------------------


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
        segments = self.tree.org.segments or {}
        self.segment_names = {sid: clean(s.name or sid, 40) for sid, s in segments.items()}
        self.lr = options.direction == "LR"
        # Where each drawn role is: its own node, or a port of a panel node.
        self.address: dict[str, str] = {}
        self.functions: set[str] = set()
        self.any_vacant = False
        self.boxes: dict[str, _Box] = {}

    # -- structure

    def _box(self, role_id: str, wrap_at: int) -> _Box:
        box = _make_box(self.view, role_id, self.theme, self.options, self.segment_names, wrap_at)
        self.boxes[role_id] = box
        self.functions.add(self.tree.function(role_id) or "unclassified")
        self.any_vacant = self.any_vacant or box.vacant
        return box

    def _oriented(self, width: float, height: float) -> tuple[float, float]:
        return (height, width) if self.lr else (width, height)

    def _blocks(self) -> tuple[_Block, list[_Block]]:
        """The block tree (iteratively) and its blocks in children-first order."""
        view = self.view
        top = _Block(node=None)
        order: list[_Block] = []
        # (role id, parent block) in preorder; a block's items are appended as visited.
        stack: list[tuple[str, _Block]] = [(r, top) for r in reversed(view.roots)]
        preorder: list[_Block] = [top]
        panels: dict[_Block, _Block] = {}
        while stack:
            role_id, parent = stack.pop()
            box = self._box(role_id, _TITLE_WRAP)
            width, height = box.size()
            own = self._oriented(
                max(width + _BOX_PAD[0], _BOX_MIN_WIDTH), max(height + _BOX_PAD[1], 0.5)
            )
            block = _Block(node=role_id, own=own)
            self.address[role_id] = role_id
            parent.items.append(block)
            preorder.append(block)
            kids = view.children.get(role_id, [])
            leaves = [k for k in kids if not view.children.get(k)]
            stacked = set(leaves) if len(leaves) >= self.options.stack_min else set()
            if stacked:
                panels[block] = self._panel(role_id, leaves)
                preorder.append(panels[block])
            for child in reversed([k for k in kids if k not in stacked]):
                stack.append((child, block))
        # Items were appended in visiting order (file order); a panel goes after the sub-teams.
        for block, panel in panels.items():
            block.items.append(panel)
        order = list(reversed(preorder))
        return top, order

    def _panel(self, manager: str, leaves: list[str]) -> _Block:
        name = f"_panel_{manager}"
        boxes = [self._box(leaf, _CELL_WRAP) for leaf in leaves]
        width = max(max(b.size()[0] for b in boxes) * 1.1 + _CELL_PAD[0], 1.6)
        height = max(b.size()[1] for b in boxes) + _CELL_PAD[1]
        for leaf in leaves:
            self.address[leaf] = f"{name}:{leaf}"
        return _Block(node=name, boxes=boxes, cell=self._oriented(width, height))

    # -- output

    def build(self) -> graphviz.Digraph:
        theme, options = self.theme, self.options
        top, order = self._blocks()
        limit = _choose_limit(order, top, options)
        _measure(order, limit, options)
        graph = graphviz.Digraph(
            name="csorg",
            graph_attr={
                "rankdir": options.direction,
                "newrank": "true",
                "bgcolor": theme.background,
                "fontname": theme.font,
                "fontcolor": theme.text,
                "nodesep": f"{_NODESEP}",
                "ranksep": f"{_RANKSEP}",
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
                "width": f"{_BOX_MIN_WIDTH}",
                "height": "0.5",
                "margin": "0.15,0.08",
            },
            edge_attr={"color": theme.edge, "arrowhead": "none", "penwidth": "1.2"},
        )
        groups = self._groups()
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
                    else self._node_attrs(self.boxes[block.node], wraps=len(block.rows) > 1),
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
        # Title, legend and coverage table are the graph's label, above the chart: as nodes
        # they took a place in the layout and pushed the boxes (and their lines) aside.
        header = self._header()
        if header:
            graph.attr(label=header)
        return graph

    def _header(self) -> str | None:
        """The graph label: the title, then the legend and the coverage table, at the top left."""
        options = self.options
        rows = []
        if options.title:
            rows.append(f'<TR><TD ALIGN="LEFT">{self._title()}</TD></TR>')
        legend = self._legend() if options.legend else None
        if legend:
            rows.append(f'<TR><TD ALIGN="LEFT">{legend}</TD></TR>')
        if "coverage" in options.annotate and self.metrics is not None:
            table = self._coverage_table()
            if table:
                rows.append(f'<TR><TD ALIGN="LEFT">{table}</TD></TR>')
        if not rows:
            return None
        return (
            f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4">'
            f"{''.join(rows)}</TABLE>>"
        )

    def _title(self) -> str:
        org = self.tree.org
        name = org.organization.name if org.organization is not None else "Org chart"
        drawn = [self.tree.roles[r] for r in self.view.order]
        seats = sum(r.headcount for r in drawn) + sum(f.seats for f in self.view.folded.values())
        vacant = sum(r.open for r in drawn) + sum(f.open for f in self.view.folded.values())
        facts = [plural(seats, "seat") + (f" ({vacant} open)" if vacant else "")]
        if org.organization is not None and org.organization.as_of:
            facts.insert(0, f"as of {org.organization.as_of.isoformat()}")
        if self.options.root:
            facts.insert(0, f"subtree of {self.tree.roles[self.options.root].title}")
        return (
            f'<FONT POINT-SIZE="16"><B>{html_text(name)}</B></FONT><BR ALIGN="LEFT"/>'
            f'<FONT POINT-SIZE="11" COLOR="{html_attr(self.theme.muted)}">'
            f'{html_text(" · ".join(facts))}</FONT><BR ALIGN="LEFT"/>'
        )

    def _node_attrs(self, box: _Box, wraps: bool = False) -> dict[str, str]:
        theme = self.theme
        style = "rounded,filled" + (",dashed" if box.vacant else "")
        attrs = {"label": f"<{box.html(theme)}>", "fillcolor": box.fill, "style": style}
        if wraps:
            attrs["ordering"] = "out"  # see _through_gaps
        if box.problem:
            attrs.update(color=theme.problem, penwidth="3")
        return attrs

    def _panel_attrs(self, block: _Block) -> dict[str, str]:
        theme = self.theme
        columns = block.columns
        count = len(block.boxes)
        rows = math.ceil(count / columns)
        # Rows down the page, whichever the direction (a stack reads top to bottom).
        grid: list[list[_Box | None]] = [[None] * columns for _ in range(rows)]
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
                border, color = ("3", theme.problem) if cell.problem else ("1", theme.border)
                style = "dashed" if cell.vacant else "rounded"
                out.append(
                    f'<TD BORDER="{border}" COLOR="{html_attr(color)}" STYLE="{style}" '
                    f'BGCOLOR="{html_attr(cell.fill)}" PORT="{html_attr(cell.role_id)}">'
                    f"{cell.html(theme)}</TD>"
                )
            out.append("</TR>")
        out.append("</TABLE>")
        return {"label": "<" + "".join(out) + ">", "shape": "plain", "style": ""}

    def _edges(self, graph: graphviz.Digraph, order: list[_Block]) -> None:
        theme = self.theme
        for block in reversed(order):
            if block.is_panel:
                continue
            if block.node is not None:
                for index, item in _through_gaps(block.rows):
                    # A line to a wrapped row is weighted to stay short and straight: Graphviz
                    # routes it beside clusters rather than looping round them.
                    # Weighted by the width of the report's team: Graphviz puts a manager
                    # over the weighted median of its reports, so a manager sits over its
                    # big teams, not over the middle of a row of small ones beside one big
                    # one (which drifted the top of the chart to a corner).
                    weight = (
                        max(1, round(item.across / _BOX_MIN_WIDTH)) if len(block.items) > 1 else 1
                    )
                    weight = max(weight, 3) if index else weight
                    extra = {"weight": str(weight)} if weight > 1 else {}
                    graph.edge(block.node, item.node or "", **extra)
            # A wrapped row hangs below the gap nearest the middle of the row above, so the
            # lines from the manager run straight down through that gap instead of around a
            # team. It is pulled there by the bottoms of the two teams beside the gap and kept
            # below the deepest team of the row by a weightless edge (rank only, no pull).
            for above, row in zip(block.rows, block.rows[1:], strict=False):
                left, right = _gap(above)
                deepest = _middle_deepest(above)
                for item in row:
                    if item.node is None:
                        continue
                    for bottom in dict.fromkeys((left.bottom, right.bottom)):
                        if bottom is not None:
                            graph.edge(bottom, item.node, style="invis")
                    if deepest not in (left, right) and deepest.bottom is not None:
                        graph.edge(deepest.bottom, item.node, style="invis", weight="0")
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

    @property
    def _group_order(self) -> dict[str | None, int]:
        keys = list(self.tree.org.segments or {}) if self.options.group_by == "segment" else []
        return {key: index for index, key in enumerate(keys)}

    def _groups(self) -> dict[str, str]:
        """Node -> group key (segment id or region) for ``--group-by``; ungrouped nodes absent."""
        kind = self.options.group_by
        if kind == "none":
            return {}
        roles = self.tree.roles

        def key(role_id: str) -> str | None:
            role = roles[role_id]
            return role.segment if kind == "segment" else role.region

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
        if self.options.group_by == "region":
            return f"<<B>Region: {html_text(group or '')}</B>>"
        name = self.segment_names.get(group or "", group or "")
        label = f"<B>{html_text(name)}</B>"
        if "coverage" in self.options.annotate and self.metrics is not None:
            coverage = self.metrics.coverage.get(group or "")
            if coverage is not None:
                label += (
                    f'<BR/><FONT POINT-SIZE="10" COLOR="{html_attr(self.theme.muted)}">'
                    f"{html_text(_coverage_line(coverage))}</FONT>"
                )
        return f"<{label}>"

    def _legend(self) -> str | None:
        theme = self.theme
        rows = []
        if theme.legend_colours:
            for function in FUNCTIONS:
                if function in self.functions:
                    rows.append(
                        f'<TR><TD BORDER="1" COLOR="{html_attr(theme.border)}" '
                        f'BGCOLOR="{html_attr(theme.fill(function))}" WIDTH="18">'
                        f'</TD><TD ALIGN="LEFT">{html_text(function)}</TD></TR>'
                    )
        if self.any_vacant:
            rows.append(
                f'<TR><TD BORDER="1" STYLE="dashed" COLOR="{html_attr(theme.border)}" '
                f'WIDTH="18"></TD><TD ALIGN="LEFT">dashed border: open seats</TD></TR>'
            )
        if self.view.dotted_edges():
            rows.append('<TR><TD>- - -</TD><TD ALIGN="LEFT">dotted-line manager</TD></TR>')
        if any(box.problem for box in self.boxes.values()):
            rows.append(
                f'<TR><TD BORDER="3" COLOR="{html_attr(theme.problem)}" WIDTH="18">'
                f'</TD><TD ALIGN="LEFT">⚠ has a problem (csorg validate)</TD></TR>'
            )
        if not rows:
            return None
        # Four entries a row, so the legend is a short strip under the title, not a tall column.
        entries = [row[len("<TR>") : -len("</TR>")] for row in rows]
        lines = ["<TR>" + "".join(entries[i : i + 4]) + "</TR>" for i in range(0, len(entries), 4)]
        return (
            f'<TABLE BORDER="1" COLOR="{html_attr(theme.panel_border)}" CELLBORDER="0" '
            f'CELLSPACING="3" CELLPADDING="3" BGCOLOR="{html_attr(theme.background)}">'
            f'<TR><TD COLSPAN="8" ALIGN="LEFT"><B>Legend</B></TD></TR>{"".join(lines)}'
            f"</TABLE>"
        ).replace("<TABLE", '<FONT POINT-SIZE="10"><TABLE', 1) + "</FONT>"

    def _coverage_table(self) -> str | None:
        assert self.metrics is not None
        coverage = self.metrics.coverage
        if not coverage:
            return None
        theme = self.theme
        header = "".join(
            f'<TD ALIGN="LEFT"><B>{h}</B></TD>'
            for h in ("Segment", "Motion", "Accounts", "Seats", "Accounts/seat", "Target", "Status")
        )
        rows = [f"<TR>{header}</TR>"]
        for item in coverage.values():
            per_seat = item.accounts_per_seat
            status = item.status()
            colour = theme.problem_text if status in ("uncovered", "stretched") else theme.text
            cells = [
                item.name,
                item.motion,
                f"{item.accounts:,}",
                f"{item.seats}" + (f" ({item.open_seats} open)" if item.open_seats else ""),
                f"{per_seat:,.1f}" if per_seat is not None else "-",
                f"1:{item.target_ratio:,}",
                status,
            ]
            rows.append(
                "<TR>"
                + "".join(f'<TD ALIGN="LEFT">{html_text(c, 40)}</TD>' for c in cells[:-1])
                + f'<TD ALIGN="LEFT"><FONT COLOR="{html_attr(colour)}">'
                f"{html_text(cells[-1])}</FONT></TD></TR>"
            )
        return (
            f'<FONT POINT-SIZE="10"><TABLE BORDER="1" COLOR="{html_attr(theme.panel_border)}" CELLBORDER="0" '
            f'CELLSPACING="2" CELLPADDING="3" BGCOLOR="{html_attr(theme.background)}">'
            f'<TR><TD COLSPAN="7" ALIGN="LEFT"><B>Coverage by segment</B></TD></TR>'
            f"{''.join(rows)}</TABLE></FONT>"
        )


def _coverage_line(coverage: object) -> str:
    """``"180 accounts · 15 seats · 12.0 per seat (target 1:12) · on-target"``."""
    from csorg_cli.analysis.metrics import SegmentCoverage

    assert isinstance(coverage, SegmentCoverage)
    per_seat = coverage.accounts_per_seat
    ratio = f"{per_seat:,.1f} per seat" if per_seat is not None else "no coverage seats"
    return (
        f"{coverage.accounts:,} accounts · {plural(coverage.seats, 'seat')} · {ratio} "
        f"(target 1:{coverage.target_ratio:,}) · {coverage.status()}"
    )
