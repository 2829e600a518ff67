"""Every structure of the background documents can be written, and is judged right (issue 12).

Each test is a snippet a CS leader would write, and what csorg says about it: the complete list of
findings, and the coverage figures `validate`, `report` and `plan` share.
"""

from __future__ import annotations

import pytest

from csorg_cli.analysis.metrics import OrgMetrics
from csorg_cli.model.benchmarks import Benchmarks

# The rules these structures are about; the snippets are small orgs that the span and KPI rules
# would rightly comment on, which is not what these tests are about.
JUDGED = {
    "schema",
    "unknown-segment",
    "unknown-reference",
    "multiple-roots",
    "coverage-ratio",
    "segment-uncovered",
    "segment-leadership",
}


def judged(found) -> list[tuple[str, int, int]]:
    return [triple for triple in found.triples() if triple[0] in JUDGED]


def metrics(found) -> OrgMetrics:
    assert found.result.tree is not None
    return OrgMetrics(found.result.tree, Benchmarks.load())


STAGE_OWNERS = """
    csorg: 1
    organization: {name: Acme}
    products: [analytics, platform]
    segments:
      commercial: {accounts: 900, motion: pooled, ratio: "1:150"}
    roles:
      head-cs: {title: Head of Customer Success, kpis: [nrr]}
      ops: {title: CS Operations Manager, reports_to: head-cs}
      mgr-scaled:
        title: Manager, Scaled CS
        reports_to: head-cs
        owns: [onboarding, support, renewals]
      pool:
        title: Scaled CSM
        reports_to: mgr-scaled
        segment: commercial
        headcount: 6
      churn-analytics:
        title: Scaled CSM
        reports_to: mgr-scaled
        segment: commercial
        owns: [{stage: churn-mitigation, product: analytics}]
      adoption-platform:
        title: Scaled CSM
        reports_to: mgr-scaled
        segment: commercial
        owns: [{stage: adoption, product: platform}]
"""


def test_stage_owning_scaled_csms_do_not_divide_the_accounts(lint):
    found = lint(STAGE_OWNERS)
    assert judged(found) == []  # 900 accounts on the 6 pool seats: 150 each, on target
    cover = metrics(found).coverage["commercial"]
    assert cover.seats == 6
    assert cover.owner_roles == ("churn-analytics", "adoption-platform")
    assert cover.accounts_per_seat == 150


def test_stage_owners_alone_leave_the_accounts_unowned(lint):
    found = lint(STAGE_OWNERS.replace("headcount: 6", "headcount: 6\n        coverage: none"))
    assert judged(found) == [("segment-uncovered", 5, 3)]
    assert "no primary coverage seats" in found.messages("segment-uncovered")[0]


def test_plan_never_adds_account_seats_to_stage_owners(tmp_path):
    from csorg_cli.checking import check_file
    from csorg_cli.plan.compute import build_plan

    path = tmp_path / "org.yaml"
    from tests.helpers import dedent

    path.write_text(dedent(STAGE_OWNERS.replace("900", "1800")), encoding="utf-8")
    result = check_file(path)
    assert result.tree is not None
    plan = build_plan(result.tree, [], file=str(path))
    line = plan.lines[0]
    assert (line.have, line.need) == (6, 12)
    # The manager already leads 8 (above the ideal 7): the six new seats form a new team of
    # scaled CSMs beside the pool, never seats of the stage owners.
    assert line.roles == ["scaled-csm-commercial"]
    assert not {"churn-analytics", "adoption-platform"} & set(line.roles)


def test_player_coach_carrying_accounts(lint):
    found = lint("""
        csorg: 1
        organization: {name: Startup}
        segments:
          all: {accounts: 200, motion: named, ratio: "1:40"}
        roles:
          head-cs:
            title: Head of Customer Success
            segment: all
            carries: {accounts: 40}
            owns: [onboarding, support, operations]
            kpis: [nrr]
          csm: {title: Customer Success Manager, reports_to: head-cs, segment: all, headcount: 4}
    """)
    assert judged(found) == []
    cover = metrics(found).coverage["all"]
    assert (cover.carried_accounts, cover.divided_accounts, cover.seats) == (40, 160, 4)
    assert cover.accounts_per_seat == 40


