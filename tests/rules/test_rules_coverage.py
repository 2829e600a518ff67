"""Coverage rules: a YAML snippet in, the exact rule, line and column out."""

from __future__ import annotations

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.coverage import arr_per_seat, coverage_ratio
from csorg_cli.rules.engine import RuleConfig
from csorg_cli.rules.thresholds import Band

COVERAGE = """
    csorg: 1
    organization: {name: Acme}
    segments:
      ent: {accounts: 200, arr: 30000000, motion: named, ratio: "1:12"}
      mm: {accounts: 60, motion: named}
      smb:
        accounts: 900
        motion: pooled
      tail: {accounts: 3000, motion: digital}
      new: {accounts: 0, motion: named}
    roles:
      vp: {title: VP Customer Success}
      csm-ent: {title: Customer Success Manager, reports_to: vp, segment: ent, headcount: 10}
      csm-mm: {title: Customer Success Manager, reports_to: vp, segment: mm, headcount: 20}
      pool: {title: Scaled CSM, reports_to: vp, segment: smb, headcount: 3}
      dsm: {title: Digital Success Manager, reports_to: vp, segment: tail, headcount: 2}
"""


def test_coverage_ratio_against_own_ratio_and_motion_ranges(lint):
    found = lint(COVERAGE)
    # ent: 20 per seat vs 1:12 (at the ratio); mm: 3 per seat < 5 (named);
    # smb: 300 per seat > 200 (pooled); tail: 1500 per seat is fine for digital.
    assert found.problems("coverage-ratio") == [(4, 61), (5, 3), (6, 3)]
    assert found.messages("coverage-ratio") == [
        "segment 'ent' has 200 accounts on 10 coverage seats: 20.0 accounts per seat, above "
        "its target 1:12 by more than 25%",
        "segment 'mm' has 60 accounts on 20 coverage seats: 3.0 accounts per seat, below the "
        'named range 5-25 (Lyniro, KnowMBA, SaaStr "Dear SaaStr" and others; undated)',
        "segment 'smb' has 900 accounts on 3 coverage seats: 300.0 accounts per seat, above "
        "the pooled range 30-200 (KnowMBA, Lyniro, SaaStr; undated)",
    ]
    hints = [d.hint for d in found.of("coverage-ratio")]
    assert hints[0].startswith("17 coverage seats meet the target")
    assert hints[1].startswith("at most 12 coverage seats fit the range")
    assert hints[2].startswith("at least 5 coverage seats bring it into the range")


def test_coverage_ratio_digital_below_its_floor(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          tail: {accounts: 300, motion: digital}
        roles:
          dsm: {title: Digital Success Manager, segment: tail}
    """)
    assert found.problems("coverage-ratio") == [(4, 3)]
    assert "below the digital range 500 or more" in found.messages("coverage-ratio")[0]


def test_coverage_ratio_tolerance_option_and_off(lint):
    config = RuleConfig().with_rule(
        "coverage-ratio", Severity.INFO, coverage_ratio.Options(tolerance=0.7)
    )
    found = lint(COVERAGE, config)
    assert found.problems("coverage-ratio") == [(5, 3), (6, 3)]
    assert {d.severity for d in found.of("coverage-ratio")} == {Severity.INFO}
    off = lint(COVERAGE, RuleConfig().with_rule("coverage-ratio", None))
    assert off.problems("coverage-ratio") == []


def test_segment_uncovered_names_roles_that_serve_it_without_covering(lint):
    text = """
        csorg: 1
        organization: {name: Acme}
        segments:
          smb: {accounts: 900, motion: pooled}
          empty: {accounts: 0, motion: pooled}
        roles:
          vp: {title: VP Customer Success}
          dir-smb: {title: CS Director, reports_to: vp, segment: smb}
    """
    found = lint(text)
    assert found.problems("segment-uncovered") == [(4, 3)]
    assert found.messages("segment-uncovered") == [
        "segment 'smb' has 900 accounts and no coverage seats (serving it, but not as "
        "coverage: 'dir-smb')"
    ]
    assert "type scaled-csm" in found.of("segment-uncovered")[0].hint
    assert found.problems("coverage-ratio") == []
    off = lint(text, RuleConfig().with_rule("segment-uncovered", None))
    assert off.problems("segment-uncovered") == []


def test_arr_per_seat_floor_per_motion_and_no_ceiling(lint):
    text = """
        csorg: 1
        organization: {name: Acme, currency: EUR}
        segments:
          ent: {accounts: 50, arr: 80000000, motion: named, ratio: "1:5"}
          mm: {accounts: 400, arr: 8000000, motion: named, ratio: "1:20"}
          smb: {accounts: 2000, arr: 6000000, motion: pooled, ratio: "1:100"}
        roles:
          vp: {title: VP Customer Success}
          csm-ent: {title: CSM, reports_to: vp, segment: ent, headcount: 10}
          csm-mm: {title: CSM, reports_to: vp, segment: mm, headcount: 20}
          pool: {title: Scaled CSM, reports_to: vp, segment: smb, headcount: 20}
    """
    found = lint(text)
    # An $8M strategic book on its 1:5 target is normal: no finding, no contradiction with the
    # segment's ratio. $400k per named seat is below the named floor; $300k per pooled seat
    # below the pooled floor.
    assert found.problems("arr-per-seat") == [(5, 28), (6, 30)]
    assert found.messages("arr-per-seat")[0] == (
        "segment 'mm': EUR 400,000 ARR per named coverage seat (20 seats, EUR 20,000 per "
        'account), below the named floor EUR 1,000,000 (Commune, SaaStr "Dear SaaStr", Jason '
        "Lemkin; undated)"
    )
    assert found.of("arr-per-seat")[0].severity is Severity.INFO
    assert found.of("arr-per-seat")[0].hint.startswith(
        "accounts this size usually suit a pooled motion"
    )
    assert "below the pooled floor EUR 500,000" in found.messages("arr-per-seat")[1]
    assert found.problems("coverage-ratio") == []

    options = arr_per_seat.Options(named=Band(min=300000))
    found = lint(text, RuleConfig().with_rule("arr-per-seat", Severity.WARNING, options))
    assert found.problems("arr-per-seat") == [(6, 30)]


def test_arr_per_seat_leaves_an_overstaffed_segment_to_coverage_ratio(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          mm: {accounts: 100, arr: 5000000, motion: named, ratio: "1:20"}
        roles:
          vp: {title: VP Customer Success}
          csm: {title: CSM, reports_to: vp, segment: mm, headcount: 10}
    """)
    assert found.problems("coverage-ratio") == [(4, 59)]
    assert found.problems("arr-per-seat") == []
    assert (
        lint(
            """
        csorg: 1
        organization: {name: Acme}
        segments:
          mm: {accounts: 400, arr: 8000000, motion: named, ratio: "1:20"}
        roles:
          csm: {title: CSM, segment: mm, headcount: 20}
        """,
            RuleConfig().with_rule("arr-per-seat", None),
        ).problems("arr-per-seat")
        == []
    )


