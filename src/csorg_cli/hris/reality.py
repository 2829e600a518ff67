"""The plan against reality: an org file compared with a people export from the HRIS.

People are matched by name (the plan's ``person:`` and ``people:``). A person of the export whom
the plan does not name is placed where the plan has room for them: a role under their manager's
role whose title reads as theirs, taking a seat the plan counts as filled but names nobody in
(that agrees with the plan), else an open seat (the plan does not know that seat is filled).
What is left over is a disagreement. Kinds, in the order they are reported:

- ``open-seat-filled``: a person holds a seat the plan has open (``open:`` of a multi-seat role);
- ``vacancy-filled``: a vacant single-seat role of the plan is held by someone;
- ``not-in-plan``: a person in a role the plan does not have (no such role under their manager);
- ``over-plan``: a person in a role of the plan whose seats are all taken;
- ``different-manager``: a person under another manager than the plan says;
- ``different-role``: a person whose title reads as another role than the plan's;
- ``not-in-export``: a person the plan names who is not in the export (left, or not hired yet);
- ``headcount-differs``: a team (the seats reporting to one leader) whose filled seats in the
  plan differ from the people reporting to that leader in the export.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from csorg_cli.hris.importer import Imported
from csorg_cli.hris.people import Person, name_key
from csorg_cli.model.catalogue import Catalogue, normalize_title
from csorg_cli.model.org import OrgFile, Role

KINDS: tuple[str, ...] = (
    "open-seat-filled",
    "vacancy-filled",
    "not-in-plan",
    "over-plan",
    "different-manager",
    "different-role",
    "not-in-export",
    "headcount-differs",
)
_TITLES = {
    "open-seat-filled": "Seats filled that the plan has open",
    "vacancy-filled": "Plan vacancies that are filled",
    "not-in-plan": "People in roles the plan does not have",
    "over-plan": "People beyond the plan's seats",
    "different-manager": "People under a different manager",
    "different-role": "People in a different role",
    "not-in-export": "Planned people not in the export",
    "headcount-differs": "Headcount per team that differs",
}


@dataclass(frozen=True)
class Difference:
    """One way the plan and the export disagree."""

    kind: str
    message: str
    role: str | None = None  # the plan role it is about, if any
    person: str | None = None
    row: int | None = None  # the row of the export, if any


@dataclass
class RealityDiff:
    plan_file: str
    export_file: str
    mapping: str
    differences: list[Difference] = field(default_factory=list)
    people_compared: int = 0
    seats_in_plan: int = 0

    def of(self, kind: str) -> list[Difference]:
        return [d for d in self.differences if d.kind == kind]


class _Reader:
    """What a title reads as: the role's type, or the archetype the catalogue infers."""

    def __init__(self, catalogue: Catalogue, titles: Any = None) -> None:
        self.catalogue = catalogue
        self.titles = titles

    def of_title(self, title: str) -> str:
        if self.titles is not None:
            mapped = self.titles.lookup(title)
            if mapped:
                return str(mapped)
        archetype = self.catalogue.infer(title)
        return archetype.id if archetype else f"title:{normalize_title(title)}"

    def of_role(self, role: Role) -> str:
        return role.type or self.of_title(role.title)


