"""Quarterly plans: demand, supply with ramp and attrition, requisitions, managers and cost.

Per segment, for quarters 1..N (figures at the end of each quarter):

- **demand** = ceil(accounts / target accounts per seat), accounts grown by the plan's growth;
- **supply** = tenured people + each hire cohort x the ramp share of its age (0 = start quarter);
- **leavers**: expected leavers are ``attrition / 4`` x the people at the start of each quarter,
  made whole people by rounding the running total (half up), and taken from tenured people first;
- **hires**: when supply falls short of demand in quarter q, ``ceil(gap / ramp share of the start
  quarter)`` people start in q; their requisition opens ``time_to_fill`` quarters earlier. A gap that
  appears before a requisition could be filled (q <= time_to_fill) is met as early as possible and
  reported as a shortfall for the quarters in between. Open seats in the org today are
  requisitions already open: they start after ``time_to_fill`` quarters (the first quarter at least);
- **managers**: front-line managers needed = ceil(coverage people / the ``span.front_line``
  benchmark's maximum); a new one starts in the quarter the teams outgrow the ones they have;
- **cost** per quarter = loaded annual pay / 4 for everyone employed at the end of the quarter
  (coverage people, managers, and every other filled seat), plus the cost per hire of the starts.

Everything is computed with whole people, so a reader can check any row by hand (docs/plan.md
works one through).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from csorg_cli.analysis.metrics import OrgMetrics
from csorg_cli.analysis.tree import OrgTree
from csorg_cli.model.benchmarks import Benchmarks
from csorg_cli.plan.assumptions import Assumptions, Growth, PlanFileError
from csorg_cli.plan.cost import facts_of, loaded_cost

MAX_QUARTERS = 40
# Accounts beyond this are not a plan but a typo: refuse rather than compute absurd hires.
MAX_ACCOUNTS = 10**9


@dataclass
class Cohort:
    start: int  # quarter the people start (0 = before the plan)
    people: float  # FTE: part-time seats count as their share


@dataclass
class SegmentQuarter:
    quarter: int
    accounts: int
    arr: float | None
    demand: int
    supply: float
    people: float  # coverage people (FTE) employed at the end of the quarter
    leavers: int
    starts: float  # hires starting this quarter (FTE for open part-time seats)
    open_requisitions: float  # opened, not started yet, at the end of the quarter (FTE)
    managers_needed: int
    managers: int
    manager_starts: int

    @property
    def gap(self) -> float:
        return self.demand - self.supply


@dataclass
class Hire:
    """A line of the hiring plan."""

    role_type: str
    segment: str
    region: str | None
    count: float
    open_quarter: int  # requisition opens (0: already open today)
    start_quarter: int
    ready_quarter: int  # fully productive
    reason: str


@dataclass
class SegmentTimeline:
    segment_id: str
    name: str
    motion: str
    target_ratio: int
    role_type: str
    region: str | None
    quarters: list[SegmentQuarter] = field(default_factory=list)
    shortfall_quarters: list[int] = field(default_factory=list)


@dataclass
class QuarterCost:
    quarter: int
    people: float
    pay: float
    hiring: float

    @property
    def total(self) -> float:
        return self.pay + self.hiring


@dataclass
class QuarterlyPlan:
    labels: list[str]
    segments: list[SegmentTimeline]
    hires: list[Hire]
    costs: list[QuarterCost] | None  # None when some role has no pay entry
    unpriced: list[str]
    assumptions: Assumptions
    span_limit: int
    span_min: int
    budget_annual: float | None = None

    @property
    def quarters(self) -> int:
        return len(self.labels)


def quarter_labels(start: str | None, count: int) -> list[str]:
    """``Q1..QN``, or calendar quarters from ``start`` (``2027-Q1`` gives 2027-Q1, 2027-Q2...)."""
    if start is None:
        return [f"Q{q}" for q in range(1, count + 1)]
    text = start.strip().upper()
    year_text, _, quarter_text = text.partition("-Q")
    if not (year_text.isdigit() and quarter_text in ("1", "2", "3", "4")):
        raise PlanFileError([f"start: {start!r} is not a quarter like 2027-Q1"])
    year, quarter = int(year_text), int(quarter_text) - 1
    labels = []
    for offset in range(count):
        y, q = divmod(quarter + offset, 4)
        labels.append(f"{year + y}-Q{q + 1}")
    return labels


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


MOTION_ARCHETYPE = {"named": "csm", "pooled": "scaled-csm", "digital": "digital-success-manager"}


def build_quarterly_plan(
    tree: OrgTree,
    benchmarks: Benchmarks,
    assumptions: Assumptions,
    growth: list[Growth],
    quarters: int,
    start: str | None = None,
    budget_annual: float | None = None,
) -> QuarterlyPlan:
    """Simulate ``quarters`` quarters of the org in ``tree`` under the plan's growth."""
    if not 1 <= quarters <= MAX_QUARTERS:
        raise PlanFileError([f"quarters: plan 1 to {MAX_QUARTERS} quarters, not {quarters}"])
    org = tree.org
    unknown = sorted({g.segment for g in growth} - set(org.segments))
    if unknown:
        raise PlanFileError(
            [
                f"segments.{s}: not a segment of {org.organization.name} "
                f"(its segments: {', '.join(org.segments) or 'none'})"
                for s in unknown
            ]
        )
    labels = quarter_labels(start, quarters)
    metrics = OrgMetrics(tree, benchmarks)
    # A team is split when it outgrows the band's maximum (not the ideal: a team of 9 at a
    # 5-10 band needs no new manager).
    span_limit = int(benchmarks.get("span.front_line").max or 10)
    fill = assumptions.time_to_fill.value
    attrition = assumptions.attrition.value
    ramp_length = assumptions.quarters_to_ramp
    growth_by = {(g.segment, g.field): g for g in growth}

    timelines: list[SegmentTimeline] = []
    hires: list[Hire] = []
    coverage_cost: dict[int, float] = {}
    unpriced: set[str] = set()
    manager_pay_cache: dict[str, float | None] = {}

    for segment_id, coverage in metrics.coverage.items():
        segment = org.segments[segment_id]
        main_role = max(coverage.roles, key=lambda r: org.roles[r].headcount, default=None)
        role_type = (
            tree.archetype(main_role).id  # type: ignore[union-attr]
            if main_role is not None and tree.archetype(main_role) is not None
            else MOTION_ARCHETYPE[segment.motion]
        )
        region = org.roles[main_role].region if main_role else None
        timeline = SegmentTimeline(
            segment_id, coverage.name, segment.motion, coverage.target_ratio, role_type, region
        )
        per_seat = loaded_cost(facts_of(tree, main_role), assumptions) if main_role else None
        if main_role is None:
            matching = [p for p in assumptions.pay if p.type == role_type and p.role is None]
            per_seat = (
                matching[0].base * assumptions.loaded_cost_multiplier.value if matching else None
            )
        if per_seat is None:
            unpriced.add(main_role or f"{role_type} ({segment_id})")
        managers_now = sorted(
            {m for r in coverage.roles if (m := org.roles[r].reports_to) is not None}
        )
        manager_cost = _manager_cost(tree, managers_now, assumptions, manager_pay_cache)
        if manager_cost is None and managers_now:
            unpriced.update(managers_now)

        tenured = coverage.filled_seats
        cohorts: list[Cohort] = []
        # Requisitions opened today (the org's open seats, and any new ones) start this soon.
        earliest_start = max(1, fill)
        if coverage.open_seats:
            hires.append(
                Hire(
                    role_type,
                    segment_id,
                    region,
                    coverage.open_seats,
                    0,
                    earliest_start,
                    earliest_start + ramp_length,
                    "open seats in the org today",
                )
            )
        expected_leavers = 0.0
        leavers_so_far = 0
        managers = len(managers_now)
        accounts_by_quarter, arr_by_quarter = _grow(
            segment_id, segment.accounts, segment.arr, growth_by, quarters, labels
        )
        # Accounts that player-coaches carry themselves are not divided among the seats.
        demands = [
            math.ceil(max(a - coverage.carried_accounts, 0) / coverage.target_ratio)
            if coverage.target_ratio
            else 0
            for a in accounts_by_quarter
        ]
        for q in range(1, quarters + 1):
            accounts, arr, demand = (
                accounts_by_quarter[q - 1],
                arr_by_quarter[q - 1],
                demands[q - 1],
            )
            people_at_start = tenured + sum(c.people for c in cohorts)
            expected_leavers += people_at_start * attrition / 4
            leavers = _round_half_up(expected_leavers) - leavers_so_far
            leavers_so_far += leavers
            tenured, cohorts = _leave(tenured, cohorts, leavers)
            starts: float = 0
            if q == earliest_start and coverage.open_seats:
                cohorts.append(Cohort(q, coverage.open_seats))
                starts = coverage.open_seats
            # Hire ahead of the ramp: people who start now must carry the demand of the quarter
            # they are fully productive in (or the plan's last quarter).
            horizon = demands[q - 1 : min(q + ramp_length, quarters)]
            heads = tenured + sum(c.people for c in cohorts)
            wanted = max(horizon)
            if wanted > heads + 1e-9 and q >= earliest_start:
                new = math.ceil(wanted - heads - 1e-9)
                cohorts.append(Cohort(q, new))
                starts += new
                ahead = labels[min(q + ramp_length, quarters) - 1]
                hires.append(
                    Hire(
                        role_type,
                        segment_id,
                        region,
                        new,
                        q - fill,
                        q,
                        q + ramp_length,
                        f"{wanted} seats needed by {ahead} ({heads} people after leavers)",
                    )
                )
            tenured, cohorts = _graduate(tenured, cohorts, q, assumptions)
            supply = _supply(tenured, cohorts, q, assumptions)
            if demand - supply > 1e-9:
                # New people still ramping, or no requisition could start yet.
                timeline.shortfall_quarters.append(q)
            people = tenured + sum(c.people for c in cohorts)
            needed_managers = math.ceil(people / span_limit) if people else 0
            manager_starts = 0
            if needed_managers > managers:
                manager_starts = needed_managers - managers
                hires.append(
                    Hire(
                        "csm-team-lead",
                        segment_id,
                        region,
                        manager_starts,
                        max(q - fill, 0),
                        q,
                        q,
                        f"{people} coverage people need {needed_managers} front-line managers "
                        f"at a span of at most {span_limit}",
                    )
                )
                managers = needed_managers
            timeline.quarters.append(
                SegmentQuarter(
                    quarter=q,
                    accounts=accounts,
                    arr=arr,
                    demand=demand,
                    supply=round(supply, 2),
                    people=people,
                    leavers=leavers,
                    starts=starts,
                    open_requisitions=coverage.open_seats if q < earliest_start else 0,
                    managers_needed=needed_managers,
                    managers=managers,
                    manager_starts=manager_starts,
                )
            )
            if per_seat is not None:
                coverage_cost[q] = coverage_cost.get(q, 0.0) + people * per_seat / 4
            if manager_cost is not None:
                coverage_cost[q] = coverage_cost.get(q, 0.0) + managers * manager_cost / 4
        timelines.append(timeline)

    costs = _quarter_costs(tree, metrics, assumptions, timelines, coverage_cost, unpriced)
    return QuarterlyPlan(
        labels=labels,
        segments=timelines,
        hires=sorted(hires, key=lambda h: (h.open_quarter, h.segment, h.role_type)),
        costs=None if unpriced else costs,
        unpriced=sorted(unpriced),
        assumptions=assumptions,
        span_limit=span_limit,
        span_min=int(benchmarks.get("span.front_line").min or 1),
        budget_annual=budget_annual,
    )


