"""The report as data: every figure `csorg report` shows, computed once from a checked org.

The terminal, Markdown, JSON and HTML formats all render the same :class:`Report`, so they can
never disagree on a number. The figures come from :mod:`csorg_cli.analysis.metrics` (headcount,
spans, coverage) and :mod:`csorg_cli.model.benchmarks` (the bands); nothing here re-derives what
the analysis already knows. :meth:`Report.to_dict` is the JSON document, whose keys are a
documented, stable contract (docs/report.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from csorg_cli.analysis.metrics import (
    UNSET,
    CoverageStatus,
    Headcount,
    OrgMetrics,
    SegmentCoverage,
    level_band,
    span_level,
)
from csorg_cli.diagnostics import summarize
from csorg_cli.model.benchmarks import Benchmarks

if TYPE_CHECKING:
    from csorg_cli.analysis.tree import OrgTree
    from csorg_cli.checking import FileResult
    from csorg_cli.plan.cost import OrgCost

REPORT_VERSION = 1

SpanStatus = Literal["narrow", "within", "wide"]

# The archetype levels that make a role part of the leadership chain by itself.
_LEADERSHIP_LEVELS = ("executive", "director")

# What each coverage status means, for the legends of every format.
COVERAGE_STATUS_HELP: dict[str, str] = {
    "uncovered": "accounts but no coverage seat",
    "stretched": "more accounts per seat than the target allows (over 125% of it)",
    "on-target": "accounts per seat within 25% of the target",
    "overstaffed": "fewer accounts per seat than the target (under 75% of it)",
    "no-accounts": "the segment has no accounts",
}


class ReportError(ValueError):
    """The org cannot be reported on (it did not build)."""


@dataclass(frozen=True)
class Group:
    """Seats of one function, segment or region; ``key`` is None for roles that name none."""

    key: str | None
    label: str
    seats: int
    open: int

    @property
    def filled(self) -> int:
        return self.seats - self.open

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "seats": self.seats,
            "filled": self.filled,
            "open": self.open,
        }


@dataclass(frozen=True)
class LayerRow:
    """One layer of the reporting tree (the root is layer 1)."""

    layer: int
    roles: int
    seats: int
    open: int

    def to_dict(self) -> dict[str, Any]:
        return {"layer": self.layer, "roles": self.roles, "seats": self.seats, "open": self.open}


@dataclass(frozen=True)
class ManagerSpan:
    """A manager's span of control against the benchmark band for its level."""

    role: str
    title: str
    person: str | None
    level: str  # front_line | specialist | director | executive: which benchmark applies
    span: int
    band_min: float | None
    band_max: float | None

    @property
    def status(self) -> SpanStatus:
        if self.band_min is not None and self.span < self.band_min:
            return "narrow"
        if self.band_max is not None and self.span > self.band_max:
            return "wide"
        return "within"

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "title": self.title,
            "person": self.person,
            "level": self.level,
            "span": self.span,
            "band_min": _num(self.band_min),
            "band_max": _num(self.band_max),
            "status": self.status,
        }


@dataclass(frozen=True)
class Spans:
    """Spans of control: summary figures and every manager, outliers first-class."""

    managers: list[ManagerSpan]
    minimum: int | None
    median: float | None
    maximum: int | None

    @property
    def outliers(self) -> list[ManagerSpan]:
        """Managers outside the benchmark band for their level, in file order."""
        return [m for m in self.managers if m.status != "within"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "managers": len(self.managers),
            "min": self.minimum,
            "median": _num(self.median),
            "max": self.maximum,
            "outliers": [m.role for m in self.outliers],
            "per_manager": [m.to_dict() for m in self.managers],
        }


