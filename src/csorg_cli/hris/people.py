"""From the rows of a people export to people linked to their managers, with the problems found.

Every problem is a diagnostic at file:row:column (row and column as a spreadsheet numbers them)
and the rest still imports: a row with a duplicate id is skipped, a person whose manager cannot be
found (or is named ambiguously) becomes a top of the org, a reporting cycle is cut at its first
row, rows that are not people (blank lines, totals, repeated headers, notes) are skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from csorg_cli.diagnostics import Diagnostic, Location, Severity
from csorg_cli.hris import mapping as mappings
from csorg_cli.hris.mapping import MANAGER_FIELDS, ColumnMap, Mapping
from csorg_cli.tabular import Grid, TabularError

# Statuses of people who have left: their rows are history, not the org.
_LEFT = re.compile(
    r"^(terminated|inactive|former|left|leaver|offboarded|deactivated|ended)\b", re.I
)
# A row that stands for an open seat rather than a person (ChartHop and most plans write these).
_VACANT = re.compile(
    r"^(open|vacant|vacancy|tbh|tbd|to be hired|open (position|req|role|seat|headcount)|"
    r"requisition)$",
    re.I,
)
# The first cell of a row that is a note, a total or a report footer, not a person.
_NOT_PERSON = re.compile(
    r"^(grand total|sub-?total|total|totals|count|sum|average|report|generated|exported|"
    r"run (on|date|by)|page \d|filter|source|notes?\b|confidential)",
    re.I,
)
_LABELLED = re.compile(r"^(.*?\S)\s*[(\[]([^()\[\]]+)[)\]]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
UNTITLED = "Untitled"
# Employment types as HRIS exports spell them (Workday "Contingent Worker", Rippling "CONTRACTOR",
# BambooHR "Contractor", Personio "external"), read as the org format's employment.
_CONTRACTOR = re.compile(
    r"contract|contingent|freelanc|consult|external|1099|temporary|\btemp\b", re.I
)
_AGENCY = re.compile(r"agency|outsourc|vendor|staffing|third[- ]party|\beor\b", re.I)


def employment_of(text: str) -> str:
    """``employee``, ``contractor`` or ``agency`` from an export's employment type."""
    if _AGENCY.search(text):
        return "agency"
    if _CONTRACTOR.search(text):
        return "contractor"
    return "employee"


@dataclass
class Person:
    """One row of the export that is a person (or an open seat)."""

    row: int
    key: str  # the id the org knows this row by (id, else email, else name)
    name: str
    title: str
    email: str = ""
    ids: tuple[str, ...] = ()
    manager_ref: str = ""
    manager_column: int = 1
    department: str = ""
    division: str = ""
    team: str = ""
    location: str = ""
    country: str = ""
    region: str = ""
    segment: str = ""
    start_date: str = ""
    employment_type: str = ""
    fte: float = 1.0
    vacant: bool = False
    manager: Person | None = None
    reports: list[Person] = field(default_factory=list)
    title_column: int = 1
    # The manager link was dropped by a diagnostic already (unknown, ambiguous, cycle).
    unlinked: bool = False

    @property
    def display(self) -> str:
        return self.name or self.key

    @property
    def employment(self) -> str:
        """The org format's employment: employee, contractor or agency."""
        return employment_of(self.employment_type)


@dataclass
class People:
    """The people of one export, linked, and what was noticed on the way."""

    file: str
    mapping: Mapping
    columns: ColumnMap
    picked: bool  # True when the mapping was picked from the headers
    header_row: int
    people: list[Person] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    grid: Grid | None = None

    @property
    def roots(self) -> list[Person]:
        return [p for p in self.people if p.manager is None and (p.reports or not p.vacant)]


def name_key(name: str) -> str:
    """Names compared without case or spacing; "Ruiz, Ana" is "Ana Ruiz"."""
    name = re.sub(r"\s+", " ", name).strip().casefold()
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first:
            name = f"{first} {last}"
    return name


