"""Where the boxes go: the block tree Graphviz is given, and the width at which rows wrap.

How big orgs stay legible (the layout is Graphviz's; this module shapes what it is given):

* when a manager has many direct reports that manage nobody (an HRIS export with one role per
  person), they are stacked in one *panel*: a single HTML-like table node with a grid of boxes,
  a few columns wide, instead of a row of boxes as wide as the team;
* when the sub-teams under a manager would make a row wider than the chosen width, they wrap onto
  further rows: invisible edges from the bottom of the row above push the next row below it.
  The width is chosen by estimating the size of the chart for a range of widths (linear each
  time) and keeping the widest whose chart stays within ``max_aspect`` (about 2:1, so under 3:1
  once drawn).

Nothing here knows colours or DOT syntax: :mod:`csorg_cli.render.chart` turns the blocks into a
graph.
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
BOX_MIN_WIDTH = 1.9
BOX_PAD = (0.3, 0.2)  # horizontal, vertical
NODESEP = 0.3
RANKSEP = 0.45
CELL_SPACING = 5 / 72
# Graphviz keeps subtrees further apart than nodesep, and text runs wider than the average advance;
# measured on generated orgs of 50 to 1000 roles, these make the estimate land within about 10%.
ROW_GAP = 0.6
TITLE_ALONG = 0.7
CELL_PAD = (0.22, 0.14)
TITLE_WRAP = 24
CELL_WRAP = 22


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
    own: tuple[float, float] = (0.0, 0.0)  # across, along of that node
    items: list[Block] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)  # a panel's boxes
    cell: tuple[float, float] = (0.0, 0.0)  # a panel's cell, across and along
    # Computed for one candidate width:
    across: float = 0.0
    along: float = 0.0
    ranks: int = 0
    bottom: str | None = None
    rows: list[list[Block]] = field(default_factory=list)
    columns: int = 1

    @property
    def is_panel(self) -> bool:
        return bool(self.boxes)


def wrap_rows(items: list[Block], limit: float, max_columns: int) -> list[list[Block]]:
    """Items in rows no wider than ``limit`` (at least one item a row), balanced by count."""
    rows: list[list[Block]] = []
    current: list[Block] = []
    width = 0.0
    for item in items:
        extra = item.across + (ROW_GAP if current else 0.0)
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
            sum(b.across for b in row) + ROW_GAP * (len(row) - 1) <= max(limit, row[0].across)
            for row in balanced
        ):
            rows = balanced
    return rows


def middle_deepest(row: list[Block]) -> Block:
    """The deepest block of a row, the one nearest the middle when several are as deep.

    The next row hangs from its bottom, so choosing the middle keeps wrapped rows centred under
    each other instead of drifting sideways row after row.
    """
    most = max(item.ranks for item in row)
    middle = (len(row) - 1) / 2
    candidates = [i for i, item in enumerate(row) if item.ranks == most]
    return row[min(candidates, key=lambda i: abs(i - middle))]


def gap(row: list[Block]) -> tuple[Block, Block]:
    """The two neighbours of the gap nearest the middle of a row (the item itself when alone)."""
    if len(row) == 1:
        return row[0], row[0]
    half = (sum(item.across for item in row) + ROW_GAP * (len(row) - 1)) / 2
    best, best_distance, x = 1, math.inf, 0.0
    for index in range(1, len(row)):
        x += row[index - 1].across + ROW_GAP
        distance = abs(x - ROW_GAP / 2 - half)
        if distance < best_distance:
            best, best_distance = index, distance
    return row[best - 1], row[best]


def through_gaps(rows: list[list[Block]]) -> list[tuple[int, Block]]:
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
            (index + 1, item) for index, item in through_gaps(rows[1:])
        ]
    split = first.index(gap(first)[1])
    return (
        [(0, item) for item in first[:split]]
        + [(index + 1, item) for index, item in through_gaps(rows[1:])]
        + [(0, item) for item in first[split:]]
    )


def measure(order: list[Block], limit: float, options: ChartOptions) -> None:
    """Sizes of every block (children before parents) when rows wrap at ``limit`` inches."""
    for block in order:
        if block.is_panel:
            count = len(block.boxes)
            fit = max(1, int((limit + CELL_SPACING) // (block.cell[0] + CELL_SPACING)))
            if options.direction == "LR":
                # A stack goes down the page either way: left to right, down is across, so
                # the rows of the grid are what must fit within the limit.
                deep = max(1, min(options.panel_rows, fit))
                columns = max(1, math.ceil(count / deep))
                rows = math.ceil(count / columns)
                block.columns = columns
                block.across = rows * (block.cell[0] + CELL_SPACING) + CELL_SPACING + 0.1
                block.along = columns * (block.cell[1] + CELL_SPACING) + CELL_SPACING
            else:
                columns = max(
                    1, min(options.max_columns, fit, math.ceil(count / options.panel_rows))
                )
                rows = math.ceil(count / columns)
                block.columns = columns
                block.across = columns * (block.cell[0] + CELL_SPACING) + CELL_SPACING + 0.1
                block.along = rows * (block.cell[1] + CELL_SPACING) + CELL_SPACING
            block.ranks, block.bottom = 1, block.node
            continue
        block.rows = wrap_rows(block.items, limit, options.max_columns) if block.items else []
        across = block.own[0]
        along = block.own[1]
        ranks = 1 if block.node is not None else 0
        bottom = block.node
        for row in block.rows:
            row_across = sum(item.across for item in row) + ROW_GAP * (len(row) - 1)
            across = max(across, row_across)
            along += RANKSEP + max(item.along for item in row)
            deepest = middle_deepest(row)
            ranks += deepest.ranks
            bottom = deepest.bottom
        block.across, block.along, block.ranks, block.bottom = across, along, ranks, bottom


def choose_limit(order: list[Block], top: Block, options: ChartOptions) -> float:
    """The widest row width (fewest wrapped rows) that keeps the chart within ``max_aspect``.

    The estimate is linear per candidate width and the candidates are a fixed number, so
    choosing stays linear in the number of roles. When no width keeps the chart within bounds,
    the one that comes closest wins.
    """
    widest = max((b.own[0] for b in order), default=BOX_MIN_WIDTH)
    widest = max(widest, max((b.cell[0] for b in order if b.is_panel), default=0.0))
    total = sum(b.own[0] + NODESEP for b in order) + sum(
        len(b.boxes) * (b.cell[0] + CELL_SPACING) for b in order if b.is_panel
    )
    if total <= widest:
        return max(widest, 1.0)
    measure(order, total, options)
    if top.across <= options.screen_width:
        return total  # fits a screen as one row per level: wrapping would only add clutter
    bound = math.log(options.max_aspect)
    best, best_score = total, math.inf
    steps = 24
    for step in range(steps, -1, -1):  # widest first: wrap only as much as needed
        limit = widest * (total / widest) ** (step / steps)
        measure(order, limit, options)
        width, height = top.across, top.along
        if options.direction == "LR":
            width += TITLE_ALONG
        else:
            height += TITLE_ALONG
        if options.direction == "LR":
            width, height = height, width
        shape = abs(math.log(max(width, 0.01) / max(height, 0.01)))
        score = max(shape - bound, 0.0)
        if score == 0.0:
            return limit
        if score < best_score - 1e-9:
            best, best_score = limit, score
    return best


def build_blocks(
    view: View, options: ChartOptions, make_box: Callable[[str, int], Box]
) -> tuple[Block, list[Block], dict[str, str]]:
    """The block tree (iteratively), its blocks children first, and where each role is drawn.

    ``make_box(role_id, wrap_at)`` gives a role's box. A role is drawn at its own node, or at a
    port of a panel node (``"_panel_vp:csm-1"``).
    """
    lr = options.direction == "LR"

    def oriented(width: float, height: float) -> tuple[float, float]:
        return (height, width) if lr else (width, height)

    address: dict[str, str] = {}
    top = Block(node=None)
    # (role id, parent block) in preorder; a block's items are appended as visited.
    stack: list[tuple[str, Block]] = [(r, top) for r in reversed(view.roots)]
    preorder: list[Block] = [top]
    panels: dict[Block, Block] = {}
    while stack:
        role_id, parent = stack.pop()
        width, height = make_box(role_id, TITLE_WRAP).size()
        own = oriented(max(width + BOX_PAD[0], BOX_MIN_WIDTH), max(height + BOX_PAD[1], 0.5))
        block = Block(node=role_id, own=own)
        address[role_id] = role_id
        parent.items.append(block)
        preorder.append(block)
        kids = view.children.get(role_id, [])
        leaves = [k for k in kids if not view.children.get(k)]
        stacked = set(leaves) if len(leaves) >= options.stack_min else set()
        if stacked:
            name = f"_panel_{role_id}"
            boxes = [make_box(leaf, CELL_WRAP) for leaf in leaves]
            cell_width = max(max(b.size()[0] for b in boxes) * 1.1 + CELL_PAD[0], 1.6)
            cell_height = max(b.size()[1] for b in boxes) + CELL_PAD[1]
            for leaf in leaves:
                address[leaf] = f"{name}:{leaf}"
            panels[block] = Block(node=name, boxes=boxes, cell=oriented(cell_width, cell_height))
            preorder.append(panels[block])
        for child in reversed([k for k in kids if k not in stacked]):
            stack.append((child, block))
    # Items were appended in visiting order (file order); a panel goes after the sub-teams.
    for block, panel in panels.items():
        block.items.append(panel)
    return top, list(reversed(preorder)), address
