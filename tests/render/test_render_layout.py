"""The drawn chart, measured: reporting lines run straight, not round the chart (real `dot`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from layout import measure
from orggen import functional_org, hris_org

from csorg_cli.checking import check_file
from csorg_cli.render import ChartOptions, build_chart
from csorg_cli.render.layout import BOX_MIN_WIDTH
from csorg_cli.render.view import select

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# Drawn length over straight distance. Before wrapped rows hung under the gap in the middle of
# the row above (with weighted lines), the segmented example reached 2.8 (3.6 grouped).
MAX_DETOUR = 1.6
# The root's distance from the middle of the chart, across the reporting lines, over the chart's
# extent that way. Before managers were weighted towards their big teams, the segmented example's
# Chief Customer Officer sat in the top-right corner (0.25; 0.32 grouped by segment), and the
# startup's stack ran across the page left to right (4.6:1).
# Since every manager sits over its own team (peers never wrap), the top sits over its biggest
# team rather than the exact middle: up to a quarter off it.
MAX_ROOT_OFFSET = 0.25
# Charts whose top cannot sit over the middle yet, with why (lines and aspect are still checked).
# sharebird-post-sale: central RevOps and enablement are roots of their own beside the CS tree,
# so the CRO is the top of only part of the chart. enterprise-pods by segment: the frame of the
# pool serving two segments and the enterprise frame pull the VP to one side. Issue 17's layout
# work owns centring these; the exemption keeps them visible here.
ROOT_OFF_CENTRE: dict[tuple[str, str], str] = {
    ("sharebird-post-sale", "none"): "central teams beside the CS tree",
    ("sharebird-post-sale", "segment"): "central teams beside the CS tree",
    ("sharebird-post-sale", "region"): "central teams beside the CS tree",
    ("enterprise-pods", "segment"): "a frame for a pool over two segments",
}


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
    if (example.stem, group_by) in ROOT_OFF_CENTRE:
        return
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


# Orgs generated the way an HRIS export or a grown CS org looks: 300 and 562 seats by function
# (seat groups), and 566 people one role each (forty team leads on one layer).
GENERATED = {
    "functional-300": lambda: functional_org(1),
    "functional-562": lambda: functional_org(2),
    "hris-566": lambda: hris_org(directors=5, managers_per_director=8, ics_per_manager=13),
}
ORGS = [*(p.stem for p in EXAMPLES), *GENERATED]
# A team is "next to its lead" when the lead's centre is within two box widths of its reports.
NEXT_TO = 2 * BOX_MIN_WIDTH * 72


def _org_file(name: str, tmp_path: Path) -> Path:
    if name in GENERATED:
        path = tmp_path / f"{name}.yaml"
        path.write_text(GENERATED[name]())
        return path
    return ROOT / "examples" / f"{name}.yaml"


@pytest.mark.graphviz
@pytest.mark.parametrize("group_by", ["none", "segment", "region"])
@pytest.mark.parametrize("name", ORGS)
def test_every_role_sits_on_the_row_of_its_layer(name, group_by, tmp_path):
    result = check_file(_org_file(name, tmp_path))
    assert result.tree is not None
    source = str(build_chart(result.tree, ChartOptions(group_by=group_by)))
    layout = measure(source)
    level = select(result.tree).level
    rows: dict[int, list[float]] = {}
    for node in layout.positions:
        # A stack of reports is one node on the row below its manager.
        layer = level[node] if node in level else level[node.removeprefix("_panel_")] + 1
        rows.setdefault(layer, []).append(layout.along(node))
    for layer, positions in rows.items():
        assert max(positions) - min(positions) < 1.5, f"layer {layer} is not one row"
    # Rows go down the page (or to the right) in layer order.
    order = [sum(rows[layer]) / len(rows[layer]) for layer in sorted(rows)]
    assert order == sorted(order, reverse=layout.direction == "TB")
    assert layout.aspect < 3.0, f"{layout.width:.0f}x{layout.height:.0f} pt"
    managers = {tail for tail, _ in layout.edges}
    far = {m: layout.team_gap(m) for m in managers if layout.team_gap(m) > NEXT_TO}
    assert not far, f"teams drawn away from their lead (points): {far}"
