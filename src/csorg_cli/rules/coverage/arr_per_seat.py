"""ARR per coverage seat is outside the published range.

ARR per CSM is the other half of coverage: a book of business too large for one person to protect
is a renewal risk, and one too small rarely pays for the seat. The published figures run from
about $1M (high touch) to $2M (at scale, tech touch); csorg accepts $1M-$5M by default (benchmark
``arr_per_seat``). Only segments that give ``arr`` and have coverage seats are checked, at the
segment's ``arr``; the amount is in the organization's ``currency``. Digital segments are checked
too: a very large book per digital seat is still concentrated risk.

Bad::

    segments:
      enterprise: {accounts: 120, arr: 60000000, motion: named, ratio: "1:12"}
    roles:
      csm-ent:
        title: Customer Success Manager
        segment: enterprise
        headcount: 10            # 6,000,000 per seat

Good::

    segments:
      enterprise: {accounts: 120, arr: 30000000, motion: named, ratio: "1:12"}
    roles:
      csm-ent:
        title: Customer Success Manager
        segment: enterprise
        headcount: 10            # 3,000,000 per seat
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.thresholds import Band, benchmark_option, number, resolve_band

NAME = "arr-per-seat"
SUMMARY = "ARR per coverage seat is outside the published range."
CATEGORY = "coverage"
DEFAULT_SEVERITY = Severity.INFO


class Options(BaseModel):
    """The accepted range of ARR per coverage seat."""

    model_config = ConfigDict(extra="forbid")

    band: Band | None = benchmark_option(
        "arr_per_seat", "Accepted ARR per coverage seat, in the organization's currency."
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield a problem at ``arr`` of each segment whose ARR per seat is outside the band."""
    band = resolve_band(ctx.benchmarks, "arr_per_seat", options.band)
    currency = ctx.org.organization.currency
    for segment_id, cover in ctx.metrics.coverage.items():
        per_seat = cover.arr_per_seat
        if per_seat is None:
            continue
        if band.max is not None and per_seat > band.max:
            direction = "above"
            fix = (
                f"{-(-int(cover.arr or 0) // max(int(band.max), 1))} coverage seats bring it "
                f"within range"
            )
        elif band.min is not None and per_seat < band.min:
            direction = "below"
            fix = "check the segment's ARR, or cover it with a lighter motion"
        else:
            continue
        seats = "seat" if cover.seats == 1 else "seats"
        yield Problem(
            path=("segments", segment_id, "arr"),
            message=f"segment {segment_id!r}: {currency} {number(round(per_seat))} ARR per "
            f"coverage seat ({cover.seats} {seats}), {direction} the range "
            f"{currency} {band.describe()} ({band.origin})",
            hint=fix,
        )
