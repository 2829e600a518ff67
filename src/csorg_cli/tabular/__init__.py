"""Reading tabular files (CSV, TSV, Excel .xlsx) into rows of text, with the positions users see.

Shared by every command that reads a people or accounts export. A file becomes a :class:`Grid`:
every row as a spreadsheet shows it (1-based row numbers, blank rows kept so numbers match),
every cell as text, plus what was noticed while reading (the encoding guessed, merged cells in an
Excel sheet) as :class:`~csorg_cli.diagnostics.Diagnostic`\\ s. Which row is the header and what the
columns mean is the caller's business.

Two shapes: :func:`read_grid` gives rows of text (people exports: thousands of rows, where the
header may sit anywhere); :func:`read_table` gives a polars frame of text columns with the header
row taken as column names (accounts files: a million rows read column-wise, never row by row),
and reads Parquet too.

polars (CSV/TSV/Parquet) and openpyxl (.xlsx) are imported inside the readers, never at module
level: ``csorg validate`` must not pay for them.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from csorg_cli.diagnostics import Diagnostic, Severity, line_column

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXCEL_SUFFIXES",
    "TABULAR_SUFFIXES",
    "Grid",
    "Table",
    "TableIssue",
    "TabularError",
    "is_tabular",
    "read_grid",
    "read_table",
]

DELIMITED_SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
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


def _refuse_legacy(path: Path, file: str) -> str:
    """The file's suffix, lower-cased; old binary spreadsheets are refused with what to do."""
    suffix = path.suffix.lower()
    if suffix in _LEGACY_EXCEL:
        raise TabularError(
            f"{file}: {suffix} files are not read; save the sheet as .xlsx or CSV (UTF-8)"
        )
    return suffix


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
    suffix = _refuse_legacy(path, file)
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


# --- columnar tables (accounts files) ----------------------------------------------------------
#
# Every cell is read as text, as written; the caller casts the columns it needs and reports the
# cells that do not cast. Positions are spreadsheet positions: the header is row 1 (or the row it
# is on in a sheet), the first record the row after, columns count from 1, whatever the format.
# What a spreadsheet hides is said (TableIssue), not silently read: cells that are not UTF-8,
# duplicate or blank header cells, merged cells, formulas, rows longer than the header.

# Past this, a file is refused before it is read (a 2 GB export would need several GB of memory).
DEFAULT_MAX_BYTES = 1024**3

TableFormat = Literal["csv", "tsv", "xlsx", "parquet"]
IssueKind = Literal["encoding", "header", "spreadsheet", "shape"]


@dataclass(frozen=True)
class TableIssue:
    """Something about the file the user should know, at a spreadsheet row and column."""

    kind: IssueKind
    row: int
    column: int
    message: str
    hint: str | None = None


@dataclass
class Table:
    """A table read as text columns: the frame, where its cells are in the file, what was off."""

    file: str
    frame: pl.DataFrame
    # The header cells as written, in file order (duplicates and blanks kept).
    headers: list[str]
    # The frame's column names: the headers made unique (``Owner``, ``Owner (2)``) and blanks
    # named ``column N``; frame column i is file column i + 1.
    names: list[str]
    format: TableFormat
    header_row: int = 1
    issues: list[TableIssue] = field(default_factory=list)
    # Spreadsheet row of each record when they are not consecutive (a sheet's blank rows).
    row_numbers: list[int] | None = None

    def row_of(self, index: int) -> int:
        """Spreadsheet row of the record at 0-based ``index``."""
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return self.header_row + 1 + index

    def column_of(self, name: str) -> int:
        """1-based file column of the frame column ``name``."""
        return self.names.index(name) + 1


