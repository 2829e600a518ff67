"""Where the boxes go: the block tree Graphviz is given, and the shape that keeps it readable.

An org chart says rank by height: every role sits on the row of its layer, and peers share one
row, never wrapped onto a second row that reads as a level below. What keeps a big org within a
page is stacking, not wrapping:

* the reports of a manager who manage nobody are stacked in one *panel* (a single HTML-like table
  node, a grid of boxes) right under their manager, when there are ``stack_min`` or more of them,
  or two or more beside sub-teams (so they never widen a row of teams);
* the stacking and the panels' shape are chosen for the whole chart: stacking from two reports
  and deeper stacks make a narrower chart. When even that leaves a top-to-bottom chart wider than
  ``max_aspect`` (an HRIS export with forty team leads on one row), ``direction="auto"`` draws it
  left to right, where a layer is a column and the stacks run along the rows.

The shape is chosen by estimating the chart's size for each candidate (linear in the roles each
time, a fixed number of candidates). Nothing here knows colours or DOT syntax:
:mod:`csorg_cli.render.chart` turns the blocks into a graph.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from csorg_cli.render.boxes import BoxContent
from csorg_cli.render.labels import wrap
from csorg_cli.render.options import ChartOptions
from csorg_cli.render.view import View

# Sizes in inches for the layout estimate; they mirror the attributes set on the graph.
TITLE_CHAR = 0.092  # 11 pt bold DejaVu Sans, average advance
SMALL_CHAR = 0.070  # 9 pt
TITLE_LINE = 0.19
SMALL_LINE = 0.155
BOX_MIN_WIDTH = 1.6
BOX_PAD = (0.3, 0.2)  # horizontal, vertical
NODESEP = 0.3
RANKSEP = 0.45
CELL_SPACING = 5 / 72
# Graphviz keeps subtrees further apart than nodesep, and text runs wider than the average advance;
# measured on generated orgs of 50 to 1000 roles, these make the estimate land within about 10%.
SUBTREE_GAP = 0.6
CELL_PAD = (0.22, 0.14)
TITLE_WRAP = 18
CELL_WRAP = 18
# Panel shapes tried, most compact first: top to bottom, how many boxes deep a stack grows before
# it adds a column; left to right, how many rows of boxes a stack has.
DEPTHS_TB = (8, 12, 16, 24)
DEPTHS_LR = (8, 6, 4, 3, 2, 1)


@dataclass
class Box:
    """A role's box as the chart draws it: its content with the title wrapped to fit."""

    content: BoxContent
    title: list[str]

    @classmethod
    def of(cls, content: BoxContent, wrap_at: int) -> Box:
        return cls(content=content, title=wrap(content.title, wrap_at))

    @property
    def role_id(self) -> str:
        return self.content.role_id

    def size(self) -> tuple[float, float]:
        """Width and height of the text in inches (an estimate from character counts)."""
        lines = self.content.lines
        chars_title = max((len(line) for line in self.title), default=0)
        chars_small = max((len(line.text) for line in lines), default=0)
        width = max(chars_title * TITLE_CHAR, chars_small * SMALL_CHAR)
        height = len(self.title) * TITLE_LINE + len(lines) * SMALL_LINE
        return width, height


@dataclass(eq=False)
class Block:
    """A role with what hangs below it, or a panel of stacked reports, or the virtual top."""

    node: str | None  # the node at the top of the block (None: the virtual top)
    rank: int = 0  # 0 for the virtual top, 1 for the drawn roots
    size: tuple[float, float] = (0.0, 0.0)  # width, height of that node (top to bottom)
    items: list[Block] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)  # a panel's boxes
    cell: tuple[float, float] = (0.0, 0.0)  # a panel's cell, width and height
    # Computed for one candidate shape:
    across: float = 0.0  # extent across the reporting lines
    along: float = 0.0  # this node's extent along them
    columns: int = 1  # a panel's grid columns

    @property
    def is_panel(self) -> bool:
        return bool(self.boxes)


@dataclass(frozen=True)
class Shape:
    """The chart's direction and how deep its stacks grow, with the estimated size (inches)."""

    direction: str
    depth: int
    width: float
    height: float

    @property
    def aspect(self) -> float:
        return max(self.width, 0.01) / max(self.height, 0.01)


def measure(order: list[Block], direction: str, depth: int, max_columns: int) -> None:
    """Sizes of every block (children before parents) for one direction and stack depth."""
    lr = direction == "LR"
    for block in order:
        if block.is_panel:
            count = len(block.boxes)
            cell_w, cell_h = block.cell
            if lr:
                # A layer is a column: the stack's rows go down the page (across the lines),
                # its columns to the right (along them), so few rows make a flat, wide stack.
                rows = max(1, min(depth, count))
                columns = math.ceil(count / rows)
                rows = math.ceil(count / columns)
                block.across = rows * (cell_h + CELL_SPACING) + CELL_SPACING + 0.1
                block.along = columns * (cell_w + CELL_SPACING) + CELL_SPACING
            else:
                columns = max(1, min(max_columns, math.ceil(count / depth)))
                rows = math.ceil(count / columns)
                block.across = columns * (cell_w + CELL_SPACING) + CELL_SPACING + 0.1
                block.along = rows * (cell_h + CELL_SPACING) + CELL_SPACING
            block.columns = columns
            continue
        width, height = block.size
        own_across, block.along = (height, width) if lr else (width, height)
        row = sum(item.across for item in block.items) + SUBTREE_GAP * max(len(block.items) - 1, 0)
        block.across = max(own_across, row)


