"""An account's owner serves another segment, region or product than the account.

An enterprise account carried by an SMB CSM, or an EMEA account by a CSM of NA, gets the wrong
motion or the wrong time zone; an account of a product its CSM does not cover gets no one who
knows the product. The owner's segment and region are those of the role the owner holds in the
org; a role without a region serves every region, and an account without a segment or region is
not compared. When CSMs are organized by product (a role ``owns`` products of the org's
``products:``, as plain words: ``owns: [analytics]``), an account's products (the ``products``
column, separated by ``;`` or ``,``) must all be owned by its CSM's role; a role that owns no
product carries accounts of any. Reported at the account's segment, region or products cell.

Bad::

    segments:
      enterprise: {accounts: 1, motion: named, ratio: "1:2"}
      smb: {accounts: 1, motion: pooled, ratio: "1:100"}
    accounts: accounts.csv
    roles:
      vp: {title: VP Customer Success}
      csm: {title: Customer Success Manager, reports_to: vp, segment: enterprise, person: Ana Ruiz}
      scaled: {title: Scaled CSM, reports_to: vp, segment: smb, person: Cy Li}
    # accounts.csv
    account_id,owner,segment
    a-1,Ana Ruiz,enterprise
    a-2,Ana Ruiz,smb

Good::

    segments:
      enterprise: {accounts: 1, motion: named, ratio: "1:2"}
      smb: {accounts: 1, motion: pooled, ratio: "1:100"}
    accounts: accounts.csv
    roles:
      vp: {title: VP Customer Success}
      csm: {title: Customer Success Manager, reports_to: vp, segment: enterprise, person: Ana Ruiz}
      scaled: {title: Scaled CSM, reports_to: vp, segment: smb, person: Cy Li}
    # accounts.csv
    account_id,owner,segment
    a-1,Ana Ruiz,enterprise
    a-2,Cy Li,smb
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Location, Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "account-owner-mismatch"
SUMMARY = "An account's owner serves another segment, region or product than the account."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.WARNING


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    book = ctx.book
    if book is None:
        return
    import polars as pl

    seats = book.owners.seats
    # A pool that serves several segments is listed as "a|b": the account's must be one of them.
    seat_segment = {key: "|".join(seat.segments) for key, seat in seats.items() if seat.segments}
    seat_region = {key: seat.region.casefold() for key, seat in seats.items() if seat.region}
    frame = book.frame.filter(pl.col("seat").is_not_null()).select(
        "row",
        "id",
        "seat",
        "segment",
        "region",
        pl.col("seat")
        .replace_strict(seat_segment, default=None, return_dtype=pl.String)
        .alias("seat_segment"),
        pl.col("seat")
        .replace_strict(seat_region, default=None, return_dtype=pl.String)
        .alias("seat_region"),
    )
    # Derived segments (from the owner) always match: only a segment the file states is compared.
    segment_off = (
        pl.col("segment").is_not_null()
        & pl.col("seat_segment").is_not_null()
        & ~pl.concat_str(pl.lit("|"), pl.col("seat_segment"), pl.lit("|")).str.contains(
            pl.concat_str(pl.lit("|"), pl.col("segment"), pl.lit("|")), literal=True
        )
    )
    region_off = (
        pl.col("region").is_not_null()
        & pl.col("seat_region").is_not_null()
        & (pl.col("region").str.to_lowercase() != pl.col("seat_region"))
    )
    flagged = frame.with_columns(segment_off=segment_off, region_off=region_off).filter(
        pl.col("segment_off") | pl.col("region_off")
    )
    for row in flagged.iter_rows(named=True):
        seat = seats[row["seat"]]
        name = f"account {row['id']!r}" if row["id"] else f"the account on row {row['row']}"
        if row["segment_off"] and book.segment_from_file:
            yield Problem(
                (),
                f"{name} is in segment {row['segment']!r} but its owner {seat.label} serves "
                f"{' and '.join(map(repr, seat.segments))}",
                "move the account to a CSM of its segment, or fix its segment",
                location=Location(book.file, row["row"], book.column("segment")),
            )
        if row["region_off"]:
            yield Problem(
                (),
                f"{name} is in region {row['region']!r} but its owner {seat.label} serves "
                f"{seat.region!r}",
                "move the account to a CSM of its region, or fix its region",
                location=Location(book.file, row["row"], book.column("region")),
            )
    if not book.has("products"):
        return
    from csorg_cli.book.eligibility import rows_not_served

    for row, account, seat_key, products in (
        rows_not_served(book, "products").select("row", "id", "seat", "products").iter_rows()
    ):
        seat = seats[seat_key]
        name = f"account {account!r}" if account else f"the account on row {row}"
        yield Problem(
            (),
            f"{name} uses {products!r} but its owner {seat.label} covers "
            f"{', '.join(sorted(seat.products))}",
            "move the account to a CSM of its products, or add the product to the owner's "
            "role `owns:`",
            location=Location(book.file, row, book.column("products")),
        )
