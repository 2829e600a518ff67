"""Helpers shared by the commands: errors that exit 2, option parsing, the chosen config."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import NoReturn

import typer

from csorg_cli.diagnostics import Severity

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


def load_rule_config(config_file: str | None, no_config: bool):
    """The rule configuration a command runs with: ``--config``, ``$CSORG_CONFIG``, the nearest
    ``.csorg.yaml``, or the recommended defaults with ``--no-config``. A bad file exits 2."""
    from csorg_cli.config import ConfigError, load_config, resolve_config_path
    from csorg_cli.rules.engine import RuleConfig

    if no_config:
        return RuleConfig()
    try:
        return load_config(resolve_config_path(config_file))
    except ConfigError as error:
        fail(str(error))


def org_input(file: str, output: str | None) -> tuple[Path, str]:
    """The org file to read (``-`` is stdin) and its display name.

    An ``-o`` that names the input exits 2 here, before any work: a mistyped ``-o org.yaml``
    must never cost the user their org.
    """
    from csorg_cli.loading.files import STDIN_NAME
    from csorg_cli.outputs import OutputError, check_output_path

    path = Path(STDIN_NAME) if file == "-" else Path(file)
    if output is not None and output != "-":
        try:
            check_output_path(Path(output), [path])
        except OutputError as error:
            fail(str(error))
    return path, STDIN_NAME if file == "-" else file
