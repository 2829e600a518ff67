"""`csorg validate --changed`: the files a commit changed, mapped to the orgs they belong to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.changes import ORG_FILE_PATTERN, affected_orgs
from csorg_cli.cli.app import app

ORG = "csorg: 1\norganization: {name: Acme}\ninclude: [teams/*.yaml]\nroles:\n  lead: {title: Head of CS}\n"
TEAM = "roles:\n  csm: {title: CSM, reports_to: lead}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """org.yaml + teams/, orgs/acme.yaml + orgs/teams/, a manifest and a stray fragment."""
    (tmp_path / ".git").mkdir()  # the repository root; git itself is not needed
    for base in (tmp_path, tmp_path / "orgs"):
        (base / "teams").mkdir(parents=True)
        (base / "teams" / "t.yaml").write_text(TEAM, encoding="utf-8")
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "orgs" / "acme.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\n", encoding="utf-8")
    (tmp_path / "stray.yaml").write_text(TEAM, encoding="utf-8")
    (tmp_path / ".csorg.yaml").write_text("extends: minimal\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("changed", "orgs", "unrelated"),
    [
        (["teams/t.yaml"], ["org.yaml"], []),
        (["orgs/teams/t.yaml"], ["orgs/teams/t.yaml", "orgs/acme.yaml"], []),
        (["org.yaml", "teams/t.yaml"], ["org.yaml"], []),
        (["pod.yaml", "stray.yaml"], [], ["pod.yaml", "stray.yaml"]),
        # orgs/teams/t.yaml is named like an org; check_paths drops it, as orgs/acme.yaml includes it
        ([".csorg.yaml"], ["org.yaml", "orgs/acme.yaml", "orgs/teams/t.yaml"], []),
        (["missing.yaml"], ["missing.yaml"], []),
    ],
)
def test_changed_files_map_to_their_orgs(repo, changed, orgs, unrelated):
    found = affected_orgs(changed)
    assert sorted(found.orgs) == sorted(orgs)
    assert found.unrelated == unrelated


def test_from_a_subdirectory_the_repository_is_still_searched(repo, monkeypatch):
    monkeypatch.chdir(repo / "teams")
    assert affected_orgs(["t.yaml"]).orgs == ["../org.yaml"]


def test_validate_changed_checks_the_org_that_includes_a_broken_team_file(repo):
    (repo / "teams" / "t.yaml").write_text(TEAM.replace("lead}", "leadx}"), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["validate", "--changed", "teams/t.yaml", "pod.yaml"])
    assert result.exit_code == 1
    assert "teams/t.yaml:2:33: error [unknown-manager]" in result.stdout
    assert "pod.yaml" not in result.stdout
    alone = runner.invoke(app, ["validate", "teams/t.yaml"])
    assert alone.exit_code == 0  # checked alone, a fragment has nothing to say: hence --changed
    nothing = runner.invoke(app, ["validate", "--changed", "pod.yaml"])
    assert nothing.exit_code == 0


def test_org_file_pattern():
    pattern = re.compile(ORG_FILE_PATTERN)
    for name in (
        "org.yaml",
        "cs-org.yml",
        "orgs/acme.yaml",
        "org/teams/emea.yaml",
        "docs/x.org.yaml",
    ):
        assert pattern.search(name), name
    for name in (
        ".csorg.yaml",
        "orgs/.csorg.yaml",
        "org/.pre-commit-config.yaml",
        ".github/workflows/ci.yaml",
        "docker-compose.yml",
        "org.yaml.bak",
    ):
        assert not pattern.search(name), name
