"""A manager leads more seats, or fewer, than the span benchmark of their level.

Too wide a span and a manager cannot coach, review accounts or back up escalations; too narrow and
the org pays for layers of management it does not need. What "right" means depends on what a
manager leads, so there are three bands, each a benchmark with its source:

- front-line managers (every report is an individual contributor, whatever the title: a "Director
  of Support" with eight engineers, or a head of CS who manages CSMs directly): ``span.front_line``,
  5-10 seats;
- leaders of managers: ``span.director``, 3-8 seats;
- leaders of managers whose archetype is executive (VP, chief): ``span.executive``, 3-8 seats.

Span counts seats on solid lines (a role with ``headcount: 8`` is eight seats), open seats
included: the manager will lead them once they are hired. Dotted lines never count. A span of
exactly one is left to ``manager-of-one``, so it is not reported twice. The diagnostic
is at the manager's key and says the span, the band and where the band comes from.

Bad::

    roles:
      lead-na: {title: CS Team Lead, reports_to: dir-na}
      csm-na:
        title: Customer Success Manager
        reports_to: lead-na
        headcount: 14                  # 14 seats for one front-line manager (band 5-10)

Good::

    roles:
      lead-na-east: {title: CS Team Lead, reports_to: dir-na}
      csm-na-east: {title: CSM, reports_to: lead-na-east, headcount: 7}
      lead-na-west: {title: CS Team Lead, reports_to: dir-na}
      csm-na-west: {title: CSM, reports_to: lead-na-west, headcount: 7}

A band set in the options replaces the benchmark for this rule (either end alone is fine)::

    rules:
      span-of-control:
        options:
          front_line: {min: 4, max: 12}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from csorg_cli.analysis.metrics import span_level
from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.thresholds import Band, Threshold, benchmark_option, resolve_band

NAME = "span-of-control"
SUMMARY = "A manager leads more or fewer seats than the span band of their level."
CATEGORY = "structure"
DEFAULT_SEVERITY = Severity.WARNING

_LEVEL_WORDS = {
    "front_line": "front-line manager",
    "director": "leader of managers",
    "executive": "executive",
}


class Options(BaseModel):
    """Span bands per level; each defaults to its benchmark."""

    model_config = ConfigDict(extra="forbid")

    front_line: Band | None = benchmark_option(
        "span.front_line", "Seats a manager of individual contributors may lead."
    )
    director: Band | None = benchmark_option(
        "span.director", "Seats a leader of managers may lead."
    )
    executive: Band | None = benchmark_option(
        "span.executive", "Seats an executive (VP, chief) who leads managers may lead."
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield a problem at each manager whose span is outside the band of its level."""
    tree = ctx.tree
    bands: dict[str, Threshold] = {
        level: resolve_band(ctx.benchmarks, f"span.{level}", getattr(options, level))
        for level in ("front_line", "director", "executive")
    }
    # A span inside every band passes whatever the manager's level: most managers, so their
    # level (a look at each report) is only worked out for the others.
    low = max((band.min for band in bands.values() if band.min is not None), default=None)
    high = min((band.max for band in bands.values() if band.max is not None), default=None)
    for role_id, span in ctx.metrics.spans.spans.items():
        if (low is None or span >= low) and (high is None or span <= high):
            continue
        if span == 1 or role_id not in tree.layer:
            # A span of one is manager-of-one's finding; a team on a reporting cycle has no
            # level until reporting-cycle's error is fixed.
            continue
        level = span_level(tree, role_id)
        band = bands[level]
        if band.max is not None and span > band.max:
            direction, fix = "more", "split the team under a second manager"
        elif band.min is not None and span < band.min:
            direction, fix = (
                "fewer",
                ("merge it with a neighbouring team, or have its seats report one level up"),
            )
        else:
            continue
        seats = "seat" if span == 1 else "seats"
        yield Problem(
            path=("roles", role_id),
            message=f"{role_id!r} leads {span} {seats}, {direction} than the "
            f"{_LEVEL_WORDS[level]} band {band.describe()} ({band.origin})",
            hint=f"{fix}; `csorg rules explain {NAME}` shows the sources and how to set "
            f"your own band",
            at_key=True,
        )
