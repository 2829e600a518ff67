"""Line and column stay right whatever the file looks like: CRLF, a BOM, tabs, very long lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from csorg_cli.checking import check_file

ORG = (
    "csorg: 1\n"
    "organization: {name: Acme}\n"
    "roles:\n"
    "  cco: {title: Chief Customer Officer}\n"
    "  csm:\n"
    "    title: Customer Success Manager\n"
    "    reports_to: nobody\n"
)


def positions(tmp_path: Path, data: bytes, rule: str = "unknown-manager") -> list[tuple[int, int]]:
    path = tmp_path / "org.yaml"
    path.write_bytes(data)
    return [(d.line, d.column) for d in check_file(path, "org.yaml").diagnostics if d.rule == rule]


def test_plain_file(tmp_path: Path) -> None:
    assert positions(tmp_path, ORG.encode()) == [(7, 17)]


def test_crlf_line_endings(tmp_path: Path) -> None:
    assert positions(tmp_path, ORG.replace("\n", "\r\n").encode()) == [(7, 17)]


def test_old_mac_line_endings(tmp_path: Path) -> None:
    assert positions(tmp_path, ORG.replace("\n", "\r").encode()) == [(7, 17)]


def test_utf8_bom(tmp_path: Path) -> None:
    assert positions(tmp_path, b"\xef\xbb\xbf" + ORG.encode()) == [(7, 17)]


def test_bom_and_crlf(tmp_path: Path) -> None:
    assert positions(tmp_path, b"\xef\xbb\xbf" + ORG.replace("\n", "\r\n").encode()) == [(7, 17)]


def test_tabs_inside_values_count_as_one_column(tmp_path: Path) -> None:
    text = ORG.replace("title: Customer Success Manager", "title: Customer\tSuccess\tManager")
    text = text.replace("reports_to: nobody", "reports_to:\tnobody")
    assert positions(tmp_path, text.encode()) == [(7, 17)]


def test_tab_in_a_flow_mapping_value(tmp_path: Path) -> None:
    text = (
        ORG.replace("    reports_to: nobody\n", "")
        + '  am: {title: "Account\tManager",\treports_to: nobody}\n'
    )
    assert positions(tmp_path, text.encode()) == [(7, 46)]


@pytest.mark.parametrize("width", [1_000, 100_000])
def test_very_long_lines(tmp_path: Path, width: int) -> None:
    long_title = "Customer Success " * (width // 17)
    text = ORG.replace(
        "  cco: {title: Chief Customer Officer}",
        f'  cco: {{title: "{long_title}", description: x}}',
    )
    text = text.replace(
        "    reports_to: nobody", f'    description: "{"x" * width}"\n    reports_to: nobody'
    )
    assert positions(tmp_path, text.encode()) == [(8, 17)]
    # A problem at the far end of a long line: the column counts characters.
    tail = (
        ORG.replace("    reports_to: nobody\n", "")
        + f'  am: {{title: "{"y" * width}", reports_to: nobody}}\n'
    )
    assert positions(tmp_path, tail.encode()) == [(7, width + 31)]


def test_multibyte_characters_count_as_one_column(tmp_path: Path) -> None:
    text = (
        ORG.replace("    reports_to: nobody\n", "")
        + '  am: {title: "Gérante 客户成功 🚀", reports_to: nobody}\n'
    )
    assert positions(tmp_path, text.encode()) == [(7, 45)]


def test_crlf_inside_a_block_scalar(tmp_path: Path) -> None:
    text = ORG.replace(
        "    title: Customer Success Manager\n",
        "    title: Customer Success Manager\n    description: |\n      one\n"
        "      two\n\n      three\n",
    )
    assert positions(tmp_path, text.replace("\n", "\r\n").encode()) == [(12, 17)]


def test_yaml_syntax_error_position_with_bom_and_crlf(tmp_path: Path) -> None:
    text = "csorg: 1\r\norganization: {name: Acme\r\nroles: {}\r\n"
    found = positions(tmp_path, b"\xef\xbb\xbf" + text.encode(), rule="yaml-syntax")
    assert found == [(3, 6)]


def test_line_column_of_an_offset_in_text_and_bytes():
    from csorg_cli.diagnostics import line_column

    assert line_column("ab\ncd", 0) == (1, 1)
    assert line_column("ab\ncd", 4) == (2, 2)
    assert line_column("ab\ncd", 3) == (2, 1)  # just after the newline: the next line
    assert line_column("ab\ncd", 99) == (2, 3)  # clamped to the end
    assert line_column(b"\xc3\xa9\nx", 4) == (2, 2)  # bytes count as bytes
