"""Every format of `csorg report`: example orgs, Markdown tables, HTML, escaping, exit status."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import dedent
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.report.chart import clean_svg

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FORMATS = ("text", "markdown", "json", "html")
HAS_DOT = shutil.which("dot") is not None

HOSTILE_TITLE = "<script>alert(1)</script> a|b [bold]x[/bold] *y*"
HOSTILE = dedent("""
    csorg: 1
    organization: {name: "<script>alert(1)</script> a|b"}
    segments:
      ent: {name: "E|nt <b>", accounts: 20, motion: named}
    roles:
      vp: {title: VP Customer Success, person: "<img src=x onerror=alert(1)>"}
      lead:
        title: "CS Team Lead <script>alert(1)</script> a|b [bold]x[/bold] *y*"
        reports_to: vp
      csm: {title: CSM, reports_to: lead, segment: ent, headcount: 2}
""")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def hostile(tmp_path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def test_there_are_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_in_every_format(example, output_format):
    result = run("report", str(example), "--format", output_format)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Org report" in out or output_format == "json"
    if output_format == "json":
        doc = json.loads(out)
        assert doc["version"] == 1
        assert doc["totals"]["seats"] == sum(g["seats"] for g in doc["headcount"]["by_function"])
        assert doc["totals"]["seats"] == sum(r["seats"] for r in doc["layers"]["per_layer"])
    elif output_format == "markdown":
        assert_valid_tables(out)
    elif output_format == "html":
        page = parse_html(out)
        assert page.tags["table"] >= 8
        assert_self_contained(out)
    else:
        for heading in ("Headcount", "Layers", "Span of control", "Coverage", "Leadership"):
            assert heading in out


# --- Markdown -----------------------------------------------------------------------------------

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def assert_valid_tables(markdown: str) -> None:
    """Every table: a header, a delimiter row, and rows with the header's cell count."""
    lines = markdown.splitlines()
    tables = 0
    index = 0
    while index < len(lines):
        if not lines[index].startswith("|"):
            index += 1
            continue
        block = []
        while index < len(lines) and lines[index].startswith("|"):
            block.append(lines[index])
            index += 1
        tables += 1
        widths = [len(_UNESCAPED_PIPE.findall(line)) for line in block]
        assert len(block) >= 3, block
        assert len(set(widths)) == 1, block
        assert re.fullmatch(r"\|(---:?\|)+", block[1]), block[1]
        assert index == len(lines) or lines[index] == "", "a table must end with a blank line"
    assert tables >= 8


def test_markdown_escapes_pipes_and_html(hostile):
    out = run("report", str(hostile), "--format", "markdown").stdout
    assert_valid_tables(out)
    assert "# Org report: &lt;script>alert(1)&lt;/script> a\\|b\n" in out
    assert "| E\\|nt &lt;b> |" in out
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert (
        "CS Team Lead &lt;script>alert(1)&lt;/script> a\\|b \\[bold\\]x\\[/bold\\] \\*y\\*" in out
    )


# --- HTML ---------------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.text: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.open: list[str] = []
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.elements.append((tag, attrs))
        self.attrs += [(tag, name, value) for name, value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    assert text.startswith("<!DOCTYPE html>")
    assert page.tags.get("html") == 1 and page.tags.get("body") == 1
    return page


# Addresses that appear in the vendored chart libraries as text, never fetched: XML namespace
# names, d3's licence banner and a link in d3-org-chart's default box (which csorg replaces).
NOT_FETCHED = re.compile(
    r"https?://(www\.w3\.org/[\w/.#-]*|d3js\.org|github\.com/bumbeishvili/org-chart#jump-to-examples)"
)


def assert_self_contained(text: str) -> None:
    """No script in the report, and nothing that would load from the network.

    The one frame is the interactive chart, written inline (``srcdoc``, no ``src``) and
    sandboxed; its page is checked the same way, scripts allowed but only inline ones.
    """
    page = parse_html(text)
    assert "script" not in page.tags
    assert "link" not in page.tags and "img" not in page.tags
    frames = [dict(attrs) for tag, attrs in page.elements if tag == "iframe"]
    assert len(frames) <= 1
    for tag, name, value in page.attrs:
        assert not name.startswith("on"), (tag, name)
        if name in ("src", "href", "xlink:href", "action", "srcset", "data"):
            assert not re.match(r"\s*(https?:)?//", value or ""), (tag, name, value)
    outside = text
    for frame in frames:
        assert "src" not in frame and frame["sandbox"] == "allow-scripts allow-downloads"
        inner = frame["srcdoc"]
        assert inner.startswith("<!DOCTYPE html>")
        inner_page = _Page()
        inner_page.feed(inner)
        assert "link" not in inner_page.tags and "img" not in inner_page.tags
        assert "iframe" not in inner_page.tags
        for tag, name, _ in inner_page.attrs:
            assert name not in ("src", "href", "srcset", "action"), (tag, name)
            assert not name.startswith("on"), (tag, name)
        assert not re.search(r"https?://", NOT_FETCHED.sub("", inner))
        outside = outside.replace(html.escape(inner, quote=True), "")
    assert not re.search(r"https?://", outside)
    assert "@import" not in outside and "url(" not in outside


def test_html_escapes_user_text(hostile):
    result = run("report", str(hostile), "--format", "html")
    assert result.exit_code == 0, result.output
    page = parse_html(result.stdout)
    assert_self_contained(result.stdout)
    text = "".join(page.text)
    # The hostile strings are there, as text.
    assert "<script>alert(1)</script> a|b" in text
    assert HOSTILE_TITLE in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; a|b" in result.stdout


@pytest.mark.skipif(not HAS_DOT, reason="needs Graphviz dot")
def test_html_has_the_chart_and_the_tables():
    result = run("report", str(ROOT / "examples" / "segmented.yaml"), "--format", "html")
    assert result.exit_code == 0
    page = parse_html(result.stdout)
    assert page.tags.get("svg") == 1
    assert "<svg" in result.stdout and 'aria-label="Org chart"' in result.stdout
    # On screen the interactive chart; in print (and without JavaScript) the static SVG.
    assert page.tags.get("iframe") == 1 and 'class="chart chart-static"' in result.stdout
    assert "&lt;script type=&quot;application/json&quot; id=&quot;csorg-data&quot;" in result.stdout
    assert page.tags["table"] >= 8
    text = "".join(page.text)
    for heading in (
        "Headcount",
        "Org chart",
        "Layers",
        "Span of control",
        "Coverage",
        "Leadership",
    ):
        assert heading in text
    assert "Northwind Customer Organisation" in text
    assert_self_contained(result.stdout)


def test_clean_svg_strips_what_could_load_or_run():
    svg = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
        ' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        "<!-- Generated by graphviz -->\n"
        '<svg width="620pt" height="180pt" viewBox="0.00 0.00 620.00 180.00" '
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        '<g id="graph0" class="graph" onload="alert(1)"><script>alert(2)</script>'
        '<a xlink:href="https://evil.example/x" xlink:title="t"><text>&lt;b&gt;</text></a>'
        '<a href="#node1"><text>in page</text></a></g>\n</svg>\n'
    )
    out = clean_svg(svg)
    assert out.startswith(
        '<svg viewBox="0.00 0.00 620.00 180.00" style="max-width:620pt" '
        'role="img" aria-label="Org chart">'
    )
    assert "http" not in out and "script" not in out and "onload" not in out
    assert "<!" not in out and "<?" not in out
    assert "<text>&lt;b&gt;</text>" in out and 'href="#node1"' in out
    with pytest.raises(ValueError):
        clean_svg("<html></html>")


