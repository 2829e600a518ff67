"""Capacity planning: coverage seats each segment needs, the hires (or surplus), and where they go.

The arithmetic is the one :class:`~csorg_cli.analysis.metrics.SegmentCoverage` uses for reports and
rules (seats needed = ceil(accounts / target ratio)), applied to the org as it is and to the org
after a scenario's changes. New seats fill the teams that already hold that coverage role towards
the ideal span (``span.front_line`` value); the rest form new teams of about the ideal size, split
evenly and not below the band's minimum, each with a new team lead who reports to the segment's
own leader. A remainder too small for a team goes to existing teams up to the maximum, never to a
lead of its own. Surplus seats are reported, never removed: deciding who moves is a human call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from csorg_cli.analysis.metrics import OrgMetrics, SegmentCoverage, benchmark_ratio
from csorg_cli.analysis.tree import OrgTree
from csorg_cli.model.benchmarks import Benchmarks
from csorg_cli.model.org import OrgFile, Role, Segment
from csorg_cli.plan.scenario import Change, ScenarioError

# The coverage archetype a motion uses when a segment has no coverage role of its own yet.
MOTION_ARCHETYPE = {"named": "csm", "pooled": "scaled-csm", "digital": "digital-success-manager"}
MANAGER_ARCHETYPE = "csm-team-lead"
LEADER_ARCHETYPES = ("vp-customer-success", "chief-customer-officer")


@dataclass
class SegmentPlan:
    """One segment before and after the scenario, and the coverage seats it needs."""

    segment_id: str
    name: str
    is_new: bool
    motion_before: str | None
    motion: str
    accounts_before: int | None
    accounts: int
    arr_before: float | None
    arr: float | None
    ratio_before: int | None
    ratio: int
    ratio_source: str
    seats: float  # primary coverage seats it has, in FTE (filled and open)
    open_seats: float
    needed_now: int | None  # at today's accounts and ratio (None: a new segment)
    needed: int  # after the scenario
    seats_after: float = 0  # coverage seats once the plan's hires are made
    accounts_per_seat_after: float | None = None
    status_after: str = ""

    @property
    def gap_now(self) -> float | None:
        return None if self.needed_now is None else self.needed_now - self.seats


@dataclass
class PlanLine:
    """Hires (positive) or surplus (negative) of one role type in one segment."""

    segment_id: str
    archetype: str
    kind: str  # "coverage" or "manager"
    have: float  # FTE: part-time and shared seats are fractions
    need: int
    roles: list[str] = field(default_factory=list)  # the roles that receive the seats

    @property
    def delta(self) -> float:
        return self.need - self.have

    @property
    def hires(self) -> int:
        """Whole seats to add: a gap of 0.5 FTE is one more (part-time) seat to open."""
        return max(math.ceil(round(self.delta, 6)), 0)


@dataclass
class PlanEdits:
    """What the plan changes in the org file: segment fields, new segments, seats, new roles."""

    segment_updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_segments: dict[str, dict[str, Any]] = field(default_factory=dict)
    role_updates: dict[str, dict[str, int]] = field(default_factory=dict)
    new_roles: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Plan:
    """The result of ``csorg plan``."""

    file: str
    org_name: str
    scenario: str | None
    changes: list[str]
    segments: list[SegmentPlan]
    lines: list[PlanLine]
    edits: PlanEdits
    span_limit: int
    span_source: str
    planned: OrgFile
    # Leaders who receive new team leads: span before and after the plan.
    leader_spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def hires(self) -> int:
        return sum(line.hires for line in self.lines)

    @property
    def manager_hires(self) -> int:
        return sum(line.hires for line in self.lines if line.kind == "manager")

    @property
    def surplus(self) -> float:
        return -sum(line.delta for line in self.lines if line.delta < 0)


def scale_split(split: dict[str, int], total: int) -> dict[str, int]:
    """``split`` scaled to add up to ``total``: largest remainders get the spare accounts."""
    before = sum(split.values())
    if before == 0:
        shares = {region: total / len(split) for region in split}
    else:
        shares = {region: count * total / before for region, count in split.items()}
    out = {region: int(share) for region, share in shares.items()}
    spare = total - sum(out.values())
    for region in sorted(shares, key=lambda r: shares[r] - out[r], reverse=True)[:spare]:
        out[region] += 1
    return out


def apply_changes(
    org: OrgFile, changes: list[Change], benchmarks: Benchmarks | None = None
) -> tuple[dict[str, Segment], PlanEdits]:
    """The segments after ``changes``, and the segment edits the file needs.

    A segment whose motion changes keeps no ratio of its old motion (1:150 pooled makes no sense
    digital): unless the scenario sets a ratio too, its ratio becomes the new motion's benchmark.
    """
    benchmarks = benchmarks or Benchmarks.load()
    edits = PlanEdits()
    data: dict[str, dict[str, Any]] = {
        sid: segment.model_dump(exclude_none=True, exclude_defaults=True)
        for sid, segment in org.segments.items()
    }
    for sid, segment in org.segments.items():
        data[sid].update(accounts=segment.accounts, motion=segment.motion)
    touched: dict[str, Change] = {}
    problems: list[str] = []
    for change in changes:
        is_new = change.segment not in org.segments
        target = data.setdefault(change.segment, {})
        try:
            value = change.apply(target.get(change.field))
        except ScenarioError as error:
            problems.extend(error.messages)
            continue
        if change.field == "ratio":
            value = f"1:{value}"
        target[change.field] = value
        updates = edits.new_segments if is_new else edits.segment_updates
        updates.setdefault(change.segment, {})[change.field] = value
        touched.setdefault(change.segment, change)
    # A segment whose accounts split by region keeps its split, scaled to the new accounts (the
    # parts must add up to accounts).
    for sid, segment in org.segments.items():
        split = segment.accounts_by_region
        accounts = data[sid].get("accounts")
        if split and isinstance(accounts, int) and accounts != segment.accounts:
            scaled = scale_split(split, accounts)
            data[sid]["accounts_by_region"] = scaled
            edits.segment_updates.setdefault(sid, {})["accounts_by_region"] = scaled
    ratio_set = {change.segment for change in changes if change.field == "ratio"}
    for sid, segment in org.segments.items():
        motion = data[sid].get("motion")
        if (
            motion != segment.motion
            and segment.ratio
            and sid not in ratio_set
            and motion in MOTION_ARCHETYPE
        ):
            default = int(benchmark_ratio(benchmarks, motion).value or 1)
            data[sid]["ratio"] = f"1:{default}"
            edits.segment_updates[sid]["ratio"] = f"1:{default}"
    out: dict[str, Segment] = {}
    for sid, values in data.items():
        if sid not in org.segments:
            missing = [name for name in ("accounts", "motion") if name not in values]
            if missing:
                problems.append(
                    f"{touched[sid].origin}: new segment {sid!r} needs "
                    f"{' and '.join(missing)} (for example segments.{sid}."
                    f"{missing[0]}={'50' if missing[0] == 'accounts' else 'named'})"
                )
                continue
            # A new segment's fields in the usual order, whatever order the options came in.
            order = ("name", "accounts", "arr", "motion", "ratio")
            edits.new_segments[sid] = {key: values[key] for key in order if key in values}
        try:
            out[sid] = Segment.model_validate(values)
        except ValidationError as error:
            first = error.errors()[0]
            problems.append(
                f"{touched.get(sid, changes[0]).origin}: segment {sid!r}: {first['msg']}"
            )
    if problems:
        raise ScenarioError(problems)
    return out, edits


# A plan adds at most this many teams (each a lead and its seats): 10,000 teams is 100,000 seats
# at the usual span, beyond any hiring plan; an absurd scenario ends here instead of running on.
MAX_NEW_TEAMS = 10_000


class _Ids:
    """Fresh role ids (``lead-smb``, ``lead-smb-2``...) in constant time each: the next suffix
    of every base is remembered, so n new teams cost n, not n squared."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.next_number: dict[str, int] = {}

    def new(self, base: str) -> str:
        if base not in self.next_number:
            self.next_number[base] = 2
            if base not in self.taken:
                self.taken.add(base)
                return base
        number = self.next_number[base]
        while f"{base}-{number}" in self.taken:
            number += 1
        candidate = f"{base}-{number}"
        self.next_number[base] = number + 1
        self.taken.add(candidate)
        return candidate


