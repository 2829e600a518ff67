"""Reporters turn a :class:`~csorg_cli.checking.CheckResult` into text; they never decide what is wrong.

A format is one module of this package, named as the format (``sarif.py`` is ``--format sarif``),
with ``render(result, options) -> str``. The registry finds the modules without importing them, so
``--format``, ``--output FORMAT=PATH``, their help and shell completion follow it and a run pays
only for the format it writes. What every format shares (the ``--quiet`` filter, the counts, the
plurals) is :func:`shown` and :func:`plural`, here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csorg_cli.diagnostics import Diagnostic, Severity, summarize

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult


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


def _discover() -> tuple[str, ...]:
    """The format names: every public module of this package, text (the default) first."""
    names = [info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")]
    return tuple(sorted(names, key=lambda name: (name != "text", name)))


# The format names, in the order help and completion list them.
REPORTERS: tuple[str, ...] = _discover()


def get_reporter(name: str) -> Callable[..., str]:
    """The ``render`` function of the reporter called ``name``."""
    if name not in REPORTERS:
        raise KeyError(name)
    module = importlib.import_module(f"csorg_cli.reporters.{name}")
    return module.render  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Shown:
    """What a run shows, the same in every format."""

    # Every diagnostic, or with --quiet only those at or above --fail-on.
    diagnostics: list[Diagnostic]
    counts: dict[str, int]  # per severity, of ``diagnostics``
    files: int  # orgs checked
    failing: int  # diagnostics at or above --fail-on
    suppressed: int  # silenced by comments or the baseline

    @property
    def total(self) -> int:
        return len(self.diagnostics)


def shown(result: CheckResult, options: ReportOptions) -> Shown:
    diagnostics = result.diagnostics
    if options.quiet:
        diagnostics = [d for d in diagnostics if d.severity >= options.fail_on]
    return Shown(
        diagnostics=diagnostics,
        counts=summarize(diagnostics),
        files=len(result.results),
        failing=sum(1 for d in diagnostics if d.severity >= options.fail_on),
        suppressed=sum(len(r.suppressed) for r in result.results),
    )


def plural(count: int, word: str) -> str:
    """``1 problem``, ``2 problems``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
