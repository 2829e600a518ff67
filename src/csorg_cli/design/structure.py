"""From a segment's choices (motion, and whether teams sit under a director) to roles and cost.

The shapes follow the reporting lines of the background documents (CSM -> team lead -> director ->
VP Customer Success) and the benchmarks csorg checks against, so a design validates clean:

- coverage seats = ceil(accounts / the motion's ratio), per region when the segment splits its
  accounts by region; a team per ``span.max`` seats, split evenly;
- one team gets a team lead; several teams get a team lead each, and either a segment director
  over them ("director") or the leads report straight to the CS leader ("flat", one layer less);
- a segment too small for a team (fewer seats than ``span.min``) reports to the CS leader;
- central functions: a team of ICs, with a manager once it has 3 or more seats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from csorg_cli.plan.assumptions import Assumptions
from csorg_cli.plan.cost import RoleFacts, loaded_cost

COVERAGE = {
    "named": ("csm", "Customer Success Manager", "csm"),
    "pooled": ("scaled-csm", "Scaled Customer Success Manager", "scsm"),
    "digital": ("digital-success-manager", "Digital Success Manager", "dsm"),
}

# function -> (manager archetype, manager title, IC archetype, IC title, id stem)
FUNCTIONS = {
    "operations": (
        "cs-operations-manager",
        "CS Operations Manager",
        "cs-analyst",
        "CS Operations Analyst",
        "ops",
    ),
    "renewals": (
        "renewals-leader",
        "Head of Renewals",
        "renewals-manager",
        "Renewals Manager",
        "renewals",
    ),
    "onboarding": (
        "onboarding-leader",
        "Head of Onboarding",
        "onboarding-specialist",
        "Onboarding Specialist",
        "onboarding",
    ),
    "support": ("support-manager", "Support Manager", "support", "Support Engineer", "support"),
}

# Archetype -> (function, level), for pay matching: the same facts the catalogue gives.
ARCHETYPE_FACTS = {
    "vp-customer-success": ("customer-success", "executive"),
    "cs-director": ("customer-success", "director"),
    "csm-team-lead": ("customer-success", "manager"),
    "csm": ("customer-success", "individual"),
    "scaled-csm": ("customer-success", "individual"),
    "digital-success-manager": ("digital", "individual"),
    "cs-operations-manager": ("operations", "manager"),
    "cs-analyst": ("analytics", "individual"),
    "renewals-leader": ("renewals", "manager"),
    "renewals-manager": ("renewals", "individual"),
    "onboarding-leader": ("onboarding", "manager"),
    "onboarding-specialist": ("onboarding", "individual"),
    "support-manager": ("support", "manager"),
    "support": ("support", "individual"),
}

LEADER_ID = "vp-cs"
LEADER_KPIS = ["net-revenue-retention", "gross-revenue-retention", "customer-health"]
MANAGER_KPIS = ["gross-revenue-retention", "customer-health"]


@dataclass
class RoleSpec:
    id: str
    title: str
    type: str
    reports_to: str | None
    headcount: int = 1
    segment: str | None = None
    region: str | None = None
    kpis: list[str] = field(default_factory=list)
    owns: list[str] = field(default_factory=list)
    why: str = ""
    also_serves: list[str] = field(default_factory=list)  # small segments this pool covers too
    carries: int | None = None  # accounts a player-coach carries (``carries: {accounts: N}``)


@dataclass(frozen=True)
class SegmentShape:
    """The inputs a segment's structure depends on."""

    segment_id: str
    name: str
    accounts_by_region: tuple[tuple[str | None, int], ...]
    motion: str
    ratio: int
    layout: str  # "director", "flat", "direct" or "split"
    alone: bool = False  # the org's only segment: the CS leader is its head


# How far accounts per seat may sit from the target before `coverage-ratio` speaks (its tolerance).
TOLERANCE = 0.25


def seats_for(accounts: int, ratio: int) -> int:
    """Coverage seats for ``accounts`` at 1:``ratio``: rounded up, unless rounding up would leave
    the seats overstaffed beyond the tolerance while one seat fewer stays within it (101 accounts
    at 1:100 is one seat slightly stretched, not two half-empty ones)."""
    if accounts <= 0:
        return 0
    seats = math.ceil(accounts / ratio)
    if (
        seats > 1
        and accounts / seats < ratio * (1 - TOLERANCE)
        and accounts / (seats - 1) <= ratio * (1 + TOLERANCE)
    ):
        seats -= 1
    return seats


