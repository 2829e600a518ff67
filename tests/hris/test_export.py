"""`csorg export`: people CSV that imports back to the same file; Backstage entities that resolve."""

from __future__ import annotations

import csv
import io
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from csorg_cli.cli.app import app

SAMPLES = Path(__file__).parent / "samples"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("everyone", [[], ["--all-departments"]], ids=["cs-only", "everyone"])
@pytest.mark.parametrize(
    "sample",
    ["bamboohr.csv", "workday.csv", "hibob.csv", "rippling.csv", "personio.csv", "charthop.csv"],
)
def test_import_export_import_gives_the_same_file(sample, everyone, tmp_path):
    first, exported, second = (
        tmp_path / "first.yaml",
        tmp_path / "people.csv",
        tmp_path / "second.yaml",
    )
    assert (
        run("import", str(SAMPLES / sample), "-o", str(first), "--all-departments").exit_code == 0
    )
    assert run("export", str(first), "-o", str(exported), "--no-config").exit_code == 0
    result = run("import", str(exported), "-o", str(second), *everyone)
    assert result.exit_code == 0, result.output
    assert "csorg (generic) mapping" in result.stderr
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_the_round_trip_keeps_open_seats_unnamed_seats_and_a_vacant_leader(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(
        textwrap.dedent(
            """\
            # yaml-language-server: $schema=csorg.schema.json
            # Imported with `csorg import`: 2 people in 4 roles.
            # Re-import to compare with the HRIS (`csorg diff org.yaml people.csv`); plan here.
            csorg: 1
            organization:
              name: Customer Success

            # The export has no segment column: add `segments:` (docs/format.md) and set
            # `segment:` on the roles that serve each one.
            # The export has no region column: set `region:` on roles that serve one.

            roles:
              vp-customer-success:
                title: VP Customer Success
                person: Dana Smith

              cs-director:
                title: CS Director
                reports_to: vp-customer-success
                open: 1

              csm:
                title: Customer Success Manager
                reports_to: cs-director
                headcount: 4
                open: 1
                people: [Ben Ode]
            """
        ),
        encoding="utf-8",
    )
    exported = run("export", str(org), "--no-config")
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(r["employee_id"], r["name"], r["manager_id"], r["status"]) for r in rows] == [
        ("vp-customer-success", "Dana Smith", "", "Active"),
        ("cs-director", "", "vp-customer-success", "Open"),
        ("csm-1", "Ben Ode", "cs-director", "Active"),
        ("csm-2", "", "cs-director", "Active"),
        ("csm-3", "", "cs-director", "Active"),
        ("csm-4", "", "cs-director", "Open"),
    ]
    (tmp_path / "people.csv").write_text(exported.stdout, encoding="utf-8")
    again = tmp_path / "again.yaml"
    result = run("import", str(tmp_path / "people.csv"), "-o", str(again))
    assert result.exit_code == 0, result.output
    text = org.read_text(encoding="utf-8").replace("2 people in 4 roles", "2 people in 3 roles")
    assert again.read_text(encoding="utf-8") == text


