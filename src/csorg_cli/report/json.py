"""JSON: one document with stable keys (``"version": 1``), documented in docs/report.md."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csorg_cli.report import RenderOptions
    from csorg_cli.report.model import Report


def render(report: Report, options: RenderOptions) -> str:
    """The report as a JSON document; user text stays text (JSON escapes what it must)."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
