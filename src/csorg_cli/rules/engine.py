"""Run the configured rules over an org and turn their problems into diagnostics.

The engine, not the rule, applies the configured severity (or drops a rule that is off), and it
does so for the loader's diagnostics too, so every rule is configured the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Iterable

from pydantic import BaseModel

from csorg_cli.diagnostics import Diagnostic, Severity, format_path
from csorg_cli.rules import RULES
from csorg_cli.rules.base import RuleContext, RuleSpec


@dataclass(frozen=True)
class RuleSetting:
    """A rule's configured severity (None: off) and options."""

    severity: Severity | None
    options: BaseModel


def _default_settings() -> dict[str, RuleSetting]:
    return {name: RuleSetting(spec.default_severity, spec.default_options())
            for name, spec in RULES.items()}


@dataclass
class RuleConfig:
    """Which rules run, how severe each is, and their options."""

    settings: dict[str, RuleSetting] = field(default_factory=_default_settings)

    def severity(self, rule: str) -> Severity | None:
        setting = self.settings.get(rule)
        if setting is None:
            spec = RULES.get(rule)
            return spec.default_severity if spec else Severity.ERROR
        return setting.severity

    def options(self, spec: RuleSpec) -> BaseModel:
        setting = self.settings.get(spec.name)
        return setting.options if setting else spec.default_options()

    def for_file(self, file: str) -> RuleConfig:
        """The configuration that applies to ``file`` (per-file overrides hook in here)."""
        return self

    def with_rule(self, rule: str, severity: Severity | None,
                  options: BaseModel | None = None) -> RuleConfig:
        settings = dict(self.settings)
        spec = RULES[rule]
        settings[rule] = RuleSetting(severity, options or self.options(spec))
        return replace(self, settings=settings)


def apply_config(diagnostics: Iterable[Diagnostic], config: RuleConfig) -> list[Diagnostic]:
    """Give each diagnostic its configured severity; drop those of rules that are off."""
    out: list[Diagnostic] = []
    for diagnostic in diagnostics:
        severity = config.severity(diagnostic.rule)
        if severity is None:
            continue
        out.append(diagnostic if severity is diagnostic.severity
                   else diagnostic.with_severity(severity))
    return out


def run_rules(ctx: RuleContext, config: RuleConfig) -> list[Diagnostic]:
    """Every enabled rule with a ``check``, over one org."""
    out: list[Diagnostic] = []
    for spec in RULES.values():
        if spec.check is None:
            continue
        severity = config.severity(spec.name)
        if severity is None:
            continue
        options = config.options(spec)
        try:
            for problem in spec.check(ctx, options):
                location = ctx.loaded.locate(problem.path, problem.at_key)
                out.append(Diagnostic(
                    rule=spec.name, severity=severity, message=problem.message,
                    file=location.file, line=location.line, column=location.column,
                    path=format_path(problem.path), hint=problem.hint, related=problem.related))
        except Exception as error:  # noqa: BLE001 - one broken rule must not hide the others
            if os.environ.get("CSORG_DEBUG"):
                raise
            out.append(Diagnostic(
                rule=spec.name, severity=Severity.ERROR,
                message=f"internal error in rule {spec.name}: {type(error).__name__}: {error}",
                file=ctx.loaded.file, line=1, column=1,
                hint="please report this at the csorg issue tracker with the file"))
    return out
