"""SARIF 2.1.0: valid against the OASIS schema, every rule described, results located."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from csorg_cli.diagnostics import Severity
from csorg_cli.reporters import ReportOptions, get_reporter
from csorg_cli.rules import RULES

SCHEMA = Path(__file__).resolve().parents[1] / "corpora" / "sarif" / "sarif-schema-2.1.0.json"


def sarif(result, **options) -> dict:
    return json.loads(get_reporter("sarif")(result, ReportOptions(**options)))


def test_validates_against_the_sarif_2_1_0_schema(checked):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(sarif(checked), schema)


def test_every_registered_rule_is_described(checked):
    driver = sarif(checked)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "csorg"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert list(rules) == list(RULES)
    for name, spec in RULES.items():
        rule = rules[name]
        assert rule["shortDescription"]["text"] == spec.summary
        assert rule["fullDescription"]["text"] == (spec.doc.strip() or spec.summary)
        assert rule["help"]["markdown"] == (spec.doc.strip() or spec.summary)
        assert rule["help"]["text"]
        assert rule["helpUri"].endswith(f"docs/rules/{name}.md")
        assert (
            rule["defaultConfiguration"]["level"]
            == {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}[
                spec.default_severity
            ]
        )


def test_results_carry_rule_level_message_and_location(checked):
    run = sarif(checked)["runs"][0]
    results = run["results"]
    found = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in results
    ]
    assert found == [
        ("short-title", "note", "org.yaml", 4, 15),
        ("short-title", "note", "org.yaml", 5, 14),
        ("multiple-roots", "warning", "org.yaml", 6, 3),
        ("short-title", "note", "org.yaml", 6, 14),
        ("schema", "error", "org.yaml", 6, 31),
    ]
    schema_result = results[-1]
    assert schema_result["message"]["text"].startswith(
        "reports_to of role 'b' is the text 'no:body,really', which is not valid here\nHint: "
    )
    assert run["tool"]["driver"]["rules"][schema_result["ruleIndex"]]["id"] == "schema"
    assert (
        schema_result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        == "roles.b.reports_to"
    )
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri() + "/"


def test_fingerprints_ignore_line_numbers(checked, tmp_path):
    before = {
        r["ruleId"] + r["message"]["text"]: r["partialFingerprints"]
        for r in sarif(checked)["runs"][0]["results"]
    }
    from csorg_cli.checking import CheckSettings, check_paths
    from csorg_cli.config import load_config

    org = tmp_path / "org.yaml"
    org.write_text(org.read_text().replace("roles:\n", "# moved\n\nroles:\n"))
    moved = check_paths(["org.yaml"], CheckSettings(load_config(tmp_path / "c.yaml")))
    after = {
        r["ruleId"] + r["message"]["text"]: r["partialFingerprints"]
        for r in sarif(moved)["runs"][0]["results"]
    }
    assert after == before
    assert len({json.dumps(v) for v in after.values()}) == len(after)


def test_quiet_keeps_only_failing_results(checked):
    results = sarif(checked, quiet=True, fail_on=Severity.WARNING)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["multiple-roots", "schema"]


# -- what code scanning does with the log (issue 14)

BROKEN = (
    "csorg: 1\norganization: {name: Acme}\nroles:\n"
    "  vp: {title: VP Customer Success}\n  c: {title: CSM, reports_to: nobody}\n"
)


def _validate(*args: str):
    from typer.testing import CliRunner

    from csorg_cli.cli.app import app

    return CliRunner().invoke(app, ["validate", "--no-config", *args])


def _valid_sarif(path: Path) -> dict:
    log = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return log


def test_paths_are_relative_to_the_repository_root_wherever_csorg_runs(tmp_path, monkeypatch):
    """Code scanning resolves URIs from the repository root: run from orgs/, the alert must still
    point at orgs/broken.yaml (not at broken.yaml, a file that is not there)."""
    (tmp_path / ".git").mkdir()  # what `git init` makes; the top level is where it is
    orgs = tmp_path / "orgs"
    orgs.mkdir()
    (orgs / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(orgs)
    assert _validate("broken.yaml", "--output", "sarif=out.sarif").exit_code == 1
    run = _valid_sarif(orgs / "out.sarif")["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "orgs/broken.yaml", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"

    assert _validate("broken.yaml", "--sarif-root", ".", "--output", "sarif=b.sarif").exit_code == 1
    run = _valid_sarif(orgs / "b.sarif")["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "broken.yaml", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == orgs.resolve().as_uri() + "/"

    bad = _validate("broken.yaml", "--sarif-root", "nowhere", "--output", "sarif=c.sarif")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == "csorg: error: --sarif-root: nowhere is not a directory"


def test_a_run_that_could_not_read_its_input_says_so(tmp_path, monkeypatch):
    """An empty result list would close every open alert; the log says the analysis failed."""
    monkeypatch.chdir(tmp_path)
    result = _validate("nope.yaml", "--output", "sarif=x.sarif")
    assert result.exit_code == 2
    log = _valid_sarif(tmp_path / "x.sarif")
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [(n["level"], n["message"]["text"]) for n in notes] == [
        ("error", "nope.yaml: no such file")
    ]
    assert log["runs"][0]["results"] == []


def test_a_run_that_happened_says_so(checked):
    assert sarif(checked)["runs"][0]["invocations"] == [{"executionSuccessful": True}]
