"""Run the configured rules over an org and turn their problems into diagnostics.

The engine, not the rule, applies the configured severity (or drops a rule that is off), and it
does so for the loader's diagnostics too, so every rule is configured the same way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from csorg_cli.diagnostics import Diagnostic, Severity, format_path
from csorg_cli.globs import glob_regex
from csorg_cli.rules import RULES
from csorg_cli.rules.base import RuleContext, RuleSpec

if TYPE_CHECKING:
    from csorg_cli.model.benchmarks import Benchmarks
    from csorg_cli.model.catalogue import Catalogue


INTERNAL_ERROR = "internal-error"
# Errors no configuration changes: the file could not be read, or csorg failed on it. Turning
# them off would make an unreadable file (or a crash) pass.
ALWAYS_ERRORS = frozenset({"yaml-syntax", "encoding", INTERNAL_ERROR})


@dataclass(frozen=True)
class RuleSetting:
    """A rule's configured severity (None: off) and options."""

    severity: Severity | None
    options: BaseModel


@dataclass(frozen=True)
class RuleOverride:
    """Changes to a rule that a configuration ``overrides:`` entry makes for some files.

    ``severity`` is None when the entry leaves the severity alone (``off`` is :data:`OFF`);
    ``options`` are the entry's own options, already validated, merged over the file's options.
    """

    severity: Severity | str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


# Marks an override that turns a rule off (None already means "severity not changed").
OFF = "off"


@dataclass(frozen=True)
class FileOverride:
    """One ``overrides:`` entry: glob patterns and the rule changes for the files they match.

    Patterns are matched against the file's path relative to ``base`` (the directory of the
    configuration file that declared them); a pattern without ``/`` matches the file name in any
    directory, and ``**`` matches any number of directories.
    """

    files: tuple[str, ...]
    rules: Mapping[str, RuleOverride]
    base: Path = field(default_factory=Path.cwd)

    def matches(self, file: str) -> bool:
        """True when ``file`` (a path as given on the command line) is one this entry names."""
        if file.startswith("<"):  # <stdin> has no path to match
            return False
        try:
            relative = os.path.relpath(os.path.abspath(file), self.base)
        except ValueError:  # another drive on Windows
            relative = os.path.abspath(file)
        relative = relative.replace(os.sep, "/")
        name = relative.rsplit("/", 1)[-1]
        for pattern in self.files:
            pattern = pattern.removeprefix("./")
            target = relative if "/" in pattern else name
            if glob_regex(pattern).fullmatch(target):
                return True
        return False


def _default_settings() -> dict[str, RuleSetting]:
    return {
        name: RuleSetting(spec.default_severity, spec.default_options())
        for name, spec in RULES.items()
    }


