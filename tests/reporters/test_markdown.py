"""Markdown: a pull-request comment with counts, a table, and user text escaped."""

from __future__ import annotations

from dataclasses import replace

from csorg_cli.reporters import ReportOptions, get_reporter
from csorg_cli.reporters.markdown import VISIBLE_ROWS, escape


def markdown(result, **options) -> str:
    return get_reporter("markdown")(result, ReportOptions(**options))


def test_escape_user_text():
    assert escape("a | b *c* `d` [x](y) <b> @dana #12 &") == (
        r"a \| b \*c\* \`d\` \[x\](y) &lt;b> &#64;dana &#35;12 &amp;"
    )
    assert escape("two\nlines") == "two lines"


def test_summary_counts_and_table(checked):
    text = markdown(checked)
    lines = text.splitlines()
    assert lines[0] == "### ❌ csorg: 5 problems in 2 files"
    assert "| 1 | 1 | 3 |" in lines
    assert "| Severity | Rule | Location | Message |" in lines
    row = next(line for line in lines if "CS \\| Lead" in line)
    assert row.startswith("| ℹ️ info | `short-title` | org.yaml:5:14<br><sub>roles.a.title</sub>")
    # Every table row has exactly the table's cells: no `|` from user text breaks it.
    for line in lines:
        if line.startswith("| ℹ️") or line.startswith("| ❌") or line.startswith("| ⚠️"):
            assert line.replace("\\|", "").count("|") == 5, line
    assert "<details>" not in text


def test_long_lists_collapse(checked):
    many = [replace(checked.results[0].diagnostics[0], line=n) for n in range(1, 26)]
    checked.results[0].diagnostics = many
    text = markdown(checked)
    assert f"<summary>{25 - VISIBLE_ROWS} more problems</summary>" in text
    before, _, after = text.partition("<details>")
    assert before.count("| ℹ️ info |") == VISIBLE_ROWS
    assert after.count("| ℹ️ info |") == 25 - VISIBLE_ROWS


def test_clean_run(checked):
    checked.results = checked.results[1:]
    assert markdown(checked) == "### ✅ csorg: no problems in 1 file\n"
