"""The Mermaid chart through mermaid-cli (tools/mermaid, Puppeteer driving Debian's Chromium).

mermaid-cli must accept the source, draw the title and the legend, and lay the reporting tree out
exactly as it does without dotted lines: as Mermaid links they were layout edges that interleaved
subtrees (segmented, digital-led); now they are listed in the legend. One mmdc run (one browser)
draws every chart here, from a Markdown file of mermaid blocks.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from csorg_cli.checking import check_file
from csorg_cli.render.mermaid import build_mermaid, chart_title, fenced
from csorg_cli.render.options import ChartOptions
from csorg_cli.render.view import select

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "mermaid"
MMDC = TOOLS / "node_modules" / ".bin" / "mmdc"
EXAMPLES = ["segmented", "digital-led", "strategic-scaled"]
# A role box: <g class="node ..." id="[svg-id-]flowchart-r12-34" ... transform="translate(x, y)">
_NODE = re.compile(
    r'<g class="node[^"]*" id="[\w-]*?flowchart-(r\d+)-\d+"[^>]*? '
    r'transform="translate\(([-\d.]+), ?([-\d.]+)\)"'
)


def _without_dotted_lines(source: Path, target: Path) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for role in data["roles"].values():
        role.pop("dotted_to", None)
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """name -> SVG, for each example with and without its dotted lines (``name-plain``)."""
    if not MMDC.exists():
        pytest.skip("mermaid-cli is not installed: run scripts/bootstrap.sh dev")
    if shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed: run scripts/bootstrap.sh dev")
    work = tmp_path_factory.mktemp("mermaid")
    names: list[str] = []
    blocks: list[str] = []
    for name in EXAMPLES:
        source = ROOT / "examples" / f"{name}.yaml"
        for variant, path in (
            (name, source),
            (f"{name}-plain", _without_dotted_lines(source, work / f"{name}-plain.yaml")),
        ):
            result = check_file(path)
            assert result.tree is not None
            names.append(variant)
            blocks.append(fenced(build_mermaid(result.tree, ChartOptions(), "default")))
    (work / "charts.md").write_text("\n".join(blocks), encoding="utf-8")
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    done = subprocess.run(
        [
            str(MMDC),
            "--puppeteerConfigFile",
            str(TOOLS / "puppeteer-config.json"),
            "--input",
            str(work / "charts.md"),
            "--output",
            str(work / "out.md"),
            "--outputFormat",
            "svg",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {
        name: (work / f"out-{index}.svg").read_text(encoding="utf-8")
        for index, name in enumerate(names, start=1)
    }


def _centres(svg: str) -> dict[str, float]:
    """Each role box's horizontal centre in mermaid-cli's SVG (the charts run top to bottom)."""
    return {node: float(x) for node, x, _ in _NODE.findall(svg)}


def _interleaved(name: str, svg: str) -> list[str]:
    """Sibling subtrees whose boxes overlap in x: what dotted lines as layout edges did (one
    team's boxes drawn among another's, and reporting lines crossing)."""
    result = check_file(ROOT / "examples" / f"{name}.yaml")
    assert result.tree is not None
    view = select(result.tree)
    ids = {role: f"r{index}" for index, role in enumerate(view.order, start=1)}
    x = _centres(svg)

    def span(role: str) -> tuple[float, float]:
        xs = [x[ids[role]]]
        for child in view.children.get(role, []):
            low, high = span(child)
            xs += [low, high]
        return min(xs), max(xs)

    found = []
    for manager, children in view.children.items():
        spans = sorted((span(child), child) for child in children)
        for (first, a), (second, b) in itertools.pairwise(spans):
            if second[0] < first[1]:
                found.append(f"{manager}: {a} and {b} overlap")
    return found


@pytest.mark.parametrize("name", EXAMPLES)
def test_mermaid_cli_draws_the_chart(drawn, name):
    svg = drawn[name]
    assert "Syntax error" not in svg
    assert len(_centres(svg)) >= 10


@pytest.mark.parametrize("name", EXAMPLES)
def test_dotted_lines_do_not_scramble_the_tree(drawn, name):
    """Dotted lines overlap no team's boxes with another's that do not overlap without them."""
    without = set(_interleaved(name, drawn[f"{name}-plain"]))
    assert set(_interleaved(name, drawn[name])) <= without


@pytest.mark.parametrize("name", EXAMPLES)
def test_title_and_legend_are_drawn(drawn, name):
    result = check_file(ROOT / "examples" / f"{name}.yaml")
    assert result.tree is not None
    title = chart_title(select(result.tree), ChartOptions())
    svg = drawn[name]
    assert title.split(" · ")[0] in svg
    assert ">Legend<" in svg
    assert "Dotted lines" in svg
    assert "Dotted lines" not in drawn[f"{name}-plain"]
