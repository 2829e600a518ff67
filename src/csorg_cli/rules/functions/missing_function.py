"""No one in the org owns onboarding, renewals, support or CS operations.

Four jobs sit beside account coverage in every CS org the background sources describe, and each
fails quietly when nobody owns it: onboarding (time to value), renewals (the renewal itself, not
only the relationship), support and escalation (the customer's hard day), and CS operations (the
data, tooling and processes behind health scores and forecasts). A function is owned when some
role's archetype has it among its responsibilities (a csm carries renewals, an onboarding
specialist onboarding, a support engineer support, a CS operations manager operations), or some
role lists it in ``owns:``. A planned (open) role counts: the design has an owner.

Words in ``owns:`` are matched loosely: ``onboarding`` or ``implementation``; ``renewals`` or
``renewal``; ``support``; ``operations``, ``ops``, ``cs-operations`` or ``cs-ops``. Escalation alone
does not count as support: escalations need a support line behind them. When another department
does the job (support under the CTO, say), record who works with it (``owns: [support]`` on that
role), or leave the function out with the ``functions`` option.

A central team outside the CS org (``central: true``, or outside ``organization.leader``'s tree)
that owns a function, by its archetype or by ``owns: [{function: operations}]``, owns it for the
CS org too: the background sources describe operations and enablement provided centrally.

One diagnostic per missing function, at the key of the CS org's leader (or the org's top role).

Bad::

    roles:
      head-cs: {title: Head of Customer Success}
      csm: {title: Customer Success Manager, reports_to: head-cs, headcount: 5}
      # onboarding, support and operations have no owner

Good::

    roles:
      head-cs:
        title: Head of Customer Success
        owns: [operations]              # at this size the leader runs operations
      csm: {title: Customer Success Manager, reports_to: head-cs, headcount: 5}
      onboarding: {title: Onboarding Specialist, reports_to: head-cs}
      support: {title: Support Engineer, reports_to: head-cs, headcount: 2}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext

NAME = "missing-function"
SUMMARY = "No one owns onboarding, renewals, support and escalation, or CS operations."
CATEGORY = "functions"
DEFAULT_SEVERITY = Severity.WARNING

Function = Literal["onboarding", "renewals", "support", "operations"]

# Archetype responsibility and the words in `owns:` that make a role the owner of a function.
FUNCTIONS: dict[str, tuple[str, frozenset[str], str]] = {
    "onboarding": (
        "onboarding",
        frozenset({"onboarding", "implementation", "implementations"}),
        "onboarding",
    ),
    "renewals": ("renewals", frozenset({"renewals", "renewal"}), "renewals"),
    "support": ("support", frozenset({"support"}), "support and escalation"),
    "operations": (
        "operations",
        frozenset({"operations", "ops", "cs-operations", "cs-ops"}),
        "CS operations",
    ),
}

_ALL_FUNCTIONS: tuple[Function, ...] = ("onboarding", "renewals", "support", "operations")

_EXAMPLE_ROLE = {
    "onboarding": "an Onboarding Specialist",
    "renewals": "a Renewals Manager",
    "support": "a Support Engineer",
    "operations": "a CS Operations Manager",
}


class Options(BaseModel):
    """The functions the org must own."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    functions: list[Function] = Field(
        default_factory=lambda: list(_ALL_FUNCTIONS),
        description="Functions someone must own: onboarding, renewals, support, operations.",
    )


def normalise_owned(item: str) -> str:
    """``"CS Operations"`` -> ``"cs-operations"``: how ``owns:`` words are compared."""
    return "-".join(item.lower().replace("_", " ").split())


def role_functions(ctx: RuleContext, role_id: str) -> frozenset[str]:
    """The functions (keys of :data:`FUNCTIONS`) one role owns, by archetype or ``owns:``."""
    archetype = ctx.tree.archetype(role_id)
    responsibilities = set(archetype.responsibilities) if archetype else set()
    owned = {
        function
        for function, (responsibility, _, _) in FUNCTIONS.items()
        if responsibility in responsibilities
    }
    role = ctx.org.roles[role_id]
    if role.owns:
        words = {normalise_owned(item) for item in role.owned_words}
        owned.update(
            function for function, (_, synonyms, _) in FUNCTIONS.items() if words & synonyms
        )
    return frozenset(owned)


def function_owners(ctx: RuleContext, function: str) -> list[str]:
    """Roles that own ``function``, in file order."""
    return ctx.shared(_owners_by_function).get(function, [])


def _owners_by_function(ctx: RuleContext) -> dict[str, list[str]]:
    # One pass over the roles for every rule that asks about some function's owners.
    owners: dict[str, list[str]] = {}
    for role_id in ctx.org.roles:
        for function in role_functions(ctx, role_id):
            owners.setdefault(function, []).append(role_id)
    return owners


def owned_functions(ctx: RuleContext) -> set[str]:
    """The functions (keys of :data:`FUNCTIONS`) some role owns."""
    owned: set[str] = set()
    tree = ctx.tree
    # What an archetype's responsibilities cover, worked out once per archetype, not per role.
    by_archetype: dict[str | None, frozenset[str]] = {}
    for role_id, role in ctx.org.roles.items():
        archetype = tree.archetype(role_id)
        key = archetype.id if archetype else None
        covered = by_archetype.get(key)
        if covered is None:
            responsibilities = set(archetype.responsibilities) if archetype else set()
            covered = by_archetype[key] = frozenset(
                function
                for function, (responsibility, _, _) in FUNCTIONS.items()
                if responsibility in responsibilities
            )
        owned |= covered
        if role.owns:
            words = {normalise_owned(item) for item in role.owned_words}
            owned.update(
                function for function, (_, synonyms, _) in FUNCTIONS.items() if words & synonyms
            )
    return owned


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield one problem per required function that no role owns."""
    if not ctx.org.roles:
        return  # a skeleton with no roles yet: nothing to judge
    owned = owned_functions(ctx)
    tree = ctx.tree
    top = tree.cs_leader or (tree.roots[0] if tree.roots else next(iter(ctx.org.roles)))
    for function in dict.fromkeys(options.functions):
        if function in owned:
            continue
        label = FUNCTIONS[function][2]
        central = [
            role_id
            for role_id in ctx.org.roles
            if not tree.in_cs(role_id) and _could_do(ctx, role_id, function)
        ]
        hint = (
            f"if {central[0]!r} does it for the CS org, add `owns: [{function}]` to it; else "
            f"add {_EXAMPLE_ROLE[function]}"
            if central
            else f"add {_EXAMPLE_ROLE[function]}, or add `owns: [{function}]` to the role that "
            f"does it (or works with the team that does)"
        )
        yield Problem(
            path=("roles", top),
            message=f"no one owns {label}: no role's archetype covers it and no role lists it "
            f"in owns",
            hint=hint,
            at_key=True,
            subject=function,
        )


# Central teams outside the CS org that often do a CS function for it.
_CENTRAL = {"operations": frozenset({"revenue-operations"}), "support": frozenset({"support"})}


def _could_do(ctx: RuleContext, role_id: str, function: str) -> bool:
    archetype = ctx.tree.archetype(role_id)
    return archetype is not None and archetype.function in _CENTRAL.get(function, frozenset())
