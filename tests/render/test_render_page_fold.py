"""Charts finish at any size: an SVG, PNG or PDF of an org bigger than a page folds by itself
below the deepest level that fits, and says so; what fits, and an explicit --depth, are drawn as
asked."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app
from csorg_cli.render import view
from csorg_cli.render.view import page_depth

ROOT = Path(__file__).resolve().parents[2]
SEGMENTED = ROOT / "examples" / "segmented.yaml"  # 28 roles on 5 levels: 1, 3, 7, 11, 6
SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_text(path: Path) -> str:
    return " ".join(t.text or "" for t in ET.parse(path).getroot().iter(f"{SVG_NS}text"))


def test_page_depth_is_the_deepest_level_that_fits() -> None:
    tree = check_file(SEGMENTED).tree
    assert tree is not None
    assert page_depth(tree, limit=28) is None  # everything fits
    assert page_depth(tree, limit=27) == 4  # 1 + 3 + 7 + 11 = 22 roles
    assert page_depth(tree, limit=21) == 3  # 11 roles
    assert page_depth(tree, limit=3) == 1  # the top alone: always drawn
    assert page_depth(tree, root="nobody", limit=3) is None  # the chart reports the root


def test_a_chart_bigger_than_a_page_folds_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view, "PAGE_ROLES", 21)
    out = tmp_path / "chart.svg"
    result = CliRunner().invoke(app, ["render", str(SEGMENTED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        "csorg: note: the org has more roles than a page shows (21 of 28 in the file): the chart "
        "draws the top 3 levels and folds the teams below" in result.stderr
    )
    assert "seats in" in svg_text(out)  # the folded boxes count what they hold
    unfolded = tmp_path / "unfolded.svg"
    explicit = CliRunner().invoke(
        app, ["render", str(SEGMENTED), "-o", str(unfolded), "--depth", "5"]
    )
    assert explicit.exit_code == 0, explicit.output
    assert "note:" not in explicit.stderr
    assert "seats in" not in svg_text(unfolded)


def test_a_chart_that_fits_is_drawn_whole(tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    result = CliRunner().invoke(app, ["render", str(SEGMENTED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "note:" not in result.stderr
    assert "seats in" not in svg_text(out)
