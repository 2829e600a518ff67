"""Reading tabular files (CSV, TSV, Excel .xlsx) into rows of text, with the positions users see.

Shared by every command that reads a people or accounts export. A file becomes a :class:`Grid`:
every row as a spreadsheet shows it (1-based row numbers, blank rows kept so numbers match),
every cell as text, plus what was noticed while reading (the encoding guessed, merged cells in an
Excel sheet) as :class:`~csorg_cli.diagnostics.Diagnostic`\\ s. Which row is the header and what the
columns mean is the caller's business.

polars (CSV/TSV) and openpyxl (.xlsx) are imported inside the readers, never at module level:
``csorg validate`` must not pay for them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from csorg_cli.diagnostics import Diagnostic, Severity, line_column

__all__ = [
    "EXCEL_SUFFIXES",
    "TABULAR_SUFFIXES",
    "Grid",
    "TabularError",
    "is_tabular",
    "read_grid",
]

DELIMITED_SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
TABULAR_SUFFIXES = DELIMITED_SUFFIXES + EXCEL_SUFFIXES
# Old binary Excel files need another reader; saying so beats a cryptic zip error.
_LEGACY_EXCEL = (".xls", ".xlsb", ".ods", ".numbers")
# More cells than this in one row is not a people export (and would cost memory for nothing).
MAX_COLUMNS = 2_000
_SEPARATORS = (",", ";", "\t", "|")
# Extra columns read beyond the widest row of the sample, so a longer row later is seen (and
# reported by the caller) rather than cut silently.
_EXTRA_COLUMNS = 32


class TabularError(Exception):
    """The file cannot be read as a table at all (exit 2, one line)."""


@dataclass
class Grid:
    """A table as read: rows of text cells, numbered as a spreadsheet numbers them."""

    file: str
    rows: list[list[str]]
    # 1-based row number of rows[i] in the file (a CSV cell spanning lines is still one row).
    row_numbers: list[int]
    separator: str | None = None  # None for Excel
    encoding: str | None = None  # None for Excel
    sheet: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Excel merged ranges as (first row, first column, last row, last column), 1-based.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def describe(self) -> str:
        """How the file was read, for messages: "semicolon-separated, Windows-1252"."""
        if self.sheet is not None:
            return f"sheet {self.sheet!r}"
        names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
        described = f"{names.get(self.separator or ',', 'comma')}-separated"
        if self.encoding and self.encoding != "utf-8":
            described += f", {self.encoding}"
        return described


def is_tabular(path: str | Path) -> bool:
    """Whether ``path`` names a file these readers take (by its suffix)."""
    return Path(str(path)).suffix.lower() in TABULAR_SUFFIXES + _LEGACY_EXCEL


def read_grid(
    path: str | Path,
    display: str | None = None,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    sheet: str | None = None,
) -> Grid:
    """Read ``path`` into a :class:`Grid`; raise :class:`TabularError` when it cannot be read."""
    path = Path(path)
    file = display or str(path)
    suffix = path.suffix.lower()
    if suffix in _LEGACY_EXCEL:
        raise TabularError(
            f"{file}: {suffix} files are not read; save the sheet as .xlsx or CSV (UTF-8)"
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TabularError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise TabularError(f"{file}: is a directory") from None
    except OSError as error:
        raise TabularError(f"{file}: cannot read ({error.strerror or error})") from None
    if suffix in EXCEL_SUFFIXES or raw[:4] == b"PK\x03\x04":
        return _read_excel(raw, file, sheet)
    if suffix == ".tsv" and separator is None:
        separator = "\t"
    return _read_delimited(raw, file, encoding, separator)


# --- delimited text ----------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decode(raw: bytes, file: str, encoding: str | None) -> tuple[str, str, Diagnostic | None]:
    """The text, the encoding used and, when it had to be guessed, a warning saying so."""
    if encoding is not None:
        try:
            return raw.decode(encoding), encoding, None
        except LookupError:
            raise TabularError(f"--encoding: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as error:
            raise TabularError(
                f"{file}: not valid {encoding} (byte {error.start + 1}); "
                "give the file's encoding with --encoding"
            ) from None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), "utf-8" if name == "utf-8-sig" else name, None
            except UnicodeDecodeError:
                raise TabularError(f"{file}: starts with a {name} mark but is not {name}") from None
    if b"\x00" in raw[:4096]:
        raise TabularError(
            f"{file}: binary data, not a CSV or TSV file (an Excel file needs the .xlsx suffix)"
        )
    try:
        return raw.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as error:
        line, column = line_column(raw, error.start)
        # Excel on Windows saves "CSV" in the ANSI code page; Windows-1252 reads every byte that
        # Latin-1 does and the quotes and dashes Latin-1 lacks.
        text = raw.decode("cp1252", errors="replace")
        warning = Diagnostic(
            rule="people-encoding",
            severity=Severity.WARNING,
            message="the file is not UTF-8; read as Windows-1252, so check accented names",
            file=file,
            line=line,
            column=column,
            hint="export as 'CSV UTF-8', or name the encoding with --encoding latin-1",
        )
        return text, "Windows-1252", warning


def _sniff_separator(text: str) -> str:
    """The separator of the first non-blank line: the one that splits it into the most cells."""
    for line in text.splitlines()[:20]:
        if not line.strip():
            continue
        best, best_count = ",", 0
        for candidate in _SEPARATORS:
            count = len(next(csv.reader([line], delimiter=candidate), []))
            if count > best_count:
                best, best_count = candidate, count
        return best
    return ","


def _sample_width(text: str, separator: str) -> int:
    sample = "\n".join(text.splitlines()[:200])
    widest = 1
    for row in csv.reader(io.StringIO(sample), delimiter=separator):
        widest = max(widest, len(row))
    return widest


def _read_delimited(raw: bytes, file: str, encoding: str | None, separator: str | None) -> Grid:
    import polars as pl

    text, used, warning = _decode(raw, file, encoding)
    if separator is None:
        separator = _sniff_separator(text)
    if len(separator) != 1:
        raise TabularError(f"--separator takes one character, not {separator!r}")
    grid = Grid(file=file, rows=[], row_numbers=[], separator=separator, encoding=used)
    if warning is not None:
        grid.diagnostics.append(warning)
    if not text.strip():
        return grid
    width = min(_sample_width(text, separator) + _EXTRA_COLUMNS, MAX_COLUMNS)
    names = [f"c{index}" for index in range(width)]
    try:
        frame = pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            has_header=False,
            separator=separator,
            schema=dict.fromkeys(names, pl.String),
            missing_columns="insert",
            truncate_ragged_lines=True,
            quote_char='"',
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise TabularError(f"{file}: cannot read as a table ({first})") from None
    for number, values in enumerate(frame.iter_rows(), start=1):
        cells = ["" if value is None else value.strip() for value in values]
        while cells and not cells[-1]:
            cells.pop()
        grid.rows.append(cells)
        grid.row_numbers.append(number)
    # A trailing newline is not a blank row.
    while grid.rows and not grid.rows[-1]:
        grid.rows.pop()
        grid.row_numbers.pop()
    return grid


# --- Excel -------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return re.sub(r"\s+", " ", str(value)).strip()


def _read_excel(raw: bytes, file: str, sheet: str | None) -> Grid:
    import zipfile

    import openpyxl

    try:
        # Not read_only: the merged ranges of the header are only known to a full workbook.
        workbook = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise TabularError(f"{file}: not a readable .xlsx workbook ({error})") from None
    worksheet: Any
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            names = ", ".join(repr(name) for name in workbook.sheetnames)
            raise TabularError(f"{file}: no sheet {sheet!r} (the sheets are {names})")
        worksheet = workbook[sheet]
    else:
        worksheet = workbook.worksheets[0]
    if not hasattr(worksheet, "iter_rows"):
        raise TabularError(f"{file}: sheet {worksheet.title!r} is a chart, not a table")
    grid = Grid(file=file, rows=[], row_numbers=[], sheet=worksheet.title)
    if worksheet.max_column > MAX_COLUMNS:
        raise TabularError(f"{file}: {worksheet.max_column} columns; not a people export")
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(value) for value in values]
        while cells and not cells[-1]:
            cells.pop()
        grid.rows.append(cells)
        grid.row_numbers.append(number)
    while grid.rows and not grid.rows[-1]:
        grid.rows.pop()
        grid.row_numbers.pop()
    for merged in getattr(worksheet, "merged_cells", None) or ():
        grid.merged.append((merged.min_row, merged.min_col, merged.max_row, merged.max_col))
    grid.merged.sort()
    return grid
