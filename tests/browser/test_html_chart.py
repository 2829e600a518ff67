"""`csorg render org.yaml -o org.html`, opened in headless Chromium: what a person sees and does."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app
from csorg_cli.render.interactive import ORG_NODE, chart_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))
from orggen import hris_org

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SEGMENTED = ROOT / "examples" / "segmented.yaml"

pytestmark = pytest.mark.browser


def render_html(source: Path, target: Path, *args: str) -> Path:
    result = CliRunner().invoke(app, ["render", str(source), "-o", str(target), *args])
    assert result.exit_code in (0, 1), result.output
    assert target.exists()
    return target


def drawn(page) -> set[str]:
    """Roles whose boxes are on screen."""
    return set(
        page.eval_on_selector_all(".csorg-box[data-role]", "els => els.map(e => e.dataset.role)")
    )


def eventually_drawn(page, expected: set[str], timeout: float = 5.0) -> None:
    """Wait until exactly ``expected`` is on screen (transitions take a moment on a busy machine)."""
    deadline = time.monotonic() + timeout
    while drawn(page) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert drawn(page) == expected


def assert_clean(opened, path: Path) -> None:
    problems = [text for kind, text in opened.console if kind in ("error", "warning")]
    assert not opened.errors and not problems, (opened.errors, problems)
    assert opened.network(path.resolve().as_uri()) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_loads_offline_with_no_error(example, tmp_path, open_page):
    page_file = render_html(example, tmp_path / f"{example.stem}.html")
    opened = open_page(page_file)
    assert_clean(opened, page_file)
    result = check_file(example)
    assert result.tree is not None
    # An org with teams outside the CS org (central roots) has several tops under one org node.
    boxes = drawn(opened.page) - {ORG_NODE}
    assert boxes == set(result.tree.roles), "a small org opens unfolded"


def test_search_finds_a_csm_by_person_and_unfolds_the_chain(tmp_path, open_page):
    source = tmp_path / "hris.yaml"
    source.write_text(hris_org())  # 486 roles: the page opens folded below the managers
    page_file = render_html(source, tmp_path / "hris.html")
    tree = check_file(source).tree
    assert tree is not None
    csm = next(
        node["id"]
        for node in chart_data(tree)["nodes"]
        if "Person 202" in node["people"] and node["title"] == "Customer Success Manager"
    )
    opened = open_page(page_file)
    page = opened.page
    assert csm not in drawn(page)
    page.fill("#csorg-search", "person 202")
    page.wait_for_selector(f'.csorg-box[data-role="{csm}"]')
    assert page.inner_text("#csorg-matches") == "1 match"
    box = page.locator(f'.csorg-box[data-role="{csm}"]')
    assert "csorg-box-match" in (box.get_attribute("class") or "")
    assert "Person 202" in box.inner_text()
    # Its whole chain is on screen, up to the VP.
    chain = [csm]
    while chain[-1] in tree.parent:
        chain.append(tree.parent[chain[-1]])
    assert set(chain) <= drawn(page)
    assert chain[-1] == "vp"
    # Only matches are marked.
    assert page.locator(".csorg-box-match").count() == 1
    page.fill("#csorg-search", "")
    page.wait_for_selector(".csorg-box-match", state="detached")
    assert_clean(opened, page_file)


def test_search_by_segment_region_and_role_id(tmp_path, open_page):
    page_file = render_html(SEGMENTED, tmp_path / "segmented.html")
    page = open_page(page_file).page
    for query, expected in (
        ("csm-ent-emea", {"csm-ent-emea"}),
        ("ana ruiz", {"csm-ent-na"}),
        ("nobody by this name", set()),
    ):
        page.fill("#csorg-search", query)
        page.keyboard.press("Enter")
        marked = set(
            page.eval_on_selector_all(".csorg-box-match", "els => els.map(e => e.dataset.role)")
        )
        assert marked == expected, query
    page.fill("#csorg-search", "mid-market emea")
    page.keyboard.press("Enter")
    matches = page.inner_text("#csorg-matches")
    assert matches.endswith("matches") and int(matches.split()[0]) >= 2


def test_fold_and_unfold_a_team_and_everything(tmp_path, open_page):
    page_file = render_html(SEGMENTED, tmp_path / "segmented.html")
    opened = open_page(page_file)
    page = opened.page
    tree = check_file(SEGMENTED).tree
    assert tree is not None
    below_vp = set(tree.descendants("vp-cs"))
    everyone = set(tree.roles)
    fold = page.locator("g.node", has=page.locator('[data-role="vp-cs"]')).locator(".node-button-g")
    fold.click(force=True)
    eventually_drawn(page, everyone - below_vp)
    fold.click(force=True)
    eventually_drawn(page, everyone)  # the team comes back as it was
    page.click("[data-action=collapse-all]")
    eventually_drawn(page, {"cco"})
    page.click("[data-action=expand-all]")
    eventually_drawn(page, everyone)
    assert_clean(opened, page_file)


def test_details_panel_tells_everything_about_a_role(tmp_path, open_page):
    page_file = render_html(SEGMENTED, tmp_path / "segmented.html")
    page = open_page(page_file).page
    assert page.is_hidden("#csorg-details")
    page.click('.csorg-box[data-role="csm-ent-na"]')
    panel = page.locator("#csorg-details")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    for expected in (
        "Customer Success Manager",
        "csm-ent-na",
        "Ana Ruiz",
        "8 seats · 1 open",
        "Enterprise",
        "NA",
        "Customer success",
        "Findings",
    ):
        assert expected in text, expected
    page.keyboard.press("Escape")
    assert page.is_hidden("#csorg-details")


def test_focus_on_a_team_and_back(tmp_path, open_page):
    page_file = render_html(SEGMENTED, tmp_path / "segmented.html")
    page = open_page(page_file).page
    tree = check_file(SEGMENTED).tree
    assert tree is not None
    page.click('.csorg-box[data-role="dir-enterprise"]')
    page.click(".csorg-focus")
    eventually_drawn(page, {"dir-enterprise", *tree.descendants("dir-enterprise")})
    assert page.evaluate("location.hash") == "#focus=dir-enterprise"
    page.click("[data-action=unfocus]")
    eventually_drawn(page, set(tree.roles))
    # The address opens the same focus.
    opened = open_page(page_file, hash="#focus=lead-ent-na")
    eventually_drawn(opened.page, {"lead-ent-na", *tree.descendants("lead-ent-na")})


def test_dotted_line_managers_are_drawn_dashed(tmp_path, open_page):
    page_file = render_html(SEGMENTED, tmp_path / "segmented.html")
    page = open_page(page_file).page
    dashes = page.eval_on_selector_all(
        "path.csorg-dotted", "els => els.map(e => e.getAttribute('stroke-dasharray'))"
    )
    assert dashes and all(dashes)
    assert "dotted-line manager" in page.inner_text("#csorg-legend")


def test_export_png_and_svg_of_the_view(tmp_path, open_page):
    page_file = render_html(SEGMENTED, tmp_path / "segmented.html")
    opened = open_page(page_file)
    page = opened.page
    with page.expect_download() as png:
        page.click("[data-action=export-png]")
    saved = tmp_path / "view.png"
    png.value.save_as(saved)
    assert png.value.suggested_filename.endswith(".png")
    data = saved.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    with page.expect_download() as svg:
        page.click("[data-action=export-svg]")
    saved_svg = tmp_path / "view.svg"
    svg.value.save_as(saved_svg)
    text = saved_svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Chief Customer Officer" in text
    assert_clean(opened, page_file)


def test_a_hostile_title_stays_text(tmp_path, open_page):
    source = tmp_path / "hostile.yaml"
    source.write_text(
        "csorg: 1\n"
        "organization: {name: '<img src=x onerror=window.pwned=1>'}\n"
        "roles:\n"
        "  vp: {title: '</script><script>window.pwned=1</script>', person: '<b>Bo</b>'}\n"
        "  csm: {title: CSM, reports_to: vp, person: \"Al 'x' \\u2028 & co\"}\n"
    )
    page_file = render_html(source, tmp_path / "hostile.html")
    opened = open_page(page_file)
    page = opened.page
    assert page.evaluate("window.pwned") is None
    assert "</script><script>window.pwned=1</script>" in page.inner_text('[data-role="vp"]')
    assert "<b>Bo</b>" in page.inner_text('[data-role="vp"]')
    assert page.inner_text("#csorg-name") == "<img src=x onerror=window.pwned=1>"
    assert_clean(opened, page_file)


def test_five_thousand_roles_open_folded_and_search_works(tmp_path, open_page):
    source = tmp_path / "big.yaml"
    source.write_text(hris_org(directors=10, managers_per_director=12, ics_per_manager=41))
    page_file = render_html(source, tmp_path / "big.html")
    opened = open_page(page_file)
    page = opened.page
    assert len(drawn(page)) == 131  # the VP, directors and managers; 4,920 ICs folded
    page.fill("#csorg-search", "Person 4000")
    page.wait_for_selector(".csorg-box-match")
    assert page.inner_text("#csorg-matches") == "1 match"
    assert_clean(opened, page_file)


def test_the_html_report_embeds_the_live_chart_and_prints_the_static_one(tmp_path, browser):
    report = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["report", str(SEGMENTED), "--format", "html", "-o", str(report)]
    )
    assert result.exit_code == 0, result.output
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(report.resolve().as_uri())
    frame = page.frame_locator("iframe.chart-live")
    frame.locator('.csorg-box[data-role="csm-ent-na"]').wait_for()
    frame.locator("#csorg-search").fill("ana ruiz")
    frame.locator(".csorg-box-match").wait_for()
    assert page.is_visible("iframe.chart-live") and page.is_hidden(".chart-static")
    page.emulate_media(media="print")
    assert page.is_hidden("iframe.chart-live") and page.is_visible(".chart-static svg")
    assert not errors
    assert [u for u in requests if not u.startswith(("data:", "blob:", "about:"))] == [
        report.resolve().as_uri()
    ]
    page.close()
