"""Structure rules: a YAML snippet in, the exact rule, line and column out."""

from __future__ import annotations

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.engine import RuleConfig
from csorg_cli.rules.structure import max_layers, narrow_span, span_of_control, vacancy_rate
from csorg_cli.rules.thresholds import Band

SPANS = """
    csorg: 1
    organization: {name: Acme}
    roles:
      vp: {title: VP Customer Success}
      dir: {title: CS Director, reports_to: vp}
      lead-a: {title: CS Team Lead, reports_to: dir}
      csm-a: {title: Customer Success Manager, reports_to: lead-a, headcount: 12}
      lead-b: {title: CS Team Lead, reports_to: dir}
      csm-b: {title: Customer Success Manager, reports_to: lead-b, headcount: 3}
      ops: {title: CS Operations Manager, reports_to: vp}
"""


def test_span_of_control_front_line_too_wide_and_narrow_span_too_narrow(lint):
    found = lint(SPANS)
    # lead-a: 12 seats (> 10) is a warning; lead-b (3 CSMs, < 4) is narrow: info. The vp and
    # the director lead two each: a micro team, common for leaders of managers in CS.
    assert found.problems("span-of-control") == [(6, 3)]
    assert found.messages("span-of-control") == [
        "'lead-a' leads 12 seats, more than the front-line band 4-10 "
        "(SaaStr, Steve Goodbary, ServiceSource; 2020)"
    ]
    assert found.of("span-of-control")[0].hint.startswith(
        "split the team under 2 managers of about 6 seats each"
    )
    assert {d.severity for d in found.of("span-of-control")} == {Severity.WARNING}
    assert found.problems("narrow-span") == [(8, 3)]
    assert found.messages("narrow-span") == [
        "'lead-b' leads 3 seats, fewer than the front-line band 4-10 "
        "(SaaStr, Steve Goodbary, ServiceSource; 2020)"
    ]
    hints = [d.hint for d in found.of("narrow-span")]
    assert hints[0].startswith("merge it with a neighbouring team (under 'lead-a')")
    assert {d.severity for d in found.of("narrow-span")} == {Severity.INFO}


def test_narrow_span_leaves_specialist_teams_small_orgs_and_teams_being_hired_alone(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success, kpis: [nrr]}
          head-ops: {title: Head of CS Operations, reports_to: vp, kpis: [forecast-accuracy]}
          ops: {title: CS Operations Analyst, reports_to: head-ops, headcount: 2}
          head-edu: {title: Head of Customer Education, reports_to: vp, kpis: [certifications]}
          edu: {title: Customer Education Manager, reports_to: head-edu, headcount: 4}
          lead-a: {title: CS Team Lead, reports_to: vp}
          csm-a: {title: Customer Success Manager, reports_to: lead-a, headcount: 7}
          lead-b: {title: CS Team Lead, reports_to: vp}
          csm-b: {title: Customer Success Manager, reports_to: lead-b, headcount: 3, open: 2}
    """)
    # A two-person ops team and an education team of four are specialist teams (band 2-10);
    # lead-b's team of three is still being hired.
    assert found.problems("narrow-span") == []
    assert found.problems("span-of-control") == []
    startup = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          ceo: {title: CEO}
          head-cs: {title: Head of Customer Success, reports_to: ceo, kpis: [nrr]}
          csm: {title: Customer Success Manager, reports_to: head-cs, headcount: 2}
    """)
    # A CS org of three: nothing to merge, and the CEO above it is not judged.
    assert startup.problems("narrow-span") == []
    assert startup.problems("manager-of-one") == []
    assert startup.problems("kpis-defined") == []


