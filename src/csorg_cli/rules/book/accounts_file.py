"""The accounts file cannot be read as a book.

Emitted while the book is read (``accounts:`` in the org, or ``--accounts FILE``), at the
``accounts:`` entry of the org file when the file cannot be opened (no such file, not a table
csorg reads, over the size limit, not an .xlsx workbook), else at the header row of the accounts
file: no column for a required field (``id`` and ``owner``; the columns found are listed, and
``columns:`` names the header), or a ``columns:`` entry that names no header.

With this error the book is not checked further and ``book``/``rebalance`` exit 1. What is read
but not as it looks (encoding, merged cells, formulas) is ``accounts-format``.

Bad::

    segments:
      enterprise: {accounts: 1, motion: named, ratio: "1:2"}
    accounts: {file: accounts.csv, preset: salesforce}
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    Record ID,Company owner
    77,Ana Ruiz

Good::

    segments:
      enterprise: {accounts: 1, motion: named, ratio: "1:2"}
    accounts: {file: accounts.csv, preset: hubspot}
    roles:
      csm: {title: Customer Success Manager, segment: enterprise, person: Ana Ruiz}
    # accounts.csv
    Record ID,Company owner
    77,Ana Ruiz
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "accounts-file"
SUMMARY = "The accounts file cannot be read as a book."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.ERROR
