"""Broken accounts files end in a diagnostic or a one-line error, never a traceback."""

from __future__ import annotations

import openpyxl
import polars as pl
import pytest
from book_helpers import ORG, book_rules_only

from csorg_cli.checking import check_file
from csorg_cli.tabular import TabularError, read_table


def file_triples(found):
    return [
        t for t in found.triples() if t[0] in ("accounts-file", "accounts-format", "account-row")
    ]


def test_not_utf8_is_read_as_windows_1252_with_a_warning(book):
    raw = "account_id,owner,name\na1,Ana Ruiz,Café Olé\n".encode("cp1252")
    found = book(raw)
    assert file_triples(found) == [("accounts-format", 2, 3)]
    assert found.of("accounts-format")[0].severity.value == "warning"
    assert found.result.book.frame.get_column("name").to_list() == ["Café Olé"]


def test_utf16_export_from_excel_is_read(book):
    raw = "account_id\towner\na1\tAna Ruiz\n".encode("utf-16")
    found = book(raw, ORG.replace("accounts.csv", "accounts.tsv"), name="accounts.tsv")
    assert file_triples(found) == []
    assert found.result.book.frame.get_column("seat").to_list() == ["Ana Ruiz"]


def test_duplicate_headers_are_reported_and_the_first_column_is_read(book):
    found = book("account_id,owner,owner\na1,Ana Ruiz,Ben Ode\n")
    assert file_triples(found) == [("accounts-format", 1, 3)]
    assert found.result.book.frame.get_column("owner").to_list() == ["Ana Ruiz"]


def test_rows_longer_than_the_header(book):
    found = book("account_id,owner\na1,Ana Ruiz\na2,Ben Ode,extra\n")
    assert file_triples(found) == [("accounts-format", 3, 3)]
    assert found.result.book.frame.height == 2


def test_semicolon_csv_from_european_excel(book):
    found = book("account_id;owner\na1;Ana Ruiz\n")
    assert file_triples(found) == []


def test_xlsx_with_merged_cells_and_formulas(book, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Account ID", "Owner", "ARR"])
    sheet.append(["a1", "Ana Ruiz", 1000])
    sheet.append(["a2", "Ben Ode", "=C2*2"])
    sheet.append(["a3", None, 5])
    sheet.merge_cells("B3:B4")
    workbook.save(tmp_path / "accounts.xlsx")
    org = ORG.replace("accounts.csv", "accounts.xlsx")
    (tmp_path / "org.yaml").write_text(org, encoding="utf-8")
    result = check_file(tmp_path / "org.yaml", "org.yaml", book_rules_only())
    triples = [
        (d.rule, d.line, d.column) for d in result.diagnostics if d.rule == "accounts-format"
    ]
    assert triples == [
        ("accounts-format", 3, 2),  # merged B3:B4
        ("accounts-format", 3, 3),  # formulas (first C3)
        ("accounts-format", 3, 3),  # C3 never computed: reads empty
    ]
    assert result.book is not None
    assert result.book.frame.get_column("row").to_list() == [2, 3, 4]


def test_xlsx_that_is_not_a_workbook(book):
    found = book(
        "account_id,owner\n", ORG.replace("accounts.csv", "accounts.xlsx"), name="accounts.xlsx"
    )
    assert file_triples(found) == [("accounts-file", 6, 11)]
    assert "not an .xlsx workbook" in found.messages()[0]


def test_parquet_is_read_with_its_types_as_text(book, tmp_path):
    pl.DataFrame({"account_id": ["a1"], "owner": ["Ana Ruiz"], "arr": [1500.5]}).write_parquet(
        tmp_path / "accounts.parquet"
    )
    org = ORG.replace("accounts.csv", "accounts.parquet")
    found = book(b"", org, name="unused.csv")
    assert file_triples(found) == []
    assert found.result.book.frame.get_column("arr").to_list() == [1500.5]


def test_a_file_over_the_size_limit_is_a_one_line_error(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"account_id,owner\n" + b"a,b\n" * 1000)
    with pytest.raises(TabularError, match=r"^big.csv: 4.0 KB is over the 1.0 KB limit"):
        read_table(path, "big.csv", max_bytes=1000)


def test_empty_and_unknown_files(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(TabularError, match="is empty"):
        read_table(tmp_path / "empty.csv", "empty.csv")
    with pytest.raises(TabularError, match="not a table csorg reads"):
        read_table(tmp_path / "accounts.doc", "accounts.doc")
