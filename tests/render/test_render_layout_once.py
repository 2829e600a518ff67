"""The chart's shape is chosen in one pass: every box is worded once, whichever shape wins.

Before, each candidate shape (direction x stacking) built the block tree again and each stack
depth re-estimated the whole layout: 4 wordings of every box and up to 24 layout passes."""

from __future__ import annotations

import re

import pytest
from orggen import functional_org, hris_org

from csorg_cli.render import ChartOptions, build_chart
from csorg_cli.render import chart as chart_module

ORGS = {
    # Forty team leads on one row: too wide top to bottom, drawn left to right.
    "wide hris export": hris_org(directors=10, managers_per_director=4, ics_per_manager=3),
    # Managers with two or three reports each: stacked only when stacking from two.
    "small teams": hris_org(directors=6, managers_per_director=5, ics_per_manager=2),
    "functional": functional_org(2),
}


@pytest.mark.parametrize("name", ORGS)
@pytest.mark.parametrize("direction", ["auto", "TB", "LR"])
def test_every_role_is_worded_once_and_drawn_once(name, direction, lint, monkeypatch):
    result = lint(ORGS[name]).result
    assert result.tree is not None
    worded: list[str] = []
    real = chart_module.box_content

    def counting(view, role_id, *args, **kwargs):
        worded.append(role_id)
        return real(view, role_id, *args, **kwargs)

    monkeypatch.setattr(chart_module, "box_content", counting)
    dot = str(build_chart(result.tree, ChartOptions(direction=direction)))
    roles = set(result.tree.org.roles)
    assert sorted(worded) == sorted(roles)
    # Each role is drawn exactly once: as its own node or as one cell (port) of a panel.
    nodes = re.findall(r"^\t\"?([\w-]+)\"? \[label=", dot, flags=re.M)
    nodes = [node for node in nodes if not node.startswith("_panel_")]
    ports = re.findall(r'PORT="([\w-]+)"', dot)
    assert sorted(nodes + ports) == sorted(roles)


def test_small_teams_stack_when_stacking_from_two_is_what_fits(lint):
    result = lint(ORGS["small teams"]).result
    assert result.tree is not None
    from_two = str(build_chart(result.tree, ChartOptions(direction="TB", screen_width=1)))
    side_by_side = str(build_chart(result.tree, ChartOptions(direction="TB", screen_width=200)))
    # Too wide for the screen: the teams of two are stacked in panels; a chart that fits (on a
    # very wide screen) keeps them side by side, as stacking starts at four reports.
    assert "_panel_mgr-0-0" in from_two
    assert "_panel_mgr-0-0" not in side_by_side