@dataclass(frozen=True)
class CoverageRow:
    """Coverage of one segment, with its status against the target."""

    coverage: SegmentCoverage
    status: CoverageStatus
    arr_band_min: float | None
    arr_band_max: float | None

    @property
    def seat_gap(self) -> float:
        """Seats above (positive) or below (negative) what the target ratio needs."""
        return self.coverage.seats - self.coverage.seats_needed

    @property
    def within_band(self) -> bool | None:
        """Accounts per seat inside the benchmark range of the motion (None: no seats)."""
        per_seat = self.coverage.accounts_per_seat
        if per_seat is None:
            return None
        c = self.coverage
        return (c.band_min is None or per_seat >= c.band_min) and (
            c.band_max is None or per_seat <= c.band_max
        )

    def to_dict(self) -> dict[str, Any]:
        c = self.coverage
        return {
            "segment": c.segment_id,
            "name": c.name,
            "motion": c.motion,
            "accounts": c.accounts,
            "arr": _num(c.arr),
            "seats": c.seats,
            "filled_seats": c.filled_seats,
            "open_seats": c.open_seats,
            "roles": list(c.roles),
            "accounts_per_seat": _num(c.accounts_per_seat),
            "arr_per_seat": _num(c.arr_per_seat),
            "target_ratio": c.target_ratio,
            "target_source": c.target_source,
            "seats_needed": c.seats_needed,
            "seat_gap": self.seat_gap,
            "band_min": _num(c.band_min),
            "band_max": _num(c.band_max),
            "within_band": self.within_band,
            "arr_band_min": _num(self.arr_band_min),
            "arr_band_max": _num(self.arr_band_max),
            "status": self.status,
        }


@dataclass(frozen=True)
class Leader:
    """A role in the leadership chain."""

    role: str
    title: str
    person: str | None
    level: str | None  # the archetype's level; None when the title could not be placed
    function: str | None
    layer: int
    reports_to: str | None
    span: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "title": self.title,
            "person": self.person,
            "level": self.level,
            "function": self.function,
            "layer": self.layer,
            "reports_to": self.reports_to,
            "span": self.span,
        }


@dataclass(frozen=True)
class Leadership:
    """Who leads: the chain from the root down, the top CS role, and whom it reports to."""

    chain: list[Leader]
    cs_leader: Leader | None
    reports_to: list[Leader]  # above the CS leader, nearest first, up to the root
    roots: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "roots": list(self.roots),
            "cs_leader": self.cs_leader.role if self.cs_leader else None,
            "reports_to": [leader.role for leader in self.reports_to],
            "chain": [leader.to_dict() for leader in self.chain],
        }


@dataclass(frozen=True)
class Report:
    """Everything `csorg report` shows about one org."""

    file: str
    name: str
    as_of: str | None
    currency: str
    roles: int
    seats: int
    open: int
    by_function: list[Group]
    by_segment: list[Group]
    by_region: list[Group]
    layers: list[LayerRow]
    depth: int
    max_layers: float | None  # the layers.max benchmark
    spans: Spans
    coverage: list[CoverageRow]
    leadership: Leadership
    diagnostics: dict[str, int] = field(default_factory=dict)
    cost: OrgCost | None = None  # with --plan-file: loaded cost of every seat
    people: int = 0  # seats less those held by someone who holds another role
    fte: float = 0  # part-time seats count their share
    by_employment: list[Group] = field(default_factory=list)  # employee, contractor, agency
    by_group: list[Group] = field(default_factory=list)  # named groups (groups:), nested totals
    accounts: int = 0  # across segments, a customer in two overlapping segments once

    @property
    def filled(self) -> int:
        return self.seats - self.open

    def to_dict(self) -> dict[str, Any]:
        """The JSON document (version 1); keys documented in docs/report.md."""
        return {
            "version": REPORT_VERSION,
            "file": self.file,
            "organization": {"name": self.name, "as_of": self.as_of, "currency": self.currency},
            "totals": {
                "roles": self.roles,
                "seats": self.seats,
                "filled": self.filled,
                "open": self.open,
                "managers": len(self.spans.managers),
                "people": self.people,
                "fte": _num(self.fte),
                "accounts": self.accounts,
            },
            "headcount": {
                "by_function": [g.to_dict() for g in self.by_function],
                "by_segment": [g.to_dict() for g in self.by_segment],
                "by_region": [g.to_dict() for g in self.by_region],
                "by_employment": [g.to_dict() for g in self.by_employment],
                "by_group": [g.to_dict() for g in self.by_group],
            },
            "layers": {
                "depth": self.depth,
                "benchmark_max": _num(self.max_layers),
                "per_layer": [row.to_dict() for row in self.layers],
            },
            "spans": self.spans.to_dict(),
            "coverage": [row.to_dict() for row in self.coverage],
            "leadership": self.leadership.to_dict(),
            "diagnostics": dict(self.diagnostics),
            **({"cost": cost_dict(self.cost)} if self.cost is not None else {}),
        }


