"""The book of business read from an accounts file: one typed row per account, owners resolved.

Reading goes through :mod:`csorg_cli.tabular` (every cell as text), then each field is cast
column-wise with polars; a cell that does not cast is an ``account-row`` diagnostic at its row and
column and reads as empty, so one bad row never hides the others. What stops the book from being
read at all (no file, no id or owner column) is an ``accounts-file`` diagnostic, located at the
``accounts:`` entry of the org file or at the header row.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csorg_cli.book.columns import FIELD_NAMES, REQUIRED, map_columns
from csorg_cli.book.owners import Owners
from csorg_cli.diagnostics import Diagnostic, Location, Severity
from csorg_cli.model.org import MAX_ARR

if TYPE_CHECKING:
    import polars as pl

    from csorg_cli.analysis.tree import OrgTree
    from csorg_cli.loading.org import LoadedOrg
    from csorg_cli.model.org import Accounts
    from csorg_cli.tabular import Table

FILE_RULE = "accounts-file"
FORMAT_RULE = "accounts-format"
ROW_RULE = "account-row"
TRUE_WORDS = ("true", "yes", "y", "1", "x", "frozen", "do not move")
# A workload weight is effort points or hours a year per account: a million is already absurd.
MAX_WEIGHT = 1_000_000


def _within(column: pl.Expr, low: float, high: float) -> pl.Expr:
    """A finite number from ``low`` to ``high``: NaN and infinities are not amounts."""
    return (column.is_finite() & (column >= low) & (column <= high)).fill_null(False)


DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d", "%m/%d/%Y")


@dataclass
class Book:
    """The accounts of one org, typed, with each owner cell resolved to a seat."""

    file: str  # display name of the accounts file
    path: Path
    frame: pl.DataFrame
    # field -> (1-based file column, header as written), for the fields the file has
    columns: dict[str, tuple[int, str]]
    owners: Owners
    segments_by_arr: dict[str, float]
    currency: str = "USD"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Whether the segment of each account comes from the file (else from ARR bands or the owner).
    segment_from_file: bool = True
    # Figures computed once per book and shared by the rules, book and rebalance (counts.py,
    # analysis.py): a million rows are grouped once, not once per reader.
    computed: dict[Any, Any] = field(default_factory=dict, repr=False)

    def has(self, name: str) -> bool:
        return name in self.columns

    def column(self, name: str) -> int:
        """File column of a field (1 when the file lacks it: the finding is about the row)."""
        return self.columns[name][0] if name in self.columns else 1

    def header(self, name: str) -> str:
        return self.columns[name][1] if name in self.columns else name

    def location(self, row: int, name: str) -> Location:
        return Location(self.file, row, self.column(name))


def accounts_display(loaded: LoadedOrg, file: str) -> tuple[Path, str]:
    """Path of the accounts file named in the org (relative to the org file) and how to show it."""
    if os.path.isabs(file):
        return Path(file), file
    org_path = loaded.files[0].path
    base = org_path.parent if loaded.file != "<stdin>" else Path.cwd()
    org_dir = os.path.dirname(loaded.file) if loaded.file != "<stdin>" else ""
    return base / file, os.path.join(org_dir, file) if org_dir else file


def load_book(
    spec: Accounts,
    loaded: LoadedOrg,
    tree: OrgTree,
    *,
    path_override: str | None = None,
    max_bytes: int | None = None,
) -> tuple[Book | None, list[Diagnostic]]:
    """Read the accounts file of ``spec``; the book (None when unreadable) and file diagnostics.

    ``path_override`` is ``--accounts FILE``: a path from the working directory.
    """
    from csorg_cli.tabular import DEFAULT_MAX_BYTES, TabularError, read_table

    if path_override is not None:
        path, display = Path(path_override), path_override
        at = Location(path_override, 1, 1)
    else:
        path, display = accounts_display(loaded, spec.file)
        # The `file:` of a mapping, or the value of `accounts: accounts.csv`.
        at = loaded.locate(("accounts", "file"))
    try:
        table = read_table(
            path,
            display,
            sheet=spec.sheet,
            encoding=spec.encoding,
            max_bytes=max_bytes or DEFAULT_MAX_BYTES,
        )
    except TabularError as error:
        absent = not path.exists()
        hint = (
            "the path is relative to the org file; fix `accounts:` or pass --accounts"
            if absent
            else "export the accounts again as CSV (UTF-8), .xlsx or Parquet"
        )
        return None, [_diagnostic(FILE_RULE, str(error), at, hint=hint)]
    diagnostics = [
        _diagnostic(
            FORMAT_RULE,
            issue.message,
            Location(display, issue.row, issue.column),
            issue.hint,
            Severity.WARNING,
        )
        for issue in table.issues
    ]
    mapped, unmatched = map_columns(
        table.names, spec.preset, {str(k): v for k, v in spec.columns.items()}
    )
    header_at = Location(display, table.header_row, 1)
    found = ", ".join(repr(h) for h in table.headers if h.strip())
    for name, header in unmatched.items():
        diagnostics.append(
            _diagnostic(
                FILE_RULE,
                f"no column {header!r} for the field {name!r} (columns: {found or 'none'})",
                header_at,
                "fix `columns:` of the accounts entry to name a header of the file",
            )
        )
    missing = [name for name in REQUIRED if name not in mapped and name not in unmatched]
    if missing:
        fields = " and ".join(repr(m) for m in missing)
        diagnostics.append(
            _diagnostic(
                FILE_RULE,
                f"no column for {fields} under the {spec.preset} preset (columns: {found or 'none'})",
                header_at,
                f"name the header in org.yaml: accounts: {{file: ..., columns: {{{missing[0]}: "
                f"<header>}}}}, or choose the preset of the export (salesforce, hubspot, gainsight)",
            )
        )
    if missing or unmatched.keys() & set(REQUIRED):
        return None, diagnostics
    columns = {
        name: (table.column_of(column), table.headers[table.column_of(column) - 1])
        for name, column in mapped.items()
    }
    owners = Owners.from_tree(tree)
    frame, row_diagnostics = _typed(table, mapped, columns, tree, spec)
    book = Book(
        display,
        path,
        frame,
        columns,
        owners,
        dict(spec.segments_by_arr),
        currency=tree.org.organization.currency,
        segment_from_file="segment" in mapped,
    )
    book.frame = _with_keys(_with_seats(book), frozenset(p.casefold() for p in tree.org.products))
    book.diagnostics = diagnostics + row_diagnostics
    return book, book.diagnostics


def _diagnostic(
    rule: str,
    message: str,
    at: Location,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
    path: str = "",
) -> Diagnostic:
    return Diagnostic(rule, severity, message, at.file, at.line, at.column, path, hint)


def _typed(
    table: Table,
    mapped: dict[str, str],
    columns: dict[str, tuple[int, str]],
    tree: OrgTree,
    spec: Accounts,
) -> tuple[pl.DataFrame, list[Diagnostic]]:
    """The book's columns, typed; each cell that does not cast is a diagnostic and reads empty."""
    import polars as pl

    def text(name: str) -> pl.Expr:
        if name not in mapped:
            return pl.lit(None, dtype=pl.String)
        value = pl.col(mapped[name]).str.strip_chars()
        return pl.when(value == "").then(None).otherwise(value)

    segments = tree.org.segments
    segment_keys: dict[str, str] = {}
    for segment_id, segment in segments.items():
        segment_keys[segment_id.casefold()] = segment_id
        if segment.name:
            segment_keys.setdefault(segment.name.casefold(), segment_id)
    if table.row_numbers is not None:
        rows = pl.Series("row", table.row_numbers, dtype=pl.Int64)
    else:
        rows = pl.int_range(
            table.header_row + 1,
            table.header_row + 1 + table.frame.height,
            dtype=pl.Int64,
            eager=True,
        ).alias("row")
    base = table.frame.select(
        *(text(name).alias(f"raw_{name}") for name in FIELD_NAMES)
    ).insert_column(0, rows)
    amount = pl.col("raw_arr").str.replace_all(r"[\s,$€£¥]|USD|EUR|GBP", "").str.to_lowercase()
    scaled = (
        pl.when(amount.str.ends_with("k"))
        .then(amount.str.strip_suffix("k").cast(pl.Float64, strict=False) * 1e3)
        .when(amount.str.ends_with("m"))
        .then(amount.str.strip_suffix("m").cast(pl.Float64, strict=False) * 1e6)
        .otherwise(amount.cast(pl.Float64, strict=False))
    )
    renewal = pl.coalesce(
        [pl.col("raw_renewal_date").str.to_date(f, strict=False) for f in DATE_FORMATS]
        + [pl.col("raw_renewal_date").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)]
    )
    frame = base.with_columns(
        arr=scaled,
        weight=pl.col("raw_weight").cast(pl.Float64, strict=False),
        renewal_date=renewal,
        segment=pl.col("raw_segment")
        .str.to_lowercase()
        .replace_strict(segment_keys, default=None, return_dtype=pl.String),
        do_not_move=pl.col("raw_do_not_move").str.to_lowercase().is_in(TRUE_WORDS).fill_null(False),
    )
    problems = frame.select(
        "row",
        "raw_id",
        "raw_arr",
        "raw_weight",
        "raw_renewal_date",
        "raw_segment",
        bad_id=pl.col("raw_id").is_null(),
        bad_arr=pl.col("raw_arr").is_not_null() & ~_within(pl.col("arr"), 0.0, MAX_ARR),
        bad_weight=pl.col("raw_weight").is_not_null() & ~_within(pl.col("weight"), 0.0, MAX_WEIGHT)
        | (pl.col("weight") == 0),
        bad_date=pl.col("raw_renewal_date").is_not_null() & pl.col("renewal_date").is_null(),
        bad_segment=pl.col("raw_segment").is_not_null() & pl.col("segment").is_null(),
    ).filter(
        pl.col("bad_id")
        | pl.col("bad_arr")
        | pl.col("bad_weight")
        | pl.col("bad_date")
        | pl.col("bad_segment")
    )
    display = table.file
    diagnostics: list[Diagnostic] = []
    known = ", ".join(segments) or "none"
    for row in problems.iter_rows(named=True):
        number = row["row"]

        def at(name: str, number: int = number) -> Location:
            return Location(display, number, columns[name][0] if name in columns else 1)

        if row["bad_id"]:
            diagnostics.append(
                _diagnostic(
                    ROW_RULE,
                    f"row {number} has no account id",
                    at("id"),
                    "give every row an id, or delete the empty row",
                )
            )
        if row["bad_arr"]:
            diagnostics.append(
                _diagnostic(
                    ROW_RULE,
                    f"ARR {row['raw_arr']!r} is not an amount (0 to {MAX_ARR:,.0f})",
                    at("arr"),
                    "write a number such as 125000 or 125,000; the row is read without ARR",
                )
            )
        if row["bad_weight"]:
            diagnostics.append(
                _diagnostic(
                    ROW_RULE,
                    f"weight {row['raw_weight']!r} is not a number above 0 (at most {MAX_WEIGHT:,})",
                    at("weight"),
                    "write a positive number; the row is read with weight 1",
                )
            )
        if row["bad_date"]:
            diagnostics.append(
                _diagnostic(
                    ROW_RULE,
                    f"renewal date {row['raw_renewal_date']!r} is not a date",
                    at("renewal_date"),
                    "write the date as YYYY-MM-DD; the row is read without one",
                )
            )
        if row["bad_segment"]:
            diagnostics.append(
                _diagnostic(
                    ROW_RULE,
                    f"segment {row['raw_segment']!r} is not a segment of the org",
                    at("segment"),
                    f"use a segment id of org.yaml ({known})",
                )
            )
    frame = frame.select(
        "row",
        pl.col("raw_id").alias("id"),
        pl.col("raw_name").alias("name"),
        "segment",
        pl.col("raw_region").alias("region"),
        pl.when(_within(pl.col("arr"), 0.0, MAX_ARR))
        .then(pl.col("arr"))
        .otherwise(None)
        .alias("arr"),
        pl.col("raw_owner").alias("owner"),
        pl.col("raw_stage").alias("stage"),
        "renewal_date",
        pl.col("raw_health").alias("health"),
        pl.col("raw_products").alias("products"),
        pl.when(_within(pl.col("weight"), 0.0, MAX_WEIGHT) & (pl.col("weight") > 0))
        .then(pl.col("weight"))
        .otherwise(1.0)
        .fill_null(1.0)
        .alias("weight"),
        pl.col("raw_language").alias("language"),
        "do_not_move",
    )
    if spec.segments_by_arr:
        frame = frame.with_columns(arr_segment=_segment_by_arr(spec.segments_by_arr))
        if "segment" not in mapped:
            frame = frame.with_columns(segment=pl.col("arr_segment"))
    else:
        frame = frame.with_columns(arr_segment=pl.lit(None, dtype=pl.String))
    return frame, diagnostics


