"""From people to seats: the roles of an org file, with readable ids that survive a re-import.

People under the same manager in the same role (the title read through the user's title table,
then the archetype catalogue; the same segment and region) become one role with ``headcount`` and
``people:``; anyone with reports keeps a single-seat role. Role ids come from what the role is
(its archetype or title), then its segment and region, then its manager, never from row order: the
same export, rows shuffled or not, gives the same ids.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from csorg_cli.hris.people import People, Person, subtree_size
from csorg_cli.model.catalogue import Catalogue, normalize_title

# Departments read as part of Customer Success when the user names none (--cs-department).
CS_DEPARTMENTS = re.compile(
    r"customer success|\bcs\b|customer experience|\bcx\b|client success|client services|"
    r"customer care|customer support|\bsupport\b|onboarding|implementation|renewal|"
    r"professional services|customer education|post[- ]?sales?|customer operations|"
    r"customer value|account management|technical account",
    re.I,
)
_MAX_ID = 60
_UNSAFE_ID = re.compile(
    r"^(y|n|yes|no|on|off|true|false|null|nan|inf|[0-9][0-9-]*|[0-9]+e[0-9]+|0x[0-9a-f]+|0o[0-7]+)$"
)


class TitleTableError(ValueError):
    """The title table is malformed or names an archetype the catalogue lacks (exit 2)."""


@dataclass
class TitleTable:
    """Company titles the catalogue cannot read: exact titles and /regular expressions/."""

    exact: dict[str, str] = field(default_factory=dict)
    patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    @classmethod
    def load(cls, path: str, catalogue: Catalogue) -> TitleTable:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise TitleTableError(f"{path}: cannot read ({error.strerror or error})") from None
        except yaml.YAMLError as error:
            raise TitleTableError(f"{path}: not valid YAML ({error})") from None
        if isinstance(data, dict) and isinstance(data.get("titles"), dict):
            data = data["titles"]
        if not isinstance(data, dict):
            raise TitleTableError(f"{path}: expected a 'titles' mapping of title -> archetype id")
        table = cls()
        for title, archetype in data.items():
            if not isinstance(archetype, str) or archetype not in catalogue:
                close = catalogue.closest(str(archetype), limit=1)
                hint = f" (did you mean {close[0].id!r}?)" if close else ""
                raise TitleTableError(
                    f"{path}: {title!r} -> {archetype!r} is not an archetype{hint}; "
                    "see `csorg archetypes`"
                )
            text = str(title)
            if len(text) > 2 and text.startswith("/") and text.endswith("/"):
                try:
                    table.patterns.append((re.compile(text[1:-1], re.I), archetype))
                except re.error as error:
                    raise TitleTableError(
                        f"{path}: {text} is not a valid pattern ({error})"
                    ) from None
            else:
                table.exact[normalize_title(text)] = archetype
        return table

    def lookup(self, title: str) -> str | None:
        found = self.exact.get(normalize_title(title))
        if found is not None:
            return found
        for pattern, archetype in self.patterns:
            if pattern.search(title):
                return archetype
        return None


@dataclass
class Seat:
    """One role of the org to write."""

    id: str
    title: str
    members: list[Person]  # the people (and open seats) holding it, sorted by name
    manager: Seat | None = None
    archetype: str | None = None  # the archetype read from the title, if any
    archetype_in_cs: bool = True  # whether the archetype's id names the role (see in_cs)
    explicit_type: str | None = None  # set by the title table: written as `type:`
    segment: str = ""
    region: str = ""
    outside: bool = False  # outside the CS org (a company leader above it)
    central: bool = False  # a CS team under a leader outside CS (support under the CTO)
    employment: str = "employee"
    fte: float = 1.0
    department: str = ""
    children: list[Seat] = field(default_factory=list)

    @property
    def is_manager(self) -> bool:
        return bool(self.children)

    @property
    def people(self) -> list[str]:
        return [p.name for p in self.members if not p.vacant and p.name]

    @property
    def headcount(self) -> int:
        return len(self.members)

    @property
    def open(self) -> int:
        return sum(1 for p in self.members if p.vacant)


@dataclass
class SeatPlan:
    """The seats of an import, in the order they are written, and what was left out."""

    seats: list[Seat]
    left_outside: list[Person]
    leader: Seat | None
    segments: dict[str, str]  # segment id -> the name in the export
    regions: list[str]
    cs_people: int


def slug(text: str, limit: int = _MAX_ID) -> str:
    """A role id from free text: ``Director, Enterprise CS`` -> ``director-enterprise-cs``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = "-".join(words)[:limit].strip("-")
    # An id YAML would read as something else (null, yes, 1e3, 0x1f) or as a number.
    if not out or _UNSAFE_ID.match(out):
        out = f"role-{out}".strip("-")
    return out


