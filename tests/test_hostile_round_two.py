"""Hostile input, round two (issue 13): each case once broke a command; each now ends in a
diagnostic or a one-line error, in bounded time, with nothing lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app

HEADER = "csorg: 1\norganization: {name: Acme}\n"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


# -- 5. recursive include globs and directory symlink loops ---------------------------------


def test_a_recursive_include_glob_ends_despite_symlinks_pointing_back_up(tmp_path):
    (tmp_path / "teams" / "east").mkdir(parents=True)
    (tmp_path / "teams" / "east" / "csm.yaml").write_text(
        "roles:\n  csm: {title: Customer Success Manager, reports_to: vp}\n"
    )
    (tmp_path / "teams" / "east" / "up").symlink_to("..")
    (tmp_path / "teams" / "loop").symlink_to("../teams")
    (tmp_path / "org.yaml").write_text(
        HEADER + 'include: ["teams/**/*.yaml"]\nroles:\n  vp: {title: VP Customer Success}\n'
    )
    result = check_file(tmp_path / "org.yaml", "org.yaml")
    assert [f.file for f in result.loaded.files] == ["org.yaml", "teams/east/csm.yaml"]
    assert [d.rule for d in result.diagnostics if d.rule == "duplicate-role"] == []


def test_recursive_include_globs_skip_hidden_folders_as_glob_does(tmp_path):
    for folder in ("teams/a", "teams/.git"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "teams" / "a" / "x.yaml").write_text("roles:\n  x: {title: CSM, reports_to: vp}\n")
    (tmp_path / "teams" / ".git" / "y.yaml").write_text("roles:\n  y: {title: CSM}\n")
    (tmp_path / "org.yaml").write_text(
        HEADER + "include: [teams/**/*.yaml]\nroles:\n  vp: {title: VP Customer Success}\n"
    )
    result = check_file(tmp_path / "org.yaml", "org.yaml")
    assert [f.file for f in result.loaded.files] == ["org.yaml", "teams/a/x.yaml"]


# -- 14. init checks everything before writing anything ---------------------------------------


def test_init_writes_nothing_when_dot_github_is_a_regular_file(tmp_path):
    (tmp_path / ".github").write_text("not a folder")
    result = run("init", "--template", "startup", str(tmp_path))
    assert result.exit_code == 2
    assert ".github" in result.stderr and "nothing was written" in result.stderr
    assert sorted(os.listdir(tmp_path)) == [".github"]
    assert Path(tmp_path / ".github").read_text() == "not a folder"


@pytest.mark.parametrize("template", ["startup"])
def test_init_still_writes_the_whole_repository(tmp_path, template):
    result = run("init", "--template", template, str(tmp_path / "new"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / ".github" / "workflows" / "csorg.yml").is_file()
