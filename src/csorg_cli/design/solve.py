"""Choose the cheapest structure that meets every constraint, exactly, with HiGHS.

Each segment has a few options (a motion its ACV allows, and for segments of several teams a
director or a flat layout). Central functions depend on the choices only through the number of
operations seats (one per 12 coverage seats), so for each possible operations size ``y`` the
functions' roles, cost and span under the CS leader are fixed, and the choice is an exact
mixed-integer programme solved by HiGHS (``scipy.optimize.milp``):

    minimise   sum cost[s,o] x[s,o]
    subject to sum_o x[s,o] = 1                                  one option per segment
               12 (y - 1) < sum seats[s,o] x[s,o] <= 12 y        the operations size is y
               sum span[s,o] x[s,o] <= leader span max - span of the functions
               sum cost[s,o] x[s,o] <= budget - cost of the leader and functions
    options whose layers exceed max_layers are not offered.

The best over every ``y`` is the optimum. Alternatives are the next solutions after excluding the
ones found (a "no-good" cut each): the next cheapest distinct structures. :func:`brute_force`
enumerates every combination with the same costs; tests check that both agree on small inputs.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from csorg_cli.design.model import DesignInput
from csorg_cli.design.structure import (
    FUNCTIONS,
    LEADER_ID,
    LEADER_KPIS,
    RoleSpec,
    SegmentShape,
    central_functions,
    layers_below_leader,
    leader_span,
    loaded_pay,
    overstaffed,
    seats_for,
    segment_roles,
)
from csorg_cli.model.benchmarks import Benchmarks
from csorg_cli.model.org import MOTIONS, ratio_accounts

BIG = 10_000


class DesignError(ValueError):
    """An input that cannot be designed for (missing pay, an impossible function); one line each."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Limits:
    ratios: dict[str, int]
    # accounts per seat published for each motion (coverage.<motion>.accounts_per_seat)
    motion_bands: dict[str, tuple[float, float]]
    span_min: int
    span_max: int
    leader_span_max: int
    director_min: int
    director_max: int
    max_layers: int
    arr_floors: dict[str, float]  # arr_per_seat.<motion> minimum: what a seat must carry
    ops_ratio: int
    renewals_per_rep: int
    budget: float | None


@dataclass
class Option:
    segment_id: str
    motion: str
    layout: str
    roles: list[RoleSpec]
    cost: float
    coverage_seats: int
    span: int  # seats it adds under the CS leader
    layers: int
    why_motion: str
    carried_by_leader: bool = False
    accounts_served: int = 0  # its own accounts and its small guests'''


@dataclass
class Design:
    """One org structure and what it costs."""

    options: list[Option]
    functions: list[RoleSpec]
    leader: RoleSpec
    cost: float
    ops_seats: int
    notes: list[str] = field(default_factory=list)

    @property
    def roles(self) -> list[RoleSpec]:
        return [self.leader, *(r for o in self.options for r in o.roles), *self.functions]

    @property
    def motions(self) -> dict[str, str]:
        return {o.segment_id: o.motion for o in self.options}

    @property
    def layouts(self) -> dict[str, str]:
        return {o.segment_id: o.layout for o in self.options}

    @property
    def seats(self) -> int:
        return sum(r.headcount for r in self.roles)

    @property
    def layers(self) -> int:
        return layers_below_leader(self.roles)

    @property
    def leader_span(self) -> int:
        return leader_span(self.roles)

    def written_ratio(self, segment_id: str, limits: Limits) -> tuple[int, str]:
        """The ratio to write for a segment, and why, when it is not the target.

        Whole seats rarely divide accounts exactly: 1,251 accounts at 1:1000 take 2 seats of 626.
        The segment then states the book its seats actually carry, when that stays inside the
        motion's published band, so `coverage-ratio` judges the design against what it staffs.
        """
        for option in self.options:
            served = [option.segment_id, *{g for r in option.roles for g in r.also_serves}]
            if segment_id not in served:
                continue
            target = limits.ratios[option.motion]
            if not option.coverage_seats:
                return target, ""
            accounts = option.accounts_served
            book = math.ceil(accounts / option.coverage_seats)
            low, high = limits.motion_bands[option.motion]
            if book != target and low <= book <= high and abs(book - target) > 0.2 * target:
                return book, (
                    f"target 1:{target:,}; {option.coverage_seats} seats carry "
                    f"{accounts:,} accounts, about {book:,} each"
                )
            return target, ""
        return 0, ""

    def key(self) -> tuple[tuple[str, str, str], ...]:
        functions = "grouped" if any(r.type == "cs-director" for r in self.functions) else "plain"
        return (
            *((o.segment_id, o.motion, o.layout) for o in self.options),
            ("functions", functions, ""),
        )


