"""Inline suppression: ``# csorg: disable=...`` comments in org files.

Forms (rule names comma separated; no names means every rule):

- ``roles: ...  # csorg: disable=span-of-control`` at the end of a line: that line's diagnostics;
- ``# csorg: disable=span-of-control`` on a line of its own: the next line that holds YAML (blank
  lines and other comments in between are skipped);
- ``# csorg: disable-file=rule-a,rule-b`` (or ``# csorg: disable-file``) anywhere: the whole file.

Comments are not part of the YAML data, so the source lines are scanned. A ``#`` only starts a
comment at the start of a line or after whitespace, and never inside a scalar: the parsed node tree
says where every scalar (quoted strings, block scalars) starts and ends, so
``note: "see # csorg: disable=x"`` suppresses nothing. Each file, the root and every included one,
is governed by its own comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csorg_cli.diagnostics import Diagnostic
from csorg_cli.loading.yamlsource import scalar_spans

if TYPE_CHECKING:
    from csorg_cli.loading.org import LoadedOrg, SourceFile

ALL = "*"

_DIRECTIVE = re.compile(
    r"(?:^|(?<=\s))#\s*csorg:\s*(?P<kind>disable-file|disable)(?![\w-])"
    r"(?:\s*=\s*(?P<rules>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*))?"
)

# The cheap test first: a directive can only be where "#", spaces and "csorg:" come together.
_DIRECTIVE_ANYWHERE = re.compile(r"#\s*csorg:\s*disable")

# Problems that stop a file from being read (it does not parse, is not text, has no
# `organization:` or `csorg:` version) and crashes: no comment or baseline hides them, or a file
# that cannot be read would pass.
_NEVER_SUPPRESSED = frozenset({"yaml-syntax", "encoding", "internal-error"})
_DOCUMENT_PATHS = frozenset({"", "csorg", "organization"})


def can_be_suppressed(diagnostic: Diagnostic) -> bool:
    """False for the errors no ``# csorg: disable`` comment or baseline may hide."""
    if diagnostic.rule in _NEVER_SUPPRESSED:
        return False
    return not (diagnostic.rule == "schema" and diagnostic.path in _DOCUMENT_PATHS)


@dataclass
class Suppressions:
    """What one file's comments suppress: rules per line, and rules in the whole file."""

    lines: dict[int, set[str]] = field(default_factory=dict)
    whole_file: set[str] = field(default_factory=set)

    def suppresses(self, diagnostic: Diagnostic) -> bool:
        """True when a comment in the diagnostic's file silences it."""
        if not can_be_suppressed(diagnostic):
            return False
        if ALL in self.whole_file or diagnostic.rule in self.whole_file:
            return True
        rules = self.lines.get(diagnostic.line)
        return bool(rules) and (ALL in rules or diagnostic.rule in rules)  # type: ignore[operator]

    def __bool__(self) -> bool:
        return bool(self.lines or self.whole_file)


def _inside_scalar(
    line: int, column: int, spans: list[tuple[tuple[int, int], tuple[int, int]]]
) -> bool:
    point = (line, column)
    return any(start <= point < end for start, end in spans)


def _quote_state_allows(text: str, column: int) -> bool:
    """Fallback when the file has no node tree (it did not parse): no open quote before ``#``."""
    quote: str | None = None
    i = 0
    while i < column:
        char = text[i]
        if quote is None and char in "\"'":
            quote = char
        elif quote == "'" and char == "'":
            if i + 1 < column and text[i + 1] == "'":
                i += 1  # '' is an escaped quote inside single quotes
            else:
                quote = None
        elif quote == '"' and char == "\\":
            i += 1
        elif quote == '"' and char == '"':
            quote = None
        i += 1
    return quote is None


def _parse_rules(raw: str | None) -> set[str]:
    if raw is None:
        return {ALL}
    return {part.strip() for part in raw.split(",") if part.strip()} or {ALL}


def scan(source: SourceFile) -> Suppressions:
    """The suppression comments of one file."""
    found = Suppressions()
    if not _DIRECTIVE_ANYWHERE.search(source.text):  # most files: no need to split the lines
        return found
    lines = source.lines
    candidates = [
        (index, match)
        for index, text in enumerate(lines)
        if "csorg" in text
        for match in _DIRECTIVE.finditer(text)
    ]
    if not candidates:
        return found
    spans = scalar_spans(source.text)
    pending: set[str] | None = None  # an own-line directive waiting for the next YAML line
    candidate_lines = {index for index, _ in candidates}
    by_line: dict[int, list[re.Match[str]]] = {}
    for index, match in candidates:
        by_line.setdefault(index, []).append(match)
    for index, text in enumerate(lines):
        stripped = text.strip()
        directives: list[re.Match[str]] = []
        if index in candidate_lines:
            for match in by_line[index]:
                column = match.start()
                if spans is not None:
                    if _inside_scalar(index, column, spans):
                        continue
                elif not _quote_state_allows(text, column):
                    continue
                directives.append(match)
        own_line = stripped.startswith("#")
        for match in directives:
            rules = _parse_rules(match.group("rules"))
            if match.group("kind") == "disable-file":
                found.whole_file |= rules
            elif own_line:
                pending = (pending or set()) | rules
            else:
                found.lines.setdefault(index + 1, set()).update(rules)
        if not stripped or own_line:
            continue
        if pending:
            found.lines.setdefault(index + 1, set()).update(pending)
            pending = None
    return found


def suppressions_of(loaded: LoadedOrg) -> dict[str, Suppressions]:
    """Display name -> suppressions, for every file of an org (root and includes)."""
    out: dict[str, Suppressions] = {}
    for source in loaded.files:
        found = scan(source)
        if found:
            out[source.file] = found
    return out


def apply_suppressions(
    diagnostics: Iterable[Diagnostic], loaded: LoadedOrg
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Split diagnostics into (kept, suppressed) by the comments of the file each is in."""
    diagnostics = list(diagnostics)
    by_file = suppressions_of(loaded)
    if not by_file:
        return diagnostics, []
    kept: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    for diagnostic in diagnostics:
        found = by_file.get(diagnostic.file)
        if found is not None and found.suppresses(diagnostic):
            suppressed.append(diagnostic)
        else:
            kept.append(diagnostic)
    return kept, suppressed
