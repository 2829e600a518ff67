"""Compare two versions of an org: roles, seats, segments' coverage and diagnostics.

Roles are matched by id. A role that disappeared and one that appeared are the same role renamed
when everything else about them matches (title, type, manager after mapping renamed managers,
seats, segment, region, people...); renames are found repeatedly, so a renamed team under a
renamed lead is recognised as a whole. A finding is the same on both sides when its rule, path and
subject match (what it is about: the role, segment, function or product), never its message text,
which holds counts that change with every edit; line numbers move too, so they are not compared.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from csorg_cli.analysis.metrics import SegmentCoverage
from csorg_cli.checking import FileResult
from csorg_cli.diagnostics import Diagnostic
from csorg_cli.model.org import Role

# Every field of a role is compared, so a field added to the format shows in diffs at once.
# These four have phrases of their own ("moved", "re-titled", seats, open seats).
OWN_PHRASES = ("title", "reports_to", "headcount", "open")
CHANGED_FIELDS = tuple(name for name in Role.model_fields if name not in OWN_PHRASES)
# A rename is a removed and an added role alike in everything but their lines to managers (the
# manager is compared through the rename mapping; dotted lines may name renamed roles).
RENAME_FIELDS = tuple(name for name in Role.model_fields if name not in ("reports_to", "dotted_to"))


@dataclass
class RoleChange:
    """What changed about one role present on both sides (perhaps under a new id)."""

    old_id: str
    new_id: str
    title: tuple[str, str] | None = None
    reports_to: tuple[str | None, str | None] | None = None  # in new ids
    headcount: tuple[int, int] | None = None
    open: tuple[int, int] | None = None
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def renamed(self) -> bool:
        return self.old_id != self.new_id

    @property
    def changed(self) -> bool:
        return bool(
            self.renamed
            or self.title
            or self.reports_to
            or self.headcount
            or self.open
            or self.fields
        )


@dataclass
class SegmentChange:
    """One segment before and after (None on the side where it does not exist)."""

    segment_id: str
    before: SegmentCoverage | None
    after: SegmentCoverage | None

    @property
    def changed(self) -> bool:
        b, a = self.before, self.after
        if b is None or a is None:
            return True
        return (b.motion, b.accounts, b.arr, b.target_ratio, b.seats, b.open_seats) != (
            a.motion,
            a.accounts,
            a.arr,
            a.target_ratio,
            a.seats,
            a.open_seats,
        )


@dataclass
class OrgDiff:
    """Everything ``csorg diff`` reports."""

    old_file: str
    new_file: str
    added: list[str]  # new ids
    removed: list[str]  # old ids
    renamed: dict[str, str]  # old id -> new id
    changes: list[RoleChange]  # roles on both sides that changed
    segments: list[SegmentChange]
    seats: tuple[int, int]
    open_seats: tuple[int, int]
    roles: tuple[int, int]
    introduced: list[Diagnostic]
    fixed: list[Diagnostic]
    old_roles: dict[str, Role]
    new_roles: dict[str, Role]

    @property
    def moved(self) -> list[RoleChange]:
        return [c for c in self.changes if c.reports_to]

    @property
    def retitled(self) -> list[RoleChange]:
        return [c for c in self.changes if c.title]

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changes
            or self.introduced
            or self.fixed
            or any(s.changed for s in self.segments)
        )


def _rename_key(role: Role, manager: str | None) -> tuple[Any, ...]:
    return (manager, *(_freeze(getattr(role, name)) for name in RENAME_FIELDS))


def plain(value: Any) -> Any:
    """A field's value as plain data (structured entries such as ``owns: [{stage: ...}]`` as
    mappings of what was written), for comparing, printing and JSON."""
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_none=True, exclude_defaults=True)
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def _freeze(value: Any) -> Any:
    """A hashable form of a field's value."""
    if isinstance(value, (list, BaseModel)):
        return json.dumps(plain(value), sort_keys=True, default=str)
    return value