def test_span_of_control_level_is_what_the_manager_leads_not_the_title(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          dir-support: {title: Director of Support}
          engineers: {title: Support Engineer, reports_to: dir-support, headcount: 9}
    """)
    # Nine engineers are inside the front-line band 5-10, though 9 > the director band 3-8.
    assert found.problems("span-of-control") == []


def test_span_of_control_options_replace_one_end_of_the_band(lint):
    options = span_of_control.Options(front_line=Band(max=12))
    found = lint(SPANS, RuleConfig().with_rule("span-of-control", Severity.INFO, options))
    # lead-a (12) now fits the front-line band 4-12.
    assert found.triples() and found.problems("span-of-control") == []
    narrow = narrow_span.Options(
        front_line=Band(min=3), director=Band(min=2), executive=Band(min=2)
    )
    found = lint(SPANS, RuleConfig().with_rule("narrow-span", Severity.WARNING, narrow))
    assert found.problems("narrow-span") == []
    narrow = narrow_span.Options(front_line=Band(min=5, max=12), director=Band(min=2))
    found = lint(SPANS, RuleConfig().with_rule("narrow-span", Severity.WARNING, narrow))
    assert found.messages("narrow-span")[-1] == (
        "'lead-b' leads 3 seats, fewer than the front-line band 5-12 (rule option)"
    )
    assert found.of("narrow-span")[-1].severity is Severity.WARNING


def test_span_bands_follow_benchmark_overrides(lint):
    from csorg_cli.model.benchmarks import Benchmarks
    from csorg_cli.rules.base import RuleContext

    benchmarks = Benchmarks.load().with_overrides(
        {
            "span.front_line": {"min": 2, "max": 12},
            "span.director": {"min": 3},
            "span.executive": {"min": 3},
        }
    )
    found = lint(SPANS)
    ctx = RuleContext(
        org=found.result.org,
        tree=found.result.tree,
        loaded=found.result.loaded,
        built=found.result.built,
        benchmarks=benchmarks,
    )
    assert list(span_of_control.check(ctx, span_of_control.Options())) == []
    problems = list(narrow_span.check(ctx, narrow_span.Options()))
    assert [p.path for p in problems] == [("roles", "vp"), ("roles", "dir")]


def test_span_of_control_off(lint):
    found = lint(SPANS, RuleConfig().with_rule("span-of-control", None))
    assert found.problems("span-of-control") == []


def test_span_of_one_is_left_to_manager_of_one(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success}
          csm: {title: CSM, reports_to: vp, headcount: 6}
          head-ops: {title: Head of CS Operations, reports_to: vp}
          analyst: {title: CS Analyst, reports_to: head-ops, open: 1}
    """)
    assert found.problems("span-of-control") == []
    assert found.problems("narrow-span") == []
    assert found.problems("manager-of-one") == [(6, 3)]
    assert found.messages("manager-of-one") == [
        "'head-ops' manages a single seat, 'analyst' (the seat is open)"
    ]


def test_manager_of_one_hint_names_the_next_manager_up_and_off(lint):
    text = """
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success}
          lead: {title: CS Team Lead, reports_to: vp}
          csm: {title: Customer Success Manager, reports_to: lead}
          csm-2: {title: Customer Success Manager, reports_to: vp, headcount: 4}
    """
    found = lint(text)
    assert found.problems("manager-of-one") == [(5, 3)]
    assert found.of("manager-of-one")[0].hint.startswith("have 'csm' report to 'vp'")
    assert (
        lint(text, RuleConfig().with_rule("manager-of-one", None)).problems("manager-of-one") == []
    )


DEEP = """
    csorg: 1
    organization: {name: Acme}
    roles:
      cco: {title: Chief Customer Officer}
      vp: {title: VP Customer Success, reports_to: cco}
      dir: {title: CS Director, reports_to: vp}
      sr: {title: Senior Manager, Customer Success, reports_to: dir}
      lead: {title: CS Team Lead, reports_to: sr}
      csm: {title: Customer Success Manager, reports_to: lead, headcount: 6}
      csm-2: {title: Customer Success Manager, reports_to: lead, headcount: 6}
"""


def test_max_layers_reports_the_first_role_on_the_deepest_layer(lint):
    found = lint(DEEP)
    assert found.problems("max-layers") == [(9, 3)]
    assert found.messages("max-layers") == [
        "6 layers from the CS leader, more than 5 (Agentnoon docs, Libra Europe; undated): "
        "cco -> vp -> dir -> sr -> lead -> csm"
    ]