@dataclass
class Outcome:
    """The chosen design, the alternatives, and what binds when nothing fits."""

    design: Design | None
    alternatives: list[Design]
    limits: Limits
    binding: list[str] = field(default_factory=list)
    nearest: Design | None = None  # when infeasible: the nearest design that fits, if any
    nearest_note: str = ""


def limits_of(spec: DesignInput, benchmarks: Benchmarks) -> Limits:
    c = spec.constraints
    ratios = {
        m: ratio_accounts(c.ratios[m])
        if m in c.ratios
        else int(benchmarks.get(f"coverage.{m}.default_ratio").value or 1)
        for m in MOTIONS
    }
    front = benchmarks.get("span.front_line")
    executive = benchmarks.get("span.executive")
    floors: dict[str, float] = {}
    for m in MOTIONS:
        key = f"arr_per_seat.{m}" if f"arr_per_seat.{m}" in benchmarks else "arr_per_seat"
        if key in benchmarks and (key != "arr_per_seat" or m != "digital"):
            floors[m] = float(benchmarks.get(key).min or 0)
    span_min = c.span.min or int(front.min or 1)
    span_max = c.span.max or int(front.max or 10)
    if span_min > span_max:
        raise DesignError([f"constraints.span: min {span_min} is above max {span_max}"])
    bands = {}
    for m in MOTIONS:
        band = benchmarks.get(f"coverage.{m}.accounts_per_seat")
        bands[m] = (float(band.min or 0), float(band.max or math.inf))
    return Limits(
        ratios=ratios,
        motion_bands=bands,
        span_min=span_min,
        span_max=span_max,
        leader_span_max=int(executive.max or 8),
        # The benchmark's floor is 2 (a director over two team leads passes validation); a
        # designed director is only worth adding over three teams or more.
        director_min=max(int(benchmarks.get("span.director").min or 3), 3),
        director_max=int(benchmarks.get("span.director").max or 8),
        max_layers=c.max_layers or int(benchmarks.get("layers.max").value or 5),
        arr_floors=floors,
        ops_ratio=int(benchmarks.get("ops_ratio.csms_per_ops_seat").value or 12),
        renewals_per_rep=int(benchmarks.get("renewals.per_rep_per_quarter").value or 500),
        budget=c.budget,
    )


# From highest touch to lowest.
TOUCH_ORDER = ("named", "pooled", "digital")
# A motion whose ARR per seat is within this factor of its floor is marginal: the next lower-touch
# motion is offered too, and cost decides (pooled vs named mid-market is the classic trade-off).
MARGINAL = 2.0


def motions_for(spec: DesignInput, segment_id: str, limits: Limits) -> list[tuple[str, str]]:
    """``(motion, why)`` for each motion the segment's ACV suggests.

    Customers get the highest touch their revenue pays for: the first of named, pooled, digital
    whose ARR per coverage seat (ACV x the motion's ratio) reaches the motion's ``arr_per_seat``
    floor (digital has none). When that motion only just pays (less than twice its floor), the
    next lower-touch motion is offered as well, and cost decides.
    """
    segment = spec.segments[segment_id]
    if segment.motion is not None:
        return [(segment.motion, "set in the design input")]
    if not segment.arr or not segment.accounts:
        return [(m, "no ARR given: every motion is open") for m in TOUCH_ORDER]
    acv = segment.arr / segment.accounts
    for index, motion in enumerate(TOUCH_ORDER):
        floor = limits.arr_floors.get(motion, 0.0)
        per_seat = acv * limits.ratios[motion]
        if per_seat < floor and motion != TOUCH_ORDER[-1]:
            continue
        why = (
            f"ACV ${acv:,.0f}: 1:{limits.ratios[motion]:,} gives ${per_seat / 1e6:.2f}M ARR per "
            + (f"seat, above the {motion} floor of ${floor / 1e6:g}M" if floor else "seat")
        )
        out = [(motion, why)]
        if floor and per_seat < MARGINAL * floor and index + 1 < len(TOUCH_ORDER):
            lower = TOUCH_ORDER[index + 1]
            lower_per_seat = acv * limits.ratios[lower]
            out.append(
                (
                    lower,
                    f"ACV ${acv:,.0f}: {motion} only just pays (${per_seat / 1e6:.2f}M per seat, "
                    f"floor ${floor / 1e6:g}M), so {lower} at 1:{limits.ratios[lower]:,} "
                    f"(${lower_per_seat / 1e6:.2f}M per seat) is weighed too",
                )
            )
        return out
    return []


