"""`csorg plan --quarters` / `--plan-file`: ramp, attrition, time to fill and cost checked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[2]

ORG = """\
csorg: 1
organization: {name: Acme}
segments:
  ent: {accounts: ACCOUNTS, motion: named, ratio: "1:10"}
roles:
  cco: {title: Chief Customer Officer}
  lead: {title: CS Team Lead, reports_to: cco, segment: ent}
  csm: {title: Customer Success Manager, reports_to: lead, segment: ent, headcount: HEADCOUNT}
"""

PAY = """\
  loaded_cost_multiplier: {value: 1.0, source: test}
  hiring_cost: {value: 10000}
  pay:
    - {type: csm, base: 100000}
    - {type: csm-team-lead, base: 150000}
    - {type: chief-customer-officer, base: 200000}
"""


def plan(tmp_path: Path, accounts: int, headcount: int, plan_text: str, *options: str) -> dict:
    org = tmp_path / "org.yaml"
    org.write_text(
        ORG.replace("ACCOUNTS", str(accounts)).replace("HEADCOUNT", str(headcount)),
        encoding="utf-8",
    )
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(plan_text, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["plan", str(org), "--plan-file", str(plan_file), "--format", "json", *options]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--output" not in options else {}


def quarter_rows(data: dict, field: str) -> list:
    return [q[field] for q in data["segments"][0]["quarters"]]


def test_hires_start_ahead_of_the_ramp_and_cost_counts_every_seat(tmp_path: Path) -> None:
    # Q1: 40 * 1.25 = 50 accounts -> 5 seats; Q2: 62.5 rounds to 63 -> 7 seats. Hires starting in
    # Q1 are fully productive in Q2, so Q1 hires for Q2's 7: 3 start (4 people today).
    # Q1 supply = 4 + 3 * 0.5 = 5.5; Q2 = 7. Cost Q1 = (200k + 150k + 7 * 100k) / 4 + 3 * 10k.
    data = plan(
        tmp_path,
        40,
        4,
        "csorg-plan: 1\nquarters: 2\nsegments:\n  ent: {accounts: +25%}\nassumptions:\n"
        "  ramp: {value: [0.5, 1.0]}\n  attrition: {value: 0}\n  time_to_fill: {value: 1}\n" + PAY,
    )
    assert quarter_rows(data, "accounts") == [50, 63]
    assert quarter_rows(data, "demand") == [5, 7]
    assert quarter_rows(data, "supply") == [5.5, 7]
    assert quarter_rows(data, "starts") == [3, 0]
    assert data["hiring_plan"] == [
        {
            "role_type": "csm",
            "segment": "ent",
            "region": None,
            "count": 3,
            "open": "today",
            "start": "Q1",
            "ready": "Q2",
            "reason": "7 seats needed by Q2 (4 people after leavers)",
        }
    ]
    assert [c["total"] for c in data["cost"]] == [262_500 + 30_000, 262_500]
    assert data["segments"][0]["shortfall_quarters"] == []


def test_attrition_rounds_the_running_total_and_is_backfilled(tmp_path: Path) -> None:
    # 10 people, 15% a year: 0.375 expected leavers a quarter; running totals 0.375, 0.75, 1.125,
    # 1.5 round (half up) to 0, 1, 1, 2, so leavers are 0, 1, 0, 1, each backfilled at once
    # (full productivity from the start, time to fill 0).
    data = plan(
        tmp_path,
        100,
        10,
        "csorg-plan: 1\nquarters: 4\nassumptions:\n  ramp: {value: [1.0]}\n"
        "  attrition: {value: 0.15}\n  time_to_fill: {value: 0}\n" + PAY,
    )
    assert quarter_rows(data, "leavers") == [0, 1, 0, 1]
    assert quarter_rows(data, "starts") == [0, 1, 0, 1]
    assert quarter_rows(data, "people") == [10, 10, 10, 10]
    assert [h["open"] for h in data["hiring_plan"]] == ["Q2", "Q4"]


def test_a_gap_before_a_requisition_can_be_filled_is_a_shortfall(tmp_path: Path) -> None:
    # Time to fill 2 quarters: nobody opened today starts before Q2, so Q1 stays short.
    data = plan(
        tmp_path,
        80,
        8,
        "csorg-plan: 1\nquarters: 3\nsegments:\n  ent: {accounts: +25}\nassumptions:\n"
        "  ramp: {value: [1.0]}\n  attrition: {value: 0}\n  time_to_fill: {value: 2}\n" + PAY,
    )
    assert quarter_rows(data, "demand") == [11, 13, 16]
    assert quarter_rows(data, "people") == [8, 13, 16]
    assert data["segments"][0]["shortfall_quarters"] == ["Q1"]
    # 13 people at a span limit of 10: a second team lead starts with them.
    assert [(h["role_type"], h["count"], h["open"], h["start"]) for h in data["hiring_plan"]] == [
        ("csm", 5, "today", "Q2"),
        ("csm-team-lead", 1, "today", "Q2"),
        ("csm", 3, "Q1", "Q3"),
    ]


def test_a_team_that_outgrows_the_span_limit_gets_a_manager(tmp_path: Path) -> None:
    # 10 CSMs under one lead; 120 accounts need 12: a second lead (span limit 10).
    data = plan(
        tmp_path,
        120,
        10,
        "csorg-plan: 1\nquarters: 1\nassumptions:\n  ramp: {value: [1.0]}\n"
        "  attrition: {value: 0}\n  time_to_fill: {value: 0}\n" + PAY,
    )
    assert quarter_rows(data, "managers") == [2]
    assert [h["role_type"] for h in data["hiring_plan"]] == ["csm", "csm-team-lead"]


def test_the_output_says_which_assumptions_are_examples(tmp_path: Path) -> None:
    data = plan(tmp_path, 40, 4, "csorg-plan: 1\nassumptions:\n" + PAY)
    assert data["quarters"] == ["Q1", "Q2", "Q3", "Q4"]
    assert data["examples_used"] == ["ramp", "attrition", "time_to_fill"]
    values = {a["name"]: a["value"] for a in data["assumptions"]}
    assert values["attrition"].startswith("15% a year - EXAMPLE, replace with your own figure")


def test_calendar_quarters_and_a_budget(tmp_path: Path) -> None:
    data = plan(
        tmp_path,
        40,
        4,
        "csorg-plan: 1\nstart: 2027-Q3\nquarters: 3\nbudget: {annual: 1000000}\nassumptions:\n"
        + PAY,
        "--quarters",
        "2",
    )
    assert data["quarters"] == ["2027-Q3", "2027-Q4"]
    assert data["budget_annual"] == 1_000_000


def test_roles_without_pay_are_named_and_no_total_is_invented(tmp_path: Path) -> None:
    data = plan(
        tmp_path,
        40,
        4,
        "csorg-plan: 1\nassumptions:\n  pay:\n    - {type: csm, base: 100000}\n",
    )
    assert data["cost"] is None
    assert data["unpriced_roles"] == ["cco", "lead"]


@pytest.mark.parametrize(
    ("plan_text", "options", "message"),
    [
        ("csorg-plan: 1\n", ["--quarters", "0"], "--quarters takes 1 to 40 quarters, not 0"),
        ("csorg-plan: 1\n", ["--quarters", "1000"], "--quarters takes 1 to 40 quarters, not 1000"),
        (
            "csorg-plan: 1\nsegments:\n  ent: {accounts: -150%}\n",
            [],
            "plan.yaml:3:19: growth of -150% would leave nothing (at most -100%)",
        ),
        (
            "csorg-plan: 1\nsegments:\n  apac: {accounts: +5%}\n",
            [],
            "segments.apac: not a segment of Acme (its segments: ent)",
        ),
        (
            "csorg-plan: 1\nassumptions:\n  atrition: {value: 0.1}\n",
            [],
            "plan.yaml:3:3: unknown key 'atrition' (did you mean 'attrition'?)",
        ),
        (
            "csorg-plan: 1\nassumptions:\n  ramp: {value: [0, 1]}\n",
            [],
            "the start quarter's productivity must be above 0",
        ),
        ("csorg-plan: 1\nquarters: 0\n", [], "plan.yaml:2:11: quarters: Input should be greater"),
        (
            "csorg-plan: 1\nsegments:\n  ent: {accounts: 300}\n",
            [],
            "plan.yaml:3:19: growth is a change per quarter (+5%, -2%, +20), not a level (300)",
        ),
    ],
)
def test_bad_plans_are_one_line_errors(
    tmp_path: Path, plan_text: str, options: list[str], message: str
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG.replace("ACCOUNTS", "40").replace("HEADCOUNT", "4"), encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan_text, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["plan", str(org), "--plan-file", str(tmp_path / "plan.yaml"), *options]
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_quarter_end_orgs_are_valid_org_files(tmp_path: Path) -> None:
    plan(
        tmp_path,
        100,
        10,
        "csorg-plan: 1\nquarters: 2\nsegments:\n  ent: {accounts: +30%}\nassumptions:\n" + PAY,
        "--write-quarters",
        str(tmp_path / "quarters"),
        "--output",
        str(tmp_path / "plan.json"),
    )
    written = sorted(p.name for p in (tmp_path / "quarters").iterdir())
    assert written == ["org-Q1.yaml", "org-Q2.yaml"]
    q2 = check_file(tmp_path / "quarters" / "org-Q2.yaml")
    assert [d for d in q2.diagnostics if d.severity.value == "error"] == []
    assert q2.org is not None
    assert q2.org.segments["ent"].accounts == 169
    # 17 seats needed: two teams under two leads, the new lead under the segment's leader.
    coverage = {r: role for r, role in q2.org.roles.items() if role.segment == "ent"}
    assert sum(role.headcount for r, role in coverage.items() if r.startswith("csm")) >= 17
    leads = [r for r, role in coverage.items() if role.type == "csm-team-lead"]
    assert leads and all(q2.org.roles[r].reports_to == "cco" for r in leads)


def test_html_has_the_plots_as_inline_svg(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG.replace("ACCOUNTS", "40").replace("HEADCOUNT", "4"), encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("csorg-plan: 1\nassumptions:\n" + PAY, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["plan", str(org), "--plan-file", str(tmp_path / "plan.yaml"), "--format", "html"],
    )
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.count("<svg") == 2
    assert "<title>Coverage seats needed (dashed) and in place" in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")


REGIONAL = """\
csorg: 1
organization: {name: Acme}
segments:
  ent:
    accounts: 90
    accounts_by_region: {NA: 60, EMEA: 31}
    motion: named
    ratio: "1:10"
