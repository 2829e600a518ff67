"""A corpus of realistic CS orgs, written from the background documents, with every finding.

Each org is one structure a CS operations expert drew from the background documents (the Staffino
chart, the roles lists, the Totango table with and without its optional roles, the infographic
and its title synonyms, the Sharebird post-sale org under a CRO, the CCO ladder by ARR and by
product, a three-person startup, a 300-seat org kept in team files) plus one with every gap a CS
leader expects flagged. The expected findings below were reviewed one by one: each is one a CS
leader accepts, and a change that adds, drops or moves one fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csorg_cli.checking import check_file

CORPUS = Path(__file__).resolve().parent / "orgcorpus"

# file -> [(rule, file the finding is in, line, column, the start of its message)]
EXPECTED: dict[str, list[tuple[str, str, int, int, str]]] = {
    "01-staffino.yaml": [
        # Eight CSMs and operations run by the head of CS: the first ops hire is due (8-10 CSMs).
        ("ops-ratio", "01-staffino.yaml", 8, 3, "8 CSM seats and no dedicated CS operations seat"),
        # Eight CSMs, four specialists and a support manager report to the head of CS directly.
        ("span-of-control", "01-staffino.yaml", 8, 3, "'head-cs' leads 13 seats, more than"),
    ],
    "02-roles-list.yaml": [],
    "03-totango-full.yaml": [],
    "04-totango-minimal.yaml": [
        ("ops-ratio", "04-totango-minimal.yaml", 9, 3, "13 CSM seats and no dedicated CS"),
    ],
    "05-infographic.yaml": [
        ("ops-ratio", "05-infographic.yaml", 9, 3, "10 CSM seats and no dedicated CS"),
    ],
    "06-infographic-synonyms.yaml": [
        ("ops-ratio", "06-infographic-synonyms.yaml", 10, 3, "18 CSM seats and no dedicated CS"),
    ],
    "07-sharebird-post-sale.yaml": [],
    "08-cco-ladder-arr.yaml": [
        ("ops-ratio", "08-cco-ladder-arr.yaml", 13, 3, "30 CSM seats and no dedicated CS"),
        # Twelve CSMs report straight to the enterprise director (front line 4-10).
        ("span-of-control", "08-cco-ladder-arr.yaml", 42, 3, "'dir-enterprise' leads 12 seats"),
    ],
    "09-cco-ladder-product.yaml": [
        ("ops-ratio", "09-cco-ladder-product.yaml", 12, 3, "24 CSM seats and no dedicated CS"),
        ("span-of-control", "09-cco-ladder-product.yaml", 27, 3, "'dir-core' leads 15 seats"),
    ],
    "10-startup.yaml": [],
    "11-large/org.yaml": [
        # 210 coverage seats against 10 in CS operations: 21 per ops seat (Gainsight: 12).
        ("ops-ratio", "org.yaml", 32, 3, "210 CSM seats per 10 CS operations seats"),
    ],
    "12-gaps.yaml": [
        ("product-dri", "12-gaps.yaml", 7, 12, "product 'platform' has 2 owners"),
        ("segment-onboarding", "12-gaps.yaml", 9, 3, "named segment 'enterprise' (400 accounts)"),
        ("motion-ratio", "12-gaps.yaml", 9, 68, "segment 'enterprise' is named at 1:40"),
        ("ops-ratio", "12-gaps.yaml", 12, 3, "14 CSM seats and no dedicated CS operations seat"),
        ("renewals-overlap", "12-gaps.yaml", 48, 3, "segment 'enterprise': CSMs ('csm-a')"),
        ("renewals-capacity", "12-gaps.yaml", 52, 3, "2,000 renewals a quarter"),
    ],
}


def test_the_corpus_is_every_org_in_the_folder() -> None:
    files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*.yaml")}
    files |= {p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/org.yaml")}
    assert files == set(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_org_gives_exactly_its_reviewed_findings(name: str) -> None:
    result = check_file(CORPUS / name)
    found = [(d.rule, Path(d.file).name, d.line, d.column, d.message) for d in result.diagnostics]
    expected = EXPECTED[name]
    assert [f[:4] for f in found] == [e[:4] for e in expected], found
    for (_, _, _, _, message), (*_, start) in zip(found, expected, strict=True):
        assert message.startswith(start), message
