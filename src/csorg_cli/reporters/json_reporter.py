"""JSON: exactly one document, the shape of the format contract (version 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csorg_cli.diagnostics import summarize
from csorg_cli.jsontext import dumps
from csorg_cli.reporters import ReportOptions

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult


def render(result: CheckResult, options: ReportOptions) -> str:
    """``{"version": 1, "files": [...], "diagnostics": [...], "summary": {...}}``."""
    diagnostics = result.diagnostics
    if options.quiet:
        diagnostics = [d for d in diagnostics if d.severity >= options.fail_on]
    document = {
        "version": 1,
        "files": result.files,
        "diagnostics": [d.to_dict() for d in diagnostics],
        "summary": summarize(diagnostics),
    }
    return dumps(document)
