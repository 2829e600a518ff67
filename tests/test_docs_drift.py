"""docs/rules/ is generated from the rule registry; this fails when the committed pages drift."""

from __future__ import annotations

from pathlib import Path

from csorg_cli.docs_gen import REGENERATE, docstring_markdown, drift, generate
from csorg_cli.rules import RULES

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def test_docs_rules_match_the_registry():
    problems = drift(DOCS)
    assert not problems, (
        "docs/rules/ differs from what the rule registry generates:\n  "
        + "\n  ".join(problems)
        + f"\nregenerate with `{REGENERATE}` and commit the result"
    )


def test_every_rule_has_a_page_and_an_index_entry():
    pages = generate()
    assert set(pages) == {f"{name}.md" for name in RULES} | {"README.md"}
    for name in RULES:
        assert f"[{name}]({name}.md)" in pages["README.md"]


def test_benchmark_defaults_show_their_source_and_year():
    page = generate()["coverage-ratio.md"]
    assert "| `coverage.named.accounts_per_seat` | 5-25 |" in page
    page = generate()["ops-ratio.md"]
    assert "benchmark ops_ratio.csms_per_ops_seat: 12 (band <= 15)" in page
    assert "<https://www.gainsight.com/cs-ops-central/create/>" in page
    assert "| 2021 |" in page


def test_literal_blocks_become_fenced_yaml():
    text = docstring_markdown(
        "Why it matters.\n\nBad::\n\n    roles:\n      a: {title: CSM}\n\nGood: nothing.\n"
    )
    assert text == (
        "Why it matters.\n\n**Bad:**\n\n```yaml\nroles:\n  a: {title: CSM}\n```\n\nGood: nothing.\n"
    )


def test_check_mode_fails_on_a_stale_page(tmp_path, capsys):
    from csorg_cli.docs_gen import main

    assert main(["--directory", str(tmp_path)]) == 0
    assert main(["--check", "--directory", str(tmp_path)]) == 0
    (tmp_path / "max-layers.md").write_text("stale\n", encoding="utf-8")
    (tmp_path / "old-rule.md").write_text("gone\n", encoding="utf-8")
    assert main(["--check", "--directory", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "max-layers.md: out of date" in err and "old-rule.md: not generated" in err
    assert REGENERATE in err
