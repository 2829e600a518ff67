"""Shared fixtures: an org snippet in, diagnostics out (see helpers.py)."""

from __future__ import annotations

import pytest
from helpers import OrgChecker, in_ci


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """In CI a skipped test is a failed one: a test that cannot run there can never fail there.

    Whatever a test needs (Graphviz, Chromium, git) CI installs; a skip would hide that it did not.
    """
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped in CI, where nothing may skip: {reason}"


@pytest.fixture
def lint(tmp_path) -> OrgChecker:
    """``lint(yaml_text, **files)`` checks a snippet written to org.yaml in a temporary folder."""
    return OrgChecker(tmp_path)


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """`csorg validate` switches to annotations under GitHub Actions; tests expect plain text."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("CSORG_CONFIG", raising=False)


@pytest.fixture(autouse=True)
def _every_emitted_rule_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every diagnostic any test produces names a registered rule: a loader or model-builder
    message under a name `csorg rules`, configuration and SARIF do not know fails the test that
    produced it. Every diagnostic of a check passes through apply_config, so that is watched."""
    from csorg_cli import checking
    from csorg_cli.rules import RULES

    original = checking.apply_config

    def watched(diagnostics, config):
        diagnostics = list(diagnostics)
        unknown = sorted({d.rule for d in diagnostics if d.rule not in RULES})
        assert not unknown, f"diagnostics under unregistered rule names: {unknown}"
        return original(diagnostics, config)

    monkeypatch.setattr(checking, "apply_config", watched)
