"""Two rows of the accounts file have the same account id.

A duplicate counts the account twice in a book, and a rebalance could move one copy and keep the
other. Every row after the first with the same id (compared as written, after trimming spaces)
is reported at its id cell, with the first row as related location.

Bad::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner
    a-1,Ana Ruiz
    a-1,Ana Ruiz

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

from csorg_cli.diagnostics import Location, Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "duplicate-account"
SUMMARY = "Two rows of the accounts file have the same account id."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.ERROR


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    book = ctx.book
    if book is None:
        return
    import polars as pl

    # Only the ids that repeat are grouped (a million distinct ids cost one hash pass).
    frame = book.frame.select("row", "id").filter(
        pl.col("id").is_not_null() & pl.col("id").is_duplicated()
    )
    first = frame.group_by("id").agg(pl.col("row").min().alias("first"))
    repeated = frame.join(first, on="id").filter(pl.col("row") != pl.col("first")).sort("row")
    column = book.column("id")
    for row, account, first_row in repeated.select("row", "id", "first").iter_rows():
        yield Problem(
            (),
            f"account id {account!r} is also on row {first_row}",
            "keep one row per account (merge the two, or fix the id)",
            location=Location(book.file, row, column),
            related=(Location(book.file, first_row, column),),
        )