def overstaffed(accounts: int, ratio: int) -> bool:
    """Whether even the seats :func:`seats_for` gives carry less than a book within tolerance."""
    seats = seats_for(accounts, ratio)
    return seats > 0 and accounts / seats < ratio * (1 - TOLERANCE)


def even_split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def segment_roles(
    shape: SegmentShape,
    span_min: int,
    span_max: int,
    director_min: int = 3,
    director_max: int = 8,
) -> list[RoleSpec]:
    """The roles of one segment's coverage under the CS leader (directors only over at least
    ``director_min`` teams each, at most ``director_max``: the band for a leader of managers)."""
    archetype, title, stem = COVERAGE[shape.motion]
    teams: list[tuple[str | None, int]] = []  # (region, seats) per team
    for region, accounts in shape.accounts_by_region:
        seats = seats_for(accounts, shape.ratio)
        if seats == 0:
            continue
        count = math.ceil(seats / span_max)
        # "split": one team more than the span needs, when every team still makes a team (a
        # leader with a single team lead below them is a manager of one).
        if shape.layout == "split" and seats >= span_min * (count + 1):
            count += 1
        teams += [(region, size) for size in even_split(seats, count)]
    if not teams:
        return []
    roles: list[RoleSpec] = []
    total = sum(size for _, size in teams)
    why_seats = (
        f"{sum(a for _, a in shape.accounts_by_region):,} {shape.name} accounts at 1:{shape.ratio:,} "
        f"({shape.motion}) need {total} coverage seat{'s' if total != 1 else ''}"
    )
    # Only the only segment of an org may report to the CS leader without a lead: beside other
    # segments' teams, a segment with no leader of its own has no one answering for it.
    if len(teams) == 1 and shape.layout == "direct":
        region, size = teams[0]
        roles.append(
            RoleSpec(
                f"{stem}-{shape.segment_id}",
                title,
                archetype,
                LEADER_ID,
                size,
                shape.segment_id,
                region,
                why=f"{why_seats}: one team, led by the CS leader",
            )
        )
        return roles
    parents = [LEADER_ID] * len(teams)
    if len(teams) >= max(director_min, 2) and shape.layout == "director":
        shares = even_split(len(teams), math.ceil(len(teams) / director_max))
        parents = []
        head = LEADER_ID
        if len(shares) > 1 and not shape.alone:
            # Several directors: a head of the segment leads them, one report for the CS leader.
            head = f"head-{shape.segment_id}"
            roles.append(
                RoleSpec(
                    head,
                    f"VP, {shape.name} Customer Success",
                    "cs-director",
                    LEADER_ID,
                    segment=shape.segment_id,
                    kpis=list(MANAGER_KPIS),
                    why=f"{why_seats} in {len(teams)} teams under {len(shares)} directors",
                )
            )
        for number, share in enumerate(shares, start=1):
            director = f"dir-{shape.segment_id}" + (f"-{number}" if len(shares) > 1 else "")
            roles.append(
                RoleSpec(
                    director,
                    f"Director, {shape.name} Customer Success",
                    "cs-director",
                    head,
                    segment=shape.segment_id,
                    kpis=list(MANAGER_KPIS),
                    why=f"{why_seats} in {len(teams)} teams: a director leads {share} team leads",
                )
            )
            parents += [director] * share
    regions_used = {region for region, _ in teams}
    count_by_region: dict[str | None, int] = {}
    for (region, size), parent in zip(teams, parents, strict=True):
        count_by_region[region] = count_by_region.get(region, 0) + 1
        n = count_by_region[region]
        suffix = ""
        if region is not None and len(regions_used) > 1:
            suffix += f"-{_slug(region)}"
        teams_here = sum(1 for r, _ in teams if r == region)
        if teams_here > 1:
            suffix += f"-{n}"
        lead_id = f"lead-{shape.segment_id}{suffix}"
        place = f" {region}" if region else ""
        roles.append(
            RoleSpec(
                lead_id,
                f"CS Team Lead, {shape.name}{place}",
                "csm-team-lead",
                parent,
                segment=shape.segment_id,
                region=region,
                kpis=list(MANAGER_KPIS),
                why=(
                    f"{why_seats}; a team of {size}"
                    + (f" in {region}" if region else "")
                    + f" (front-line span {span_min}-{span_max})"
                ),
            )
        )
        roles.append(
            RoleSpec(
                f"{stem}-{shape.segment_id}{suffix}",
                title,
                archetype,
                lead_id,
                size,
                shape.segment_id,
                region,
            )
        )
    return roles


