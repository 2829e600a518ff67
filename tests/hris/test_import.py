"""`csorg import`: each vendor's export becomes an org that validates; problems are diagnostics."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app

SAMPLES = Path(__file__).parent / "samples"
VENDORS = {
    "bamboohr.csv": "bamboohr",
    "bamboohr-report.csv": "bamboohr",
    "workday.csv": "workday",
    "hibob.csv": "hibob",
    "rippling.csv": "rippling",
    "personio.csv": "personio",
    "charthop.csv": "charthop",
}


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def import_text(tmp_path: Path, text: str, *args: str, name: str = "people.csv"):
    source = tmp_path / name
    source.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    result = run("import", str(source), "-o", str(tmp_path / "org.yaml"), "--format", "json", *args)
    report = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
    return result, report


def rules_at(report) -> list[tuple[str, int, int]]:
    return [(d["rule"], d["line"], d["column"]) for d in report["diagnostics"]]


@pytest.mark.parametrize("sample", sorted(VENDORS))
def test_each_vendor_export_imports_to_an_org_that_validates(sample, tmp_path):
    result = run(
        "import", str(SAMPLES / sample), "-o", str(tmp_path / "org.yaml"), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["mapping"] == VENDORS[sample]
    assert report["summary"]["error"] == 0
    checked = check_file(tmp_path / "org.yaml")
    assert not checked.has_errors(), [d for d in checked.diagnostics if d.severity == "error"]
    org = checked.org
    assert org is not None
    # The CS org and its chain of leaders; Sales and Engineering below the CEO are left out.
    assert {role.person for role in org.roles.values() if role.person} >= {
        "Jane Roe",
        "Dana Smith",
        "Ana Ruiz",
        "Eli Novak",
        "Jo Adams",
    }
    everyone = [n for role in org.roles.values() for n in role.holders]
    assert "Oto Berg" not in everyone and "Nia Grey" not in everyone
    csm = [r for r in org.roles.values() if r.title == "Scaled CSM"]
    assert [(r.headcount, r.people) for r in csm] == [(3, ["Fay Moss", "Gil Brandt", "Hana Sato"])]
    text = (tmp_path / "org.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=csorg.schema.json\n")
    assert (tmp_path / "csorg.schema.json").is_file()


def test_the_mapping_picked_is_said(tmp_path):
    result = run("import", str(SAMPLES / "hibob.csv"), "-o", str(tmp_path / "org.yaml"))
    assert result.exit_code == 0
    assert "with the HiBob mapping (picked from the headers: root.id" in result.stderr


def test_the_org_file_reads_as_people_write_it(tmp_path):
    run("import", str(SAMPLES / "charthop.csv"), "-o", str(tmp_path / "org.yaml"))
    text = (tmp_path / "org.yaml").read_text(encoding="utf-8")
    assert "\nsegments:\n  enterprise:\n    name: Enterprise\n" in text
    assert (
        "  csm-enterprise-na:\n"
        "    title: Customer Success Manager\n"
        "    reports_to: cs-director-enterprise-na\n"
        "    segment: enterprise\n"
        "    region: NA\n"
        "    headcount: 3\n"
        "    open: 1\n"
        "    people: [Ben Ode, Cai Lin]\n"
    ) in text
    assert "  chief-executive:  # outside Customer Success\n" in text


def test_the_same_export_shuffled_gives_the_same_file(tmp_path):
    lines = (SAMPLES / "rippling.csv").read_text(encoding="utf-8").splitlines()
    shuffled = [lines[0], *reversed(lines[1:])]
    (tmp_path / "a.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("\n".join(shuffled) + "\n", encoding="utf-8")
    run("import", str(tmp_path / "a.csv"), "-o", str(tmp_path / "a.yaml"))
    run("import", str(tmp_path / "b.csv"), "-o", str(tmp_path / "b.yaml"))
    a = (tmp_path / "a.yaml").read_text(encoding="utf-8").replace("a.csv", "X")
    b = (tmp_path / "b.yaml").read_text(encoding="utf-8").replace("b.csv", "X")
    assert a == b


def test_never_over_an_existing_file_unless_forced(tmp_path):
    target = tmp_path / "org.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = run("import", str(SAMPLES / "hibob.csv"), "-o", str(target))
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    result = run("import", str(SAMPLES / "hibob.csv"), "-o", str(target), "--force")
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_never_over_the_export_itself(tmp_path):
    source = tmp_path / "people.csv"
    shutil.copy(SAMPLES / "hibob.csv", source)
    result = run("import", str(source), "-o", str(source), "--force")
    assert result.exit_code == 2
    assert "refusing to overwrite an input" in result.stderr
    assert source.read_text(encoding="utf-8") == (SAMPLES / "hibob.csv").read_text(encoding="utf-8")


def test_problems_are_diagnostics_at_row_and_column_and_the_rest_imports(tmp_path):
    result, report = import_text(
        tmp_path,
        """
        employee_id,name,title,manager_id
        1,Jane Roe,VP Customer Success,
        2,Ana Ruiz,CS Director,1
        2,Ana Copy,CS Director,1
        3,Ben Ode,Customer Success Manager,99
        4,Cai Lin,,2

        Total,4,,
        5,Dee Park,Customer Success Manager,6
        6,Eve Stone,Customer Success Manager,5
        """,
    )
    assert result.exit_code == 1
    assert rules_at(report) == [
        ("people-duplicate-id", 4, 1),
        ("people-unknown-manager", 5, 4),
        ("people-missing-title", 6, 3),
        ("people-not-a-person", 7, 1),
        ("people-not-a-person", 8, 1),
        ("people-reporting-cycle", 9, 4),
    ]
    messages = {d["rule"]: d["message"] for d in report["diagnostics"]}
    assert messages["people-duplicate-id"] == "id '2' is also on row 3; this row is skipped"
    assert "manager '99' of Ben Ode is not in the export" in messages["people-unknown-manager"]
    assert (
        "reporting cycle: Dee Park -> Eve Stone -> Dee Park" in messages["people-reporting-cycle"]
    )
    checked = check_file(tmp_path / "org.yaml")
    holders = sorted(n for role in checked.org.roles.values() for n in role.holders)
    assert holders == ["Ana Ruiz", "Ben Ode", "Cai Lin", "Dee Park", "Eve Stone", "Jane Roe"]


def test_the_cs_leader_is_named_and_cs_teams_under_other_leaders_are_central(tmp_path):
    result, _ = import_text(
        tmp_path,
        """
        employee_id,name,title,manager_id,department,employment_type
        1,Jane Roe,Chief Executive Officer,,Executive,Full-Time
        2,Dana Smith,VP Customer Success,1,Customer Success,Full-Time
        3,Ben Ode,Customer Success Manager,2,Customer Success,Full-Time
        4,Cai Lin,Customer Success Manager,2,Customer Success,Contingent Worker
        5,Quin Hart,Chief Technology Officer,1,Engineering,Full-Time
        6,Jo Adams,Support Manager,5,Customer Support,Full-Time
        7,Kim Cho,Support Engineer,6,Customer Support,Agency (outsourced)
        8,Ray Cole,Software Engineer,5,Engineering,Full-Time
        """,
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "org.yaml").read_text(encoding="utf-8")
    assert "  leader: vp-customer-success  # the roles above it are outside CS\n" in text
    checked = check_file(tmp_path / "org.yaml")
    assert not checked.has_errors(), checked.diagnostics
    roles = checked.org.roles
    assert checked.org.organization.leader == "vp-customer-success"
    assert roles["support-manager"].central is True
    assert roles["support-manager"].reports_to == "chief-technology-officer"
    assert (roles["csm"].person, roles["csm"].employment) == ("Ben Ode", "employee")
    assert (roles["csm-contractor"].person, roles["csm-contractor"].employment) == (
        "Cai Lin",
        "contractor",
    )
    assert roles["support"].employment == "agency"
    assert "Ray Cole" not in text


def test_a_manager_named_twice_is_ambiguous(tmp_path):
    result, report = import_text(
        tmp_path,
        """
        Name,Title,Manager
        Ana Ruiz,VP Customer Success,
        Sam Lee,CS Director,Ana Ruiz
        Sam Lee,CS Director,Ana Ruiz
        Ben Ode,Customer Success Manager,Sam Lee
        """,
        "--mapping",
        "generic",
    )
    assert result.exit_code == 1
    ambiguous = [d for d in report["diagnostics"] if d["rule"] == "people-ambiguous-manager"]
    assert [(d["line"], d["column"]) for d in ambiguous] == [(5, 3)]
    assert "names 2 people (rows 3, 4)" in ambiguous[0]["message"]
    assert "export the manager's id or email" in ambiguous[0]["hint"]


def test_semicolons_and_windows_1252_are_read_with_a_warning(tmp_path):
    source = tmp_path / "personio.csv"
    text = (SAMPLES / "personio.csv").read_text(encoding="utf-8").replace("Ben;Ode", "Jörg;Müller")
    source.write_bytes(text.encode("cp1252"))
    result = run("import", str(source), "-o", str(tmp_path / "org.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [d["rule"] for d in report["diagnostics"] if d["severity"] == "warning"] == [
        "people-encoding"
    ]
    assert "Jörg Müller" in (tmp_path / "org.yaml").read_text(encoding="utf-8")


def test_utf16_with_a_mark_is_read(tmp_path):
    source = tmp_path / "people.csv"
    source.write_bytes((SAMPLES / "workday.csv").read_text(encoding="utf-8").encode("utf-16"))
    result = run("import", str(source), "-o", str(tmp_path / "org.yaml"))
    assert result.exit_code == 0, result.output


def test_an_excel_export_with_merged_header_cells(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Employee report"])
    sheet.append(["Employee_ID", "Full_Name", "Business_Title", "Manager", None, "Team_Name"])
    sheet.merge_cells("D2:E2")
    sheet.append(["W1", "Jane Roe", "VP Customer Success", "", "", "Customer Success"])
    sheet.append(
        ["W2", "Ana Ruiz", "Customer Success Manager", "Jane Roe", "W1", "Customer Success"]
    )
    workbook.save(tmp_path / "workday.xlsx")
    result = run(
        "import", str(tmp_path / "workday.xlsx"), "-o", str(tmp_path / "org.yaml"), "-f", "json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert rules_at(report) == [("people-header", 2, 4)]
    assert "header cells D2:E2 are merged" in report["diagnostics"][0]["message"]
    checked = check_file(tmp_path / "org.yaml")
    assert not checked.has_errors()
    assert checked.org.roles["csm"].reports_to == "vp-customer-success"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"a,b,c\n1,2,3\n", "no header row matches any ready mapping"),
        (b"\x00\x01\x02binary", "binary data"),
    ],
)
def test_unreadable_exports_end_in_one_line(tmp_path, content, message):
    (tmp_path / "people.csv").write_bytes(content)
    result = run("import", str(tmp_path / "people.csv"), "-o", str(tmp_path / "org.yaml"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "org.yaml").exists()


def test_a_broken_xlsx_and_an_old_xls_end_in_one_line(tmp_path):
    (tmp_path / "people.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run("import", str(tmp_path / "people.xlsx"))
    assert result.exit_code == 2 and "not a readable .xlsx workbook" in result.stderr
    (tmp_path / "people.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("import", str(tmp_path / "people.xls"))
    assert result.exit_code == 2 and "save the sheet as .xlsx or CSV" in result.stderr


def test_user_mapping_and_title_table(tmp_path):
    (tmp_path / "titles.yaml").write_text(
        "titles:\n  Customer Happiness Hero: csm\n  /^Keeper of/: cs-director\n", encoding="utf-8"
    )
    result, report = import_text(
        tmp_path,
        """
        Worker,Who,Job,Boss
        1,Jane Roe,VP Customer Success,
        2,Ana Ruiz,Keeper of Happiness,1
        3,Ben Ode,Customer Happiness Hero,2
        4,Cai Lin,Customer Happiness Hero,2
        """,
        "--map",
        "id=Worker,name=Who,title=Job,manager_id=Boss",
        "--titles",
        str(tmp_path / "titles.yaml"),
    )
    assert result.exit_code == 0, result.output
    assert report["mapping"] == "user"
    org = check_file(tmp_path / "org.yaml").org
    assert org.roles["cs-director"].type == "cs-director"
    assert org.roles["csm"].type == "csm"
    assert org.roles["csm"].people == ["Ben Ode", "Cai Lin"]


def test_a_title_table_naming_an_unknown_archetype_is_a_usage_error(tmp_path):
    (tmp_path / "titles.yaml").write_text("titles:\n  Hero: cssm\n", encoding="utf-8")
    result = run("import", str(SAMPLES / "hibob.csv"), "--titles", str(tmp_path / "titles.yaml"))
    assert result.exit_code == 2
    assert "'cssm' is not an archetype (did you mean 'csm'?)" in result.stderr


def test_large_imports_are_split_into_team_files(tmp_path):
    result = run(
        "import", str(SAMPLES / "bamboohr.csv"), "-o", str(tmp_path / "org.yaml"), "--split"
    )
    assert result.exit_code == 0, result.output
    teams = sorted(p.name for p in (tmp_path / "teams").glob("*.yaml"))
    assert teams == [
        "director-enterprise-cs.yaml",
        "director-smb-customer-success.yaml",
        "support-manager.yaml",
    ]
    assert "include: [teams/*.yaml]" in (tmp_path / "org.yaml").read_text(encoding="utf-8")
    checked = check_file(tmp_path / "org.yaml")
    assert not checked.has_errors()
    assert sum(role.headcount for role in checked.org.roles.values()) == 15


def test_validate_does_not_load_the_tabular_readers():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys\n"
        "from csorg_cli.cli.app import app\n"
        "try:\n"
        "    app(['validate', 'examples/startup.yaml'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('polars', 'openpyxl', 'csorg_cli.hris', 'csorg_cli.tabular')"
        " if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_names_and_titles_that_yaml_would_misread_come_back_as_written(tmp_path):
    names = ["- yes: #x", 'Ann "Q" O\'Neil', "Line\nBreak", "NO", "Zoë 🚀", "1e3"]
    titles = ["null", "!!!", "1:12", "Customer Success Manager", "on", "Customer Success Manager"]
    rows = "".join(
        f'{index},"{name.replace(chr(34), chr(34) * 2)}","{title}",{"" if index == 1 else 1}\n'
        for index, (name, title) in enumerate(zip(names, titles, strict=True), start=1)
    )
    (tmp_path / "people.csv").write_text(
        "employee_id,name,title,manager_id\n" + rows, encoding="utf-8"
    )
    result = run("import", str(tmp_path / "people.csv"), "-o", str(tmp_path / "org.yaml"))
    assert result.exit_code == 0, result.output
    checked = check_file(tmp_path / "org.yaml")
    assert not checked.has_errors(), checked.diagnostics
    roles = checked.org.roles
    assert sorted(roles) == ["csm", "role", "role-1-12", "role-null", "role-on"]
    assert sorted(n for role in roles.values() for n in role.holders) == sorted(names)
    assert sorted(role.title for role in roles.values()) == [
        "!!!",
        "1:12",
        "Customer Success Manager",
        "null",
        "on",
    ]


def test_an_export_with_a_header_only_writes_an_empty_org_that_validates(tmp_path):
    (tmp_path / "people.csv").write_text("employee_id,name,title,manager_id\n", encoding="utf-8")
    result = run("import", str(tmp_path / "people.csv"), "-o", str(tmp_path / "org.yaml"))
    assert result.exit_code == 0
    assert "0 people in 0 roles" in result.stderr
    assert check_file(tmp_path / "org.yaml").diagnostics == []


def test_a_department_export_whose_head_reports_outside_it_imports_cleanly(tmp_path):
    result, report = import_text(
        tmp_path,
        """
        Employee_ID,Full_Name,Business_Title,Manager
        W2,Dana Smith,VP Customer Success,Jane Roe (W1)
        W3,Ana Ruiz,CS Director,Dana Smith (W2)
        W4,Ben Ode,Customer Success Manager,Ana Ruiz
        """,
    )
    assert result.exit_code == 0, result.output
    assert [(d["rule"], d["severity"], d["line"], d["column"]) for d in report["diagnostics"]] == [
        ("people-unknown-manager", "info", 2, 4)
    ]
    assert report["diagnostics"][0]["message"] == (
        "Dana Smith's manager 'Jane Roe (W1)' is not in the export: "
        "Dana Smith is the top of the imported org"
    )
    roles = check_file(tmp_path / "org.yaml").org.roles
    assert roles["csm"].reports_to == "cs-director"
    assert roles["cs-director"].reports_to == "vp-customer-success"


@pytest.mark.parametrize("sample", sorted(VENDORS))
def test_the_same_export_as_xlsx_or_tsv_gives_the_same_file(sample, tmp_path):
    import csv

    import openpyxl

    text = (SAMPLES / sample).read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines(), delimiter=";" if sample == "personio.csv" else ","))
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(tmp_path / "people.xlsx")
    (tmp_path / "people.tsv").write_text(
        "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8"
    )
    outputs = []
    for source in (SAMPLES / sample, tmp_path / "people.xlsx", tmp_path / "people.tsv"):
        target = tmp_path / f"{source.suffix[1:]}.yaml"
        result = run("import", str(source), "-o", str(target))
        assert result.exit_code == 0, result.output
        outputs.append(target.read_text(encoding="utf-8"))
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]


def test_cs_departments_can_be_named(tmp_path):
    result = run(
        "import",
        str(SAMPLES / "bamboohr.csv"),
        "-o",
        str(tmp_path / "org.yaml"),
        "--cs-department",
        "customer support",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    outside = [
        d for d in json.loads(result.stdout)["diagnostics"] if d["rule"] == "people-outside-cs"
    ]
    assert outside[0]["message"] == (
        "15 people outside the CS departments are not in the org file (Customer Success 10, "
        "Sales 3, Engineering 2); the leaders above CS are kept"
    )
    org = check_file(tmp_path / "org.yaml").org
    assert org.organization.leader == "support-manager"
    assert sorted(n for role in org.roles.values() for n in role.holders) == [
        "Dana Smith",
        "Jane Roe",
        "Jo Adams",
        "Kim Cho",
        "Lea Roth",
    ]
