"""Figures about an org: coverage per segment, spans, headcount by function, segment and region.

Computed from the shared :class:`~csorg_cli.analysis.tree.OrgTree`, once, and used by the rules
(``coverage-ratio``, ``span-of-control``...), ``csorg report``, ``csorg plan`` and chart annotations,
so every figure csorg shows is computed one way.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.model.benchmarks import Benchmark, Benchmarks

CoverageStatus = Literal["uncovered", "overstaffed", "on-target", "stretched", "no-accounts"]


def benchmark_ratio(benchmarks: Benchmarks, motion: str) -> Benchmark:
    """The default target accounts per seat of a motion (``coverage.<motion>.default_ratio``)."""
    return benchmarks.get(f"coverage.{motion}.default_ratio")


def benchmark_band(benchmarks: Benchmarks, motion: str) -> Benchmark:
    """The range of accounts per seat seen in public benchmarks for a motion."""
    return benchmarks.get(f"coverage.{motion}.accounts_per_seat")


@dataclass(frozen=True)
class SegmentCoverage:
    """Coverage of one segment: its accounts and ARR against its coverage seats."""

    segment_id: str
    name: str
    motion: str
    accounts: int
    arr: float | None
    seats: int  # coverage seats (headcount of coverage archetypes serving the segment)
    open_seats: int
    roles: tuple[str, ...]  # the coverage roles
    target_ratio: int  # accounts per seat the segment aims for
    target_source: str  # "segment" (its own ratio) or the benchmark's source
    band_min: float | None  # benchmark range of accounts per seat for the motion
    band_max: float | None

    @property
    def filled_seats(self) -> int:
        return self.seats - self.open_seats

    @property
    def accounts_per_seat(self) -> float | None:
        return self.accounts / self.seats if self.seats else None

    @property
    def arr_per_seat(self) -> float | None:
        return self.arr / self.seats if self.seats and self.arr is not None else None

    @property
    def seats_needed(self) -> int:
        """Coverage seats the segment needs at its target ratio (rounded up)."""
        return -(-self.accounts // self.target_ratio) if self.target_ratio > 0 else 0

    def status(self, tolerance: float = 0.25) -> CoverageStatus:
        """Where accounts per seat sits against the target, with a relative ``tolerance``."""
        if self.accounts == 0:
            return "no-accounts"
        per_seat = self.accounts_per_seat
        if per_seat is None:
            return "uncovered"
        if per_seat > self.target_ratio * (1 + tolerance):
            return "stretched"
        if per_seat < self.target_ratio * (1 - tolerance):
            return "overstaffed"
        return "on-target"


@dataclass(frozen=True)
class SpanStats:
    """Span of control across managers: min, median, max, and each manager's span."""

    spans: dict[str, int]

    @property
    def minimum(self) -> int | None:
        return min(self.spans.values(), default=None)

    @property
    def maximum(self) -> int | None:
        return max(self.spans.values(), default=None)

    @property
    def median(self) -> float | None:
        return statistics.median(self.spans.values()) if self.spans else None


@dataclass
class Headcount:
    """Seats and open seats grouped by a key (function, segment or region)."""

    seats: dict[str, int] = field(default_factory=dict)
    open: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, seats: int, open_seats: int) -> None:
        self.seats[key] = self.seats.get(key, 0) + seats
        self.open[key] = self.open.get(key, 0) + open_seats


UNSET = "(none)"

# Functions whose seats count as CS operations seats in the ops ratio (ops managers and analysts).
OPS_FUNCTIONS: frozenset[str] = frozenset({"operations", "analytics"})


@dataclass(frozen=True)
class OpsStaffing:
    """CSM (coverage) seats against CS operations seats, for the ops ratio."""

    csm_seats: int
    ops_seats: int
    ops_roles: tuple[str, ...]

    @property
    def csms_per_ops_seat(self) -> float | None:
        return self.csm_seats / self.ops_seats if self.ops_seats else None


