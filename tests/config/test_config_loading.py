"""`.csorg.yaml`: presets, rule severities and options, overrides, benchmarks, and mistakes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.config import ConfigError, find_config, load_config, load_preset, resolve_config_path
from csorg_cli.diagnostics import Severity

ORG = """\
csorg: 1
organization: {name: Acme}
roles:
  vp: {title: VP Customer Success, kpis: [nrr]}
  ops: {title: Ops, reports_to: vp}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, short_title) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSORG_CONFIG", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    write(tmp_path / "org.yaml", ORG)
    return tmp_path


def short_titles(result) -> list[tuple[str, str, int, int]]:
    """(severity, file, line, column) of each short-title diagnostic in a JSON run."""
    import json

    document = json.loads(result.stdout)
    return [
        (d["severity"], d["file"], d["line"], d["column"])
        for d in document["diagnostics"]
        if d["rule"] == "short-title"
    ]


# -- defaults and presets


def test_without_a_config_rules_run_at_their_default_severity(project):
    result = run("validate", "org.yaml", "--format", "json")
    assert short_titles(result) == [("warning", "org.yaml", 5, 16)]
    assert result.exit_code == 0


def test_recommended_is_the_defaults(short_title):
    assert load_preset("recommended").severity("short-title") is Severity.WARNING
    assert load_preset("recommended").severity("unknown-manager") is Severity.ERROR


def test_strict_raises_warnings_to_errors_and_info_to_warning(project):
    write(project / ".csorg.yaml", "extends: strict\n")
    result = run("validate", "org.yaml", "--format", "json")
    assert short_titles(result) == [("error", "org.yaml", 5, 16)]
    assert result.exit_code == 1
    strict = load_preset("strict")
    for name, setting in strict.settings.items():
        default = load_preset("recommended").severity(name)
        expected = {
            Severity.INFO: Severity.WARNING,
            Severity.WARNING: Severity.ERROR,
            Severity.ERROR: Severity.ERROR,
            None: None,
        }[default]
        assert setting.severity is expected, name


def test_minimal_keeps_only_integrity_checks(project):
    write(project / ".csorg.yaml", "extends: minimal\n")
    write(project / "org.yaml", ORG + "  csm: {title: CSM, reports_to: nobody}\n")
    result = run("validate", "org.yaml", "--format", "json")
    import json

    rules = {d["rule"] for d in json.loads(result.stdout)["diagnostics"]}
    assert rules == {"unknown-manager"}
    minimal = load_preset("minimal")
    from csorg_cli.rules import RULES

    for name, spec in RULES.items():
        assert (minimal.severity(name) is not None) == (spec.category == "integrity"), name


# -- rules: severity and options


def test_rule_severity_string(project):
    write(project / ".csorg.yaml", "rules:\n  short-title: error\n")
    result = run("validate", "org.yaml", "--format", "json")
    assert short_titles(result) == [("error", "org.yaml", 5, 16)]
    assert result.exit_code == 1


def test_rule_off(project):
    write(project / ".csorg.yaml", "extends: strict\nrules:\n  short-title: off\n")
    assert short_titles(run("validate", "org.yaml", "--format", "json")) == []


def test_rule_options_change_what_the_rule_finds(project):
    write(
        project / ".csorg.yaml",
        """
        rules:
          short-title:
            severity: info
            options: {min_length: 2, label: heading}
    """,
    )
    assert short_titles(run("validate", "org.yaml", "--format", "json")) == []
    write(
        project / ".csorg.yaml",
        """
        rules:
          short-title: {severity: info, options: {min_length: 30, label: heading}}
    """,
    )
    result = run("validate", "org.yaml", "--format", "json")
    assert short_titles(result) == [("info", "org.yaml", 4, 15), ("info", "org.yaml", 5, 16)]
    assert "heading 'Ops' is short" in result.stdout


def test_options_merge_through_extends(project):
    write(project / "base.yaml", "rules:\n  short-title: {options: {label: heading}}\n")
    write(
        project / ".csorg.yaml",
        """
        extends: ./base.yaml
        rules:
          short-title: {options: {min_length: 30}}
    """,
    )
    config = load_config(project / ".csorg.yaml")
    from csorg_cli.rules import RULES

    options = config.options(RULES["short-title"])
    assert (options.min_length, options.label) == (30, "heading")


# -- overrides


