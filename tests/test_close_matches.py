"""Did-you-mean hints against many role ids: the same answers as difflib, without its full scan."""

from __future__ import annotations

import difflib
import random

from csorg_cli.suggest import CloseMatches, closest_match, did_you_mean


def _difflib_hint(word: str, candidates: list[str]) -> str | None:
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"did you mean {found[0]!r}?" if found else None


def test_same_answers_as_difflib_on_random_words() -> None:
    rng = random.Random(20)
    for alphabet in ("ab-1", "abcdefgh-0123", "csmnaepil-0123456789é"):
        for _ in range(1500):
            candidates = [
                "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
                for _ in range(rng.randint(0, 30))
            ]
            matches = CloseMatches(candidates)
            for _ in range(3):
                word = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
                if candidates and rng.random() < 0.4:  # a near miss of a real id
                    word = rng.choice(candidates)[1:] + rng.choice(alphabet)
                expected = _difflib_hint(word, candidates)
                assert did_you_mean(word, candidates) == expected, (word, candidates)
                assert matches.did_you_mean(word) == expected, (word, candidates)
                assert matches.did_you_mean(word) == expected  # the remembered answer


def test_ties_go_to_the_larger_id_as_in_difflib() -> None:
    candidates = ["csm-b", "csm-a", "csm-c"]
    assert closest_match("csm-x", candidates) == "csm-c"
    assert CloseMatches(candidates).did_you_mean("csm-x") == "did you mean 'csm-c'?"


def test_unknown_manager_hint_among_many_roles(lint) -> None:
    roles = "\n".join(
        f"  csm-enterprise-na-{i:05d}: {{title: CSM, reports_to: lead}}" for i in range(3000)
    )
    found = lint(f"""\
csorg: 1
organization: {{name: Acme}}
roles:
  lead: {{title: CS Team Lead}}
{roles}
  stray: {{title: CSM, reports_to: csm-enterprise-na-0299}}
  lost: {{title: CSM, reports_to: ghost-manager}}
""")
    hints = {d.path: d.hint for d in found.of("unknown-manager")}
    assert hints == {
        "roles.stray.reports_to": "did you mean 'csm-enterprise-na-02999'?",
        "roles.lost.reports_to": "add that role, or fix the id",
    }
