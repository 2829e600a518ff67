"""A role names more holders than it has filled seats.

``person`` names the holder of a one-seat role and ``people`` the holders of a role of several
seats; each name fills one of the ``headcount - open`` filled seats. More names than filled seats,
both ``person`` and ``people``, one ``person`` on a role of several seats, or a holder on a role
whose only seat is open all contradict the seat counts. Reported by the model builder, for org
files and included team files alike.

Bad::

    roles:
      csm-emea:
        title: Customer Success Manager
        headcount: 3
        open: 1
        people: [Ana Ruiz, Ben Ode, Carla Stein]   # three names, two filled seats

Good::

    roles:
      csm-emea:
        title: Customer Success Manager
        headcount: 3
        open: 1
        people: [Ana Ruiz, Ben Ode]
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.model.org import Role
from csorg_cli.rules.base import Problem

NAME = "seat-holders"
SUMMARY = "A role names more holders than it has filled seats."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR


def role_problems(role_id: str, role: Role) -> Iterator[Problem]:
    """The problems of one role (the model builder calls this for every role)."""
    base = ("roles", role_id)
    if "people" in role.model_fields_set and len(role.people) > role.filled:
        yield Problem(
            (*base, "people"),
            f"role {role_id!r} names {len(role.people)} people but has {role.filled} filled "
            f"seats (headcount {role.headcount}, open {role.open})",
            "raise headcount, lower open, or remove names",
        )
    if role.person is None:
        return
    if role.people:
        yield Problem(
            (*base, "person"),
            f"role {role_id!r} has both `person` and `people`",
            "use `person` for one seat, `people` for many",
        )
    elif role.headcount > 1:
        yield Problem(
            (*base, "person"),
            f"role {role_id!r} has {role.headcount} seats but one `person`",
            "list the holders with `people: [...]`",
        )
    elif role.filled == 0:
        yield Problem(
            (*base, "person"),
            f"role {role_id!r} is open (vacant) but names {role.person!r} as its holder",
            "remove `person`, or set open: 0",
        )