def test_max_layers_counts_from_the_cs_leader_not_the_executives_above_it(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          ceo: {title: CEO}
          cro: {title: Chief Revenue Officer, reports_to: ceo}
          vp: {title: VP Customer Success, reports_to: cro}
          dir: {title: Director of Customer Success, reports_to: vp}
          lead: {title: CS Team Lead, reports_to: dir}
          csm: {title: CSM, reports_to: lead, headcount: 6}
    """)
    # Six layers from the CEO, four from the VP who leads CS. The CEO and the CRO each lead one
    # person but are outside the CS org; the director of a single team lead is a real finding.
    assert found.problems("max-layers") == []
    assert found.problems("manager-of-one") == [(7, 3)]
    assert found.problems("unknown-role-type") == []
    assert [d.message for d in found.of("kpis-defined")] == [
        "'vp' is the leader of the CS org and declares no kpis",
        "'dir' is a director-level role and declares no kpis",
    ]


def test_max_layers_option_and_off(lint):
    config = RuleConfig().with_rule("max-layers", Severity.ERROR, max_layers.Options(max=6))
    assert lint(DEEP, config).problems("max-layers") == []
    config = RuleConfig().with_rule("max-layers", Severity.ERROR, max_layers.Options(max=3))
    found = lint(DEEP, config)
    assert [(d.rule, d.line, d.column, d.severity) for d in found.of("max-layers")] == [
        ("max-layers", 9, 3, Severity.ERROR)
    ]
    assert "more than 3 (rule option)" in found.messages("max-layers")[0]
    assert lint(DEEP, RuleConfig().with_rule("max-layers", None)).problems("max-layers") == []


ORPHANS = """
    csorg: 1
    organization: {name: Acme}
    roles:
      vp: {title: VP Customer Success}
      dir: {title: CS Director, reports_to: vp, open: 1}
      lead: {title: CS Team Lead, reports_to: dir, open: 1}
      csm:
        title: Customer Success Manager
        reports_to: lead
        headcount: 6
        open: 3
      csm-filled: {title: Customer Success Manager, reports_to: vp, headcount: 5, open: 2}
"""


def test_orphan_seats_points_at_open_and_names_the_nearest_manager_in_place(lint):
    found = lint(ORPHANS)
    # lead (open under an open director) at its inline `open`, csm at line 11.
    assert found.problems("orphan-seats") == [(6, 54), (11, 11)]
    first, second = found.of("orphan-seats")
    assert second.message == (
        "3 open seats of 'csm' report to 'lead', whose seat is open too: "
        "no one is in place to hire them"
    )
    assert second.hint.startswith("until 'lead' is hired, have 'csm' report to 'vp'")
    assert first.hint.startswith("until 'dir' is hired, have 'lead' report to 'vp'")


def test_orphan_seats_when_nobody_above_is_in_place_and_off(lint):
    text = """
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success, open: 1}
          csm: {title: Customer Success Manager, reports_to: vp, headcount: 6, open: 6}
    """
    found = lint(text)
    assert found.problems("orphan-seats") == [(5, 78)]
    assert found.of("orphan-seats")[0].hint.startswith("no manager above 'vp' is in place")
    assert lint(text, RuleConfig().with_rule("orphan-seats", None)).problems("orphan-seats") == []


VACANT = """
    csorg: 1
    organization: {name: Acme}
    roles:
      vp: {title: VP Customer Success}
      lead: {title: CS Team Lead, reports_to: vp}
      csm: {title: Customer Success Manager, reports_to: lead, headcount: 8, open: 4}
      lead-2: {title: CS Team Lead, reports_to: vp}
      csm-2: {title: Customer Success Manager, reports_to: lead-2, headcount: 8}
"""


def test_vacancy_rate_does_nothing_without_max_rate(lint):
    assert lint(VACANT).problems("vacancy-rate") == []


def test_vacancy_rate_across_the_org_and_per_team(lint):
    options = vacancy_rate.Options(max_rate=0.2)
    found = lint(VACANT, RuleConfig().with_rule("vacancy-rate", Severity.WARNING, options))
    assert found.problems("vacancy-rate") == [(3, 1)]
    assert found.messages("vacancy-rate") == [
        "4 of 19 seats are open (21%), above the configured 20%"
    ]
    options = vacancy_rate.Options(max_rate=0.1, per_team=True)
    found = lint(VACANT, RuleConfig().with_rule("vacancy-rate", Severity.WARNING, options))
    assert found.problems("vacancy-rate") == [(3, 1), (5, 3)]
    assert found.messages("vacancy-rate") == [
        "4 of 19 seats are open (21%), above the configured 10%",
        "4 of the 8 seats reporting to 'lead' are open (50%), above the configured 10%",
    ]


def test_vacancy_rate_small_teams_are_skipped_and_off(lint):
    options = vacancy_rate.Options(max_rate=0.3, per_team=True, min_team_seats=9)
    found = lint(VACANT, RuleConfig().with_rule("vacancy-rate", Severity.WARNING, options))
    assert found.problems("vacancy-rate") == []
    config = RuleConfig().with_rule("vacancy-rate", None, vacancy_rate.Options(max_rate=0.0))
    assert lint(VACANT, config).problems("vacancy-rate") == []


def test_structure_rules_leave_reporting_cycles_to_reporting_cycle(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          a: {title: CS Team Lead, reports_to: b, open: 1}
          b: {title: CS Team Lead, reports_to: a, open: 1}
          c: {title: CS Team Lead, reports_to: c}
    """)
    assert [
        rule
        for rule in found.rules()
        if rule in ("span-of-control", "manager-of-one", "orphan-seats", "max-layers")
    ] == []
    assert found.problems("reporting-cycle") == [(4, 40), (6, 40)]


def test_orphan_seats_singular_message(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success}
          lead: {title: CS Team Lead, reports_to: vp, open: 1}
          csm: {title: Customer Success Manager, reports_to: lead, headcount: 6, open: 1}
    """)
    assert found.messages("orphan-seats") == [
        "1 open seat of 'csm' reports to 'lead', whose seat is open too: no one is in place "
        "to hire them"
    ]


def test_options_read_from_configuration_mappings_are_checked():
    import pytest
    from pydantic import ValidationError

    options = span_of_control.Options.model_validate({"front_line": {"max": 12}})
    assert options.front_line == Band(max=12)
    with pytest.raises(ValidationError, match="min 9 is greater than max 4"):
        span_of_control.Options.model_validate({"director": {"min": 9, "max": 4}})
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        span_of_control.Options.model_validate({"front_lines": {"max": 12}})
    with pytest.raises(ValidationError):
        vacancy_rate.Options.model_validate({"max_rate": 20})  # a share, 0-1, not a percent
