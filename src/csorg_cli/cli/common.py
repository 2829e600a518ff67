"""Helpers shared by the commands: errors that exit 2, option parsing, the chosen config."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer

from csorg_cli.diagnostics import Severity

if TYPE_CHECKING:
    from csorg_cli.checking import CheckSettings, FileResult
    from csorg_cli.loading.org import LoadedOrg, LoadOptions

# Options several commands share, declared once so their flags and help never drift apart.
CONFIG_OPTION = typer.Option(
    None,
    "--config",
    "-c",
    metavar="FILE",
    help="Configuration file (default: $CSORG_CONFIG or the nearest .csorg.yaml).",
)
NO_CONFIG_OPTION = typer.Option(
    False, "--no-config", help="Ignore configuration files: the recommended defaults."
)
COLOR_OPTION = typer.Option(
    None,
    "--color/--no-color",
    help="Force colour on or off (default: on a terminal, unless NO_COLOR is set).",
)

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a one-line error on stderr and exit (2: usage or IO problem)."""
    print(f"csorg: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


Options = TypeVar("Options")


def run_core(run: Callable[[Options], int], options: Options) -> NoReturn:
    """Run a command's core (:mod:`csorg_cli.commands`) and exit with its status; a
    :class:`~csorg_cli.commands.UsageError` is one line on stderr and exit 2."""
    from csorg_cli.commands import UsageError

    try:
        code = run(options)
    except UsageError as error:
        fail(str(error))
    raise typer.Exit(code)


def parse_severity(value: str, option: str = "--fail-on") -> Severity:
    try:
        return Severity(value.lower())
    except ValueError:
        fail(f"{option} takes error, warning or info, not {value!r}")


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*$", re.IGNORECASE)
_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "kib": 1024,
    "m": 1000**2,
    "mb": 1000**2,
    "mib": 1024**2,
    "g": 1000**3,
    "gb": 1000**3,
    "gib": 1024**3,
}


def parse_size(value: str, option: str = "--max-file-size") -> int:
    """``"10MB"``, ``"512KiB"`` or a number of bytes."""
    match = _SIZE.match(value)
    unit = (match.group(2) or "").lower() if match else ""
    if match is None or unit not in _UNITS:
        fail(f"{option} takes a size such as 10MB, 512KiB or 1000000, not {value!r}")
    return int(float(match.group(1)) * _UNITS[unit])


def check_settings(
    config_file: str | None,
    no_config: bool,
    *,
    load_options: LoadOptions | None = None,
    baseline_file: str | None = None,
) -> CheckSettings:
    """How a command reads orgs: ``--config``, ``$CSORG_CONFIG``, the nearest ``.csorg.yaml``, or
    the recommended defaults with ``--no-config``; a bad configuration or baseline exits 2."""
    from csorg_cli.baseline import BaselineError
    from csorg_cli.checking import CheckSettings
    from csorg_cli.config import ConfigError

    try:
        return CheckSettings.resolve(
            config_file, no_config, load_options=load_options, baseline_file=baseline_file
        )
    except (ConfigError, BaselineError) as error:
        fail(str(error))


def load_org_or_exit(file: str, settings: CheckSettings, output: str | None = None) -> FileResult:
    """The checked org in ``file`` (``-`` is stdin), or exit 2 when it cannot be read.

    An ``output`` that names the input or a settings file (configuration, baseline) exits 2 before
    any work: a mistyped ``-o org.yaml`` must never cost the user their org.
    """
    from csorg_cli.checking import load_checked
    from csorg_cli.loading.files import InputError

    check_outputs_or_fail([output], [*([] if file == "-" else [file]), *settings.files])
    try:
        return load_checked(file, settings)
    except InputError as error:
        fail(str(error))


def input_files(result: FileResult, settings: CheckSettings | None = None) -> list[str]:
    """The files a command read: the org's root and includes, and with ``settings`` the
    configuration, what it extends and the baseline. Outputs never overwrite them."""
    from csorg_cli.loading.files import STDIN_NAME

    org_files = [source.file for source in result.loaded.files if source.file != STDIN_NAME]
    return [*org_files, *(settings.files if settings is not None else [])]


def check_outputs_or_fail(outputs: Iterable[str | Path | None], protected: Iterable) -> None:
    """:func:`csorg_cli.outputs.check_outputs`, exiting 2 with its message: call it before any
    work with every output and every file known to be read (org, configuration, baseline...)."""
    from csorg_cli.outputs import OutputError, check_outputs

    try:
        check_outputs(outputs, protected)
    except OutputError as error:
        fail(str(error))


def write_output_or_fail(
    data: str | bytes,
    output: str | Path | None,
    protected: Iterable,
    still_valid: Callable[[], None] | None = None,
) -> None:
    """:func:`csorg_cli.outputs.write_output` (None or ``-``: stdout), exiting 2 on failure."""
    from csorg_cli.outputs import OutputError, write_output

    try:
        write_output(data, output, protected, still_valid)
    except OutputError as error:
        fail(str(error))


def unchanged_since_read(loaded: LoadedOrg) -> Callable[[], None]:
    """A check for :func:`write_output_or_fail`: every file of ``loaded`` still holds the bytes
    the command read, else the output (computed from them) is not written."""
    from csorg_cli.outputs import OutputError

    def check() -> None:
        changed = loaded.changed_on_disk()
        if changed:
            raise OutputError(
                f"{changed[0]} changed on disk while csorg was working; nothing written "
                "(run the command again)"
            )

    return check


def located(message: str, file: str) -> str:
    """A message about ``file``: as it is when it already starts with the file's position
    (``plan.yaml:3:19: ...``), else prefixed with the file's name."""
    return message if message.startswith(file) else f"{file}: {message}"


def print_diagnostics(result: FileResult, quiet: bool = False, color: bool | None = None) -> None:
    """An org's diagnostics on stderr as `csorg validate` prints them; ``quiet``: only the errors,
    without the summary. Colour follows stderr's terminal unless ``color`` says."""
    from csorg_cli.checking import CheckResult
    from csorg_cli.reporters import ReportOptions
    from csorg_cli.reporters.text import render, use_color

    use = use_color(sys.stderr.isatty()) if color is None else color
    sys.stderr.write(render(CheckResult(results=[result]), ReportOptions(quiet=quiet, color=use)))
    sys.stderr.flush()
