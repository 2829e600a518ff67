"""`csorg plan`: coverage seats each segment needs, the hires, and the planned org file."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from csorg_cli.cli import completion

if TYPE_CHECKING:
    from csorg_cli.checking import CheckSettings, FileResult

from csorg_cli.cli.common import COLOR_OPTION, CONFIG_OPTION, NO_CONFIG_OPTION

NAME = "plan"
HELP = """Plan capacity: coverage seats each segment needs at its target ratio, and the hires.

Seats needed = ceil(accounts / target ratio), where the target is the segment's `ratio` or the benchmark default of its motion. The org is checked and its coverage judged with the same configuration and benchmarks as validate: --config, else $CSORG_CONFIG, else the nearest .csorg.yaml upward from the working directory. Try scenarios with --set (repeatable) or --scenario FILE; new seats go under the managers who lead that role while their span stays within the front-line benchmark, and beyond it into new teams with a team lead each. Exit status: 0 planned, 1 the org has errors, 2 bad option, scenario or file.

Examples:

  csorg plan org.yaml

  csorg plan org.yaml --set segments.enterprise.accounts=+20% --set segments.smb.ratio=1:150

  csorg plan org.yaml --set segments.apac.accounts=50 --set segments.apac.motion=named

  csorg plan org.yaml --scenario fy27.yaml --format markdown --write plan.yaml