def read_table(
    path: Path | str,
    display: str | None = None,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Table:
    """Read ``path`` as text columns; raises :class:`TabularError` when it cannot be read."""
    path = Path(path)
    file = display or str(path)
    suffix = _refuse_legacy(path, file)
    if suffix not in TABULAR_SUFFIXES + PARQUET_SUFFIXES:
        raise TabularError(
            f"{file}: not a table csorg reads (use a .csv, .tsv, .xlsx or .parquet file)"
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TabularError(f"{file}: no such file") from None
    except OSError as error:
        raise TabularError(f"{file}: cannot read ({error.strerror or error})") from None
    if path.is_dir():
        raise TabularError(f"{file}: is a directory")
    if size > max_bytes:
        raise TabularError(
            f"{file}: {_size(size)} is over the {_size(max_bytes)} limit for a table "
            "(split the file, or raise the limit with --max-table-size)"
        )
    if suffix in PARQUET_SUFFIXES:
        return _parquet_table(path, file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TabularError(f"{file}: cannot read ({error.strerror or error})") from None
    if suffix in EXCEL_SUFFIXES:
        return _excel_table(raw, file, sheet)
    return delimited_table(raw, file, "tsv" if suffix in (".tsv", ".tab") else "csv", encoding)


def _size(count: int) -> str:
    for unit, scale in (("GB", 1000**3), ("MB", 1000**2), ("KB", 1000)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def delimited_table(
    raw: bytes, file: str, kind: TableFormat = "csv", encoding: str | None = None
) -> Table:
    """A CSV or TSV file's bytes as a table (the separator sniffed from the header line)."""
    import polars as pl

    text, _used, warning = _decode(raw, file, encoding)
    if not text.strip():
        raise TabularError(f"{file}: is empty (no header row)")
    separator = "\t" if kind == "tsv" else _sniff_separator(text[:65536])
    issues: list[TableIssue] = []
    if warning is not None:
        row, column = _byte_position(raw, separator)
        issues.append(
            TableIssue(
                "encoding",
                row,
                column,
                f"the file is not UTF-8 (first at row {row}); it was read as Windows-1252, "
                "as Excel saves CSV",
                "save the file as UTF-8 (Excel: CSV UTF-8), or set `encoding:` to its encoding",
            )
        )
    try:
        headers = next(csv.reader(io.StringIO(text[:65536]), delimiter=separator))
    except (csv.Error, StopIteration):
        raise TabularError(f"{file}: the header row cannot be read") from None
    names = _unique_names(headers, issues, 1, 0)
    data = text.encode("utf-8")
    options: dict[str, Any] = {
        "separator": separator,
        "has_header": True,
        "new_columns": names,
        "infer_schema": False,
        "missing_columns": "insert",
        "raise_if_empty": False,
    }
    try:
        frame = pl.read_csv(data, **options)
    except pl.exceptions.PolarsError:
        try:
            frame = pl.read_csv(data, truncate_ragged_lines=True, **options)
        except pl.exceptions.PolarsError as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise TabularError(f"{file}: cannot read as a table ({first})") from None
        row = _first_long_row(text, separator, len(headers))
        issues.append(
            TableIssue(
                "shape",
                row,
                len(headers) + 1,
                f"row {row} has more fields than the header's {len(headers)}: "
                "fields past the last header are not read",
                "quote fields that hold the separator, or add a header for the extra column",
            )
        )
    return Table(file, frame, headers, names, kind, 1, issues)


def _byte_position(raw: bytes, separator: str) -> tuple[int, int]:
    """Row and field (1-based) of the first byte that is not UTF-8."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
    else:
        return 1, 1
    line_start = raw.rfind(b"\n", 0, offset) + 1
    row = raw.count(b"\n", 0, line_start) + 1
    return row, raw.count(separator.encode(), line_start, offset) + 1


def _unique_names(
    headers: list[str], issues: list[TableIssue], header_row: int, column_offset: int
) -> list[str]:
    """Frame column names from header cells: blanks named, duplicates numbered and reported."""
    names: list[str] = []
    first_at: dict[str, int] = {}
    for index, header in enumerate(headers):
        label = header.strip()
        column = index + 1
        if not label:
            names.append(f"column {column}")
            continue
        key = label.casefold()
        if key in first_at:
            issues.append(
                TableIssue(
                    "header",
                    header_row,
                    column + column_offset,
                    f"duplicate header {label!r} (also column {first_at[key]}): "
                    "the first one is used",
                    "rename or delete one of the two columns",
                )
            )
            suffix = 2
            while f"{label} ({suffix})" in names:
                suffix += 1
            names.append(f"{label} ({suffix})")
        else:
            first_at[key] = column
            names.append(label)
    return names


def _first_long_row(text: str, separator: str, width: int) -> int:
    """The spreadsheet row of the first record with more fields than the header."""
    for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=separator), start=1):
        if len(record) > width:
            return number
    return 1


def _parquet_table(path: Path, file: str) -> Table:
    import polars as pl

    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise TabularError(f"{file}: cannot be read as Parquet: {detail}") from None
    headers = list(frame.columns)
    # Cells as text, like the other formats: one way to cast and report them downstream.
    frame = frame.select(
        pl.col(name) if frame.schema[name] == pl.String else pl.col(name).cast(pl.String)
        for name in headers
    )
    return Table(file, frame, headers, headers, "parquet", 1, [])


def _excel_table(raw: bytes, file: str, sheet: str | int | None) -> Table:
    import polars as pl

    if raw[:4] != b"PK\x03\x04":
        raise TabularError(
            f"{file}: not an .xlsx workbook (an .xlsx file is a zip archive; an old .xls or a "
            "CSV renamed .xlsx is not): save it as .xlsx or CSV"
        )
    grid = _read_excel(raw, file, sheet if isinstance(sheet, str) else None)
    first = 0
    while first < len(grid.rows) and not any(grid.rows[first]):
        first += 1
    if first == len(grid.rows):
        raise TabularError(f"{file}: the sheet {grid.sheet!r} is empty (no header row)")
    headers = grid.rows[first]
    header_row = grid.row_numbers[first]
    issues: list[TableIssue] = []
    names = _unique_names(headers, issues, header_row, 0)
    width = len(names)
    records = grid.rows[first + 1 :]
    numbers = grid.row_numbers[first + 1 :]
    columns = {
        name: [(record[index] or None) if index < len(record) else None for record in records]
        for index, name in enumerate(names)
    }
    frame = pl.DataFrame(columns, schema=dict.fromkeys(names, pl.String))
    longer = [n for n, record in zip(numbers, records, strict=True) if len(record) > width]
    if longer:
        issues.append(
            TableIssue(
                "shape",
                longer[0],
                width + 1,
                f"row {longer[0]} has cells past the last header: they are not read",
                "add a header for the extra column, or delete the stray cells",
            )
        )
    # A sheet's blank rows are kept in the grid (so row numbers match) and dropped here.
    filled = [i for i, record in enumerate(records) if any(record)]
    if len(filled) != len(records):
        frame = frame[filled]
    kept = [numbers[i] for i in filled]
    for first_row, first_col, last_row, last_col in grid.merged:
        ref = f"{_letters(first_col)}{first_row}:{_letters(last_col)}{last_row}"
        issues.append(
            TableIssue(
                "spreadsheet",
                first_row,
                first_col,
                f"merged cells {ref}: only the first cell holds the value, the others read empty",
                "unmerge the cells and fill each row's value",
            )
        )
    issues.extend(_formula_issues(raw, grid.sheet))
    return Table(file, frame, headers, names, "xlsx", header_row, issues, kept)


def _letters(column: int) -> str:
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


_HAS_VALUE = re.compile(r"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _cell(ref: str) -> tuple[int, int]:
    """Row and column of an A1 reference."""
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        return 1, 1
    letters, digits = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + (ord(letter) - 64)
    return int(digits), column


def _sheet_xml_name(archive: zipfile.ZipFile, index: int) -> str | None:
    """The archive member of the ``index``-th sheet (workbook order, through the relations)."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return None
    sheet_ids = re.findall(r"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", workbook)
    if index >= len(sheet_ids):
        return None
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        attrs = dict(re.findall(r"(\w+)=\"([^\"]*)\"", rel.group(0)))
        if attrs.get("Id") == sheet_ids[index]:
            target = attrs.get("Target", "").lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    return None


def _formula_issues(raw: bytes, sheet: str | None) -> list[TableIssue]:
    """Formulas in the sheet: their last computed value is what openpyxl reads (or nothing)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            titles = re.findall(r"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"", workbook)
            index = titles.index(sheet) if sheet in titles else 0
            member = _sheet_xml_name(archive, index)
            if member is None:
                return []
            xml = archive.read(member).decode("utf-8", "replace")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return []
    issues: list[TableIssue] = []
    formulas = re.findall(
        r"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]+[0-9]+)\"[^>]*>\s*<(?:\w+:)?f\b(.*?)</(?:\w+:)?c>",
        xml,
        flags=re.DOTALL,
    )
    if not formulas:
        return issues
    ref = formulas[0][0]
    row, column = _cell(ref)
    count = len(formulas)
    cells = "cell holds a formula" if count == 1 else "cells hold formulas"
    issues.append(
        TableIssue(
            "spreadsheet",
            row,
            column,
            f"{count} {cells} (first {ref}): the value Excel last computed is read",
            "paste the column as values if the formulas depend on other files",
        )
    )
    never_computed = [
        ref for ref, body in formulas if not _HAS_VALUE.search(body.split("</f>", 1)[-1])
    ]
    for empty in never_computed[:100]:
        row, column = _cell(empty)
        issues.append(
            TableIssue(
                "spreadsheet",
                row,
                column,
                f"{empty} holds a formula that was never computed: it reads empty",
                "open and save the workbook in Excel (or paste the column as values)",
            )
        )
    return issues
