"""The org at the end of each planned quarter, as an org file (``plan --write-quarters DIR``).

Each file is the input org with the quarter's accounts and ARR per segment, and per segment's main
coverage role (the one with the most seats) the quarter's seats: people employed plus requisitions
still open. Seats are never removed when people leave: a leaver's seat stays as an open seat until
the backfill starts. When the plan adds front-line managers, each new manager gets a team of the
new seats (split evenly, never above the span limit) reporting to the segment's own leader (the
manager of the segment's current front-line managers). Names of holders stay only while the seats
they could hold are filled: expected leavers are not known by name.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.plan.compute import scale_split
from csorg_cli.plan.quarters import QuarterlyPlan


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def quarter_org(tree: OrgTree, plan: QuarterlyPlan, quarter: int, source_name: str) -> str:
    """The org file (YAML text) at the end of ``quarter`` (1-based)."""
    org = tree.org
    data: dict[str, Any] = org.model_dump(mode="json", exclude_defaults=True, by_alias=True)
    data.pop("include", None)  # roles from included files are written out in full
    # Today's accounts file describes today: linked from a quarter's org, its counts would replace
    # the quarter's projected figures (and every segment would "disagree with the data").
    linked_book = data.pop("accounts", None)
    data["csorg"] = 1
    roles: dict[str, dict[str, Any]] = data.setdefault("roles", {})
    taken = set(roles)
    spans = {role_id: tree.span(role_id) for role_id in org.roles}
    for timeline in plan.segments:
        figures = timeline.quarters[quarter - 1]
        segment = data["segments"][timeline.segment_id]
        segment["accounts"] = figures.accounts
        regions = segment.get("accounts_by_region")
        if regions:
            segment["accounts_by_region"] = scale_split(regions, figures.accounts)
        if figures.arr is not None:
            arr = figures.arr
            segment["arr"] = int(arr) if float(arr).is_integer() else arr
        coverage_roles = [
            r
            for r, role in org.roles.items()
            if timeline.segment_id in role.segments
            and (a := tree.archetype(r)) is not None
            and a.coverage
        ]
        if not coverage_roles:
            continue
        seats_now = sum(org.roles[r].headcount for r in coverage_roles)
        # Whole seats in the file: part-time people still hold a seat each.
        seats = max(seats_now, math.ceil(figures.people + figures.open_requisitions - 1e-9))
        added = _add_seats(org, coverage_roles, seats - seats_now, spans, plan.span_limit)
        leftover = seats - seats_now - sum(added.values())
        main = max(coverage_roles, key=lambda r: org.roles[r].headcount)
        for role_id, extra in added.items():
            roles[role_id]["headcount"] = org.roles[role_id].headcount + extra
        if leftover > 0:
            _new_teams(
                roles,
                taken,
                tree,
                main,
                timeline.segment_id,
                leftover,
                plan.span_limit,
                plan.span_min,
            )
        # Who is missing: seats minus people. Open seats sit where seats were added, then on the
        # main role (a leaver's seat).
        open_seats = max(seats - math.ceil(figures.people - 1e-9), 0)
        team_roles = [
            *coverage_roles,
            *(
                r
                for r in roles
                if r not in org.roles
                and roles[r].get("segment") == timeline.segment_id
                and roles[r].get("type") != "csm-team-lead"
            ),
        ]
        for role_id in sorted(team_roles, key=lambda r: (r in org.roles, r != main)):
            role = roles[role_id]
            headcount = role.get("headcount", 1)
            role_open = min(open_seats, headcount)
            open_seats -= role_open
            if role_open:
                role["open"] = role_open
            else:
                role.pop("open", None)
            filled = headcount - role_open
            if len(role.get("people", [])) > filled:
                role.pop("people")
            if role.get("person") and filled < 1:
                role.pop("person")
    header = (
        f"# The org at the end of {plan.labels[quarter - 1]}, planned by `csorg plan "
        f"--quarters` from {source_name}.\n"
        "# Seats are people employed plus open requisitions; see docs/plan.md.\n"
    )
    if linked_book is not None:
        header += (
            "# Segment figures are projections: the accounts file the input links (today's book)\n"
            "# is not linked here.\n"
        )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _add_seats(
    org: Any, coverage_roles: list[str], count: int, spans: dict[str, int], limit: int
) -> dict[str, int]:
    """Place ``count`` new seats on existing coverage roles, always under the manager with the
    smallest team, while that team stays within ``limit``."""
    added: dict[str, int] = {}
    for _ in range(count):
        candidates = [
            r
            for r in coverage_roles
            if (manager := org.roles[r].reports_to) is None or spans[manager] < limit
        ]
        if not candidates:
            break
        role_id = min(
            candidates,
            key=lambda r: (spans.get(org.roles[r].reports_to or "", 0), coverage_roles.index(r)),
        )
        added[role_id] = added.get(role_id, 0) + 1
        if org.roles[role_id].reports_to:
            spans[org.roles[role_id].reports_to] += 1
    return added


def _new_teams(
    roles: dict[str, dict[str, Any]],
    taken: set[str],
    tree: OrgTree,
    main: str,
    segment_id: str,
    seats: int,
    limit: int,
    minimum: int,
) -> None:
    """New teams for seats no current manager can take: split evenly, each under a new team
    lead who reports to the segment's own leader (the manager of its front-line managers).

    A new team is never left below the band's minimum: seats move over from the main role's
    team while that team stays within the band.
    """
    org = tree.org
    main_role = roles[main]
    spare = max(main_role.get("headcount", 1) - minimum, 0)
    wanted = max(minimum * math.ceil(seats / limit) - seats, 0)
    moved = min(spare, wanted)
    if moved:
        main_role["headcount"] = main_role.get("headcount", 1) - moved
        seats += moved
    manager = org.roles[main].reports_to
    leader = (org.roles[manager].reports_to if manager else None) or manager
    teams = math.ceil(seats / limit)
    base, extra = divmod(seats, teams)
    for n in range(teams):
        size = base + (1 if n < extra else 0)
        lead_id = _unique(f"{segment_id}-team-lead", taken)
        lead: dict[str, Any] = {
            "title": f"Team Lead, {org.segments[segment_id].name or segment_id}",
            "type": "csm-team-lead",
            "segment": segment_id,
        }
        if leader:
            lead["reports_to"] = leader
        roles[lead_id] = lead
        team: dict[str, Any] = {
            key: value
            for key, value in main_role.items()
            if key in ("title", "type", "segment", "region", "kpis", "owns", "description")
        }
        team.update(reports_to=lead_id, headcount=size)
        roles[_unique(f"{main}-team-{n + 2}", taken)] = team
