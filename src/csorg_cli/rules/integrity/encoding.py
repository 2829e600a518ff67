"""The file is not UTF-8.

csorg reads UTF-8, with or without a byte-order mark. A file saved as UTF-16 (as some Windows
editors do), Latin-1 or Windows-1252 gets this diagnostic at the first byte that is not UTF-8, with
the command that converts it.

Bad: a file saved by a spreadsheet export as "Unicode text" (UTF-16).

Good: the same file saved as UTF-8 (``iconv -f UTF-16 -t UTF-8 org.yaml``).
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "encoding"
SUMMARY = "The file is not UTF-8."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