def test_player_coach_carrying_part_of_a_seat_counts_as_coverage(lint):
    found = lint("""
        csorg: 1
        organization: {name: Startup}
        segments:
          all: {accounts: 50, motion: named, ratio: "1:20"}
        roles:
          lead:
            title: CSM Team Lead
            segment: all
            carries: {seats: 0.5}
          csm: {title: Customer Success Manager, reports_to: lead, segment: all, headcount: 2}
    """)
    cover = metrics(found).coverage["all"]
    assert cover.seats == 2.5
    assert cover.accounts_per_seat == 20
    assert "coverage-ratio" not in found.rules()


def test_carries_needs_one_segment(lint):
    found = lint("""
        csorg: 1
        organization: {name: A}
        roles:
          lead: {title: CSM Team Lead, carries: {accounts: 10}}
    """)
    assert judged(found) == [("schema", 4, 41)]
    assert "carries coverage but serves no segment" in found.messages("schema")[0]


POD = """
    csorg: 1
    organization: {name: Acme}
    segments:
      enterprise: {accounts: 120, motion: named, ratio: "1:12"}
    roles:
      dir: {title: Enterprise CS Director, segment: enterprise}
      csm: {title: Customer Success Manager, reports_to: dir, segment: enterprise, headcount: 10}
      adm: {title: Account Development Manager, reports_to: dir, segment: enterprise, headcount: 5}
      cem: {title: Customer Engagement Manager, reports_to: dir, segment: enterprise, headcount: 5}
"""


def test_pod_overlays_are_not_extra_coverage_seats(lint):
    cover = metrics(lint(POD)).coverage["enterprise"]
    assert (cover.seats, cover.overlay_seats) == (10, 10)
    assert cover.accounts_per_seat == 12
    assert cover.overlay_roles == ("adm", "cem")


def test_a_role_overrides_its_archetypes_coverage_kind(lint):
    cover = metrics(lint(POD.replace("headcount: 5}", "headcount: 5, coverage: primary}", 1)))
    assert cover.coverage["enterprise"].seats == 15


def test_one_pool_serves_several_segments_in_proportion_to_their_accounts(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          smb: {accounts: 900, motion: pooled, ratio: "1:200"}
          mid-market: {accounts: 300, motion: pooled, ratio: "1:200"}
        roles:
          dir: {title: Scaled CS Director, segment: [smb, mid-market]}
          pool: {title: Scaled CSM, reports_to: dir, segment: [smb, mid-market], headcount: 6}
    """)
    coverage = metrics(found).coverage
    assert (coverage["smb"].seats, coverage["mid-market"].seats) == (4.5, 1.5)
    assert coverage["smb"].accounts_per_seat == coverage["mid-market"].accounts_per_seat == 200
    assert "coverage-ratio" not in found.rules()
    assert "segment-leadership" not in found.rules()


def test_an_unknown_segment_in_a_list_is_found_at_its_item(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          smb: {accounts: 10, motion: pooled}
        roles:
          pool: {title: Scaled CSM, segment: [smb, mid-markt]}
    """)
    assert found.of("unknown-segment")[0].line == 6
    assert found.of("unknown-segment")[0].column == 44


REGIONS = """
    csorg: 1
    organization: {name: Acme}
    segments:
      enterprise:
        accounts: 180
        motion: named
        ratio: "1:12"
        accounts_by_region: {NA: 120, EMEA: 60}
    roles:
      dir: {title: Enterprise CS Director, segment: enterprise}
      csm-na: {title: CSM, reports_to: dir, segment: enterprise, region: NA, headcount: 10}
      csm-emea: {title: CSM, reports_to: dir, segment: enterprise, region: EMEA, headcount: 2}
"""


def test_coverage_is_judged_per_region(lint):
    found = lint(REGIONS)
    # 12 per seat over the segment, but EMEA carries 30 per seat and NA 12.
    assert judged(found) == [("coverage-ratio", 8, 35)]
    assert found.messages("coverage-ratio") == [
        "region 'EMEA' of segment 'enterprise' has 60 accounts on 2 coverage seats: 30.0 "
        "accounts per seat, above the segment's target 1:12 by more than 25%"
    ]