def _is_cs(person: Person, departments: list[str] | None) -> bool:
    values = [v for v in (person.department, person.division, person.team) if v]
    if departments is not None:
        wanted = {d.casefold() for d in departments}
        return any(v.casefold() in wanted for v in values)
    return any(CS_DEPARTMENTS.search(v) for v in values)


def choose_people(
    people: People, departments: list[str] | None, everyone: bool
) -> tuple[list[Person], list[Person], set[int]]:
    """The people the org file holds (CS and the chain of managers above it), those left out,
    and the ``id()`` of those in CS.

    Without a department column, or with ``everyone``, all are kept and all count as CS.
    """
    has_department = any(people.columns.has(name) for name in ("department", "division", "team"))
    everybody = {id(p) for p in people.people}
    if everyone or not has_department:
        return list(people.people), [], everybody
    cs = [p for p in people.people if _is_cs(p, departments)]
    if not cs:
        return list(people.people), [], everybody
    kept: dict[int, Person] = {}
    for person in cs:
        current: Person | None = person
        while current is not None and id(current) not in kept:
            kept[id(current)] = current
            current = current.manager
    inside = [p for p in people.people if id(p) in kept]
    outside = [p for p in people.people if id(p) not in kept]
    return inside, outside, {id(p) for p in cs}


def plan_seats(
    people: People,
    catalogue: Catalogue,
    titles: TitleTable | None = None,
    departments: list[str] | None = None,
    everyone: bool = False,
) -> SeatPlan:
    """Group the people of ``people`` into seats (see the module docstring)."""
    kept, left_out, cs_ids = choose_people(people, departments, everyone)
    kept_ids = {id(p) for p in kept}

    def reports_of(person: Person) -> list[Person]:
        return [r for r in person.reports if id(r) in kept_ids]

    def read_title(title: str) -> tuple[str | None, str | None]:
        """(archetype, explicit type) of a title."""
        if titles is not None:
            mapped = titles.lookup(title)
            if mapped is not None:
                return mapped, mapped
        archetype = catalogue.infer(title)
        return (archetype.id if archetype else None), None

    def in_cs(archetype: str | None) -> bool:
        """Whether the archetype's id names the role well: a CS role, or a company executive
        (chief-executive); a broad one such as engineering for a CTO does not."""
        found = catalogue.get(archetype) if archetype else None
        if found is None:
            return True
        return bool(getattr(found, "in_cs", True)) or found.level == "executive"

    seats: list[Seat] = []
    seat_of: dict[int, Seat] = {}
    roots = [p for p in kept if p.manager is None or id(p.manager) not in kept_ids]

    def place(person: Person, manager_seat: Seat | None) -> None:
        """Make the seat of ``person`` (a manager) and, below it, the seats of their reports."""
        archetype, explicit = read_title(person.title)
        seat = Seat(
            id="",
            title=person.title,
            members=[person],
            manager=manager_seat,
            archetype=archetype,
            archetype_in_cs=in_cs(archetype),
            explicit_type=explicit,
            segment=person.segment,
            region=person.region,
            outside=id(person) not in cs_ids,
            employment=person.employment,
            fte=person.fte,
            department=person.department or person.division,
        )
        seats.append(seat)
        seat_of[id(person)] = seat
        if manager_seat is not None:
            manager_seat.children.append(seat)
        groups: dict[tuple[str, str, str, str, float], list[Person]] = defaultdict(list)
        leaders: list[Person] = []
        for report in reports_of(person):
            if reports_of(report):
                leaders.append(report)
                continue
            archetype, _ = read_title(report.title) if report.title else (None, None)
            role_class = archetype or f"title:{normalize_title(report.title) or report.title}"
            key = (role_class, report.segment, report.region, report.employment, report.fte)
            groups[key].append(report)
        for members in groups.values():
            titled = [m for m in members if m.title]
            counts = Counter(m.title for m in titled)
            # The title most of them hold; ties go to the alphabetically first, never row order.
            title = (
                min(counts, key=lambda t: (-counts[t], t)) if counts else members[0].title
            ) or "Open seat"
            archetype, explicit = read_title(title)
            group_seat = Seat(
                id="",
                title=title,
                members=sorted(members, key=lambda m: (m.vacant, m.name.casefold(), m.key)),
                manager=seat,
                archetype=archetype,
                archetype_in_cs=in_cs(archetype),
                explicit_type=explicit,
                segment=members[0].segment,
                region=members[0].region,
                outside=all(id(m) not in cs_ids for m in members),
                employment=members[0].employment,
                fte=members[0].fte,
                department=Counter(m.department or m.division for m in members).most_common(1)[0][
                    0
                ],
            )
            seats.append(group_seat)
            seat.children.append(group_seat)
        for leader in leaders:
            place(leader, seat)

    for root in roots:
        if root.vacant and not reports_of(root):
            continue  # an open seat reporting to nobody has no place in the tree
        place(root, None)
    _assign_ids(seats)
    ordered = _tree_order(seats)
    leader = _mark_leader(ordered) if any(seat.outside for seat in ordered) else None
    segments: dict[str, str] = {}
    regions: list[str] = []
    for seat in ordered:
        if seat.segment:
            segments.setdefault(slug(seat.segment), seat.segment)
        if seat.region and seat.region not in regions:
            regions.append(seat.region)
    return SeatPlan(
        leader=leader,
        seats=ordered,
        left_outside=left_out,
        segments=segments,
        regions=regions,
        cs_people=sum(1 for p in kept if id(p) in cs_ids and not p.vacant),
    )


