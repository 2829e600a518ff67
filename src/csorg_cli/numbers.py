"""How csorg writes a count, a figure or a band for people: reports, plans, diffs, rule messages.

One home, so the same number reads the same everywhere: :func:`count` for figures (``1,234``,
``12.5``), :func:`exact` where every digit matters (benchmarks, ``0.25``), :func:`band` for a range
with open ends.
"""

from __future__ import annotations

from collections.abc import Callable


def count(value: float | int | None, missing: str = "—") -> str:
    """``1,234``, ``12.5`` (one decimal at most), or ``missing`` for nothing."""
    if value is None:
        return missing
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def exact(value: float | int) -> str:
    """``1,000``, ``12``, ``0.25``: every significant digit, whole floats without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def band(
    low: float | int | None,
    high: float | int | None,
    number: Callable[[float | int], str] = count,
    *,
    ascii: bool = False,
    none: str = "—",
) -> str:
    """``5–25``, ``≥ 500`` or ``≤ 10`` (``5-25``, ``>= 500``, ``<= 10`` with ``ascii``), or
    ``none`` when neither end is set."""
    if low is not None and high is not None:
        return f"{number(low)}{'-' if ascii else '–'}{number(high)}"
    if low is not None:
        return f"{'>=' if ascii else '≥'} {number(low)}"
    if high is not None:
        return f"{'<=' if ascii else '≤'} {number(high)}"
    return none
