"""A segment's typed ``accounts`` (or ``arr``) differs from what the accounts file holds.

When the org links a book, the accounts, ARR and split by region of each segment are counted from
the data, and every coverage rule, ``csorg report``, ``plan`` and ``render`` uses the counted
figures (a segment the file holds no account of keeps its typed figure: an export of the CSMs'
books often leaves out the digital long tail). A typed figure that differs by more than
``tolerance`` (default 0: any difference) is reported at the segment's ``accounts``, ``arr`` or
region of ``accounts_by_region`` in the org file, with the count from the data, so the typed
numbers and the book cannot drift apart unnoticed; so is a region of the file that the split
does not name.

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
    model_config = ConfigDict(extra="forbid", defer_build=True)

    tolerance: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Relative difference accepted between the typed figure and the data "
        "(0.05 = 5%).",
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    book = ctx.book
    typed = ctx.built.org
    if book is None or typed is None:
        return
    from csorg_cli.book.counts import segment_data

    data = segment_data(book)
    currency = ctx.org.organization.currency
    for segment_id, segment in typed.segments.items():
        counted = data.get(segment_id)
        count = counted.accounts if counted is not None else 0
        if _differs(segment.accounts, count, options.tolerance):
            kept = "" if counted is not None else " (csorg keeps the typed figure)"
            yield Problem(
                ("segments", segment_id, "accounts"),
                f"segment {segment_id!r} says {segment.accounts:,} accounts; "
                f"{book.file} has {count:,}{kept}",
                f"set accounts: {count}",
            )
        if counted is None:
            continue
        if (
            segment.arr is not None
            and book.has("arr")
            and _differs(segment.arr, counted.arr, options.tolerance)
        ):
            yield Problem(
                ("segments", segment_id, "arr"),
                f"segment {segment_id!r} says {segment.arr:,.0f} {currency} of ARR; "
                f"{book.file} sums to {counted.arr:,.0f}",
                f"set arr: {counted.arr:.0f}",
            )
        split = ctx.org.segments[segment_id].accounts_by_region
        for region, typed_count in segment.accounts_by_region.items():
            if _differs(typed_count, split.get(region, 0), options.tolerance):
                yield Problem(
                    ("segments", segment_id, "accounts_by_region", region),
                    f"segment {segment_id!r} says {typed_count:,} accounts in {region!r}; "
                    f"{book.file} has {split.get(region, 0):,}",
                    f"set accounts_by_region: {_flow(split)}",
                )
        others = [r for r in split if r not in segment.accounts_by_region]
        if segment.accounts_by_region and others:
            yield Problem(
                ("segments", segment_id, "accounts_by_region"),
                f"{book.file} has accounts of segment {segment_id!r} in "
                f"{', '.join(repr(r) for r in others)}, a region its split does not name",
                f"set accounts_by_region: {_flow(split)}, or fix the accounts' region",
            )


def _flow(split: dict[str, int]) -> str:
    return "{" + ", ".join(f"{region}: {count}" for region, count in split.items()) + "}"


def _differs(typed: float, data: float, tolerance: float) -> bool:
    if typed == data:
        return False
    return abs(typed - data) > tolerance * max(abs(typed), abs(data))