def compare(
    org: OrgFile,
    imported: Imported,
    plan_file: str,
    catalogue: Catalogue | None = None,
    titles: Any = None,
) -> RealityDiff:
    """Every disagreement between the planned ``org`` and the ``imported`` export."""
    reader = _Reader(catalogue or Catalogue.load(), titles)
    people = imported.people
    diff = RealityDiff(plan_file=plan_file, export_file=people.file, mapping=people.mapping.name)
    roles = org.roles
    diff.seats_in_plan = sum(role.headcount for role in roles.values())

    planned_role: dict[str, str] = {}  # name -> role id
    planned_name: dict[str, str] = {}  # name key -> the name as the plan spells it
    for role_id, role in roles.items():
        for holder in role.holders:
            planned_role.setdefault(name_key(holder), role_id)
            planned_name.setdefault(name_key(holder), holder)
    # Seats of each role not yet accounted for: filled-but-unnamed, and open.
    unnamed = {rid: max(r.filled - len(r.holders), 0) for rid, r in roles.items()}
    open_seats = {rid: r.open for rid, r in roles.items()}
    children: dict[str | None, list[str]] = {}
    for role_id, role in roles.items():
        children.setdefault(role.reports_to, []).append(role_id)

    # People outside CS are compared only when the plan names them.
    outside = {id(p) for p in imported.plan.left_outside}
    in_export = [
        p
        for p in people.people
        if not p.vacant and p.name and (id(p) not in outside or name_key(p.name) in planned_role)
    ]
    diff.people_compared = len(in_export)
    seen: set[str] = set()
    placed: dict[int, str] = {}  # id(person) -> plan role id it sits in

    def role_of_manager(person: Person) -> str | None:
        manager = person.manager
        if manager is None or manager.vacant or not manager.name:
            return None
        return planned_role.get(name_key(manager.name))

    # Named people first, so that the seats they hold are not offered to others.
    for person in in_export:
        key = name_key(person.name)
        if key in planned_role:
            seen.add(key)
            placed[id(person)] = planned_role[key]
    for person in sorted(in_export, key=lambda p: p.row):
        key = name_key(person.name)
        if key in planned_role:
            continue
        manager_role = role_of_manager(person)
        wanted = reader.of_title(person.title)
        candidates = (
            [rid for rid in children.get(manager_role, []) if reader.of_role(roles[rid]) == wanted]
            if manager_role is not None
            else []
        )
        # Prefer a role of the same segment and region, when the export says them.
        candidates.sort(
            key=lambda rid: (
                bool(person.segment) and roles[rid].segment != _slug(person.segment),
                bool(person.region) and (roles[rid].region or "") != person.region,
            )
        )
        where = f"{person.title} under {person.manager.display}" if person.manager else person.title
        taken = next((rid for rid in candidates if unnamed[rid] > 0), None)
        if taken is not None:
            unnamed[taken] -= 1
            placed[id(person)] = taken
            continue
        taken = next((rid for rid in candidates if open_seats[rid] > 0), None)
        if taken is not None:
            open_seats[taken] -= 1
            placed[id(person)] = taken
            role = roles[taken]
            kind = "vacancy-filled" if role.headcount == 1 else "open-seat-filled"
            if kind == "vacancy-filled":
                message = f"{taken} ({role.title}) is vacant in the plan; {person.name} holds it"
            else:
                message = (
                    f"{person.name} ({where}) fills an open seat of {taken} ({role.title}, "
                    f"{role.open} open in the plan)"
                )
            diff.differences.append(Difference(kind, message, taken, person.name, person.row))
            continue
        if candidates:
            role = roles[candidates[0]]
            diff.differences.append(
                Difference(
                    "over-plan",
                    f"{person.name} ({where}) is beyond the plan: {candidates[0]} has "
                    f"{role.headcount} seat{'s' if role.headcount != 1 else ''}, all taken",
                    candidates[0],
                    person.name,
                    person.row,
                )
            )
            placed[id(person)] = candidates[0]
            continue
        under = f" under {manager_role}" if manager_role else ""
        diff.differences.append(
            Difference(
                "not-in-plan",
                f"{person.name} ({where}): the plan has no such role{under}",
                manager_role,
                person.name,
                person.row,
            )
        )

    # People the plan names: same manager? same role?
    for person in in_export:
        key = name_key(person.name)
        if key not in planned_role:
            continue
        role_id = planned_role[key]
        role = roles[role_id]
        planned_manager = role.reports_to
        actual_manager = role_of_manager(person)
        if planned_manager is None and actual_manager is None:
            pass  # a top of the plan: whoever is above it in the company is not planned here
        elif actual_manager != planned_manager:
            plan_holder = _holder(roles, planned_manager)
            plan_side = (
                f"{planned_manager} ({plan_holder})"
                if plan_holder
                else (planned_manager or "nobody")
            )
            export_side = person.manager.display if person.manager else "nobody"
            diff.differences.append(
                Difference(
                    "different-manager",
                    f"{planned_name[key]} reports to {export_side} in the export, to {plan_side} "
                    "in the plan",
                    role_id,
                    planned_name[key],
                    person.row,
                )
            )
        if reader.of_title(person.title) != reader.of_role(role):
            diff.differences.append(
                Difference(
                    "different-role",
                    f"{planned_name[key]} is {person.title!r} in the export, "
                    f"{role_id} ({role.title}) in the plan",
                    role_id,
                    planned_name[key],
                    person.row,
                )
            )
    for key, role_id in planned_role.items():
        if key not in seen:
            diff.differences.append(
                Difference(
                    "not-in-export",
                    f"{planned_name[key]} ({role_id}, {roles[role_id].title}) is not in the export",
                    role_id,
                    planned_name[key],
                )
            )

    # Headcount per team: the seats reporting to each leader against the people reporting to the
    # person who holds that leader's role in the export.
    by_name = {name_key(p.name): p for p in in_export}
    compared = {id(p) for p in in_export}
    for role_id, role in roles.items():
        reports = children.get(role_id, [])
        if not reports or not role.holders:
            continue
        leader = by_name.get(name_key(role.holders[0]))
        if leader is None:
            continue
        planned_seats = sum(roles[r].headcount for r in reports)
        planned_filled = sum(roles[r].filled for r in reports)
        actual = sum(1 for p in leader.reports if id(p) in compared)
        if actual != planned_filled:
            diff.differences.append(
                Difference(
                    "headcount-differs",
                    f"team of {role_id} ({role.holders[0]}): {planned_filled} filled of "
                    f"{planned_seats} seats in the plan, {actual} "
                    f"{'person' if actual == 1 else 'people'} in the export",
                    role_id,
                    role.holders[0],
                    leader.row,
                )
            )
    order = {kind: index for index, kind in enumerate(KINDS)}
    diff.differences.sort(key=lambda d: (order[d.kind], d.row or 0, d.role or "", d.message))
    return diff


