"""ARR per coverage seat is below what the segment's motion is published to need.

ARR per CSM says whether a seat pays for itself: a named CSM whose whole book is worth less than
about $1M, or a pooled CSM under about $0.5M, costs more than the accounts can carry, and those
accounts usually belong in a lighter motion. The floor depends on the motion (benchmarks
``arr_per_seat.named`` and ``arr_per_seat.pooled``, with their sources); digital segments are
not checked, since there is no lighter motion to move them to.

There is no ceiling. A book's ARR is its accounts times their ACV: five strategic accounts of
$1.5M make a normal $7.5M book, and whether a seat carries too many accounts is
``coverage-ratio``'s and ``motion-ratio``'s question, so the two rules never give contradictory
advice about the same segment. The diagnostic is at the segment's ``arr``, in the organization's
``currency``; only segments with ``arr`` and coverage seats are checked, and not a segment with
more seats than its accounts need (``coverage-ratio`` reports that, and it is why the book is
thin).

Bad::

    segments:
      midmarket: {accounts: 120, arr: 3000000, motion: named, ratio: "1:12"}
    roles:
      csm-mm:
        title: Customer Success Manager
        segment: midmarket
        headcount: 10            # 300,000 per named seat: $25k accounts one-to-one

Good::

    segments:
      midmarket: {accounts: 120, arr: 3000000, motion: pooled, ratio: "1:60"}
    roles:
      csm-mm:
        title: Scaled CSM
        segment: midmarket
        headcount: 2             # 1,500,000 per pooled seat

A floor set in the options replaces the benchmark of that motion::

    rules:
      arr-per-seat:
        options:
          named: {min: 750000}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.thresholds import Band, benchmark_option, number, resolve_band

NAME = "arr-per-seat"
SUMMARY = "ARR per coverage seat is below the floor of the segment's motion."
CATEGORY = "coverage"
DEFAULT_SEVERITY = Severity.INFO

_LIGHTER = {"named": "pooled", "pooled": "digital"}


class Options(BaseModel):
    """The lowest accepted ARR per coverage seat, per motion."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    named: Band | None = benchmark_option(
        "arr_per_seat.named", "ARR per named coverage seat, in the organization's currency."
    )
    pooled: Band | None = benchmark_option(
        "arr_per_seat.pooled", "ARR per pooled coverage seat, in the organization's currency."
    )


def _overstaffed(ctx: RuleContext, segment_id: str) -> bool:
    """Too many seats for the accounts: coverage-ratio's finding, and the cause of a thin book."""
    cover = ctx.metrics.coverage[segment_id]
    if ctx.org.segments[segment_id].ratio:
        return cover.status() == "overstaffed"
    band = ctx.benchmarks.get(f"coverage.{cover.motion}.accounts_per_seat")
    per_seat = cover.accounts_per_seat
    return per_seat is not None and band.min is not None and per_seat < band.min


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield a problem at ``arr`` of each segment whose ARR per seat is under its motion's floor."""
    currency = ctx.org.organization.currency
    for segment_id, cover in ctx.metrics.coverage.items():
        per_seat = cover.arr_per_seat
        lighter = _LIGHTER.get(cover.motion)
        if per_seat is None or lighter is None:
            continue
        band = resolve_band(
            ctx.benchmarks, f"arr_per_seat.{cover.motion}", getattr(options, cover.motion)
        )
        if band.min is None or per_seat >= band.min or _overstaffed(ctx, segment_id):
            continue
        seats = "seat" if cover.seats == 1 else "seats"
        acv = (cover.arr or 0) / cover.accounts if cover.accounts else None
        acv_text = f", {currency} {number(round(acv))} per account" if acv else ""
        yield Problem(
            path=("segments", segment_id, "arr"),
            message=f"segment {segment_id!r}: {currency} {number(round(per_seat))} ARR per "
            f"{cover.motion} coverage seat ({cover.seats} {seats}{acv_text}), below the "
            f"{cover.motion} floor {currency} {number(band.min)} ({band.origin})",
            hint=f"accounts this size usually suit a {lighter} motion (`motion: {lighter}` with "
            f"fewer seats); or check the segment's `arr`",
        )