COVERAGE_TYPES = ("csm", "scaled-csm", "digital-success-manager")


def small_segment_hosts(spec: DesignInput, limits: Limits) -> dict[str, str]:
    """Segments too small for a team of their own, each with the segment whose team serves it.

    A segment is too small when at every motion its ACV allows it needs one seat at most, or its
    one seat would carry less than 75% of a book (``coverage-ratio``'s tolerance): a team of one
    under a lead of its own is a manager of one, and a half-empty seat is overstaffed. It joins
    the pool of the largest segment that is not small, and is written with that segment's motion
    and ratio (one pool, judged per segment, in proportion to accounts). With no such segment, the
    largest small segment hosts the rest.
    """
    small = [
        segment_id
        for segment_id, segment in spec.segments.items()
        if segment.accounts > 0
        and all(
            overstaffed(segment.accounts, limits.ratios[motion])
            or seats_for(segment.accounts, limits.ratios[motion]) <= 1
            for motion, _ in motions_for(spec, segment_id, limits)
        )
    ]
    if not small:
        return {}
    large = [s for s in spec.segments if s not in small and spec.segments[s].accounts > 0]
    pool = large or small
    host = max(pool, key=lambda s: spec.segments[s].accounts)
    return {s: host for s in small if s != host}


def _carried_by_leader(
    spec: DesignInput, limits: Limits, segment_id: str, hosts: dict[str, str]
) -> bool:
    """The org's only segment needs one seat at most: its leader carries the book (a
    player-coach, as a startup's head of CS does) rather than managing a team of one."""
    segment = spec.segments[segment_id]
    if len(spec.segments) != 1 or segment.accounts <= 0:
        return False
    ratios = [limits.ratios[m] for m, _ in motions_for(spec, segment_id, limits)]
    fitting = [r for r in ratios if not overstaffed(segment.accounts, r)] or ratios
    return min(seats_for(segment.accounts, r) for r in fitting) <= 1


def _with_guests(
    regions: tuple[tuple[str, int], ...], accounts: int, extra: int
) -> tuple[tuple[str | None, int], ...]:
    """The host's accounts by region with its guests' accounts added (to its largest region)."""
    if not regions:
        return ((None, accounts + extra),)
    largest = max(range(len(regions)), key=lambda i: regions[i][1])
    return tuple(
        (region, count + (extra if i == largest else 0))
        for i, (region, count) in enumerate(regions)
    )


