"""The HTML report's static chart (print, or no JavaScript) folds an org too big for a page,
as `csorg render` does, and says so under the chart; the interactive chart keeps every role."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))
from orggen import hris_org

from csorg_cli.cli.app import app
from csorg_cli.render import view


def _report(tmp_path: Path) -> str:
    path = tmp_path / "org.yaml"
    path.write_text(hris_org(directors=2, managers_per_director=2, ics_per_manager=3))
    result = CliRunner().invoke(app, ["report", str(path), "--format", "html"])
    assert result.exit_code == 0, result.output
    return result.stdout


def _static_chart(page: str) -> str:
    found = re.search(r'<div class="chart[^"]*">(.*?)</div>', page, flags=re.S)
    assert found, "the report has its static chart"
    return found.group(1)


def test_a_report_of_an_org_bigger_than_a_page_folds_its_static_chart(tmp_path, monkeypatch):
    monkeypatch.setattr(view, "PAGE_ROLES", 10)  # 19 roles: 1 VP, 2 directors, 4 leads, 12 CSMs
    chart = _static_chart(_report(tmp_path))
    assert "This chart shows the top 3 levels of 19 roles" in chart
    assert "CS Team Lead" in chart and "Person 12" not in chart  # leads drawn, CSMs folded


def test_a_report_of_an_org_that_fits_draws_every_role(tmp_path):
    chart = _static_chart(_report(tmp_path))
    assert "This chart shows the top" not in chart
    assert "Person 12" in chart
