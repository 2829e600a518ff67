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

The shape is chosen by estimating the chart's size for every candidate (each direction allowed,
stacking from ``stack_min`` or from two, each stack depth) in one pass over the blocks, each box
worded and measured once: linear in the roles. Nothing here knows colours or DOT syntax:
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
    size: tuple[float, float]  # width and height of the text in inches (from character counts)

    @classmethod
    def of(cls, content: BoxContent, wrap_at: int) -> Box:
        title = wrap(content.title, wrap_at)
        lines = content.lines
        chars_title = max((len(line) for line in title), default=0)
        chars_small = max((len(line.text) for line in lines), default=0)
        width = max(chars_title * TITLE_CHAR, chars_small * SMALL_CHAR)
        height = len(title) * TITLE_LINE + len(lines) * SMALL_LINE
        return cls(content=content, title=title, size=(width, height))

    @property
    def role_id(self) -> str:
        return self.content.role_id


@dataclass(eq=False)
class Block:
    """A role with what hangs below it, or a panel of stacked reports, or the virtual top."""

    node: str | None  # the node at the top of the block (None: the virtual top)
    rank: int = 0  # 0 for the virtual top, 1 for the drawn roots
    size: tuple[float, float] = (0.0, 0.0)  # width, height of that node (top to bottom)
    box: Box | None = None  # a role's own box
    items: list[Block] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)  # a panel's boxes
    cell: tuple[float, float] = (0.0, 0.0)  # a panel's cell, width and height
    # A panel of fewer than ``stack_min`` reports (of a manager with no sub-team) is stacked only
    # when stacking from two: otherwise these blocks, one per report, stand side by side.
    loose: list[Block] = field(default_factory=list)
    # Computed for the chosen shape:
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


@dataclass(frozen=True)
class Candidate:
    """One way to draw the chart: a direction, stacking from ``stack_min`` reports, a depth."""

    direction: str
    stack_min: int
    depth: int


def candidates(options: ChartOptions) -> list[Candidate]:
    """Every shape the chart may take, in order of preference: each direction allowed (top to
    bottom first), stacking from ``stack_min`` reports then from two, the most compact panel
    depth first (``panel_rows`` before the rest when it is not one of them)."""
    directions = ("TB", "LR") if options.direction == "auto" else (options.direction,)
    out: list[Candidate] = []
    for direction in directions:
        depths = DEPTHS_TB if direction == "TB" else DEPTHS_LR
        if options.panel_rows not in depths:
            depths = (options.panel_rows, *depths)
        for stack_min in dict.fromkeys((options.stack_min, 2)):
            out.extend(Candidate(direction, stack_min, depth) for depth in depths)
    return out


def node_extent(size: tuple[float, float], lr: bool) -> tuple[float, float]:
    """A node's extent across and along the reporting lines."""
    return (size[1], size[0]) if lr else size


def panel_extent(
    count: int, cell: tuple[float, float], lr: bool, depth: int, max_columns: int
) -> tuple[float, float, int]:
    """A panel of ``count`` cells: its extent across and along the lines, and its columns."""
    cell_w, cell_h = cell
    if lr:
        # A layer is a column: the stack's rows go down the page (across the lines), its
        # columns to the right (along them), so few rows make a flat, wide stack.
        rows = max(1, min(depth, count))
        columns = math.ceil(count / rows)
        rows = math.ceil(count / columns)
        across = rows * (cell_h + CELL_SPACING) + CELL_SPACING + 0.1
        return across, columns * (cell_w + CELL_SPACING) + CELL_SPACING, columns
    columns = max(1, min(max_columns, math.ceil(count / depth)))
    rows = math.ceil(count / columns)
    across = columns * (cell_w + CELL_SPACING) + CELL_SPACING + 0.1
    return across, rows * (cell_h + CELL_SPACING) + CELL_SPACING, columns


def measure(order: list[Block], direction: str, depth: int, max_columns: int) -> None:
    """Sizes of every block (children before parents) for the chosen direction and depth."""
    lr = direction == "LR"
    for block in order:
        if block.is_panel:
            block.across, block.along, block.columns = panel_extent(
                len(block.boxes), block.cell, lr, depth, max_columns
            )
            continue
        own_across, block.along = node_extent(block.size, lr)
        row = sum(item.across for item in block.items) + SUBTREE_GAP * max(len(block.items) - 1, 0)
        block.across = max(own_across, row)