@dataclass
class OrgMetrics:
    """All the figures of one org, computed lazily from its tree and benchmarks."""

    tree: OrgTree
    benchmarks: Benchmarks

    @cached_property
    def coverage(self) -> dict[str, SegmentCoverage]:
        """Coverage per segment, in file order."""
        org = self.tree.org
        seats: dict[str, int] = {segment_id: 0 for segment_id in org.segments}
        open_seats: dict[str, int] = dict.fromkeys(org.segments, 0)
        roles: dict[str, list[str]] = {segment_id: [] for segment_id in org.segments}
        for role_id, role in org.roles.items():
            if role.segment not in seats:
                continue
            archetype = self.tree.archetype(role_id)
            if archetype is None or not archetype.coverage:
                continue
            seats[role.segment] += role.headcount
            open_seats[role.segment] += role.open
            roles[role.segment].append(role_id)
        out: dict[str, SegmentCoverage] = {}
        for segment_id, segment in org.segments.items():
            band = benchmark_band(self.benchmarks, segment.motion)
            if segment.ratio:
                target, source = segment.target_accounts_per_seat or 1, "segment"
            else:
                default = benchmark_ratio(self.benchmarks, segment.motion)
                target = int(default.value or 1)
                source = default.source
            out[segment_id] = SegmentCoverage(
                segment_id=segment_id,
                name=segment.name or segment_id,
                motion=segment.motion,
                accounts=segment.accounts,
                arr=segment.arr,
                seats=seats[segment_id],
                open_seats=open_seats[segment_id],
                roles=tuple(roles[segment_id]),
                target_ratio=target,
                target_source=source,
                band_min=band.min,
                band_max=band.max,
            )
        return out

    @cached_property
    def spans(self) -> SpanStats:
        """Span of every manager (a role with solid-line reports)."""
        roles = self.tree.org.roles
        # tree.children holds every role, in the org's order: the same spans as tree.span().
        return SpanStats(
            {
                role_id: sum([roles[child].headcount for child in children])
                for role_id, children in self.tree.children.items()
                if children
            }
        )

    def _group(self, key_of) -> Headcount:
        counts = Headcount()
        for role_id, role in self.tree.org.roles.items():
            counts.add(key_of(role_id, role) or UNSET, role.headcount, role.open)
        return counts

    @cached_property
    def by_function(self) -> Headcount:
        return self._group(lambda role_id, role: self.tree.function(role_id) or "unclassified")

    @cached_property
    def by_segment(self) -> Headcount:
        return self._group(lambda role_id, role: role.segment)

    @cached_property
    def by_region(self) -> Headcount:
        return self._group(lambda role_id, role: role.region)

    @cached_property
    def ops(self) -> OpsStaffing:
        """Coverage seats and the operations/analytics seats that support them."""
        csm_seats = ops_seats = 0
        ops_roles: list[str] = []
        for role_id, role in self.tree.org.roles.items():
            archetype = self.tree.archetype(role_id)
            if archetype is None:
                continue
            if archetype.coverage:
                csm_seats += role.headcount
            elif archetype.function in OPS_FUNCTIONS:
                ops_seats += role.headcount
                ops_roles.append(role_id)
        return OpsStaffing(csm_seats, ops_seats, tuple(ops_roles))


SpanLevel = Literal["front_line", "director", "executive"]


def span_level(tree: OrgTree, role_id: str) -> SpanLevel:
    """Which span benchmark applies to a manager: ``front_line``, ``director`` or ``executive``.

    The benchmarks define the bands by what a manager leads (``span.front_line``: a manager of
    individual contributors; ``span.director`` and ``span.executive``: leaders of managers), so a
    "Director of Support" with eight engineers is judged as a front-line manager, and a leader of
    managers is an executive when its archetype's level is executive.
    """
    if not any(tree.is_manager(child) for child in tree.children.get(role_id, ())):
        return "front_line"
    archetype = tree.archetype(role_id)
    return "executive" if archetype is not None and archetype.level == "executive" else "director"


def span_band(tree: OrgTree, benchmarks: Benchmarks, role_id: str) -> Benchmark:
    """The span-of-control benchmark (``span.<level>``) a manager is judged against."""
    return benchmarks.get(f"span.{span_level(tree, role_id)}")
