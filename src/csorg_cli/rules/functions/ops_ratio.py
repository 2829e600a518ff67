"""Too many CSM seats per CS operations seat, or none at a size that needs one.

CS operations builds what lets CSMs scale: health scores, playbooks, tooling, reporting and the
renewal forecast. Without it, CSMs do that work themselves, badly and in spreadsheets. Gainsight's
benchmark (2021) found about 12 CSMs per ops seat, and the first ops hire is expected at about 8
CSMs (Gainsight and TSIA). csorg counts CSM seats as the seats of coverage archetypes (csm,
scaled-csm, digital-success-manager...) and ops seats as those of operations and analytics
archetypes (CS operations manager, CS analyst), and reports:

- more CSM seats per ops seat than the maximum (15 by default, the benchmark's tolerance above
  the published 12), at the first ops role;
- no ops seat at all from ``first_hire_at_csms`` CSM seats (8), at the org's top role. Below that,
  no ops seat is normal: the CS leader usually runs operations (``owns: [operations]``).

A leader who ``owns: [operations]`` is not an ops seat: the ratio counts dedicated seats.

Bad::

    roles:
      vp-cs: {title: VP Customer Success}
      csm: {title: Customer Success Manager, reports_to: vp-cs, headcount: 20}
      ops: {title: CS Operations Manager, reports_to: vp-cs}     # 20 CSMs per ops seat

Good::

    roles:
      vp-cs: {title: VP Customer Success}
      csm: {title: Customer Success Manager, reports_to: vp-cs, headcount: 20}
      ops: {title: CS Operations Manager, reports_to: vp-cs, headcount: 2}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.functions.missing_function import function_owners
from csorg_cli.rules.thresholds import BENCHMARK_KEY, number, resolve_number

NAME = "ops-ratio"
SUMMARY = "Too many CSM seats per CS operations seat, or none at a size that needs one."
CATEGORY = "functions"
DEFAULT_SEVERITY = Severity.INFO


class Options(BaseModel):
    """Most CSM seats per ops seat, and the team size at which ops is expected."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    max_csms_per_ops_seat: float | None = Field(
        None,
        gt=0,
        description="Most CSM seats per CS operations seat (the benchmark's max).",
        json_schema_extra={BENCHMARK_KEY: "ops_ratio.csms_per_ops_seat"},
    )
    first_hire_at_csms: int | None = Field(
        None,
        ge=1,
        description="CSM seats from which a dedicated CS operations seat is expected.",
        json_schema_extra={BENCHMARK_KEY: "ops.first_hire_at_csms"},
    )


def operations_owners(ctx: RuleContext) -> list[str]:
    """Roles that own CS operations (by archetype or by ``owns:``)."""
    return function_owners(ctx, "operations")


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield a problem when CS ops is missing or thin for the number of CSM seats."""
    tree = ctx.tree
    staffing = ctx.metrics.ops
    csms, ops, ops_roles = staffing.csm_seats, staffing.ops_seats, staffing.ops_roles
    if csms == 0:
        return
    owners = operations_owners(ctx)
    if any(not tree.in_cs(role_id) for role_id in owners):
        return  # a central team does CS operations
    if ops == 0:
        first_hire, origin = resolve_number(
            ctx.benchmarks, "ops.first_hire_at_csms", options.first_hire_at_csms
        )
        if first_hire is None or csms < first_hire or not owners:
            return  # too small for a dedicated seat, or missing-function's finding
        top = tree.cs_leader or (tree.roots[0] if tree.roots else next(iter(ctx.org.roles)))
        yield Problem(
            path=("roles", top),
            message=f"{csms} CSM seats and no dedicated CS operations seat (operations is run "
            f"by {', '.join(repr(o) for o in owners[:2])}); a first ops hire is expected at "
            f"{number(first_hire)} CSMs ({origin})",
            hint="add a CS Operations Manager (type: cs-operations-manager)",
            at_key=True,
        )
        return
    limit, origin = resolve_number(
        ctx.benchmarks, "ops_ratio.csms_per_ops_seat", options.max_csms_per_ops_seat, field="max"
    )
    if limit is None:  # a configured benchmark may give only a value
        limit, origin = resolve_number(ctx.benchmarks, "ops_ratio.csms_per_ops_seat", None)
    ratio = csms / ops
    if limit is None or ratio <= limit:
        return
    needed = -(-csms // max(int(limit), 1))
    yield Problem(
        path=("roles", ops_roles[0]),
        message=f"{csms} CSM seats per {ops} CS operations seat{'s' if ops != 1 else ''}: "
        f"{ratio:.1f} CSMs per ops seat, above {number(limit)} ({origin})",
        hint=f"{needed} ops seats bring it to {number(limit)} or fewer CSMs per seat",
        at_key=True,
    )
