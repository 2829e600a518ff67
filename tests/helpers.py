"""Test helpers that make a rule test read like its documentation.

    def test_unknown_manager(lint):
        found = lint('''
            csorg: 1
            organization: {name: Acme}
            roles:
              csm: {title: CSM, reports_to: nobody}
        ''')
        assert found.problems("unknown-manager") == [(5, 33)]

or, comparing the complete list, so a stray finding of any other rule fails the test too (as
yamllint's ``check(source, conf, problem1=(line, col))``)::

    def test_unknown_manager(lint):
        lint.check('''
            csorg: 1
            organization: {name: Acme}
            roles:
              csm: {title: CSM, reports_to: nobody}
        ''', ("unknown-manager", 4, 33), config=integrity_only())

Snippets are dedented, so they can be indented with the test code; line numbers count from the
first line of the dedented text.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from csorg_cli.checking import FileResult, check_file
from csorg_cli.diagnostics import Diagnostic
from csorg_cli.rules.engine import RuleConfig

ORG_HEADER = "csorg: 1\norganization: {name: Acme}\n"


def in_ci() -> bool:
    """Whether the suite runs in CI (``CI`` set, as every CI service does)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class Found:
    """The result of checking a snippet, with shorthands for assertions."""

    def __init__(self, result: FileResult) -> None:
        self.result = result
        self.diagnostics: list[Diagnostic] = result.diagnostics

    def problems(self, rule: str | None = None) -> list[tuple[int, int]]:
        """(line, column) of each diagnostic of ``rule`` (or of every rule)."""
        return [(d.line, d.column) for d in self.diagnostics if rule is None or d.rule == rule]

    def rules(self) -> list[str]:
        return [d.rule for d in self.diagnostics]

    def triples(self) -> list[tuple[str, int, int]]:
        return [(d.rule, d.line, d.column) for d in self.diagnostics]

    def of(self, rule: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.rule == rule]

    def messages(self, rule: str | None = None) -> list[str]:
        return [d.message for d in self.diagnostics if rule is None or d.rule == rule]


def integrity_only() -> RuleConfig:
    """Only the integrity checks: for tests of the loader and the integrity rules, whose snippets
    are deliberately tiny orgs that the design-health rules would rightly comment on."""
    from csorg_cli.rules import RULES

    config = RuleConfig()
    for name, spec in RULES.items():
        if spec.category != "integrity":
            config = config.with_rule(name, None)
    return config


class OrgChecker:
    """Writes snippets into a temporary folder and checks them."""

    def __init__(self, root: Path, default_config: RuleConfig | None = None) -> None:
        self.root = root
        self.default_config = default_config

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return path

    def __call__(
        self,
        text: str,
        config: RuleConfig | None = None,
        name: str = "org.yaml",
        **other_files: str,
    ) -> Found:
        # Keyword names stand for paths: teams__emea is teams/emea.yaml.
        for other_name, other_text in other_files.items():
            self.write(other_name.replace("__", "/") + ".yaml", other_text)
        path = self.write(name, text)
        return Found(check_file(path, name, config or self.default_config))

    def check(
        self,
        text: str,
        *expected: tuple[str, int, int],
        config: RuleConfig | None = None,
        **other_files: str,
    ) -> Found:
        """Check a snippet and assert the complete list of (rule, line, column) it produces, in
        the order of the file; nothing more, nothing less."""
        found = self(text, config, **other_files)
        assert found.triples() == sorted(expected, key=lambda t: (t[1], t[2], t[0])), "\n".join(
            f"{d.file}:{d.line}:{d.column} [{d.rule}] {d.message}" for d in found.diagnostics
        )
        return found


def copy_linked_files(example: Path, folder: Path) -> None:
    """Copy the files an example org links by a relative path (its accounts file, kept in a
    folder named after the example) into ``folder``, so an org written there still finds them."""
    import shutil

    for linked in example.parent.glob(f"{example.stem}/*"):
        (folder / example.stem).mkdir(exist_ok=True)
        shutil.copy(linked, folder / example.stem / linked.name)
