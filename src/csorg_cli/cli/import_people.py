"""`csorg import`: a people export from the HRIS becomes a reviewable org file."""

from __future__ import annotations

import typer

NAME = "import"
HELP = """Turn a people export (CSV, TSV or .xlsx; one row per person) into a new org file.

Reads id, name, email, title, manager (by id, email or name), department, location, segment and region with ready column mappings for BambooHR, Workday custom reports, HiBob, Rippling, Personio and ChartHop, picked from the headers (and said which), or your own (--map). People with the same manager and the same role become one role with headcount and people:; managers keep single-seat roles; role ids are readable and the same on every re-import. Departments outside Customer Success are left out, except the leaders above CS. Problems in the export (duplicate ids, unknown or ambiguous managers, cycles, several tops, missing titles, totals and blank rows) are reported at file:row:column and the rest still imports. Never writes over an existing file unless --force. Exit status: 0 imported, 1 imported with problems at or above --fail-on, 2 nothing imported.

Examples:

  csorg import people.csv

  csorg import bamboohr.xlsx -o org.yaml --titles titles.yaml

  csorg import export.csv --map 'id=Worker ID,manager_id=Manager Worker ID,title=Business Title'
"""


def command(
    file: str = typer.Argument(..., metavar="FILE", help="The people export: .csv, .tsv or .xlsx."),
    output: str = typer.Option(
        "org.yaml", "--output", "-o", help="The org file to write (- for stdout)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace existing files."),
    mapping: str | None = typer.Option(
        None,
        "--mapping",
        "-m",
        help="Use this ready mapping: generic, bamboohr, workday, hibob, rippling, personio, charthop.",
    ),
    user_map: str | None = typer.Option(
        None,
        "--map",
        metavar="FILE|PAIRS",
        help="Your mapping: a YAML file (columns: {title: Business Title}) or field=Column pairs.",
    ),
    titles: str | None = typer.Option(
        None, "--titles", metavar="FILE", help="Title table: company titles -> archetype ids."
    ),
    name: str = typer.Option(
        "Customer Success", "--name", help="organization.name of the new file."
    ),
    cs_department: list[str] = typer.Option(
        [],
        "--cs-department",
        help="A department that is part of CS (repeatable; default: read from the names).",
    ),
    all_departments: bool = typer.Option(
        False, "--all-departments", help="Import everyone, not only Customer Success."
    ),
    split: bool | None = typer.Option(
        None,
        "--split/--no-split",
        help="Team files under teams/ with include: (default: when over 150 seats).",
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Encoding of a CSV (default: UTF-8, else Windows-1252)."
    ),
    separator: str | None = typer.Option(
        None, "--separator", help="Column separator of a CSV (default: guessed)."
    ),
    sheet: str | None = typer.Option(None, "--sheet", help="Sheet of an .xlsx (default: first)."),
    output_format: str = typer.Option(
        "text", "--format", "-f", help="How to print the diagnostics: text or json."
    ),
    fail_on: str = typer.Option(
        "error", "--fail-on", help="Exit 1 on diagnostics at or above: error, warning, info."
    ),
) -> None:
    from csorg_cli.cli.common import fail, parse_severity
    from csorg_cli.hris.importer import ImportOptions, run_import

    if output_format not in ("text", "json"):
        fail(f"--format takes text or json, not {output_format!r}")
    options = ImportOptions(
        source=file,
        output=output,
        force=force,
        mapping=mapping,
        user_map=user_map,
        titles=titles,
        name=name,
        cs_departments=list(cs_department) or None,
        all_departments=all_departments,
        split=split,
        encoding=encoding,
        separator=separator,
        sheet=sheet,
        output_format=output_format,
        fail_on=parse_severity(fail_on),
    )
    raise typer.Exit(run_import(options))
