"""What a rule is: its metadata, options, and the problems its ``check`` yields.

A rule module holds ``NAME``, ``SUMMARY``, ``CATEGORY``, ``DEFAULT_SEVERITY``, an ``Options`` model
and ``check(ctx, options)``; its docstring is its documentation (docs/rules/ is generated from it).
Rules that the loader or the model builder emit (``yaml-syntax``, ``schema``...) have no ``check``:
they are registered so that configuration, ``csorg rules`` and SARIF know them too.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict

from csorg_cli.diagnostics import DocPath, Location, Severity

if TYPE_CHECKING:
    from csorg_cli.analysis.metrics import OrgMetrics
    from csorg_cli.analysis.tree import OrgTree
    from csorg_cli.book.load import Book
    from csorg_cli.loading.org import LoadedOrg
    from csorg_cli.model.benchmarks import Benchmarks
    from csorg_cli.model.build import BuiltOrg
    from csorg_cli.model.org import OrgFile


class NoOptions(BaseModel):
    """A rule without options."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule found, located by a path in the document; the engine adds file, line, column."""

    path: DocPath
    message: str
    hint: str | None = None
    at_key: bool = False
    related: tuple[Location, ...] = ()
    # What the problem is about when a rule can report several at one path (a function, a
    # product); diff matches findings by rule, path and subject, never by message text.
    subject: str = ""
    # A place outside the org's YAML (a row and column of the accounts file): used as is.
    location: Location | None = None


Shared = TypeVar("Shared")


@dataclass
class RuleContext:
    """Everything a rule may read: the org, its reporting tree, benchmarks, and the sources."""

    org: OrgFile
    tree: OrgTree
    loaded: LoadedOrg
    built: BuiltOrg
    benchmarks: Benchmarks
    # The book of business (accounts file), when the org links one or --accounts names one.
    book: Book | None = None
    _shared: dict[Callable[[RuleContext], Any], Any] = field(default_factory=dict, repr=False)

    def role_exists(self, role_id: str) -> bool:
        """True for every role in the file, including those that failed validation."""
        return role_id in self.org.roles or role_id in self.built.invalid_roles

    def segment_exists(self, segment_id: str) -> bool:
        return segment_id in self.org.segments or segment_id in self.built.invalid_segments

    @cached_property
    def metrics(self) -> OrgMetrics:
        """The org's figures (coverage, spans, headcount), computed once for all rules."""
        from csorg_cli.analysis.metrics import OrgMetrics

        return OrgMetrics(self.tree, self.benchmarks)

    def shared(self, compute: Callable[[RuleContext], Shared]) -> Shared:
        """``compute(self)``, worked out once for every rule that reads it (a structure such as
        the spans of the CS org's managers, which two rules judge)."""
        if compute not in self._shared:
            self._shared[compute] = compute(self)
        return self._shared[compute]  # type: ignore[no-any-return]


CheckFunction = Callable[[RuleContext, Any], Iterator[Problem]]


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule."""

    name: str
    summary: str
    category: str
    default_severity: Severity
    options: type[BaseModel]
    check: CheckFunction | None
    doc: str
    module: str

    @property
    def title(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.summary

    def default_options(self) -> BaseModel:
        # The defaults need no validating: the option models are built (defer_build) only when a
        # configuration sets options, which most runs never do.
        return self.options.model_construct()


def spec_from_module(module: ModuleType) -> RuleSpec:
    """Read a rule module's metadata; a module missing any of it is a programming error."""
    return RuleSpec(
        name=module.NAME,
        summary=module.SUMMARY,
        category=module.CATEGORY,
        default_severity=module.DEFAULT_SEVERITY,
        options=getattr(module, "Options", NoOptions),
        check=getattr(module, "check", None),
        doc=inspect.cleandoc(module.__doc__ or ""),
        module=module.__name__,
    )
