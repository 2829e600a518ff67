"""A row of the accounts file has a cell that is not what its column holds.

Each cell that does not read as its field is one diagnostic at its row and column, and the row is
still read without that value: an account with no id (it cannot be moved or reported), an ARR
that is not an amount of 0 or more (``$1,200``, ``12.5k`` and ``1.2M`` read fine), a weight that is
not a number above 0 (read as 1), a renewal date that is not a date (YYYY-MM-DD, or a date cell
of the sheet), a segment that is neither an id nor a name of the org's segments.

Bad::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner,arr
    a-1,Ana Ruiz,about 40k
    a-2,Ana Ruiz,38000

Good::

    segments:
      enterprise: {accounts: 2, motion: named, ratio: "1:2"}
    accounts: accounts.csv
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    account_id,owner,arr
    a-1,Ana Ruiz,40000
    a-2,Ana Ruiz,38000
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "account-row"
SUMMARY = "A cell of the accounts file is not what its column holds."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.ERROR
