"""`csorg validate` as a user runs it: exit status, output formats, many files, options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli import __version__
from csorg_cli.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
# A healthy org (clean under the default rules), and the same org with one role added whose
# manager does not exist, on the last line.
CLEAN = (ROOT / "examples" / "startup.yaml").read_text(encoding="utf-8")
BROKEN = CLEAN + "  csm: {title: CSM, reports_to: nobody}\n"
BROKEN_LINE = len(BROKEN.splitlines())
WARNING_ONLY = (
    "csorg: 1\norganization: {name: Acme}\nroles:\n"
    "  vp: {title: VP Customer Success, dotted_to: [cro]}\n"
)


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    return CliRunner().invoke(app, list(args), env=env, input=input)


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.yaml").write_text(CLEAN)
    (tmp_path / "broken.yaml").write_text(BROKEN)
    (tmp_path / "warn.yaml").write_text(WARNING_ONLY)
    return tmp_path


def test_clean_file_exits_0(files):
    result = run("validate", "clean.yaml")
    assert result.exit_code == 0
    assert "no problems in 1 file" in result.stdout


def test_problem_exits_1_with_location_source_line_and_hint(files):
    result = run("validate", "broken.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"broken.yaml:{BROKEN_LINE}:33: error [unknown-manager] role 'csm' "
        f"reports to 'nobody', which is not a role in this org"
    )
    assert lines[1] == f"{BROKEN_LINE:>5} |   csm: {{title: CSM, reports_to: nobody}}"
    assert lines[2] == "      |                                 ^"
    assert "hint:" in lines[3]


def test_json_is_exactly_one_document_of_the_contract(files):
    result = run("validate", "clean.yaml", "broken.yaml", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert set(document) == {"version", "files", "diagnostics", "summary"}
    assert document["version"] == 1
    assert document["files"] == ["clean.yaml", "broken.yaml"]
    assert document["summary"] == {"error": 1, "warning": 0, "info": 0}
    diagnostic = document["diagnostics"][0]
    assert {k: diagnostic[k] for k in ("rule", "severity", "file", "line", "column", "path")} == {
        "rule": "unknown-manager",
        "severity": "error",
        "file": "broken.yaml",
        "line": BROKEN_LINE,
        "column": 33,
        "path": "roles.csm.reports_to",
    }


def test_one_broken_file_does_not_hide_the_others(files):
    (files / "syntax.yaml").write_text("roles: [\n")
    result = run("validate", "syntax.yaml", "broken.yaml", "--format", "json")
    rules = {(d["file"], d["rule"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("syntax.yaml", "yaml-syntax") in rules
    assert ("broken.yaml", "unknown-manager") in rules


def test_missing_file_exits_2_after_checking_the_rest(files):
    result = run("validate", "broken.yaml", "nope.yaml", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["summary"]["error"] == 1
    assert "csorg: error: nope.yaml: no such file" in result.stderr


def test_fail_on_warning(files):
    assert run("validate", "warn.yaml").exit_code == 0
    assert run("validate", "warn.yaml", "--fail-on", "warning").exit_code == 1
    assert run("validate", "warn.yaml", "--fail-on", "nonsense").exit_code == 2


def test_quiet_prints_only_failing_diagnostics_and_no_summary(files):
    result = run("validate", "warn.yaml", "broken.yaml", "--quiet")
    assert result.exit_code == 1
    assert "unknown-manager" in result.stdout
    assert "unknown-dotted-manager" not in result.stdout
    assert "problem" not in result.stdout
    assert run("validate", "clean.yaml", "-q").stdout == ""


def test_unknown_format_is_a_usage_error(files):
    result = run("validate", "clean.yaml", "--format", "yaml")
    assert result.exit_code == 2
    assert "--format" in result.stderr


def test_version_and_help():
    assert run("--version").stdout.strip() == f"csorg {__version__}"
    help_text = run("validate", "--help").stdout
    assert "Examples" in help_text and "csorg validate org.yaml" in help_text


def test_stdin(files):
    result = run("validate", "-", "--format", "json", input=BROKEN)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["diagnostics"][0]["file"] == "<stdin>"


def test_directory_argument_checks_its_yaml_files(files):
    result = run("validate", ".", "--format", "json")
    assert set(json.loads(result.stdout)["files"]) == {"broken.yaml", "clean.yaml", "warn.yaml"}


def _subprocess(*args: str, env_extra: dict[str, str] | None = None, cwd: Path = ROOT):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "csorg_cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_color_is_forced_on_and_no_color_wins(files):
    forced = _subprocess("validate", "broken.yaml", env_extra={"FORCE_COLOR": "1"}, cwd=files)
    assert "\x1b[" in forced.stdout
    plain = _subprocess(
        "validate", "broken.yaml", env_extra={"FORCE_COLOR": "", "NO_COLOR": "1"}, cwd=files
    )
    assert "\x1b[" not in plain.stdout
    assert plain.returncode == 1


def test_module_entry_point_and_yaml_test_suite_corpus():
    """Every file of the YAML test suite, in one call: a diagnostic each, exit 1, no traceback."""
    suite = ROOT / "tests" / "corpora" / "yaml-test-suite"  # vendored: runs everywhere
    inputs = sorted(str(p) for p in suite.rglob("in.yaml"))
    assert len(inputs) > 300
    result = _subprocess("validate", "--format", "json", *inputs)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    assert {d["file"] for d in document["diagnostics"]} == set(inputs)