LEADERSHIP = """
    csorg: 1
    organization: {name: Acme}
    segments:
      ent: {accounts: 120, motion: named, ratio: "1:12"}
      smb: {accounts: 1000, motion: pooled, ratio: "1:100"}
      mm: {accounts: 200, motion: named, ratio: "1:20"}
    roles:
      vp: {title: VP Customer Success}
      dir-ent: {title: CS Director, reports_to: vp, segment: ent}
      lead-ent: {title: CS Team Lead, reports_to: dir-ent}
      csm-ent: {title: CSM, reports_to: lead-ent, segment: ent, headcount: 10}
      pool: {title: Scaled CSM, reports_to: lead-ent, segment: smb, headcount: 10}
      csm-mm: {title: CSM, reports_to: vp, segment: mm, headcount: 10}
"""


def test_segment_leadership_other_segment_and_no_segment_leader(lint):
    found = lint(LEADERSHIP)
    # csm-ent is led by dir-ent through a team lead without a segment: fine. csm-mm reports
    # to the VP, the CS leader, who serves every segment: fine too.
    assert found.problems("segment-leadership") == [(12, 41)]
    assert found.messages("segment-leadership") == [
        "'pool' covers segment 'smb' but reports to 'dir-ent', who serves 'ent'; no leader in "
        "its chain serves 'smb'",
    ]
    # Under a team lead below the VP who serves no segment, while ent has its director: reported.
    led = LEADERSHIP.replace(
        "      csm-mm: {title: CSM, reports_to: vp, segment: mm, headcount: 10}\n",
        "      lead-mm: {title: CS Team Lead, reports_to: vp}\n"
        "      csm-mm: {title: CSM, reports_to: lead-mm, segment: mm, headcount: 10}\n",
    )
    assert lint(led).messages("segment-leadership")[1] == (
        "'csm-mm' covers segment 'mm' but no leader in its chain serves it, while other "
        "segments have their own leaders ('dir-ent')"
    )
    off = lint(LEADERSHIP, RuleConfig().with_rule("segment-leadership", None))
    assert off.problems("segment-leadership") == []


def test_segment_leadership_leaves_a_single_leader_org_alone(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          core: {accounts: 60, motion: named, ratio: "1:15"}
          smb: {accounts: 150, motion: pooled, ratio: "1:75"}
        roles:
          head: {title: Head of Customer Success}
          csm: {title: CSM, reports_to: head, segment: core, headcount: 4}
          pool: {title: Scaled CSM, reports_to: head, segment: smb, headcount: 2}
    """)
    assert found.problems("segment-leadership") == []


def test_segment_leadership_is_linear_on_a_deep_chain(lint):
    # 3,000 team leads in one chain under a segment director, a CSM team under each: a naive
    # walk up every chain would take millions of steps.
    lines = [
        "csorg: 1",
        "organization: {name: Acme}",
        "segments:",
        '  ent: {accounts: 30000, motion: named, ratio: "1:10"}',
        "roles:",
        "  dir: {title: CS Director, segment: ent}",
    ]
    previous = "dir"
    for i in range(3000):
        lines.append(f"  lead-{i}: {{title: CS Team Lead, reports_to: {previous}}}")
        lines.append(f"  csm-{i}: {{title: CSM, reports_to: lead-{i}, segment: ent}}")
        previous = f"lead-{i}"
    import time

    start = time.perf_counter()
    found = lint("\n".join(lines) + "\n")
    assert found.problems("segment-leadership") == []
    assert found.problems("orphan-seats") == []
    assert found.problems("max-layers") == [(6 + 2 * 3000, 3)]  # csm-2999 is the deepest role
    assert time.perf_counter() - start < 20
