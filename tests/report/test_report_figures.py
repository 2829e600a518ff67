"""`csorg report --format json` on a small org, every figure computed by hand."""

from __future__ import annotations

import json

import pytest
from helpers import dedent
from typer.testing import CliRunner

from csorg_cli.cli.app import app

SMALL = dedent("""
    csorg: 1
    organization: {name: Tiny Co, as_of: 2026-01-01, currency: EUR}
    segments:
      ent: {name: Enterprise, accounts: 100, arr: 20000000, motion: named, ratio: "1:10"}
      smb: {name: SMB, accounts: 1000, motion: pooled}
      dig: {accounts: 0, motion: digital}
      new: {name: New, accounts: 50, motion: named}
    roles:
      vp: {title: VP Customer Success, person: Vera Lind}
      dir: {title: "Director, Enterprise CS", reports_to: vp, segment: ent}
      lead: {title: CS Team Lead, reports_to: dir, segment: ent, region: NA}
      csm-ent:
        title: Customer Success Manager
        reports_to: lead
        segment: ent
        region: NA
        headcount: 12
        open: 2
      scaled: {title: Scaled CSM, reports_to: vp, segment: smb, headcount: 5, open: 1}
      support: {title: Support Engineer, reports_to: vp, headcount: 2}
""")


@pytest.fixture(scope="module")
def doc(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("small") / "org.yaml"
    path.write_text(SMALL, encoding="utf-8")
    # --no-config: the packaged benchmarks, whatever .csorg.yaml the tests run under.
    result = CliRunner().invoke(app, ["report", str(path), "--format", "json", "--no-config"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_totals(doc):
    # seats: vp 1 + dir 1 + lead 1 + csm-ent 12 + scaled 5 + support 2 = 22; open: 2 + 1 = 3
    assert doc["version"] == 1
    assert doc["organization"] == {"name": "Tiny Co", "as_of": "2026-01-01", "currency": "EUR"}
    assert doc["totals"] == {
        "roles": 6,
        "seats": 22,
        "filled": 19,
        "open": 3,
        "managers": 3,
        "people": 22,
        "fte": 22,
        "accounts": 1150,
    }


def test_headcount_by_function_segment_region(doc):
    headcount = doc["headcount"]
    # customer-success: vp, dir, lead, csm-ent (12), scaled (5) = 20 seats, 3 open; support: 2
    assert [(g["key"], g["seats"], g["filled"], g["open"]) for g in headcount["by_function"]] == [
        ("customer-success", 20, 17, 3),
        ("support", 2, 2, 0),
    ]
    # ent: dir + lead + csm-ent = 14 (2 open); smb: 5 (1 open); dig and new: nobody serves them
    # (file order), then the roles with no segment: vp + support = 3
    assert [(g["key"], g["label"], g["seats"], g["open"]) for g in headcount["by_segment"]] == [
        ("ent", "Enterprise", 14, 2),
        ("smb", "SMB", 5, 1),
        ("dig", "dig", 0, 0),
        ("new", "New", 0, 0),
        (None, "(none)", 3, 0),
    ]
    # NA: lead + csm-ent = 13 (2 open); no region: the other 9 seats (1 open)
    assert [(g["key"], g["seats"], g["open"]) for g in headcount["by_region"]] == [
        ("NA", 13, 2),
        (None, 9, 1),
    ]


def test_layers(doc):
    # L1 vp; L2 dir, scaled (5, 1 open), support (2); L3 lead; L4 csm-ent (12, 2 open)
    assert doc["layers"] == {
        "depth": 4,
        "benchmark_max": 5,
        "per_layer": [
            {"layer": 1, "roles": 1, "seats": 1, "open": 0},
            {"layer": 2, "roles": 3, "seats": 8, "open": 1},
            {"layer": 3, "roles": 1, "seats": 1, "open": 0},
            {"layer": 4, "roles": 1, "seats": 12, "open": 2},
        ],
    }


def test_spans_and_outliers(doc):
    spans = doc["spans"]
    # vp: dir 1 + scaled 5 + support 2 = 8; dir: lead 1; lead: csm-ent 12 -> min 1, median 8, max 12
    assert (spans["managers"], spans["min"], spans["median"], spans["max"]) == (3, 1, 8, 12)
    # vp leads a manager and is executive: span.executive 2-8, 8 is within.
    # dir leads a manager: span.director 2-8, 1 is narrow.
    # lead leads only individual contributors: span.front_line 4-10, 12 is wide.
    assert [
        (m["role"], m["level"], m["span"], m["band_min"], m["band_max"], m["status"])
        for m in spans["per_manager"]
    ] == [
        ("vp", "executive", 8, 2, 8, "within"),
        ("dir", "director", 1, 2, 8, "narrow"),
        ("lead", "front_line", 12, 4, 10, "wide"),
    ]
    assert spans["outliers"] == ["dir", "lead"]
    assert spans["per_manager"][0]["person"] == "Vera Lind"


def test_coverage(doc):
    coverage = {row["segment"]: row for row in doc["coverage"]}
    assert list(coverage) == ["ent", "smb", "dig", "new"]
    ent = coverage["ent"]
    # 12 CSM seats (the lead and director are not coverage); 100 / 12 = 8.33 accounts a seat,
    # inside 10 +/- 25% (7.5-12.5): on target; 20M / 12 = 1,666,666.67 ARR a seat;
    # needs ceil(100 / 10) = 10 seats, so 2 above; the named band is 5-25.
    assert (ent["seats"], ent["filled_seats"], ent["open_seats"], ent["roles"]) == (
        12,
        10,
        2,
        ["csm-ent"],
    )
    assert ent["accounts_per_seat"] == 8.33
    assert ent["arr_per_seat"] == 1666666.67
    assert (ent["target_ratio"], ent["target_source"], ent["seats_needed"], ent["seat_gap"]) == (
        10,
        "segment",
        10,
        2,
    )
    assert (ent["band_min"], ent["band_max"], ent["within_band"], ent["status"]) == (
        5,
        25,
        True,
        "on-target",
    )
    assert (ent["arr_band_min"], ent["arr_band_max"]) == (1000000, None)
    smb = coverage["smb"]
    # 1000 / 5 = 200 a seat against the pooled default of 100 (over 125): stretched;
    # ceil(1000 / 100) = 10 seats needed, 5 short; 200 is still inside the pooled band 30-200.
    assert (
        smb["accounts_per_seat"],
        smb["target_ratio"],
        smb["seats_needed"],
        smb["seat_gap"],
        smb["within_band"],
        smb["status"],
        smb["arr"],
        smb["arr_per_seat"],
    ) == (200, 100, 10, -5, True, "stretched", None, None)
    dig = coverage["dig"]
    assert (
        dig["name"],
        dig["accounts"],
        dig["seats"],
        dig["accounts_per_seat"],
        dig["seats_needed"],
        dig["within_band"],
        dig["status"],
        dig["band_max"],
    ) == ("dig", 0, 0, None, 0, None, "no-accounts", None)
    new = coverage["new"]
    # 50 accounts, no seat: uncovered; the named default is 12, so ceil(50 / 12) = 5 needed.
    assert (
        new["seats"],
        new["target_ratio"],
        new["seats_needed"],
        new["seat_gap"],
        new["status"],
    ) == (0, 12, 5, -5, "uncovered")


def test_leadership(doc):
    lead = doc["leadership"]
    # vp is the root and the highest customer-success role; dir is director level; lead is a
    # manager under a director (not an executive), so it is not on the chain.
    assert lead["roots"] == ["vp"]
    assert lead["cs_leader"] == "vp"
    assert lead["reports_to"] == []
    assert [
        (r["role"], r["layer"], r["level"], r["reports_to"], r["span"]) for r in lead["chain"]
    ] == [("vp", 1, "executive", None, 8), ("dir", 2, "director", "vp", 1)]


def test_cs_org_reporting_to_a_chief(tmp_path):
    # The VP CS reports to a CCO who reports to a CEO: CS reports to the CCO, then the CEO.
    path = tmp_path / "org.yaml"
    path.write_text(
        dedent("""
        csorg: 1
        organization: {name: Acme}
        roles:
          ceo: {title: Chief Executive Officer}
          cco: {title: Chief Customer Officer, reports_to: ceo}
          vp: {title: VP Customer Success, reports_to: cco}
          csm: {title: CSM, reports_to: vp, headcount: 4}
    """)
    )
    result = CliRunner().invoke(app, ["report", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    lead = json.loads(result.stdout)["leadership"]
    assert lead["cs_leader"] == "vp"
    assert lead["reports_to"] == ["cco", "ceo"]
    assert [r["role"] for r in lead["chain"]] == ["ceo", "cco", "vp"]
    markdown = CliRunner().invoke(app, ["report", str(path), "--format", "markdown"]).stdout
    assert (
        "Customer Success is led by VP Customer Success (vp), who reports to Chief Customer "
        "Officer (cco) → Chief Executive Officer (ceo)." in markdown
    )


def test_json_keys_are_stable(doc):
    assert list(doc) == [
        "version",
        "file",
        "organization",
        "totals",
        "headcount",
        "layers",
        "spans",
        "coverage",
        "leadership",
        "diagnostics",
    ]
    assert list(doc["coverage"][0]) == [
        "segment",
        "name",
        "motion",
        "accounts",
        "arr",
        "seats",
        "filled_seats",
        "open_seats",
        "roles",
        "accounts_per_seat",
        "arr_per_seat",
        "target_ratio",
        "target_source",
        "seats_needed",
        "seat_gap",
        "band_min",
        "band_max",
        "within_band",
        "arr_band_min",
        "arr_band_max",
        "status",
    ]
    assert list(doc["headcount"]) == [
        "by_function",
        "by_segment",
        "by_region",
        "by_employment",
        "by_group",
    ]
    assert list(doc["headcount"]["by_function"][0]) == ["key", "label", "seats", "filled", "open"]
    assert list(doc["layers"]) == ["depth", "benchmark_max", "per_layer"]
    assert list(doc["spans"]) == ["managers", "min", "median", "max", "outliers", "per_manager"]
    assert list(doc["spans"]["per_manager"][0]) == [
        "role",
        "title",
        "person",
        "level",
        "span",
        "band_min",
        "band_max",
        "status",
    ]
    assert list(doc["leadership"]) == ["roots", "cs_leader", "reports_to", "chain"]
    assert list(doc["leadership"]["chain"][0]) == [
        "role",
        "title",
        "person",
        "level",
        "function",
        "layer",
        "reports_to",
        "span",
    ]
    assert list(doc["diagnostics"]) == ["error", "warning", "info"]
    assert doc["diagnostics"]["error"] == 0


def test_benchmark_overrides_in_configuration_apply(tmp_path):
    # span.front_line narrowed to 3-6: the lead's 12 is still wide, and the vp's band is
    # unchanged; the layers benchmark moves to 3, below the depth of 4.
    org = tmp_path / "org.yaml"
    org.write_text(SMALL, encoding="utf-8")
    config = tmp_path / "csorg.yaml"
    config.write_text("benchmarks:\n  span.front_line: {min: 3, max: 6}\n  layers.max: 3\n")
    result = CliRunner().invoke(
        app, ["report", str(org), "--format", "json", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    lead = doc["spans"]["per_manager"][2]
    assert (lead["role"], lead["band_min"], lead["band_max"]) == ("lead", 3, 6)
    assert doc["layers"]["benchmark_max"] == 3
    ignored = CliRunner().invoke(
        app, ["report", str(org), "--format", "json", "--no-config", "--config", str(config)]
    )
    assert json.loads(ignored.stdout)["layers"]["benchmark_max"] == 5


def test_a_bad_configuration_is_exit_2(tmp_path):
    org = tmp_path / "org.yaml"
    org.write_text(SMALL, encoding="utf-8")
    config = tmp_path / "csorg.yaml"
    config.write_text("benchmarks:\n  span.nowhere: 3\n")
    result = CliRunner().invoke(app, ["report", str(org), "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr.startswith("csorg: error: ") and "csorg.yaml:2:" in result.stderr
