"""`csorg plan --scenario A --scenario B`: designs side by side, each checked as validate would."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from csorg_cli.cli.app import app

ORG = """\
csorg: 1
organization: {name: Acme}
segments:
  ent: {accounts: 100, arr: 20000000, motion: named, ratio: "1:10"}
roles:
  vp: {title: VP Customer Success, kpis: [net-revenue-retention]}
  lead: {title: CS Team Lead, reports_to: vp, segment: ent, kpis: [gross-revenue-retention]}
  csm: {title: Customer Success Manager, reports_to: lead, segment: ent, headcount: 10}
"""

PLAN = """\
csorg-plan: 1
quarters: 2
assumptions:
  loaded_cost_multiplier: {value: 1.0}
  pay: [{base: 100000}, {level: executive, base: 200000}]
"""


def compare(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "grow.yaml").write_text(
        "csorg-scenario: 1\nname: Grow\nsegments:\n  ent: {accounts: +20}\n", encoding="utf-8"
    )
    (tmp_path / "shrink.yaml").write_text(
        "csorg-scenario: 1\nname: Shrink\nsegments:\n  ent: {ratio: '1:20'}\n", encoding="utf-8"
    )
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(tmp_path / "org.yaml"),
            "-s",
            str(tmp_path / "grow.yaml"),
            "-s",
            str(tmp_path / "shrink.yaml"),
            *args,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


def test_scenarios_side_by_side_with_cost_coverage_and_findings(tmp_path: Path) -> None:
    status, out, err = compare(tmp_path, "--plan-file", str(tmp_path / "plan.yaml"), "-f", "json")
    assert status == 0, err
    data = json.loads(out)
    by_name = {s["name"]: s for s in data["scenarios"]}
    assert list(by_name) == ["as is", "Grow", "Shrink"]
    # As is: 12 seats (VP 200k, lead and 10 CSMs at 100k) = 1.3M; cost/ARR 6.5%.
    assert by_name["as is"]["seats"] == 12
    assert by_name["as is"]["cost"] == 1_300_000
    assert by_name["as is"]["cost_share_of_arr"] == 0.065
    # Grow: 120 accounts at 1:10 need 12 CSMs: 2 new seats, open (and a lead if a team splits).
    assert by_name["Grow"]["coverage"]["ent"]["accounts_per_seat"] == 10
    assert by_name["Grow"]["coverage"]["ent"]["status"] == "on-target"
    assert by_name["Grow"]["open_seats"] >= 2
    # Shrink: the target doubles, 10 seats for 100 accounts are now overstaffed, and the
    # comparison says so in that scenario's findings.
    assert by_name["Shrink"]["coverage"]["ent"]["status"] == "overstaffed"
    assert by_name["Shrink"]["findings_by_rule"].get("coverage-ratio") == 1
    assert len(by_name["Grow"]["quarterly_cost"]) == 2


def test_markdown_for_a_pull_request(tmp_path: Path) -> None:
    status, out, _ = compare(tmp_path, "-f", "markdown")
    assert status == 0
    assert out.startswith("## Scenarios: Acme\n")
    assert "| as is | 12 (0) |" in out
    assert "### Accounts per coverage seat" in out


def test_html_has_its_plots_and_no_script(tmp_path: Path) -> None:
    status, out, _ = compare(tmp_path, "--plan-file", str(tmp_path / "plan.yaml"), "-f", "html")
    assert status == 0
    assert out.count("<svg") == 4
    assert "<script" not in out


def test_an_org_file_from_design_compares_too(tmp_path: Path) -> None:
    (tmp_path / "designed.yaml").write_text(ORG.replace("headcount: 10", "headcount: 9"), "utf-8")
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "grow.yaml").write_text(
        "csorg-scenario: 1\nsegments:\n  ent: {accounts: +20}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(tmp_path / "org.yaml"),
            "-s",
            str(tmp_path / "grow.yaml"),
            "-s",
            str(tmp_path / "designed.yaml"),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    names = [s["name"] for s in json.loads(result.stdout)["scenarios"]]
    assert names == ["as is", "grow", "designed"]


def test_an_unknown_segment_in_a_scenario_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(
        "csorg-scenario: 1\nsegments:\n  apac: {accounts: 5}\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "csorg-scenario: 1\nsegments:\n  ent: {accounts: 5}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(tmp_path / "org.yaml"),
            "-s",
            str(tmp_path / "a.yaml"),
            "-s",
            str(tmp_path / "b.yaml"),
        ],
    )
    assert result.exit_code == 2
    assert "apac" in result.stderr
    assert "Traceback" not in result.output


def test_with_a_book_every_column_counts_the_orgs_findings_and_grows_from_the_plan(
    tmp_path: Path,
) -> None:
    # The org links today's book: 100 accounts, one of them unowned (a book finding). The grown
    # scenario projects 120 accounts; today's file must neither replace them nor be judged in
    # one column only.
    rows = "".join(f"a{i},{'' if i == 0 else 'csm'},ent\n" for i in range(100))
    (tmp_path / "accounts.csv").write_text("account_id,owner,segment\n" + rows, encoding="utf-8")
    org = ORG.replace("roles:\n", "accounts: accounts.csv\nroles:\n")
    (tmp_path / "with-book.yaml").write_text(org, encoding="utf-8")
    (tmp_path / "grow.yaml").write_text(
        "csorg-scenario: 1\nname: Grow\nsegments:\n  ent: {accounts: +20}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(tmp_path / "with-book.yaml"),
            *("-s", str(tmp_path / "grow.yaml"), "-s", str(tmp_path / "with-book.yaml")),
            *("-f", "json"),
        ],
    )
    assert result.exit_code == 0, result.output
    by_name = {s["name"]: s for s in json.loads(result.stdout)["scenarios"]}
    assert by_name["Grow"]["coverage"]["ent"]["accounts_per_seat"] == 10  # 120 / 12 seats
    assert len(by_name) == 3  # as is, Grow, and the org file itself as a whole-org scenario
    for name, scenario in by_name.items():
        assert "unowned-account" not in scenario["findings_by_rule"], name
