"""csorg book: the books per seat and per team in every format, and its exit statuses."""

from __future__ import annotations

import csv
import io
import json

from book_helpers import ORG
from typer.testing import CliRunner

from csorg_cli.cli.app import app

ACCOUNTS = """\
account_id,owner,segment,region,arr,renewal_date
a1,Ana Ruiz,enterprise,NA,1200000,2027-01-15
a2,Ana Ruiz,enterprise,NA,1100000,2027-09-01
a3,Ana Ruiz,enterprise,NA,900000,
a4,Ben Ode,enterprise,NA,1000000,
s1,Cy Li,smb,,3000,
s2,,smb,,2000,
"""


def run(tmp_path, *args: str, accounts: str = ACCOUNTS, org: str = ORG):
    (tmp_path / "org.yaml").write_text(org, encoding="utf-8")
    (tmp_path / "accounts.csv").write_text(accounts, encoding="utf-8")
    return CliRunner().invoke(app, ["book", str(tmp_path / "org.yaml"), *args])


def test_json_has_each_seat_against_its_target(tmp_path):
    result = run(tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    seats = {s["seat"]: (s["accounts"], s["target"], s["status"]) for s in data["seats"]}
    assert seats == {
        "Ana Ruiz": (3, 2.0, "over"),
        "Ben Ode": (1, 2.0, "under"),
        "Cy Li": (1, 100.0, "under"),
    }
    ana = next(s for s in data["seats"] if s["seat"] == "Ana Ruiz")
    assert ana["renewals_next_quarter"] == 1 and ana["arr"] == 3200000.0
    assert data["totals"]["unowned"] == 1
    assert data["teams"] == [
        {
            "team": "vp",
            "seats": 3,
            "fte": 3.0,
            "accounts": 5,
            "arr": 4203000.0,
            "target": 104.0,
            "renewals_next_quarter": 1,
            "load": 0.048,
        }
    ]


def test_text_markdown_csv_and_html(tmp_path):
    text = run(tmp_path).stdout
    assert "Ana Ruiz  enterprise  NA" in text and "Books per team" in text
    markdown = run(tmp_path, "-f", "markdown").stdout
    assert "| Ana Ruiz | enterprise | NA | 3 | 2 | 150% |" in markdown
    rows = list(csv.DictReader(io.StringIO(run(tmp_path, "-f", "csv").stdout)))
    assert [r["seat"] for r in rows] == ["Ana Ruiz", "Ben Ode", "Cy Li"]
    page = run(tmp_path, "-f", "html", "-o", str(tmp_path / "book.html"))
    assert page.exit_code == 0, page.output
    html = (tmp_path / "book.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 1 and "<script" not in html
    assert "Books per seat" in html


def test_an_unreadable_book_exits_1_with_its_diagnostic(tmp_path):
    result = run(tmp_path, accounts="id_of_nothing\n1\n")
    assert result.exit_code == 1
    assert "accounts-file" in result.stderr and "no column for 'id' and 'owner'" in result.stderr


def test_an_org_without_a_book_exits_2(tmp_path):
    result = run(tmp_path, org=ORG.replace("accounts: accounts.csv\n", ""))
    assert result.exit_code == 2 and "links no book" in result.stderr


def test_accounts_option_reads_another_file(tmp_path):
    (tmp_path / "other.tsv").write_text("account_id\towner\nx1\tBen Ode\n", encoding="utf-8")
    result = run(tmp_path, "--accounts", str(tmp_path / "other.tsv"), "-f", "json")
    assert result.exit_code == 0, result.output
    seats = {s["seat"]: s["accounts"] for s in json.loads(result.stdout)["seats"]}
    assert seats == {"Ana Ruiz": 0, "Ben Ode": 1, "Cy Li": 0}


def test_output_over_the_accounts_file_is_refused(tmp_path):
    result = run(tmp_path, "-o", str(tmp_path / "accounts.csv"))
    assert result.exit_code == 2
    assert (tmp_path / "accounts.csv").read_text(encoding="utf-8") == ACCOUNTS


def test_validate_without_a_book_never_imports_the_table_and_solver_libraries():
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "startup.yaml"
    probe = (
        "import sys\n"
        "from csorg_cli.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        f"CliRunner().invoke(app, ['validate', {str(example)!r}])\n"
        "heavy = [m for m in ('polars', 'numpy', 'scipy', 'matplotlib', 'openpyxl')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_validate_checks_the_book_named_by_accounts(tmp_path):
    (tmp_path / "org.yaml").write_text(ORG.replace("accounts: accounts.csv\n", ""), "utf-8")
    (tmp_path / "q3.csv").write_text("account_id,owner\na1,Nobody Known\n", encoding="utf-8")
    runner = CliRunner()
    found = runner.invoke(
        app,
        [
            "validate",
            str(tmp_path / "org.yaml"),
            "--accounts",
            str(tmp_path / "q3.csv"),
            "--format",
            "json",
        ],
    )
    assert found.exit_code == 1
    data = json.loads(found.stdout)
    owner = [d for d in data["diagnostics"] if d["rule"] == "unknown-account-owner"]
    assert [(d["file"], d["line"], d["column"]) for d in owner] == [
        (str(tmp_path / "q3.csv"), 2, 2)
    ]
    two = runner.invoke(
        app,
        ["validate", str(tmp_path / "org.yaml"), str(tmp_path / "org.yaml"), "--accounts", "x.csv"],
    )
    assert two.exit_code == 2 and "--accounts checks one org's book" in two.stderr
