"""Default thresholds (benchmarks) with their public sources, overridable in configuration.

Nothing about CS org design is standardised, so csorg ships no bare magic numbers: every threshold a
rule uses is a :class:`Benchmark` read from ``benchmarks.yaml`` and carries the source and year it
came from, which ``csorg rules explain`` shows. Configuration replaces numbers through
:meth:`Benchmarks.with_overrides`, and the result says so (``source: configuration``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from csorg_cli import numbers
from csorg_cli.model.datafile import packaged_text, read_section
from csorg_cli.suggest import closest_match, did_you_mean

__all__ = ["CONFIGURATION_SOURCE", "Benchmark", "BenchmarkError", "Benchmarks"]

CONFIGURATION_SOURCE = "configuration"

_NUMBER_FIELDS = ("value", "min", "max")
_FIELDS = frozenset({*_NUMBER_FIELDS, "source", "year", "url", "note"})
_DEFAULT_RESOURCE = "benchmarks.yaml"

Number = int | float


class BenchmarkError(ValueError):
    """A benchmarks file or an override is malformed (unknown key, bad number, min > max)."""


@dataclass(frozen=True)
class Benchmark:
    """One threshold: a target ``value`` and/or an accepted ``min``..``max`` band, with a source."""

    key: str
    value: Number | None
    min: Number | None
    max: Number | None
    source: str
    year: int | None
    note: str = ""
    url: str | None = None  # where the (first) source can be read, when it is public

    def contains(self, x: Number) -> bool:
        """True when ``x`` lies inside the band (an open end accepts anything on that side)."""
        return (self.min is None or x >= self.min) and (self.max is None or x <= self.max)

    def describe(self) -> str:
        """Short human form such as ``5-25 (Lyniro ...; undated)`` for messages."""
        band = numbers.band(self.min, self.max, numbers.exact, ascii=True, none="")
        if self.value is not None:
            band = numbers.exact(self.value) + (f" (band {band})" if band else "")
        when = str(self.year) if self.year is not None else "undated"
        if self.source == CONFIGURATION_SOURCE:
            when = "override"
        return f"{band} [{self.source}; {when}]"


def _number(key: str, field: str, raw: Any) -> Number | None:
    # bool is an int subclass; `max: true` is a mistake, not 1.
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        raise BenchmarkError(f"benchmark {key!r}: {field} must be a number or null, not {raw!r}")
    return raw


def _check_band(b: Benchmark) -> None:
    if b.min is not None and b.max is not None and b.min > b.max:
        raise BenchmarkError(f"benchmark {b.key!r}: min {b.min} is greater than max {b.max}")
    if b.value is None and b.min is None and b.max is None:
        raise BenchmarkError(f"benchmark {b.key!r}: needs a value, a min or a max")


class Benchmarks:
    """An immutable, ordered mapping of benchmark key to :class:`Benchmark`."""

    def __init__(self, items: Mapping[str, Benchmark] | Iterable[Benchmark]) -> None:
        """Build from benchmarks (or a key -> benchmark mapping); validates every band."""
        values = items.values() if isinstance(items, Mapping) else items
        self._items: dict[str, Benchmark] = {}
        for b in values:
            _check_band(b)
            self._items[b.key] = b

    @classmethod
    def load(cls, path: Path | None = None) -> Benchmarks:
        """Load benchmarks from ``path``, or the packaged ``benchmarks.yaml`` (cached) if None."""
        if path is None:
            return _default_benchmarks()
        return cls.from_text(Path(path).read_text(encoding="utf-8"), source=str(path))

    @classmethod
    def from_text(cls, text: str, source: str = "<benchmarks>") -> Benchmarks:
        """Parse benchmarks YAML text; raise :class:`BenchmarkError` when it is malformed."""
        section = read_section(text, source, "benchmarks", BenchmarkError)
        out: list[Benchmark] = []
        for key, raw in section.items():
            if not isinstance(raw, dict):
                raise BenchmarkError(f"{source}: benchmark {key!r} must be a mapping")
            unknown = set(raw) - _FIELDS
            if unknown:
                raise BenchmarkError(
                    f"{source}: benchmark {key!r}: unknown field(s) {sorted(unknown)}"
                )
            src = raw.get("source")
            if not isinstance(src, str) or not src.strip():
                raise BenchmarkError(f"{source}: benchmark {key!r} has no source")
            year = raw.get("year")
            if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
                raise BenchmarkError(
                    f"{source}: benchmark {key!r}: year must be an integer or null"
                )
            url = raw.get("url")
            if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
                raise BenchmarkError(
                    f"{source}: benchmark {key!r}: url must be an https:// address or null"
                )
            out.append(
                Benchmark(
                    key=str(key),
                    url=url,
                    value=_number(key, "value", raw.get("value")),
                    min=_number(key, "min", raw.get("min")),
                    max=_number(key, "max", raw.get("max")),
                    source=" ".join(src.split()),
                    year=year,
                    note=" ".join(str(raw.get("note") or "").split()),
                )
            )
        return cls(out)

    # -- lookup

    def get(self, key: str) -> Benchmark:
        """Return the benchmark for ``key``; raise KeyError (with a did-you-mean) if unknown."""
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(self._unknown_message(key)) from None

    def __getitem__(self, key: str) -> Benchmark:
        return self.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[Benchmark]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Benchmarks({len(self)} entries)"

    @property
    def keys(self) -> tuple[str, ...]:
        """Benchmark keys in file order."""
        return tuple(self._items)

    def coverage(self, motion: str) -> tuple[Benchmark, Benchmark]:
        """The (accounts-per-seat band, default ratio) pair of a coverage motion."""
        return (
            self.get(f"coverage.{motion}.accounts_per_seat"),
            self.get(f"coverage.{motion}.default_ratio"),
        )

    def _unknown_message(self, key: str) -> str:
        hint = did_you_mean(key, self._items)
        return f"unknown benchmark {key!r}" + (f"; {hint}" if hint else "")

    # -- configuration

    def with_overrides(
        self, mapping: Mapping[str, Mapping[str, Any] | Number | None]
    ) -> Benchmarks:
        """Return a copy with some numbers replaced from configuration.

        ``mapping`` is ``{key: {value|min|max: number or null}}``; a bare number is shorthand for
        ``{value: n}``. Fields not given keep their defaults; every overridden benchmark gets
        ``source: configuration`` and no year, so reports never credit a public source with a
        number someone chose. Unknown keys or fields, non-numbers and min > max raise
        :class:`BenchmarkError`.
        """
        items = dict(self._items)
        for key, override in mapping.items():
            if key not in items:
                raise BenchmarkError(self._unknown_message(key))
            fields: Mapping[str, Any]
            fields = override if isinstance(override, Mapping) else {"value": override}
            unknown = set(fields) - set(_NUMBER_FIELDS) - {"note"}
            if unknown:
                close = [
                    m
                    for u in sorted(unknown)
                    if (m := closest_match(str(u), _NUMBER_FIELDS, cutoff=0.5)) is not None
                ]
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise BenchmarkError(
                    f"benchmark {key!r}: cannot override {sorted(map(str, unknown))} "
                    f"(only value, min, max){hint}"
                )
            old = items[key]
            changes: dict[str, Any] = {
                f: _number(key, f, fields[f]) for f in _NUMBER_FIELDS if f in fields
            }
            new = replace(
                old,
                **changes,
                source=CONFIGURATION_SOURCE,
                year=None,
                url=None,
                note=str(fields.get("note") or f"overrides the default from {old.source}"),
            )
            _check_band(new)
            items[key] = new
        return Benchmarks(items)


@functools.cache
def _default_benchmarks() -> Benchmarks:
    return Benchmarks.from_text(packaged_text(_DEFAULT_RESOURCE), source=_DEFAULT_RESOURCE)