def _segment_by_arr(bands: dict[str, float]) -> pl.Expr:
    """The segment whose lowest ARR is the highest one at or below the account's ARR."""
    import polars as pl

    ordered = sorted(bands.items(), key=lambda item: item[1], reverse=True)
    expr: Any = pl.when(pl.col("arr").is_null()).then(pl.lit(None, dtype=pl.String))
    for segment_id, lowest in ordered:
        expr = expr.when(pl.col("arr") >= lowest).then(pl.lit(segment_id))
    return expr.otherwise(pl.lit(None, dtype=pl.String))


def _with_seats(book: Book) -> pl.DataFrame:
    """Resolve each distinct owner cell once (a book has far fewer owners than accounts)."""
    import polars as pl

    distinct = book.frame.get_column("owner").drop_nulls().unique().to_list()
    seats: dict[str, str | None] = {}
    problems: dict[str, str | None] = {}
    details: dict[str, str] = {}
    for cell in distinct:
        resolution = book.owners.resolve(cell)
        seats[cell] = resolution.seat
        problems[cell] = resolution.problem
        details[cell] = resolution.detail
    frame = book.frame.with_columns(
        seat=pl.col("owner").replace_strict(seats, default=None, return_dtype=pl.String),
        owner_problem=pl.col("owner").replace_strict(
            problems, default=None, return_dtype=pl.String
        ),
        owner_detail=pl.col("owner").replace_strict(details, default=None, return_dtype=pl.String),
    )
    if not book.segment_from_file:
        # No segment column and no ARR bands: the account is in its owner's segment.
        seat_segment = {key: seat.segment for key, seat in book.owners.seats.items()}
        frame = frame.with_columns(
            segment=pl.coalesce(
                pl.col("segment"),
                pl.col("seat").replace_strict(seat_segment, default=None, return_dtype=pl.String),
            )
        )
    return frame


def _with_keys(frame: pl.DataFrame, org_products: frozenset[str]) -> pl.DataFrame:
    """``language_key`` and ``product_key``: the language and the org's products of each account
    as eligibility compares them (each distinct cell worked out once)."""
    import polars as pl

    from csorg_cli.book.eligibility import language_key, product_key

    languages = frame.get_column("language").drop_nulls().unique().to_list()
    products = frame.get_column("products").drop_nulls().unique().to_list()
    return frame.with_columns(
        language_key=pl.col("language").replace_strict(
            {cell: language_key(cell) for cell in languages}, default=None, return_dtype=pl.String
        ),
        product_key=pl.col("products")
        .replace_strict(
            {cell: product_key(cell, org_products) for cell in products},
            default="",
            return_dtype=pl.String,
        )
        .fill_null(""),
    )


def today() -> date:
    """The date renewals are counted from (a function, so tests and --as-of can pin it)."""
    return date.today()


def iter_rows(frame: pl.DataFrame, *names: str) -> Iterator[tuple]:
    """Rows of the named columns, as tuples (the few rows a finding is about)."""
    yield from frame.select(*names).iter_rows()