def _diagnostic(
    rule: str,
    severity: Severity,
    message: str,
    file: str,
    row: int,
    column: int,
    hint: str | None = None,
    related: tuple[Location, ...] = (),
) -> Diagnostic:
    return Diagnostic(
        rule=rule,
        severity=severity,
        message=message,
        file=file,
        line=row,
        column=column,
        path=f"row {row}",
        hint=hint,
        related=related,
    )


def _find_header(grid: Grid, forced: Mapping | None) -> tuple[int, ColumnMap, bool] | None:
    """The header row (index into grid.rows), its column map, and whether it was picked."""
    candidates = [i for i, row in enumerate(grid.rows[:30]) if sum(1 for c in row if c) >= 2]
    best: tuple[int, int, ColumnMap, bool] | None = None
    for index in candidates:
        header = grid.rows[index]
        if forced is not None:
            columns = mappings.apply(forced, header)
            points = sum(len(v) for v in columns.columns.values())
            picked = False
        else:
            found = mappings.pick(header)
            if found is None:
                continue
            columns, picked = found, True
            points = mappings.score(columns.mapping, header)[0]
        if not mappings.usable(columns):
            continue
        if best is None or points > best[0]:
            best = (points, index, columns, picked)
        # The header is near the top: the first usable row is it unless a later one fits better
        # (a title row "Employee report" above the header never does).
    if best is None:
        return None
    return best[1], best[2], best[3]


def read_people(
    grid: Grid,
    forced: Mapping | None = None,
) -> People:
    """Link the rows of ``grid`` into people; raise TabularError when no header can be found."""
    found = _find_header(grid, forced)
    if found is None:
        if not any(grid.rows):
            raise TabularError(f"{grid.file}: the file is empty")
        first = next((row for row in grid.rows if row), [])
        shown = ", ".join(repr(c) for c in first[:6]) + (" ..." if len(first) > 6 else "")
        what = "your --map" if forced is not None else "any ready mapping"
        raise TabularError(
            f"{grid.file}: no header row matches {what} (first row: {shown}); "
            "name the columns with --map, e.g. --map 'id=Worker ID,manager_id=Manager ID'"
        )
    header_index, columns, picked = found
    people = People(
        file=grid.file,
        mapping=columns.mapping,
        columns=columns,
        picked=picked,
        header_row=grid.row_numbers[header_index],
        grid=grid,
    )
    people.diagnostics.extend(grid.diagnostics)
    _check_header(people, grid, header_index)
    _read_rows(people, grid, header_index)
    _link(people)
    _cut_cycles(people)
    _check_roots(people)
    people.diagnostics.sort(key=lambda d: d.sort_key)
    return people


def _check_header(people: People, grid: Grid, header_index: int) -> None:
    header = grid.rows[header_index]
    row = people.header_row
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row <= row <= last_row and last_col > first_col:
            span = f"{_column_letter(first_col)}{first_row}:{_column_letter(last_col)}{last_row}"
            people.diagnostics.append(
                _diagnostic(
                    "people-header",
                    Severity.WARNING,
                    f"header cells {span} are merged: only column {_column_letter(first_col)} "
                    "has a name, the other columns of the range are not read",
                    people.file,
                    row,
                    first_col,
                    hint="unmerge the header cells and give each column its own name",
                )
            )
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        key = mappings.fold(name)
        if key in seen:
            people.diagnostics.append(
                _diagnostic(
                    "people-header",
                    Severity.WARNING,
                    f"column {name!r} appears twice; the first one (column {seen[key] + 1}) is read",
                    people.file,
                    row,
                    index + 1,
                    hint="rename one of the two columns",
                )
            )
        else:
            seen[key] = index
    if not people.columns.has("title"):
        people.diagnostics.append(
            _diagnostic(
                "people-missing-title",
                Severity.WARNING,
                "no job title column: every person is imported as an untitled role",
                people.file,
                row,
                1,
                hint="add the job title to the export, or name its column with --map title=COLUMN",
            )
        )


