"""`csorg diff org.yaml people.csv`: the plan against the HRIS, each kind of disagreement."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from typer.testing import CliRunner

from csorg_cli.cli.app import app

SAMPLES = Path(__file__).parent / "samples"

PLAN = """\
csorg: 1
organization: {name: Acme CS}
roles:
  vp: {title: VP Customer Success, person: Dana Smith}
  dir-ent: {title: CS Director, reports_to: vp, person: Ana Ruiz}
  csm-ent:
    title: Customer Success Manager
    reports_to: dir-ent
    headcount: 4
    open: 1
    people: [Ben Ode, Cai Lin]
  dir-smb: {title: CS Director, reports_to: vp, person: Eli Novak}
  scaled: {title: Scaled CSM, reports_to: dir-smb, headcount: 2, people: [Fay Moss, Gil Brandt]}
  onboarding: {title: Onboarding Specialist, reports_to: vp, open: 1}
  ops: {title: CS Operations Manager, reports_to: vp, person: Max Ford}
"""

EXPORT = """\
employee_id,name,title,manager_id,department
1,Dana Smith,VP Customer Success,,Customer Success
2,Ana Ruiz,CS Director,1,Customer Success
3,Ben Ode,Customer Success Manager,2,Customer Success
4,Cai Lin,Customer Success Manager,7,Customer Success
5,Hal New,Customer Success Manager,2,Customer Success
6,Ida New,Customer Success Manager,2,Customer Success
7,Eli Novak,CS Director,1,Customer Success
8,Fay Moss,Scaled CSM,7,Customer Success
9,Gil Brandt,CS Analyst,7,Customer Success
10,Jon Extra,Scaled CSM,7,Customer Success
11,Kay Lee,Onboarding Specialist,1,Customer Success
12,Lou Ray,Customer Education Manager,1,Customer Success
13,Sam Sales,Account Executive,1,Sales
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def files(tmp_path: Path, plan: str = PLAN, export: str = EXPORT) -> tuple[str, str]:
    (tmp_path / "org.yaml").write_text(textwrap.dedent(plan), encoding="utf-8")
    (tmp_path / "people.csv").write_text(textwrap.dedent(export), encoding="utf-8")
    return str(tmp_path / "org.yaml"), str(tmp_path / "people.csv")


def test_each_kind_of_disagreement_is_listed(tmp_path):
    plan, export = files(tmp_path)
    result = run("diff", plan, export, "--format", "json", "--no-config")
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)
    assert [(d["kind"], d["person"], d["row"]) for d in found["differences"]] == [
        ("open-seat-filled", "Ida New", 7),
        ("vacancy-filled", "Kay Lee", 12),
        ("not-in-plan", "Lou Ray", 13),
        ("over-plan", "Jon Extra", 11),
        ("different-manager", "Cai Lin", 5),
        ("different-role", "Gil Brandt", 10),
        ("not-in-export", "Max Ford", None),
        ("headcount-differs", "Dana Smith", 2),
        ("headcount-differs", "Eli Novak", 8),
    ]
    messages = {d["kind"]: d["message"] for d in found["differences"]}
    assert messages["open-seat-filled"] == (
        "Ida New (Customer Success Manager under Ana Ruiz) fills an open seat of csm-ent "
        "(Customer Success Manager, 1 open in the plan)"
    )
    assert messages["vacancy-filled"] == (
        "onboarding (Onboarding Specialist) is vacant in the plan; Kay Lee holds it"
    )
    assert messages["different-manager"] == (
        "Cai Lin reports to Eli Novak in the export, to dir-ent (Ana Ruiz) in the plan"
    )
    assert messages["over-plan"] == (
        "Jon Extra (Scaled CSM under Eli Novak) is beyond the plan: scaled has 2 seats, all taken"
    )
    assert messages["not-in-plan"] == (
        "Lou Ray (Customer Education Manager under Dana Smith): the plan has no such role under vp"
    )
    assert [d["message"] for d in found["differences"] if d["kind"] == "headcount-differs"] == [
        "team of vp (Dana Smith): 3 filled of 4 seats in the plan, 4 people in the export",
        "team of dir-smb (Eli Novak): 2 filled of 2 seats in the plan, 4 people in the export",
    ]
    # Hal New takes the seat the plan counts as filled but names nobody in: no disagreement;
    # Sam Sales is outside Customer Success: not compared.
    assert found["people_compared"] == 12
    assert found["summary"]["not-in-export"] == 1


def test_text_and_markdown_name_each_section(tmp_path):
    plan, export = files(tmp_path)
    text = run("diff", plan, export, "--no-config").stdout
    assert "Seats filled that the plan has open (1):\n" in text
    assert f"  {export}:7: Ida New" in text
    assert text.rstrip().endswith(
        "12 people in the export against 11 seats in the plan: 9 differences"
    )
    markdown = run("diff", plan, export, "-f", "markdown", "--no-config").stdout
    assert "### Plan vacancies that are filled (1)\n\n- onboarding" in markdown


def test_a_plan_that_matches_the_export_exits_0(tmp_path):
    org = tmp_path / "org.yaml"
    run("import", str(SAMPLES / "workday.csv"), "-o", str(org))
    result = run("diff", str(org), str(SAMPLES / "workday.csv"), "--no-config")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("they agree")


def test_fail_on_new_none_always_exits_0_and_output_goes_to_a_file(tmp_path):
    plan, export = files(tmp_path)
    out = tmp_path / "reality.json"
    result = run(
        "diff", plan, export, "-f", "json", "-o", str(out), "--fail-on-new", "none", "--no-config"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["different-role"] == 1
    refused = run("diff", plan, export, "-o", export, "--no-config")
    assert refused.exit_code == 2
    assert "refusing" in refused.stderr


def test_an_unreadable_export_is_one_line(tmp_path):
    plan, _ = files(tmp_path)
    (tmp_path / "broken.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    result = run("diff", plan, str(tmp_path / "broken.csv"), "--no-config")
    assert result.exit_code == 2
    assert result.stderr.startswith("csorg: error: ")
    assert "no header row matches" in result.stderr


def test_people_outside_the_named_cs_departments_are_not_compared(tmp_path):
    plan, export = files(tmp_path)
    result = run("diff", plan, export, "-f", "json", "--no-config", "--cs-department", "Sales")
    found = json.loads(result.stdout)
    # Only Sam Sales (Sales) and the people the plan names are compared now.
    assert [d["person"] for d in found["differences"] if d["kind"] == "not-in-plan"] == [
        "Sam Sales"
    ]
    assert found["people_compared"] == 8  # Sam and the seven the plan names
