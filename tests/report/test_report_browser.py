"""The HTML report in a real browser: headless Chromium takes a screenshot of it.

Debian's `chromium` is installed by scripts/bootstrap.sh dev, so this runs in CI (where a skip
fails); docs/img/report-example.png is its result for examples/segmented.yaml.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.render.interactive import CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[2]
BROWSER = next(
    (
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(name)
    ),
    None,
)
WIDTH, HEIGHT = 1400, 2000


def png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the pixel data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    pixels = bytearray()
    offset = 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            pixels += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    return width, height, len(set(zlib.decompress(bytes(pixels))))


@pytest.mark.skipif(
    BROWSER is None or shutil.which("dot") is None, reason="needs Chromium and Graphviz dot"
)
def test_html_report_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "report.html"
    result = CliRunner().invoke(
        app,
        ["report", str(ROOT / "examples" / "segmented.yaml"), "--format", "html", "-o", str(page)],
    )
    assert result.exit_code == 0, result.output
    assert "<svg" in page.read_text(encoding="utf-8")
    shot = tmp_path / "report.png"
    profile = tmp_path / "profile"
    profile.mkdir()
    subprocess.run(
        [
            BROWSER,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            f"--window-size={WIDTH},{HEIGHT}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = shot.read_bytes()
    width, height, distinct = png_facts(data)
    assert (width, height) == (WIDTH, HEIGHT)
    # A page of text, tables and a chart compresses to well over 50 KB and uses many shades; a
    # blank or error page is a few KB of one colour.
    assert len(data) > 50_000
    assert distinct > 100