# --- text ---------------------------------------------------------------------------------------


def test_text_prints_user_text_as_written(hostile):
    result = run("report", str(hostile), "--no-color")
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout
    assert "Org report: <script>alert(1)</script> a|b" in result.stdout
    assert "[bold]x[/bold]" in result.stdout  # not read as rich markup


def test_json_round_trips_user_text(hostile):
    doc = json.loads(run("report", str(hostile), "--format", "json").stdout)
    assert doc["organization"]["name"] == "<script>alert(1)</script> a|b"
    assert doc["coverage"][0]["name"] == "E|nt <b>"
    titles = {m["role"]: m["title"] for m in doc["spans"]["per_manager"]}
    assert titles["lead"] == "CS Team Lead " + HOSTILE_TITLE


# --- exit status and files ------------------------------------------------------------------------


def test_an_org_with_errors_gets_diagnostics_and_exit_1(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text(
        "csorg: 1\norganization: {name: Acme}\nroles:\n  csm: {title: CSM, reports_to: nobody}\n"
    )
    result = run("report", str(path), "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{path}:4:33: error [unknown-manager]" in result.stderr


def test_yaml_syntax_error_is_exit_1(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text("csorg: 1\norganization: {name: Acme\n")
    result = run("report", str(path))
    assert result.exit_code == 1
    assert "[yaml-syntax]" in result.stderr and result.stdout == ""


def test_unreadable_file_is_exit_2(tmp_path):
    result = run("report", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith("csorg: error: ") and "missing.yaml" in result.stderr


def test_unknown_format_is_exit_2():
    result = run("report", str(EXAMPLES[0]), "--format", "pdf")
    assert result.exit_code == 2
    assert "--format takes one of text, markdown, json, html" in result.stderr


def test_output_file_is_written_and_inputs_are_refused(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text((ROOT / "examples" / "startup.yaml").read_text())
    out = tmp_path / "report.md"
    result = run("report", str(org), "--format", "markdown", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().startswith("# Org report: ")
    before = org.read_text()
    refused = run("report", str(org), "-o", str(org))
    assert refused.exit_code == 2
    assert "refusing to overwrite an input file" in refused.stderr
    assert org.read_text() == before
    missing_dir = run("report", str(org), "-o", str(tmp_path / "nope" / "r.md"))
    assert missing_dir.exit_code == 2 and "does not exist" in missing_dir.stderr


def test_an_included_file_is_an_input_too(tmp_path):
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "cs.yaml").write_text(
        "roles:\n  csm: {title: CSM, reports_to: vp, headcount: 5}\n"
    )
    org = tmp_path / "org.yaml"
    org.write_text(
        "csorg: 1\norganization: {name: Acme}\ninclude: teams/*.yaml\n"
        "roles:\n  vp: {title: VP Customer Success}\n"
    )
    ok = run("report", str(org), "--format", "json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["totals"]["seats"] == 6
    refused = run("report", str(org), "-o", str(tmp_path / "teams" / "cs.yaml"))
    assert refused.exit_code == 2 and "refusing to overwrite" in refused.stderr


def test_reads_stdin():
    text = (ROOT / "examples" / "startup.yaml").read_text()
    result = CliRunner().invoke(app, ["report", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["file"] == "<stdin>"


def test_empty_org_reports_without_crashing(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text("csorg: 1\norganization: {name: Empty}\n")
    for output_format in FORMATS:
        result = run("report", str(path), "--format", output_format)
        assert result.exit_code == 0, (output_format, result.output)
    doc = json.loads(run("report", str(path), "--format", "json").stdout)
    assert doc["totals"] == {
        "roles": 0,
        "seats": 0,
        "filled": 0,
        "open": 0,
        "managers": 0,
        "people": 0,
        "fte": 0,
        "accounts": 0,
    }
    assert doc["spans"]["min"] is None and doc["leadership"]["cs_leader"] is None