@dataclass
class RuleConfig:
    """Which rules run, how severe each is, their options, benchmarks and per-file overrides."""

    settings: dict[str, RuleSetting] = field(default_factory=_default_settings)
    # Benchmarks with the configuration's overrides applied; None: the packaged defaults.
    benchmarks: Benchmarks | None = None
    # The archetype catalogue with the company's own archetypes; None: the built-in catalogue.
    catalogue: Catalogue | None = None
    overrides: tuple[FileOverride, ...] = ()
    # The configuration file this came from (None: built-in defaults), for messages.
    source: str | None = None
    # Every configuration file it was read from (real paths): commands never write over them.
    files: tuple[str, ...] = ()

    def severity(self, rule: str) -> Severity | None:
        """The configured severity of ``rule``; None when it is off."""
        setting = self.settings.get(rule)
        if setting is None:
            spec = RULES.get(rule)
            return spec.default_severity if spec else Severity.ERROR
        return setting.severity

    def options(self, spec: RuleSpec) -> BaseModel:
        """The configured options of a rule (its defaults when not configured)."""
        setting = self.settings.get(spec.name)
        return setting.options if setting else spec.default_options()

    def for_file(self, file: str) -> RuleConfig:
        """The configuration that applies to ``file``: the ``overrides:`` entries that match it,
        in order, applied over the settings. The result has no overrides left to apply."""
        matching = [o for o in self.overrides if o.matches(file)]
        if not matching:
            return self if not self.overrides else replace(self, overrides=())
        settings = dict(self.settings)
        for override in matching:
            for rule, change in override.rules.items():
                spec = RULES.get(rule)
                if spec is None:
                    continue
                current = settings.get(rule) or RuleSetting(
                    spec.default_severity, spec.default_options()
                )
                severity = current.severity
                if change.severity == OFF:
                    severity = None
                elif isinstance(change.severity, Severity):
                    severity = change.severity
                options = current.options
                if change.options:
                    options = spec.options.model_validate(
                        {**current.options.model_dump(), **change.options}
                    )
                settings[rule] = RuleSetting(severity, options)
        return replace(self, settings=settings, overrides=())

    def with_rule(
        self, rule: str, severity: Severity | None, options: BaseModel | None = None
    ) -> RuleConfig:
        """A copy with one rule's severity (None: off) and, optionally, options changed."""
        settings = dict(self.settings)
        spec = RULES[rule]
        settings[rule] = RuleSetting(severity, options or self.options(spec))
        return replace(self, settings=settings)


def apply_config(diagnostics: Iterable[Diagnostic], config: RuleConfig) -> list[Diagnostic]:
    """Give each diagnostic its configured severity; drop those of rules that are off.

    When ``config`` still has per-file overrides, each diagnostic gets the severity configured for
    its own file, so an override for ``teams/*.yaml`` reaches problems found in an included team
    file of an org checked through its root file.
    """
    per_file: dict[str, RuleConfig] = {}
    out: list[Diagnostic] = []
    for diagnostic in diagnostics:
        file_config = config
        if config.overrides:
            file_config = per_file.get(diagnostic.file) or per_file.setdefault(
                diagnostic.file, config.for_file(diagnostic.file)
            )
        if diagnostic.rule in ALWAYS_ERRORS:
            out.append(diagnostic)  # not configurable: a file that cannot be read, or a crash
            continue
        severity = file_config.severity(diagnostic.rule)
        if severity is None:
            continue
        out.append(
            diagnostic if severity is diagnostic.severity else diagnostic.with_severity(severity)
        )
    return out


def crash_diagnostic(rule: str, error: BaseException, file: str) -> Diagnostic:
    """An ``internal-error`` diagnostic for ``rule`` failing with ``error`` on ``file``: where in
    csorg it failed (module and line), so the report points at the cause."""
    import traceback

    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "csorg_cli" in f.filename.replace(os.sep, "/")]
    frame = (ours or frames)[-1] if (ours or frames) else None
    where = ""
    if frame is not None:
        module = frame.filename.replace(os.sep, "/").rsplit("csorg_cli/", 1)[-1]
        where = f" at csorg_cli/{module}:{frame.lineno}"
    return Diagnostic(
        rule=INTERNAL_ERROR,
        severity=Severity.ERROR,
        message=f"rule {rule} crashed{where}: {type(error).__name__}: {error}"[:2000],
        file=file,
        line=1,
        column=1,
        hint="a bug in csorg: please report it with this file; the other rules' results stand",
    )


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
                location = problem.location or ctx.loaded.locate(problem.path, problem.at_key)
                out.append(
                    Diagnostic(
                        rule=spec.name,
                        severity=severity,
                        message=problem.message,
                        file=location.file,
                        line=location.line,
                        column=location.column,
                        path=format_path(problem.path),
                        hint=problem.hint,
                        related=problem.related,
                        subject=problem.subject,
                    )
                )
        except Exception as error:
            if os.environ.get("CSORG_DEBUG"):
                raise
            out.append(crash_diagnostic(spec.name, error, ctx.loaded.file))
    return out
