"""`csorg design`: a proposed CS org from the customer base, the constraints and the costs."""

from __future__ import annotations

import sys

import typer

from csorg_cli.cli.common import CONFIG_OPTION, NO_CONFIG_OPTION

NAME = "design"
HELP = """Propose a CS org from the customer base: the cheapest structure that meets every constraint.

The input (csorg-design: 1, see docs/design.md) gives segments (accounts, ARR, regions, a motion or none), constraints (ratios, span, layers, budget, functions to staff) and pay. Each segment's motion comes from its ACV against the ARR-per-seat benchmark band; HiGHS picks the cheapest combination, and the next cheapest are shown as alternatives. When the constraints cannot all hold, csorg says which bind, by how much, and writes the nearest design. Exit status: 0 designed, 1 the constraints cannot all hold, 2 bad input.

Examples:

  csorg design customers.yaml --write org.yaml

  csorg design customers.yaml --format markdown --write-alternatives alternatives/
"""


def command(
    file: str = typer.Argument(..., metavar="FILE", help="The design input (csorg-design: 1)."),
    write: str | None = typer.Option(
        None, "--write", "-w", metavar="FILE", help="Write the proposed org file."
    ),
    write_alternatives: str | None = typer.Option(
        None, "--write-alternatives", metavar="DIR", help="Write the alternatives' org files."
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", help="Summary format: text, markdown or json."
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Write the summary to this file (atomically)."
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    from csorg_cli.cli.common import check_settings, fail, located
    from csorg_cli.design.run import FORMATS, DesignOptions, run_design
    from csorg_cli.design.solve import DesignError
    from csorg_cli.loading.files import InputError
    from csorg_cli.outputs import OutputError
    from csorg_cli.plan.assumptions import PlanFileError

    if output_format not in FORMATS:
        fail(f"--format takes one of {', '.join(FORMATS)}, not {output_format!r}")
    settings = check_settings(config_file, no_config)
    options = DesignOptions(
        input=file,
        benchmarks=settings.benchmarks,
        config=settings.config,
        output_format=output_format,
        output=output,
        write=write,
        write_alternatives=write_alternatives,
        protected=tuple(settings.files),
    )
    try:
        status = run_design(options)
    except (InputError, OutputError) as error:
        fail(str(error))
    except (PlanFileError, DesignError) as error:
        for message in error.messages[:-1]:
            print(f"csorg: error: {located(message, file)}", file=sys.stderr)
        fail(located(error.messages[-1], file))
    raise typer.Exit(status)
