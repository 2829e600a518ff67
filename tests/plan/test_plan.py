"""`csorg plan`: figures checked by hand on a small org, scenarios, --write and every example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import copy_linked_files
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app
from csorg_cli.plan import ScenarioError, build_plan, load_scenario, parse_set

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# Hand-computed: enterprise needs ceil(101 / 10) = 11 seats and has 8, so 3 hires; the lead's span
# is 8 + 1 (the TAM) = 9, so only 1 fits under the limit of 10 and the other 2 form a new team.
SMALL = """\
# Acme CS, the plan test org
csorg: 1
organization: {name: Acme}
segments:
  enterprise:
    accounts: 101   # top customers
    motion: named
    ratio: "1:10"
  smb:
    accounts: 400
    motion: pooled
roles:
  vp:
    title: VP Customer Success
  lead-ent:
    title: CS Team Lead
    reports_to: vp
    segment: enterprise
  csm-ent:
    title: Customer Success Manager
    reports_to: lead-ent
    segment: enterprise
    headcount: 8
  tam:
    title: Technical Account Manager
    reports_to: lead-ent
  scaled:
    title: Scaled CSM
    reports_to: vp
    segment: smb
    headcount: 4
    open: 1
# end of roles
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def plan_of(path: Path, *sets: str):
    result = check_file(path)
    return build_plan(result.tree, [parse_set(s) for s in sets], file=result.file)


def lines(plan) -> list[tuple[str, str, int, int]]:
    return [(line.segment_id, line.archetype, line.have, line.need) for line in plan.lines]


def test_seats_needed_today_against_hand_computed_values(small):
    plan = plan_of(small)
    segments = {s.segment_id: s for s in plan.segments}
    assert (segments["enterprise"].needed_now, segments["enterprise"].seats) == (11, 8)
    # smb has no ratio: the pooled benchmark default (1:100) gives ceil(400 / 100) = 4.
    assert (segments["smb"].ratio, segments["smb"].needed, segments["smb"].seats) == (100, 4, 4)
    assert lines(plan) == [
        ("enterprise", "csm", 8, 11),
        ("enterprise", "csm-team-lead", 0, 1),
        ("smb", "scaled-csm", 4, 4),
    ]
    # lead-ent leads 9 (room for one up to the maximum of 10): the 3 new seats are one team of
    # their own (still being hired), not one on a full team and a lead for the other two.
    assert plan.edits.role_updates == {}
    assert plan.edits.new_roles == {
        "lead-enterprise": {
            "title": "Customer Success Team Lead",
            "type": "csm-team-lead",
            "reports_to": "vp",
            "segment": "enterprise",
            "open": 1,
        },
        "csm-enterprise": {
            "title": "Customer Success Manager",
            "type": "csm",
            "reports_to": "lead-enterprise",
            "segment": "enterprise",
            "headcount": 3,
            "open": 3,
        },
    }
    assert (plan.hires, plan.manager_hires, plan.surplus) == (4, 1, 0)


def test_growth_in_percent_rounds_half_up_and_splits_new_teams_evenly(small):
    # 101 * 2.5 = 252.5 -> 253 accounts; ceil(253 / 10) = 26 seats. lead-ent already leads 9
    # (above the ideal 7), so the 18 new seats make three teams of 6: teams of about the
    # ideal, evenly split, not packed to the maximum of 10.
    plan = plan_of(small, "segments.enterprise.accounts=+150%")
    enterprise = plan.segments[0]
    assert (enterprise.accounts, enterprise.needed) == (253, 26)
    new = {rid: data.get("headcount", 1) for rid, data in plan.edits.new_roles.items()}
    assert new == {
        "lead-enterprise": 1,
        "csm-enterprise": 6,
        "lead-enterprise-2": 1,
        "csm-enterprise-2": 6,
        "lead-enterprise-3": 1,
        "csm-enterprise-3": 6,
    }
    assert lines(plan)[:2] == [("enterprise", "csm", 8, 26), ("enterprise", "csm-team-lead", 0, 3)]
    assert {
        plan.edits.new_roles[f"lead-enterprise{n}"]["reports_to"] for n in ("", "-2", "-3")
    } == {"vp"}


def test_ratio_change_gives_surplus(small):
    plan = plan_of(small, "segments.smb.ratio=1:200")
    assert ("smb", "scaled-csm", 4, 2) in lines(plan)
    assert plan.surplus == 2


def test_motion_change_uses_the_new_motions_role_and_benchmark(small):
    plan = plan_of(small, "segments.smb.motion=digital")
    # Digital benchmark 1:1000: ceil(400 / 1000) = 1 digital success manager; 4 scaled surplus.
    # One seat is no team: it reports to the leader, never to a new lead of one.
    assert lines(plan)[-2:] == [
        ("smb", "digital-success-manager", 0, 1),
        ("smb", "scaled-csm", 4, 0),
    ]
    assert ("smb", "csm-team-lead", 0, 1) not in lines(plan)
    assert plan.edits.new_roles["digital-success-manager-smb"]["reports_to"] == "vp"


def test_new_segment_at_the_benchmark_ratio(small):
    plan = plan_of(small, "segments.apac.accounts=50", "segments.apac.motion=named")
    apac = plan.segments[-1]
    assert (apac.is_new, apac.ratio, apac.needed) == (True, 12, 5)  # ceil(50 / 12)
    assert plan.edits.new_segments == {"apac": {"accounts": 50, "motion": "named"}}


