"""`csorg render` as a user runs it: every format through the real `dot`, files, errors."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from orggen import hris_org
from typer.testing import CliRunner

from csorg_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SVG_NS = "{http://www.w3.org/2000/svg}"

HOSTILE = """\
csorg: 1
organization: {name: "<script>alert(1)</script>"}
roles:
  vp: {title: "<script>alert(1)</script>", person: "\\"a\\" -> \\"b\\""}
  csm: {title: "\\"a\\" -> \\"b\\" ]; x [label=pwned", reports_to: vp, headcount: 2}
"""


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["render", *args], input=input)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (no imaging library needed)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def check_svg(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG_NS}svg"
    assert not list(root.iter(f"{SVG_NS}script")) and not list(root.iter("script"))
    return root


@pytest.mark.graphviz
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "dot", "mmd", "md", "txt"])
def test_every_example_renders_in_every_format(tmp_path, example, fmt):
    out = tmp_path / f"chart.{fmt}"
    result = run(
        str(example),
        "-o",
        str(out),
        "--annotate",
        "spans,coverage",
        "--group-by",
        "segment",
        "--highlight-problems",
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if fmt == "svg":
        root = check_svg(out)
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
        assert "Legend" in texts
        assert len(data) > 5_000
    elif fmt == "png":
        width, height = png_size(data)
        assert 300 < width < 10_000 and 200 < height < 10_000
        assert max(width / height, height / width) <= 3.2
    elif fmt == "pdf":
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
        assert len(data) > 5_000
    elif fmt == "dot":
        assert data.startswith(b"digraph csorg {")
    elif fmt == "mmd":
        assert b"\nflowchart TB\n" in data and b" --> " in data
    elif fmt == "md":
        assert data.startswith(b"```mermaid\n") and data.endswith(b"```\n")
    else:
        assert b"\x1b[" not in data  # no colour codes in a file
        assert len(data.splitlines()) >= 4


@pytest.mark.graphviz
@pytest.mark.parametrize("theme", ["default", "dark", "minimal", "mono"])
@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_themes_and_directions_render(tmp_path, theme, direction):
    out = tmp_path / "chart.svg"
    result = run(
        str(ROOT / "examples" / "segmented.yaml"),
        "-o",
        str(out),
        "--theme",
        theme,
        "--direction",
        direction,
        "--depth",
        "3",
    )
    assert result.exit_code == 0, result.output
    check_svg(out)


@pytest.mark.graphviz
def test_hostile_titles_render_as_text(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(HOSTILE)
    out = tmp_path / "chart.svg"
    result = run(str(org), "-o", str(out))
    assert result.exit_code == 0, result.output
    root = check_svg(out)
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert "<script>alert(1)</script>" in texts
    # Long titles wrap onto lines of their own; the text is intact across them.
    assert '"a" -> "b" ]; x [label=pwned' in " ".join(t for t in texts if t)
    # The injected DOT attempt made no node of its own.
    titles = [t.text for t in root.iter(f"{SVG_NS}title")]
    assert "x" not in titles and sorted(t for t in titles if t in ("vp", "csm")) == ["csm", "vp"]

    source = run(str(org), "--format", "dot").stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source and "<script>" not in source
    mermaid = run(str(org), "--format", "mermaid").stdout
    assert "#60;script#62;alert(1)#60;/script#62;" in mermaid
    assert "#34;a#34; -#62; #34;b#34;" in mermaid
    assert "<script>" not in mermaid and '"a"' not in mermaid


@pytest.mark.graphviz
def test_500_seat_hris_export_is_a_legible_png(tmp_path, artifacts):
    """One role per person (486 single-seat roles): the PNG must fit a screen's proportions.

    At Graphviz's 96 dpi the boxes' 11 pt titles are about 15 px high, readable at 100 %; the
    whole chart stays within 3:1 and about three laptop screens wide, because big teams stack
    into panels and an org too wide for one row per layer is drawn left to right.
    """
    org = tmp_path / "hris.yaml"
    org.write_text(hris_org())
    out = tmp_path / "hris-500-seats.png"
    result = run(str(org), "-o", str(out))
    assert result.exit_code == 0, result.output
    width, height = png_size(out.read_bytes())
    artifacts(out)
    assert max(width / height, height / width) <= 3.0, (width, height)
    assert width <= 6_000 and height <= 6_000, (width, height)
    # And it is not shrunk to a thumbnail either: 486 boxes need room.
    assert width * height >= 4_000_000, (width, height)


def test_tree_and_mermaid_to_stdout_need_no_dot(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere
    example = str(ROOT / "examples" / "segmented.yaml")
    tree = run(example, "--format", "tree", "--depth", "2", "--no-color")
    assert tree.exit_code == 0, tree.output
    lines = tree.stdout.splitlines()
    assert lines[0] == "Northwind Customer Organisation"
    assert lines[1].startswith("└── Chief Customer Officer  Grace Whitfield")
    assert "VP Customer Success  Dana Smith  + 70 seats in 21 roles, 4 open  (vp-cs)" in tree.stdout
    mermaid = run(example, "--format", "mermaid", "--root", "dir-support")
    assert mermaid.exit_code == 0
    assert mermaid.stdout.splitlines()[:3] == [
        "---",
        'title: "Northwind Customer Organisation · subtree of Director of Support · as of '
        '2026-11-01 · 9 seats (1 open)"',
        "---",
    ]
    assert mermaid.stdout.splitlines()[3] == "flowchart TB"
    assert mermaid.stdout.splitlines()[5:7] == [
        '    r1["<b>Director of Support</b><br/>Maya Fernandes"]',
        '    r2["<b>Support Engineer</b><br/>6 seats #183; 1 open"]',
    ]
    assert "    r1 --> r2" in mermaid.stdout
    md = run(example, "--format", "md", "--depth", "1")
    assert md.stdout.startswith("```mermaid\n") and md.stdout.endswith("```\n")
    assert run(example).stdout.startswith("digraph csorg {")  # the default without -o


def test_tree_prints_markup_as_written(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(
        "csorg: 1\norganization: {name: Acme}\nroles:\n"
        '  vp: {title: "[bold red]VP[/] CS", person: "[link=x]y[/link]"}\n'
    )
    result = run(str(org), "--format", "tree", "--no-color")
    assert "[bold red]VP[/] CS  [link=x]y[/link]  (vp)" in result.stdout


def test_missing_dot_says_how_to_install_and_keeps_the_old_chart(tmp_path):
    out = tmp_path / "chart.svg"
    out.write_text("the chart from last week")
    env = {**os.environ, "PATH": str(tmp_path)}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "csorg_cli",
            "render",
            str(ROOT / "examples" / "startup.yaml"),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.startswith("csorg: error: the Graphviz `dot` program is not installed")
    assert "apt-get install graphviz" in completed.stderr
    assert "brew install graphviz" in completed.stderr
    assert "--format dot, mermaid, md, tree and html still work" in completed.stderr
    assert out.read_text() == "the chart from last week"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]  # no temporary left behind


def test_output_that_is_the_input_is_refused(tmp_path):
    org = tmp_path / "org.svg"
    shutil.copy(ROOT / "examples" / "startup.yaml", org)
    before = org.read_bytes()
    result = run(str(org), "-o", str(org))
    assert result.exit_code == 2
    assert "refusing to overwrite an input file" in result.stderr
    assert org.read_bytes() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["-f", "png"], "png is a binary format: write it to a file with -o chart.png"),
        (["-f", "pdf"], "pdf is a binary format"),
        (["-o", "chart.jpeg"], "cannot tell the format from 'chart.jpeg'"),
        (
            ["-f", "gif"],
            "--format takes one of svg, png, pdf, dot, mermaid, md, tree, html, not 'gif'",
        ),
        (["--theme", "neon"], "--theme takes one of default, dark, minimal, mono, not 'neon'"),
        (["--direction", "up"], "--direction takes auto, TB, LR"),
        (["--group-by", "team"], "--group-by takes one of none, segment, region"),
        (["--annotate", "spans,salary"], "--annotate takes spans or coverage, not 'salary'"),
        (["--root", "vp-c"], "--root: no role 'vp-c' in this org; did you mean 'vp-cs'?"),
        (["-o", "chart.svg", "--dpi", "200"], "--dpi sets the pixels of a png"),
        (["-f", "tree", "--scale", "2"], "--scale and --dpi apply to svg, png, pdf and dot"),
    ],
)
def test_usage_errors_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(str(ROOT / "examples" / "segmented.yaml"), *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("csorg: error: ")
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unreadable_file_exits_2(tmp_path):
    result = run(str(tmp_path / "missing.yaml"), "-f", "dot")
    assert result.exit_code == 2
    assert result.stderr.startswith("csorg: error: ")


def test_org_with_errors_is_drawn_and_exits_1(tmp_path):
    out = tmp_path / "chart.dot"
    result = run(
        str(ROOT / "examples" / "broken" / "reporting-cycle.yaml"),
        "-o",
        str(out),
        "--highlight-problems",
    )
    assert result.exit_code == 1
    assert "error [reporting-cycle]" in result.stderr
    assert "the chart shows it as written" in result.stderr
    assert "constraint=false" in out.read_text()


def test_org_too_broken_to_draw_exits_1_without_output(tmp_path):
    out = tmp_path / "chart.dot"
    result = run(str(ROOT / "examples" / "broken" / "yaml-syntax.yaml"), "-o", str(out))
    assert result.exit_code == 1
    assert "error [yaml-syntax]" in result.stderr
    assert not out.exists()


def test_reads_stdin():
    text = (ROOT / "examples" / "startup.yaml").read_text()
    result = run("-", "-f", "mermaid", input=text)
    assert result.exit_code == 0, result.output
    assert "flowchart TB" in result.stdout


@pytest.mark.graphviz
def test_png_to_stdout_with_dash(tmp_path):
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "csorg_cli",
            "render",
            str(ROOT / "examples" / "startup.yaml"),
            "-f",
            "png",
            "-o",
            "-",
        ],
        capture_output=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert png_size(completed.stdout)[0] > 100


def test_brackets_in_a_holder_name_render_through_graphviz(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(
        "csorg: 1\norganization: {name: Acme}\n"
        "roles:\n  cco: {title: Chief Customer Officer, person: ']'}\n"
        "  csm: {title: CSM, reports_to: cco, person: '[x]'}\n",
        encoding="utf-8",
    )
    rendered = CliRunner().invoke(app, ["render", "--format", "dot", str(org)])
    drawn = subprocess.run(
        ["dot", "-Tsvg"], input=rendered.stdout, capture_output=True, text=True, timeout=60
    )
    assert drawn.returncode == 0, drawn.stderr
    assert "[x]" in drawn.stdout


@pytest.mark.graphviz
def test_scale_and_dpi_enlarge_the_chart(tmp_path):
    example = str(ROOT / "examples" / "startup.yaml")
    sizes = {}
    for name, args in (("plain", []), ("scale", ["--scale", "2"]), ("dpi", ["--dpi", "192"])):
        out = tmp_path / f"{name}.png"
        assert run(example, "-o", str(out), *args).exit_code == 0
        sizes[name] = png_size(out.read_bytes())
    width, height = sizes["plain"]
    for name in ("scale", "dpi"):
        assert abs(sizes[name][0] - 2 * width) <= 2 and abs(sizes[name][1] - 2 * height) <= 2
    svg = tmp_path / "chart.svg"
    assert run(example, "-o", str(svg), "--scale", "1.5").exit_code == 0
    plain = tmp_path / "plain.svg"
    assert run(example, "-o", str(plain)).exit_code == 0
    wide = float(check_svg(svg).get("width", "0").removesuffix("pt"))
    assert wide == pytest.approx(1.5 * float(check_svg(plain).get("width", "0")[:-2]), rel=0.02)
