"""A role has more open seats than its headcount.

``open`` counts the vacant seats among ``headcount``, so it is at most ``headcount``: a role of two
seats with three open is a typo, and every figure built on it (filled seats, vacancy rate,
coverage) would be wrong. Reported by the model builder, for org files and included team files
alike.

Bad::

    roles:
      csm-emea:
        title: Customer Success Manager
        headcount: 2
        open: 3            # more vacancies than seats

Good::

    roles:
      csm-emea:
        title: Customer Success Manager
        headcount: 5
        open: 3            # three of the five seats are vacant
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.model.org import Role
from csorg_cli.rules.base import Problem

NAME = "open-seats"
SUMMARY = "A role has more open seats than its headcount."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR


def role_problems(role_id: str, role: Role) -> Iterator[Problem]:
    """The problem of one role, if any (the model builder calls this for every role)."""
    if role.open > role.headcount:
        yield Problem(
            ("roles", role_id, "open"),
            f"role {role_id!r} has {role.open} open seats but a headcount of {role.headcount}",
            "open counts the vacant seats among headcount: it is at most headcount",
        )