def _mark_leader(ordered: list[Seat]) -> Seat | None:
    """The CS leader (the top CS seat with the most people under it) when leaders outside CS are
    kept above it; any other CS team under a leader outside CS is a central team."""
    tops = [
        seat
        for seat in ordered
        if not seat.outside and (seat.manager is None or seat.manager.outside)
    ]
    if not tops:
        return None
    leader = max(tops, key=lambda seat: (_size(seat), -ordered.index(seat)))
    for seat in tops:
        if seat is not leader:
            seat.central = True
    return leader


def _base_id(seat: Seat) -> str:
    # A CS role or an executive is named for what it is (csm, cs-director, chief-executive);
    # other roles by their title, which says more than a broad archetype (a CTO's "engineering").
    return seat.archetype if seat.archetype and seat.archetype_in_cs else slug(seat.title)


def _sort_key(seat: Seat) -> tuple[str, str, str]:
    first = seat.members[0] if seat.members else None
    return (seat.title, first.name.casefold() if first else "", first.key if first else "")


def _assign_ids(seats: list[Seat]) -> None:
    """Readable ids, unique, from what each seat is; the manager and a number only on a clash."""

    def candidates(seat: Seat) -> list[str]:
        base = _base_id(seat)
        qualified = "-".join(
            p
            for p in (
                base,
                slug(seat.segment, 20) if seat.segment else "",
                slug(seat.region, 20) if seat.region else "",
                seat.employment if seat.employment != "employee" else "",
                "part-time" if seat.fte < 1 else "",
            )
            if p
        )
        titled = slug(seat.title)
        options = [base, qualified]
        if titled != base:
            options.append(
                "-".join(p for p in (titled, *qualified.split("-")[len(base.split("-")) :]) if p)
            )
        # Then whose seat it is (a leader) or whose team it is in: a person, never a row number.
        owner = seat if seat.is_manager or seat.manager is None else seat.manager
        named = owner.members[0].name if owner.members and owner.members[0].name else ""
        who = slug(named or owner.title, 30)
        options.append(f"{qualified}-{who}")
        return [o[:_MAX_ID].strip("-") for o in options]

    pending = sorted(seats, key=lambda s: (_depth(s), _sort_key(s)))
    options = {id(s): candidates(s) for s in pending}
    taken: set[str] = set()
    level = 0
    while pending:
        proposals: dict[str, list[Seat]] = defaultdict(list)
        for seat in pending:
            choice = options[id(seat)]
            index = min(level, len(choice) - 1)
            proposal = choice[index]
            proposals[proposal].append(seat)
        last_level = level >= max(len(o) for o in options.values()) - 1
        still: list[Seat] = []
        for proposal, group in proposals.items():
            if len(group) == 1 and proposal not in taken:
                group[0].id = proposal
                taken.add(proposal)
            elif last_level:
                number = 1
                for seat in sorted(group, key=_sort_key):
                    while True:
                        candidate = (
                            proposal
                            if number == 1 and proposal not in taken
                            else (f"{proposal[: _MAX_ID - 4]}-{number}")
                        )
                        number += 1
                        if candidate not in taken:
                            break
                    seat.id = candidate
                    taken.add(candidate)
            else:
                still.extend(group)
        pending = sorted(still, key=lambda s: (_depth(s), _sort_key(s)))
        level += 1


def _depth(seat: Seat) -> int:
    depth, current = 0, seat.manager
    while current is not None:
        depth += 1
        current = current.manager
    return depth


def _tree_order(seats: list[Seat]) -> list[Seat]:
    """Top down: each leader, the seats that report to them, then each sub-team in turn."""
    roots = [s for s in seats if s.manager is None]
    roots.sort(key=lambda s: (-_size(s), s.id))
    ordered: list[Seat] = []
    stack = list(reversed(roots))
    while stack:
        seat = stack.pop()
        ordered.append(seat)
        seat.children.sort(key=lambda s: (s.is_manager, s.id))
        stack.extend(reversed(seat.children))
    return ordered


def _size(seat: Seat) -> int:
    total, stack = 0, [seat]
    while stack:
        current = stack.pop()
        total += current.headcount
        stack.extend(current.children)
    return total


__all__ = [
    "CS_DEPARTMENTS",
    "Seat",
    "SeatPlan",
    "TitleTable",
    "TitleTableError",
    "choose_people",
    "plan_seats",
    "slug",
    "subtree_size",
]