def build_options(spec: DesignInput, limits: Limits) -> dict[str, list[Option]]:
    """Every option of every segment, with its roles and cost (pay must cover each role)."""
    out: dict[str, list[Option]] = {}
    missing: set[str] = set()
    hosts = small_segment_hosts(spec, limits)
    for segment_id, segment in spec.segments.items():
        if segment_id in hosts:
            continue  # served by its host's team
        if segment.regions and sum(segment.regions.values()) != segment.accounts:
            raise DesignError(
                [
                    f"segments.{segment_id}.regions: the regions hold "
                    f"{sum(segment.regions.values()):,} accounts, the segment {segment.accounts:,}"
                ]
            )
        guests = [g for g, host in hosts.items() if host == segment_id]
        extra = sum(spec.segments[g].accounts for g in guests)
        if not guests and _carried_by_leader(spec, limits, segment_id, hosts):
            motion, _ = motions_for(spec, segment_id, limits)[0]
            out[segment_id] = [
                Option(
                    segment_id,
                    motion,
                    "flat",
                    [],
                    0.0,
                    0,
                    0,
                    1,
                    f"{segment.accounts:,} accounts, too few for a seat of their own: the CS "
                    f"leader carries them (a player-coach)",
                    carried_by_leader=True,
                )
            ]
            continue
        regions = _with_guests(tuple(segment.regions.items()), segment.accounts, extra)
        options: list[Option] = []
        motions = motions_for(spec, segment_id, limits)
        # A motion whose seats would sit half-empty is not offered while another fits.
        fitting = [
            (m, w)
            for m, w in motions
            if not overstaffed(segment.accounts + extra, limits.ratios[m])
        ]
        for motion, why in fitting or motions:
            # "direct": the only team of a one-segment org reports to the CS leader (a startup).
            alone = len(spec.segments) - len(hosts) == 1  # the org's only team(s), guests aside
            layouts = ("director", "flat", "direct", "split") if alone else ("director", "flat")
            for layout in layouts:
                shape = SegmentShape(
                    segment_id,
                    segment.name or segment_id,
                    regions,
                    motion,
                    limits.ratios[motion],
                    layout,
                    alone,
                )
                roles = segment_roles(
                    shape,
                    limits.span_min,
                    limits.span_max,
                    limits.director_min,
                    limits.director_max,
                )
                for role in roles:
                    if guests:
                        # Leads and directors serve the guests too: the pool's whole chain does.
                        role.also_serves = list(guests)
                    if role.type in COVERAGE_TYPES and guests:
                        role.why = (role.why + "; " if role.why else "") + (
                            f"also serves {', '.join(guests)}: too few accounts for a seat of "
                            f"{'their' if len(guests) > 1 else 'its'} own"
                        )
                if layout == "director" and not any(r.type == "cs-director" for r in roles):
                    continue  # too few teams for a director: the same as flat
                if layout == "direct" and any(r.type == "csm-team-lead" for r in roles):
                    continue  # several teams: they need their leads
                if any(
                    r.type in COVERAGE_TYPES and r.headcount == 1 and r.reports_to != LEADER_ID
                    for r in roles
                ):
                    continue  # a lead over a single seat is a manager of one
                shape_key = tuple((r.id, r.reports_to, r.headcount) for r in roles)
                if any(
                    tuple((r.id, r.reports_to, r.headcount) for r in o.roles) == shape_key
                    and o.motion == motion
                    for o in options
                ):
                    continue  # the same structure as a layout already offered
                cost, unpriced = _cost(roles, spec)
                missing |= unpriced
                layers = layers_below_leader(roles)
                if layers > limits.max_layers:
                    continue
                options.append(
                    Option(
                        segment_id,
                        motion,
                        layout,
                        roles,
                        cost,
                        sum(r.headcount for r in roles if r.type in COVERAGE_TYPES),
                        leader_span(roles),
                        layers,
                        why,
                        accounts_served=segment.accounts + extra,
                    )
                )
        out[segment_id] = options
    if missing:
        raise DesignError(
            [
                f"assumptions.pay: no entry gives the pay of a {t} seat (add one, or a default "
                f"entry with only `base`)"
                for t in sorted(missing)
            ]
        )
    return out


