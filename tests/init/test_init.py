"""`csorg init`: every template writes a repo that validates; nothing is ever overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app
from csorg_cli.project import RELEASE_REV, REPOSITORY, pip_requirement
from csorg_cli.templates import COMMON_FILES, templates

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["startup", "segmented", "strategic-scaled", "digital-led"]
EXPECTED_FILES = ["org.yaml", "csorg.schema.json", *COMMON_FILES]


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_list_shows_one_line_per_template():
    result = run("init", "--list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == NAMES
    assert all(len(line.split(None, 1)[1]) > 20 for line in lines)


@pytest.mark.parametrize("name", NAMES)
def test_template_writes_a_repo_that_validates(name, tmp_path):
    target = tmp_path / "repo"
    result = run("init", "--template", name, str(target))
    assert result.exit_code == 0, result.output
    for relative in EXPECTED_FILES:
        assert (target / relative).is_file(), relative
    checked = check_file(target / "org.yaml")
    assert not checked.has_errors(), checked.diagnostics
    assert run("validate", str(target / "org.yaml")).exit_code == 0
    assert yaml.safe_load((target / ".csorg.yaml").read_text()) == {"extends": "recommended"}
    hooks = yaml.safe_load((target / ".pre-commit-config.yaml").read_text())
    # csorg is on no package index: pre-commit installs it from its repository, at this version.
    assert hooks["repos"] == [
        {"repo": REPOSITORY, "rev": RELEASE_REV, "hooks": [{"id": "csorg-validate"}]}
    ]
    workflow = yaml.safe_load((target / ".github/workflows/csorg.yml").read_text())
    commands = [step.get("run", "") for step in workflow["jobs"]["org"]["steps"]]
    assert any(f'pip install "{pip_requirement()}"' in c for c in commands)
    assert "csorg validate org.yaml" in commands
    assert any(c.startswith("csorg render org.yaml") for c in commands)


@pytest.mark.parametrize("name", NAMES)
def test_template_is_the_example(name):
    """Each template's org is its example; only the schema modeline points beside the file."""
    template = (ROOT / "src/csorg_cli/templates" / name / "org.yaml").read_text()
    example = (ROOT / "examples" / f"{name}.yaml").read_text()
    assert template.splitlines()[0] == "# yaml-language-server: $schema=csorg.schema.json"
    assert template.splitlines()[1:] == example.splitlines()[1:], (
        f"templates/{name}/org.yaml drifted from examples/{name}.yaml: copy the example over it"
    )


def test_every_template_is_listed():
    folders = sorted(
        p.name for p in (ROOT / "src/csorg_cli/templates").iterdir() if (p / "org.yaml").is_file()
    )
    assert sorted(t.name for t in templates()) == folders == sorted(NAMES)


def test_never_overwrites_and_writes_nothing_on_conflict(tmp_path):
    (tmp_path / ".csorg.yaml").write_text("extends: strict\n")
    (tmp_path / "org.yaml").write_text("mine\n")
    result = run("init", "--template", "startup", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "org.yaml" in result.stderr and ".csorg.yaml" in result.stderr
    assert (tmp_path / "org.yaml").read_text() == "mine\n"
    assert (tmp_path / ".csorg.yaml").read_text() == "extends: strict\n"
    assert not (tmp_path / ".pre-commit-config.yaml").exists()
    assert not (tmp_path / ".github").exists()


def test_into_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "-t", "digital-led")
    assert result.exit_code == 0
    assert (tmp_path / "org.yaml").is_file()


@pytest.mark.parametrize(
    "args, message",
    [
        (["init"], "choose a template with --template NAME"),
        (["init", "--template", "startp"], "unknown template 'startp'"),
    ],
)
def test_usage_errors(args, message, tmp_path):
    result = run(*args, str(tmp_path))
    assert result.exit_code == 2
    assert message in result.stderr


def test_target_that_is_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    result = run("init", "-t", "startup", str(tmp_path / "file"))
    assert result.exit_code == 2
    assert "is not a directory" in result.stderr
