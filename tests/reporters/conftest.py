"""Fixtures of the reporter tests: a checked org with problems of every severity."""

from __future__ import annotations

from pathlib import Path

import pytest
from csorg_testrules import short_title  # noqa: F401 - a fixture, used by name

from csorg_cli.checking import CheckResult, CheckSettings, check_paths
from csorg_cli.config import load_config

ORG = """\
csorg: 1
organization: {name: Acme}
roles:
  vp: {title: VP Customer Success, kpis: [nrr]}
  a: {title: "CS | Lead, 50% <b>*x*</b> @dana #12", reports_to: vp}
  b: {title: CSM, reports_to: "no:body,really"}
"""
CLEAN = (
    "csorg: 1\norganization: {name: Acme}\nroles:\n"
    "  vp: {title: VP Customer Success, kpis: [nrr]}\n"
)


@pytest.fixture
def checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, short_title) -> CheckResult:  # noqa: F811
    """org.yaml (one error, one warning, one info) and clean.yaml, checked from tmp_path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "clean.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        "extends: minimal\nrules:\n  short-title: info\n  multiple-roots: warning\n"
        "overrides:\n  - files: [org.yaml]\n"
        "    rules: {short-title: {options: {min_length: 100}}}\n",
        encoding="utf-8",
    )
    return check_paths(["org.yaml", "clean.yaml"], CheckSettings(load_config(tmp_path / "c.yaml")))