def _function_needs(spec: DesignInput, limits: Limits, coverage: int) -> list[tuple[str, int, str]]:
    """``(function, seats, why)`` for every function the input asks to staff."""
    out: list[tuple[str, int, str]] = []
    for function, need in spec.constraints.functions.items():
        if need.seats is not None:
            out.append((function, need.seats, f"{need.seats} {function} seats, as the input sets"))
        elif function == "operations":
            seats = max(1, math.ceil(coverage / limits.ops_ratio))
            out.append(
                (
                    function,
                    seats,
                    f"{coverage} coverage seats at {limits.ops_ratio} per "
                    f"operations seat (ops_ratio benchmark)",
                )
            )
        elif function == "renewals":
            renewing = sum(s.accounts for s in spec.segments.values())
            seats = max(1, math.ceil(renewing / 4 / limits.renewals_per_rep))
            out.append(
                (
                    function,
                    seats,
                    f"{renewing:,} annual renewals, {renewing / 4:,.0f} a quarter at "
                    f"{limits.renewals_per_rep} per rep (renewals benchmark)",
                )
            )
        elif function == "support":
            if need.accounts_per_seat is None:
                raise DesignError(
                    [
                        "constraints.functions.support: there is no public support "
                        "staffing ratio: give accounts_per_seat or seats"
                    ]
                )
            total = sum(s.accounts for s in spec.segments.values())
            seats = max(1, math.ceil(total / need.accounts_per_seat))
            out.append(
                (
                    function,
                    seats,
                    f"{total:,} accounts at {need.accounts_per_seat} per support seat (your ratio)",
                )
            )
        elif function == "onboarding":
            if need.new_accounts_per_seat is None:
                raise DesignError(
                    [
                        "constraints.functions.onboarding: there is no public "
                        "onboarding staffing ratio: give new_accounts_per_seat (new "
                        "accounts a year one seat onboards) or seats"
                    ]
                )
            new = sum(s.new_accounts_per_year or 0 for s in spec.segments.values())
            if not new:
                raise DesignError(
                    [
                        "constraints.functions.onboarding: give the segments' "
                        "new_accounts_per_year, so onboarding can be sized"
                    ]
                )
            seats = max(1, math.ceil(new / need.new_accounts_per_seat))
            out.append(
                (
                    function,
                    seats,
                    f"{new:,} new accounts a year at "
                    f"{need.new_accounts_per_seat} per onboarding seat "
                    f"(your ratio)",
                )
            )
    return out


def leader_role(spec: DesignInput) -> RoleSpec:
    unstaffed = [f for f in FUNCTIONS if f not in spec.constraints.functions]
    why = "leads customer success"
    if unstaffed:
        why += (
            f"; owns {', '.join(unstaffed)} until a team is staffed for it (or a central "
            f"team outside CS provides it): add it under constraints.functions to staff it"
        )
    return RoleSpec(
        LEADER_ID,
        "VP Customer Success",
        "vp-customer-success",
        None,
        kpis=list(LEADER_KPIS),
        owns=unstaffed,
        why=why,
    )


def _cost(roles: list[RoleSpec], spec: DesignInput) -> tuple[float, set[str]]:
    """Loaded annual cost of ``roles``, and the role types no pay entry prices."""
    pays = [(role, loaded_pay(role, spec.assumptions)) for role in roles]
    missing = {role.type for role, pay in pays if pay is None}
    return sum((pay or 0.0) * role.headcount for role, pay in pays), missing


def _priced(roles: list[RoleSpec], spec: DesignInput) -> float:
    """Loaded annual cost of ``roles``; a DesignError names every type left unpriced."""
    cost, missing = _cost(roles, spec)
    if missing:
        raise DesignError(
            [
                f"assumptions.pay: no entry gives the pay of a {t} seat (add one, or "
                f"a default entry with only `base`)"
                for t in sorted(missing)
            ]
        )
    return cost


def assemble(
    spec: DesignInput, limits: Limits, chosen: list[Option], functions_under_director: bool = False
) -> Design:
    """The whole org for one choice per segment (and the central functions' layout)."""
    leader = leader_role(spec)
    for option in chosen:
        if option.carried_by_leader:
            leader.segment = option.segment_id
            leader.carries = spec.segments[option.segment_id].accounts
            leader.why += f"; {option.why_motion}"
    coverage = sum(o.coverage_seats for o in chosen)
    needs = _function_needs(spec, limits, coverage)
    functions = central_functions(needs, limits.span_min, limits.span_max, functions_under_director)
    cost = sum(o.cost for o in chosen) + _priced([leader, *functions], spec)
    ops = next((seats for f, seats, _ in needs if f == "operations"), 0)
    return Design(chosen, functions, leader, cost, ops)


def feasible(design: Design, limits: Limits, with_budget: bool = True) -> list[str]:
    """The constraints a design breaks (empty: it meets them all)."""
    broken = []
    if with_budget and limits.budget is not None and design.cost > limits.budget + 0.5:
        broken.append(
            f"budget: costs {design.cost:,.0f}, {design.cost - limits.budget:,.0f} over "
            f"the budget of {limits.budget:,.0f}"
        )
    if design.leader_span > limits.leader_span_max:
        broken.append(
            f"leader span: {design.leader_span} seats would report to the CS leader, "
            f"above the executive span maximum of {limits.leader_span_max}"
        )
    if design.layers > limits.max_layers:
        broken.append(f"layers: {design.layers}, above the maximum of {limits.max_layers}")
    return broken


