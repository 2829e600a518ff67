"""Reporters turn a :class:`~csorg_cli.checking.CheckResult` into text; they never decide what is wrong.

Each reporter is a function ``render(result, options) -> str`` in its own module, registered by
format name in ``REPORTERS``. Modules are imported on first use so a run pays only for its format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from csorg_cli.diagnostics import Severity


@dataclass(frozen=True)
class ReportOptions:
    """What every reporter may honour."""

    fail_on: Severity = Severity.ERROR
    quiet: bool = False
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    statistics: bool = False
    width: int | None = None
    # SARIF: the directory artifact URIs are relative to (code scanning resolves them from the
    # repository root). None: the git top level above the working directory, else the directory.
    sarif_root: str | None = None


# format name -> module under csorg_cli.reporters that defines render()
REPORTERS: dict[str, str] = {
    "text": "text",
    "json": "json_reporter",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "markdown": "markdown",
}


def get_reporter(name: str) -> Callable[..., str]:
    """The ``render`` function of the reporter called ``name``."""
    module = importlib.import_module(f"csorg_cli.reporters.{REPORTERS[name]}")
    return module.render  # type: ignore[no-any-return]