def test_a_region_without_seats_is_uncovered(lint):
    found = lint(REGIONS.replace("region: EMEA, ", "region: APAC, "))
    assert ("segment-uncovered", 8, 35) in judged(found)


def test_regions_must_add_up_to_the_accounts(lint):
    found = lint(REGIONS.replace("EMEA: 60", "EMEA: 50"))
    assert judged(found)[0] == ("schema", 8, 25)
    assert "adds up to 170 (NA 120 + EMEA 50)" in found.messages("schema")[0]


def test_overlapping_product_segments_are_counted_once(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          analytics: {accounts: 300, motion: named, overlaps: {platform: 100}}
          platform: {accounts: 200, motion: named, overlaps: {analytics: 100}}
        roles:
          vp: {title: VP Customer Success}
    """)
    figures = metrics(found)
    assert (figures.total_accounts, figures.overlapping_accounts) == (400, 100)


def test_an_overlap_with_an_unknown_segment(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          analytics: {accounts: 300, motion: named, overlaps: {platfrom: 10}}
    """)
    assert [(d.line, d.column) for d in found.of("unknown-segment")] == [(4, 56)]


CENTRAL = """
    csorg: 1
    organization: {name: Sharebird, leader: vp-cs}
    roles:
      cro: {title: Chief Revenue Officer}
      vp-cs: {title: VP Customer Success, reports_to: cro, kpis: [nrr]}
      csm: {title: Customer Success Manager, reports_to: vp-cs, headcount: 4, owns: [onboarding]}
      support: {title: Support Engineer, reports_to: vp-cs}
      revops:
        title: Director of Revenue Operations
        owns: [{function: operations}]
      enablement: {title: Sales Enablement Lead}
"""


def test_teams_outside_the_cs_org_are_not_extra_roots(lint):
    found = lint(CENTRAL)
    assert "multiple-roots" not in found.rules()
    assert "missing-function" not in found.rules()  # central RevOps owns operations
    tree = found.result.tree
    assert tree is not None
    assert tree.outside_cs == {"cro", "revops", "enablement"}


def test_a_cs_role_outside_the_named_cs_org_is_still_a_forgotten_line(lint):
    found = lint(CENTRAL + "      lost-csm: {title: Customer Success Manager}\n")
    assert found.problems("multiple-roots") == [(12, 3)]


def test_central_marks_a_root_without_naming_the_leader(lint):
    found = lint(
        CENTRAL.replace(", leader: vp-cs", "").replace(
            "owns: [{function: operations}]",
            "owns: [{function: operations}]\n        central: true",
        )
    )
    # cro is the top; revops is central; enablement is still a second root.
    assert found.problems("multiple-roots") == [(12, 3)]


def test_unknown_leader_group_and_holder(lint):
    found = lint("""
        csorg: 1
        organization: {name: A, leader: vp}
        groups:
          scaled: {name: Scaled CS, within: umbrela}
        roles:
          head: {title: Head of CS, group: scaled-cs}
          ops: {title: CS Operations Manager, reports_to: head, held_by: haed}
    """)
    assert judged(found) == [
        ("unknown-reference", 2, 33),
        ("unknown-reference", 4, 37),
        ("unknown-reference", 6, 36),
        ("unknown-reference", 7, 66),
    ]


def test_groups_total_their_teams_and_nest(lint):
    found = lint("""
        csorg: 1
        organization: {name: A}
        groups:
          cva: {name: Customer Value and Adoption}
          strategic: {name: Strategic CS, within: cva}
          scaled: {name: Scaled CS, within: cva}
        roles:
          head: {title: VP Customer Success}
          mgr-a: {title: CSM Team Lead, reports_to: head, group: strategic}
          csm-a: {title: Customer Success Manager, reports_to: mgr-a, headcount: 6}
          mgr-b: {title: Manager, Scaled CS, reports_to: head, group: scaled}
          pool: {title: Scaled CSM, reports_to: mgr-b, headcount: 4, fte: 0.5}
    """)
    groups = metrics(found).by_group
    assert (groups["strategic"].people, groups["scaled"].people, groups["cva"].people) == (7, 5, 12)
    assert (groups["scaled"].fte, groups["cva"].fte) == (3, 10)
    assert "head" not in groups["cva"].roles


