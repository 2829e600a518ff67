"""Shared fixtures: an org snippet in, diagnostics out (see helpers.py)."""

from __future__ import annotations

import pytest

from helpers import OrgChecker


@pytest.fixture
def lint(tmp_path) -> OrgChecker:  # noqa: ANN001
    """``lint(yaml_text, **files)`` checks a snippet written to org.yaml in a temporary folder."""
    return OrgChecker(tmp_path)
