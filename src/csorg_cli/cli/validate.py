"""`csorg validate`: check org files and report their diagnostics."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import typer

from csorg_cli.cli import completion
from csorg_cli.cli.common import (
    COLOR_OPTION,
    CONFIG_OPTION,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    NO_CONFIG_OPTION,
    check_outputs_or_fail,
    check_settings,
    fail,
    parse_severity,
    parse_size,
    write_output_or_fail,
)
from csorg_cli.diagnostics import Severity
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
    allow_outside_includes: bool = typer.Option(
        False,
        "--allow-outside-includes",
        help="Let include: name files outside the root file's directory.",
    ),
) -> None:
    from csorg_cli.baseline import Baseline, describe_stale
    from csorg_cli.checking import check_paths
    from csorg_cli.loading import DEFAULT_LIMITS, LoadOptions
    from csorg_cli.reporters import ReportOptions, get_reporter
    from csorg_cli.reporters.text import use_color

    names = ", ".join(REPORTERS)
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    elif output_format not in REPORTERS:
        fail(f"--format takes one of {names}, not {output_format!r}")
    extra_outputs = _parse_outputs(outputs, REPORTERS)
    severity = parse_severity(fail_on)
    if update_baseline and not baseline_file:
        fail("--update-baseline needs --baseline FILE (the file to write)")
    if sarif_root is not None and not os.path.isdir(sarif_root):
        fail(f"--sarif-root: {sarif_root} is not a directory")
    limits = replace(DEFAULT_LIMITS, max_file_bytes=parse_size(max_file_size))
    load_options = LoadOptions(limits=limits, allow_outside_includes=allow_outside_includes)
    # --update-baseline may create the baseline file; otherwise a missing one is an error.
    read_baseline = baseline_file and (not update_baseline or Path(baseline_file).exists())
    settings = check_settings(
        config_file,
        no_config,
        load_options=load_options,
        baseline_file=baseline_file if read_baseline else None,
    )
    # Nothing the command reads is ever an output: the org files, the configuration and what it
    # extends, and the baseline (unless --update-baseline names it as the output).
    protected_baseline = [baseline_file] if baseline_file and not update_baseline else []
    known_inputs = [*(f for f in files if f != "-"), *settings.config.files, *protected_baseline]
    written: list[str | None] = [path for _, path in extra_outputs]
    if update_baseline:
        written.append(baseline_file)
    check_outputs_or_fail(written, known_inputs)

    to_check = files
    if changed:
        from csorg_cli.changes import affected_orgs

        to_check = affected_orgs(files, load_options).orgs
    with _progress(to_check, output_format):
        # Updating records every problem: the old baseline must not hide any of them.
        result = check_paths(
            to_check, replace(settings, baseline=None) if update_baseline else settings
        )
    inputs = [*known_inputs, *to_check, *result.files]

    if update_baseline:
        assert baseline_file is not None
        for message in result.input_errors:
            print(f"csorg: error: {message}", file=sys.stderr)
        if result.input_errors:
            fail("baseline not written: some inputs could not be read")
        base = Path(baseline_file).resolve().parent
        recorded = (settings.baseline or Baseline(base=base)).updated(
            result.diagnostics, result.files
        )
        write_output_or_fail(recorded.to_json(), baseline_file, inputs)
        print(f"csorg: wrote {baseline_file}: {len(recorded)} problem(s) recorded", file=sys.stderr)
        raise typer.Exit(EXIT_OK)

    stale = result.stale

    def options_for(name: str, to_terminal: bool) -> ReportOptions:
        use = (use_color(sys.stdout.isatty()) if color is None else color) if to_terminal else False
        return ReportOptions(
            fail_on=severity,
            quiet=quiet,
            statistics=statistics,
            color=use,
            sarif_root=sarif_root,
        )

    for name, path in extra_outputs:
        write_output_or_fail(get_reporter(name)(result, options_for(name, False)), path, inputs)
    write_output_or_fail(
        get_reporter(output_format)(result, options_for(output_format, True)), None, ()
    )

    if statistics and output_format not in ("text", "github", "markdown"):
        for line in _statistics(result):
            print(line, file=sys.stderr)
    if stale:
        print(
            f"csorg: note: {len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} in "
            f"{baseline_file} no longer occur (fixed?); run with --update-baseline to prune:",
            file=sys.stderr,
        )
        for line in describe_stale(stale):
            print(f"  {line}", file=sys.stderr)
    for message in result.input_errors:
        print(f"csorg: error: {message}", file=sys.stderr)
    if result.input_errors:
        raise typer.Exit(EXIT_USAGE)
    diagnostics = result.diagnostics
    failing = any(d.severity >= severity for d in diagnostics)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    if max_warnings is not None and warnings > max_warnings:
        print(
            f"csorg: {warnings} warning(s), more than --max-warnings {max_warnings}",
            file=sys.stderr,
        )
        failing = True
    raise typer.Exit(EXIT_PROBLEMS if failing else EXIT_OK)


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


def _statistics(result) -> list[str]:
    counts: dict[tuple[str, str], int] = {}
    for diagnostic in result.diagnostics:
        key = (diagnostic.rule, diagnostic.severity.value)
        counts[key] = counts.get(key, 0) + 1
    lines = ["statistics:"]
    for (rule, severity), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {count:>6}  {severity:<8} {rule}")
    suppressed = sum(len(r.suppressed) for r in result.results)
    if suppressed:
        lines.append(f"  {suppressed:>6}  suppressed (inline comments and baseline)")
    return lines


# Inputs above this size take a second or more: worth a spinner on a terminal.
_PROGRESS_BYTES = 2_000_000


def _progress(files: list[str], output_format: str):
    """A spinner on stderr for long runs on a terminal; nothing in CI, in pipes or with JSON."""
    import contextlib
    import os

    quiet = (
        output_format != "text"
        or os.environ.get("CI")
        or not sys.stderr.isatty()
        or not sys.stdout.isatty()
    )
    if not quiet:
        try:
            total = sum(os.path.getsize(f) for f in files if f != "-" and os.path.isfile(f))
        except OSError:
            total = 0
        quiet = total < _PROGRESS_BYTES
    if quiet:
        return contextlib.nullcontext()
    from rich.console import Console  # only here: rich's console costs startup time

    names = ", ".join(files) if len(files) <= 3 else f"{len(files)} files"
    return Console(stderr=True).status(f"checking {names}...", spinner="dots")
