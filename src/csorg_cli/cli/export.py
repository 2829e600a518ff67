"""`csorg export`: an org file back out, as a people CSV or Backstage catalog entities."""

from __future__ import annotations

import typer

from csorg_cli.cli.common import CONFIG_OPTION, NO_CONFIG_OPTION

NAME = "export"
HELP = """Write an org as a people CSV (for an HRIS or ChartHop import) or as Backstage catalog entities.

csv: one row per seat in the columns `csorg import` reads back (employee_id, name, title, manager_id, department, segment, region, status, role_id): a filled seat carries the holder's name, an open seat the status Open; importing it gives the same org file. backstage: a Group per role that leads a team (parent, children, members) and a User per named person, as one YAML stream for a Backstage catalog location. Exit status: 0 written, 1 the org has errors (nothing written), 2 it cannot be read.

Examples:

  csorg export org.yaml -o people.csv

  csorg export org.yaml --format backstage -o catalog/cs-org.yaml
"""


def command(
    file: str = typer.Argument(..., metavar="FILE", help="The org file (- for stdin)."),
    output_format: str = typer.Option(
        "csv", "--format", "-f", help="csv (a people file) or backstage (catalog YAML)."
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Write to this file (atomically; default stdout)."
    ),
    namespace: str | None = typer.Option(
        None, "--namespace", help="Backstage metadata.namespace of every entity."
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    import sys

    from csorg_cli.cli.common import (
        EXIT_PROBLEMS,
        check_settings,
        fail,
        input_files,
        load_org_or_exit,
        write_output_or_fail,
    )
    from csorg_cli.diagnostics import Severity
    from csorg_cli.hris.export import FORMATS, backstage, people_csv

    if output_format not in FORMATS:
        fail(f"--format takes one of {', '.join(FORMATS)}, not {output_format!r}")
    settings = check_settings(config_file, no_config)
    result = load_org_or_exit(file, settings, output)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.org is None or errors:
        from csorg_cli.hris.importer import format_diagnostic

        for diagnostic in errors[:20]:
            print(format_diagnostic(diagnostic), file=sys.stderr)
        print(
            f"csorg export: {file} has {len(errors)} error(s): fix them first "
            "(csorg validate shows them all); nothing written",
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_PROBLEMS)
    org = result.org
    text = people_csv(org) if output_format == "csv" else backstage(org, namespace)
    write_output_or_fail(text, output, input_files(result, settings))