class _Planner:
    def __init__(
        self, tree: OrgTree, benchmarks: Benchmarks, main_file: str, role_files: dict[str, str]
    ) -> None:
        self.tree = tree
        self.org = tree.org
        self.main_file = main_file
        self.role_files = role_files
        front_line = benchmarks.get("span.front_line")
        self.span_limit = int(front_line.max or front_line.value or 10)
        # Teams are filled towards the ideal (the benchmark's value) and new teams sized to it;
        # the maximum is room for a remainder too small to be a team of its own.
        self.span_ideal = min(int(front_line.value or self.span_limit), self.span_limit)
        self.span_min = max(int(front_line.min or 1), 1)
        self.span_source = front_line.source
        self.spans = {rid: tree.span(rid) for rid in self.org.roles}
        self.ids = _Ids(set(self.org.roles))
        self.edits = PlanEdits()
        # Each segment's single-segment roles and the roles serving it, indexed once: looking
        # them up per segment would cost segments x roles.
        self.single_segment: dict[str, list[str]] = {}
        self.serving: dict[str, list[str]] = {}
        for rid, role in self.org.roles.items():
            if len(role.segments) == 1:
                self.single_segment.setdefault(role.segments[0], []).append(rid)
            for segment in role.segments:
                self.serving.setdefault(segment, []).append(rid)
        self._siblings: dict[str, str] = {}

    def archetype_id(self, role_id: str) -> str | None:
        archetype = self.tree.archetype(role_id)
        return archetype.id if archetype else None

    def coverage_roles(self, segment_id: str) -> list[str]:
        """The roles whose seats divide the segment's accounts: the ones that get new seats.

        Overlays, stage or product owners, pools shared with other segments and part-time seats
        are left alone: a new account seat is a full seat of the segment's own team.
        """
        out = []
        for rid in self.single_segment.get(segment_id, []):
            role = self.org.roles[rid]
            if (
                role.segments == (segment_id,)
                and self.tree.coverage_kind(rid) == "primary"
                and role.fte == 1
                and role.held_by is None
            ):
                out.append(rid)
        return out

    def _leads_segment(self, role_id: str, segment_id: str) -> bool:
        reading = self.tree.reading(role_id)
        level = reading.level if reading else "individual"
        return segment_id in self.org.roles[role_id].segments and level in ("director", "executive")

    def leader_for(self, segment_id: str, candidates: list[str]) -> str | None:
        """Who new team leads of a segment report to."""
        tree = self.tree
        for rid in candidates:
            manager = tree.parent.get(rid)
            if manager is None:
                continue
            # A segment's own leader who leads its CSMs directly (a director of the segment)
            # takes the new leads; a team lead's new peers report where the team lead does.
            if self._leads_segment(manager, segment_id):
                return manager
            return tree.parent.get(manager, manager)
        # A leader who already serves the segment (a segment director), highest first.
        serving = [
            rid
            for rid in self.serving.get(segment_id, [])
            if self.org.roles[rid].headcount == 1
            and rid in tree.layer
            and not (tree.archetype(rid) or _NONE).coverage
        ]
        if serving:
            return min(serving, key=lambda rid: tree.layer[rid])
        for archetype in LEADER_ARCHETYPES:
            for rid in self.org.roles:
                if self.archetype_id(rid) == archetype and self.org.roles[rid].headcount == 1:
                    return rid
        roots = [rid for rid in tree.roots if self.org.roles[rid].headcount == 1]
        return roots[0] if roots else None

    def _give(self, rid: str, manager: str, segment_id: str, archetype_id: str, seats: int) -> str:
        """Add ``seats`` open seats to role ``rid`` (or a sibling role); returns who got them."""
        role = self.org.roles[rid]
        in_main_file = self.role_files.get(rid, self.main_file) == self.main_file
        if in_main_file and not role.person:
            update = self.edits.role_updates.setdefault(rid, {"headcount": 0, "open": 0})
            update["headcount"] += seats
            update["open"] += seats
            return rid
        # The role lives in an included file, which the plan does not rewrite, or is held by one
        # named person: its new seats become a sibling role in the root file (one per role).
        sibling = self._siblings.get(rid)
        if sibling is None:
            sibling = self._siblings[rid] = self.ids.new(f"{rid}-new")
            self.edits.new_roles[sibling] = _role_data(
                role.title, archetype_id, manager, segment_id, seats, role.region
            )
            return sibling
        data = self.edits.new_roles[sibling]
        data["headcount"] = data.get("headcount", 1) + seats
        data["open"] = data["open"] + seats
        return sibling

    def _new_seats(
        self, archetype_id: str, manager: str | None, segment_id: str, seats: int
    ) -> str:
        """A new role of ``seats`` open seats of the archetype under ``manager``; its id."""
        archetype = self.tree.catalogue.get(archetype_id)
        seat_id = self.ids.new(f"{archetype_id}-{segment_id}")
        self.edits.new_roles[seat_id] = _role_data(
            archetype.name if archetype else archetype_id,
            archetype_id,
            manager,
            segment_id,
            seats,
            None,
        )
        return seat_id

    def place(self, segment_id: str, archetype_id: str, count: int) -> tuple[list[str], int]:
        """Add ``count`` seats; returns the roles that got seats and the team leads added."""
        tree = self.tree
        candidates = [
            rid for rid in self.coverage_roles(segment_id) if self.archetype_id(rid) == archetype_id
        ]
        receiving: list[str] = []
        remaining = count

        def fill(up_to: int) -> None:
            nonlocal remaining
            for rid in candidates:
                manager = tree.parent.get(rid)
                if manager is None or remaining == 0:
                    continue
                seats = min(max(up_to - self.spans[manager], 0), remaining)
                if seats:
                    self.spans[manager] += seats
                    remaining -= seats
                    receiving.append(self._give(rid, manager, segment_id, archetype_id, seats))

        fill(self.span_ideal)
        room = sum(
            max(self.span_limit - self.spans[manager], 0)
            for manager in {tree.parent[r] for r in candidates if r in tree.parent}
        )
        if remaining < self.span_min and (remaining <= room or remaining == 1):
            # Fewer seats left than a team needs: existing teams take them, up to the maximum
            # (a remainder they cannot all take becomes a team of its own, still being hired).
            fill(self.span_limit)
        led = [rid for rid in candidates if tree.parent.get(rid) is not None]
        if remaining == 1 and led:
            # Every team is full and one seat is left: a lead for it would be a manager of one,
            # so it joins the smallest team (splitting a team moves people, a human call the
            # plan leaves to the leader; span-of-control says so).
            rid = min(led, key=lambda r: self.spans[tree.parent[r]])
            self.spans[tree.parent[rid]] += 1
            remaining = 0
            receiving.append(self._give(rid, tree.parent[rid], segment_id, archetype_id, 1))
        receiving = list(dict.fromkeys(receiving))
        managers = 0
        if 0 < remaining < self.span_min and not led:
            # Too few for a team of their own and no team to join: the seats report to the
            # segment's leader directly, never to a new lead of one or two.
            leader = self.leader_for(segment_id, candidates)
            seat_id = self._new_seats(archetype_id, leader, segment_id, remaining)
            return [*receiving, seat_id], 0
        if remaining:
            # Teams of about the ideal size, none below the band's floor when avoidable (a new
            # team of two or three open seats is a team still being hired).
            teams = math.ceil(remaining / self.span_ideal)
            teams = max(1, min(teams, remaining // self.span_min))
            if teams > MAX_NEW_TEAMS:
                raise ScenarioError(
                    [
                        f"segment {segment_id!r} would need {teams:,} new teams "
                        f"({remaining:,} seats); csorg plans at most {MAX_NEW_TEAMS:,} new teams: "
                        f"check the segment's accounts and ratio"
                    ]
                )
            leader = self.leader_for(segment_id, candidates)
            manager_title = self.tree.catalogue.get(MANAGER_ARCHETYPE)
            for index in range(teams):
                # Split evenly: 13 seats make teams of 7 and 6, not 10 and 3.
                seats = remaining // teams + (1 if index < remaining % teams else 0)
                lead_id = self.ids.new(f"lead-{segment_id}")
                self.edits.new_roles[lead_id] = _role_data(
                    manager_title.name if manager_title else "Customer Success Team Lead",
                    MANAGER_ARCHETYPE,
                    leader,
                    segment_id,
                    1,
                    None,
                )
                receiving.append(self._new_seats(archetype_id, lead_id, segment_id, seats))
                managers += 1
        return receiving, managers


class _NoArchetype:
    coverage = False


_NONE = _NoArchetype()


def _role_data(
    title: str, archetype: str, reports_to: str | None, segment: str, seats: int, region: str | None
) -> dict[str, Any]:
    data: dict[str, Any] = {"title": title, "type": archetype}
    if reports_to is not None:
        data["reports_to"] = reports_to
    data["segment"] = segment
    if region is not None:
        data["region"] = region
    if seats > 1:
        data["headcount"] = seats
    data["open"] = seats
    return data


def _dominant_archetype(planner: _Planner, roles: list[str], motion: str) -> str:
    seats: dict[str, int] = {}
    for rid in roles:
        archetype = planner.archetype_id(rid)
        if archetype is not None:
            seats[archetype] = seats.get(archetype, 0) + planner.org.roles[rid].headcount
    if not seats:
        return MOTION_ARCHETYPE[motion]
    return max(seats, key=lambda a: seats[a])  # max keeps the first of equals: file order


def apply_edits(org: OrgFile, segments: dict[str, Segment], edits: PlanEdits) -> OrgFile:
    """The planned org model: new segments and seats applied to ``org``."""
    roles: dict[str, Role] = {}
    for rid, role in org.roles.items():
        update = edits.role_updates.get(rid)
        if update:
            role = role.model_copy(
                update={
                    "headcount": role.headcount + update["headcount"],
                    "open": role.open + update["open"],
                }
            )
        roles[rid] = role
    for rid, data in edits.new_roles.items():
        roles[rid] = Role.model_validate(data)
    return org.model_copy(update={"segments": segments, "roles": roles})


def build_plan(
    tree: OrgTree,
    changes: list[Change],
    benchmarks: Benchmarks | None = None,
    file: str = "",
    role_files: dict[str, str] | None = None,
    scenario: str | None = None,
    metrics: OrgMetrics | None = None,
) -> Plan:
    """Plan the coverage seats of ``tree.org`` after ``changes`` (none: today's gaps).

    ``metrics`` are today's figures when the caller has them already (a checked org's), computed
    against the same ``benchmarks``."""
    benchmarks = benchmarks or Benchmarks.load()
    org = tree.org
    segments, segment_edits = apply_changes(org, changes, benchmarks)
    now = (metrics or OrgMetrics(tree, benchmarks)).coverage
    # The planned orgs share today's roles (new segments) or most of them (new seats): their trees
    # are built from today's, and with no change at all today's figures are the answer.
    planned_org = org.model_copy(update={"segments": segments})
    planned_tree = tree.for_org(planned_org)
    after = now if not changes else OrgMetrics(planned_tree, benchmarks).coverage
    planner = _Planner(tree, benchmarks, file, role_files or {})
    planner.edits.segment_updates = segment_edits.segment_updates
    planner.edits.new_segments = segment_edits.new_segments

    plans: list[SegmentPlan] = []
    lines: list[PlanLine] = []
    for sid, coverage in after.items():
        before: SegmentCoverage | None = now.get(sid)
        motion_before = before.motion if before else None
        roles = planner.coverage_roles(sid)
        plans.append(
            SegmentPlan(
                segment_id=sid,
                name=coverage.name,
                is_new=before is None,
                motion_before=motion_before,
                motion=coverage.motion,
                accounts_before=before.accounts if before else None,
                accounts=coverage.accounts,
                arr_before=before.arr if before else None,
                arr=coverage.arr,
                ratio_before=before.target_ratio if before else None,
                ratio=coverage.target_ratio,
                ratio_source=coverage.target_source,
                seats=coverage.seats,
                open_seats=coverage.open_seats,
                needed_now=before.seats_needed if before else None,
                needed=coverage.seats_needed,
            )
        )
        if motion_before is not None and motion_before != coverage.motion:
            # A new motion is served by its own role type; seats of the old one become surplus.
            archetype = MOTION_ARCHETYPE[coverage.motion]
            have: dict[str, int] = {}
            for rid in roles:
                key = planner.archetype_id(rid) or ""
                have[key] = have.get(key, 0) + org.roles[rid].headcount
            main = PlanLine(
                sid, archetype, "coverage", have.pop(archetype, 0), coverage.seats_needed
            )
            lines.append(main)
            for other, seats in have.items():
                lines.append(PlanLine(sid, other, "coverage", seats, 0))
        else:
            archetype = _dominant_archetype(planner, roles, coverage.motion)
            main = PlanLine(sid, archetype, "coverage", coverage.seats, coverage.seats_needed)
            lines.append(main)
        if main.hires > 0:
            main.roles, managers = planner.place(sid, archetype, main.hires)
            if managers:
                lines.append(
                    PlanLine(
                        sid,
                        MANAGER_ARCHETYPE,
                        "manager",
                        0,
                        managers,
                        [
                            rid
                            for rid, data in planner.edits.new_roles.items()
                            if data["type"] == MANAGER_ARCHETYPE and data["segment"] == sid
                        ],
                    )
                )

    planned = apply_edits(org, segments, planner.edits)
    edited = planner.edits.new_roles or planner.edits.role_updates
    final_tree = planned_tree.for_org(planned) if edited else planned_tree
    final = OrgMetrics(final_tree, benchmarks).coverage if edited else after
    for plan in plans:
        result = final[plan.segment_id]
        plan.seats_after = result.seats
        plan.accounts_per_seat_after = result.accounts_per_seat
        plan.status_after = result.status()
    # Leaders who gain new team leads: their span grows too, and the plan says by how much.
    leader_spans: dict[str, tuple[int, int]] = {}
    for data in planner.edits.new_roles.values():
        leader = data.get("reports_to")
        if data["type"] == MANAGER_ARCHETYPE and leader in org.roles and leader not in leader_spans:
            leader_spans[leader] = (tree.span(leader), final_tree.span(leader))
    return Plan(
        file=file,
        org_name=org.organization.name,
        scenario=scenario,
        changes=[change.describe() for change in changes],
        segments=plans,
        lines=lines,
        edits=planner.edits,
        span_limit=planner.span_limit,
        span_source=planner.span_source,
        planned=planned,
        leader_spans=leader_spans,
    )
