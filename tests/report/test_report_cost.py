"""`csorg report --plan-file`: the org's loaded cost by function and segment, share of ARR, cost per
account, and the budget, in every format."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from csorg_cli.cli.app import app

ORG = """\
csorg: 1
organization: {name: Acme}
segments:
  ent: {accounts: 100, arr: 10000000, motion: named, ratio: "1:10"}
roles:
  vp: {title: VP Customer Success, kpis: [net-revenue-retention]}
  lead: {title: CS Team Lead, reports_to: vp, segment: ent, kpis: [gross-revenue-retention]}
  csm: {title: Customer Success Manager, reports_to: lead, segment: ent, headcount: 10, open: 2}
  ops: {title: CS Operations Manager, reports_to: vp}
"""

PLAN = """\
csorg-plan: 1
budget: {annual: 1500000}
assumptions:
  loaded_cost_multiplier: {value: 1.25}
  pay:
    - {type: csm, base: 80000}
    - {type: csm-team-lead, base: 120000}
    - {type: cs-operations-manager, base: 120000}
    - {level: executive, base: 200000}
"""


def report(tmp_path: Path, *args: str) -> str:
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["report", str(tmp_path / "org.yaml"), "--plan-file", str(tmp_path / "plan.yaml"), *args],
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cost_in_json_checked_by_hand(tmp_path: Path) -> None:
    cost = json.loads(report(tmp_path, "-f", "json"))["cost"]
    # 10 CSM seats x 80k + 2 managers x 120k + VP 200k = 1,240,000 base; x 1.25 = 1,550,000.
    assert cost["budgeted"] == 1_550_000
    # 2 CSM seats are open: 2 x 80k x 1.25 = 200,000 less.
    assert cost["filled"] == 1_350_000
    assert cost["share_of_arr"] == 0.155
    assert cost["per_account"] == 15_500
    assert cost["budget"] == 1_500_000
    assert cost["over_budget"] == 50_000
    assert cost["by_segment"] == {"(no segment)": 400_000, "ent": 1_150_000}
    assert cost["unpriced_roles"] == []


def test_cost_section_in_text_and_markdown(tmp_path: Path) -> None:
    text = report(tmp_path)
    assert "Annual loaded cost: 1,550,000 USD with every seat filled" in text
    assert "15.5% of ARR and 15,500 USD to serve an account" in text
    assert "Budget 1,500,000 USD: 50,000 over." in text
    markdown = report(tmp_path, "-f", "markdown")
    assert "## Cost" in markdown


def test_without_a_plan_file_there_is_no_cost(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(tmp_path / "org.yaml"), "-f", "json"])
    assert "cost" not in json.loads(result.stdout)