def test_export_refuses_an_org_with_errors(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(
        "csorg: 1\norganization: {name: A}\nroles:\n  a: {title: CSM, reports_to: nobody}\n",
        encoding="utf-8",
    )
    result = run("export", str(org), "-o", str(tmp_path / "people.csv"), "--no-config")
    assert result.exit_code == 1
    assert "unknown-manager" in result.stderr and "nothing written" in result.stderr
    assert not (tmp_path / "people.csv").exists()


def test_export_never_writes_over_the_org(tmp_path):
    org = tmp_path / "org.yaml"
    run("import", str(SAMPLES / "hibob.csv"), "-o", str(org))
    before = org.read_text(encoding="utf-8")
    result = run("export", str(org), "-o", str(org), "--no-config")
    assert result.exit_code == 2
    assert org.read_text(encoding="utf-8") == before


_NAME = re.compile(r"^[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$")


def test_backstage_groups_and_users_follow_the_catalog_schema_and_resolve(tmp_path):
    org = tmp_path / "org.yaml"
    run("import", str(SAMPLES / "charthop.csv"), "-o", str(org))
    result = run("export", str(org), "--format", "backstage", "--no-config")
    assert result.exit_code == 0, result.output
    entities = list(yaml.safe_load_all(result.stdout))
    groups = {e["metadata"]["name"]: e for e in entities if e["kind"] == "Group"}
    users = {e["metadata"]["name"]: e for e in entities if e["kind"] == "User"}
    assert len(groups) + len(users) == len(entities)
    for entity in entities:
        assert entity["apiVersion"] == "backstage.io/v1alpha1"
        name = entity["metadata"]["name"]
        assert _NAME.match(name) and len(name) <= 63, name
    for name, group in groups.items():
        spec = group["spec"]
        assert spec["type"] in ("team", "department")
        assert isinstance(spec["children"], list)  # required, may be empty
        assert all(
            child in groups and groups[child]["spec"]["parent"] == name
            for child in spec["children"]
        )
        assert all(member in users for member in spec["members"])
        if "leader" in spec:
            assert spec["leader"] in spec["members"]
    for name, user in users.items():
        assert user["spec"]["memberOf"] and all(g in groups for g in user["spec"]["memberOf"])
        assert all(name in groups[g]["spec"]["members"] for g in user["spec"]["memberOf"])
    director = groups["cs-director-enterprise-na"]["spec"]
    assert director["parent"] == "vp-customer-success"
    assert director["leader"] == "ana-ruiz"
    assert sorted(director["members"]) == ["ana-ruiz", "ben-ode", "cai-lin", "dee-park"]
    assert users["ben-ode"]["spec"]["profile"] == {"displayName": "Ben Ode"}
    assert users["ben-ode"]["metadata"]["description"] == "Customer Success Manager"
    # Open seats are no one: 15 named people, 15 users.
    assert len(users) == 15


def test_backstage_user_names_stay_unique_for_namesakes(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(
        "csorg: 1\norganization: {name: A}\nroles:\n"
        "  lead: {title: CS Director, person: Sam Lee}\n"
        "  csm: {title: CSM, reports_to: lead, headcount: 2, people: [Sam Lee, José Núñez]}\n",
        encoding="utf-8",
    )
    result = run("export", str(org), "-f", "backstage", "--namespace", "cs", "--no-config")
    assert result.exit_code == 0, result.output
    users = [e for e in yaml.safe_load_all(result.stdout) if e["kind"] == "User"]
    assert [u["metadata"]["name"] for u in users] == ["sam-lee", "sam-lee-2", "jose-nunez"]
    assert all(u["metadata"]["namespace"] == "cs" for u in users)


def test_the_round_trip_holds_for_team_files(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    run("import", str(SAMPLES / "bamboohr.csv"), "-o", str(first / "org.yaml"), "--split")
    exported = tmp_path / "people.csv"
    assert run("export", str(first / "org.yaml"), "-o", str(exported), "--no-config").exit_code == 0
    run("import", str(exported), "-o", str(second / "org.yaml"), "--split")
    files = sorted(p.relative_to(first) for p in first.rglob("*.yaml"))
    assert len(files) == 4
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.yaml"))
    for relative in files:
        assert (second / relative).read_text(encoding="utf-8") == (first / relative).read_text(
            encoding="utf-8"
        )


def test_part_time_seats_are_read_and_make_the_round_trip(tmp_path):
    (tmp_path / "people.csv").write_text(
        "employee_id,name,title,manager_id,FTE\n"
        "1,Dana Smith,VP Customer Success,,\n"
        "2,Ben Ode,Customer Success Manager,1,100\n"
        "3,Cai Lin,Customer Success Manager,1,50%\n"
        '4,Dee Park,Customer Success Manager,1,"0,5"\n'
        "5,Eve Stone,Customer Success Manager,1,abc\n",
        encoding="utf-8",
    )
    first = tmp_path / "first.yaml"
    result = run("import", str(tmp_path / "people.csv"), "-o", str(first), "-f", "json")
    assert result.exit_code == 0, result.output
    problems = yaml.safe_load(result.stdout)["diagnostics"]
    assert [(d["rule"], d["line"], d["column"]) for d in problems] == [("people-bad-value", 6, 5)]
    text = first.read_text(encoding="utf-8")
    assert (
        "  csm-part-time:\n    title: Customer Success Manager\n    reports_to: vp-customer-success\n"
        "    fte: 0.5\n    headcount: 2\n    people: [Cai Lin, Dee Park]\n"
    ) in text
    exported = run("export", str(first), "--no-config").stdout
    (tmp_path / "again.csv").write_text(exported, encoding="utf-8")
    run("import", str(tmp_path / "again.csv"), "-o", str(tmp_path / "second.yaml"))
    assert (tmp_path / "second.yaml").read_text(encoding="utf-8") == text