def central_functions(
    needs: list[tuple[str, int, str]], span_min: int, span_max: int, under_director: bool = False
) -> list[RoleSpec]:
    """Central function teams from ``(function, seats, why)``, shaped like coverage teams.

    A function with a team's worth of seats (``span_min`` or more) gets teams of at most
    ``span_max``, each with its manager. Smaller functions share one "Head of Customer
    Operations" when together they make a team (as CS operations often groups renewals and
    analytics), and otherwise stand alone. ``under_director`` puts all of them under a Director of
    Customer Operations instead of the CS leader: one report for the leader instead of several.
    """
    roles: list[RoleSpec] = []
    top = "customer-operations-director" if under_director else LEADER_ID
    small = [(f, seats, why) for f, seats, why in needs if 0 < seats < span_min]
    for function, seats, why in needs:
        if seats < span_min:
            continue
        manager_type, manager_title, ic_type, ic_title, stem = FUNCTIONS[function]
        sizes = even_split(seats, math.ceil(seats / span_max))
        for n, size in enumerate(sizes, start=1):
            suffix = f"-{n}" if len(sizes) > 1 else ""
            lead = f"{stem}-lead{suffix}"
            title = manager_title if len(sizes) == 1 else f"{ic_title} Team Lead"
            roles.append(
                RoleSpec(
                    lead,
                    title,
                    manager_type,
                    top,
                    owns=[function],
                    kpis=list(MANAGER_KPIS),
                    why=f"{why}; a team of {size}",
                )
            )
            # The team says what it owns, so no one wonders who holds the renewal (or the rest).
            roles.append(
                RoleSpec(f"{stem}{suffix}", ic_title, ic_type, lead, size, owns=[function])
            )
    total_small = sum(seats for _, seats, _ in small)
    grouped = span_min <= total_small <= span_max and len(small) > 1
    parent = "customer-operations-lead" if grouped else top
    if grouped:
        names = ", ".join(f for f, _, _ in small)
        roles.append(
            RoleSpec(
                parent,
                "Head of Customer Operations",
                "cs-operations-manager",
                top,
                owns=[f for f, _, _ in small],
                kpis=list(MANAGER_KPIS),
                why=f"{names}: {total_small} seats, too few for a team each, one team together",
            )
        )
    for function, seats, why in small:
        _, _, ic_type, ic_title, stem = FUNCTIONS[function]
        roles.append(RoleSpec(stem, ic_title, ic_type, parent, seats, owns=[function], why=why))
    if under_director and roles:
        directs = sum(r.headcount for r in roles if r.reports_to == top)
        roles.insert(
            0,
            RoleSpec(
                top,
                "Director of Customer Operations",
                "cs-director",
                LEADER_ID,
                owns=[f for f, seats, _ in needs if seats > 0],
                kpis=list(MANAGER_KPIS),
                why=f"the central functions under one leader ({directs} direct seats), so "
                f"the CS leader's span stays within its band",
            ),
        )
    return roles


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-") or "region"


def loaded_pay(role: RoleSpec, assumptions: Assumptions) -> float | None:
    """Loaded annual cost of one seat of ``role``; None when no pay entry matches."""
    function, level = ARCHETYPE_FACTS[role.type]
    return loaded_cost(RoleFacts(role.id, role.type, function, level, role.region), assumptions)


def layers_below_leader(roles: list[RoleSpec]) -> int:
    """Layers from the CS leader (1) down to the deepest seat."""
    parent = {role.id: role.reports_to for role in roles}
    deepest = 1
    for role in roles:
        depth, current = 2, role.reports_to
        while current and current != LEADER_ID:
            depth += 1
            current = parent.get(current)
        deepest = max(deepest, depth)
    return deepest


def leader_span(roles: list[RoleSpec]) -> int:
    """Seats reporting straight to the CS leader."""
    return sum(role.headcount for role in roles if role.reports_to == LEADER_ID)
