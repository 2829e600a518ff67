"""The one loader every command uses, and every command honouring the configuration as validate.

The defect this guards against: with a `.csorg.yaml` that turns span-of-control off, `validate`
was silent while `diff` reported span-of-control as introduced (diff and plan checked without the
configuration). Each command is run here with `--config`, `$CSORG_CONFIG`, the nearest
`.csorg.yaml` and `--no-config`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.checking import CheckSettings, load_checked
from csorg_cli.cli.app import app
from csorg_cli.config import load_config

# A healthy org; NEW gives the team lead fourteen CSMs, so span-of-control (front line at most
# 10) fires there and nothing else does.
OLD = """\
csorg: 1
organization: {name: Acme}
segments:
  ent: {name: Enterprise, accounts: 100, motion: named}
roles:
  vp: {title: VP Customer Success, kpis: [net-revenue-retention]}
  ops: {title: CS Operations Manager, reports_to: vp, owns: [onboarding, support]}
  enablement: {title: CS Enablement Manager, reports_to: vp}
  lead: {title: CS Team Lead, reports_to: vp, segment: ent}
  csm: {title: Customer Success Manager, reports_to: lead, segment: ent, headcount: 8}
"""
NEW = OLD.replace("headcount: 8", "headcount: 14")
SPAN_OFF = "rules:\n  span-of-control: off\n"
# Named coverage at 1:5 instead of the packaged default.
NAMED_1_TO_5 = "benchmarks:\n  coverage.named.default_ratio: 5\n"
FRONT_LINE_2_TO_4 = "benchmarks:\n  span.front_line: {value: 3, min: 2, max: 4}\n"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder, the working directory, with an old and a new org and no configuration."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSORG_CONFIG", raising=False)
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(NEW, encoding="utf-8")
    return tmp_path


def rules_of(diagnostics) -> list[str]:
    return [d["rule"] for d in diagnostics]


def introduced(*args: str, env: dict[str, str] | None = None) -> list[str]:
    result = run("diff", "old.yaml", "new.yaml", "--format", "json", *args, env=env)
    assert result.exit_code in (0, 1), result.output
    return rules_of(json.loads(result.stdout)["diagnostics"]["introduced"])


def test_without_configuration_the_span_problem_is_introduced(project):
    assert introduced() == ["span-of-control"]
    assert run("validate", "new.yaml").exit_code == 0  # a warning: not failing


def test_diff_honours_the_nearest_csorg_yaml(project, monkeypatch):
    (project / ".csorg.yaml").write_text(SPAN_OFF)
    assert "span-of-control" not in run("validate", "new.yaml").stdout
    assert introduced() == []
    assert introduced("--no-config") == ["span-of-control"]
    # From a subdirectory, the configuration is found upward.
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    result = run("diff", "../old.yaml", "../new.yaml", "--format", "json")
    assert json.loads(result.stdout)["diagnostics"]["introduced"] == []


def test_diff_honours_config_option_environment_and_no_config(project):
    (project / "quiet.yaml").write_text(SPAN_OFF)
    assert introduced("--config", "quiet.yaml") == []
    assert introduced(env={"CSORG_CONFIG": "quiet.yaml"}) == []
    (project / ".csorg.yaml").write_text(SPAN_OFF)
    assert introduced("--no-config") == ["span-of-control"]


def test_diff_judges_coverage_against_configured_benchmarks(project):
    data = json.loads(run("diff", "old.yaml", "new.yaml", "--format", "json").stdout)
    packaged = data["segments"][0]["after"]["seats_needed"]
    (project / ".csorg.yaml").write_text(NAMED_1_TO_5)
    data = json.loads(run("diff", "old.yaml", "new.yaml", "--format", "json").stdout)
    assert data["segments"][0]["after"]["seats_needed"] == 20 != packaged


def test_diff_with_a_broken_configuration_exits_2(project):
    (project / ".csorg.yaml").write_text("rules:\n  span-of-control: sometimes\n")
    result = run("diff", "old.yaml", "new.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("csorg: error: .csorg.yaml:2:")


def test_plan_honours_the_configured_benchmarks_and_rules(project):
    def needed(*args: str) -> int:
        result = run("plan", "old.yaml", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["segments"][0]["seats_needed"]["now"]

    packaged = needed()
    (project / ".csorg.yaml").write_text(NAMED_1_TO_5)
    assert needed() == 20 != packaged
    assert needed("--no-config") == packaged
    (project / "strict.yaml").write_text("rules:\n  span-of-control: error\n")
    # An org with errors is not planned: the configured severity makes the span an error.
    (project / "new.yaml").write_text(NEW)
    result = run("plan", "new.yaml", "--config", "strict.yaml")
    assert result.exit_code == 1
    assert "span-of-control" in result.stderr


def test_report_honours_the_configuration(project):
    (project / ".csorg.yaml").write_text(SPAN_OFF + NAMED_1_TO_5)
    data = json.loads(run("report", "new.yaml", "--format", "json").stdout)
    assert data["coverage"][0]["seats_needed"] == 20
    assert data["diagnostics"]["warning"] == 0
    data = json.loads(run("report", "new.yaml", "--format", "json", "--no-config").stdout)
    assert data["coverage"][0]["seats_needed"] != 20
    assert data["diagnostics"]["warning"] == 1


def test_render_honours_the_configuration(project):
    (project / "strict.yaml").write_text("rules:\n  span-of-control: error\n")
    # span-of-control made an error: the chart is drawn, the error reported, exit 1.
    result = run("render", "new.yaml", "--format", "tree", "--config", "strict.yaml")
    assert result.exit_code == 1
    assert "span-of-control" in result.stderr
    result = run("render", "new.yaml", "--format", "tree", env={"CSORG_CONFIG": "strict.yaml"})
    assert result.exit_code == 1
    assert run("render", "new.yaml", "--format", "tree").exit_code == 0
    (project / ".csorg.yaml").write_text(NAMED_1_TO_5)
    dot = run("render", "old.yaml", "--format", "dot", "--annotate", "coverage").stdout
    assert "1:5" in dot


def test_rules_explain_shows_the_benchmarks_in_force(project):
    packaged = run("rules", "explain", "span-of-control").stdout
    assert "Benchmarks behind the defaults:" in packaged
    assert "source: configuration" not in packaged
    (project / ".csorg.yaml").write_text(FRONT_LINE_2_TO_4)
    configured = run("rules", "explain", "span-of-control").stdout
    assert "Benchmarks in force in .csorg.yaml:" in configured
    assert "  span.front_line: 3 (band 2-4)\n      source: configuration (undated)" in configured
    assert "front_line (band {min, max}), value: benchmark span.front_line: 3 (band 2-4)" in (
        configured
    )
    data = json.loads(run("rules", "explain", "span-of-control", "--format", "json").stdout)
    assert (data["config"], data["severity"]) == (".csorg.yaml", "warning")
    front = next(b for b in data["benchmarks"] if b["key"] == "span.front_line")
    assert (front["value"], front["min"], front["max"], front["source"]) == (
        3,
        2,
        4,
        "configuration",
    )
    no_config = run("rules", "explain", "span-of-control", "--no-config").stdout
    assert "source: configuration" not in no_config
    (project / "off.yaml").write_text(SPAN_OFF)
    data = json.loads(
        run("rules", "explain", "span-of-control", "-f", "json", "-c", "off.yaml").stdout
    )
    assert (data["config"], data["severity"]) == ("off.yaml", "off")


def test_load_checked_carries_what_commands_need(project):
    (project / "c.yaml").write_text(NAMED_1_TO_5 + SPAN_OFF)
    settings = CheckSettings.resolve("c.yaml")
    org = load_checked("new.yaml", settings)
    assert org.file == "new.yaml"
    assert org.loaded.files[0].lines[0] == "csorg: 1"
    assert org.tree is not None and org.org is not None
    assert org.benchmarks.get("coverage.named.default_ratio").value == 5
    assert org.metrics.coverage["ent"].seats_needed == 20
    assert [d.rule for d in org.diagnostics] == []
    assert settings.benchmarks is settings.config.benchmarks


def test_load_checked_takes_an_in_memory_document_with_includes(project):
    (project / "teams").mkdir()
    (project / "teams" / "ent.yaml").write_text(
        "roles:\n  csm2: {title: Customer Success Manager, reports_to: lead, segment: ent}\n"
    )
    text = OLD + "include: [teams/ent.yaml]\n  # not yaml: \n"
    org = load_checked("built.yaml", text=text.replace("  # not yaml: \n", ""))
    assert org.file == "built.yaml"
    assert not (project / "built.yaml").exists()
    assert org.org is not None and "csm2" in org.org.roles
    assert [d.rule for d in org.diagnostics] == []
    broken = load_checked("built.yaml", text="csorg: 1\nroles: [\n")
    assert [(d.rule, d.file) for d in broken.diagnostics] == [("yaml-syntax", "built.yaml")]


def test_load_checked_applies_the_baseline(project):
    assert run("validate", "new.yaml", "--baseline", "b.json", "--update-baseline").exit_code == 0
    plain = load_checked("new.yaml", CheckSettings.resolve(no_config=True))
    assert [d.rule for d in plain.diagnostics] == ["span-of-control"]
    settings = CheckSettings.resolve(no_config=True, baseline_file="b.json")
    baselined = load_checked("new.yaml", settings)
    assert baselined.diagnostics == []
    assert [d.rule for d in baselined.suppressed] == ["span-of-control"]


def test_settings_resolve_in_the_documented_order(project):
    (project / ".csorg.yaml").write_text(SPAN_OFF)
    (project / "env.yaml").write_text(NAMED_1_TO_5)
    assert CheckSettings.resolve().config.source == ".csorg.yaml"
    assert CheckSettings.resolve(environ={"CSORG_CONFIG": "env.yaml"}).config.source == "env.yaml"
    explicit = CheckSettings.resolve("env.yaml", environ={"CSORG_CONFIG": "nope.yaml"})
    assert explicit.config.source == "env.yaml"
    assert CheckSettings.resolve("env.yaml", no_config=True).config.source is None
    assert load_config(None).source is None


def test_validate_core_runs_without_a_cli(project, capsys):
    """The command's core takes a plain options object and returns the exit status."""
    from csorg_cli.commands import UsageError
    from csorg_cli.commands.validate import ValidateOptions, validate
    from csorg_cli.diagnostics import Severity

    assert validate(ValidateOptions(files=["old.yaml"], output_format="json")) == 0
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []
    assert validate(ValidateOptions(files=["new.yaml"], fail_on=Severity.WARNING)) == 1
    assert "span-of-control" in capsys.readouterr().out
    (project / "quiet.yaml").write_text(SPAN_OFF)
    options = ValidateOptions(
        files=["new.yaml"], fail_on=Severity.WARNING, config_file="quiet.yaml"
    )
    assert validate(options) == 0
    assert validate(ValidateOptions(files=["missing.yaml"])) == 2
    with pytest.raises(UsageError, match="--format takes one of text, "):
        validate(ValidateOptions(files=["old.yaml"], output_format="xml"))
    with pytest.raises(UsageError, match=r"refusing|input"):
        validate(ValidateOptions(files=["old.yaml"], outputs=[("json", "old.yaml")]))
