"""The core of ``csorg validate``: check orgs, write the reports, return the exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from csorg_cli.commands import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError
from csorg_cli.diagnostics import Severity

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult


@dataclass(frozen=True)
class ValidateOptions:
    """What ``csorg validate`` was asked to do, already parsed."""

    files: Sequence[str]
    # None: github under GitHub Actions, else text.
    output_format: str | None = None
    # (format, path) pairs written beside the report on stdout.
    outputs: Sequence[tuple[str, str]] = ()
    changed: bool = False
    sarif_root: str | None = None
    config_file: str | None = None
    no_config: bool = False
    baseline_file: str | None = None
    update_baseline: bool = False
    fail_on: Severity = Severity.ERROR
    max_warnings: int | None = None
    quiet: bool = False
    statistics: bool = False
    color: bool | None = None  # None: on a terminal, unless NO_COLOR
    max_file_bytes: int = 50_000_000
    max_nodes: int = 5_000_000  # per file: bounds memory where the file size does not
    allow_outside_includes: bool = False
    # --accounts FILE: the book of business to check with the org (one org only).
    accounts: str | None = None
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))


def validate(options: ValidateOptions, stderr: TextIO | None = None) -> int:
    """Run ``csorg validate``: 0 nothing fails, 1 problems, 2 an input could not be read.

    Reports go to stdout (and the ``outputs`` files), notes and errors to ``stderr``. Raises
    :class:`UsageError` when it cannot run as asked (bad configuration, baseline or output).
    """
    from csorg_cli.baseline import BaselineError
    from csorg_cli.config import ConfigError
    from csorg_cli.outputs import OutputError

    try:
        return _validate(options, stderr or sys.stderr)
    except (ConfigError, BaselineError, OutputError) as error:
        raise UsageError(str(error)) from None


def _validate(options: ValidateOptions, err: TextIO) -> int:
    from csorg_cli.baseline import Baseline, describe_stale
    from csorg_cli.checking import CheckSettings, check_paths
    from csorg_cli.loading import DEFAULT_LIMITS, LoadOptions
    from csorg_cli.outputs import check_outputs, write_output
    from csorg_cli.reporters import REPORTERS, ReportOptions, get_reporter
    from csorg_cli.reporters.text import use_color

    output_format = options.output_format
    if output_format is None:
        output_format = "github" if options.environ.get("GITHUB_ACTIONS") == "true" else "text"
    elif output_format not in REPORTERS:
        raise UsageError(f"--format takes one of {', '.join(REPORTERS)}, not {output_format!r}")
    baseline_file = options.baseline_file
    if options.update_baseline and not baseline_file:
        raise UsageError("--update-baseline needs --baseline FILE (the file to write)")
    if options.sarif_root is not None and not os.path.isdir(options.sarif_root):
        raise UsageError(f"--sarif-root: {options.sarif_root} is not a directory")
    limits = replace(
        DEFAULT_LIMITS, max_file_bytes=options.max_file_bytes, max_nodes=options.max_nodes
    )
    load_options = LoadOptions(limits=limits, allow_outside_includes=options.allow_outside_includes)
    # --update-baseline may create the baseline file; otherwise a missing one is an error.
    read_baseline = baseline_file and (not options.update_baseline or Path(baseline_file).exists())
    settings = CheckSettings.resolve(
        options.config_file,
        options.no_config,
        load_options=load_options,
        baseline_file=baseline_file if read_baseline else None,
        environ=options.environ,
    )
    if options.accounts is not None:
        if len(options.files) != 1 or options.changed:
            raise UsageError("--accounts checks one org's book: name one org file")
        settings = replace(settings, accounts=options.accounts)
    # Nothing the command reads is ever an output: the org files, the configuration and what it
    # extends, and the baseline (unless --update-baseline names it as the output).
    protected_baseline = [baseline_file] if baseline_file and not options.update_baseline else []
    files = list(options.files)
    known_inputs = [
        *(f for f in files if f != "-"),
        *settings.config.files,
        *protected_baseline,
        *([options.accounts] if options.accounts else []),
    ]
    written: list[str | None] = [path for _, path in options.outputs]
    if options.update_baseline:
        written.append(baseline_file)
    check_outputs(written, known_inputs)

    to_check = files
    if options.changed:
        from csorg_cli.changes import affected_orgs

        to_check = affected_orgs(files, load_options).orgs
    with _progress(to_check, output_format):
        # Updating records every problem: the old baseline must not hide any of them.
        result = check_paths(
            to_check, replace(settings, baseline=None) if options.update_baseline else settings
        )
    inputs = [*known_inputs, *to_check, *result.files]

    if options.update_baseline:
        assert baseline_file is not None
        for message in result.input_errors:
            print(f"csorg: error: {message}", file=err)
        if result.input_errors:
            raise UsageError("baseline not written: some inputs could not be read")
        base = Path(baseline_file).resolve().parent
        recorded = (settings.baseline or Baseline(base=base)).updated(
            result.diagnostics, result.files
        )
        write_output(recorded.to_json(), baseline_file, inputs)
        print(f"csorg: wrote {baseline_file}: {len(recorded)} problem(s) recorded", file=err)
        return EXIT_OK

    def options_for(to_terminal: bool) -> ReportOptions:
        color = options.color
        use = (use_color(sys.stdout.isatty()) if color is None else color) if to_terminal else False
        return ReportOptions(
            fail_on=options.fail_on,
            quiet=options.quiet,
            statistics=options.statistics,
            color=use,
            sarif_root=options.sarif_root,
        )

    for name, path in options.outputs:
        write_output(get_reporter(name)(result, options_for(False)), path, inputs)
    write_output(get_reporter(output_format)(result, options_for(True)), None, ())

    if options.statistics and output_format not in ("text", "github", "markdown"):
        for line in statistics(result):
            print(line, file=err)
    stale = result.stale
    if stale:
        print(
            f"csorg: note: {len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} in "
            f"{baseline_file} no longer occur (fixed?); run with --update-baseline to prune:",
            file=err,
        )
        for line in describe_stale(stale):
            print(f"  {line}", file=err)
    for message in result.input_errors:
        print(f"csorg: error: {message}", file=err)
    if result.input_errors:
        return EXIT_USAGE
    diagnostics = result.diagnostics
    failing = any(d.severity >= options.fail_on for d in diagnostics)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    if options.max_warnings is not None and warnings > options.max_warnings:
        print(
            f"csorg: {warnings} warning(s), more than --max-warnings {options.max_warnings}",
            file=err,
        )
        failing = True
    return EXIT_PROBLEMS if failing else EXIT_OK


def statistics(result: CheckResult) -> list[str]:
    """``--statistics``: diagnostics per rule and severity, most frequent first."""
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
