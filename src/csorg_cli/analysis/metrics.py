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
class RegionCoverage:
    """Coverage of one region of a segment whose accounts are split by region."""

    region: str
    accounts: int
    carried_accounts: int  # accounts its player-coaches carry themselves
    seats: float  # primary coverage seats (FTE) serving the region
    roles: tuple[str, ...]

    @property
    def accounts_per_seat(self) -> float | None:
        return (self.accounts - self.carried_accounts) / self.seats if self.seats else None


@dataclass(frozen=True)
class SegmentCoverage:
    """Coverage of one segment: its accounts and ARR against its coverage seats.

    ``seats`` are the primary coverage seats, in FTE: the seats that divide the segment's
    accounts (a half-time CSM is half a seat, a pool serving two segments is shared between them
    in proportion to their accounts, a player-coach adds the share of a seat she carries). Overlay
    seats (in a pod, beside the owner) and stage or product owners do not divide the accounts;
    they are listed apart. Accounts a player-coach carries herself are taken out before dividing.
    """

    segment_id: str
    name: str
    motion: str
    accounts: int
    arr: float | None
    seats: float  # primary coverage seats (FTE, open seats included)
    open_seats: float
    roles: tuple[str, ...]  # the primary coverage roles
    target_ratio: int  # accounts per seat the segment aims for
    target_source: str  # "segment" (its own ratio) or the benchmark's source
    band_min: float | None  # benchmark range of accounts per seat for the motion
    band_max: float | None
    overlay_seats: float = 0.0
    overlay_roles: tuple[str, ...] = ()
    owner_roles: tuple[str, ...] = ()  # stage or product owners serving the segment
    carried_accounts: int = 0  # accounts leaders carry themselves (player-coaches)
    carrying_roles: tuple[str, ...] = ()  # leaders who carry part of the book
    shared_roles: tuple[str, ...] = ()  # primary roles whose pool serves other segments too
    regions: tuple[RegionCoverage, ...] = ()  # when the segment's accounts are split by region

    @property
    def filled_seats(self) -> float:
        return self.seats - self.open_seats

    @property
    def divided_accounts(self) -> int:
        """The accounts the seats divide: all, less what player-coaches carry themselves."""
        return max(self.accounts - self.carried_accounts, 0)

    @property
    def accounts_per_seat(self) -> float | None:
        return self.divided_accounts / self.seats if self.seats else None

    @property
    def arr_per_seat(self) -> float | None:
        return self.arr / self.seats if self.seats and self.arr is not None else None

    @property
    def seats_needed(self) -> int:
        """Coverage seats the segment needs at its target ratio (rounded up)."""
        if self.target_ratio <= 0:
            return 0
        return -(-self.divided_accounts // self.target_ratio)

    @property
    def covered(self) -> bool:
        """Someone covers its accounts: primary seats, or leaders who carry all of them."""
        return self.seats > 0 or (self.accounts > 0 and self.divided_accounts == 0)

    def status(self, tolerance: float = 0.25) -> CoverageStatus:
        """Where accounts per seat sits against the target, with a relative ``tolerance``."""
        if self.accounts == 0:
            return "no-accounts"
        if self.divided_accounts == 0:
            return "on-target"  # player-coaches carry every account
        per_seat = self.accounts_per_seat
        if per_seat is None:
            return "uncovered"
        return ratio_status(per_seat, self.target_ratio, tolerance)


def ratio_status(per_seat: float, target: int, tolerance: float) -> CoverageStatus:
    """``stretched``, ``overstaffed`` or ``on-target``: accounts per seat against a target."""
    if per_seat > target * (1 + tolerance):
        return "stretched"
    if per_seat < target * (1 - tolerance):
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


@dataclass
class GroupTotals:
    """What a named group holds: its roles (its own and those of the groups within it)."""

    group_id: str
    roles: list[str] = field(default_factory=list)
    seats: int = 0
    people: int = 0
    fte: float = 0.0

    def add(self, role_id: str, seats: int, people: int, fte: float) -> None:
        self.roles.append(role_id)
        self.seats += seats
        self.people += people
        self.fte = _tidy(self.fte + fte)


def _tidy(value: float) -> float:
    """Round away float noise (0.1 + 0.2); a whole number of seats is an int, as it reads."""
    value = round(value, 6)
    return int(value) if value.is_integer() else value


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
        """Coverage per segment, in file order (see :class:`SegmentCoverage`)."""
        org = self.tree.org
        segments = org.segments
        seats: dict[str, float] = dict.fromkeys(segments, 0.0)
        open_seats: dict[str, float] = dict.fromkeys(segments, 0.0)
        overlay: dict[str, float] = dict.fromkeys(segments, 0.0)
        carried: dict[str, int] = dict.fromkeys(segments, 0)
        kinds: dict[str, dict[str, list[str]]] = {
            segment_id: {"primary": [], "overlay": [], "owner": [], "carrying": [], "shared": []}
            for segment_id in segments
        }
        # Region of each segment -> (seats, roles, carried accounts); region-less seats of a
        # segment split by region are shared among its regions in proportion to their accounts.
        region_seats: dict[str, dict[str, float]] = {}
        region_roles: dict[str, dict[str, list[str]]] = {}
        region_carried: dict[str, dict[str, int]] = {}
        for segment_id, segment in segments.items():
            if segment.accounts_by_region:
                region_seats[segment_id] = dict.fromkeys(segment.accounts_by_region, 0.0)
                region_roles[segment_id] = {region: [] for region in segment.accounts_by_region}
                region_carried[segment_id] = dict.fromkeys(segment.accounts_by_region, 0)

        def add_to_regions(segment_id: str, role_id: str, region: str | None, fte: float) -> None:
            split = segments[segment_id].accounts_by_region
            if not split:
                return
            if region in split:
                region_seats[segment_id][region] += fte
                region_roles[segment_id][region].append(role_id)
                return
            if region is not None:
                return  # a region the split does not list: it covers none of them
            total = sum(split.values())
            for name, accounts in split.items():
                share = accounts / total if total else 1 / len(split)
                region_seats[segment_id][name] += fte * share
                if share:
                    region_roles[segment_id][name].append(role_id)

        for role_id, role in org.roles.items():
            served = [segment_id for segment_id in role.segments if segment_id in segments]
            if not served:
                continue
            if role.carries is not None and len(served) == 1:
                segment_id = served[0]
                kinds[segment_id]["carrying"].append(role_id)
                if role.carries.seats is not None:
                    share = role.carries.seats * role.fte
                    seats[segment_id] += share
                    add_to_regions(segment_id, role_id, role.region, share)
                elif role.carries.accounts is not None:
                    carried[segment_id] += role.carries.accounts
                    split = region_carried.get(segment_id)
                    if split is not None and role.region in split:
                        split[role.region] += role.carries.accounts
            kind = self.tree.coverage_kind(role_id)
            if kind == "none":
                continue
            if kind == "owner":
                for segment_id in served:
                    kinds[segment_id]["owner"].append(role_id)
                continue
            # A pool serving several segments is shared in proportion to their accounts.
            weights = [segments[segment_id].accounts for segment_id in served]
            total = sum(weights)
            for segment_id, weight in zip(served, weights, strict=True):
                share = weight / total if total else 1 / len(served)
                fte = role.fte_total * share
                if kind == "overlay":
                    overlay[segment_id] += fte
                    kinds[segment_id]["overlay"].append(role_id)
                    continue
                seats[segment_id] += fte
                open_seats[segment_id] += role.open * role.fte * share
                kinds[segment_id]["primary"].append(role_id)
                if len(served) > 1:
                    kinds[segment_id]["shared"].append(role_id)
                add_to_regions(segment_id, role_id, role.region, fte)
        out: dict[str, SegmentCoverage] = {}
        for segment_id, segment in segments.items():
            band = benchmark_band(self.benchmarks, segment.motion)
            if segment.ratio:
                target, source = segment.target_accounts_per_seat or 1, "segment"
            else:
                default = benchmark_ratio(self.benchmarks, segment.motion)
                target = int(default.value or 1)
                source = default.source
            regions = tuple(
                RegionCoverage(
                    region=region,
                    accounts=accounts,
                    carried_accounts=region_carried[segment_id][region],
                    seats=_tidy(region_seats[segment_id][region]),
                    roles=tuple(region_roles[segment_id][region]),
                )
                for region, accounts in segment.accounts_by_region.items()
            )
            found = kinds[segment_id]
            out[segment_id] = SegmentCoverage(
                segment_id=segment_id,
                name=segment.name or segment_id,
                motion=segment.motion,
                accounts=segment.accounts,
                arr=segment.arr,
                seats=_tidy(seats[segment_id]),
                open_seats=_tidy(open_seats[segment_id]),
                roles=tuple(found["primary"]),
                target_ratio=target,
                target_source=source,
                band_min=band.min,
                band_max=band.max,
                overlay_seats=_tidy(overlay[segment_id]),
                overlay_roles=tuple(found["overlay"]),
                owner_roles=tuple(found["owner"]),
                carried_accounts=min(carried[segment_id], segment.accounts),
                carrying_roles=tuple(found["carrying"]),
                shared_roles=tuple(found["shared"]),
                regions=regions,
            )
        return out

    @cached_property
    def total_accounts(self) -> int:
        """Customer accounts across segments, each customer once: shared accounts (``overlaps``,
        declared on either segment or both) are taken out once per pair of segments."""
        segments = self.tree.org.segments
        shared: dict[frozenset[str], int] = {}
        for segment_id, segment in segments.items():
            for other, count in segment.overlaps.items():
                if other == segment_id or other not in segments:
                    continue
                pair = frozenset((segment_id, other))
                shared[pair] = max(shared.get(pair, 0), count)
        return max(sum(s.accounts for s in segments.values()) - sum(shared.values()), 0)

    @cached_property
    def overlapping_accounts(self) -> int:
        """Accounts counted in two segments (the difference between the sum and the total)."""
        return sum(s.accounts for s in self.tree.org.segments.values()) - self.total_accounts

    @cached_property
    def spans(self) -> SpanStats:
        """Span of every manager (a role with solid-line reports)."""
        roles = self.tree.org.roles
        # tree.children holds every role, in the org's order: the same spans as tree.span().
        return SpanStats(
            {
                role_id: sum([roles[child].people_count for child in children])
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
    def by_employment(self) -> Headcount:
        """Seats by employment: employee, contractor, agency."""
        return self._group(lambda role_id, role: role.employment)

    @cached_property
    def fte_by_function(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for role_id, role in self.tree.org.roles.items():
            key = self.tree.function(role_id) or "unclassified"
            out[key] = _tidy(out.get(key, 0.0) + role.fte_total)
        return out

    @cached_property
    def by_group(self) -> dict[str, GroupTotals]:
        """People, FTE and seats of each group, outer groups including the groups within them."""
        tree = self.tree
        totals = {group_id: GroupTotals(group_id) for group_id in tree.org.groups}
        for role_id, group_id in tree.group_of.items():
            role = tree.org.roles[role_id]
            for containing in tree.group_chain(group_id):
                totals[containing].add(role_id, role.headcount, role.people_count, role.fte_total)
        return totals

    @cached_property
    def by_function(self) -> Headcount:
        return self._group(lambda role_id, role: self.tree.function(role_id) or "unclassified")

    @cached_property
    def by_segment(self) -> Headcount:
        # A pool serving several segments is one row: "smb+mid-market".
        return self._group(lambda role_id, role: "+".join(role.segments) or None)

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
            if self.tree.coverage_kind(role_id) != "none":
                csm_seats += role.headcount
            elif archetype.function in OPS_FUNCTIONS and self.tree.in_cs(role_id):
                ops_seats += role.headcount
                ops_roles.append(role_id)
        return OpsStaffing(csm_seats, ops_seats, tuple(ops_roles))


SpanLevel = Literal["front_line", "specialist", "director", "executive"]
SPAN_LEVELS: tuple[SpanLevel, ...] = ("front_line", "specialist", "director", "executive")

# Teams whose members are specialists rather than account, renewal or ticket carriers: their
# size follows the work (one ops seat per 12 CSMs, say), so two or three is a normal team.
SPECIALIST_FUNCTIONS: frozenset[str] = frozenset(
    {"operations", "analytics", "education", "enablement", "onboarding", "services"}
)


def team_family(tree: OrgTree, role_id: str) -> Literal["front_line", "specialist"]:
    """``specialist`` when most seats reporting to the manager are specialists, else front line.

    Coverage, renewals and support teams (and seats nothing can place) are front-line teams;
    operations, analytics, education, enablement, onboarding and services teams, and digital
    adoption specialists, are specialist teams.
    """
    roles = tree.org.roles
    specialist = other = 0
    for child in tree.children.get(role_id, ()):
        archetype = tree.archetype(child)
        seats = roles[child].headcount
        if (
            archetype is not None
            and not tree.is_coverage(child)
            and (archetype.function in SPECIALIST_FUNCTIONS or archetype.function == "digital")
        ):
            specialist += seats
        else:
            other += seats
    return "specialist" if specialist > other else "front_line"


def span_level(tree: OrgTree, role_id: str) -> SpanLevel:
    """Which span benchmark applies to a manager.

    By what the manager leads: a manager of individual contributors is judged as a front-line
    manager of a coverage team (``span.front_line``) or of a specialist team
    (``span.specialist``), whatever the title: a "Director of Support" with eight engineers is a
    front-line manager. A leader of managers is judged as an executive (``span.executive``) when
    the title reads as one (VP, chief, head of the function), else as a director
    (``span.director``).
    """
    if not any(tree.is_manager(child) for child in tree.children.get(role_id, ())):
        return team_family(tree, role_id)
    return "executive" if tree.level(role_id) == "executive" else "director"


def span_band(tree: OrgTree, benchmarks: Benchmarks, role_id: str) -> Benchmark:
    """The span-of-control benchmark (``span.<level>``) a manager is judged against."""
    return level_band(benchmarks, span_level(tree, role_id))


def level_band(benchmarks: Benchmarks, level: SpanLevel) -> Benchmark:
    """The span-of-control benchmark of managers at ``level`` (see :func:`span_level`)."""
    return benchmarks.get(f"span.{level}")
