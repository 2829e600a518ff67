"""`csorg validate` in CI: outputs, GitHub auto-switch, thresholds, pre-commit and the Action."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from typer.testing import CliRunner

from csorg_cli.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
ORG = """\
csorg: 1
organization: {name: Acme}
roles:
  vp: {title: VP Customer Success}
  b: {title: CSM}
"""
CONFIG = "extends: minimal\nrules:\n  multiple-roots: warning\n"
BROKEN = ORG + "  c: {title: CSM, reports_to: nobody}\n"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, ["validate", *args], env=env)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("CSORG_CONFIG", raising=False)
    (tmp_path / ".csorg.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def test_several_outputs_at_once(repo):
    (repo / "out").mkdir()
    result = run(
        "org.yaml",
        "broken.yaml",
        "--format",
        "json",
        "--output",
        "sarif=out/c.sarif",
        "--output",
        "junit=c.xml",
        "--output",
        "markdown=c.md",
        "--output",
        "github=c.txt",
    )
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["summary"] == {"error": 1, "warning": 2, "info": 0}
    sarif = json.loads((repo / "out" / "c.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == 3
    assert ET.parse(repo / "c.xml").getroot().get("failures") == "1"
    assert (repo / "c.md").read_text().startswith("### ❌ csorg: 3 problems in 2 files")
    assert (repo / "c.txt").read_text().count("::") == 6
    assert not list(repo.glob("**/.*.tmp"))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sarif", "--output takes FORMAT=PATH (e.g. sarif=csorg.sarif), not 'sarif'"),
        (
            "xml=a.xml",
            "--output: unknown format 'xml' (one of text, github, json, junit, markdown, sarif)",
        ),
        ("json=org.yaml", "org.yaml: refusing to overwrite an input file"),
        ("json=nodir/a.json", "nodir/a.json: directory nodir does not exist"),
    ],
)
def test_bad_outputs_exit_2(repo, value, message):
    result = run("org.yaml", "--output", value)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"csorg: error: {message}"
    assert (repo / "org.yaml").read_text() == ORG


def test_github_actions_switches_text_to_annotations(repo):
    env = {"GITHUB_ACTIONS": "true"}
    auto = run("broken.yaml", env=env)
    assert auto.stdout.splitlines()[0] == (
        "::warning file=broken.yaml,line=5,col=3,title=multiple-roots::role 'b' has no "
        "reports_to, like 'vp': the org has 2 roots%0Ahint: add reports_to (perhaps "
        "`reports_to: vp`), or keep separate orgs in separate files"
    )
    explicit = run("broken.yaml", "--format", "text", env=env)
    assert explicit.stdout.startswith("broken.yaml:5:3: warning [multiple-roots]")
    assert run("broken.yaml", env={"GITHUB_ACTIONS": "false"}).stdout.startswith("broken.yaml:")


def test_fail_on_and_max_warnings(repo):
    assert run("org.yaml").exit_code == 0
    assert run("org.yaml", "--fail-on", "warning").exit_code == 1
    assert run("org.yaml", "--max-warnings", "1").exit_code == 0
    over = run("org.yaml", "--max-warnings", "0")
    assert over.exit_code == 1
    assert over.stderr.strip() == "csorg: 1 warning(s), more than --max-warnings 0"
    assert run("org.yaml", "--max-warnings", "-1").exit_code == 2


def test_statistics_go_to_stderr_for_machine_formats(repo):
    result = run("org.yaml", "broken.yaml", "--format", "json", "--statistics")
    json.loads(result.stdout)
    assert result.stderr.splitlines()[:3] == [
        "statistics:",
        "       2  warning  multiple-roots",
        "       1  error    unknown-manager",
    ]
    text = run("org.yaml", "broken.yaml", "--statistics").stdout
    assert "statistics:" in text and "2  warning  multiple-roots" in text


# -- pre-commit


def test_pre_commit_hook_definition():
    """Every changed YAML file reaches `csorg validate --changed`, which maps it to its orgs (the
    org-file names are tested in test_changes.py): a pattern could not know which team files an
    org includes."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "csorg-validate")
    assert hook["entry"] == "csorg validate --changed"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert hook["types_or"] == ["yaml"]
    assert "files" not in hook


def _tool(name: str) -> str:
    """The console script installed next to the running interpreter."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def test_pre_commit_hook_entry_runs_on_a_repository_file(repo):
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    command = shlex.split(hook["entry"]) + list(hook.get("args", []))
    command[0] = _tool(command[0])
    clean = subprocess.run([*command, "org.yaml"], capture_output=True, text=True, cwd=repo)
    assert clean.returncode == 0, clean.stderr
    broken = subprocess.run(
        [*command, "org.yaml", "broken.yaml"], capture_output=True, text=True, cwd=repo
    )
    assert broken.returncode == 1
    assert "broken.yaml:6:31: error [unknown-manager]" in broken.stdout
    assert "\x1b[" not in broken.stdout
