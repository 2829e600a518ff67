"""The reporting tree is deeper than the layers benchmark.

Every layer between a customer and the leader of CS slows decisions and escalations and adds a
manager's cost. Layers count from the root (layer 1) down the deepest solid reporting chain; for a
CS function the published figure is five (CSM -> team lead -> director -> VP -> CCO). The
diagnostic is at the first role (in file order) on the deepest layer, and names its whole chain.

Bad::

    roles:
      cco: {title: Chief Customer Officer}
      vp: {title: VP Customer Success, reports_to: cco}
      dir: {title: "Director, Customer Success", reports_to: vp}
      sr-mgr: {title: "Senior Manager, Customer Success", reports_to: dir}
      lead: {title: CS Team Lead, reports_to: sr-mgr}
      csm: {title: CSM, reports_to: lead, headcount: 6}     # layer 6

Good::

    roles:
      cco: {title: Chief Customer Officer}
      vp: {title: VP Customer Success, reports_to: cco}
      dir: {title: "Director, Customer Success", reports_to: vp}
      lead: {title: CS Team Lead, reports_to: dir}
      csm: {title: CSM, reports_to: lead, headcount: 6}     # layer 5
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.thresholds import BENCHMARK_KEY, number, resolve_number

NAME = "max-layers"
SUMMARY = "The reporting tree is deeper than the layers benchmark."
CATEGORY = "structure"
DEFAULT_SEVERITY = Severity.WARNING


class Options(BaseModel):
    """The deepest layer allowed."""

    model_config = ConfigDict(extra="forbid")

    max: int | None = Field(
        None,
        ge=1,
        description="Most layers from the root (root = 1).",
        json_schema_extra={BENCHMARK_KEY: "layers.max"},
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield one problem at the first role on the deepest layer when it is too deep."""
    limit, origin = resolve_number(ctx.benchmarks, "layers.max", options.max)
    depth = ctx.tree.depth
    if limit is None or depth <= limit:
        return
    deepest = next(role_id for role_id in ctx.org.roles if ctx.tree.layer.get(role_id) == depth)
    roles = list(reversed(ctx.tree.chain(deepest)))
    if len(roles) > 10:  # an HRIS export can be thousands deep; the ends tell the story
        roles = [*roles[:4], f"... {len(roles) - 8} more ...", *roles[-4:]]
    chain = " -> ".join(roles)
    yield Problem(
        path=("roles", deepest),
        message=f"{depth} layers of management, more than {number(limit)} ({origin}): {chain}",
        hint="remove a layer (a senior manager or second-level lead) by widening spans above it",
        at_key=True,
    )
