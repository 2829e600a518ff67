"""A baseline: the problems an org already had, so CI fails only on new ones.

``csorg validate --baseline FILE --update-baseline`` records the current diagnostics;
``csorg validate --baseline FILE`` then drops every diagnostic recorded there. A diagnostic matches
an entry on rule, file, document path and message, never on line or column, so editing another
part of the file does not resurrect old problems. Matching counts: an entry recorded twice hides
two identical diagnostics, and a third one shows.

Files are recorded relative to the baseline file's directory, so the baseline works whatever the
working directory and however the file was named on the command line (``org.yaml``,
``./org.yaml``). Entries whose problem no longer occurs are *stale*: they are returned to the caller
(``csorg validate`` prints them on stderr) and never fail the run, because fixing a problem must not
break the build; ``--update-baseline`` prunes them.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csorg_cli.diagnostics import Diagnostic

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult

BASELINE_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a csorg baseline (exit 2)."""


@dataclass(frozen=True, order=True)
class BaselineKey:
    """What identifies a recorded problem: no line or column, on purpose."""

    rule: str
    file: str
    path: str
    message: str


@dataclass(frozen=True)
class StaleEntry:
    """A recorded problem that no longer occurs ``count`` times."""

    key: BaselineKey
    count: int


def normalize_file(file: str, base: Path) -> str:
    """``file`` (as displayed) relative to ``base``, with ``/`` separators; ``<stdin>`` as is."""
    if file.startswith("<"):
        return file
    try:
        relative = os.path.relpath(os.path.abspath(file), os.path.abspath(base))
    except ValueError:  # another drive on Windows: keep it absolute
        relative = os.path.abspath(file)
    return relative.replace(os.sep, "/")


def key_of(diagnostic: Diagnostic, base: Path) -> BaselineKey:
    """The baseline key of a diagnostic."""
    return BaselineKey(
        diagnostic.rule, normalize_file(diagnostic.file, base), diagnostic.path, diagnostic.message
    )


