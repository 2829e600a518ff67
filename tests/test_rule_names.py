"""Rules own their names: nothing outside a rule module spells a rule's name to emit it.

The loader and the model builder report under the rule modules they import
(``from csorg_cli.rules.integrity import schema as schema_rule``) through helpers typed with
:class:`~csorg_cli.diagnostics.EmittedRule`, so mypy refuses a string there; this test refuses the
one way left, a ``Diagnostic(rule="...")`` written by hand. tests/conftest.py checks at run time
that every diagnostic the suite produces names a registered rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

from csorg_cli.diagnostics import Severity
from csorg_cli.rules import RULE_MODULES, RULES

SRC = Path(__file__).resolve().parents[1] / "src" / "csorg_cli"
# The pipeline that checks an org: what it reports are rules. (Other inputs, such as the HRIS
# people files `csorg import` reads, report on their rows under names of their own.)
ORG_PIPELINE = ("loading", "model", "analysis", "rules", "config", "checking.py", "suppression.py")


def test_no_diagnostic_spells_its_rule_name():
    offenders = []
    paths = [p for part in ORG_PIPELINE for p in sorted((SRC / part).glob("**/*.py"))]
    paths += [SRC / part for part in ORG_PIPELINE if part.endswith(".py")]
    assert len(paths) > 30
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name != "Diagnostic":
                continue
            for keyword in node.keywords:
                if keyword.arg == "rule" and isinstance(keyword.value, ast.Constant):
                    offenders.append(
                        f"{path.relative_to(SRC)}:{node.lineno}: {keyword.value.value}"
                    )
    assert offenders == []


def test_emitted_rules_are_registered_modules_with_their_severity():
    """The rules the loader and builder emit are registered like any other, with a default
    severity, so `csorg rules`, configuration and SARIF know them."""
    emitted_only = [module for module in RULE_MODULES if not hasattr(module, "check")]
    assert {module.NAME for module in emitted_only} >= {
        "yaml-syntax",
        "yaml-tag",
        "yaml-limits",
        "encoding",
        "duplicate-key",
        "include",
        "include-empty",
        "duplicate-role",
        "fragment",
        "schema",
    }
    for module in emitted_only:
        assert RULES[module.NAME].default_severity is module.DEFAULT_SEVERITY
        assert isinstance(module.DEFAULT_SEVERITY, Severity)


def test_an_unregistered_name_fails_the_suite(lint, monkeypatch):
    """The run-time guard in conftest.py is live: a rule missing from the registry fails."""
    import pytest

    from csorg_cli.rules import RULES

    monkeypatch.delitem(RULES, "yaml-syntax")
    with pytest.raises(AssertionError, match="unregistered rule names: \\['yaml-syntax'\\]"):
        lint("roles: [\n")