def test_overrides_apply_by_glob_to_the_files_they_name(project):
    write(project / "legacy" / "old.yaml", ORG)
    write(project / "teams" / "new.yaml", ORG)
    write(
        project / ".csorg.yaml",
        """
        rules:
          short-title: error
        overrides:
          - files: ["legacy/*.yaml"]
            rules:
              short-title: off
          - files: "new.yaml"
            rules:
              short-title: {severity: info}
    """,
    )
    result = run("validate", "org.yaml", "legacy/old.yaml", "teams/new.yaml", "--format", "json")
    assert short_titles(result) == [("error", "org.yaml", 5, 16), ("info", "teams/new.yaml", 5, 16)]


def test_overrides_with_options_and_double_star(project):
    write(project / "a" / "b" / "deep.yaml", ORG)
    write(
        project / ".csorg.yaml",
        """
        overrides:
          - files: ["a/**/*.yaml"]
            rules:
              short-title: {options: {min_length: 30}}
    """,
    )
    result = run("validate", "org.yaml", "a/b/deep.yaml", "--format", "json")
    assert short_titles(result) == [
        ("warning", "a/b/deep.yaml", 4, 15),
        ("warning", "a/b/deep.yaml", 5, 16),
        ("warning", "org.yaml", 5, 16),
    ]


def test_override_reaches_diagnostics_in_an_included_file(project):
    write(project / "org.yaml", ORG + "include: [teams/*.yaml]\n")
    write(
        project / "teams" / "emea.yaml",
        """
        roles:
          csm: {title: Customer Success Manager, reports_to: nobody}
    """,
    )
    write(
        project / ".csorg.yaml",
        """
        overrides:
          - files: ["teams/*.yaml"]
            rules: {unknown-manager: warning}
    """,
    )
    import json

    result = run("validate", "org.yaml", "--format", "json")
    found = [
        (d["rule"], d["severity"], d["file"], d["line"])
        for d in json.loads(result.stdout)["diagnostics"]
        if d["rule"] == "unknown-manager"
    ]
    assert found == [("unknown-manager", "warning", "teams/emea.yaml", 2)]
    assert result.exit_code == 0


def test_override_globs_are_relative_to_the_config_file(project, monkeypatch):
    write(project / "sub" / "org.yaml", ORG)
    write(
        project / ".csorg.yaml",
        """
        overrides:
          - files: ["sub/org.yaml"]
            rules: {short-title: off}
    """,
    )
    monkeypatch.chdir(project / "sub")
    assert short_titles(run("validate", "org.yaml", "--format", "json")) == []


# -- benchmarks


def test_benchmark_overrides_reach_the_rules(project):
    write(
        project / ".csorg.yaml",
        """
        benchmarks:
          coverage.named.accounts_per_seat: {max: 40}
    """,
    )
    result = run("validate", "org.yaml", "--format", "json")
    assert "(named max 40)" in result.stdout
    config = load_config(project / ".csorg.yaml")
    benchmark = config.benchmarks.get("coverage.named.accounts_per_seat")
    assert (benchmark.min, benchmark.max, benchmark.source) == (5, 40, "configuration")


def test_benchmark_overrides_merge_field_by_field_through_extends(project):
    write(project / "base.yaml", "benchmarks:\n  coverage.named.accounts_per_seat: {min: 3}\n")
    write(
        project / ".csorg.yaml",
        """
        extends: base.yaml
        benchmarks:
          coverage.named.accounts_per_seat: {max: 40}
    """,
    )
    benchmark = load_config(project / ".csorg.yaml").benchmarks.get(
        "coverage.named.accounts_per_seat"
    )
    assert (benchmark.min, benchmark.max) == (3, 40)


# -- finding the configuration


def test_found_from_a_parent_directory(project, monkeypatch):
    write(project / ".csorg.yaml", "rules: {short-title: error}\n")
    (project / "deep" / "er").mkdir(parents=True)
    assert find_config(project / "deep" / "er") == (project / ".csorg.yaml").resolve()
    monkeypatch.chdir(project / "deep" / "er")
    result = run("validate", "../../org.yaml", "--format", "json")
    assert short_titles(result) == [("error", "../../org.yaml", 5, 16)]


def test_env_and_explicit_config_and_no_config(project):
    write(project / ".csorg.yaml", "rules: {short-title: error}\n")
    write(project / "info.yaml", "rules: {short-title: info}\n")
    write(project / "off.yaml", "rules: {short-title: 'off'}\n")
    env = {"CSORG_CONFIG": "info.yaml"}
    assert short_titles(run("validate", "org.yaml", "-f", "json", env=env))[0][0] == "info"
    assert (
        short_titles(run("validate", "org.yaml", "-f", "json", "--config", "off.yaml", env=env))
        == []
    )
    assert short_titles(run("validate", "org.yaml", "-f", "json", "--no-config"))[0][0] == "warning"
    assert resolve_config_path("info.yaml") == Path("info.yaml")