def _column_letter(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _read_rows(people: People, grid: Grid, header_index: int) -> None:
    columns = people.columns
    header = grid.rows[header_index]
    header_folded = [mappings.fold(c) for c in header]
    by_key: dict[str, Person] = {}
    left = 0

    def cell(cells: list[str], name: str) -> tuple[str, int]:
        for index in columns.columns.get(name, ()):
            if index < len(cells) and cells[index]:
                return cells[index], index + 1
        first = columns.first(name)
        return "", (first + 1) if first is not None else 1

    for cells, row in zip(
        grid.rows[header_index + 1 :], grid.row_numbers[header_index + 1 :], strict=True
    ):
        if not any(cells):
            people.diagnostics.append(
                _diagnostic(
                    "people-not-a-person",
                    Severity.INFO,
                    "blank row skipped",
                    people.file,
                    row,
                    1,
                )
            )
            continue
        if [mappings.fold(c) for c in cells] == header_folded[: len(cells)]:
            people.diagnostics.append(
                _diagnostic(
                    "people-not-a-person",
                    Severity.INFO,
                    "the header row again (exports glued together?): skipped",
                    people.file,
                    row,
                    1,
                )
            )
            continue
        if len(cells) > len(header) and any(cells[len(header) :]):
            extra = next(i for i in range(len(header), len(cells)) if cells[i])
            people.diagnostics.append(
                _diagnostic(
                    "people-header",
                    Severity.WARNING,
                    f"this row has {len(cells)} cells but the header names {len(header)} "
                    "columns; the extra cells are not read",
                    people.file,
                    row,
                    extra + 1,
                    hint="a separator inside a value needs the value in double quotes",
                )
            )
        person_id, id_column = cell(cells, "id")
        number, _ = cell(cells, "employee_number")
        email, _ = cell(cells, "email")
        name, _ = cell(cells, "name")
        if not name:
            first, _ = cell(cells, "first_name")
            last, _ = cell(cells, "last_name")
            name = " ".join(part for part in (first, last) if part)
        title, title_column = cell(cells, "title")
        status, _ = cell(cells, "status")
        first_cell = next(c for c in cells if c)
        vacant = bool(_VACANT.match(name.strip()) or _VACANT.match(status.strip()))
        if vacant:
            name = ""
        if not (person_id or number or email or name or vacant):
            people.diagnostics.append(
                _diagnostic(
                    "people-not-a-person",
                    Severity.WARNING,
                    f"not a person (no id, email or name; first cell {first_cell!r}): skipped",
                    people.file,
                    row,
                    1,
                    hint="remove totals and notes from the export",
                )
            )
            continue
        if _NOT_PERSON.match(first_cell) and not (title or email):
            people.diagnostics.append(
                _diagnostic(
                    "people-not-a-person",
                    Severity.WARNING,
                    f"not a person ({first_cell!r} looks like a total or a note): skipped",
                    people.file,
                    row,
                    1,
                    hint="remove totals and notes from the export",
                )
            )
            continue
        if status and _LEFT.match(status):
            left += 1
            continue
        key = person_id or number or email.casefold() or name
        if vacant and not (person_id or number or email):
            key = f"open seat on row {row}"
        if key in by_key and not (person_id or number or email):
            # Only names to go by: two rows with one name are two people (managers that name
            # them are then ambiguous), not a duplicate.
            key = f"{name} (row {row})"
        if key in by_key:
            first_row = by_key[key].row
            people.diagnostics.append(
                _diagnostic(
                    "people-duplicate-id",
                    Severity.ERROR,
                    f"id {key!r} is also on row {first_row}; this row is skipped",
                    people.file,
                    row,
                    id_column,
                    hint="each person needs their own id; remove the repeated row",
                    related=(Location(people.file, first_row, id_column),),
                )
            )
            continue
        manager_ref, manager_column = "", 1
        for manager_field in MANAGER_FIELDS:
            manager_ref, manager_column = cell(cells, manager_field)
            if manager_ref:
                break
        if not title and not vacant:
            people.diagnostics.append(
                _diagnostic(
                    "people-missing-title",
                    Severity.WARNING,
                    f"{name or key} has no job title: imported as {UNTITLED!r}",
                    people.file,
                    row,
                    title_column,
                    hint="fill in the title in the HRIS, or set the role's title in the org file",
                )
            )
        person = Person(
            row=row,
            key=key,
            name=name,
            title=title or (UNTITLED if not vacant else ""),
            email=email,
            ids=tuple(dict.fromkeys(v for v in (person_id, number, email) if v)),
            manager_ref=manager_ref,
            manager_column=manager_column,
            department=cell(cells, "department")[0],
            division=cell(cells, "division")[0],
            team=cell(cells, "team")[0],
            location=cell(cells, "location")[0],
            country=cell(cells, "country")[0],
            region=cell(cells, "region")[0],
            segment=cell(cells, "segment")[0],
            start_date=cell(cells, "start_date")[0],
            employment_type=cell(cells, "employment_type")[0],
            fte=_fte(people, cell(cells, "fte"), row),
            vacant=vacant,
            title_column=title_column,
        )
        by_key[key] = person
        people.people.append(person)
    if left:
        people.diagnostics.append(
            _diagnostic(
                "people-not-a-person",
                Severity.INFO,
                f"{left} {'person has' if left == 1 else 'people have'} left (status column): "
                "not imported",
                people.file,
                people.header_row,
                (columns.first("status") or 0) + 1,
            )
        )


def _fte(people: People, found: tuple[str, int], row: int) -> float:
    """A seat's full-time equivalent: ``0.5``, ``50``, ``50 %`` or ``0,5``; 1 when blank."""
    text, column = found
    if not text:
        return 1.0
    cleaned = text.replace("%", "").replace(",", ".").strip()
    try:
        value = float(cleaned)
    except ValueError:
        value = -1.0
    if value > 1 and value <= 100:
        value /= 100  # a percentage
    if not 0 < value <= 1:
        people.diagnostics.append(
            _diagnostic(
                "people-bad-value",
                Severity.WARNING,
                f"FTE {text!r} is not a fraction (0.5) or a percentage (50); read as 1",
                people.file,
                row,
                column,
            )
        )
        return 1.0
    return round(value, 2)


def _link(people: People) -> None:
    by_id: dict[str, Person] = {}
    by_email: dict[str, Person] = {}
    by_name: dict[str, list[Person]] = {}
    for person in people.people:
        # An open seat can lead a team (a vacant director's role): it is found by its id only.
        for value in person.ids:
            by_id.setdefault(value, person)
            by_id.setdefault(value.casefold(), person)
        if person.vacant:
            continue
        if person.email:
            by_email.setdefault(person.email.casefold(), person)
        if person.name:
            by_name.setdefault(name_key(person.name), []).append(person)
    for person in people.people:
        reference = person.manager_ref
        if not reference:
            continue
        manager = by_id.get(reference) or by_id.get(reference.casefold())
        labelled = _LABELLED.match(reference)
        if manager is None and labelled:
            # "Ana Ruiz (E003)", as some reports show a manager: the id, else the name.
            manager = by_id.get(labelled.group(2).strip())
            if manager is None:
                reference = labelled.group(1).strip()
        if manager is None and _EMAIL.match(reference):
            manager = by_email.get(reference.casefold())
        if manager is None:
            named = by_name.get(name_key(reference), [])
            if len(named) > 1:
                rows = ", ".join(str(p.row) for p in named)
                people.diagnostics.append(
                    _diagnostic(
                        "people-ambiguous-manager",
                        Severity.ERROR,
                        f"manager {reference!r} names {len(named)} people (rows {rows}); "
                        f"{person.display} is imported without a manager",
                        people.file,
                        person.row,
                        person.manager_column,
                        hint="export the manager's id or email instead of their name",
                        related=tuple(
                            Location(people.file, p.row, person.manager_column) for p in named
                        ),
                    )
                )
                person.unlinked = True
                continue
            manager = named[0] if named else None
        if manager is None:
            people.diagnostics.append(
                _diagnostic(
                    "people-unknown-manager",
                    Severity.ERROR,
                    f"manager {reference!r} of {person.display} is not in the export; "
                    "imported without a manager",
                    people.file,
                    person.row,
                    person.manager_column,
                    hint="export the whole reporting chain (not only one department), "
                    "or fix the manager's id",
                )
            )
            person.unlinked = True
            continue
        if manager is person:
            # Some systems record the top of the company as reporting to themself.
            continue
        person.manager = manager
    for person in people.people:
        if person.manager is not None:
            person.manager.reports.append(person)


def _cut_cycles(people: People) -> None:
    state: dict[int, int] = {}  # id(person) -> 1 on the current path, 2 done
    for start in people.people:
        path: list[Person] = []
        current: Person | None = start
        while current is not None and state.get(id(current)) is None:
            state[id(current)] = 1
            path.append(current)
            current = current.manager
        if current is not None and state.get(id(current)) == 1:
            cycle = path[path.index(current) :]
            first = min(cycle, key=lambda p: p.row)
            names = " -> ".join(p.display for p in [*_rotate(cycle, first), first])
            people.diagnostics.append(
                _diagnostic(
                    "people-reporting-cycle",
                    Severity.ERROR,
                    f"reporting cycle: {names}; {first.display} is imported without a manager",
                    people.file,
                    first.row,
                    first.manager_column,
                    hint="one of them reports to someone outside the cycle: fix it in the HRIS",
                    related=tuple(
                        Location(people.file, p.row, p.manager_column)
                        for p in cycle
                        if p is not first
                    ),
                )
            )
            assert first.manager is not None
            first.manager.reports.remove(first)
            first.manager = None
            first.unlinked = True
        for person in path:
            state[id(person)] = 2


def _rotate(cycle: list[Person], first: Person) -> list[Person]:
    # Follow the reporting line from the first row: A reports to B reports to ... A.
    ordered = [first]
    current = first.manager
    while current is not None and current is not first and len(ordered) <= len(cycle):
        ordered.append(current)
        current = current.manager
    return ordered


def subtree_size(person: Person) -> int:
    size, stack = 0, [person]
    while stack:
        current = stack.pop()
        size += 1
        stack.extend(current.reports)
    return size


def _check_roots(people: People) -> None:
    roots = people.roots
    unknown = [d for d in people.diagnostics if d.rule == "people-unknown-manager"]
    if len(roots) == 1 and len(unknown) == 1 and roots[0].unlinked:
        # A department's own export: its head's manager is outside it. That is the top of the
        # org being imported, not a broken link.
        top = roots[0]
        people.diagnostics.remove(unknown[0])
        people.diagnostics.append(
            _diagnostic(
                "people-unknown-manager",
                Severity.INFO,
                f"{top.display}'s manager {top.manager_ref!r} is not in the export: "
                f"{top.display} is the top of the imported org",
                people.file,
                top.row,
                top.manager_column,
            )
        )
        return
    if len(roots) <= 1:
        return
    sizes = {id(root): subtree_size(root) for root in roots}
    main = max(roots, key=lambda r: (sizes[id(r)], -r.row))
    for root in roots:
        if root is main or root.unlinked:
            continue
        people.diagnostics.append(
            _diagnostic(
                "people-multiple-roots",
                Severity.WARNING,
                f"{root.display} reports to nobody in the export "
                f"({sizes[id(root)]} {'person' if sizes[id(root)] == 1 else 'people'} under "
                f"them); the top of the org is {main.display} (row {main.row})",
                people.file,
                root.row,
                root.manager_column,
                hint="fill in their manager, or export the whole company",
            )
        )


def departments(people: list[Person]) -> Counter[str]:
    """How many people in each department (for the summary of people left outside CS)."""
    return Counter(p.department or p.division or "(no department)" for p in people)
