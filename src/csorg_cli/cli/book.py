"""`csorg book`: the book of business per seat and per team, against the coverage model."""

from __future__ import annotations

import sys

import typer

from csorg_cli.cli.common import CONFIG_OPTION, NO_CONFIG_OPTION

NAME = "book"
HELP = """Show the book of business: accounts, ARR, workload weight, load against target and renewals due in the next quarter, per seat and per team.

The accounts come from `accounts:` in the org file (CSV, TSV, .xlsx or Parquet; see docs/book.md) or --accounts FILE. Load is accounts against the target of the seat's segment (its ratio, or the benchmark of its motion, times the seat's FTE).

Formats: text, markdown, json (stable keys), csv (one row per seat) and html (one self-contained page with a histogram of load per seat). Prints to stdout, or writes -o FILE atomically.

Exit status: 0 the report was made (findings about the book are counted in it; `csorg validate` lists them); 1 the org has errors or the accounts file cannot be read as a book; 2 bad option or unreadable org.

Examples:

  csorg book org.yaml

  csorg book org.yaml --accounts q3-accounts.xlsx --format html -o book.html
"""


def command(
    file: str = typer.Argument(..., metavar="FILE", help="The org file; - reads stdin."),
    accounts: str | None = typer.Option(
        None,
        "--accounts",
        "-a",
        metavar="FILE",
        help="The accounts file (CSV, TSV, .xlsx, Parquet), instead of the org's `accounts:`.",
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", help="Output format: text, markdown, json, csv or html."
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write the report to FILE (atomically)."
    ),
    tolerance: float = typer.Option(
        0.25, "--tolerance", min=0, max=10, help="Load within 1 +- this is on target (0.25)."
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    from csorg_cli.book.report import FORMATS, RENDERERS, build_book_report
    from csorg_cli.cli.common import fail

    if output_format not in FORMATS:
        fail(f"--format takes one of {', '.join(FORMATS)}, not {output_format!r}")
    result = load_book_or_exit(file, accounts, output, config_file, no_config)
    report = build_book_report(result, tolerance)
    write_book_output(RENDERERS[output_format](report), output, result)


def load_book_or_exit(
    file: str,
    accounts: str | None,
    output: str | None,
    config_file: str | None,
    no_config: bool,
    extra_outputs: tuple[str | None, ...] = (),
):
    """The checked org with its book (shared by `book` and `rebalance`), or exit 1 or 2."""
    from dataclasses import replace

    from csorg_cli.cli.common import (
        EXIT_PROBLEMS,
        check_outputs_or_fail,
        check_settings,
        fail,
        load_org_or_exit,
    )

    settings = check_settings(config_file, no_config)
    if accounts is not None:
        settings = replace(settings, accounts=accounts)
        check_outputs_or_fail([output, *extra_outputs], [accounts])
    check_outputs_or_fail(list(extra_outputs), [*([] if file == "-" else [file]), *settings.files])
    result = load_org_or_exit(file, settings, output)
    book_rules = _book_rule_names()
    blocking = [
        d
        for d in result.diagnostics
        if d.severity.value == "error" and (d.rule not in book_rules or d.rule == "accounts-file")
    ]
    if result.org is None or result.tree is None or blocking:
        _print_diagnostics(result, blocking or result.diagnostics)
        raise typer.Exit(EXIT_PROBLEMS)
    if result.book is None:
        fail(f"{result.file} links no book: add `accounts: FILE` to it, or pass --accounts FILE")
    return result


def write_book_output(text: str, output: str | None, result, extra: tuple[str, ...] = ()) -> None:
    from csorg_cli.cli.common import input_files, write_output_or_fail

    protected = [*input_files(result), *extra]
    if result.book is not None:
        protected.append(str(result.book.path))
    write_output_or_fail(text, output, protected)


def _book_rule_names() -> set[str]:
    from csorg_cli.rules import RULES

    return {name for name, spec in RULES.items() if spec.category == "book"}


def _print_diagnostics(result, diagnostics) -> None:
    from csorg_cli.checking import CheckResult, FileResult
    from csorg_cli.reporters import ReportOptions
    from csorg_cli.reporters.text import render, use_color

    shown = FileResult(
        result.file, result.loaded, result.built, result.tree, list(diagnostics), [], None
    )
    sys.stderr.write(
        render(CheckResult(results=[shown]), ReportOptions(color=use_color(sys.stderr.isatty())))
    )
    sys.stderr.flush()
