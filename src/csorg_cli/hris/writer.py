"""Writing the org file of an import the way a person would: top-down, a blank line between roles,
comments where the export left something for the user, team files with ``include:`` when large.

The text is built by hand rather than dumped by PyYAML so that key order, blank lines, comments
and quoting are those of docs/format.md; tests load every file written back through csorg.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from csorg_cli.hris.seats import Seat, SeatPlan, slug

SCHEMA_FILE = "csorg.schema.json"
# An org file with more seats than this is split into one team file per leader under the top.
SPLIT_AT = 150

# Plain scalars that YAML 1.1 or 1.2 would read as something other than the text.
_RESERVED = re.compile(
    r"^(y|n|yes|no|on|off|true|false|null|~|nan|inf|\.nan|\.inf|[-+]?\.inf)$", re.IGNORECASE
)
_NUMBERISH = re.compile(r"^[-+]?[0-9][0-9_,:.eE+-]*$|^0[xob]|^\d{4}-\d{2}-\d{2}")


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same string, else quoted."""
    plain = (
        text
        and text == text.strip()
        and not _RESERVED.match(text)
        and not _NUMBERISH.match(text)
        and text[0] not in "-?:,[]{}#&*!|>'\"%@`"
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and all(ch.isprintable() for ch in text)
        and "\t" not in text
    )
    if plain:
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow_list(items: list[str]) -> str:
    return "[" + ", ".join(scalar(item) for item in items) + "]"


def _role_lines(seat: Seat, width: int = 100) -> list[str]:
    # The department is not said: an export of this file must import back to the same text.
    comment = "  # outside Customer Success" if seat.outside else ""
    lines = [f"  {seat.id}:{comment}", f"    title: {scalar(seat.title)}"]
    if seat.explicit_type:
        lines.append(f"    type: {seat.explicit_type}")
    if seat.manager is not None:
        lines.append(f"    reports_to: {seat.manager.id}")
    if seat.segment:
        lines.append(f"    segment: {slug(seat.segment)}")
    if seat.region:
        lines.append(f"    region: {scalar(seat.region)}")
    if seat.employment != "employee":
        lines.append(f"    employment: {seat.employment}")
    if seat.fte < 1:
        lines.append(f"    fte: {seat.fte:g}")
    if seat.central:
        lines.append("    central: true  # a CS team under a leader outside CS")
    names = seat.people
    if seat.headcount == 1:
        if names:
            lines.append(f"    person: {scalar(names[0])}")
        elif seat.open:
            lines.append("    open: 1")
        return lines
    lines.append(f"    headcount: {seat.headcount}")
    if seat.open:
        lines.append(f"    open: {seat.open}")
    if names:
        flow = f"    people: {_flow_list(names)}"
        if len(flow) <= width:
            lines.append(flow)
        else:
            lines.append("    people:")
            lines.extend(f"      - {scalar(name)}" for name in names)
    return lines


@dataclass
class WrittenFile:
    """One file of the import: its path relative to the main file's folder, and its text."""

    relative: str
    text: str


def render_files(
    plan: SeatPlan,
    *,
    name: str,
    main_name: str = "org.yaml",
    split: bool | None = None,
    schema: str = SCHEMA_FILE,
) -> list[WrittenFile]:
    """The org file (first) and its team files; ``split`` None splits when large."""
    total = sum(seat.headcount for seat in plan.seats)
    if split is None:
        split = total > SPLIT_AT
    teams = _teams(plan) if split else []
    in_team = {id(seat) for _, seats in teams for seat in seats}
    people = sum(len(seat.people) for seat in plan.seats)
    head = [
        f"# yaml-language-server: $schema={schema}",
        # Nothing here names the export or the day: importing the same people twice, or an
        # export of this file, gives the same text.
        f"# Imported with `csorg import`: {people} {'person' if people == 1 else 'people'} "
        f"in {len(plan.seats)} roles.",
        "# Re-import to compare with the HRIS (`csorg diff org.yaml people.csv`); plan here.",
        "csorg: 1",
        "organization:",
        f"  name: {scalar(name)}",
    ]
    if plan.leader is not None:
        head.append(f"  leader: {plan.leader.id}  # the roles above it are outside CS")
    lines = list(head)
    if plan.segments:
        lines += ["", "segments:"]
        for segment_id, label in plan.segments.items():
            lines += [
                f"  {segment_id}:",
                f"    name: {scalar(label)}",
                "    accounts: 0  # fill in: customer accounts in this segment",
                "    motion: named  # named, pooled or digital: how this segment is covered",
            ]
    else:
        lines += [
            "",
            "# The export has no segment column: add `segments:` (docs/format.md) and set",
            "# `segment:` on the roles that serve each one.",
        ]
    if not plan.regions:
        lines += ["# The export has no region column: set `region:` on roles that serve one."]
    if teams:
        lines += ["", "include: [teams/*.yaml]"]
    lines += ["", "roles:" if plan.seats else "roles: {}  # the export holds nobody to import"]
    first = True
    for seat in plan.seats:
        if id(seat) in in_team:
            continue
        if not first:
            lines.append("")
        lines += _role_lines(seat)
        first = False
    files = [WrittenFile(main_name, "\n".join(lines) + "\n")]
    team_schema = schema if "://" in schema or schema.startswith("/") else f"../{schema}"
    for leader, seats in teams:
        people_in = sum(len(s.people) for s in seats)
        team_lines = [
            f"# yaml-language-server: $schema={team_schema}",
            f"# The team under {leader.manager.id if leader.manager else leader.id}: "
            f"{leader.title}"
            + (f" ({leader.people[0]})" if leader.people else "")
            + f", {people_in} {'person' if people_in == 1 else 'people'}. "
            f"Included by ../{main_name}.",
            "csorg: 1",
            "roles:",
        ]
        for index, seat in enumerate(seats):
            if index:
                team_lines.append("")
            team_lines += _role_lines(seat)
        files.append(WrittenFile(f"teams/{leader.id}.yaml", "\n".join(team_lines) + "\n"))
    return files


def _teams(plan: SeatPlan) -> list[tuple[Seat, list[Seat]]]:
    """One team per leader under the top of the CS org: that leader and everything below."""
    top = _cs_top(plan)
    if top is None:
        return []
    teams: list[tuple[Seat, list[Seat]]] = []
    for child in top.children:
        if not child.is_manager:
            continue
        members: list[Seat] = []
        stack = [child]
        while stack:
            seat = stack.pop()
            members.append(seat)
            stack.extend(reversed(seat.children))
        teams.append((child, members))
    return teams


def _cs_top(plan: SeatPlan) -> Seat | None:
    """The highest seat inside CS whose team holds most people (where teams split from)."""
    if plan.leader is not None and sum(1 for c in plan.leader.children if c.is_manager) >= 2:
        return plan.leader
    inside = [seat for seat in plan.seats if not seat.outside and seat.is_manager]
    if not inside:
        return None
    # The first CS seat in tree order with more than one leader below it.
    for seat in inside:
        if sum(1 for child in seat.children if child.is_manager) >= 2:
            return seat
    return inside[0]
