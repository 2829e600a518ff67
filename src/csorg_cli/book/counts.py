"""A segment's accounts, ARR and region split, taken from the book when the org links one.

This is the one place where the typed figures of ``segments:`` give way to the data: the checked
org that every rule, ``report``, ``plan``, ``render`` and ``diff`` reads is :func:`counted_org`
of the org as written, so coverage ratios, seats needed and growth scenarios all start from the
accounts the file holds. The org as written stays in ``BuiltOrg.org``: ``segment-accounts-mismatch``
compares the two and reports where they differ.

What the data decides, per segment:

- ``accounts``: the accounts of the file in the segment. A segment the file holds no account of
  keeps its typed figure: an export of the CSMs' books often leaves out the digital long tail,
  whose accounts have no owner in the CRM (the mismatch is still reported).
- ``arr``: the sum of the accounts' ARR, when the file has an ARR column.
- ``accounts_by_region``, for a segment that splits its accounts by region: the file's accounts
  per region (regions matched without regard to case; a region the org does not name is added
  under the file's spelling, so coverage-by-region finds that no seat serves it). Accounts with
  no region are shared among the regions in proportion to their accounts, so the parts still add
  up to ``accounts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csorg_cli.book.load import Book
    from csorg_cli.model.org import OrgFile


# The fields of a segment the accounts file decides (see above): a plan that changes one of them
# projects it, and a link to today's file would undo the projection.
COUNTED_FIELDS = frozenset({"accounts", "arr", "accounts_by_region"})


@dataclass(frozen=True)
class SegmentData:
    """One segment's figures counted from the accounts file."""

    accounts: int
    arr: float
    # region as the file spells it (first seen) -> accounts; None: accounts without a region
    by_region: dict[str | None, int]
    weight: float = 0.0  # the accounts' workload weight (1 each without a weight column)

    @property
    def mean_weight(self) -> float:
        return self.weight / self.accounts if self.accounts else 0.0


def segment_data(book: Book) -> dict[str, SegmentData]:
    """Accounts, ARR and accounts per region of each segment the file holds accounts of."""
    if "segment_data" not in book.computed:
        book.computed["segment_data"] = _segment_data(book)
    return book.computed["segment_data"]


def _segment_data(book: Book) -> dict[str, SegmentData]:
    import polars as pl

    grouped = (
        book.frame.filter(pl.col("segment").is_not_null())
        .group_by("segment", pl.col("region").str.to_lowercase().alias("region_key"))
        .agg(pl.len(), pl.col("arr").sum(), pl.col("region").first(), pl.col("weight").sum())
        .sort("segment", "region_key", nulls_last=True)
    )
    out: dict[str, tuple[int, float, dict[str | None, int], float]] = {}
    for segment, _key, count, arr, region, weight in grouped.iter_rows():
        accounts, total, regions, weights = out.setdefault(segment, (0, 0.0, {}, 0.0))
        regions[region] = regions.get(region, 0) + int(count)
        out[segment] = (
            accounts + int(count),
            total + float(arr or 0.0),
            regions,
            weights + float(weight or 0.0),
        )
    return {
        segment: SegmentData(accounts, arr, regions, weight)
        for segment, (accounts, arr, regions, weight) in out.items()
    }


def counted_org(org: OrgFile, book: Book) -> OrgFile:
    """``org`` with each segment's accounts, ARR and region split taken from ``book``."""
    data = segment_data(book)
    segments = {}
    for segment_id, segment in org.segments.items():
        counted = data.get(segment_id)
        if counted is None:
            segments[segment_id] = segment
            continue
        update: dict[str, object] = {"accounts": counted.accounts}
        if book.has("arr"):
            update["arr"] = round(counted.arr, 2)
        if segment.accounts_by_region:
            update["accounts_by_region"] = _region_split(
                list(segment.accounts_by_region), counted.by_region
            )
        segments[segment_id] = segment.model_copy(update=update)
    return org.model_copy(update={"segments": segments})


def _region_split(typed_regions: list[str], by_region: dict[str | None, int]) -> dict[str, int]:
    """The file's accounts per region under the org's spelling of each region it names."""
    from csorg_cli.plan.compute import scale_split

    spelling = {region.casefold(): region for region in typed_regions}
    split = dict.fromkeys(typed_regions, 0)
    for region, count in by_region.items():
        if region is None:
            continue
        name = spelling.setdefault(region.casefold(), region)
        split[name] = split.get(name, 0) + count
    without_region = by_region.get(None, 0)
    if without_region:
        split = scale_split(split, sum(split.values()) + without_region)
    return split
