"""An account's owner does not speak the account's language.

A German-speaking customer handed to a CSM who speaks English and French gets slower answers,
translated QBRs and a weaker relationship. The languages of a seat come from its role's
``languages:``: one list for every seat (``languages: [en, de]``) or one per holder
(``languages: {Ana Ruiz: [en, es], Ben Ode: [en]}``). Codes and names compare alike (``de``,
``de-AT``, ``German``, ``Deutsch``). A seat whose languages the org does not give, and an account
without a language, are not compared. Reported at the account's language cell;
``csorg rebalance`` moves accounts only to seats that speak their language.

Bad::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      vp: {title: VP Customer Success}
      csm:
        title: Customer Success Manager
        reports_to: vp
        segment: enterprise
        headcount: 2
        people: [Ana Ruiz, Ben Ode]
        languages: {Ana Ruiz: [en, es], Ben Ode: [en, de]}
    # accounts.csv
    account_id,owner,language
    a-1,Ana Ruiz,German
    a-2,Ben Ode,en

Good::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      vp: {title: VP Customer Success}
      csm:
        title: Customer Success Manager
        reports_to: vp
        segment: enterprise
        headcount: 2
        people: [Ana Ruiz, Ben Ode]
        languages: {Ana Ruiz: [en, es], Ben Ode: [en, de]}
    # accounts.csv
    account_id,owner,language
    a-1,Ben Ode,German
    a-2,Ana Ruiz,en
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Location, Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "account-owner-language"
SUMMARY = "An account's owner does not speak the account's language."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.WARNING


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    book = ctx.book
    if book is None or not book.has("language"):
        return
    from csorg_cli.book.eligibility import rows_not_served

    seats = book.owners.seats
    for row, account, seat_key, language in (
        rows_not_served(book, "language").select("row", "id", "seat", "language").iter_rows()
    ):
        seat = seats[seat_key]
        name = f"account {account!r}" if account else f"the account on row {row}"
        spoken = ", ".join(sorted(seat.languages or ()))
        yield Problem(
            (),
            f"{name} is served in {language!r} but its owner {seat.label} speaks {spoken}",
            "move the account to a CSM who speaks its language (`csorg rebalance` does), or add "
            "the language to the owner's `languages:`",
            location=Location(book.file, row, book.column("language")),
        )
