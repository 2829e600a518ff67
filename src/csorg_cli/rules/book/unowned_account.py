"""An account has no owner.

An account with an empty owner cell is covered by nobody: no CSM watches its health or renewal.
Reported at the owner cell; ``csorg rebalance`` places unowned accounts with an eligible seat.

Bad::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner
    a-1,Ana Ruiz
    a-2,

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

NAME = "unowned-account"
SUMMARY = "An account has no owner."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.WARNING


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    book = ctx.book
    if book is None:
        return
    import polars as pl

    column = book.column("owner")
    rows = book.frame.filter(pl.col("owner").is_null()).select("row", "id")
    for row, account in rows.iter_rows():
        name = f"account {account!r}" if account else f"the account on row {row}"
        yield Problem(
            (),
            f"{name} has no owner",
            "name its CSM (a person or role id of the org), or run `csorg rebalance` to place it",
            location=Location(book.file, row, column),
        )
