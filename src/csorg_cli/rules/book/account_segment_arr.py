"""An account's ARR puts it in another segment than the one the file gives it.

With ``segments_by_arr`` on the accounts entry (the lowest ARR of each segment), an account whose
ARR falls in another segment's band is reported at its ARR cell: it is served by the wrong motion,
or the segment in the CRM is stale. Only files with both a segment and an ARR column are compared
(without a segment column, the segment is derived from the ARR and always agrees).

Bad::

    segments:
      enterprise: {accounts: 1, motion: named, ratio: "1:2"}
      smb: {accounts: 1, motion: pooled, ratio: "1:100"}
    accounts: {file: accounts.csv, segments_by_arr: {enterprise: 250000, smb: 0}}
    roles:
      vp: {title: VP Customer Success}
      csm: {title: Customer Success Manager, reports_to: vp, segment: enterprise, person: Ana Ruiz}
      scaled: {title: Scaled CSM, reports_to: vp, segment: smb, person: Cy Li}
    # accounts.csv
    account_id,owner,segment,arr
    a-1,Ana Ruiz,enterprise,300000
    a-2,Cy Li,smb,480000

Good::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
      smb: {accounts: 1, motion: pooled, ratio: "1:100"}
    accounts: {file: accounts.csv, segments_by_arr: {enterprise: 250000, smb: 0}}
    roles:
      vp: {title: VP Customer Success}
      csm: {title: Customer Success Manager, reports_to: vp, segment: enterprise, person: Ana Ruiz}
      scaled: {title: Scaled CSM, reports_to: vp, segment: smb, person: Cy Li}
    # accounts.csv
    account_id,owner,segment,arr
    a-1,Ana Ruiz,enterprise,300000
    a-2,Ana Ruiz,enterprise,480000
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Location, Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "account-segment-arr"
SUMMARY = "An account's ARR puts it in another segment than the one the file gives it."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.WARNING


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    book = ctx.book
    if book is None or not book.segments_by_arr or not book.segment_from_file:
        return
    import polars as pl

    currency = ctx.org.organization.currency
    flagged = book.frame.filter(
        pl.col("arr_segment").is_not_null()
        & pl.col("segment").is_not_null()
        & (pl.col("arr_segment") != pl.col("segment"))
    ).select("row", "id", "arr", "segment", "arr_segment")
    for row, account, arr, segment, arr_segment in flagged.iter_rows():
        name = f"account {account!r}" if account else f"the account on row {row}"
        lowest = book.segments_by_arr[arr_segment]
        yield Problem(
            (),
            f"{name} has {arr:,.0f} {currency} of ARR, in the {arr_segment!r} band "
            f"(from {lowest:,.0f}), but is in segment {segment!r}",
            f"re-segment the account to {arr_segment!r}, or review `segments_by_arr`",
            location=Location(book.file, row, book.column("arr")),
        )
