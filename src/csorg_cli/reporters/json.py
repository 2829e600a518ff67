"""JSON: exactly one document, the shape of the format contract (version 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csorg_cli.jsontext import dumps
from csorg_cli.reporters import ReportOptions, shown

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult


def render(result: CheckResult, options: ReportOptions) -> str:
    """``{"version": 1, "files": [...], "diagnostics": [...], "summary": {...}}``."""
    run = shown(result, options)
    document = {
        "version": 1,
        "files": result.files,
        "diagnostics": [d.to_dict() for d in run.diagnostics],
        "summary": run.counts,
    }
    return dumps(document)
