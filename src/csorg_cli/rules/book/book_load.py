"""A book carries too many or too few accounts for its segment's ratio, by count or by weight.

Each seat's book (a person on a coverage role, or the unnamed seats of one) is compared with the
target of its segment: the segment's ``ratio`` (or its motion's benchmark) times the seats it
stands for. A book more than ``tolerance`` (25%) above or below the target is reported at the
owner cell of its first account. When the file has a ``weight`` column, the book's workload (the
sum of its weights) is compared too, with the segment's mean weight per account times the target,
and reported when it says something the count does not (a book within its count but heavy, or
over by count and under by weight).
An empty book of a filled seat is reported at the role in the org file.

Bad::

    segments:
      enterprise: {accounts: 4, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner
    a-1,Ana Ruiz
    a-2,Ana Ruiz
    a-3,Ana Ruiz
    a-4,Ana Ruiz

Good::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner
    a-1,Ana Ruiz
    a-2,Ana Ruiz
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.diagnostics import Location, Severity
from csorg_cli.rules.base import Problem, RuleContext

NAME = "book-load"
SUMMARY = "A book carries too many or too few accounts for its segment's ratio."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.WARNING


class Options(BaseModel):
    """How far from the target a book may be."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    tolerance: float = Field(
        0.25,
        ge=0,
        le=10,
        description="Relative distance from the target accepted before reporting (0.25 = 25%), "
        "as coverage-ratio. csorg's choice, not a benchmark.",
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    book = ctx.book
    if book is None:
        return
    from csorg_cli.book.analysis import seat_books

    for seat_book in seat_books(book, ctx.metrics, ctx.org.organization.as_of):
        seat = book.owners.seats[seat_book.seat]
        at = (
            Location(book.file, seat_book.first_row, book.column("owner"))
            if seat_book.first_row is not None
            else None
        )
        path: tuple[str | int, ...] = ("roles", seat.role_id)
        checks: list[tuple[str, float, float | None, float | None]] = [
            ("accounts", seat_book.accounts, seat_book.target, seat_book.load)
        ]
        if book.has("weight"):
            checks.append(
                ("of workload", seat_book.weight, seat_book.target_weight, seat_book.weight_load)
            )
        reported: set[bool] = set()  # directions already reported (True: over)
        for what, value, target, load in checks:
            if target is None or load is None:
                continue
            if (1 - options.tolerance) <= load <= (1 + options.tolerance):
                continue
            over = load > 1
            if over in reported:
                continue  # the workload says what the count said already
            reported.add(over)
            yield Problem(
                path,
                f"{seat.label} carries {value:,.0f} {what} against a target of {target:,.0f} "
                f"({load:.0%}): {'over' if over else 'under'}loaded",
                "move accounts with `csorg rebalance`"
                if over or seat_book.accounts
                else "give the seat a book with `csorg rebalance`",
                location=at,
            )
