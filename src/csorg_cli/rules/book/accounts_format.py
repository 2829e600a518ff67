"""The accounts file is read, but not as it looks in a spreadsheet.

Reported at the row and column of the accounts file, and the book is still read:

- cells that are not UTF-8: read as Windows-1252, as Excel saves CSV (set ``encoding:`` on the
  accounts entry when the file is in another encoding);
- a duplicate header: the first column of that name is read;
- merged cells: only the first cell holds the value, the others read empty;
- formulas: the value Excel last computed is read, and a formula never computed (a workbook
  written by a script) reads empty;
- rows longer than the header: the fields past the last header are not read.

Bad: an .xlsx with the owner merged across the rows of one CSM's accounts.

Good: the same sheet unmerged, the owner on every row (Excel: Unmerge, then Fill Down).
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "accounts-format"
SUMMARY = "The accounts file is read, but not as it looks in a spreadsheet."
CATEGORY = "book"
DEFAULT_SEVERITY = Severity.WARNING
