"""`csorg import` without the CLI: a people export in, an org file (and team files) out.

:func:`import_people` does the reading and planning (used by ``diff`` too); :func:`run_import`
writes the files and prints what happened, returning the exit code.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from csorg_cli.diagnostics import Diagnostic, Severity, summarize
from csorg_cli.hris.mapping import Mapping, MappingError, load_user_mapping, ready_mappings
from csorg_cli.hris.people import People, departments, read_people
from csorg_cli.hris.seats import SeatPlan, TitleTable, TitleTableError, plan_seats
from csorg_cli.tabular import TabularError, read_grid

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class ImportError_(Exception):
    """The import cannot be done at all: a one-line error, exit 2."""


@dataclass
class ReadOptions:
    """How to read a people export and turn it into seats."""

    mapping: str | None = None  # a ready mapping id
    user_map: str | None = None  # --map: a YAML file or field=Column pairs
    titles: str | None = None  # --titles: the user's title table
    cs_departments: list[str] | None = None
    all_departments: bool = False
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None


@dataclass
class Imported:
    """A people export read and planned as seats."""

    people: People
    plan: SeatPlan

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.people.diagnostics


def _forced_mapping(options: ReadOptions) -> Mapping | None:
    if options.user_map is not None:
        try:
            return load_user_mapping(options.user_map)
        except MappingError as error:
            raise ImportError_(str(error)) from None
    if options.mapping is not None:
        mappings = ready_mappings()
        key = options.mapping.lower()
        if key not in mappings:
            raise ImportError_(
                f"--mapping takes one of {', '.join(mappings)}, not {options.mapping!r}"
            )
        return mappings[key]
    return None


def import_people(path: str, options: ReadOptions, display: str | None = None) -> Imported:
    """Read ``path`` and plan its seats; raise :class:`ImportError_` when it cannot be read."""
    from csorg_cli.model.catalogue import Catalogue

    forced = _forced_mapping(options)
    catalogue = Catalogue.load()
    titles = None
    if options.titles is not None:
        try:
            titles = TitleTable.load(options.titles, catalogue)
        except TitleTableError as error:
            raise ImportError_(str(error)) from None
    try:
        grid = read_grid(
            path,
            display,
            encoding=options.encoding,
            separator=options.separator,
            sheet=options.sheet,
        )
        people = read_people(grid, forced)
    except TabularError as error:
        raise ImportError_(str(error)) from None
    plan = plan_seats(
        people,
        catalogue,
        titles=titles,
        departments=options.cs_departments,
        everyone=options.all_departments,
    )
    if plan.left_outside:
        counts = departments(plan.left_outside)
        listed = ", ".join(f"{name} {count}" for name, count in counts.most_common(6))
        more = f" and {len(counts) - 6} more" if len(counts) > 6 else ""
        people.diagnostics.append(
            Diagnostic(
                rule="people-outside-cs",
                severity=Severity.INFO,
                message=f"{len(plan.left_outside)} people outside the CS departments are not in "
                f"the org file ({listed}{more}); the leaders above CS are kept",
                file=people.file,
                line=people.header_row,
                column=(people.columns.first("department") or 0) + 1,
                path=f"row {people.header_row}",
                hint="--all-departments imports everyone; --cs-department NAME says which "
                "departments are CS",
            )
        )
    return Imported(people=people, plan=plan)


@dataclass
class ImportOptions(ReadOptions):
    """`csorg import` options beyond reading."""

    source: str = ""
    output: str = "org.yaml"
    force: bool = False
    name: str = "Customer Success"
    split: bool | None = None
    output_format: str = "text"
    fail_on: Severity = Severity.ERROR
    extra_inputs: list[str] = field(default_factory=list)


def _describe(imported: Imported) -> str:
    people = imported.people
    how = "picked from the headers" if people.picked else "as asked"
    if people.picked and people.columns.picked_by:
        how += ": " + ", ".join(people.columns.picked_by[:4])
    grid = people.grid
    read = f", {grid.describe()}" if grid is not None else ""
    return f"{people.mapping.name} mapping ({how}){read}"


def run_import(options: ImportOptions) -> int:
    """Import, write, report; the exit code of `csorg import`."""
    from csorg_cli.hris.writer import SCHEMA_FILE, render_files
    from csorg_cli.outputs import OutputError, write_output

    try:
        imported = import_people(options.source, options)
    except ImportError_ as error:
        print(f"csorg: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    to_stdout = options.output == "-"
    main = Path(options.output if not to_stdout else "org.yaml")
    files = render_files(
        imported.plan,
        name=options.name,
        main_name=main.name,
        split=False if to_stdout else options.split,
    )
    inputs = [options.source, *(p for p in (options.user_map, options.titles) if p)]
    folder = main.parent
    targets = [(folder / f.relative, f.text) for f in files]
    schema_path = folder / SCHEMA_FILE
    try:
        if not to_stdout:
            existing = [str(path) for path, _ in targets if path.exists()]
            if existing and not options.force:
                raise OutputError(
                    f"{existing[0]}: already exists; csorg import never overwrites an org "
                    "(use --force to replace it, or -o another file)"
                )
            if not folder.is_dir() and str(folder) not in ("", "."):
                raise OutputError(f"{main}: directory {folder} does not exist")
            if len(targets) > 1:
                (folder / "teams").mkdir(exist_ok=True)
            # Team files first: the org file that includes them appears last, complete.
            for path, text in targets[1:] + targets[:1]:
                write_output(text, path, inputs)
            if not schema_path.exists():
                from csorg_cli.model.schema import org_json_schema_text

                write_output(org_json_schema_text(), schema_path, inputs)
        else:
            write_output(targets[0][1], "-", inputs)
    except OutputError as error:
        print(f"csorg: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"csorg: error: {main}: cannot write ({error.strerror or error})", file=sys.stderr)
        return EXIT_USAGE
    diagnostics = sorted(imported.diagnostics, key=lambda d: d.sort_key)
    failing = any(d.severity >= options.fail_on for d in diagnostics)
    plan = imported.plan
    people = sum(len(seat.people) for seat in plan.seats)
    summary = (
        f"read {options.source} with the {_describe(imported)}: {people} people in "
        f"{len(plan.seats)} roles"
        + ("" if to_stdout else f" -> {main}")
        + (f" and {len(files) - 1} team files in {folder / 'teams'}" if len(files) > 1 else "")
    )
    if options.output_format == "json":
        document = {
            "version": 1,
            "files": [options.source],
            "mapping": imported.people.mapping.id,
            "written": [] if to_stdout else [str(path) for path, _ in targets],
            "people": people,
            "roles": len(plan.seats),
            "diagnostics": [d.to_dict() for d in diagnostics],
            "summary": summarize(diagnostics),
        }
        stream = sys.stderr if to_stdout else sys.stdout
        stream.write(json.dumps(document, indent=2) + "\n")
    else:
        for diagnostic in diagnostics:
            print(format_diagnostic(diagnostic), file=sys.stderr)
        print(f"csorg import: {summary}", file=sys.stderr)
    return EXIT_PROBLEMS if failing else EXIT_OK


def format_diagnostic(diagnostic: Diagnostic) -> str:
    """``file:row:col: severity [rule] message`` and the hint, as validate prints them."""
    text = (
        f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.severity.value} [{diagnostic.rule}] {diagnostic.message}"
    )
    if diagnostic.hint:
        text += f"\n      hint: {diagnostic.hint}"
    return text
