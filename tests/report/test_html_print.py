"""The HTML report on paper: printed to PDF by headless Chromium (Debian's, installed by
scripts/bootstrap.sh dev), then the pages are read back with pypdf.

Every figure of every table is on paper (nothing clipped after "In b..." by a scroll box), and the
chart has a page of its own, turned its way, drawn as large as one page allows.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.render.interactive import CHROMIUM_FLAGS
from csorg_cli.report.html import chart_size

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ["segmented", "digital-led", "strategic-scaled", "startup"]
BROWSER = shutil.which("chromium")
MM = 72 / 25.4
CHART_MARGIN = 8 * MM  # @page chart-wide / chart-tall
HEADING = 40  # points above the chart on its page: the "Org chart" heading


class _Cells(HTMLParser):
    """The text of every table cell."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._depth += 1
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.cells[-1] += data


def _squeezed(text: str) -> str:
    """Text without whitespace or ligatures, so a cell wrapped over lines still matches."""
    for ligature, letters in (
        ("\ufb00", "ff"),
        ("\ufb01", "fi"),
        ("\ufb02", "fl"),
        ("\ufb03", "ffi"),
        ("\ufb04", "ffl"),
    ):
        text = text.replace(ligature, letters)
    return "".join(text.split())


def _smallest_text(page) -> float | None:
    """The smallest text on a PDF page, in points on paper."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(size * math.sqrt(abs(a * d - b * c)))

    page.extract_text(visitor_text=visit)
    return min(sizes) if sizes else None


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, PdfReader]]:
    """name -> (the report's HTML, the PDF Chromium printed of it)."""
    if BROWSER is None or shutil.which("dot") is None:
        pytest.skip("needs Chromium and Graphviz dot: run scripts/bootstrap.sh dev")
    work = tmp_path_factory.mktemp("print")
    out: dict[str, tuple[str, PdfReader]] = {}
    for name in EXAMPLES:
        page = work / f"{name}.html"
        result = CliRunner().invoke(
            app,
            [
                "report",
                str(ROOT / "examples" / f"{name}.yaml"),
                "--format",
                "html",
                "-o",
                str(page),
            ],
        )
        assert result.exit_code == 0, result.output
        pdf = work / f"{name}.pdf"
        subprocess.run(
            [
                BROWSER,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={work / f'profile-{name}'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        out[name] = (page.read_text(encoding="utf-8"), PdfReader(pdf))
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_table_cell_is_on_paper(printed, name):
    html, pdf = printed[name]
    cells = _Cells()
    cells.feed(html)
    paper = _squeezed("".join(page.extract_text() for page in pdf.pages))
    missing = [cell for cell in cells.cells if _squeezed(cell) and _squeezed(cell) not in paper]
    assert missing == []
    assert len(cells.cells) > 50


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_chart_fills_a_page_of_its_own(printed, name):
    html, pdf = printed[name]
    (chart_page,) = [p for p in pdf.pages if p.extract_text().lstrip().startswith("Org chart")]
    width, height = float(chart_page.mediabox.width), float(chart_page.mediabox.height)
    svg = html[html.index("<svg") :]
    size = chart_size(svg)
    assert size is not None
    chart_w, chart_h = size
    assert (width > height) == (chart_w >= chart_h), "the page is turned the chart's way"
    # The largest scale one page of this paper allows, either way round (never above the chart's
    # own size: a small chart is not blown up).
    short, long = sorted((width, height))
    best = max(
        min((w - 2 * CHART_MARGIN) / chart_w, (h - 2 * CHART_MARGIN - HEADING) / chart_h)
        for w, h in ((short, long), (long, short))
    )
    best = min(best, 1.0)
    smallest_in_svg = min(float(x) for x in re.findall(r'font-size="([\d.]+)"', svg))
    smallest_on_paper = _smallest_text(chart_page)
    assert smallest_on_paper is not None
    assert smallest_on_paper >= 0.9 * best * smallest_in_svg, (
        f"chart text {smallest_on_paper:.1f} pt on paper; one page allows "
        f"{best * smallest_in_svg:.1f} pt"
    )
