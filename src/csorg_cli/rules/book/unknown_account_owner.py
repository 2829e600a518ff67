"""An account's owner is not in the org, or holds no coverage seat.

The owner cell must name someone who carries a book: a person named on a coverage role (csm,
scaled-csm, digital-success-manager...), that role's id, or the person's email
(``ana.ruiz@``, ``aruiz@``). Reported at the owner cell when it names:

- nobody in the org (a leaver, a typo, someone outside CS);
- someone without a coverage seat (an account executive, a CS director);
- a role of several people (name the person), or a role whose seats are all open.

Bad::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner
    a-1,Anna Ruiz
    a-2,Ana Ruiz

Good::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner
    a-1,ana.ruiz@acme.example
    a-2,Ana Ruiz
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Location, Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "unknown-account-owner"
SUMMARY = "An account's owner is not in the org, or holds no coverage seat."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.ERROR

_HINTS = {
    "unknown": "name a person or role id of the org's coverage roles (or add the person to org.yaml)",
    "not-coverage": "move the account to a CSM, or give the owner a coverage role",
    "ambiguous": "name the person rather than the role",
    "vacant": "fill the seat in org.yaml (person/people), or move the account",
}


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    book = ctx.book
    if book is None:
        return
    import polars as pl

    column = book.column("owner")
    rows = book.frame.filter(pl.col("owner_problem").is_not_null()).select(
        "row", "owner", "owner_problem", "owner_detail"
    )
    suggestions: dict[str, str | None] = {}
    for row, owner, problem, detail in rows.iter_rows():
        if problem == "unknown":
            message = f"owner {owner!r} is not in the org"
            if owner not in suggestions:
                suggestions[owner] = _close(owner, list(book.owners.seats))
            hits = suggestions[owner]
            hint = f"did you mean {hits}?" if hits else _HINTS["unknown"]
        else:
            message = f"owner {owner!r}: {detail}"
            hint = _HINTS.get(problem, _HINTS["unknown"])
        yield Problem((), message, hint, location=Location(book.file, row, column))


def _close(owner: str, names: list[str]) -> str | None:
    from difflib import get_close_matches

    lowered = {name.casefold(): name for name in names}
    found = get_close_matches(owner.casefold(), list(lowered), n=1, cutoff=0.8)
    return repr(lowered[found[0]]) if found else None
