"""Tests for the built-in archetype catalogue and title inference."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from csorg_cli.model.catalogue import (
    FUNCTIONS,
    LEVELS,
    OUTSIDE_FUNCTIONS,
    RESPONSIBILITIES,
    Archetype,
    Catalogue,
    CatalogueError,
    normalize_title,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


# Every role the background documents name must have an archetype.
REQUIRED_IDS = [
    "chief-customer-officer",
    "vp-customer-success",
    "cs-director",
    "csm-team-lead",
    "csm",
    "scaled-csm",
    "digital-success-manager",
    "onboarding-specialist",
    "training-specialist",
    "renewals-manager",
    "renewal-expansion-manager",
    "account-development-manager",
    "customer-engagement-manager",
    "support",
    "cs-operations-manager",
    "cs-analyst",
    "enablement",
    "professional-services",
    "product-success-specialist",
    "customer-education",
    "digital-adoption",
]

INFERENCE = [
    ("Customer Success Manager", "csm"),
    ("Senior CSM, Enterprise", "csm"),
    ("Strategic Customer Success Manager II, EMEA", "csm"),
    ("Lead CSM", "csm"),
    ("Associate Customer Success Manager", "csm"),
    ("Director, Enterprise CS", "cs-director"),
    ("Director, Mid-Market CS", "cs-director"),
    ("Director of Digital Customer Success", "cs-director"),
    ("Head of Scaled CS", "cs-director"),
    ("VP Customer Success", "vp-customer-success"),
    ("V.P., Customer Success", "vp-customer-success"),
    ("Vice-President, Customer Success", "vp-customer-success"),
    ("SVP Post-Sales", "vp-customer-success"),
    ("Head of Customer Success", "vp-customer-success"),
    ("Global Head of Customer Success", "vp-customer-success"),
    ("Chief Customer Officer", "chief-customer-officer"),
    ("Chief Experience Officer", "chief-customer-officer"),
    ("CS Team Lead", "csm-team-lead"),
    ("Customer Success Team Lead", "csm-team-lead"),
    ("Customer Success Team Leader", "csm-team-lead"),
    ("Manager, Customer Success", "csm-team-lead"),
    ("Sr. Manager, Customer Success", "csm-team-lead"),
    ("Manager of Customer Success", "csm-team-lead"),
    ("CSM Manager", "csm-team-lead"),
    ("Manager of CSMs", "csm-team-lead"),
    ("Customer Success Team Manager", "csm-team-lead"),
    ("Manager, Scaled Customer Success", "csm-team-lead"),
    ("Scaled CS Team Lead", "csm-team-lead"),
    ("Scaled CSM", "scaled-csm"),
    ("Pooled Customer Success Manager", "scaled-csm"),
    ("Digital Success Manager", "digital-success-manager"),
    ("Digital CSM", "digital-success-manager"),
    ("Onboarding Specialist", "onboarding-specialist"),
    ("Implementation Manager", "onboarding-specialist"),
    ("Head of Onboarding", "onboarding-leader"),
    ("Renewals Manager", "renewals-manager"),
    ("Renewals Account Manager", "renewals-manager"),
    ("Director of Renewals", "renewals-leader"),
    ("Renewal and Expansion Manager", "renewal-expansion-manager"),
    ("Renewal & Expansion Manager", "renewal-expansion-manager"),
    ("Customer Success Operations Manager", "cs-operations-manager"),
    ("CS Ops Manager", "cs-operations-manager"),
    ("Head of CS Operations", "cs-operations-manager"),
    ("Director of Customer Success Operations", "cs-operations-manager"),
    ("Customer Success Analyst", "cs-analyst"),
    ("Technical Account Manager", "product-success-specialist"),
    ("TAM", "product-success-specialist"),
    ("Technical Specialist", "product-success-specialist"),
    ("Support Engineer", "support"),
    ("Escalation Manager", "support"),
    ("Director of Support", "support-manager"),
    ("Customer Support Manager", "support-manager"),
    ("Relationship Manager", "csm"),
    ("Client Services Manager", "csm"),
    ("Customer Experience Manager", "csm"),
    ("Account Manager", "csm"),
    ("Account Development Manager", "account-development-manager"),
    ("Customer Engagement Manager", "customer-engagement-manager"),
    ("Training Specialist", "training-specialist"),
    ("Customer Education Manager", "customer-education"),
    ("Community Manager", "customer-education"),
    ("Digital Adoption Manager", "digital-adoption"),
    ("CS Enablement Manager", "enablement"),
    ("Director of Professional Services", "services-leader"),
    ("Professional Services Consultant", "professional-services"),
    ("cs-director", "cs-director"),
    ("Software Engineer", "engineering"),
    ("Chef", None),
    ("Sales Director", "chief-revenue-officer"),
    ("Product Manager", "product-management"),
    ("", None),
    ("   ", None),
    ("Senior", None),
]


@pytest.mark.parametrize(("title", "expected"), INFERENCE)
def test_infer(catalogue: Catalogue, title: str, expected: str | None) -> None:
    found = catalogue.infer(title)
    assert (found.id if found else None) == expected, normalize_title(title)


def test_infer_is_cached_and_stable(catalogue: Catalogue) -> None:
    first = catalogue.infer("Senior CSM, Enterprise")
    assert catalogue.infer("Senior CSM, Enterprise") is first


def test_infer_many_titles_quickly(catalogue: Catalogue) -> None:
    # 100k distinct titles must stay well inside a CI budget (about 1.5 s locally).
    import time

    titles = [f"Senior Customer Success Manager {i}" for i in range(100_000)]
    start = time.perf_counter()
    for title in titles:
        assert catalogue.infer(title) is not None
    assert time.perf_counter() - start < 20


def test_required_archetypes_present(catalogue: Catalogue) -> None:
    missing = [aid for aid in REQUIRED_IDS if aid not in catalogue]
    assert not missing


def test_every_archetype_is_well_formed(catalogue: Catalogue) -> None:
    assert len(catalogue) == len(set(catalogue.ids)) >= len(REQUIRED_IDS)
    for archetype in catalogue:
        assert isinstance(archetype, Archetype)
        assert archetype.function in FUNCTIONS or archetype.function in OUTSIDE_FUNCTIONS
        assert archetype.level in LEVELS
        assert set(archetype.responsibilities) <= set(RESPONSIBILITIES)
        assert archetype.responsibilities
        assert archetype.synonyms
        assert archetype.name and archetype.description.endswith(".")
        assert catalogue.get(archetype.id) is archetype


def test_functions_are_the_eleven_of_the_contract() -> None:
    assert len(FUNCTIONS) == 11 and len(set(FUNCTIONS)) == 11
    assert not set(FUNCTIONS) & set(OUTSIDE_FUNCTIONS)


def test_each_archetype_infers_from_its_own_synonyms(catalogue: Catalogue) -> None:
    # Every synonym must lead back to its archetype; otherwise it is dead weight or a conflict.
    wrong = [
        (syn, archetype.id, getattr(catalogue.infer(syn), "id", None))
        for archetype in catalogue
        for syn in archetype.synonyms
        if catalogue.infer(syn) is not archetype
    ]
    assert not wrong


def test_synonyms_unique_across_archetypes(catalogue: Catalogue) -> None:
    owner: dict[str, str] = {}
    for archetype in catalogue:
        for syn in archetype.synonyms:
            key = normalize_title(syn)
            assert owner.setdefault(key, archetype.id) == archetype.id, syn


def test_coverage_archetypes(catalogue: Catalogue) -> None:
    assert catalogue.coverage_ids == {
        "csm",
        "scaled-csm",
        "digital-success-manager",
        "customer-engagement-manager",
        "account-development-manager",
    }


def test_every_function_has_an_archetype(catalogue: Catalogue) -> None:
    assert {a.function for a in catalogue} == set(FUNCTIONS) | set(OUTSIDE_FUNCTIONS)


def test_default_load_is_cached() -> None:
    assert Catalogue.load() is Catalogue.load()


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "cat.yaml"
    path.write_text(
        "archetypes:\n"
        "  barista:\n"
        "    name: Barista\n"
        "    function: support\n"
        "    coverage: false\n"
        "    level: individual\n"
        "    responsibilities: [support]\n"
        "    synonyms: [coffee maker]\n"
        "    description: Makes coffee.\n",
        encoding="utf-8",
    )
    custom = Catalogue.load(path)
    assert custom.ids == ("barista",)
    assert custom.infer("Senior Coffee Maker").id == "barista"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"function": "juggling"}, "function"),
        ({"level": "vp"}, "level"),
        ({"responsibilities": ["juggling"]}, "responsibilities"),
        ({"coverage": "yes"}, "coverage"),
        ({"colour": "blue"}, "unknown field"),
    ],
)
def test_bad_catalogue_is_rejected(patch: dict[str, object], message: str) -> None:
    entry: dict[str, object] = {
        "name": "X",
        "function": "support",
        "coverage": False,
        "level": "individual",
        "responsibilities": ["support"],
        "synonyms": ["x person"],
        "description": "Does x.",
    }
    entry.update(patch)
    with pytest.raises(CatalogueError, match=message):
        Catalogue.from_text(yaml.safe_dump({"archetypes": {"x": entry}}))


def test_conflicting_synonyms_are_rejected() -> None:
    def entry(synonym: str) -> dict[str, object]:
        return {
            "name": synonym.title(),
            "function": "support",
            "coverage": False,
            "level": "individual",
            "responsibilities": ["support"],
            "synonyms": [synonym],
            "description": "Does things.",
        }

    # "Sr. Support Eng" and "support engineer" normalise alike, so inference would be ambiguous.
    entries = {"a": entry("support engineer"), "b": entry("Sr. Support Eng")}
    text = yaml.safe_dump({"archetypes": entries})
    with pytest.raises(CatalogueError, match="reads the same"):
        Catalogue.from_text(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Custmer Sucess Manger", "csm"),
        ("suport", "support"),
        ("scaled-cms", "scaled-csm"),
        ("cs-directer", "cs-director"),
        ("vp-customer-sucess", "vp-customer-success"),
        ("onboarding-specalist", "onboarding-specialist"),
    ],
)
def test_closest_suggests_the_intended_archetype(
    catalogue: Catalogue, text: str, expected: str
) -> None:
    suggestions = catalogue.closest(text)
    assert suggestions and suggestions[0].id == expected
    assert len(suggestions) <= 3


def test_closest_gives_nothing_for_nonsense(catalogue: Catalogue) -> None:
    assert catalogue.closest("Chef") == []
    assert catalogue.closest("") == []
    assert catalogue.closest("csm", limit=0) == []


def test_normalize_title() -> None:
    assert normalize_title("Sr. VP, CS Ops (EMEA)") == "vice president customer success operation"
    assert normalize_title("Mid-Market CSMs") == "customer success manager"


def _example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: p.name)
def test_example_titles_infer(catalogue: Catalogue, path: Path) -> None:
    # Example roles without an explicit type must be readable by title, and explicit types exist.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for role_id, role in data["roles"].items():
        if "type" in role:
            assert role["type"] in catalogue, role_id
        else:
            assert catalogue.infer(role["title"]) is not None, (role_id, role["title"])
