"""Function and naming rules: a YAML snippet in, the exact rule, line and column out."""

from __future__ import annotations

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.engine import RuleConfig
from csorg_cli.rules.functions import kpis_defined, missing_function, ops_ratio

THIN = """
    csorg: 1
    organization: {name: Acme}
    roles:
      head-cs: {title: Head of Customer Success, kpis: [nrr]}
      csm: {title: Customer Success Manager, reports_to: head-cs, headcount: 5}
      implementer: {title: Solutions Partner, type: csm, reports_to: head-cs, owns: [Implementation]}
"""


def test_missing_function_one_diagnostic_per_function_at_the_top_role(lint):
    found = lint(THIN)
    # onboarding is owned through `owns: [Implementation]`, renewals through the csm archetype.
    assert found.triples() == [("missing-function", 4, 3), ("missing-function", 4, 3)]
    assert found.messages("missing-function") == [
        "no one owns CS operations: no role's archetype covers it and no role lists it in owns",
        "no one owns support and escalation: no role's archetype covers it and no role lists "
        "it in owns",
    ]


def test_missing_function_owns_words_and_functions_option(lint):
    text = THIN.replace("kpis: [nrr]}", "kpis: [nrr], owns: [CS Ops, escalation]}")
    found = lint(text)
    # escalation alone is not support
    assert found.messages("missing-function") == [
        "no one owns support and escalation: no role's archetype covers it and no role lists "
        "it in owns"
    ]
    options = missing_function.Options(functions=["onboarding", "renewals", "operations"])
    config = RuleConfig().with_rule("missing-function", Severity.ERROR, options)
    assert lint(text, config).problems("missing-function") == []
    config = RuleConfig().with_rule("missing-function", None)
    assert lint(THIN, config).problems("missing-function") == []


OPS = """
    csorg: 1
    organization: {name: Acme}
    roles:
      vp: {title: VP Customer Success, kpis: [nrr], owns: [onboarding, support]}
      csm: {title: Customer Success Manager, reports_to: vp, headcount: 20}
      ops: {title: CS Operations Manager, reports_to: vp}
"""


def test_ops_ratio_too_many_csms_per_ops_seat(lint):
    found = lint(OPS)
    assert found.problems("ops-ratio") == [(6, 3)]
    assert found.of("ops-ratio")[0].severity is Severity.INFO
    assert found.messages("ops-ratio") == [
        "20 CSM seats per 1 CS operations seat: 20.0 CSMs per ops seat, above 15 (Gainsight CS "
        "operations benchmark; 2021)"
    ]
    assert found.of("ops-ratio")[0].hint == "2 ops seats bring it to 15 or fewer CSMs per seat"


def test_ops_ratio_no_ops_seat_from_the_first_hire_size(lint):
    text = OPS.replace("      ops: {title: CS Operations Manager, reports_to: vp}\n", "")
    text = text.replace("owns: [onboarding, support]", "owns: [onboarding, support, operations]")
    found = lint(text)
    assert found.problems("ops-ratio") == [(4, 3)]
    assert found.messages("ops-ratio")[0].startswith(
        "20 CSM seats and no dedicated CS operations seat (operations is run by 'vp'); a first "
        "ops hire is expected at 8 CSMs"
    )
    small = text.replace("headcount: 20", "headcount: 7")
    assert lint(small).problems("ops-ratio") == []


def test_a_missing_ops_seat_is_one_finding_not_two(lint):
    text = OPS.replace("      ops: {title: CS Operations Manager, reports_to: vp}\n", "")
    found = lint(text)
    assert found.rules().count("missing-function") == 1
    assert "CS operations" in found.messages("missing-function")[0]
    assert found.problems("ops-ratio") == []


def test_a_central_team_that_owns_operations_counts_for_it(lint):
    text = """
        csorg: 1
        organization: {name: Acme}
        roles:
          cro: {title: Chief Revenue Officer, kpis: [arr]}
          revops: {title: Revenue Operations Manager, reports_to: cro, headcount: 3,
                   owns: [operations]}
          vp: {title: VP Customer Success, reports_to: cro, kpis: [nrr],
               owns: [onboarding, support]}
          csm: {title: Customer Success Manager, reports_to: vp, headcount: 20}
    """
    found = lint(text)
    assert found.problems("missing-function") == []
    assert found.problems("ops-ratio") == []
    assert found.problems("unknown-role-type") == []
    without = lint(text.replace("owns: [operations]", "owns: []"))
    assert without.of("missing-function")[0].hint.startswith(
        "if 'revops' does it for the CS org, add `owns: [operations]` to it"
    )


