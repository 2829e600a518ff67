"""`csorg rules` and `csorg rules explain NAME`, as a user runs them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.rules import RULES

runner = CliRunner()


def run(*args: str):  # click Result
    return runner.invoke(app, list(args))


def test_rules_lists_every_rule_with_category_severity_and_summary():
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len([line for line in lines if line and not line.startswith(str(len(RULES)))]) == len(
        RULES
    )
    row = next(line for line in lines if line.startswith("span-of-control "))
    assert row.split()[:3] == ["span-of-control", "structure", "warning"]
    assert row.endswith("A manager leads more seats than the span band of what they lead.")


def test_rules_json_list():
    result = run("rules", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows][:1] == ["yaml-syntax"]
    assert {r["name"] for r in rows} == set(RULES)
    assert {
        "name": "kpis-defined",
        "category": "functions",
        "default_severity": "info",
        "summary": RULES["kpis-defined"].summary,
    } in rows


def test_explain_prints_doc_options_and_sources():
    result = run("rules", "explain", "span-of-control")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("span-of-control (structure, default severity: warning)\n")
    assert "Bad::" in out and "Good::" in out
    assert (
        "  front_line (band {min, max}), default: benchmark span.front_line: 7 (band 4-10)" in out
    )
    assert "source: SaaStr (a first CS manager once there are 4-5 CSMs)" in out and "(2020)" in out
    # Every function family has its band, each with its source, year and address.
    assert "  specialist (band {min, max}), default: benchmark span.specialist: 2-10" in out
    assert "url: https://support.orgvue.com/hc/en-us/articles/24753778115101" in out


def test_explain_shows_the_arr_floor_of_each_motion():
    out = run("rules", "explain", "arr-per-seat").stdout
    assert "named (band {min, max}), default: benchmark arr_per_seat.named: >= 1,000,000" in out
    assert "pooled (band {min, max}), default: benchmark arr_per_seat.pooled: >= 500,000" in out
    assert "url: https://commune.us/customer-success/3-things-to-consider-before-hiring" in out


def test_explain_json_and_rule_without_benchmarks():
    result = run("rules", "explain", "vacancy-rate", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["benchmarks"] == []
    assert document["options"][0] == {
        "name": "max_rate",
        "type": "number",
        "default": "null",
        "benchmark": None,
        "description": RULES["vacancy-rate"].options.model_fields["max_rate"].description,
    }


def test_explain_unknown_rule_exits_2_with_did_you_mean():
    result = run("rules", "explain", "span-of-contrl")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "csorg: error: no rule named 'span-of-contrl'; did you mean "
        "'span-of-control'? (`csorg rules` lists them)"
    )


def test_usage_errors_exit_2():
    assert run("rules", "explain").exit_code == 2
    assert run("rules", "--format", "xml").exit_code == 2
    assert run("rules", "explain", "a", "b").exit_code == 2
