"""Measure a chart as Graphviz lays it out: how far each reporting line wanders, and the shape.

``measure(dot_source)`` runs ``dot -Tjson`` and returns, for every solid reporting line (no
``style``, no ``constraint=false``: not the invisible layout edges, dotted-line managers or the
red closing line of a cycle), the ratio of its drawn length (along the spline's Bézier control
polygon, sampled) to the straight distance between its two ends. A straight line is 1.0; a gentle
curve from a manager to a report one rank down and a little to the side is under 1.2; a line that
loops around a cluster is 2 or more.

It also measures balance: ``root_offset`` is how far the root's box sits from the middle of the
chart across the direction of the reporting lines (x top to bottom, y left to right), as a
fraction of the chart's extent that way. A root centred above its org is 0; one in a corner is
near 0.5.
"""

from __future__ import annotations

import itertools
import json
import math
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    width: float  # points
    height: float
    ratios: dict[tuple[str, str], float]  # (manager node, report node) -> drawn / straight
    positions: dict[str, tuple[float, float]]  # node name -> centre (x, y), points
    direction: str = "TB"
    sizes: dict[str, tuple[float, float]] | None = None  # node name -> (width, height), points
    edges: tuple[tuple[str, str], ...] = ()  # solid reporting lines (manager node, report node)

    def across(self, node: str) -> tuple[float, float]:
        """(centre, half extent) of a node across the reporting lines (x top to bottom)."""
        x, y = self.positions[node]
        width, height = (self.sizes or {}).get(node, (0.0, 0.0))
        return (y, height / 2) if self.direction == "LR" else (x, width / 2)

    def along(self, node: str) -> float:
        """A node's centre along the reporting lines: its row (top to bottom) or column."""
        x, y = self.positions[node]
        return x if self.direction == "LR" else y

    def team_gap(self, manager: str) -> float:
        """How far (points) a manager's centre lies outside the span of its reports' boxes."""
        reports = [head for tail, head in self.edges if tail == manager]
        if not reports:
            return 0.0
        spans = [self.across(node) for node in reports]
        low = min(c - h for c, h in spans)
        high = max(c + h for c, h in spans)
        centre, _ = self.across(manager)
        return max(low - centre, centre - high, 0.0)

    @property
    def aspect(self) -> float:
        """Width to height, or height to width: whichever is more than 1."""
        return max(self.width / self.height, self.height / self.width)

    def root_offset(self, root: str) -> float:
        """|root's centre - the chart's middle| / extent, across the reporting lines (0 to 0.5)."""
        x, y = self.positions[root]
        if self.direction == "LR":
            return abs(y - self.height / 2) / self.height
        return abs(x - self.width / 2) / self.width

    @property
    def worst(self) -> tuple[tuple[str, str], float]:
        return max(self.ratios.items(), key=lambda kv: kv[1], default=(("", ""), 1.0))


def _bezier(points: list[tuple[float, float]], steps: int = 8) -> list[tuple[float, float]]:
    """Points along a piecewise cubic Bézier (Graphviz's ``pos``: 1 + 3n control points)."""
    out = [points[0]]
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        for step in range(1, steps + 1):
            t = step / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append(
                (
                    a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
                )
            )
    return out


def _length(points: list[tuple[float, float]]) -> float:
    return sum(math.dist(p, q) for p, q in itertools.pairwise(points))


def _spline(pos: str) -> list[tuple[float, float]]:
    """Control points of an edge's ``pos`` (``[s,x,y ][e,x,y ]x,y x,y ...``), end markers dropped."""
    points = []
    for token in pos.split(";")[0].split():
        if token[:2] in ("s,", "e,"):
            continue
        x, y = token.split(",")[:2]
        points.append((float(x), float(y)))
    return points


def measure(dot_source: str) -> Layout:
    """Lay ``dot_source`` out with the real ``dot`` and measure every solid reporting line."""
    done = subprocess.run(
        ["dot", "-Tjson"], input=dot_source.encode(), capture_output=True, check=True, timeout=120
    )
    data = json.loads(done.stdout)
    _, _, width, height = (float(v) for v in data["bb"].split(","))
    nodes = [
        obj
        for obj in data.get("objects", [])
        if "nodes" not in obj and "subgraphs" not in obj and "edges" not in obj
    ]
    names = {obj["_gvid"]: obj["name"] for obj in nodes}
    positions = {
        obj["name"]: tuple(float(v) for v in obj["pos"].split(",")) for obj in nodes if "pos" in obj
    }
    sizes = {
        obj["name"]: (float(obj["width"]) * 72, float(obj["height"]) * 72)
        for obj in nodes
        if "width" in obj
    }
    direction = data.get("rankdir", "TB")
    ratios: dict[tuple[str, str], float] = {}
    for edge in data.get("edges", []):
        if edge.get("style") or edge.get("constraint") == "false" or "pos" not in edge:
            continue
        points = _bezier(_spline(edge["pos"]))
        straight = math.dist(points[0], points[-1])
        drawn = _length(points)
        key = (
            names.get(edge["tail"], str(edge["tail"])),
            names.get(edge["head"], str(edge["head"])),
        )
        ratios[key] = drawn / straight if straight > 1e-6 else 1.0
    return Layout(
        width=width,
        height=height,
        ratios=ratios,
        positions=positions,  # type: ignore[arg-type]
        direction=direction,
        sizes=sizes,
        edges=tuple(ratios),
    )
