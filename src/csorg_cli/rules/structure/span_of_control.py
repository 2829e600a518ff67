"""A manager leads more seats than the span band of what they lead.

Too wide a span and a manager cannot coach, review accounts or back up escalations. What "too
wide" means depends on what a manager leads, so there are four bands, each a benchmark with its
source and year (``csorg rules explain span-of-control`` lists them):

- a manager of a coverage, renewals or support team (every report an individual contributor):
  ``span.front_line``, 4-10 seats, 7 the ideal;
- a manager of a specialist team (CS operations, analytics, education, enablement, onboarding,
  services): ``span.specialist``, 2-10 seats;
- a leader of managers: ``span.director``, 2-8 seats;
- a leader of managers whose title reads as an executive (VP, chief, the head of CS):
  ``span.executive``, 2-8 seats.

What a manager leads decides the band, not the title: a "Director of Support" with eight
engineers is a front-line manager. Span counts seats on solid lines (``headcount: 8`` is eight
seats), open seats included: the manager will lead them once they are hired. Dotted lines never
count. Only the CS org is judged, from its leader down: a CEO or CRO above it and central teams
beside it are outside. A span below the band is ``narrow-span``'s finding (info). The diagnostic
is at the manager's key and says the span, the band and where the band comes from.

Bad::

    roles:
      lead-na: {title: CS Team Lead, reports_to: dir-na}
      csm-na:
        title: Customer Success Manager
        reports_to: lead-na
        headcount: 14                  # 14 seats for one front-line manager (band 4-10)

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
          front_line: {max: 12}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.structure.spans import (
    LEVEL_WORDS,
    SpanBands,
    judged_spans,
    level_of,
    resolve_bands,
)

NAME = "span-of-control"
SUMMARY = "A manager leads more seats than the span band of what they lead."
CATEGORY = "structure"
DEFAULT_SEVERITY = Severity.WARNING


class Options(SpanBands):
    """Span bands per function family and level; each defaults to its benchmark."""


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield a problem at each manager of the CS org whose span is above its band."""
    bands = resolve_bands(ctx, options)
    # A span inside every band passes whatever the manager leads: most managers, so what they
    # lead (a look at each report) is only worked out for the others.
    high = min((band.max for band in bands.values() if band.max is not None), default=None)
    for role_id, span in judged_spans(ctx).items():
        if high is None or span <= high:
            continue
        level = level_of(ctx, role_id)
        band = bands[level]
        if band.max is None or span <= band.max:
            continue
        ideal = band.value if band.value is not None else band.max
        teams = -(-span // max(int(ideal), 1))
        yield Problem(
            path=("roles", role_id),
            message=f"{role_id!r} leads {span} seats, more than the {LEVEL_WORDS[level]} band "
            f"{band.describe()} ({band.origin})",
            hint=f"split the team under {teams} managers of about {-(-span // teams)} seats "
            f"each; `csorg rules explain {NAME}` shows the sources and how to set your own band",
            at_key=True,
        )
