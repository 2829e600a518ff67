"""Did-you-mean: the one place csorg suggests the closest known word for a mistyped one.

:func:`did_you_mean` phrases the suggestion (``"did you mean 'x'?"``); :func:`closest_match` is the
word alone, for messages phrased otherwise; :class:`CloseMatches` answers many questions against one
large set of candidates (every role id of an org). All three pick what
``difflib.get_close_matches(word, candidates, n=1)`` picks.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """``"did you mean 'x'?"`` for the closest candidate, or None."""
    match = closest_match(word, candidates)
    return f"did you mean {match!r}?" if match is not None else None


def closest_match(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """What ``difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)`` picks, or None.

    The same scores and tie-break (the higher ratio, then the larger string), but a candidate
    whose cheap upper bounds (lengths, then shared characters) cannot beat the best ratio found so
    far is never fully compared: unknown-manager asks this against every role id of the org.
    """
    return _closest_in_groups(word, [(-1, candidates)], cutoff)


def _closest_in_groups(
    word: str,
    groups: Iterable[tuple[int, Iterable[str]]],
    cutoff: float,
    bounds: list[float] | None = None,
) -> str | None:
    # ``groups``: (length of every candidate in it, candidates), or (-1, candidates of any length);
    # ``bounds``: an upper bound of the ratio of each group, in falling order, when known.
    matcher = difflib.SequenceMatcher()  # autojunk on, as get_close_matches has it
    matcher.set_seq2(word)
    size = len(word)
    best_score = cutoff
    best: str | None = None
    for index, (group_length, group) in enumerate(groups):
        if bounds is not None and bounds[index] < best_score:
            break  # this group and every one after it cannot win
        if group_length >= 0:
            total = group_length + size
            shortest = group_length if group_length < size else size
            if (2.0 * shortest / total if total else 1.0) < best_score:
                continue  # real_quick_ratio() of every candidate in it: none can win
        for candidate in group:
            length = len(candidate)
            total = length + size
            # real_quick_ratio(): 2 * min(lengths) / total, the loosest bound, without the matcher.
            bound = 2.0 * (length if length < size else size) / total if total else 1.0
            if bound < best_score:
                continue
            matcher.set_seq1(candidate)
            if matcher.quick_ratio() < best_score:
                continue
            score = matcher.ratio()
            if score > best_score or (score == best_score and (best is None or candidate > best)):
                best_score, best = score, candidate
    return best


class CloseMatches:
    """:func:`did_you_mean` against one large set of candidates, asked many times.

    The candidates are grouped once by length and by the set of characters they use. A question
    bounds each group's best possible ratio from those two alone (shared characters, counted at
    most as often as the word has them, cap the characters any alignment can match) and compares
    only the groups that could still beat the best found, likeliest first: a misspelt id among
    100k role ids touches a few of them, not all. Each answer is the one :func:`did_you_mean`
    gives (and so ``difflib.get_close_matches``); repeated words are answered from memory.
    """

    def __init__(self, candidates: Iterable[str]) -> None:
        self._bits: dict[str, int] = {}
        self._groups: dict[tuple[int, int], list[str]] = {}
        bits = self._bits
        for candidate in candidates:
            mask = 0
            for char in set(candidate):
                bit = bits.get(char)
                if bit is None:
                    bit = bits[char] = 1 << len(bits)
                mask |= bit
            self._groups.setdefault((len(candidate), mask), []).append(candidate)
        self._answers: dict[str, str | None] = {}

    def did_you_mean(self, word: str) -> str | None:
        """``"did you mean 'x'?"`` for the closest candidate, or None."""
        if word in self._answers:
            return self._answers[word]
        size = len(word)
        # levels[k]: the word's characters that occur more than k times in it.
        levels: list[int] = []
        for char, count in Counter(word).items():
            bit = self._bits.get(char, 0)  # a character no candidate has matches nothing
            while len(levels) < count:
                levels.append(0)
            for level in range(count):
                levels[level] |= bit
        bounded: list[tuple[float, int, list[str]]] = []
        for (length, mask), group in self._groups.items():
            total = length + size
            shared = sum((mask & level).bit_count() for level in levels)
            most = min(shared, length, size)
            bound = 2.0 * most / total if total else 1.0
            if bound >= 0.6:
                bounded.append((bound, length, group))
        bounded.sort(key=lambda item: item[0], reverse=True)
        match = _closest_in_groups(
            word,
            ((length, group) for _, length, group in bounded),
            0.6,
            [bound for bound, _, _ in bounded],
        )
        answer = f"did you mean {match!r}?" if match is not None else None
        self._answers[word] = answer
        return answer