def estimate_all(
    order: list[Block],
    top: Block,
    shapes: list[Candidate],
    options: ChartOptions,
    header: float,
) -> list[tuple[float, float]]:
    """The chart's estimated width and height (inches) for each candidate, in one pass.

    ``header`` is the height of the title and legend above the chart. Across the lines, Graphviz
    packs subtrees tighter than side-by-side strips but never narrower than its widest rank: the
    estimate takes the larger of the two bounds, each corrected by what measuring real charts of
    10 to 560 roles showed. Every block's extent is worked out for all candidates at once
    (children before parents), so the choice costs one walk over the blocks, not one per shape.
    """
    count = len(shapes)
    lr = [shape.direction == "LR" for shape in shapes]
    max_columns = options.max_columns
    # Per rank and candidate: its deepest node, the sum of its nodes' widths, and their number.
    deep: dict[int, list[float]] = {}
    wide: dict[int, list[float]] = {}
    nodes: dict[int, list[int]] = {}
    across_of: dict[Block, list[float]] = {}

    def on_rank(rank: int, index: int, across: float, along: float) -> None:
        if rank not in deep:
            deep[rank], wide[rank], nodes[rank] = [0.0] * count, [0.0] * count, [0] * count
        if along > deep[rank][index]:
            deep[rank][index] = along
        wide[rank][index] += across
        nodes[rank][index] += 1

    for block in order:
        across = [0.0] * count
        if block.is_panel:
            cells = len(block.boxes)
            for i, shape in enumerate(shapes):
                if block.loose and shape.stack_min > cells:
                    row = 0.0
                    for leaf in block.loose:
                        own, along = node_extent(leaf.size, lr[i])
                        row += own
                        on_rank(leaf.rank, i, own, along)
                    across[i] = row + SUBTREE_GAP * (len(block.loose) - 1)
                    continue
                across[i], along, _ = panel_extent(
                    cells, block.cell, lr[i], shape.depth, max_columns
                )
                on_rank(block.rank, i, across[i], along)
        else:
            for item in block.items:
                item_across = across_of.pop(item)
                for i in range(count):
                    across[i] += item_across[i]
            gaps = SUBTREE_GAP * max(len(block.items) - 1, 0)
            for i in range(count):
                own, along = node_extent(block.size, lr[i])
                across[i] = max(own, across[i] + gaps)
                if block.node is not None:
                    on_rank(block.rank, i, own, along)
        across_of[block] = across
    top_across = across_of[top]
    out: list[tuple[float, float]] = []
    for i in range(count):
        along = (sum(d[i] for d in deep.values()) + RANKSEP * max(len(deep) - 1, 0)) * 0.9
        widest_rank = max(
            (wide[rank][i] + NODESEP * (nodes[rank][i] - 1) for rank in wide), default=0.0
        )
        across_all = max(widest_rank * 1.1, top_across[i] * 0.75)
        if options.group_by != "none":
            across_all *= 1.1  # frames keep a margin round each group
        out.append((along, across_all + header) if lr[i] else (across_all, along + header))
    return out


def header_height(options: ChartOptions, legend_entries: int, segments: int) -> float:
    """Inches the title, legend and coverage table take above the chart (measured)."""
    height = 0.6 if options.title else 0.0
    if options.legend and legend_entries:
        height += 0.4 + 0.3 * math.ceil(legend_entries / 4)
    if "coverage" in options.annotate and segments:
        height += 0.5 + 0.25 * (segments + 1)
    return height


