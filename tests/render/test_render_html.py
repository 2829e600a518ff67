"""The interactive HTML page as text: self-contained, escaped, licensed (no browser needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.render.interactive import (
    LICENCES,
    ORG_NODE,
    VENDORED,
    build_html,
    chart_data,
    json_for_script,
)

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "src" / "csorg_cli" / "render" / "vendor"


def _data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="csorg-data">(.*?)</script>', html, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_json_for_a_script_element_cannot_end_it():
    text = json_for_script({"title": "</script><script>alert(1)</script>", "x": "a\u2028b&c"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"title": "</script><script>alert(1)</script>", "x": "a\u2028b&c"}


def test_the_page_holds_everything_it_needs(lint):
    result = lint("""
        csorg: 1
        organization: {name: "Acme </script>"}
        roles:
          vp: {title: "</script><script>alert(1)</script>", person: Dana}
          csm: {title: CSM, reports_to: vp, headcount: 3, open: 1}
    """).result
    page = build_html(result.tree)
    # One element per script: the data, the three vendored libraries and the wrapper.
    assert page.count("</script>") == 1 + len(VENDORED) + 1
    assert "<script>alert(1)" not in page
    # Nothing to fetch: no src or href attribute, no stylesheet link, no @import or url().
    assert not re.search(r"\s(src|href)=", page.split('id="csorg-data"')[0])
    styles = "".join(re.findall(r"<style[^>]*>(.*?)</style>", page, re.S))
    assert styles and "@import" not in styles and "url(" not in styles
    data = _data(page)
    assert data["nodes"][0]["title"] == "</script><script>alert(1)</script>"
    assert [line["text"] for line in data["nodes"][1]["lines"]] == ["3 seats · 1 open"]


def test_licences_ship_beside_the_vendored_code():
    versions = (VENDOR / "VERSIONS.txt").read_text()
    for spec in ("d3-org-chart@3.1.1", "d3@7.9.2", "d3-flextree@2.1.2"):
        assert spec in versions
    for name in (*VENDORED, *LICENCES):
        assert (VENDOR / name).stat().st_size > 0
    assert "MIT License" in (VENDOR / "LICENSE-d3-org-chart.md").read_text()
    assert "Permission to use, copy, modify" in (VENDOR / "LICENSE-d3.txt").read_text()
    for name in VENDORED:
        assert "</script" not in (VENDOR / name).read_text().lower()


def test_several_tops_hang_from_the_org_and_placement_is_inherited(lint):
    result = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          ent: {name: Enterprise, accounts: 120, motion: named, ratio: '1:12'}
        roles:
          vp: {title: VP CS, segment: ent, region: EMEA}
          csm: {title: CSM, reports_to: vp, headcount: 10, kpis: [NRR], owns: [renewals]}
          ops: {title: CS Ops, dotted_to: [vp]}
          lost: {title: Analyst, reports_to: nobody}
    """).result
    data = chart_data(result.tree, result.diagnostics)
    nodes = {node["id"]: node for node in data["nodes"]}
    assert nodes[ORG_NODE]["parentId"] is None
    assert {nodes[r]["parentId"] for r in ("vp", "ops", "lost")} == {ORG_NODE}
    csm = nodes["csm"]
    assert (csm["segment"], csm["segmentInherited"], csm["region"]) == ("Enterprise", True, "EMEA")
    assert (csm["kpis"], csm["owns"]) == (["NRR"], ["renewals"])
    assert data["connections"] == [{"from": "vp", "to": "ops"}]
    assert any(f["rule"] == "unknown-manager" for f in nodes["lost"]["findings"])


def test_render_writes_html_from_the_extension(tmp_path):
    target = tmp_path / "org.html"
    result = CliRunner().invoke(
        app, ["render", str(ROOT / "examples" / "segmented.yaml"), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert _data(page)["name"] == "Northwind Customer Organisation"


def test_render_html_opens_on_a_root_and_refuses_an_unknown_one(tmp_path):
    example = str(ROOT / "examples" / "segmented.yaml")
    target = tmp_path / "org.html"
    runner = CliRunner()
    result = runner.invoke(app, ["render", example, "-o", str(target), "--root", "vp-cs"])
    assert result.exit_code == 0, result.output
    assert _data(target.read_text())["focus"] == "vp-cs"
    result = runner.invoke(app, ["render", example, "-o", str(target), "--root", "vp-css"])
    assert result.exit_code == 2
    assert "no role 'vp-css'" in result.output
