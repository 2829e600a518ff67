"""Shared fixtures: an org snippet in, diagnostics out (see helpers.py)."""

from __future__ import annotations

import pytest
from helpers import OrgChecker


@pytest.fixture
def lint(tmp_path) -> OrgChecker:
    """``lint(yaml_text, **files)`` checks a snippet written to org.yaml in a temporary folder."""
    return OrgChecker(tmp_path)


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """`csorg validate` switches to annotations under GitHub Actions; tests expect plain text."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("CSORG_CONFIG", raising=False)
