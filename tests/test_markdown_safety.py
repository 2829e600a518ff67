"""Every Markdown csorg writes (findings, report, plan, diff) shows hostile titles as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.markdown import escape, table

HOSTILE = "<img src=x onerror=alert(1)> [click](http://evil.example) a|b @dana #12"


def test_escape_makes_markup_literal():
    assert escape(HOSTILE) == (
        r"&lt;img src=x onerror=alert(1)> \[click\](http://evil.example)"
        r" a\|b &#64;dana &#35;12"
    )
    assert escape("# heading\n- item") == "&#35; heading - item"
    assert escape("- item") == r"\- item"
    assert escape("1. first") == r"1\. first"


def test_table_escapes_every_cell_and_keeps_the_column_count():
    lines = table(["Role", "Seats"], [["a|b", "3"]], right_aligned=[1])
    assert lines == ["| Role | Seats |", "|---|---:|", r"| a\|b | 3 |"]


ORG = f"""csorg: 1
organization: {{name: "{HOSTILE}"}}
segments:
  smb: {{accounts: 400, motion: pooled, ratio: "1:100"}}
roles:
  vp: {{title: "VP Customer Success", kpis: [nrr]}}
  csm: {{title: "{HOSTILE}", type: scaled-csm, reports_to: vp, segment: smb, headcount: 3}}
"""


@pytest.fixture
def org(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return path


def _assert_safe(markdown: str) -> None:
    assert "<img" not in markdown
    assert "[click](" not in markdown  # escaped, it reads \[click\](
    assert "@dana" not in markdown
    assert "a|b" not in markdown


def test_markdown_outputs_escape_hostile_titles(org: Path, tmp_path: Path):
    runner = CliRunner()
    outputs = {
        "validate": runner.invoke(
            app,
            ["validate", "-", "--format", "markdown", "--no-config"],
            input=ORG + f'  x: {{title: CSM, reports_to: "{HOSTILE}"}}\n',
        ),
        "report": runner.invoke(app, ["report", str(org), "--format", "markdown", "--no-config"]),
        "plan": runner.invoke(
            app, ["plan", str(org), "--format", "markdown", "--set", "segments.smb.accounts=+50%"]
        ),
    }
    renamed = tmp_path / "new.yaml"
    renamed.write_text(
        ORG.replace("headcount: 3", "headcount: 5").replace(
            '"VP Customer Success"', f'"{HOSTILE} lead"'
        ),
        encoding="utf-8",
    )
    outputs["diff"] = runner.invoke(app, ["diff", str(org), str(renamed), "--format", "markdown"])
    for name, result in outputs.items():
        assert result.exit_code in (0, 1), (name, result.output)
        assert "\\|" in result.stdout, name  # the escaped pipe of the hostile text
        _assert_safe(result.stdout)


def test_code_span_survives_backticks():
    from csorg_cli.markdown import code

    assert code("org.yaml") == "`org.yaml`"
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
