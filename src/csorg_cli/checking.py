"""The one way from files to a checked org: every command that reads an org comes through here.

    settings = CheckSettings.resolve(config_file, no_config)   # --config, $CSORG_CONFIG, .csorg.yaml
    org = load_checked("org.yaml", settings)                    # or text=... for a built document
    org.diagnostics, org.tree, org.metrics, org.benchmarks      # computed once, shared by all

``check_paths`` is what ``csorg validate`` runs over many files; ``load_checked`` is what
``render``, ``report``, ``plan``, ``diff`` (and every command to come) run over one org, so each
honours the same configuration, benchmarks, suppressions and baseline as ``validate``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Diagnostic, Severity
from csorg_cli.loading.files import STDIN_NAME, InputError
from csorg_cli.loading.org import LoadedOrg, LoadOptions, load_org
from csorg_cli.model.build import BuiltOrg, build_org
from csorg_cli.model.org import OrgFile
from csorg_cli.rules.base import RuleContext
from csorg_cli.rules.engine import RuleConfig, apply_config, run_rules
from csorg_cli.suppression import apply_suppressions

if TYPE_CHECKING:
    from csorg_cli.analysis.metrics import OrgMetrics
    from csorg_cli.baseline import Baseline, StaleEntry
    from csorg_cli.book.load import Book
    from csorg_cli.model.benchmarks import Benchmarks

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class CheckSettings:
    """How a command reads and checks orgs: the configuration in force, file limits, baseline.

    Build it with :meth:`resolve` from the command's options, so every command finds the same
    configuration as ``csorg validate``.
    """

    config: RuleConfig = field(default_factory=RuleConfig)
    load_options: LoadOptions = field(default_factory=LoadOptions)
    # Problems recorded in a baseline file are moved to ``suppressed``.
    baseline: Baseline | None = None
    # The baseline file read, if any: like the configuration's files, never an output.
    baseline_file: str | None = None
    # ``--accounts FILE``: the book of business to read instead of the org's ``accounts:``.
    accounts: str | None = None

    @property
    def files(self) -> list[str]:
        """Every settings file read: the configuration, what it ``extends``, the baseline. Pass
        them (with the orgs' files) as ``protected`` to :func:`csorg_cli.outputs.write_output`."""
        return [*self.config.files, *([self.baseline_file] if self.baseline_file else [])]

    @property
    def benchmarks(self) -> Benchmarks:
        """The benchmarks in force: the configuration's overrides over the packaged ones."""
        from csorg_cli.model.benchmarks import Benchmarks

        return self.config.benchmarks or Benchmarks.load()

    @classmethod
    def resolve(
        cls,
        config_file: str | None = None,
        no_config: bool = False,
        *,
        load_options: LoadOptions | None = None,
        baseline_file: str | None = None,
        environ: Mapping[str, str] | None = None,
        start: Path | None = None,
    ) -> CheckSettings:
        """Settings from a command's options: ``--config FILE``, else ``$CSORG_CONFIG``, else the
        nearest ``.csorg.yaml`` upward from ``start`` (the working directory); ``--no-config``
        is the recommended defaults. Raises :class:`~csorg_cli.config.ConfigError` for a bad
        configuration and :class:`~csorg_cli.baseline.BaselineError` for a bad baseline."""
        from csorg_cli.config import load_config, resolve_config_path

        config = (
            RuleConfig()
            if no_config
            else load_config(resolve_config_path(config_file, environ, start))
        )
        baseline = None
        if baseline_file is not None:
            from csorg_cli.baseline import Baseline

            baseline = Baseline.load(Path(baseline_file))
        return cls(config, load_options or LoadOptions(), baseline, baseline_file)


@dataclass
class FileResult:
    """One org checked: what was loaded, the model, the tree, the benchmarks it was checked
    against, and the diagnostics after configuration, suppression comments and baseline."""

    file: str
    loaded: LoadedOrg
    built: BuiltOrg
    tree: OrgTree | None
    diagnostics: list[Diagnostic]
    # Diagnostics silenced by `# csorg: disable` comments or the baseline, kept for statistics.
    suppressed: list[Diagnostic] = field(default_factory=list)
    # The benchmarks in force (configuration overrides included); None: the packaged ones.
    configured_benchmarks: Benchmarks | None = None
    # The book of business, when the org links an accounts file (or --accounts names one).
    book: Book | None = None

    @property
    def org(self) -> OrgFile | None:
        """The org checked: as written, with each segment's accounts counted from the book when
        it links one (``built.org`` is the org as written)."""
        return self.tree.org if self.tree is not None else self.built.org

    @property
    def benchmarks(self) -> Benchmarks:
        """The benchmarks the org was checked against."""
        from csorg_cli.model.benchmarks import Benchmarks

        return self.configured_benchmarks or Benchmarks.load()

    @cached_property
    def metrics(self) -> OrgMetrics:
        """Headcount, spans, layers and coverage against :attr:`benchmarks`, computed once (the
        rules' own computation is reused when they needed it). Only for an org with a tree."""
        from csorg_cli.analysis.metrics import OrgMetrics

        if self.tree is None:
            raise ValueError(f"{self.file}: not an org, no metrics")
        return OrgMetrics(self.tree, self.benchmarks)

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass
class CheckResult:
    """Every file checked in one run, and the inputs that could not be read (exit 2)."""

    results: list[FileResult] = field(default_factory=list)
    input_errors: list[str] = field(default_factory=list)
    # Baseline entries that no longer occur in the files checked.
    stale: list[StaleEntry] = field(default_factory=list)

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


def check_loaded(loaded: LoadedOrg, config: RuleConfig, accounts: str | None = None) -> FileResult:
    """Build the model and run every rule over an org that is already loaded.

    The org's book of business is read too when it links one (``accounts:``) or ``accounts``
    names a file (``--accounts``, which wins); polars is imported only then.
    """
    from csorg_cli.model.benchmarks import Benchmarks

    file_config = config.for_file(loaded.file)
    built = build_org(loaded, catalogue=config.catalogue)
    # The plain data has served: the model holds what the rules read, the source maps where it
    # was. Dropping it makes room for the tree and the rules (a 100k-role org: about 40 MB).
    loaded.data = None
    diagnostics = list(loaded.diagnostics) + built.diagnostics
    tree = None
    ctx = None
    book = None
    if built.org is not None:
        tree = OrgTree.build(built.org, config.catalogue)
        if built.org.accounts is not None or accounts is not None:
            from csorg_cli.book.load import load_book
            from csorg_cli.model.org import Accounts

            spec = built.org.accounts or Accounts.model_validate({"file": accounts or ""})
            book, book_diagnostics = load_book(spec, loaded, tree, path_override=accounts)
            diagnostics.extend(book_diagnostics)
            if book is not None:
                from csorg_cli.book.counts import counted_org

                # From here on a segment's accounts are the book's (built.org keeps the typed
                # figures for segment-accounts-mismatch). Same roles: the tree is shared.
                tree = tree.for_org(counted_org(built.org, book))
        benchmarks = file_config.benchmarks or Benchmarks.load()
        ctx = RuleContext(
            org=tree.org, tree=tree, loaded=loaded, built=built, benchmarks=benchmarks, book=book
        )
        diagnostics.extend(run_rules(ctx, file_config))
    # The base config, not file_config: a diagnostic in an included file gets the severity that
    # the overrides give its own file.
    diagnostics = apply_config(diagnostics, config)
    diagnostics, suppressed = apply_suppressions(diagnostics, loaded)
    diagnostics.sort(key=lambda d: d.sort_key)
    result = FileResult(
        loaded.file, loaded, built, tree, diagnostics, suppressed, file_config.benchmarks, book
    )
    if ctx is not None and "metrics" in ctx.__dict__:
        # The rules already computed the figures against the same tree and benchmarks.
        result.__dict__["metrics"] = ctx.metrics
    return result


def load_checked(
    source: Path | str,
    settings: CheckSettings | None = None,
    *,
    display: str | None = None,
    text: str | None = None,
) -> FileResult:
    """Load and check one org as ``csorg validate`` does: the loader every command uses.

    ``source`` is a file (``-`` is stdin); with ``text``, the org is that document instead of
    the file's content (for commands that build an org: ``source`` still names it and anchors its
    includes). The result carries the source with positions, the model, the tree, the benchmarks
    in force, the metrics and the diagnostics after configuration, ``# csorg: disable`` comments
    and the baseline. Raises :class:`~csorg_cli.loading.files.InputError` when the file cannot
    be read (a command exits 2); every problem inside it is a diagnostic.
    """
    settings = settings or CheckSettings()
    if str(source) == "-":
        source, display = Path(STDIN_NAME), STDIN_NAME
    path = Path(source)
    loaded = load_org(path, display or str(source), settings.load_options, text=text)
    result = check_loaded(loaded, settings.config, settings.accounts)
    if settings.baseline is not None:
        from csorg_cli.baseline import apply_baseline

        apply_baseline(CheckResult([result]), settings.baseline)
    return result


def check_file(
    path: Path | str,
    display: str | None = None,
    config: RuleConfig | None = None,
    load_options: LoadOptions | None = None,
    accounts: str | None = None,
) -> FileResult:
    """Load and check one org file with a configuration already in hand (tests, the library);
    raises InputError when it cannot be read. Commands use :func:`load_checked`."""
    settings = CheckSettings(
        config or RuleConfig(), load_options or LoadOptions(), accounts=accounts
    )
    return load_checked(path, settings, display=display)


_PLANNING_KEY = re.compile(rb"^csorg-(?:plan|design|scenario)\s*:", re.MULTILINE)


def is_planning_file(path: Path) -> bool:
    """A plan, design or scenario file (``csorg-plan: 1``...): an input of ``csorg plan`` or
    ``csorg design`` kept beside the orgs, never an org itself. A folder's orgs skip them; naming
    one on the command line still checks it as an org (and says why it is not one)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    return _PLANNING_KEY.search(head) is not None


def expand_paths(paths: Iterable[str]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Files to check from the arguments: directories give their YAML files, ``-`` is stdin.

    Returns the files (path, display name) and the arguments that name nothing readable.
    """
    files: list[tuple[Path, str]] = []
    errors: list[str] = []
    seen: set[str] = set()

    def add(path: Path, display: str) -> None:
        # One file named twice (org.yaml ./org.yaml, or a folder and a file in it) is checked
        # once: its problems would otherwise be reported, and counted, twice.
        key = display if display == STDIN_NAME else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append((path, display))

    for raw in paths:
        if raw == "-":
            add(Path(STDIN_NAME), STDIN_NAME)
            continue
        path = Path(raw)
        if path.is_dir():
            yaml_files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in YAML_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            found = [p for p in yaml_files if not is_planning_file(p)]
            if not yaml_files:
                errors.append(f"{raw}: no .yaml or .yml files in this directory")
            elif not found:
                errors.append(
                    f"{raw}: no org files in this directory, only plan, design or scenario files"
                )
            for found_path in found:
                add(found_path, str(found_path))
        else:
            add(path, raw)
    return files, errors


def check_paths(paths: Iterable[str], settings: CheckSettings | None = None) -> CheckResult:
    """Check every org named by ``paths``; one broken file never hides the others' results.

    The baseline (if any) is applied over all of them at once: its stale entries are on the
    result."""
    settings = settings or CheckSettings()
    per_file = CheckSettings(settings.config, settings.load_options, accounts=settings.accounts)
    files, errors = expand_paths(paths)
    result = CheckResult(input_errors=errors)
    for path, display in files:
        try:
            result.results.append(load_checked(path, per_file, display=display))
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
    if settings.baseline is not None:
        from csorg_cli.baseline import apply_baseline

        result.stale = apply_baseline(result, settings.baseline)
    return result
