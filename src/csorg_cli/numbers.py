"""How csorg writes a count or figure for people, in reports, plans and diffs alike."""

from __future__ import annotations


def count(value: float | int | None, missing: str = "—") -> str:
    """``1,234``, ``12.5`` (one decimal at most), or ``missing`` for nothing."""
    if value is None:
        return missing
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"
