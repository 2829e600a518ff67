"""An org file back out: a people CSV (for an HRIS or ChartHop) and Backstage catalog entities.

The CSV has one row per seat in the columns of the ``generic`` mapping, so ``csorg import`` reads
it back to the same org file: a filled seat is a row with the holder's name (blank when the plan
names nobody), an open seat a row with status ``Open``. Ids are the role id for a single seat and
``role-id-N`` for the N-th seat of a role, so managers are referred to by their role id.

Backstage: each role that leads a team is a ``Group`` (its children the teams under it, its
members the holders of the seats that report to it and the leader), each named person a ``User``
(``backstage.io/v1alpha1``; names as the catalog requires them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from csorg_cli.model.org import OrgFile, Role

CSV_COLUMNS = (
    "employee_id",
    "name",
    "title",
    "manager_id",
    "department",
    "segment",
    "region",
    "status",
    "employment_type",
    "fte",
    "role_id",
)
CS_DEPARTMENT = "Customer Success"
OUTSIDE_DEPARTMENT = ""
FORMATS = ("csv", "backstage")


@dataclass(frozen=True)
class SeatRow:
    """One seat of the org, as a people file shows it."""

    id: str
    name: str
    title: str
    manager_id: str
    role_id: str
    role: Role
    vacant: bool


def _seat_ids(role_id: str, role: Role) -> list[str]:
    if role.headcount == 1:
        return [role_id]
    return [f"{role_id}-{number}" for number in range(1, role.headcount + 1)]


def seats(org: OrgFile) -> Iterator[SeatRow]:
    """Every seat, in file order: named people first, then unnamed filled seats, then open ones."""
    for role_id, role in org.roles.items():
        manager_id = ""
        if role.reports_to and role.reports_to in org.roles:
            manager_id = role.reports_to  # managers are single seats: their seat id is the role id
        holders = role.holders
        filled = role.filled
        for index, seat_id in enumerate(_seat_ids(role_id, role)):
            vacant = index >= filled
            name = holders[index] if index < len(holders) and not vacant else ""
            yield SeatRow(seat_id, name, role.title, manager_id, role_id, role, vacant)


def outside_roles(org: OrgFile) -> set[str]:
    """Roles outside the CS org: above or beside its leader, when the org names one, and central
    teams (``central: true``) with their reports (the one reading: OrgTree.outside_cs)."""
    from csorg_cli.analysis.tree import OrgTree

    return set(OrgTree.build(org).outside_cs)


def people_csv(org: OrgFile) -> str:
    """The people file: one row per seat (see the module docstring)."""
    outside = outside_roles(org)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in seats(org):
        role = row.role
        names = []
        for segment_id in role.segments:  # a pool serving several segments names each
            described = org.segments.get(segment_id)
            names.append((described.name if described and described.name else None) or segment_id)
        segment = "; ".join(names)
        writer.writerow(
            [
                row.id,
                row.name,
                row.title,
                row.manager_id,
                OUTSIDE_DEPARTMENT if row.role_id in outside else CS_DEPARTMENT,
                segment,
                role.region or "",
                "Open" if row.vacant else "Active",
                "" if role.employment == "employee" else role.employment,
                "" if role.fte == 1 else f"{role.fte:g}",
                row.role_id,
            ]
        )
    return buffer.getvalue()


# --- Backstage ---------------------------------------------------------------------------------

_ENTITY_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def entity_name(text: str) -> str:
    """A Backstage metadata.name: ``[a-zA-Z0-9]`` runs joined by ``-``, ``_`` or ``.``, at most
    63 characters, starting and ending with a letter or digit."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = _ENTITY_NAME.sub("-", ascii_text.strip().lower())
    name = re.sub(r"[-_.]{2,}", "-", name)[:63].strip("-_.")
    return name or "unnamed"


def backstage(org: OrgFile, namespace: str | None = None) -> str:
    """Backstage ``Group`` (one per leading role) and ``User`` (one per named person) entities."""
    import yaml

    children: dict[str, list[str]] = {role_id: [] for role_id in org.roles}
    for role_id, role in org.roles.items():
        if role.reports_to in children:
            children[role.reports_to].append(role_id)
    leaders = [role_id for role_id, kids in children.items() if kids]
    group_of = {role_id: entity_name(role_id) for role_id in leaders}
    users: dict[str, dict] = {}
    members: dict[str, list[str]] = {group: [] for group in group_of.values()}
    taken: set[str] = set()

    leader_of: dict[str, str] = {}

    def user_for(person: str, group: str, role: Role) -> str:
        base = entity_name(person)
        name, number = base, 2
        while name in taken:
            name = f"{base[:60]}-{number}"
            number += 1
        taken.add(name)
        users[name] = {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "User",
            "metadata": _metadata(name, namespace, role.title),
            "spec": {
                "profile": {"displayName": person},
                "memberOf": [group],
            },
        }
        members[group].append(name)
        return name

    for role_id, role in org.roles.items():
        # A leader belongs to the group they lead; everyone else to their manager's group.
        if role_id in group_of:
            group = group_of[role_id]
        elif role.reports_to in group_of:
            group = group_of[role.reports_to]
        else:
            continue  # a lone role with no team above or below: no group to be a member of
        for person in role.holders:
            name = user_for(person, group, role)
            if role_id in group_of:
                leader_of[group] = name
    documents: list[dict] = []
    for role_id in leaders:
        role = org.roles[role_id]
        holder = role.person or (role.people[0] if role.people else None)
        display = f"{role.title} ({holder})" if holder else role.title
        spec: dict = {
            "type": "department" if any(kid in group_of for kid in children[role_id]) else "team",
            "profile": {"displayName": display},
        }
        if role.reports_to in group_of:
            spec["parent"] = group_of[role.reports_to]
        spec["children"] = [group_of[kid] for kid in children[role_id] if kid in group_of]
        spec["members"] = members[group_of[role_id]]
        if group_of[role_id] in leader_of:
            spec["leader"] = leader_of[group_of[role_id]]
        metadata = _metadata(
            group_of[role_id], namespace, f"{role.title}: team in {org.organization.name}"
        )
        documents.append(
            {
                "apiVersion": "backstage.io/v1alpha1",
                "kind": "Group",
                "metadata": metadata,
                "spec": spec,
            }
        )
    documents.extend(users.values())
    return yaml.safe_dump_all(documents, sort_keys=False, allow_unicode=True, explicit_start=True)


def _metadata(name: str, namespace: str | None, description: str | None) -> dict:
    metadata: dict = {"name": name}
    if namespace:
        metadata["namespace"] = namespace
    if description:
        metadata["description"] = description
    return metadata
