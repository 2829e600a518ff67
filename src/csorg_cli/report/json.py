"""JSON: one document with stable keys (``"version": 1``), documented in docs/report.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csorg_cli.jsontext import dumps

if TYPE_CHECKING:
    from csorg_cli.report import RenderOptions
    from csorg_cli.report.model import Report


def render(report: Report, options: RenderOptions) -> str:
    """The report as a JSON document; user text stays text (JSON escapes what it must)."""
    return dumps(report.to_dict())