def _grow(
    segment_id: str,
    accounts: int,
    arr: float | None,
    growth_by: dict[tuple[str, str], Growth],
    quarters: int,
    labels: list[str],
) -> tuple[list[int], list[float | None]]:
    """Accounts and ARR at the end of each quarter."""
    accounts_out: list[int] = []
    arr_out: list[float | None] = []
    for q in range(1, quarters + 1):
        if (segment_id, "accounts") in growth_by:
            accounts = growth_by[(segment_id, "accounts")].apply(q - 1, accounts)
        if (segment_id, "arr") in growth_by and arr is not None:
            arr = growth_by[(segment_id, "arr")].apply(q - 1, arr)
        if accounts > MAX_ACCOUNTS:
            raise PlanFileError(
                [
                    f"segments.{segment_id}.accounts: growth takes it past {MAX_ACCOUNTS:,} "
                    f"accounts by {labels[q - 1]}: check the growth figures"
                ]
            )
        accounts_out.append(accounts)
        arr_out.append(arr)
    return accounts_out, arr_out


def _manager_cost(
    tree: OrgTree, managers: list[str], assumptions: Assumptions, cache: dict[str, float | None]
) -> float | None:
    """Loaded cost of one front-line manager: the average of the segment's current managers."""
    costs = []
    for manager in managers:
        if manager not in cache:
            cache[manager] = loaded_cost(facts_of(tree, manager), assumptions)
        if cache[manager] is None:
            return None
        costs.append(cache[manager])
    if not costs:
        leads = [p for p in assumptions.pay if p.type == "csm-team-lead" and p.role is None]
        return leads[0].base * assumptions.loaded_cost_multiplier.value if leads else None
    return sum(c for c in costs if c is not None) / len(costs)