def brute_force(
    spec: DesignInput, limits: Limits, options: dict[str, list[Option]]
) -> list[Design]:
    """Every feasible combination, cheapest first (for small inputs and tests)."""
    designs = []
    for combo in itertools.product(*options.values()):
        for under_director in (False, True):
            design = assemble(spec, limits, list(combo), under_director)
            if under_director and _director_span(design.functions) < limits.director_min:
                continue
            if not feasible(design, limits):
                designs.append(design)
    return sorted(designs, key=lambda d: (round(d.cost, 2), d.key()))


def solve(spec: DesignInput, benchmarks: Benchmarks, alternatives: int = 2) -> Outcome:
    """The cheapest feasible design and up to ``alternatives`` next-cheapest ones."""
    limits = limits_of(spec, benchmarks)
    options = build_options(spec, limits)
    empty = [s for s, o in options.items() if not o]
    if empty:
        return Outcome(
            None,
            [],
            limits,
            [
                f"max_layers: every structure of {s} needs more than {limits.max_layers} layers"
                for s in empty
            ],
        )
    found = _best(spec, limits, options, alternatives + 1, limits.budget)
    if found:
        return Outcome(found[0], found[1:], limits)
    return _explain_infeasible(spec, benchmarks, limits, options)


def _ops_sizes(spec: DesignInput, limits: Limits, options: dict[str, list[Option]]) -> list[int]:
    """Every operations size the choices can lead to (one value when ops is not ratio-sized)."""
    need = spec.constraints.functions.get("operations")
    if need is None or need.seats is not None:
        return [0]
    low = sum(min(o.coverage_seats for o in opts) for opts in options.values())
    high = sum(max(o.coverage_seats for o in opts) for opts in options.values())
    return list(
        range(
            max(1, math.ceil(low / limits.ops_ratio)),
            max(1, math.ceil(high / limits.ops_ratio)) + 1,
        )
    )


def _best(
    spec: DesignInput,
    limits: Limits,
    options: dict[str, list[Option]],
    count: int,
    budget: float | None,
) -> list[Design]:
    """The ``count`` cheapest feasible designs (fewer when fewer exist)."""
    candidates: list[Design] = []
    ratio_sized = _ops_sizes(spec, limits, options) != [0]
    for ops, under_director in itertools.product(_ops_sizes(spec, limits, options), (False, True)):
        coverage_for_ops = ops * limits.ops_ratio if ratio_sized else 0
        needs = _function_needs(spec, limits, coverage_for_ops)
        functions = central_functions(needs, limits.span_min, limits.span_max, under_director)
        if under_director and _director_span(functions) < limits.director_min:
            continue  # too little under a director: the plain layout is the one to draw
        fixed = [leader_role(spec), *functions]
        fixed_cost = _priced(fixed, spec)
        fixed_layers = layers_below_leader(fixed)
        if fixed_layers > limits.max_layers:
            continue
        # Coverage seats that make `ops` operations seats: ceil(c / ratio), and at least one.
        band = (
            (limits.ops_ratio * (ops - 1) + 1 if ops > 1 else 0, limits.ops_ratio * ops)
            if ratio_sized
            else None
        )
        excluded: list[list[tuple[str, int]]] = []
        for _ in range(count):
            picked = _milp(
                options,
                excluded,
                band,
                limits.leader_span_max - leader_span(functions),
                None if budget is None else budget - fixed_cost,
            )
            if picked is None:
                break
            excluded.append(picked)
            design = assemble(spec, limits, [options[s][i] for s, i in picked], under_director)
            if not feasible(design, limits, with_budget=budget is not None):
                candidates.append(design)
    unique = {
        d.key(): d
        for d in sorted(candidates, key=lambda d: (round(d.cost, 2), d.key()), reverse=True)
    }
    return sorted(unique.values(), key=lambda d: (round(d.cost, 2), d.key()))[:count]