def choose_shape(
    shapes: list[Candidate], sizes: list[tuple[float, float]], options: ChartOptions
) -> tuple[Candidate, Shape]:
    """The candidate to draw: the first that fits, else the one that comes closest.

    A candidate fits within ``max_aspect`` either way, or top to bottom within a screen's width
    (then stacking deeper would only make it taller). The score of one that does not is how far
    its aspect is outside the bound; of equal scores the earlier candidate wins.
    """
    bound = math.log(options.max_aspect)
    best: tuple[float, Candidate, Shape] | None = None
    for candidate, (width, height) in zip(shapes, sizes, strict=True):
        shape = Shape(candidate.direction, candidate.depth, width, height)
        if candidate.direction == "TB" and width <= options.screen_width:
            return candidate, shape
        score = max(abs(math.log(shape.aspect)) - bound, 0.0)
        if score == 0.0:
            return candidate, shape
        if best is None or score < best[0] - 1e-9:
            best = (score, candidate, shape)
    assert best is not None
    return best[1], best[2]


def build_blocks(
    view: View, options: ChartOptions, make_box: Callable[[str, int], Box]
) -> tuple[Block, list[Block]]:
    """The block tree (iteratively) with its blocks children first, for every candidate.

    ``make_box(role_id, wrap_at)`` gives a role's box. A manager's reports who manage nobody are
    stacked in a panel from ``stack_min`` of them, or from two beside sub-teams; two or more
    without sub-teams make a *loose* panel, stacked only when stacking from two (see
    :func:`settle`).
    """
    top = Block(node=None)
    # (role id, parent block) in preorder; a block's items are appended as visited.
    stack: list[tuple[str, Block]] = [(r, top) for r in reversed(view.roots)]
    preorder: list[Block] = [top]
    panels: dict[Block, Block] = {}

    def node_block(role_id: str, rank: int) -> Block:
        box = make_box(role_id, TITLE_WRAP)
        width, height = box.size
        size = (max(width + BOX_PAD[0], BOX_MIN_WIDTH), max(height + BOX_PAD[1], 0.5))
        return Block(node=role_id, rank=rank, size=size, box=box)

    while stack:
        role_id, parent = stack.pop()
        block = node_block(role_id, parent.rank + 1)
        parent.items.append(block)
        preorder.append(block)
        kids = view.children.get(role_id, [])
        leaves = [k for k in kids if not view.children.get(k)]
        teams = len(kids) - len(leaves)
        stacked = len(leaves) >= options.stack_min or (teams and len(leaves) >= 2)
        loose = not stacked and not teams and len(leaves) >= 2
        if stacked or loose:
            boxes = [make_box(leaf, CELL_WRAP) for leaf in leaves]
            cell_width = max(max(b.size[0] for b in boxes) * 1.1 + CELL_PAD[0], 1.5)
            cell_height = max(b.size[1] for b in boxes) + CELL_PAD[1]
            panels[block] = Block(
                node=f"_panel_{role_id}",
                rank=block.rank + 1,
                boxes=boxes,
                cell=(cell_width, cell_height),
                loose=[node_block(leaf, block.rank + 1) for leaf in leaves] if loose else [],
            )
            preorder.append(panels[block])
            in_panel = set(leaves)
            kids = [k for k in kids if k not in in_panel]
        for child in reversed(kids):
            stack.append((child, block))
    # Items were appended in visiting order (file order); a panel goes after the sub-teams.
    for block, panel in panels.items():
        block.items.append(panel)
    return top, list(reversed(preorder))


def settle(order: list[Block], stack_min: int) -> tuple[list[Block], dict[str, str]]:
    """The blocks as drawn when stacking from ``stack_min`` (children first; the tree is
    changed in place, once), and where each role is drawn: at its own node, or at a port of a
    panel node (``"_panel_vp:csm-1"``). A loose panel that does not stack gives way to its
    reports' own blocks, side by side."""

    def apart(block: Block) -> bool:
        return bool(block.loose) and len(block.boxes) < stack_min

    settled: list[Block] = []
    address: dict[str, str] = {}
    for block in order:
        if apart(block):
            settled.extend(reversed(block.loose))  # children first, as the blocks were visited
            continue
        if block.is_panel:
            for box in block.boxes:
                address[box.role_id] = f"{block.node}:{box.role_id}"
            settled.append(block)
            continue
        if block.node is not None:
            address[block.node] = block.node
        if any(apart(item) for item in block.items):
            block.items = [
                leaf for item in block.items for leaf in (item.loose if apart(item) else [item])
            ]
            for leaf in block.items:
                address[leaf.node or ""] = leaf.node or ""
        settled.append(block)
    return settled, address