# -- mistakes: exit 2 with the line and column


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "rules:\n  short-titel: error\n",
            ".csorg.yaml:2:3: unknown rule 'short-titel'; did you mean 'short-title'? "
            "(csorg rules lists them)",
        ),
        (
            "rules:\n  short-title: eror\n",
            ".csorg.yaml:2:16: 'eror' is not a severity; did you mean 'error'? "
            "(off, info, warning, error)",
        ),
        (
            "rules:\n  short-title:\n    options:\n      min_length: 0\n",
            ".csorg.yaml:4:19: rule short-title: option min_length: "
            "Input should be greater than or equal to 1",
        ),
        (
            "rules:\n  short-title:\n    options: {min_lenght: 3}\n",
            ".csorg.yaml:3:15: rule short-title: unknown option 'min_lenght'; did you mean "
            "'min_length'? (options: label, min_length)",
        ),
        (
            "rules:\n  short-title: {severity: error, option: {}}\n",
            ".csorg.yaml:2:34: rule short-title: unknown key 'option'; did you mean 'options'? "
            "(a rule takes severity and options)",
        ),
        (
            "extends: stric\n",
            ".csorg.yaml:1:10: unknown preset 'stric'; did you mean 'strict'? (presets: recommended, "
            "strict, minimal; a file path needs a / or a .yaml suffix)",
        ),
        (
            "extends: [recommended, ./nope.yaml]\n",
            ".csorg.yaml:1:24: extends: ./nope.yaml: no such file (relative to .)",
        ),
        (
            "rule:\n  short-title: error\n",
            ".csorg.yaml:1:1: unknown key 'rule'; did you mean 'rules'? (a configuration has "
            "extends, rules, categories, overrides, benchmarks, archetypes)",
        ),
        ("rules: {short-title: error\n", ".csorg.yaml:2:1: "),
        ("rules:\n  short-title: error\n  short-title: info\n", ".csorg.yaml:3:3: "),
        (
            "overrides:\n  - rules: {short-title: 'off'}\n",
            ".csorg.yaml:2:5: an override needs files: [globs]",
        ),
        (
            "benchmarks:\n  coverage.named.accounts_per_seet: {max: 3}\n",
            ".csorg.yaml:2:3: unknown benchmark 'coverage.named.accounts_per_seet'; did you mean "
            "'coverage.named.accounts_per_seat'?",
        ),
        (
            "benchmarks:\n  coverage.named.accounts_per_seat: {min: 50, max: 3}\n",
            ".csorg.yaml:2:37: benchmark 'coverage.named.accounts_per_seat': min 50 is greater "
            "than max 3",
        ),
        ("categories:\n  structur: 'off'\n", ".csorg.yaml:2:3: unknown category 'structur'"),
        ("- just a list\n", ".csorg.yaml:1:1: a configuration file is a mapping"),
        (
            "rules:\n  yaml-syntax: 'off'\n",
            ".csorg.yaml:2:16: rule yaml-syntax is always an error and cannot be set to off: "
            "a file that cannot be read cannot be checked (remove this setting)",
        ),
        (
            "overrides:\n  - files: [teams/*.yaml]\n    rules: {encoding: {severity: warning}}\n",
            ".csorg.yaml:3:34: rule encoding is always an error and cannot be set to warning",
        ),
    ],
)
def test_invalid_config_exits_2_with_file_line_column(project, text, message):
    (project / ".csorg.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "org.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert "\n" not in line
    assert line.startswith(f"csorg: error: {message}")


def test_extends_cycle_is_an_error(project):
    write(project / "a.yaml", "extends: ./b.yaml\n")
    write(project / "b.yaml", "extends: ./a.yaml\n")
    with pytest.raises(ConfigError) as raised:
        load_config(project / "a.yaml")
    assert str(raised.value) == (
        "b.yaml:1:10: extends: ./a.yaml is already being read "
        "(a configuration cannot extend itself)"
    )


def test_missing_config_named_explicitly_exits_2(project):
    result = run("validate", "org.yaml", "--config", "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "csorg: error: nope.yaml:1:1: configuration file not found (from --config)"
    )


def test_an_empty_config_is_the_defaults(project):
    write(project / ".csorg.yaml", "# nothing configured yet\n")
    assert short_titles(run("validate", "org.yaml", "-f", "json"))[0][0] == "warning"
