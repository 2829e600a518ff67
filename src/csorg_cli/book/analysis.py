"""Figures per book: accounts, ARR, weight and load of each seat against its segment's target.

Computed column-wise once per book (a polars ``group_by`` over the accounts), and shared by the
rules (``book-load``, ``book-arr``), ``csorg book`` and ``csorg rebalance``'s before/after table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csorg_cli.analysis.metrics import OrgMetrics
    from csorg_cli.book.load import Book

# "Renewals due next quarter": within this many days of the as-of date.
QUARTER_DAYS = 91


@dataclass(frozen=True)
class SeatBook:
    """One seat's book, against the target of the seat's segment."""

    seat: str
    role_id: str
    segment: str | None
    region: str | None
    seats: float  # FTE
    accounts: int
    arr: float
    weight: float
    target: float | None  # accounts the seat(s) should carry: ratio x seats
    target_weight: float | None  # the same in workload weight (segment's mean weight x target)
    renewals_next_quarter: int
    first_row: int | None  # first row of the book in the accounts file (None: empty book)

    @property
    def load(self) -> float | None:
        """Accounts against target (1.0 = on target)."""
        return self.accounts / self.target if self.target else None

    @property
    def weight_load(self) -> float | None:
        return self.weight / self.target_weight if self.target_weight else None


def days_after(day: date, days: int) -> date:
    """``day`` plus ``days``, or the last day a date can hold (an as-of date in year 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


def seat_books(book: Book, metrics: OrgMetrics, as_of: date | None = None) -> list[SeatBook]:
    """Every seat's book, in the org's role order (empty books included)."""
    as_of = as_of or date.today()
    key = ("seat_books", as_of)
    cached = book.computed.get(key)
    if cached is None or cached[0] is not metrics:  # the metrics are kept: never a reused id
        cached = book.computed[key] = (metrics, _seat_books(book, metrics, as_of))
    return cached[1]


def _seat_books(book: Book, metrics: OrgMetrics, as_of: date) -> list[SeatBook]:
    import polars as pl

    from csorg_cli.book.counts import segment_data

    horizon = days_after(as_of, QUARTER_DAYS)
    frame = book.frame.filter(pl.col("seat").is_not_null())
    grouped = frame.group_by("seat").agg(
        pl.len().alias("accounts"),
        pl.col("arr").sum().alias("arr"),
        pl.col("weight").sum().alias("weight"),
        pl.col("renewal_date").is_between(as_of, horizon).sum().alias("renewals"),
        pl.col("row").min().alias("first_row"),
    )
    by_seat = {row[0]: row[1:] for row in grouped.iter_rows()}
    mean_weight = (
        {segment: data.mean_weight for segment, data in segment_data(book).items()}
        if book.has("weight")
        else {}
    )
    coverage = metrics.coverage
    out: list[SeatBook] = []
    for key, seat in book.owners.seats.items():
        accounts, arr, weight, renewals, first_row = by_seat.get(key, (0, 0.0, 0.0, 0, None))
        cover = coverage.get(seat.segment or "")
        target = cover.target_ratio * seat.seats if cover is not None else None
        segment_weight = mean_weight.get(seat.segment or "")
        out.append(
            SeatBook(
                seat=key,
                role_id=seat.role_id,
                segment=seat.segment,
                region=seat.region,
                seats=seat.seats,
                accounts=int(accounts),
                arr=float(arr or 0.0),
                weight=float(weight or 0.0),
                target=float(target) if target else None,
                target_weight=target * segment_weight if target and segment_weight else None,
                renewals_next_quarter=int(renewals or 0),
                first_row=first_row,
            )
        )
    return out