def _director_span(functions: list[RoleSpec]) -> int:
    """Seats reporting to the Director of Customer Operations in a grouped layout."""
    top = next((r.id for r in functions if r.reports_to == LEADER_ID), None)
    return sum(r.headcount for r in functions if r.reports_to == top)


def _milp(
    options: dict[str, list[Option]],
    excluded: list[list[tuple[str, int]]],
    coverage_band: tuple[int, int] | None,
    span_left: int,
    budget_left: float | None,
) -> list[tuple[str, int]] | None:
    """One option per segment, cheapest first, within the band, span and budget given."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    index = [(s, i) for s, opts in options.items() for i in range(len(opts))]
    n = len(index)
    cost = np.array([options[s][i].cost for s, i in index])
    rows: list[Any] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(values: Any, lo: float, hi: float) -> None:
        rows.append(values)
        lower.append(lo)
        upper.append(hi)

    for segment_id in options:
        add(np.array([1.0 if s == segment_id else 0.0 for s, _ in index]), 1, 1)
    if coverage_band is not None:
        seats = np.array([float(options[s][i].coverage_seats) for s, i in index])
        add(seats, coverage_band[0], coverage_band[1])
    add(np.array([float(options[s][i].span) for s, i in index]), -np.inf, span_left)
    if budget_left is not None:
        add(cost.copy(), -np.inf, budget_left)
    for picked in excluded:
        add(np.array([1.0 if key in picked else 0.0 for key in index]), -np.inf, len(picked) - 1)
    result = milp(
        cost,
        constraints=LinearConstraint(np.array(rows), np.array(lower), np.array(upper)),
        integrality=np.ones(n),
        bounds=Bounds(np.zeros(n), np.ones(n)),
        options={"time_limit": 30},
    )
    if result.x is None or result.status != 0:
        return None
    return [index[k] for k in range(n) if result.x[k] > 0.5]


def _explain_infeasible(
    spec: DesignInput, benchmarks: Benchmarks, limits: Limits, options: dict[str, list[Option]]
) -> Outcome:
    """Which constraints bind, by how much, and the nearest design that fits."""
    unbudgeted = _best(spec, limits, options, 1, None)
    if not unbudgeted:
        narrowest = assemble(
            spec, limits, [min(o, key=lambda x: (x.span, x.cost)) for o in options.values()]
        )
        binding = feasible(narrowest, limits) or ["the leader's span or the layers"]
        return Outcome(
            None,
            [],
            limits,
            binding,
            narrowest,
            "the narrowest structure csorg can draw, which still breaks them",
        )
    cheapest = unbudgeted[0]
    binding = feasible(cheapest, limits)
    # Nearest that fits: stretch every ratio by the smallest factor (in 5% steps) that fits.
    for step in range(1, 41):
        factor = 1 + step * 0.05
        stretched = spec.model_copy(deep=True)
        stretched.constraints.ratios = {
            m: f"1:{math.ceil(limits.ratios[m] * factor)}" for m in MOTIONS
        }
        stretched_limits = limits_of(stretched, benchmarks)
        stretched_options = build_options(stretched, stretched_limits)
        fits = _best(stretched, stretched_limits, stretched_options, 1, limits.budget)
        if fits:
            ratios = ", ".join(f"{m} 1:{r:,}" for m, r in stretched_limits.ratios.items())
            return Outcome(
                None,
                [],
                limits,
                binding,
                fits[0],
                f"every ratio stretched by {factor - 1:.0%} ({ratios}) fits the budget",
            )
    return Outcome(
        None,
        [],
        limits,
        binding,
        cheapest,
        "the cheapest design; stretching the ratios by up to 200% does not fit",
    )


def design_summary(design: Design) -> dict[str, Any]:
    return {
        "cost": round(design.cost, 2),
        "seats": design.seats,
        "layers": design.layers,
        "leader_span": design.leader_span,
        "segments": [
            {
                "id": o.segment_id,
                "motion": o.motion,
                "layout": o.layout,
                "coverage_seats": o.coverage_seats,
                "why": o.why_motion,
            }
            for o in design.options
        ],
        "functions": {r.id: r.headcount for r in design.functions},
    }


def coverage_seats(accounts: int, ratio: int) -> int:
    return seats_for(accounts, ratio)
