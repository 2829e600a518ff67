"""The drawn chart, measured: reporting lines run straight, not round the chart (real `dot`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from layout import measure
from orggen import hris_org

from csorg_cli.checking import check_file
from csorg_cli.render import ChartOptions, build_chart

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# Drawn length over straight distance. Before wrapped rows hung under the gap in the middle of
# the row above (with weighted lines), the segmented example reached 2.8 (3.6 grouped).
MAX_DETOUR = 1.6
# The root's distance from the middle of the chart, across the reporting lines, over the chart's
# extent that way. Before managers were weighted towards their big teams, the segmented example's
# Chief Customer Officer sat in the top-right corner (0.25; 0.32 grouped by segment), and the
# startup's stack ran across the page left to right (4.6:1).
MAX_ROOT_OFFSET = 0.2


def _layout(path: Path, **options: object):
    result = check_file(path)
    assert result.tree is not None
    opts = ChartOptions(annotate=frozenset({"spans"}), **options)  # type: ignore[arg-type]
    return measure(str(build_chart(result.tree, opts, diagnostics=result.diagnostics)))


def _root(path: Path) -> str:
    result = check_file(path)
    assert result.tree is not None and result.tree.roots
    return result.tree.roots[0]


@pytest.mark.graphviz
@pytest.mark.parametrize("direction", ["TB", "LR"])
@pytest.mark.parametrize("group_by", ["none", "segment", "region"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_lines_make_no_detours(example, group_by, direction):
    layout = _layout(example, group_by=group_by, direction=direction)
    assert layout.ratios, "every example has reporting lines"
    (manager, report), ratio = layout.worst
    assert ratio <= MAX_DETOUR, f"{manager} -> {report} is drawn {ratio:.2f}x its straight length"
    assert layout.aspect <= 3.0, layout.aspect
    offset = layout.root_offset(_root(example))
    assert offset <= MAX_ROOT_OFFSET, f"the root is {offset:.2f} of the chart off its middle"


@pytest.mark.graphviz
def test_wrapped_hris_export_keeps_lines_short(tmp_path):
    org = tmp_path / "hris.yaml"
    org.write_text(hris_org())
    layout = _layout(org)
    (manager, report), ratio = layout.worst
    assert ratio <= MAX_DETOUR, f"{manager} -> {report} is drawn {ratio:.2f}x its straight length"
    assert layout.aspect <= 3.0
    assert layout.root_offset("vp") <= MAX_ROOT_OFFSET
