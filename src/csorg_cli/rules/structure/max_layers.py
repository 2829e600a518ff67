"""The reporting tree is deeper than the layers benchmark.

Every layer between a customer and the leader of CS slows decisions and escalations and adds a
manager's cost. Layers count from the CS leader (layer 1) down the deepest solid reporting chain,
not from whatever tops the file: a CEO and a CRO above the CS org add no layer to it. For a CS
function the published figure is five (CSM -> team lead -> director -> VP -> CCO). The CS leader
is ``organization.leader`` when the file names it, else the Customer Success role nearest the top.
The diagnostic is at the first role (in file order) on the deepest layer, and names its chain from
the CS leader.

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

    model_config = ConfigDict(extra="forbid", defer_build=True)

    max: int | None = Field(
        None,
        ge=1,
        description="Most layers from the CS leader (the leader = 1).",
        json_schema_extra={BENCHMARK_KEY: "layers.max"},
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield one problem at the first role on the deepest layer when it is too deep."""
    limit, origin = resolve_number(ctx.benchmarks, "layers.max", options.max)
    tree = ctx.tree
    depth = tree.cs_depth
    if limit is None or depth <= limit:
        return
    deepest = next(role_id for role_id in ctx.org.roles if tree.cs_layer(role_id) == depth)
    roles = list(reversed(tree.chain(deepest)))[-depth:]
    if len(roles) > 10:  # an HRIS export can be thousands deep; the ends tell the story
        roles = [*roles[:4], f"... {len(roles) - 8} more ...", *roles[-4:]]
    chain = " -> ".join(roles)
    yield Problem(
        path=("roles", deepest),
        message=f"{depth} layers from the CS leader, more than {number(limit)} ({origin}): {chain}",
        hint="remove a layer (a senior manager or second-level lead) by widening spans above it",
        at_key=True,
    )