class Baseline:
    """Recorded problems with their counts, relative to the baseline file's directory."""

    def __init__(
        self, counts: Counter[BaselineKey] | None = None, base: Path | None = None
    ) -> None:
        self.counts: Counter[BaselineKey] = counts or Counter()
        self.base = base or Path.cwd()

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file; raise :class:`BaselineError` when it is not one."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BaselineError(
                f"{path}: baseline file not found (create it with --update-baseline)"
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise BaselineError(f"{path}: cannot read the baseline ({reason})") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise BaselineError(
                f"{path}:{error.lineno}:{error.colno}: not a JSON baseline ({error.msg})"
            ) from None
        except RecursionError:
            raise BaselineError(f"{path}: not a csorg baseline (nested too deeply)") from None
        except ValueError:  # an integer of thousands of digits
            raise BaselineError(
                f"{path}: not a csorg baseline (a number of thousands of digits)"
            ) from None
        if (
            not isinstance(document, dict)
            or document.get("version") != BASELINE_VERSION
            or not isinstance(document.get("entries"), list)
        ):
            raise BaselineError(
                f"{path}: not a csorg baseline (expected "
                f'{{"version": {BASELINE_VERSION}, "entries": [...]}})'
            )
        counts: Counter[BaselineKey] = Counter()
        for index, entry in enumerate(document["entries"]):
            if not isinstance(entry, dict):
                raise BaselineError(f"{path}: entry {index} is not an object")
            fields = {}
            for name in ("rule", "file", "path", "message"):
                value = entry.get(name, "" if name == "path" else None)
                if not isinstance(value, str):
                    raise BaselineError(f"{path}: entry {index}: {name} must be a string")
                surrogate = next((c for c in value if "\ud800" <= c <= "\udfff"), None)
                if surrogate is not None:
                    raise BaselineError(
                        f"{path}: entry {index}: {name} holds a lone surrogate "
                        f"(U+{ord(surrogate):04X}), which is not text"
                    )
                fields[name] = value
            count = entry.get("count", 1)
            if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10**9:
                raise BaselineError(
                    f"{path}: entry {index}: count must be a whole number from 1 to 1,000,000,000"
                )
            counts[BaselineKey(**fields)] += count
        return cls(counts, path.resolve().parent)

    @classmethod
    def from_diagnostics(cls, diagnostics: Iterable[Diagnostic], base: Path) -> Baseline:
        """A baseline recording ``diagnostics``."""
        return cls(Counter(key_of(d, base) for d in diagnostics), base)

    def to_json(self) -> str:
        """The file's text: sorted entries, so a re-recorded baseline diffs cleanly."""
        entries = [
            {"rule": k.rule, "file": k.file, "path": k.path, "message": k.message, "count": n}
            for k, n in sorted(self.counts.items())
            if n > 0
        ]
        document = {"version": BASELINE_VERSION, "tool": "csorg", "entries": entries}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def __len__(self) -> int:
        return sum(self.counts.values())

    def filter(
        self, diagnostics: Iterable[Diagnostic], checked_files: Iterable[str]
    ) -> tuple[list[Diagnostic], list[Diagnostic], list[StaleEntry]]:
        """Split into (new, baselined) and list the stale entries of the files checked.

        Entries for files that were not checked in this run (pre-commit passes only the changed
        files) are neither used nor stale.
        """
        remaining = Counter(self.counts)
        kept: list[Diagnostic] = []
        dropped: list[Diagnostic] = []
        for diagnostic in diagnostics:
            key = key_of(diagnostic, self.base)
            if remaining[key] > 0:
                remaining[key] -= 1
                dropped.append(diagnostic)
            else:
                kept.append(diagnostic)
        checked = {normalize_file(f, self.base) for f in checked_files}
        stale = [
            StaleEntry(key, count)
            for key, count in sorted(remaining.items())
            if count > 0 and key.file in checked
        ]
        return kept, dropped, stale

    def updated(self, diagnostics: Iterable[Diagnostic], checked_files: Iterable[str]) -> Baseline:
        """This baseline with the checked files' entries replaced by ``diagnostics``."""
        checked = {normalize_file(f, self.base) for f in checked_files}
        counts: Counter[BaselineKey] = Counter(
            {k: n for k, n in self.counts.items() if k.file not in checked}
        )
        counts.update(key_of(d, self.base) for d in diagnostics)
        return Baseline(counts, self.base)


def apply_baseline(result: CheckResult, baseline: Baseline) -> list[StaleEntry]:
    """Drop baselined diagnostics from every file result (they move to ``suppressed``) and
    return the stale entries."""
    from csorg_cli.suppression import can_be_suppressed

    everything = [d for r in result.results for d in r.diagnostics if can_be_suppressed(d)]
    everything.sort(key=lambda d: d.sort_key)  # deterministic choice among duplicates
    _, dropped, stale = baseline.filter(everything, result.files)
    dropped_ids = {id(d) for d in dropped}
    for file_result in result.results:
        file_result.suppressed.extend(d for d in file_result.diagnostics if id(d) in dropped_ids)
        file_result.diagnostics = [d for d in file_result.diagnostics if id(d) not in dropped_ids]
    return stale


def describe_stale(stale: list[StaleEntry], limit: int = 20) -> list[str]:
    """Human lines for the stale entries (at most ``limit``, then a count of the rest)."""
    lines = [
        f"{e.key.file}: [{e.key.rule}] {e.key.message}"
        + (f" ({e.key.path})" if e.key.path else "")
        + (f" x{e.count}" if e.count > 1 else "")
        for e in stale[:limit]
    ]
    if len(stale) > limit:
        lines.append(f"... and {len(stale) - limit} more")
    return lines


def as_dict(entry: StaleEntry) -> dict[str, Any]:
    """A stale entry as JSON-ready data."""
    return {
        "rule": entry.key.rule,
        "file": entry.key.file,
        "path": entry.key.path,
        "message": entry.key.message,
        "count": entry.count,
    }