def estimate(
    order: list[Block], top: Block, direction: str, depth: int, options: ChartOptions, header: float
) -> tuple[float, float]:
    """The chart's estimated width and height (inches) for one direction and stack depth.

    ``header`` is the height of the title and legend above the chart. Across the lines, Graphviz
    packs subtrees tighter than side-by-side strips but never narrower than its widest rank: the
    estimate takes the larger of the two bounds, each corrected by what measuring real charts of
    10 to 560 roles showed.
    """
    measure(order, direction, depth, options.max_columns)
    lr = direction == "LR"
    # Every node of a rank sits on the rank's line: a rank is as deep as its deepest node.
    deep: dict[int, float] = {}
    wide: dict[int, list[float]] = {}
    for block in order:
        if block.node is None:
            continue
        deep[block.rank] = max(deep.get(block.rank, 0.0), block.along)
        own = block.across if block.is_panel else (block.size[1] if lr else block.size[0])
        wide.setdefault(block.rank, []).append(own)
    along = (sum(deep.values()) + RANKSEP * max(len(deep) - 1, 0)) * 0.9
    widest_rank = max((sum(row) + NODESEP * (len(row) - 1) for row in wide.values()), default=0.0)
    across = max(widest_rank * 1.1, top.across * 0.75)
    if options.group_by != "none":
        across *= 1.1  # frames keep a margin round each group
    if lr:
        return along, across + header
    return across, along + header


def header_height(options: ChartOptions, legend_entries: int, segments: int) -> float:
    """Inches the title, legend and coverage table take above the chart (measured)."""
    height = 0.6 if options.title else 0.0
    if options.legend and legend_entries:
        height += 0.4 + 0.3 * math.ceil(legend_entries / 4)
    if "coverage" in options.annotate and segments:
        height += 0.5 + 0.25 * (segments + 1)
    return height


def choose_shape(
    order: list[Block], top: Block, options: ChartOptions, direction: str, header: float = 0.0
) -> tuple[Shape, float]:
    """The most compact stack depth for ``direction``, and how far it is outside ``max_aspect``.

    A score of 0 means the chart fits (within the aspect, or top to bottom within a screen's
    width); otherwise the depth that comes closest wins.
    """
    depths = DEPTHS_TB if direction == "TB" else DEPTHS_LR
    if options.panel_rows not in depths:
        depths = (options.panel_rows, *depths)
    bound = math.log(options.max_aspect)
    best: tuple[Shape, float] | None = None
    for depth in depths:
        width, height = estimate(order, top, direction, depth, options, header)
        shape = Shape(direction, depth, width, height)
        if direction == "TB" and width <= options.screen_width:
            return shape, 0.0  # fits a screen: no reason to stack deeper
        score = max(abs(math.log(shape.aspect)) - bound, 0.0)
        if score == 0.0:
            return shape, 0.0
        if best is None or score < best[1] - 1e-9:
            best = (shape, score)
    assert best is not None
    return best


def build_blocks(
    view: View, options: ChartOptions, make_box: Callable[[str, int], Box], stack_min: int
) -> tuple[Block, list[Block], dict[str, str]]:
    """The block tree (iteratively), its blocks children first, and where each role is drawn.

    ``make_box(role_id, wrap_at)`` gives a role's box. A role is drawn at its own node, or at a
    port of a panel node (``"_panel_vp:csm-1"``): a manager's reports who manage nobody are
    stacked from ``stack_min`` of them, or from two beside sub-teams.
    """
    address: dict[str, str] = {}
    top = Block(node=None)
    # (role id, parent block) in preorder; a block's items are appended as visited.
    stack: list[tuple[str, Block]] = [(r, top) for r in reversed(view.roots)]
    preorder: list[Block] = [top]
    panels: dict[Block, Block] = {}
    while stack:
        role_id, parent = stack.pop()
        width, height = make_box(role_id, TITLE_WRAP).size()
        size = (max(width + BOX_PAD[0], BOX_MIN_WIDTH), max(height + BOX_PAD[1], 0.5))
        block = Block(node=role_id, rank=parent.rank + 1, size=size)
        address[role_id] = role_id
        parent.items.append(block)
        preorder.append(block)
        kids = view.children.get(role_id, [])
        leaves = [k for k in kids if not view.children.get(k)]
        teams = len(kids) - len(leaves)
        stacked = set(leaves) if len(leaves) >= stack_min or (teams and len(leaves) >= 2) else set()
        if stacked:
            name = f"_panel_{role_id}"
            boxes = [make_box(leaf, CELL_WRAP) for leaf in leaves]
            cell_width = max(max(b.size()[0] for b in boxes) * 1.1 + CELL_PAD[0], 1.5)
            cell_height = max(b.size()[1] for b in boxes) + CELL_PAD[1]
            for leaf in leaves:
                address[leaf] = f"{name}:{leaf}"
            panels[block] = Block(
                node=name, rank=block.rank + 1, boxes=boxes, cell=(cell_width, cell_height)
            )
            preorder.append(panels[block])
        for child in reversed([k for k in kids if k not in stacked]):
            stack.append((child, block))
    # Items were appended in visiting order (file order); a panel goes after the sub-teams.
    for block, panel in panels.items():
        block.items.append(panel)
    return top, list(reversed(preorder)), address
