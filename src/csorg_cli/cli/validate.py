"""`csorg validate`: check org files and report their diagnostics."""

from __future__ import annotations

import typer

from csorg_cli.cli import completion
from csorg_cli.cli.common import (
    COLOR_OPTION,
    CONFIG_OPTION,
    NO_CONFIG_OPTION,
    fail,
    parse_severity,
    parse_size,
    run_core,
)
from csorg_cli.reporters import REPORTERS

NAME = "validate"
HELP = """Check org files: YAML, format, integrity and the CS rules.

Prints every diagnostic with file:line:column and a hint. Exit status: 0 nothing at or above --fail-on (and no more warnings than --max-warnings), 1 problems, 2 the command could not run (unreadable file, bad option, invalid configuration).

Configuration comes from --config, else $CSORG_CONFIG, else the nearest .csorg.yaml upward from the working directory (see docs/configuration.md).

Examples:

  csorg validate org.yaml

  csorg validate orgs/ --format json

  csorg validate org.yaml --fail-on warning --quiet

  csorg validate org.yaml --output sarif=csorg.sarif --output junit=csorg.xml

  csorg validate org.yaml --baseline .csorg-baseline.json --update-baseline
"""


def command(
    files: list[str] = typer.Argument(
        ..., metavar="FILE...", help="Org files or directories of them; - reads stdin."
    ),
    output_format: str | None = typer.Option(
        None,
        "--format",
        "-f",
        autocompletion=completion.validate_formats,
        help=f"Output format on stdout: {', '.join(REPORTERS)} (default: text, or github when "
        "GITHUB_ACTIONS=true).",
    ),
    outputs: list[str] = typer.Option(
        [],
        "--output",
        metavar="FORMAT=PATH",
        help=f"Also write FORMAT ({', '.join(REPORTERS)}) to PATH (atomically); repeat for "
        "several.",
    ),
    changed: bool = typer.Option(
        False,
        "--changed",
        help="FILE... are changed files (as pre-commit passes them): check every org they belong "
        "to (an org file, or each org of the repository that includes the file; all orgs when "
        ".csorg.yaml changed) and skip YAML files that belong to no org.",
    ),
    sarif_root: str | None = typer.Option(
        None,
        "--sarif-root",
        metavar="DIR",
        help="Make SARIF paths relative to DIR (default: the git repository's top level, where "
        "code scanning resolves them from, else the working directory).",
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    baseline_file: str | None = typer.Option(
        None,
        "--baseline",
        metavar="FILE",
        help="Hide the problems recorded in this baseline file; report stale entries.",
    ),
    update_baseline: bool = typer.Option(
        False,
        "--update-baseline",
        help="Record the current problems in the --baseline file and exit 0.",
    ),
    fail_on: str = typer.Option(
        "error",
        "--fail-on",
        autocompletion=completion.severities,
        help="Lowest severity that fails the run: error, warning, info.",
    ),
    max_warnings: int | None = typer.Option(
        None,
        "--max-warnings",
        min=0,
        metavar="N",
        help="Also fail (exit 1) when there are more than N warnings.",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Print only the diagnostics that fail the run, no summary."
    ),
    statistics: bool = typer.Option(
        False,
        "--statistics",
        help="Count diagnostics per rule (on stderr for json, sarif and junit).",
    ),
    color: bool | None = COLOR_OPTION,
    max_file_size: str = typer.Option(
        "50MB", "--max-file-size", help="Refuse files larger than this."
    ),
    max_nodes: int = typer.Option(
        5_000_000,
        "--max-nodes",
        min=1,
        help="Stop reading a file past this many YAML nodes (values, keys, lists, mappings).",
    ),
    allow_outside_includes: bool = typer.Option(
        False,
        "--allow-outside-includes",
        help="Let include: name files outside the root file's directory.",
    ),
    accounts: str | None = typer.Option(
        None,
        "--accounts",
        metavar="FILE",
        help="Check this accounts file (CSV, TSV, .xlsx, Parquet) as the org's book of "
        "business, instead of its `accounts:` (one org only; see docs/book.md).",
    ),
) -> None:
    from csorg_cli.commands.validate import ValidateOptions, validate

    options = ValidateOptions(
        files=files,
        output_format=output_format,
        outputs=_parse_outputs(outputs, REPORTERS),
        changed=changed,
        sarif_root=sarif_root,
        config_file=config_file,
        no_config=no_config,
        baseline_file=baseline_file,
        update_baseline=update_baseline,
        fail_on=parse_severity(fail_on),
        max_warnings=max_warnings,
        quiet=quiet,
        statistics=statistics,
        color=color,
        max_file_bytes=parse_size(max_file_size),
        max_nodes=max_nodes,
        allow_outside_includes=allow_outside_includes,
        accounts=accounts,
    )
    run_core(validate, options)


def _parse_outputs(values: list[str], formats: tuple[str, ...]) -> list[tuple[str, str]]:
    """``FORMAT=PATH`` pairs; a bad pair is a usage error (check_outputs refuses repeats)."""
    out: list[tuple[str, str]] = []
    for value in values:
        name, sep, path = value.partition("=")
        name = name.strip().lower()
        if not sep or not path.strip():
            fail(f"--output takes FORMAT=PATH (e.g. sarif=csorg.sarif), not {value!r}")
        if name not in formats:
            fail(f"--output: unknown format {name!r} (one of {', '.join(formats)})")
        if path == "-":
            fail("--output: use --format for stdout")
        out.append((name, path))
    return out