"""


def command(
    file: str = typer.Argument(..., metavar="FILE", help="The org file (- reads stdin)."),
    scenarios: list[str] = typer.Option(
        [],
        "--scenario",
        "-s",
        metavar="FILE",
        help="A YAML file of changes (see docs/plan.md). Give two or more (change files or whole "
        "org files, such as `csorg design` writes) to compare them side by side.",
    ),
    sets: list[str] = typer.Option(
        [],
        "--set",
        metavar="segments.ID.FIELD=VALUE",
        help="A change: accounts or arr (150, +20, -5, +20%), motion "
        "(named, pooled, digital), ratio (1:150) or name; an "
        "unknown ID adds a segment. Repeatable; applied after "
        "--scenario.",
    ),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        autocompletion=completion.choices("text", "markdown", "json"),
        help="Output format: text, markdown or json.",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Write the report to this file (atomically)."
    ),
    write: str | None = typer.Option(
        None,
        "--write",
        "-w",
        metavar="FILE",
        help="Also write the planned org as an org file: the "
        "input's text with the plan's edits, comments and "
        "order kept.",
    ),
    quarters: int | None = typer.Option(
        None,
        "--quarters",
        "-q",
        metavar="N",
        help="Plan N quarters ahead: demand, supply with ramp and attrition, the hiring plan "
        "(requisition, start and ready quarters) and cost per quarter (see docs/plan.md).",
    ),
    plan_file: str | None = typer.Option(
        None,
        "--plan-file",
        "-p",
        metavar="FILE",
        help="A plan file: growth per segment per quarter, assumptions (pay, ramp, attrition, "
        "time to fill) and a budget. Implies a quarterly plan.",
    ),
    write_quarters: str | None = typer.Option(
        None,
        "--write-quarters",
        metavar="DIR",
        help="With a quarterly plan: also write the org at the end of each quarter into DIR.",
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    color: bool | None = COLOR_OPTION,
) -> None:
    from csorg_cli.cli.common import (
        EXIT_PROBLEMS,
        check_outputs_or_fail,
        check_settings,
        fail,
        input_files,
        load_org_or_exit,
        print_diagnostics,
        unchanged_since_read,
        write_output_or_fail,
    )
    from csorg_cli.loading.files import InputError
    from csorg_cli.plan import (
        PlanWriteError,
        ScenarioError,
        build_plan,
        load_scenario,
        parse_set,
        write_plan,
    )
    from csorg_cli.plan.output import FORMATS, render
    from csorg_cli.reporters.text import use_color

    compare = len(scenarios) >= 2
    scenario = scenarios[0] if len(scenarios) == 1 else None
    quarterly = not compare and (quarters is not None or plan_file is not None)
    if compare:
        from csorg_cli.plan.compare import FORMATS as COMPARE_FORMATS

        if output_format not in COMPARE_FORMATS:
            fail(f"--format takes one of {', '.join(COMPARE_FORMATS)}, not {output_format!r}")
        if sets or write is not None or write_quarters is not None:
            fail(
                "comparing scenarios writes no org: --set, --write and --write-quarters apply "
                "to one scenario at a time"
            )
    if quarterly:
        from csorg_cli.plan.quarters_output import FORMATS as QUARTERLY_FORMATS

        if output_format not in QUARTERLY_FORMATS:
            fail(f"--format takes one of {', '.join(QUARTERLY_FORMATS)}, not {output_format!r}")
        if scenario is not None or sets or write is not None:
            fail(
                "--quarters and --plan-file plan growth over time; --scenario, --set and --write "
                "plan one change now: use one or the other"
            )
        if quarters is not None and not 1 <= quarters <= 40:
            fail(f"--quarters takes 1 to 40 quarters, not {quarters}")
    elif write_quarters is not None:
        fail("--write-quarters needs a quarterly plan (--quarters N or --plan-file FILE)")
    elif not compare and output_format not in FORMATS:
        fail(f"--format takes one of {', '.join(FORMATS)}, not {output_format!r}")
    if write is not None and file == "-":
        fail("--write needs the org as a file, not stdin: the plan edits the file's text")
    settings = check_settings(config_file, no_config)
    # The org, its settings and the scenario are never outputs; --write and -o never one file.
    known_inputs = [
        *([] if file == "-" else [file]),
        *settings.files,
        *scenarios,
        *filter(None, [plan_file]),
    ]
    check_outputs_or_fail([write, output], known_inputs)
    changes = []
    scenario_name = None
    try:
        if scenario is not None:
            loaded_scenario = load_scenario(scenario)
            changes.extend(loaded_scenario.changes)
            scenario_name = loaded_scenario.name or scenario
        changes.extend(parse_set(option) for option in sets)
    except InputError as error:
        fail(str(error))
    except ScenarioError as error:
        for message in error.messages[:-1]:
            print(f"csorg: error: {message}", file=sys.stderr)
        fail(error.messages[-1])

    result = load_org_or_exit(file, settings)
    display = result.file
    if result.org is None or result.tree is None or result.has_errors():
        print_diagnostics(result, quiet=True, color=False)
        print(f"csorg: error: {display} has errors; fix them before planning", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS)
    if quarterly:
        _run_quarterly(
            result, plan_file, quarters, output_format, output, write_quarters, color, known_inputs
        )
        return
    if compare:
        _run_compare(
            result,
            settings,
            scenarios,
            plan_file,
            quarters,
            output_format,
            output,
            color,
            known_inputs,
        )
        return
    role_files = {rid: source.file for rid, source in result.loaded.role_sources.items()}
    try:
        plan = build_plan(
            result.tree,
            changes,
            result.benchmarks,
            file=display,
            role_files=role_files,
            scenario=scenario_name,
            metrics=result.metrics,
        )
    except ScenarioError as error:
        for message in error.messages[:-1]:
            print(f"csorg: error: {message}", file=sys.stderr)
        fail(error.messages[-1])

    inputs = [*input_files(result, settings), *known_inputs]
    if write is not None:
        # The plan was computed from the files as they were read; the edits apply to those very
        # characters (not to a second read), and nothing is written when any file has changed.
        source = result.loaded.files[0].read
        if source is None or source.text is None:
            fail(f"{display}: --write needs the org as a file on disk")
        try:
            planned_text = write_plan(source.text, display, result.org, plan.planned, plan.edits)
        except PlanWriteError as error:
            fail(f"--write {write}: {error}")
        write_output_or_fail(
            source.encoded(planned_text), write, inputs, unchanged_since_read(result.loaded)
        )
    use = use_color(sys.stdout.isatty()) if color is None else color
    to_terminal = use and (output is None or output == "-")
    write_output_or_fail(render(plan, output_format, color=to_terminal), output, inputs)


def _run_quarterly(
    result: FileResult,
    plan_file: str | None,
    quarters: int | None,
    output_format: str,
    output: str | None,
    write_quarters: str | None,
    color: bool | None,
    protected: list[str],
) -> None:
    from csorg_cli.cli.common import fail, input_files, located
    from csorg_cli.loading.files import InputError
    from csorg_cli.outputs import OutputError
    from csorg_cli.plan.assumptions import PlanFileError
    from csorg_cli.plan.timeline import QuarterlyOptions, run_quarterly
    from csorg_cli.reporters.text import use_color

    use = use_color(sys.stdout.isatty()) if color is None else color
    options = QuarterlyOptions(
        plan_file=plan_file,
        quarters=quarters,
        output_format=output_format,
        output=output,
        write_quarters=write_quarters,
        color=use,
        # The org, its includes, the configuration and the plan file: never an output.
        inputs=[*input_files(result), *protected],
    )
    try:
        run_quarterly(result, options)
    except (InputError, OutputError) as error:
        fail(str(error))
    except PlanFileError as error:
        where = plan_file or "plan"
        for message in error.messages[:-1]:
            print(f"csorg: error: {located(message, where)}", file=sys.stderr)
        fail(located(error.messages[-1], where))


def _run_compare(
    result: FileResult,
    settings: CheckSettings,
    scenarios: list[str],
    plan_file: str | None,
    quarters: int | None,
    output_format: str,
    output: str | None,
    color: bool | None,
    protected: list[str],
) -> None:
    from csorg_cli.cli.common import fail, write_output_or_fail
    from csorg_cli.loading.files import InputError
    from csorg_cli.plan import ScenarioError
    from csorg_cli.plan.assumptions import PlanFile, PlanFileError, read_plan_file
    from csorg_cli.plan.compare import figures_of, load_scenario_org, render
    from csorg_cli.reporters.text import use_color

    assert result.org is not None
    try:
        plan_spec, growth = (
            read_plan_file(plan_file) if plan_file else (PlanFile.model_validate({}), [])
        )
        wanted = quarters or (plan_spec.quarters if plan_file else None)
        assumptions = plan_spec.assumptions if plan_file else None
        figures = [figures_of(result, "as is", assumptions, wanted, growth)]
        for path in scenarios:
            planned, name = load_scenario_org(result, path, settings)
            figures.append(figures_of(planned, name, assumptions, wanted, growth))
    except (InputError, OSError) as error:
        fail(str(error))
    except (ScenarioError, PlanFileError) as error:
        for message in error.messages[:-1]:
            print(f"csorg: error: {message}", file=sys.stderr)
        fail(error.messages[-1])
    use = use_color(sys.stdout.isatty()) if color is None else color
    title = result.org.organization.name
    text = render(title, figures, output_format, use and output in (None, "-"))
    write_output_or_fail(text, output, protected)
