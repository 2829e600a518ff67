"""Severity and Diagnostic: the one shape every problem takes, from a YAML syntax error to a rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol


class Severity(StrEnum):
    """How serious a diagnostic is; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


class EmittedRule(Protocol):
    """A rule module that the loader or model builder reports under (``rules/integrity/schema.py``
    and the like): diagnostics take its ``NAME`` and ``DEFAULT_SEVERITY``, never a string typed
    again elsewhere, so what is emitted is always what ``csorg rules`` and configuration know."""

    NAME: str
    DEFAULT_SEVERITY: Severity


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

PathPart = str | int
DocPath = tuple[PathPart, ...]


def format_path(path: Iterable[PathPart]) -> str:
    """Render a document path as ``roles.csm-a.people[2]``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(("." if out else "") + str(part))
    return "".join(out)


def line_column(text: str | bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text`` (characters of a text, bytes of
    bytes), clamped to the text: where a parser's or a decoder's offset points."""
    offset = max(0, min(offset, len(text)))
    if isinstance(text, bytes):
        return text.count(b"\n", 0, offset) + 1, offset - text.rfind(b"\n", 0, offset)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: which rule, how serious, what and where, and how to fix it."""

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    path: str = ""
    hint: str | None = None
    # Extra places that explain the problem (the other definition of a duplicate, say).
    related: tuple[Location, ...] = field(default=())
    # What the problem is about, stable across edits (a function, a product...): with the rule
    # and the path it identifies the problem when its message holds counts that change. None for
    # diagnostics of the loader and the model builder, whose message is their identity.
    subject: str | None = None

    @property
    def identity(self) -> tuple[str, str, str]:
        """Rule, path and subject (or message): the same problem in two versions of a file."""
        return self.rule, self.path, self.message if self.subject is None else self.subject

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the contract (with ``hint``, which may be null)."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "hint": self.hint,
        }


def summarize(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """Counts per severity, always with all three keys."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for diagnostic in diagnostics:
        counts[diagnostic.severity.value] += 1
    return counts


def emitted(
    rule: EmittedRule,
    message: str,
    file: str,
    line: int,
    column: int,
    path: str = "",
    hint: str | None = None,
    related: tuple[Location, ...] = (),
) -> Diagnostic:
    """A diagnostic of ``rule`` at its default severity (configuration may change it later)."""
    return Diagnostic(
        rule=rule.NAME,
        severity=rule.DEFAULT_SEVERITY,
        message=message,
        file=file,
        line=line,
        column=column,
        path=path,
        hint=hint,
        related=related,
    )
