"""The gaps a CS leader expects flagged: a ratio that contradicts its motion, named accounts
nobody onboards, CSMs and renewals managers both owning renewals, a renewals team over capacity,
and a product with two DRIs."""

from __future__ import annotations

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.engine import RuleConfig
from csorg_cli.rules.functions import renewals_capacity


def test_motion_ratio_named_at_1_to_40_is_pooled_in_practice(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        segments:
          ent: {accounts: 400, motion: named, ratio: "1:40"}
          mm: {accounts: 400, motion: pooled, ratio: "1:80"}
          tail: {accounts: 4000, motion: digital, ratio: "1:200"}
          odd: {accounts: 280, motion: named, ratio: "1:28"}
        roles:
          csm: {title: CSM, segment: ent, headcount: 10}
    """)
    assert found.problems("motion-ratio") == [(4, 46), (6, 50), (7, 46)]
    assert found.messages("motion-ratio")[0] == (
        "segment 'ent' is named at 1:40, above the named range 5-25 accounts per seat (Lyniro, "
        'KnowMBA, SaaStr "Dear SaaStr" and others; undated)'
    )
    assert found.of("motion-ratio")[0].hint.startswith(
        "at 1:40 it is pooled coverage: set `motion: pooled`"
    )
    assert found.of("motion-ratio")[1].hint.startswith("at 1:200 it is pooled coverage")
    assert found.of("motion-ratio")[2].hint.startswith(
        "between the published ranges of two motions"
    )
    assert {d.severity for d in found.of("motion-ratio")} == {Severity.WARNING}
    # The target is met (10 seats for 400 accounts at 1:40): coverage-ratio has nothing to add.
    assert found.problems("coverage-ratio") == []


ONBOARDING = """
    csorg: 1
    organization: {name: Acme}
    segments:
      enterprise: {accounts: 60, motion: named, ratio: "1:10"}
      long-tail: {accounts: 4000, motion: digital}
    roles:
      vp: {title: VP Customer Success, kpis: [nrr], owns: [support, operations]}
      csm: {title: CSM, reports_to: vp, segment: enterprise, headcount: 6}
      dsm: {title: Digital Success Manager, reports_to: vp, segment: long-tail, headcount: 4}
"""


def test_segment_onboarding_digital_onboarding_does_not_cover_named_accounts(lint):
    found = lint(ONBOARDING)
    # The org owns onboarding (the digital success managers), so missing-function is quiet.
    assert found.problems("missing-function") == []
    assert found.problems("segment-onboarding") == [(4, 3)]
    assert found.messages("segment-onboarding") == [
        "named segment 'enterprise' (60 accounts) has nobody who onboards it (only 'dsm', a "
        "digital role, onboards)"
    ]
    fixed = ONBOARDING + (
        "      onboarding: {title: Onboarding Specialist, reports_to: vp, segment: enterprise}\n"
    )
    assert lint(fixed).problems("segment-onboarding") == []
    everyone = ONBOARDING.replace(
        "owns: [support, operations]", "owns: [support, operations, onboarding]"
    )
    assert lint(everyone).problems("segment-onboarding") == []


def test_segment_onboarding_leaves_an_org_without_any_onboarding_to_missing_function(lint):
    text = ONBOARDING.replace(
        "      dsm: {title: Digital Success Manager, reports_to: vp, segment: long-tail, "
        "headcount: 4}\n",
        "",
    )
    found = lint(text)
    assert "no one owns onboarding" in " ".join(found.messages("missing-function"))
    assert found.problems("segment-onboarding") == []


OVERLAP = """
    csorg: 1
    organization: {name: Acme}
    segments:
      enterprise: {accounts: 60, motion: named, ratio: "1:10"}
    roles:
      vp: {title: VP Customer Success, kpis: [nrr], owns: [support, operations, onboarding]}
      csm: {title: CSM, reports_to: vp, segment: enterprise, headcount: 6}
      renewals: {title: Renewals Manager, reports_to: vp}
"""


def test_renewals_overlap_until_one_side_owns_the_renewal(lint):
    found = lint(OVERLAP)
    assert found.problems("renewals-overlap") == [(8, 3)]
    assert found.messages("renewals-overlap") == [
        "segment 'enterprise': CSMs ('csm') and renewals managers ('renewals') both carry its "
        "renewals"
    ]
    assert found.of("renewals-overlap")[0].severity is Severity.INFO
    settled = OVERLAP.replace(
        "{title: Renewals Manager, reports_to: vp}",
        "{title: Renewals Manager, reports_to: vp, owns: [renewals]}",
    )
    assert lint(settled).problems("renewals-overlap") == []
    both = settled.replace("headcount: 6}", "headcount: 6, owns: [renewals]}")
    assert "both list renewals in owns" in lint(both).messages("renewals-overlap")[0]


CAPACITY = """
    csorg: 1
    organization: {name: Acme}
    segments:
      smb: {accounts: 6000, motion: pooled, ratio: "1:150"}
    roles:
      vp: {title: VP Customer Success, kpis: [nrr], owns: [support, operations, onboarding]}
      pool: {title: Scaled CSM, reports_to: vp, segment: smb, headcount: 40}
      renewals: {title: Renewals Manager, reports_to: vp, headcount: 2, owns: [renewals]}
"""


def test_renewals_capacity_uses_the_servicesource_benchmark(lint):
    found = lint(CAPACITY)
    assert found.problems("renewals-capacity") == [(8, 3)]
    assert found.messages("renewals-capacity") == [
        "1,500 renewals a quarter (1 segment(s), 6,000 accounts on 12-month terms) for 2 renewals "
        "seats: 750 each, above 500 (ServiceSource; undated)"
    ]
    assert found.of("renewals-capacity")[0].hint.startswith("3 renewals seats carry them")
    assert (
        lint(CAPACITY.replace("headcount: 2,", "headcount: 3,")).problems("renewals-capacity") == []
    )
    options = renewals_capacity.Options(term_months=24)
    config = RuleConfig().with_rule("renewals-capacity", Severity.WARNING, options)
    assert lint(CAPACITY, config).problems("renewals-capacity") == []


def test_product_with_two_dris(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        products: [platform, analytics]
        roles:
          vp: {title: VP Customer Success, kpis: [nrr]}
          lead-a: {title: CS Team Lead, reports_to: vp, owns: [platform, analytics]}
          csm-a: {title: CSM, reports_to: lead-a, headcount: 5, owns: [analytics]}
          lead-b: {title: CS Team Lead, reports_to: vp, owns: [platform]}
          csm-b: {title: CSM, reports_to: lead-b, headcount: 5}
    """)
    # platform: two leads, no single DRI; analytics: a lead and their own team count once.
    assert found.problems("product-dri") == [(3, 12)]
    assert found.messages("product-dri") == [
        "product 'platform' has 2 owners ('lead-a', 'lead-b'): no single DRI"
    ]