@pytest.mark.parametrize(
    "option, message",
    [
        ("segments.enterprise.acounts=+20%", "did you mean 'accounts'?"),
        ("segments.enterprise.accounts=lots", "accounts takes a number"),
        ("segments.smb.motion=digtal", "did you mean 'digital'?"),
        ("segments.smb.ratio=150:1", "ratio is 1:N"),
        ("enterprise.accounts=3", "write segments.ID.FIELD=VALUE"),
    ],
)
def test_bad_set_options_exit_2_with_one_line(small, option, message):
    result = run("plan", str(small), "--set", option)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_new_segment_without_motion_is_refused(small):
    result = run("plan", str(small), "--set", "segments.apac.accounts=50")
    assert result.exit_code == 2
    assert "new segment 'apac' needs motion" in result.stderr


def test_negative_accounts_are_refused(small):
    result = run("plan", str(small), "--set", "segments.smb.accounts=-500")
    assert result.exit_code == 2
    assert "makes accounts negative (400 -> -100)" in result.stderr


def test_scenario_file(small, tmp_path):
    scenario = tmp_path / "fy27.yaml"
    scenario.write_text(
        "name: FY27\nsegments:\n  enterprise:\n    accounts: +19\n  smb:\n    ratio: 1:200\n"
    )
    loaded = load_scenario(scenario)
    # `+19` stays a relative change although YAML reads it as the number 19.
    assert [c.describe() for c in loaded.changes] == [
        "segments.enterprise.accounts=+19",
        "segments.smb.ratio=1:200",
    ]
    result = run("plan", str(small), "--scenario", str(scenario), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scenario"] == "FY27"
    assert data["segments"][0]["seats_needed"] == {"now": 11, "after": 12}


def test_scenario_file_errors_have_line_and_column(tmp_path):
    scenario = tmp_path / "bad.yaml"
    scenario.write_text("segments:\n  enterprise:\n    acounts: 5\n    motion: fast\nnme: x\n")
    with pytest.raises(ScenarioError) as error:
        load_scenario(scenario)
    assert [m.split(": ", 1)[0] for m in error.value.messages] == [
        f"{scenario}:5:1",
        f"{scenario}:3:5",
        f"{scenario}:4:13",
    ]


def test_write_keeps_comments_and_validates(small, tmp_path):
    out = tmp_path / "plan.yaml"
    result = run(
        "plan", str(small), "--set", "segments.enterprise.accounts=+20%", "--write", str(out)
    )
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "# Acme CS, the plan test org" in text and "# end of roles" in text
    assert "    accounts: 121   # top customers" in text  # 101 * 1.2 = 121.2 -> 121
    assert text.startswith(SMALL.split("segments:")[0])
    checked = check_file(out)
    assert not checked.has_errors()
    # lead-ent leads 9 already (above the ideal 7): the 5 new seats (ceil(121/10) = 13 - 8)
    # are a team of their own under a new lead.
    assert checked.org.roles["csm-ent"].headcount == 8
    assert checked.org.roles["csm-enterprise"].headcount == 5
    # The rest of the text is the user's, byte for byte: 6 lines for the new lead, 7 for the
    # new CSM role.
    assert text.count("\n") == SMALL.count("\n") + 6 + 7


def test_write_into_flow_style_org(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text(
        "csorg: 1\norganization: {name: Acme}\nsegments: {ent: {accounts: 30, "
        "motion: named, ratio: '1:10'}}\nroles: {vp: {title: VP Customer Success},"
        " csm: {title: CSM, reports_to: vp, segment: ent, headcount: 2}}\n"
    )
    out = tmp_path / "plan.yaml"
    result = run("plan", str(path), "--write", str(out))
    assert result.exit_code == 0, result.output
    checked = check_file(out)
    assert not checked.has_errors()
    assert checked.org.roles["csm"].headcount == 3


def test_write_refuses_to_overwrite_the_input(small):
    before = small.read_text()
    result = run("plan", str(small), "--write", str(small))
    assert result.exit_code == 2
    assert "refusing to overwrite an input file" in result.stderr
    assert small.read_text() == before


def test_org_with_errors_exits_1(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text(
        "csorg: 1\norganization: {name: Acme}\nroles:\n  csm: {title: CSM, reports_to: nobody}\n"
    )
    result = run("plan", str(path))
    assert result.exit_code == 1
    assert "unknown-manager" in result.stderr


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_every_example(example, output_format, tmp_path):
    out = tmp_path / "plan.yaml"
    copy_linked_files(example, tmp_path)  # the accounts file the org links, beside the plan
    result = run(
        "plan",
        str(example),
        "--format",
        output_format,
        "--write",
        str(out),
        "--set",
        f"segments.{next(iter(check_file(example).org.segments))}.accounts=+50%",
        "--set",
        "segments.new-seg.accounts=40",
        "--set",
        "segments.new-seg.motion=named",
    )
    assert result.exit_code == 0, result.output
    if output_format == "json":
        data = json.loads(result.stdout)
        assert data["summary"]["coverage_hires"] >= 4  # ceil(40 / 12) alone
    checked = check_file(out)
    assert not checked.has_errors(), checked.diagnostics
    original = example.read_text()
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert all(comment in out.read_text() for comment in comments)
