"""`csorg diff REV:path` reads the revision in memory: a crafted tree cannot write anywhere, and a
revision is never taken for a git option."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.cli.app import app

ORG = """\
csorg: 1
organization: {name: Acme}
include: ["teams/**/*.yaml"]
roles:
  vp: {title: VP Customer Success}
"""
TEAM = "roles:\n  csm: {title: Customer Success Manager, reports_to: vp}\n"


def git(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run(["git", *args], input=stdin, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    (repo / "teams" / "a").mkdir(parents=True)
    monkeypatch.chdir(repo)
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "t")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "t@example.com")
    git("init", "-q")
    (repo / "org.yaml").write_text(ORG)
    (repo / "teams" / "a" / "csm.yaml").write_text(TEAM)
    git("add", ".")
    git("commit", "-qm", "first")
    return repo


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_includes_resolve_inside_the_revision_tree(repo):
    (repo / "teams" / "a" / "csm.yaml").unlink()  # gone from disk, still in HEAD
    result = run("diff", "HEAD:org.yaml", "org.yaml", "--format", "json", "--fail-on-new", "none")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["roles"]["removed"] == ["csm"]


def test_a_tree_entry_named_dot_dot_writes_nothing_outside(repo, tmp_path, monkeypatch):
    # A tree git stores but no checkout could create: org.yaml and ../../victim.yaml.
    scratch_root = tmp_path / "scratch"
    scratch_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    victim = scratch_root / "victim.yaml"
    victim.write_text("precious\n")
    payload = git("hash-object", "-w", "--stdin", stdin="csorg: 1\nroles: {}\n")
    org = git("hash-object", "-w", "--stdin", stdin=ORG.replace('"teams/**/*.yaml"', '"**/*.yaml"'))
    inner = git("mktree", stdin=f"100644 blob {payload}\tvictim.yaml\n")
    middle = git("mktree", stdin=f"040000 tree {inner}\t..\n")
    top = git("mktree", stdin=f"100644 blob {org}\torg.yaml\n040000 tree {middle}\t..\n")
    commit = git("commit-tree", top, "-m", "crafted")
    git("tag", "crafted", commit)
    result = run("diff", "crafted:org.yaml", "org.yaml", "--fail-on-new", "none")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in scratch_root.iterdir()) == ["victim.yaml"]


@pytest.mark.parametrize("rev", ["--output=pwned", "-p"])
def test_a_revision_starting_with_a_dash_is_never_an_option(repo, rev):
    result = run("diff", "--", f"{rev}:org.yaml", "org.yaml")
    assert result.exit_code == 2
    assert "never starts with '-'" in result.stderr
    assert not list(repo.glob("pwned*"))


def test_an_unknown_revision_and_a_missing_file_exit_2(repo):
    unknown = run("diff", "nope:org.yaml", "org.yaml")
    assert unknown.exit_code == 2 and "unknown revision 'nope'" in unknown.stderr
    missing = run("diff", "HEAD:other.yaml", "org.yaml")
    assert missing.exit_code == 2 and "does not exist at revision HEAD" in missing.stderr
