"""What an org costs: loaded pay per seat, by function and segment, against ARR and a budget.

Loaded cost of a seat = the most specific ``pay`` entry's base x ``loaded_cost_multiplier``.
Filled seats cost now; open seats cost once filled, so the *budgeted* cost counts every seat. A role
that no ``pay`` entry matches has no cost: it is listed (never priced at zero silently), and commands
that need a total refuse to give one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.plan.assumptions import Assumptions, Budget, PayRate


@dataclass(frozen=True)
class RoleFacts:
    """What a pay entry can match on."""

    role_id: str
    type: str | None
    function: str | None
    level: str | None
    region: str | None


def facts_of(tree: OrgTree, role_id: str) -> RoleFacts:
    role = tree.org.roles[role_id]
    archetype = tree.archetype(role_id)
    return RoleFacts(
        role_id=role_id,
        type=archetype.id if archetype else role.type,
        function=archetype.function if archetype else None,
        # The level as csorg reads it (title and tree) where the tree knows it, else the archetype's.
        level=tree.level(role_id)
        if hasattr(tree, "level")
        else (archetype.level if archetype else None),
        region=role.region,
    )


def pay_for(facts: RoleFacts, pay: list[PayRate]) -> PayRate | None:
    """The most specific entry whose every selector matches (the first one on a tie)."""
    best: PayRate | None = None
    best_score = -1
    for entry in pay:
        if entry.role is not None and entry.role != facts.role_id:
            continue
        if any(
            selector is not None and selector != value
            for selector, value in (
                (entry.type, facts.type),
                (entry.function, facts.function),
                (entry.level, facts.level),
                (entry.region, facts.region),
            )
        ):
            continue
        score = entry.specificity() or 0
        if score > best_score:
            best, best_score = entry, score
    return best


@dataclass
class CostLine:
    role_id: str
    title: str
    seats: int
    open_seats: int
    loaded_per_seat: float

    @property
    def filled_cost(self) -> float:
        return (self.seats - self.open_seats) * self.loaded_per_seat

    @property
    def budgeted_cost(self) -> float:
        return self.seats * self.loaded_per_seat


@dataclass
class OrgCost:
    """Annual loaded cost of an org, and the roles that no pay entry matched."""

    lines: list[CostLine]
    unpriced: list[str]
    by_function: dict[str, float] = field(default_factory=dict)
    by_segment: dict[str, float] = field(default_factory=dict)
    arr: float | None = None
    accounts: int = 0
    budget: Budget | None = None

    @property
    def filled(self) -> float:
        return sum(line.filled_cost for line in self.lines)

    @property
    def budgeted(self) -> float:
        return sum(line.budgeted_cost for line in self.lines)

    @property
    def share_of_arr(self) -> float | None:
        return self.budgeted / self.arr if self.arr else None

    @property
    def per_account(self) -> float | None:
        return self.budgeted / self.accounts if self.accounts else None

    @property
    def over_budget(self) -> float | None:
        """Budgeted cost above the budget (negative: headroom); None without a budget."""
        return None if self.budget is None else self.budgeted - self.budget.annual


def loaded_cost(facts: RoleFacts, assumptions: Assumptions) -> float | None:
    entry = pay_for(facts, assumptions.pay)
    if entry is None:
        return None
    return entry.base * assumptions.loaded_cost_multiplier.value


def org_cost(tree: OrgTree, assumptions: Assumptions, budget: Budget | None = None) -> OrgCost:
    """The annual loaded cost of every seat in ``tree``'s org."""
    org = tree.org
    lines: list[CostLine] = []
    unpriced: list[str] = []
    by_function: dict[str, float] = defaultdict(float)
    by_segment: dict[str, float] = defaultdict(float)
    for role_id, role in org.roles.items():
        facts = facts_of(tree, role_id)
        per_seat = loaded_cost(facts, assumptions)
        if per_seat is None:
            unpriced.append(role_id)
            continue
        line = CostLine(role_id, role.title, role.headcount, role.open, per_seat)
        lines.append(line)
        by_function[facts.function or "unknown"] += line.budgeted_cost
        by_segment[", ".join(role.segments) or "(no segment)"] += line.budgeted_cost
    arrs = [s.arr for s in org.segments.values() if s.arr is not None]
    return OrgCost(
        lines=lines,
        unpriced=unpriced,
        by_function=dict(by_function),
        by_segment=dict(by_segment),
        arr=sum(arrs) if arrs else None,
        accounts=sum(s.accounts for s in org.segments.values()),
        budget=budget,
    )
