"""The library entry point for validation: paths in, diagnostics (and the models) out.

``check_paths`` is what ``csorg validate`` runs; ``check_file`` is what ``render``, ``report`` and
the other commands use to get a validated org with its reporting tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Diagnostic, Severity
from csorg_cli.loading.files import STDIN_NAME, InputError
from csorg_cli.loading.org import LoadedOrg, LoadOptions, load_org
from csorg_cli.model.build import BuiltOrg, build_org
from csorg_cli.model.org import OrgFile
from csorg_cli.rules.base import RuleContext
from csorg_cli.rules.engine import RuleConfig, apply_config, run_rules
from csorg_cli.suppression import apply_suppressions

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class FileResult:
    """One org checked: what was loaded, the model, the tree, and the diagnostics."""

    file: str
    loaded: LoadedOrg
    built: BuiltOrg
    tree: OrgTree | None
    diagnostics: list[Diagnostic]
    # Diagnostics silenced by `# csorg: disable` comments or the baseline, kept for statistics.
    suppressed: list[Diagnostic] = field(default_factory=list)

    @property
    def org(self) -> OrgFile | None:
        return self.built.org

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass
class CheckResult:
    """Every file checked in one run, and the inputs that could not be read (exit 2)."""

    results: list[FileResult] = field(default_factory=list)
    input_errors: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        """Every file read, the inputs and what they include, each once."""
        seen: dict[str, None] = {}
        for result in self.results:
            for source in result.loaded.files:
                seen.setdefault(source.file, None)
        return list(seen)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        out = [d for result in self.results for d in result.diagnostics]
        out.sort(key=lambda d: d.sort_key)
        return out

    def source_lines(self) -> dict[str, list[str]]:
        """File name -> its lines, for reporters that quote the offending line."""
        return {
            source.file: source.lines for result in self.results for source in result.loaded.files
        }


def check_loaded(loaded: LoadedOrg, config: RuleConfig) -> FileResult:
    """Build the model and run every rule over an org that is already loaded."""
    from csorg_cli.model.benchmarks import Benchmarks

    file_config = config.for_file(loaded.file)
    built = build_org(loaded)
    diagnostics = list(loaded.diagnostics) + built.diagnostics
    tree = None
    if built.org is not None:
        tree = OrgTree.build(built.org)
        benchmarks = getattr(file_config, "benchmarks", None) or Benchmarks.load()
        ctx = RuleContext(
            org=built.org, tree=tree, loaded=loaded, built=built, benchmarks=benchmarks
        )
        diagnostics.extend(run_rules(ctx, file_config))
    # The base config, not file_config: a diagnostic in an included file gets the severity that
    # the overrides give its own file.
    diagnostics = apply_config(diagnostics, config)
    diagnostics, suppressed = apply_suppressions(diagnostics, loaded)
    diagnostics.sort(key=lambda d: d.sort_key)
    return FileResult(loaded.file, loaded, built, tree, diagnostics, suppressed)


def check_file(
    path: Path | str,
    display: str | None = None,
    config: RuleConfig | None = None,
    load_options: LoadOptions | None = None,
) -> FileResult:
    """Load and check one org file; raises InputError when it cannot be read."""
    loaded = load_org(Path(path), display, load_options)
    return check_loaded(loaded, config or RuleConfig())


def expand_paths(paths: Iterable[str]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Files to check from the arguments: directories give their YAML files, ``-`` is stdin.

    Returns the files (path, display name) and the arguments that name nothing readable.
    """
    files: list[tuple[Path, str]] = []
    errors: list[str] = []
    for raw in paths:
        if raw == "-":
            files.append((Path(STDIN_NAME), STDIN_NAME))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in YAML_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                errors.append(f"{raw}: no .yaml or .yml files in this directory")
            files.extend((p, str(p)) for p in found)
        else:
            files.append((path, raw))
    return files, errors


def check_paths(
    paths: Iterable[str], config: RuleConfig | None = None, load_options: LoadOptions | None = None
) -> CheckResult:
    """Check every org named by ``paths``; one broken file never hides the others' results."""
    config = config or RuleConfig()
    files, errors = expand_paths(paths)
    result = CheckResult(input_errors=errors)
    for path, display in files:
        try:
            result.results.append(check_file(path, display, config, load_options))
        except InputError as error:
            result.input_errors.append(str(error))
    # A team file that another checked org includes is checked as part of that org (pre-commit
    # passes every changed file, root and fragments alike).
    included = {real for r in result.results for real in r.loaded.included_files}
    result.results = [
        r
        for r in result.results
        if not (
            r.loaded.is_fragment and r.file != STDIN_NAME and os.path.realpath(r.file) in included
        )
    ]
    return result
