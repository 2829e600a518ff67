"""Installing csorg from its repository: one address, used by every generated config and doc,
and configs that pre-commit itself accepts."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.project import RELEASE_REV, REPOSITORY, pip_requirement

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = str(Path(sys.executable).parent / "pre-commit")


def test_package_metadata_names_the_repository_and_the_licence():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["urls"]["Repository"] == REPOSITORY
    assert all(url.startswith(REPOSITORY) for url in project["urls"].values())
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    installed = metadata.metadata("csorg")
    assert f"Repository, {REPOSITORY}" in (installed.get_all("Project-URL") or [])


def test_pip_requirement():
    assert pip_requirement() == f"csorg @ git+{REPOSITORY}@{RELEASE_REV}"
    assert pip_requirement("0.2.0") == f"csorg @ git+{REPOSITORY}@v0.2.0"
    assert pip_requirement("main") == f"csorg @ git+{REPOSITORY}@main"


@pytest.mark.parametrize("doc", ["README.md", "docs/ci.md", "action.yml"])
def test_docs_never_install_from_an_index(doc):
    text = (ROOT / doc).read_text()
    assert not re.search(r"pip install (-U )?csorg\b(?!_)", text), doc
    assert "additional_dependencies: [csorg]" not in text
    assert "csorg==" not in text
    for url in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text):
        if "csorg" in url:
            assert url == REPOSITORY or url.startswith(REPOSITORY + "/"), url


def test_pre_commit_accepts_the_hook_manifest_and_the_generated_config(tmp_path):
    """pre-commit's own validators: the manifest users' configs point at, and `csorg init`'s."""
    manifest = subprocess.run(
        [PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    assert CliRunner().invoke(app, ["init", "--template", "startup", str(tmp_path)]).exit_code == 0
    config = subprocess.run(
        [PRE_COMMIT, "validate-config", str(tmp_path / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
    )
    assert config.returncode == 0, config.stdout + config.stderr
