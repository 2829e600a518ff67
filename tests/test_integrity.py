"""Integrity checks: a YAML snippet in, the exact rule, line and column out."""

from __future__ import annotations

import pytest
from helpers import OrgChecker, dedent, integrity_only


@pytest.fixture
def lint(tmp_path) -> OrgChecker:
    """Snippets checked with the integrity rules only."""
    return OrgChecker(tmp_path, integrity_only())


def test_unknown_manager_points_at_the_value_and_suggests(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success}
          dir:
            title: Director, Enterprise CS
            reports_to: vpp
    """)
    assert found.triples() == [("unknown-manager", 7, 17)]
    assert found.of("unknown-manager")[0].hint == "did you mean 'vp'?"


def test_unknown_segment(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          enterprise: {accounts: 100, motion: named}
        roles:
          vp: {title: VP Customer Success, segment: enterprse}
    """)
    assert found.triples() == [("unknown-segment", 6, 45)]
    assert "did you mean 'enterprise'" in found.of("unknown-segment")[0].hint


def test_reporting_cycle_is_named_once(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success}
          dir-b: {title: CS Director, reports_to: dir-a}
          dir-a: {title: CS Director, reports_to: dir-c}
          dir-c: {title: CS Director, reports_to: dir-b}
    """)
    assert found.triples() == [("reporting-cycle", 6, 43)]
    assert found.messages("reporting-cycle") == [
        "reporting cycle: dir-a -> dir-c -> dir-b -> dir-a"
    ]


def test_role_reporting_to_itself(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp:
            title: VP Customer Success
            reports_to: vp
    """)
    assert found.triples() == [("reporting-cycle", 6, 17)]
    assert found.messages() == ["role 'vp' reports to itself"]


def test_multiple_roots_reports_every_extra_root_at_its_key(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success}
          support: {title: Director of Support}
          ops: {title: CS Operations Manager}
    """)
    assert found.triples() == [("multiple-roots", 5, 3), ("multiple-roots", 6, 3)]


def test_multi_seat_manager(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success}
          csm: {title: Customer Success Manager, reports_to: vp, headcount: 8}
          onb: {title: Onboarding Specialist, reports_to: csm}
    """)
    assert found.triples() == [("multi-seat-manager", 6, 51)]


def test_duplicate_key_at_second_occurrence(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp:
            title: VP Customer Success
            title: VP of CS
    """)
    assert found.triples() == [("duplicate-key", 6, 5)]


def test_yaml_syntax_error_position(lint):
    found = lint("""
        csorg: 1
        organization:
          name: Acme
         roles: {}
    """)
    assert found.rules() == ["yaml-syntax"]
    assert found.problems() == [(4, 2)]


def test_unknown_key_did_you_mean(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp:
            title: VP Customer Success
            reprots_to: ceo
    """)
    assert found.triples() == [("schema", 6, 5)]
    diagnostic = found.of("schema")[0]
    assert diagnostic.message == "unknown key 'reprots_to' in role 'vp'"
    assert diagnostic.hint == "did you mean 'reports_to'?"
    assert diagnostic.path == "roles.vp.reprots_to"


def test_contradictions_point_at_the_offending_value(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          smb: {accounts: 10, motion: pooled, ratio: "12:1"}
        roles:
          vp: {title: VP Customer Success}
          csm:
            title: Customer Success Manager
            reports_to: vp
            headcount: 3
            open: 4
          csm2:
            title: Customer Success Manager
            reports_to: vp
            headcount: 3
            open: 1
            people: [A, B, C]
          csm3:
            title: Customer Success Manager
            reports_to: vp
            headcount: 0
    """)
    assert found.triples() == [
        ("schema", 4, 46),  # ratio
        ("open-seats", 11, 11),  # open above headcount
        ("seat-holders", 17, 13),  # people above filled seats
        ("schema", 21, 16),  # headcount 0
    ]


def test_negative_headcount(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success, headcount: -2}
    """)
    assert found.triples() == [("schema", 4, 47)]


def test_one_bad_key_does_not_hide_the_roles_other_problems(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success}
          csm:
            title: Customer Success Manager
            reports_to: nobody
            colour: blue
    """)
    assert found.triples() == [("unknown-manager", 7, 17), ("schema", 8, 5)]


def test_yaml_12_scalars(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          nordics: {accounts: 20, motion: named, ratio: 1:10, regions: [NO, SE]}
        roles:
          vp: {title: VP Customer Success, region: NO, segment: nordics}
    """)
    assert found.diagnostics == []
    org = found.result.org
    assert org.segments["nordics"].ratio == "1:10"
    assert org.segments["nordics"].regions == ["NO", "SE"]
    assert org.roles["vp"].region == "NO"


def test_clean_org_has_no_diagnostics(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme, as_of: 2026-11-01}
        roles:
          vp: {title: VP Customer Success}
          csm: {title: Customer Success Manager, reports_to: vp, headcount: 2}
    """)
    assert found.diagnostics == []


def test_seat_rules_are_reported_alone_and_in_a_team_file(lint):
    """open-seats and seat-holders: each contradiction once, under its own rule, and the same
    for a team file checked on its own (the builder runs them role by role)."""
    roles = """
        roles:
          lead: {title: CS Team Lead}
          too-open: {title: CSM, reports_to: lead, headcount: 2, open: 3}
          named: {title: CSM, reports_to: lead, headcount: 2, open: 1, people: [Ana, Ben]}
          both: {title: CSM, reports_to: lead, person: Ana, people: [Ana]}
          vacant: {title: CSM, reports_to: lead, open: 1, person: Ana}
    """
    lint.check(
        "csorg: 1\norganization: {name: Acme}\n" + dedent(roles),
        ("open-seats", 5, 64),
        ("seat-holders", 6, 72),
        ("seat-holders", 7, 48),
        ("seat-holders", 8, 59),
        config=integrity_only(),
    )
    team = lint.check(
        dedent(roles),
        ("fragment", 1, 1),
        ("open-seats", 3, 64),
        ("seat-holders", 4, 72),
        ("seat-holders", 5, 48),
        ("seat-holders", 6, 59),
        config=integrity_only(),
        name="teams/emea.yaml",
    )
    assert team.messages("seat-holders")[0] == (
        "role 'named' names 2 people but has 1 filled seats (headcount 2, open 1)"
    )
