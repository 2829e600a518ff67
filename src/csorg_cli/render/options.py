"""What a chart draws and how: the options every output (DOT, Mermaid, text tree, HTML) shares."""

from __future__ import annotations

from dataclasses import dataclass

DIRECTIONS = ("auto", "TB", "LR")
GROUPINGS = ("none", "segment", "region")
ANNOTATIONS = ("spans", "coverage")


@dataclass(frozen=True)
class ChartOptions:
    """What to draw and how; every field has the default `csorg render` uses."""

    # TB (top to bottom), LR (left to right), or auto: top to bottom unless only left to right
    # keeps the chart within max_aspect (an org too wide for one row per layer).
    direction: str = "auto"
    group_by: str = "none"  # none, segment or region: clusters around the boxes
    depth: int | None = None  # fold the tree below this level (the top is level 1)
    root: str | None = None  # draw only this role's subtree
    annotate: frozenset[str] = frozenset()  # "spans", "coverage"
    highlight_problems: bool = False
    legend: bool = True
    title: bool = True
    stack_min: int = 4  # stack a manager's reports that manage nobody from this many (or 2
    # when the manager also leads sub-teams: stacked, they never widen a row of teams)
    panel_rows: int = 8  # a stack is at most this many boxes deep before it adds a column
    max_columns: int = 8  # and at most this many wide (a laptop screen of boxes)
    screen_width: float = 16.0  # inches (1536 px at 96 dpi): a chart this narrow stays as it is
    # Graphviz's dpi: pixels per inch in PNG, a zoom of 72 per inch in SVG and PDF (None: default)
    dpi: float | None = None
    max_aspect: float = 2.8  # the estimated chart stays within this ratio, either way (real: < 3)

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