roles:
  cco: {title: Chief Customer Officer}
  lead: {title: CS Team Lead, reports_to: cco, segment: ent}
  csm: {title: Customer Success Manager, reports_to: lead, segment: ent, headcount: 9}
"""


def test_a_split_by_region_keeps_its_shares_when_accounts_grow(tmp_path: Path) -> None:
    # 60 / 31 of 91 accounts grown by 50% to 137: 90.3 and 46.7, largest remainder -> 90 + 47.
    org = tmp_path / "org.yaml"
    org.write_text(REGIONAL.replace("accounts: 90", "accounts: 91"), encoding="utf-8")
    planned = tmp_path / "planned.yaml"
    result = CliRunner().invoke(
        app, ["plan", str(org), "--set", "segments.ent.accounts=+50%", "--write", str(planned)]
    )
    assert result.exit_code == 0, result.output
    checked = check_file(planned)
    assert [d.rule for d in checked.diagnostics if d.severity.value == "error"] == []
    assert checked.org is not None
    assert checked.org.segments["ent"].accounts_by_region == {"NA": 90, "EMEA": 47}
    # The quarterly plan's quarter-end orgs keep the split too.
    (tmp_path / "grow.yaml").write_text(
        "csorg-plan: 1\nquarters: 1\nsegments:\n  ent: {accounts: +50%}\n", encoding="utf-8"
    )
    done = CliRunner().invoke(
        app,
        [
            "plan",
            str(org),
            "--plan-file",
            str(tmp_path / "grow.yaml"),
            "--write-quarters",
            str(tmp_path / "q"),
            "-o",
            str(tmp_path / "q.json"),
        ],
    )
    assert done.exit_code == 0, done.output
    quarter = check_file(tmp_path / "q" / "org-Q1.yaml")
    assert quarter.org is not None
    assert quarter.org.segments["ent"].accounts_by_region == {"NA": 90, "EMEA": 47}


def test_quarter_orgs_never_overwrite_the_configuration(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG.replace("ACCOUNTS", "40").replace("HEADCOUNT", "4"), encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("csorg-plan: 1\nquarters: 1\n", encoding="utf-8")
    quarters = tmp_path / "q"
    quarters.mkdir()
    config = quarters / "org-Q1.yaml"  # the name a quarter-end org would take
    config.write_text("rules: {}\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(org),
            "--plan-file",
            str(tmp_path / "plan.yaml"),
            "--config",
            str(config),
            "--write-quarters",
            str(quarters),
            "-o",
            str(tmp_path / "out.txt"),
        ],
    )
    assert result.exit_code == 2
    assert "refusing" in result.stderr or "input" in result.stderr
    assert config.read_text(encoding="utf-8") == "rules: {}\n"


def test_quarter_orgs_of_an_org_with_a_book_carry_the_projected_figures(tmp_path: Path) -> None:
    # Today's accounts file counts today's accounts: a quarter's org that linked it would be
    # checked with today's counts instead of the quarter's, and every segment would "disagree".
    (tmp_path / "accounts.csv").write_text(
        "account_id,owner,segment\n" + "".join(f"a{i},csm,ent\n" for i in range(40)),
        encoding="utf-8",
    )
    org = tmp_path / "org.yaml"
    org.write_text(
        ORG.replace("ACCOUNTS", "40").replace("HEADCOUNT", "4") + "accounts: accounts.csv\n",
        encoding="utf-8",
    )
    (tmp_path / "plan.yaml").write_text(
        "csorg-plan: 1\nquarters: 2\nsegments:\n  ent: {accounts: +50%}\nassumptions:\n" + PAY,
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(org),
            "--plan-file",
            str(tmp_path / "plan.yaml"),
            "--write-quarters",
            str(tmp_path / "quarters"),
            "--format",
            "json",
            "--output",
            str(tmp_path / "plan.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    q2_file = tmp_path / "quarters" / "org-Q2.yaml"
    lines = q2_file.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("accounts")] == []
    assert (
        "# Segment figures are projections: the accounts file the input links (today's book)"
        in lines
    )
    q2 = check_file(q2_file)
    assert q2.org is not None and q2.org.accounts is None
    planned = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert q2.org.segments["ent"].accounts == quarter_rows(planned, "accounts")[1] > 40
    assert [d.rule for d in q2.diagnostics if d.rule.startswith(("segment-accounts", "book"))] == []
