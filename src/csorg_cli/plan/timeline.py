"""``csorg plan --quarters`` and ``--plan-file``: the quarterly plan of a checked org.

The command's options arrive as a :class:`QuarterlyOptions`; :func:`run_quarterly` returns the exit
status. Kept apart from the CLI so it is tested without a runner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csorg_cli.checking import FileResult
from csorg_cli.outputs import OutputError, write_output
from csorg_cli.plan.assumptions import Growth, PlanFile, read_plan_file
from csorg_cli.plan.quarter_orgs import quarter_org
from csorg_cli.plan.quarters import QuarterlyPlan, build_quarterly_plan
from csorg_cli.plan.quarters_output import render

DEFAULT_QUARTERS = 4


@dataclass
class QuarterlyOptions:
    plan_file: str | None
    quarters: int | None
    output_format: str
    output: str | None
    write_quarters: str | None
    color: bool
    inputs: list[str]


def quarterly_plan(result: FileResult, options: QuarterlyOptions) -> tuple[QuarterlyPlan, str]:
    """The plan and its title; raises PlanFileError for a bad plan file or growth."""
    assert result.tree is not None and result.org is not None
    plan_file = PlanFile.model_validate({})
    growth: list[Growth] = []
    if options.plan_file is not None:
        plan_file, growth = read_plan_file(options.plan_file)
    quarters = options.quarters or plan_file.quarters or DEFAULT_QUARTERS
    plan = build_quarterly_plan(
        result.tree,
        result.benchmarks,
        plan_file.assumptions,
        growth,
        quarters,
        start=plan_file.start,
        budget_annual=plan_file.budget.annual if plan_file.budget else None,
    )
    title = result.org.organization.name + (f" - {plan_file.name}" if plan_file.name else "")
    return plan, title


def run_quarterly(result: FileResult, options: QuarterlyOptions) -> None:
    """Write the quarterly plan (and the quarter-end orgs when asked); raises on bad input."""
    plan, title = quarterly_plan(result, options)
    inputs = [*options.inputs, *([options.plan_file] if options.plan_file else [])]
    if options.write_quarters is not None:
        assert result.tree is not None
        folder = Path(options.write_quarters)
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"--write-quarters {folder}: not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"--write-quarters {folder}: {error.strerror or error}") from None
        stem = Path(result.file).stem if result.file != "-" else "org"
        written: list[str] = []
        for quarter, label in enumerate(plan.labels, start=1):
            target = folder / f"{stem}-{label}.yaml"
            write_output(
                quarter_org(result.tree, plan, quarter, result.file),
                str(target),
                inputs + written,
            )
            written.append(str(target))
    text = render(
        plan, options.output_format, title, color=options.color and options.output is None
    )
    write_output(text, options.output, inputs)