def test_part_time_shared_and_contract_seats(lint):
    found = lint("""
        csorg: 1
        organization: {name: Startup}
        segments:
          all: {accounts: 60, motion: named, ratio: "1:20"}
        roles:
          ceo: {title: CEO, person: Sam}
          support:
            title: Support Engineer
            reports_to: ceo
            held_by: ceo
            fte: 0.2
          csm: {title: CSM, reports_to: ceo, segment: all, headcount: 2}
          csm-contract: {title: CSM, reports_to: ceo, segment: all, fte: 0.5, employment: contractor}
          agency: {title: Support Engineer, reports_to: ceo, headcount: 3, employment: agency}
    """)
    tree = found.result.tree
    assert tree is not None
    figures = metrics(found)
    assert (tree.total_seats, tree.total_people, tree.total_fte) == (8, 7, 6.7)
    assert tree.span("ceo") == 6  # the founder does not manage herself
    assert figures.coverage["all"].seats == 2.5
    assert figures.by_employment.seats == {"employee": 4, "contractor": 1, "agency": 3}


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("fte: 0", "fte of role 'a' is 0; it must be above 0"),
        ("fte: 1.5", "fte of role 'a' is 1.5; it must be at most 1"),
        ("coverage: pod", "coverage of role 'a'"),
        ("owns: [{stag: renewal}]", "unknown key 'stag' in role 'a'"),
        ("owns: [{function: opps}]", "'opps' is not a function"),
        ("carries: {seats: 0.5, accounts: 3}", "carries takes either seats"),
    ],
)
def test_new_keys_are_checked(lint, snippet, message):
    found = lint(f"""
        csorg: 1
        organization: {{name: A}}
        roles:
          a: {{title: CSM, {snippet}}}
    """)
    assert any(message in text for text in found.messages("schema")), found.messages()


def test_owned_functions_are_the_catalogues_functions():
    from csorg_cli.model.catalogue import FUNCTIONS
    from csorg_cli.model.org import OWNED_FUNCTIONS

    assert OWNED_FUNCTIONS == FUNCTIONS


