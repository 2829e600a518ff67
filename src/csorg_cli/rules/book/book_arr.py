"""A book's ARR is outside the benchmark range of ARR per coverage seat.

The ARR of each named-motion book (summed from the accounts' ARR) is divided by the seats it
stands for and compared with the ``arr_per_seat.named`` benchmark (at least $1M by default; the
``band`` option sets your own range), as ``arr-per-seat`` does for a whole segment. Pooled and
digital books are not checked: their seats serve many accounts each, and a revenue band says
little about them.
Reported at the owner cell of the book's first account; only books of a file with an ARR column.

Bad::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner,arr
    a-1,Ana Ruiz,200000
    a-2,Ana Ruiz,100000

Good::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner,arr
    a-1,Ana Ruiz,1200000
    a-2,Ana Ruiz,900000
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from csorg_cli.diagnostics import Location, Severity
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.thresholds import Band, benchmark_option, resolve_band

NAME = "book-arr"
SUMMARY = "A book's ARR is outside the benchmark range of ARR per coverage seat."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.INFO
BENCHMARKS = ("arr_per_seat.named",)


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    band: Band | None = benchmark_option(
        "arr_per_seat.named",
        "Accepted ARR per named book and seat, in the organization's currency.",
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    book = ctx.book
    if book is None or not book.has("arr"):
        return
    from csorg_cli.book.analysis import seat_books

    band = resolve_band(ctx.benchmarks, "arr_per_seat.named", options.band)
    currency = ctx.org.organization.currency
    for seat_book in seat_books(book, ctx.metrics, ctx.org.organization.as_of):
        segment = ctx.org.segments.get(seat_book.segment or "")
        if segment is None or segment.motion != "named" or seat_book.first_row is None:
            continue
        per_seat = seat_book.arr / max(seat_book.seats, 1)
        low = band.min if band.min is not None else 0.0
        high = band.max if band.max is not None else float("inf")
        if low <= per_seat <= high:
            continue
        seat = book.owners.seats[seat_book.seat]
        side = "above" if per_seat > high else "below"
        yield Problem(
            (),
            f"{seat.label} carries {per_seat:,.0f} {currency} of ARR per seat, {side} the "
            f"{band.describe()} band of a named book ({band.origin})",
            "rebalance ARR with `csorg rebalance --objective arr`, or review the segment's ratio",
            location=Location(book.file, seat_book.first_row, book.column("owner")),
        )
