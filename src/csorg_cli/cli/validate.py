"""`csorg validate`: check org files and report their diagnostics."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import List, Optional

import typer

from csorg_cli.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, fail, parse_severity, parse_size

NAME = "validate"
HELP = """Check org files: YAML, format, integrity and the CS rules.

Prints every diagnostic with file:line:column and a hint. Exit status: 0 nothing at or above --fail-on, 1 problems at or above it, 2 the command could not run (unreadable file, bad option).

Examples:

  csorg validate org.yaml

  csorg validate orgs/ --format json

  csorg validate org.yaml --fail-on warning --quiet
"""


def command(
    files: List[str] = typer.Argument(..., metavar="FILE...",
                                      help="Org files or directories of them; - reads stdin."),
    output_format: str = typer.Option("text", "--format", "-f",
                                      help="Output format: text or json."),
    fail_on: str = typer.Option("error", "--fail-on",
                                help="Lowest severity that fails the run: error, warning, info."),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help="Print only the diagnostics that fail the run, no summary."),
    statistics: bool = typer.Option(False, "--statistics", help="Count diagnostics per rule."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color",
                                         help="Force colour on or off (default: on a terminal, "
                                              "unless NO_COLOR is set)."),
    max_file_size: str = typer.Option("50MB", "--max-file-size",
                                      help="Refuse files larger than this."),
    allow_outside_includes: bool = typer.Option(False, "--allow-outside-includes",
                                                help="Let include: name files outside the root "
                                                     "file's directory."),
) -> None:
    from csorg_cli.checking import check_paths
    from csorg_cli.loading import DEFAULT_LIMITS, LoadOptions
    from csorg_cli.reporters import REPORTERS, ReportOptions, get_reporter
    from csorg_cli.reporters.text import use_color

    if output_format not in REPORTERS:
        fail(f"--format takes one of {', '.join(REPORTERS)}, not {output_format!r}")
    severity = parse_severity(fail_on)
    limits = replace(DEFAULT_LIMITS, max_file_bytes=parse_size(max_file_size))
    load_options = LoadOptions(limits=limits, allow_outside_includes=allow_outside_includes)
    result = check_paths(files, load_options=load_options)
    options = ReportOptions(
        fail_on=severity, quiet=quiet, statistics=statistics,
        color=use_color(sys.stdout.isatty()) if color is None else color)
    sys.stdout.write(get_reporter(output_format)(result, options))
    sys.stdout.flush()
    for message in result.input_errors:
        print(f"csorg: error: {message}", file=sys.stderr)
    if result.input_errors:
        raise typer.Exit(EXIT_USAGE)
    failing = any(d.severity >= severity for d in result.diagnostics)
    raise typer.Exit(EXIT_PROBLEMS if failing else EXIT_OK)
