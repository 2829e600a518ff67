"""Number formats shared by every report format, so a figure reads the same everywhere."""

from __future__ import annotations

from csorg_cli import numbers
from csorg_cli.numbers import count
from csorg_cli.report.model import CoverageRow


def money(value: float | int | None) -> str:
    """Compact money: ``54.0M``, ``850K``, ``999``; an em dash for nothing."""
    if value is None:
        return "—"
    magnitude = abs(value)
    if magnitude >= 1_000_000_000:
        return f"{value / 1_000_000_000:,.2f}B"
    if magnitude >= 10_000_000:
        return f"{value / 1_000_000:,.1f}M"
    if magnitude >= 1_000_000:
        return f"{value / 1_000_000:,.2f}M"
    if magnitude >= 10_000:
        return f"{value / 1_000:,.0f}K"
    return f"{value:,.0f}"


def band(low: float | int | None, high: float | int | None, formatter=count) -> str:
    """``5–25``, ``≥ 500`` or ``≤ 10``; an em dash when there is no band."""
    return numbers.band(low, high, formatter)


def signed(value: float) -> str:
    """``+3``, ``-2``, ``+0.5`` or ``0``: seats above or below what the target needs."""
    from csorg_cli.numbers import count

    text = count(abs(value))
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else "0"


def ratio(value: int) -> str:
    return f"1:{value:,}"


def coverage_cells(row: CoverageRow, currency: str) -> dict[str, str]:
    """The coverage row's figures as display strings, keyed by column."""
    c = row.coverage
    within = {True: "yes", False: "no", None: "—"}[row.within_band]
    return {
        "segment": c.name,
        "motion": c.motion,
        "accounts": count(c.accounts),
        "arr": money(c.arr),
        "seats": count(c.seats) + (f" ({c.open_seats} open)" if c.open_seats else ""),
        "per_seat": count(c.accounts_per_seat),
        "arr_per_seat": money(c.arr_per_seat),
        "target": ratio(c.target_ratio),
        "needed": count(c.seats_needed),
        "gap": signed(row.seat_gap),
        "band": band(c.band_min, c.band_max),
        "in_band": within,
        "status": row.status,
    }


COVERAGE_HEADERS: dict[str, str] = {
    "segment": "Segment",
    "motion": "Motion",
    "accounts": "Accounts",
    "arr": "ARR",
    "seats": "Coverage seats",
    "per_seat": "Accounts / seat",
    "arr_per_seat": "ARR / seat",
    "target": "Target",
    "needed": "Seats needed",
    "gap": "Seat gap",
    "band": "Benchmark accounts / seat",
    "in_band": "In band",
    "status": "Status",
}

# Narrower headers for the terminal, where twelve columns must fit in about 120 characters.
COVERAGE_SHORT_HEADERS: dict[str, str] = {
    "seats": "Seats",
    "per_seat": "Acc/seat",
    "arr_per_seat": "ARR/seat",
    "needed": "Needed",
    "gap": "Gap",
    "band": "Bench",
}
