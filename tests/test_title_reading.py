"""Every title named in the background documents is placed at the right function and level.

The level comes from seniority words whatever the function; the function from the rest of the
title. `csorg archetypes explain TITLE` shows the reading.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.model.catalogue import Catalogue

# (title, archetype, function, level, coverage seat)
BACKGROUND_TITLES = [
    # the Staffino chart
    ("Head of Customer Success", "vp-customer-success", "customer-success", "executive", False),
    ("VP Customer Success", "vp-customer-success", "customer-success", "executive", False),
    ("Customer Success Manager", "csm", "customer-success", "individual", True),
    ("Onboarding Specialist", "onboarding-specialist", "onboarding", "individual", False),
    ("Renewal and Expansion Manager", "renewal-expansion-manager", "renewals", "individual", False),
    ("Support and Escalation Manager", "support-manager", "support", "manager", False),
    # the roles lists (and the Totango table with its optional roles)
    ("Head, Customer Success", "vp-customer-success", "customer-success", "executive", False),
    ("Chief Customer Officer", "chief-customer-officer", "executive", "executive", False),
    ("Customer Success Director", "cs-director", "customer-success", "director", False),
    ("Customer Success Team Lead", "csm-team-lead", "customer-success", "manager", False),
    ("Customer Success Manager Team Lead", "csm-team-lead", "customer-success", "manager", False),
    (
        "Customer Success Operations Manager",
        "cs-operations-manager",
        "operations",
        "individual",
        False,
    ),
    ("Digital Success Manager", "digital-success-manager", "digital", "individual", True),
    ("Customer Success Analyst", "cs-analyst", "analytics", "individual", False),
    (
        "Vice President of Customer Success",
        "vp-customer-success",
        "customer-success",
        "executive",
        False,
    ),
    # the infographic org and its title synonyms
    ("Director of Customer Success", "cs-director", "customer-success", "director", False),
    (
        "Account Development Manager",
        "account-development-manager",
        "customer-success",
        "individual",
        True,
    ),
    ("Training Specialist", "training-specialist", "education", "individual", False),
    (
        "Customer Engagement Manager",
        "customer-engagement-manager",
        "customer-success",
        "individual",
        True,
    ),
    ("Renewals Manager", "renewals-manager", "renewals", "individual", False),
    ("Chief Experience Officer", "chief-customer-officer", "executive", "executive", False),
    ("Chief Client Officer", "chief-customer-officer", "executive", "executive", False),
    ("Chief Customer Service Officer", "chief-customer-officer", "executive", "executive", False),
    (
        "Vice President of Customer Service",
        "vp-customer-success",
        "customer-success",
        "executive",
        False,
    ),
    ("Customer Service Executive", "vp-customer-success", "customer-success", "executive", False),
    ("VP Customer Experience", "vp-customer-success", "customer-success", "executive", False),
    ("VP Client Services", "vp-customer-success", "customer-success", "executive", False),
    ("Director of Customer Service", "cs-director", "customer-success", "director", False),
    ("Director of Client Services", "cs-director", "customer-success", "director", False),
    ("Director of Implementation", "onboarding-leader", "onboarding", "director", False),
    ("Relationship Manager", "csm", "customer-success", "individual", True),
    ("Customer Experience Manager", "csm", "customer-success", "individual", True),
    ("Client Services Manager", "csm", "customer-success", "individual", True),
    # the Sharebird post-sale org under a CRO
    ("Chief Revenue Officer", "chief-revenue-officer", "sales", "executive", False),
    (
        "Head of Customer Value and Adoption",
        "vp-customer-success",
        "customer-success",
        "executive",
        False,
    ),
    ("Head of Strategic Customer Success", "cs-director", "customer-success", "director", False),
    ("Head of Scaled Customer Success", "cs-director", "customer-success", "director", False),
    ("Scaled CSM", "scaled-csm", "customer-success", "individual", True),
    ("Head of Customer Education", "customer-education", "education", "director", False),
    ("Community Manager", "customer-education", "education", "individual", False),
    ("Knowledge Base Manager", "customer-education", "education", "individual", False),
    ("Digital Adoption Manager", "digital-adoption", "digital", "individual", False),
    ("Technical Specialist", "product-success-specialist", "customer-success", "individual", False),
    ("Product Liaison", "product-success-specialist", "customer-success", "individual", False),
    ("Head of Support", "support-manager", "support", "director", False),
    ("Head of Professional Services", "services-leader", "services", "director", False),
    # the CCO ladder: CSM -> CS director -> VP CS -> CCO -> CEO
    ("CS Director", "cs-director", "customer-success", "director", False),
    ("CEO", "chief-executive", "company", "executive", False),
    # the expert's misreads
    ("VP Customer Support", "support-manager", "support", "executive", False),
    ("Director of Renewals", "renewals-leader", "renewals", "director", False),
    ("Director of Onboarding", "onboarding-leader", "onboarding", "director", False),
    ("Director of CS Operations", "cs-operations-manager", "operations", "director", False),
    ("Professional Services Manager", "services-leader", "services", "manager", False),
    (
        "Client Services Operations Manager",
        "cs-operations-manager",
        "operations",
        "individual",
        False,
    ),
    ("Head of Strategic CS", "cs-director", "customer-success", "director", False),
    ("Head of Scaled CS", "cs-director", "customer-success", "director", False),
    ("Manager, Renewals", "renewals-leader", "renewals", "manager", False),
    ("Manager, Onboarding", "onboarding-leader", "onboarding", "manager", False),
    ("Senior Manager, Customer Success", "csm-team-lead", "customer-success", "manager", False),
    # roles above and beside the CS org
    ("Revenue Operations Manager", "revenue-operations", "revenue-operations", "individual", False),
    ("Head of Revenue Enablement", "revenue-operations", "revenue-operations", "director", False),
    ("Account Executive", "account-executive", "sales", "individual", False),
    ("Solutions Engineer", "solutions-engineer", "sales", "individual", False),
    ("Chief Operating Officer", "chief-executive", "company", "executive", False),
    ("CFO", "finance", "finance", "executive", False),
    ("Chief Marketing Officer", "marketing", "marketing", "executive", False),
    ("Chief Product Officer", "product-management", "product", "executive", False),
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


@pytest.mark.parametrize(
    ("title", "archetype", "function", "level", "coverage"),
    BACKGROUND_TITLES,
    ids=[row[0] for row in BACKGROUND_TITLES],
)
def test_background_title_is_placed(
    catalogue: Catalogue, title: str, archetype: str, function: str, level: str, coverage: bool
) -> None:
    reading = catalogue.read(title)
    found = (
        reading.archetype.id if reading.archetype else None,
        reading.function,
        reading.level,
        reading.coverage,
    )
    assert found == (archetype, function, level, coverage), reading.reasons


def test_seniority_sets_the_level_whatever_the_function(catalogue: Catalogue) -> None:
    for function_words in ("Renewals", "Onboarding", "Customer Education", "CS Operations"):
        assert catalogue.read(f"VP {function_words}").level == "executive", function_words
        assert catalogue.read(f"Director of {function_words}").level == "director"
        assert catalogue.read(f"Head of {function_words}").level == "director"
        assert catalogue.read(f"Manager, {function_words}").level == "manager"
        assert catalogue.read(f"Senior Manager, {function_words}").level == "manager"


def test_a_leader_title_is_never_a_coverage_seat(catalogue: Catalogue) -> None:
    assert catalogue.read("Customer Success Manager").coverage
    assert not catalogue.read("Senior Manager, Customer Success").coverage
    assert not catalogue.read("Head of Client Services").coverage
    assert catalogue.read("Lead CSM").level == "individual"  # a senior CSM still carries a book


def test_the_tree_checks_the_level(lint) -> None:
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: {title: VP Customer Success, kpis: [nrr]}
          sr: {title: Operations Manager, type: cs-operations-manager, reports_to: vp}
          analyst: {title: CS Analyst, reports_to: sr, headcount: 3}
          mgr: {title: Customer Success Manager, reports_to: vp}
          lead: {title: CS Team Lead, reports_to: mgr}
          csm: {title: CSM, reports_to: lead, headcount: 6}
    """)
    tree = found.result.tree
    assert tree.level("sr") == "manager"  # someone with reports leads a team
    assert tree.level("mgr") == "director"  # ... and one with managers under them leads managers
    assert tree.level("analyst") == "individual"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def test_archetypes_explain_shows_the_reading_and_why() -> None:
    result = run("archetypes", "explain", "Manager, Renewals")
    assert result.exit_code == 0
    out = result.stdout
    assert "archetype: renewals-leader (Renewals Leader)" in out
    assert "function:  renewals (in the CS org)" in out
    assert "level:     manager" in out
    assert "reads as level manager" in out
    assert "at level manager the renewals archetype is renewals-leader" in out


def test_archetypes_explain_json_and_words_without_quotes() -> None:
    result = run("archetypes", "explain", "Chief", "Revenue", "Officer", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["archetype"] == "chief-revenue-officer"
    assert document["in_cs_org"] is False
    assert document["level"] == "executive"


def test_archetypes_explain_an_unplaced_title_and_usage_errors() -> None:
    result = run("archetypes", "explain", "Client Guardian")
    assert result.exit_code == 0
    assert "archetype: none: the title cannot be placed" in result.stdout
    assert "closest:   csm" in result.stdout
    assert run("archetypes", "explain").exit_code == 2
    assert run("archetypes", "describe", "x").exit_code == 2
    assert run("archetypes", "nosuch").exit_code == 2