def test_version_1_files_keep_their_meaning(lint):
    # One segment, a plain owns list, integer seats: the figures are those of version 1.
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          ent: {accounts: 120, motion: named}
        roles:
          vp: {title: VP Customer Success, owns: [renewals]}
          csm: {title: Customer Success Manager, reports_to: vp, segment: ent, headcount: 10}
    """)
    cover = metrics(found).coverage["ent"]
    assert (cover.seats, cover.accounts_per_seat, cover.roles) == (10, 12, ("csm",))
    assert isinstance(cover.seats, int)


def test_company_archetypes_from_the_configuration(lint, tmp_path):
    from csorg_cli.config.loader import load_config

    config_file = tmp_path / ".csorg.yaml"
    config_file.write_text(
        "archetypes:\n"
        "  value-engineer:\n"
        "    name: Value Engineer\n"
        "    function: customer-success\n"
        "    level: individual\n"
        "    coverage: overlay\n"
        "    synonyms: [value engineer, value consultant]\n"
        "  adoption-pod-lead:\n"
        "    function: customer-success\n"
        "    level: manager\n"
        "    synonyms: [pod lead]\n",
        encoding="utf-8",
    )
    config = load_config(config_file)
    found = lint(
        """
        csorg: 1
        organization: {name: Acme}
        segments:
          ent: {accounts: 120, motion: named, ratio: "1:12"}
        roles:
          lead: {title: Enterprise Pod Lead, segment: ent}
          csm: {title: Customer Success Manager, reports_to: lead, segment: ent, headcount: 10}
          ve: {title: Senior Value Consultant, reports_to: lead, segment: ent, headcount: 2}
          typed: {title: Whatever, type: value-engineer, reports_to: lead}
        """,
        config=config,
    )
    tree = found.result.tree
    assert tree is not None
    assert [tree.archetype(r).id for r in ("lead", "ve", "typed")] == [
        "adoption-pod-lead",
        "value-engineer",
        "value-engineer",
    ]
    assert "unknown-role-type" not in found.rules()
    assert "schema" not in found.rules()
    assert tree.coverage_kind("ve") == "overlay"
    assert OrgMetrics(tree, Benchmarks.load()).coverage["ent"].seats == 10


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{function: salez, level: individual}", "function 'salez' is not one of"),
        ("{function: support}", "missing field(s) ['level']"),
        ("{function: support, level: individual, coverage: maybe}", "coverage must be"),
        ("[support]", "expected a mapping"),
    ],
)
def test_company_archetypes_are_checked(tmp_path, entry, message):
    from csorg_cli.config.loader import ConfigError, load_config

    config_file = tmp_path / ".csorg.yaml"
    config_file.write_text(f"archetypes:\n  my-role: {entry}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(config_file)
    assert message in str(raised.value)
    assert raised.value.line == 2


def test_charts_draw_named_groups_as_nested_frames_and_mark_seat_kinds(lint):
    import re

    from csorg_cli.render.chart import build_chart

    found = lint("""
        csorg: 1
        organization: {name: A}
        groups:
          cva: {name: Customer Value and Adoption}
          scaled: {name: Scaled CS, within: cva}
        segments:
          smb: {accounts: 900, motion: pooled}
        roles:
          head: {title: VP Customer Success, group: cva}
          mgr: {title: Scaled CS Manager, reports_to: head, group: scaled}
          pool: {title: Scaled CSM, reports_to: mgr, segment: smb, headcount: 5, fte: 0.5}
          churn: {title: Scaled CSM, reports_to: mgr, segment: smb, owns: [{stage: churn, product: x}]}
          adm: {title: Account Development Manager, reports_to: mgr, segment: smb}
          revops: {title: RevOps Lead, central: true}
    """)
    assert found.result.tree is not None
    dot = str(build_chart(found.result.tree))
    outer = dot.index("subgraph cluster_group_0")
    inner = dot.index("subgraph cluster_group_1")
    assert outer < inner < dot.rindex("}")  # the Scaled CS frame sits inside the umbrella
    assert "Customer Value and Adoption" in dot and "Scaled CS</B>" in dot
    assert re.search(r"\brevops \[", dot[:outer])  # the central team is outside every frame
    assert not re.search(r"\brevops \[", dot[outer:])
    for mark in ("0.5 FTE", "stage owner", "churn (x)", "overlay", "central team"):
        assert mark in dot, mark


def test_a_plan_scales_the_regional_split_with_the_accounts():
    from csorg_cli.plan.compute import scale_split

    assert scale_split({"NA": 60, "EMEA": 30}, 135) == {"NA": 90, "EMEA": 45}
    assert scale_split({"NA": 1, "EMEA": 1, "APAC": 1}, 10) == {"NA": 4, "EMEA": 3, "APAC": 3}
    assert sum(scale_split({"NA": 7, "EMEA": 3}, 0).values()) == 0


def test_report_totals_people_fte_employment_groups_and_accounts_once():
    from pathlib import Path

    from csorg_cli.checking import check_file
    from csorg_cli.report.model import build_report

    examples = Path(__file__).resolve().parent.parent / "examples"
    startup = build_report(check_file(examples / "startup-player-coach.yaml")).to_dict()
    assert (startup["totals"]["seats"], startup["totals"]["people"]) == (9, 8)
    assert startup["totals"]["fte"] == 7.7
    employment = {g["key"]: g["seats"] for g in startup["headcount"]["by_employment"]}
    assert employment == {"employee": 6, "contractor": 1, "agency": 2}
    sharebird = build_report(check_file(examples / "sharebird-post-sale.yaml")).to_dict()
    groups = {g["key"]: g["seats"] for g in sharebird["headcount"]["by_group"]}
    assert groups["strategic"] + groups["scaled"] < groups["cva"]
    ladder = build_report(check_file(examples / "product-ladder.yaml")).to_dict()
    assert ladder["totals"]["accounts"] == 240 + 180 - 90