def cost_dict(cost: OrgCost) -> dict[str, Any]:
    """The ``cost`` key of the JSON report (docs/report.md)."""
    return {
        "filled": _num(cost.filled),
        "budgeted": _num(cost.budgeted),
        "by_function": {k: _num(v) for k, v in cost.by_function.items()},
        "by_segment": {k: _num(v) for k, v in cost.by_segment.items()},
        "share_of_arr": None if cost.share_of_arr is None else round(cost.share_of_arr, 4),
        "per_account": _num(cost.per_account),
        "budget": None if cost.budget is None else _num(cost.budget.annual),
        "over_budget": _num(cost.over_budget),
        "unpriced_roles": cost.unpriced,
    }


def _num(value: float | int | None) -> float | int | None:
    """Whole floats as ints and others to 2 decimals, so JSON reads 12 and 12.5, not 12.0."""
    if value is None:
        return None
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return round(value, 2)
    return value


def build_report(result: FileResult) -> Report:
    """The report of a checked org against the benchmarks it was checked with; raises
    :class:`ReportError` when the org did not build."""
    org = result.org
    tree = result.tree
    if org is None or tree is None:
        raise ReportError(
            f"{result.file}: the org could not be read, so there is nothing to report on"
        )
    benchmarks = result.benchmarks
    metrics = result.metrics
    segment_names = {sid: segment.name or sid for sid, segment in org.segments.items()}

    by_function = _groups(metrics.by_function, lambda key: key)
    by_function.sort(key=lambda g: (-g.seats, g.label))
    by_segment = _groups(metrics.by_segment, lambda key: segment_names.get(key, key))
    # A segment nobody serves yet is worth a row of zeros: that is the finding.
    served = {g.key for g in by_segment}
    by_segment += [
        Group(sid, name, 0, 0) for sid, name in segment_names.items() if sid not in served
    ]
    order = {sid: index for index, sid in enumerate(org.segments)}
    # Segments in the order the file defines them, then any the roles name that the file does not
    # (an unknown-segment finding), then the roles that serve no segment.
    by_segment.sort(key=lambda g: (g.key is None, order.get(g.key or "", len(order)), g.label))
    by_region = _groups(metrics.by_region, lambda key: key)
    by_region.sort(key=lambda g: (g.key is None, g.label.casefold()))

    def arr_band(motion: str) -> tuple[float | None, float | None]:
        key = f"arr_per_seat.{motion}"
        band = benchmarks.get(key) if key in benchmarks else None
        return (band.min, band.max) if band else (None, None)

    coverage = [CoverageRow(c, c.status(), *arr_band(c.motion)) for c in metrics.coverage.values()]
    max_layers = benchmarks.get("layers.max").value if "layers.max" in benchmarks else None
    return Report(
        file=result.file,
        name=org.organization.name,
        as_of=org.organization.as_of.isoformat() if org.organization.as_of else None,
        currency=org.organization.currency,
        roles=len(org.roles),
        seats=tree.total_seats,
        open=tree.open_seats,
        by_function=by_function,
        by_segment=by_segment,
        by_region=by_region,
        layers=_layers(tree),
        depth=tree.depth,
        max_layers=max_layers,
        spans=_spans(tree, metrics, benchmarks),
        coverage=coverage,
        leadership=_leadership(tree),
        diagnostics=summarize(result.diagnostics),
        people=tree.total_people,
        fte=tree.total_fte,
        by_employment=_groups(metrics.by_employment, lambda key: key),
        by_group=[
            Group(
                group_id,
                org.groups[group_id].name or group_id,
                totals.seats,
                sum(org.roles[role_id].open for role_id in totals.roles),
            )
            for group_id, totals in metrics.by_group.items()
        ],
        accounts=metrics.total_accounts,
    )