def test_ops_ratio_options_and_off(lint):
    options = ops_ratio.Options(max_csms_per_ops_seat=25)
    config = RuleConfig().with_rule("ops-ratio", Severity.INFO, options)
    assert lint(OPS, config).problems("ops-ratio") == []
    options = ops_ratio.Options(max_csms_per_ops_seat=10)
    found = lint(OPS, RuleConfig().with_rule("ops-ratio", Severity.WARNING, options))
    assert found.messages("ops-ratio")[0].endswith("above 10 (rule option)")
    assert lint(OPS, RuleConfig().with_rule("ops-ratio", None)).problems("ops-ratio") == []


PRODUCTS = """
    csorg: 1
    organization: {name: Acme}
    products: [analytics, Data Platform, mobile]
    roles:
      vp: {title: VP Customer Success, kpis: [nrr], owns: [data-platform]}
"""


def test_product_dri_reports_each_unowned_product_item(lint):
    found = lint(PRODUCTS)
    assert found.problems("product-dri") == [(3, 12), (3, 38)]
    assert found.messages("product-dri") == [
        "product 'analytics' has no owner: no role lists it in owns",
        "product 'mobile' has no owner: no role lists it in owns",
    ]
    assert lint(PRODUCTS, RuleConfig().with_rule("product-dri", None)).problems("product-dri") == []


LEADERS = """
    csorg: 1
    organization: {name: Acme}
    roles:
      vp: {title: VP Customer Success}
      dir: {title: CS Director, reports_to: vp, kpis: [grr]}
      lead: {title: CS Team Lead, reports_to: dir}
      svc: {title: Director of Professional Services, reports_to: vp}
"""


def test_kpis_defined_executives_directors_and_roots(lint):
    found = lint(LEADERS)
    assert found.problems("kpis-defined") == [(4, 3), (7, 3)]
    assert found.messages("kpis-defined") == [
        "'vp' is the leader of the CS org and declares no kpis",
        "'svc' is a director-level role and declares no kpis",
    ]
    assert {d.severity for d in found.of("kpis-defined")} == {Severity.INFO}


def test_kpis_defined_root_by_position_options_and_off(lint):
    text = """
        csorg: 1
        organization: {name: Acme}
        roles:
          top: {title: CS Team Lead}
          csm: {title: CSM, reports_to: top, headcount: 5}
    """
    found = lint(text)
    assert found.messages("kpis-defined") == [
        "'top' is the leader of the CS org and declares no kpis"
    ]
    options = kpis_defined.Options(roots=False)
    config = RuleConfig().with_rule("kpis-defined", Severity.INFO, options)
    assert lint(text, config).problems("kpis-defined") == []
    options = kpis_defined.Options(levels=["manager"], roots=False)
    config = RuleConfig().with_rule("kpis-defined", Severity.INFO, options)
    assert lint(LEADERS, config).problems("kpis-defined") == [(6, 3)]
    assert (
        lint(LEADERS, RuleConfig().with_rule("kpis-defined", None)).problems("kpis-defined") == []
    )


NAMES = """
    csorg: 1
    organization: {name: Acme}
    roles:
      vp: {title: VP Customer Success}
      guardians: {title: Client Guardian, reports_to: vp, headcount: 6}
      typed: {title: Client Guardian, type: csm, reports_to: vp}
      odd: {title: Zyx Qwv, reports_to: vp}
"""


def test_unknown_role_type_at_the_title_with_closest_archetypes(lint):
    found = lint(NAMES)
    assert found.problems("unknown-role-type") == [(5, 22), (7, 16)]
    first, second = found.of("unknown-role-type")
    assert first.message == "title 'Client Guardian' of 'guardians' matches no role archetype"
    assert first.hint.startswith("set `type:` to the archetype it is; closest: csm (")
    assert second.hint == "set `type:` to the archetype it is (`csorg archetypes` lists them)"
    assert first.severity is Severity.WARNING
    off = lint(NAMES, RuleConfig().with_rule("unknown-role-type", None))
    assert off.problems("unknown-role-type") == []


def test_unknown_role_type_bounds_the_cost_of_suggestions(lint, monkeypatch):
    from csorg_cli.rules.naming import unknown_role_type

    monkeypatch.setattr(unknown_role_type, "MAX_SUGGESTED_TITLES", 1)
    found = lint(NAMES.replace("Zyx Qwv", "Client Guardien"))
    hints = [d.hint for d in found.of("unknown-role-type")]
    assert hints[0].startswith("set `type:` to the archetype it is; closest: csm (")
    assert hints[1] == unknown_role_type.NO_SUGGESTION
