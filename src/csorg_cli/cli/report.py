"""`csorg report`: headcount, layers, spans, coverage and leadership of one org."""

from __future__ import annotations

import dataclasses
import shutil
import sys

import typer

from csorg_cli.cli import completion
from csorg_cli.cli.common import (
    COLOR_OPTION,
    CONFIG_OPTION,
    EXIT_PROBLEMS,
    NO_CONFIG_OPTION,
    check_settings,
    fail,
    input_files,
    load_org_or_exit,
    print_diagnostics,
    write_output_or_fail,
)

NAME = "report"
HELP = """Report on an org: headcount and open seats, layers, spans of control, coverage per segment and the leadership chain.

Formats: text (tables for the terminal), markdown (a wiki page or PR comment), json (stable keys, documented in docs/report.md) and html (one self-contained page with the org chart). Prints to stdout, or writes -o FILE atomically.

Benchmarks and rule settings come from --config, else $CSORG_CONFIG, else the nearest .csorg.yaml upward from the working directory, as for validate.

An org with errors gets no report: its diagnostics go to stderr and the exit status is 1. An unreadable file or a bad option exits 2.

Examples:

  csorg report org.yaml

  csorg report org.yaml --format markdown > REPORT.md

  csorg report org.yaml --format html -o report.html
"""

FORMATS = ("text", "markdown", "json", "html")


def command(
    file: str = typer.Argument(..., metavar="FILE", help="The org file; - reads stdin."),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        autocompletion=completion.choices("text", "markdown", "json", "html"),
        help="Output format: text, markdown, json or html.",
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE (atomically) instead of stdout.",
    ),
    plan_file: str | None = typer.Option(
        None,
        "--plan-file",
        "-p",
        metavar="FILE",
        help="A plan file (docs/plan.md) whose assumptions price the seats: adds a Cost section "
        "(by function and segment, share of ARR, cost per account, against its budget).",
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    color: bool | None = COLOR_OPTION,
) -> None:

    from csorg_cli.report import RenderOptions, get_renderer
    from csorg_cli.report.model import build_report
    from csorg_cli.reporters.text import use_color

    if output_format not in FORMATS:
        fail(f"--format takes one of {', '.join(FORMATS)}, not {output_format!r}")
    to_stdout = output is None or output == "-"
    settings = check_settings(config_file, no_config)
    result = load_org_or_exit(file, settings, output)
    if result.has_errors() or result.tree is None:
        print_diagnostics(result)
        raise typer.Exit(EXIT_PROBLEMS)

    report = build_report(result)
    if plan_file is not None:
        report = dataclasses.replace(report, cost=_cost(result, plan_file))
    if output_format == "text":
        tty = to_stdout and sys.stdout.isatty()
        options = RenderOptions(
            color=use_color(tty) if color is None else color,
            width=shutil.get_terminal_size((120, 24)).columns if tty else 120,
        )
    elif output_format == "html":
        from csorg_cli.report.chart import chart_svg, interactive_chart

        svg, note = chart_svg(result)
        if note:
            print(f"csorg: warning: {note}", file=sys.stderr)
        live = interactive_chart(result)
        options = RenderOptions(chart_svg=svg, chart_note=note, chart_html=live)
    else:
        options = RenderOptions()
    text = get_renderer(output_format)(report, options)
    protected = [*input_files(result, settings), *([plan_file] if plan_file else [])]
    write_output_or_fail(text, output, protected)


def _cost(result, plan_file: str):  # type: ignore[no-untyped-def]
    """The org's cost under the plan file's assumptions; exits 2 on a bad plan file."""
    from csorg_cli.loading.files import InputError
    from csorg_cli.plan.assumptions import PlanFileError, read_plan_file
    from csorg_cli.plan.cost import org_cost

    try:
        plan, _ = read_plan_file(plan_file)
    except InputError as error:
        fail(str(error))
    except PlanFileError as error:
        for message in error.messages[:-1]:
            print(f"csorg: error: {message}", file=sys.stderr)
        fail(error.messages[-1])
    return org_cost(result.tree, plan.assumptions, plan.budget)