def _groups(counts: Headcount, label_of: Any) -> list[Group]:
    out: list[Group] = []
    for key, seats in counts.seats.items():
        real_key = None if key == UNSET else key
        label = UNSET if real_key is None else str(label_of(key))
        out.append(Group(real_key, label, seats, counts.open.get(key, 0)))
    return out


def _layers(tree: OrgTree) -> list[LayerRow]:
    roles = tree.org.roles
    rows: dict[int, list[int]] = {}
    for role_id, layer in tree.layer.items():
        row = rows.setdefault(layer, [0, 0, 0])
        row[0] += 1
        row[1] += roles[role_id].headcount
        row[2] += roles[role_id].open
    return [LayerRow(layer, *rows[layer]) for layer in sorted(rows)]


def _spans(tree: OrgTree, metrics: OrgMetrics, benchmarks: Benchmarks) -> Spans:
    stats = metrics.spans
    managers: list[ManagerSpan] = []
    for role_id, span in stats.spans.items():
        role = tree.org.roles[role_id]
        level = span_level(tree, role_id)  # what the manager leads: a look at every report
        band = level_band(benchmarks, level)
        managers.append(
            ManagerSpan(
                role_id,
                role.title,
                role.person,
                level,
                span,
                band.min,
                band.max,
            )
        )
    return Spans(managers, stats.minimum, stats.median, stats.maximum)


def _leader(tree: OrgTree, role_id: str) -> Leader:
    role = tree.org.roles[role_id]
    archetype = tree.archetype(role_id)
    return Leader(
        role_id,
        role.title,
        role.person,
        tree.level(role_id) if archetype else None,
        archetype.function if archetype else None,
        tree.layer.get(role_id, 0),
        tree.parent.get(role_id),
        tree.span(role_id),
    )


def _leadership(tree: OrgTree) -> Leadership:
    """The roots, the executive and director roles beneath them, and an executive's managers.

    Leadership is read from the level the title says (seniority words, checked against the
    tree), plus the managers who report straight to an executive: they sit on that executive's
    leadership team whatever their level.
    """

    def level(role_id: str) -> str | None:
        return tree.level(role_id) if tree.archetype(role_id) else None

    chain: list[Leader] = []
    for root in tree.roots:
        for role_id in (root, *tree.descendants(root)):
            parent = tree.parent.get(role_id)
            if (
                role_id == root
                or level(role_id) in _LEADERSHIP_LEVELS
                or (
                    tree.is_manager(role_id) and parent is not None and level(parent) == "executive"
                )
            ):
                chain.append(_leader(tree, role_id))

    # The CS leader: the highest role of the customer-success function (first in file order on a
    # tie); the roles above it are whom the CS org reports to.
    order = {role_id: index for index, role_id in enumerate(tree.org.roles)}
    candidates = [role_id for role_id in tree.layer if tree.function(role_id) == "customer-success"]
    cs_leader = None
    reports_to: list[Leader] = []
    if candidates:
        top = min(candidates, key=lambda r: (tree.layer[r], order[r]))
        cs_leader = _leader(tree, top)
        reports_to = [_leader(tree, above) for above in tree.chain(top)[1:]]
    return Leadership(chain, cs_leader, reports_to, list(tree.roots))