def _leave(tenured: float, cohorts: list[Cohort], leavers: float) -> tuple[float, list[Cohort]]:
    """Remove ``leavers`` people: tenured first, then the oldest cohorts."""
    from_tenured = min(tenured, leavers)
    tenured -= from_tenured
    leavers -= from_tenured
    kept = []
    for cohort in sorted(cohorts, key=lambda c: c.start):
        gone = min(cohort.people, leavers)
        leavers -= gone
        if cohort.people - gone:
            kept.append(Cohort(cohort.start, cohort.people - gone))
    return tenured, kept


def _graduate(
    tenured: float, cohorts: list[Cohort], quarter: int, assumptions: Assumptions
) -> tuple[float, list[Cohort]]:
    """Fold fully ramped cohorts into the tenured pool."""
    ramped = assumptions.quarters_to_ramp
    kept = []
    for cohort in cohorts:
        if quarter - cohort.start >= ramped and assumptions.ramp_share(quarter - cohort.start) >= 1:
            tenured += cohort.people
        else:
            kept.append(cohort)
    return tenured, kept


def _supply(tenured: float, cohorts: list[Cohort], quarter: int, assumptions: Assumptions) -> float:
    return tenured + sum(c.people * assumptions.ramp_share(quarter - c.start) for c in cohorts)