def find_renames(old: dict[str, Role], new: dict[str, Role]) -> dict[str, str]:
    """Old id -> new id for roles that only changed their id (unique matches only)."""
    removed = [rid for rid in old if rid not in new]
    added = [rid for rid in new if rid not in old]
    renames: dict[str, str] = {}
    while True:

        def mapped(manager: str | None) -> str | None:
            return renames.get(manager, manager) if manager is not None else None

        old_keys: dict[tuple[Any, ...], list[str]] = {}
        for rid in removed:
            if rid not in renames:
                old_keys.setdefault(_rename_key(old[rid], mapped(old[rid].reports_to)), []).append(
                    rid
                )
        new_keys: dict[tuple[Any, ...], list[str]] = {}
        taken = set(renames.values())
        for rid in added:
            if rid not in taken:
                new_keys.setdefault(_rename_key(new[rid], new[rid].reports_to), []).append(rid)
        found = {
            olds[0]: new_keys[key][0]
            for key, olds in old_keys.items()
            if len(olds) == 1 and len(new_keys.get(key, ())) == 1
        }
        if not found:
            return renames
        renames.update(found)


def _role_change(
    old_id: str, new_id: str, old: Role, new: Role, renames: dict[str, str]
) -> RoleChange:
    change = RoleChange(old_id, new_id)
    if old.__dict__ == new.__dict__ and not (
        renames and (old.reports_to in renames or any(m in renames for m in old.dotted_to))
    ):
        return change  # every field alike and no line to a renamed role: most roles of a diff
    if old.title != new.title:
        change.title = (old.title, new.title)
    old_manager = renames.get(old.reports_to, old.reports_to) if old.reports_to else None
    if old_manager != new.reports_to:
        change.reports_to = (old_manager, new.reports_to)
    if old.headcount != new.headcount:
        change.headcount = (old.headcount, new.headcount)
    if old.open != new.open:
        change.open = (old.open, new.open)
    for name in CHANGED_FIELDS:
        before, after = plain(getattr(old, name)), plain(getattr(new, name))
        if name == "dotted_to":
            before = [renames.get(m, m) for m in before]
        if before != after:
            change.fields[name] = (before, after)
    return change


def _coverage(result: FileResult) -> dict[str, SegmentCoverage]:
    """Each segment's coverage against the benchmarks the org was checked with."""
    if result.tree is None:
        return {}
    return result.metrics.coverage


def _diagnostic_key(diagnostic: Diagnostic) -> tuple[str, str, str]:
    return diagnostic.identity


def _difference(a: list[Diagnostic], b: list[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics of ``a`` with no counterpart in ``b`` (as multisets: two alike count twice)."""
    remaining = Counter(_diagnostic_key(d) for d in b)
    out = []
    for diagnostic in a:
        key = _diagnostic_key(diagnostic)
        if remaining[key]:
            remaining[key] -= 1
        else:
            out.append(diagnostic)
    return out


def diff_results(old: FileResult, new: FileResult) -> OrgDiff:
    """Compare two checked orgs (either may have errors, or not be an org at all); each side's
    coverage is judged against the benchmarks in force when it was checked."""
    old_roles = dict(old.org.roles) if old.org is not None else {}
    new_roles = dict(new.org.roles) if new.org is not None else {}
    renames = find_renames(old_roles, new_roles)
    renamed_new = set(renames.values())
    added = [rid for rid in new_roles if rid not in old_roles and rid not in renamed_new]
    removed = [rid for rid in old_roles if rid not in new_roles and rid not in renames]
    changes: list[RoleChange] = []
    for old_id, old_role in old_roles.items():
        new_id = renames.get(old_id, old_id)
        if new_id not in new_roles:
            continue
        change = _role_change(old_id, new_id, old_role, new_roles[new_id], renames)
        if change.changed:
            changes.append(change)
    before, after = _coverage(old), _coverage(new)
    segments = [
        SegmentChange(sid, before.get(sid), after.get(sid))
        for sid in [*before, *(s for s in after if s not in before)]
    ]

    def totals(roles: dict[str, Role]) -> tuple[int, int]:
        return (sum(r.headcount for r in roles.values()), sum(r.open for r in roles.values()))

    (old_seats, old_open), (new_seats, new_open) = totals(old_roles), totals(new_roles)
    return OrgDiff(
        old_file=old.file,
        new_file=new.file,
        added=added,
        removed=removed,
        renamed=renames,
        changes=changes,
        segments=segments,
        seats=(old_seats, new_seats),
        open_seats=(old_open, new_open),
        roles=(len(old_roles), len(new_roles)),
        introduced=_difference(new.diagnostics, old.diagnostics),
        fixed=_difference(old.diagnostics, new.diagnostics),
        old_roles=old_roles,
        new_roles=new_roles,
    )
