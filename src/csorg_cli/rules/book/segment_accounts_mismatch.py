"""A segment's typed ``accounts`` (or ``arr``) differs from what the accounts file holds.

When the org links a book, the accounts and ARR of each segment are counted from the data. A typed
figure that differs by more than ``tolerance`` (default 0: any difference) is reported at the
segment's ``accounts`` (or ``arr``) in the org file, with the count from the data, so the
planning numbers and the book cannot drift apart unnoticed.

Bad::

    segments:
      enterprise: {accounts: 5, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner
    a-1,Ana Ruiz
    a-2,Ana Ruiz

Good::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner
    a-1,Ana Ruiz
    a-2,Ana Ruiz
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext

NAME = "segment-accounts-mismatch"
SUMMARY = "A segment's typed accounts or ARR differs from the accounts file."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.WARNING


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tolerance: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Relative difference accepted between the typed figure and the data "
        "(0.05 = 5%).",
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    book = ctx.book
    if book is None:
        return
    from csorg_cli.book.analysis import segment_counts

    counts = segment_counts(book)
    currency = ctx.org.organization.currency
    for segment_id, segment in ctx.org.segments.items():
        count, arr = counts.get(segment_id, (0, 0.0))
        if _differs(segment.accounts, count, options.tolerance):
            yield Problem(
                ("segments", segment_id, "accounts"),
                f"segment {segment_id!r} says {segment.accounts:,} accounts; "
                f"{book.file} has {count:,}",
                f"set accounts: {count}",
            )
        if (
            segment.arr is not None
            and book.has("arr")
            and _differs(segment.arr, arr, options.tolerance)
        ):
            yield Problem(
                ("segments", segment_id, "arr"),
                f"segment {segment_id!r} says {segment.arr:,.0f} {currency} of ARR; "
                f"{book.file} sums to {arr:,.0f}",
                f"set arr: {arr:.0f}",
            )


def _differs(typed: float, data: float, tolerance: float) -> bool:
    if typed == data:
        return False
    return abs(typed - data) > tolerance * max(abs(typed), abs(data))
