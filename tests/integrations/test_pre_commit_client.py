"""The pre-commit hook through pre-commit itself (`pre-commit try-repo`), on a temporary repository
where a commit changes only team files: the orgs that include them must be checked.

pre-commit builds the hook's environment from a copy of this repository (pip install, as a user's
pre-commit does from GitHub), which takes tens of seconds: one run answers every test here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ORG = """\
csorg: 1
organization: {name: Acme}
include: [teams/*.yaml]
roles:
  lead-smb: {title: Head of SMB Customer Success, kpis: [net-revenue-retention]}
"""
TEAM = "roles:\n  csm-smb: {title: Customer Success Manager, reports_to: lead-smb}\n"
POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: []\n"
CONFIG = "extends: minimal\n"
GIT_USER = ["-c", "user.name=csorg tests", "-c", "user.email=tests@example.com"]


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *GIT_USER, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _hook_repository(target: Path) -> str:
    """A git repository holding what `pip install` and pre-commit need from this one; its commit."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "src" / "csorg_cli",
        target / "src" / "csorg_cli",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "csorg")
    return _git(target, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def hook_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """One commit that changes only team files, the configuration and a Kubernetes manifest:
    org.yaml + teams/smb.yaml at the top, orgs/acme.yaml + orgs/teams/ent.yaml under orgs/."""
    base = tmp_path_factory.mktemp("pre-commit")
    ref = _hook_repository(base / "hook")
    repo = base / "repo"
    (repo / "teams").mkdir(parents=True)
    (repo / "orgs" / "teams").mkdir(parents=True)
    (repo / "deploy").mkdir()
    (repo / "org.yaml").write_text(ORG, encoding="utf-8")
    (repo / "teams" / "smb.yaml").write_text(TEAM, encoding="utf-8")
    (repo / "orgs" / "acme.yaml").write_text(ORG, encoding="utf-8")
    (repo / "orgs" / "teams" / "ent.yaml").write_text(TEAM, encoding="utf-8")
    (repo / "deploy" / "pod.yaml").write_text(POD, encoding="utf-8")
    (repo / ".csorg.yaml").write_text(CONFIG, encoding="utf-8")
    (repo / "orgs" / ".csorg.yaml").write_text(CONFIG, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "org")
    # The commit under test: a typo in each team's manager, and edits to files that are no org.
    for team in (repo / "teams" / "smb.yaml", repo / "orgs" / "teams" / "ent.yaml"):
        team.write_text(TEAM.replace("lead-smb}", "lead-smbx}"), encoding="utf-8")
    (repo / "deploy" / "pod.yaml").write_text(POD + "# edited\n", encoding="utf-8")
    (repo / "orgs" / ".csorg.yaml").write_text(CONFIG + "# edited\n", encoding="utf-8")
    _git(repo, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(base / "pre-commit-home"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "pre-commit"),
            "try-repo",
            str(base / "hook"),
            "csorg-validate",
            "--ref",
            ref,
            "--color",
            "never",
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_a_commit_that_breaks_a_team_file_fails(hook_run):
    assert hook_run.returncode == 1, hook_run.stdout + hook_run.stderr
    assert "csorg validate" in hook_run.stdout and "Failed" in hook_run.stdout
    assert "teams/smb.yaml:2:58: error [unknown-manager]" in hook_run.stdout


def test_a_team_file_under_orgs_is_checked_as_part_of_its_org(hook_run):
    assert "orgs/teams/ent.yaml:2:58: error [unknown-manager]" in hook_run.stdout


def test_configuration_and_manifests_are_not_checked_as_orgs(hook_run):
    assert "pod.yaml" not in hook_run.stdout
    assert ".csorg.yaml" not in hook_run.stdout
    assert "[schema]" not in hook_run.stdout
    assert "2 errors" in hook_run.stdout
