"""A key names a role or a group that does not exist.

``organization.leader`` and a role's ``held_by`` name roles; a role's ``group`` and a group's
``within`` name groups (the keys under ``groups:``). A name that matches nothing silently drops
the structure it was meant to express: the CS org would have no leader, a shared seat would count
as another person, a team would sit in no frame of the chart. ``held_by`` must also name another
role, with one seat, and ``within`` must not loop back to the group itself.

Bad::

    organization: {name: Acme, leader: vp-cs}
    groups:
      scaled: {name: Scaled CS}
    roles:
      head-cs: {title: Head of Customer Success}
      pool: {title: Scaled CSM, reports_to: head-cs, group: scaled-cs}

Good::

    organization: {name: Acme, leader: head-cs}
    groups:
      scaled: {name: Scaled CS}
    roles:
      head-cs: {title: Head of Customer Success}
      pool: {title: Scaled CSM, reports_to: head-cs, group: scaled}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.model.build import did_you_mean
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "unknown-reference"
SUMMARY = "leader, held_by, group or within names a role or group that does not exist."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
Options = NoOptions


def _unknown_role(ctx: RuleContext, role_id: str) -> str | None:
    """A hint when ``role_id`` names no role, else None."""
    if ctx.role_exists(role_id):
        return None
    return did_you_mean(role_id, ctx.org.roles) or "the id of a role (a key under `roles:`)"


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at each reference to a missing role or group."""
    org = ctx.org
    leader = org.organization.leader if org.organization is not None else None
    if leader is not None:
        hint = _unknown_role(ctx, leader)
        if hint is not None:
            yield Problem(
                path=("organization", "leader"),
                message=f"the CS org's leader is {leader!r}, which is not a role",
                hint=hint,
            )
    groups = org.groups
    group_hint = ", ".join(groups) or "none are defined under `groups:`"
    for role_id, role in org.roles.items():
        if role.held_by is not None:
            holder = role.held_by
            hint = _unknown_role(ctx, holder)
            message = None
            if hint is not None:
                message = (
                    f"role {role_id!r} is held by the holder of {holder!r}, which is not a role"
                )
            elif holder == role_id:
                message, hint = (
                    f"role {role_id!r} is held by itself",
                    "held_by names the other role its holder also holds",
                )
            elif role.headcount > 1:
                message, hint = (
                    f"role {role_id!r} has {role.headcount} seats but is held by the one "
                    f"holder of {holder!r}",
                    "held_by is for one person holding two roles: give the role headcount 1",
                )
            if message is not None:
                yield Problem(path=("roles", role_id, "held_by"), message=message, hint=hint)
        if role.group is not None and role.group not in groups:
            yield Problem(
                path=("roles", role_id, "group"),
                message=f"role {role_id!r} is in group {role.group!r}, which is not defined",
                hint=did_you_mean(role.group, groups) or f"groups: {group_hint}",
            )
    for group_id, group in groups.items():
        if group.within is None:
            continue
        if group.within not in groups:
            yield Problem(
                path=("groups", group_id, "within"),
                message=f"group {group_id!r} sits within {group.within!r}, which is not defined",
                hint=did_you_mean(group.within, groups) or f"groups: {group_hint}",
            )
            continue
        seen = [group_id]
        current: str | None = group.within
        while current is not None and current in groups and current not in seen:
            seen.append(current)
            current = groups[current].within
        if current == group_id:
            yield Problem(
                path=("groups", group_id, "within"),
                message=f"group {group_id!r} sits within itself: {' -> '.join([*seen, group_id])}",
                hint="remove `within:` from the outermost group",
            )