def _quarter_costs(
    tree: OrgTree,
    metrics: OrgMetrics,
    assumptions: Assumptions,
    timelines: list[SegmentTimeline],
    coverage_cost: dict[int, float],
    unpriced: set[str],
) -> list[QuarterCost]:
    """Cost per quarter: coverage people and their managers as planned, every other seat as now."""
    org = tree.org
    planned_roles = {r for c in metrics.coverage.values() for r in c.roles}
    planned_roles |= {org.roles[r].reports_to for r in planned_roles if org.roles[r].reports_to}  # type: ignore[misc]
    other = 0.0
    other_people = 0
    for role_id, role in org.roles.items():
        if role_id in planned_roles:
            continue
        per_seat = loaded_cost(facts_of(tree, role_id), assumptions)
        if per_seat is None:
            unpriced.add(role_id)
            continue
        other += role.filled * per_seat
        other_people += role.filled
    hire_cost = assumptions.hiring_cost.value if assumptions.hiring_cost else 0.0
    costs = []
    for index in range(len(timelines[0].quarters) if timelines else 0):
        q = index + 1
        starts = sum(t.quarters[index].starts + t.quarters[index].manager_starts for t in timelines)
        people = other_people + sum(
            t.quarters[index].people + t.quarters[index].managers for t in timelines
        )
        costs.append(
            QuarterCost(q, people, other / 4 + coverage_cost.get(q, 0.0), starts * hire_cost)
        )
    return costs


def plan_as_dict(plan: QuarterlyPlan) -> dict[str, Any]:
    """The JSON shape of a quarterly plan (docs/plan.md)."""
    return {
        "quarters": plan.labels,
        "assumptions": [{"name": n, "value": v} for n, v in plan.assumptions.provided()],
        "examples_used": plan.assumptions.uses_examples,
        "segments": [
            {
                "id": t.segment_id,
                "name": t.name,
                "motion": t.motion,
                "target_ratio": t.target_ratio,
                "role_type": t.role_type,
                "shortfall_quarters": [plan.labels[q - 1] for q in t.shortfall_quarters],
                "quarters": [
                    {
                        "quarter": plan.labels[sq.quarter - 1],
                        "accounts": sq.accounts,
                        "arr": sq.arr,
                        "demand": sq.demand,
                        "supply": sq.supply,
                        "people": sq.people,
                        "leavers": sq.leavers,
                        "starts": sq.starts,
                        "open_requisitions": sq.open_requisitions,
                        "managers": sq.managers,
                        "manager_starts": sq.manager_starts,
                    }
                    for sq in t.quarters
                ],
            }
            for t in plan.segments
        ],
        "hiring_plan": [
            {
                "role_type": h.role_type,
                "segment": h.segment,
                "region": h.region,
                "count": h.count,
                "open": "today" if h.open_quarter == 0 else plan.labels[h.open_quarter - 1],
                "start": _label(plan, h.start_quarter),
                "ready": _label(plan, h.ready_quarter),
                "reason": h.reason,
            }
            for h in plan.hires
        ],
        "cost": None
        if plan.costs is None
        else [
            {
                "quarter": plan.labels[c.quarter - 1],
                "people": c.people,
                "pay": round(c.pay, 2),
                "hiring": round(c.hiring, 2),
                "total": round(c.total, 2),
            }
            for c in plan.costs
        ],
        "unpriced_roles": plan.unpriced,
        "budget_annual": plan.budget_annual,
    }


def _label(plan: QuarterlyPlan, quarter: int) -> str:
    if quarter <= len(plan.labels):
        return plan.labels[quarter - 1]
    return f"{plan.labels[-1]}+{quarter - len(plan.labels)}"