def _holder(roles: dict[str, Role], role_id: str | None) -> str | None:
    if role_id is None or role_id not in roles:
        return None
    holders = roles[role_id].holders
    return holders[0] if holders else None


def _slug(text: str) -> str:
    from csorg_cli.hris.seats import slug

    return slug(text)


# --- output ------------------------------------------------------------------------------------


def render(diff: RealityDiff, output_format: str) -> str:
    if output_format == "json":
        document = {
            "version": 1,
            "plan": diff.plan_file,
            "export": diff.export_file,
            "mapping": diff.mapping,
            "people_compared": diff.people_compared,
            "seats_in_plan": diff.seats_in_plan,
            "differences": [
                {
                    "kind": d.kind,
                    "message": d.message,
                    "role": d.role,
                    "person": d.person,
                    "row": d.row,
                }
                for d in diff.differences
            ],
            "summary": {kind: len(diff.of(kind)) for kind in KINDS},
        }
        return json.dumps(document, indent=2) + "\n"
    out = io.StringIO()
    markdown = output_format == "markdown"
    if markdown:
        from csorg_cli.markdown import escape

        out.write(
            f"## Plan against the HRIS: {escape(diff.plan_file)} vs {escape(diff.export_file)}\n\n"
        )
    else:
        out.write(f"plan {diff.plan_file} against {diff.export_file} ({diff.mapping} mapping)\n")
    for kind in KINDS:
        found = diff.of(kind)
        if not found:
            continue
        if markdown:
            out.write(f"### {_TITLES[kind]} ({len(found)})\n\n")
            for d in found:
                where = f" (row {d.row})" if d.row else ""
                out.write(f"- {escape(d.message)}{where}\n")
            out.write("\n")
        else:
            out.write(f"\n{_TITLES[kind]} ({len(found)}):\n")
            for d in found:
                where = f"{diff.export_file}:{d.row}: " if d.row else ""
                out.write(f"  {where}{d.message}\n")
    total = len(diff.differences)
    summary = (
        f"{diff.people_compared} people in the export against {diff.seats_in_plan} seats in the "
        f"plan: " + (f"{total} difference{'s' if total != 1 else ''}" if total else "they agree")
    )
    out.write(("\n" if total else "") + (f"**{summary}**\n" if markdown else f"{summary}\n"))
    return out.getvalue()


def run_reality_diff(
    plan: str,
    export: str,
    read: Any,
    settings: Any,
    output_format: str,
    output: str | None,
    never_fail: bool,
) -> int:
    """`csorg diff org.yaml people.csv`: the exit code (1 when plan and export disagree)."""
    import sys

    from csorg_cli.cli.common import (
        EXIT_OK,
        EXIT_PROBLEMS,
        check_outputs_or_fail,
        fail,
        input_files,
        load_org_or_exit,
        write_output_or_fail,
    )
    from csorg_cli.diagnostics import Severity
    from csorg_cli.hris.importer import ImportError_, format_diagnostic, import_people
    from csorg_cli.hris.seats import TitleTable, TitleTableError

    check_outputs_or_fail([output], [export, *(f for f in (read.user_map, read.titles) if f)])
    result = load_org_or_exit(plan, settings, output)
    if result.org is None:
        for diagnostic in result.diagnostics:
            if diagnostic.severity is Severity.ERROR:
                print(format_diagnostic(diagnostic), file=sys.stderr)
        fail(f"{plan}: not an org file that can be compared (see the errors above)")
    try:
        imported = import_people(export, read)
    except ImportError_ as error:
        fail(str(error))
    catalogue = Catalogue.load()
    titles = None
    if read.titles is not None:
        try:
            titles = TitleTable.load(read.titles, catalogue)
        except TitleTableError as error:
            fail(str(error))
    for diagnostic in imported.diagnostics:
        if diagnostic.severity >= Severity.WARNING:
            print(format_diagnostic(diagnostic), file=sys.stderr)
    diff = compare(result.org, imported, plan, catalogue, titles)
    protected = [*input_files(result, settings), export]
    write_output_or_fail(render(diff, output_format), output, protected)
    return EXIT_PROBLEMS if diff.differences and not never_fail else EXIT_OK
