"""The built-in catalogue of Customer Success role archetypes and title inference.

The catalogue is data (``archetypes.yaml`` next to this module), so rules ask it for functions,
levels and coverage instead of hard-coding role names. :meth:`Catalogue.infer` maps free-text job
titles ("Sr. CSM, EMEA", "Manager, Customer Success") to an archetype; it is called once per role
and files can hold 100k roles, so synonyms are normalised once at load time and results are cached
by title.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csorg_cli.model.datafile import packaged_text, read_section

__all__ = [
    "ALL_FUNCTIONS",
    "CS_FUNCTIONS",
    "FUNCTIONS",
    "LEVELS",
    "OUTSIDE_FUNCTIONS",
    "RESPONSIBILITIES",
    "Archetype",
    "Catalogue",
    "CatalogueError",
    "TitleReading",
    "level_rank",
    "normalize_title",
]

# The functions of a Customer Success org (the contract's eleven), then the functions of roles
# that sit above or beside it in a file: company executives, sales, RevOps, marketing, product...
CS_FUNCTIONS: tuple[str, ...] = (
    "customer-success",
    "onboarding",
    "renewals",
    "support",
    "services",
    "education",
    "digital",
    "operations",
    "enablement",
    "analytics",
    "executive",
)
OUTSIDE_FUNCTIONS: tuple[str, ...] = (
    "company",
    "sales",
    "revenue-operations",
    "marketing",
    "product",
    "engineering",
    "finance",
    "people",
)
# FUNCTIONS stays the contract's eleven (what `owns:` and `type:` users plan a CS org with);
# ALL_FUNCTIONS is what an archetype may have.
FUNCTIONS: tuple[str, ...] = CS_FUNCTIONS
ALL_FUNCTIONS: tuple[str, ...] = CS_FUNCTIONS + OUTSIDE_FUNCTIONS

LEVELS: tuple[str, ...] = ("executive", "director", "manager", "individual")
_LEVEL_RANK = {"individual": 0, "manager": 1, "director": 2, "executive": 3}


def level_rank(level: str) -> int:
    """0 for an individual contributor up to 3 for an executive."""
    return _LEVEL_RANK[level]


RESPONSIBILITIES: tuple[str, ...] = (
    "onboarding",
    "adoption",
    "renewals",
    "expansion",
    "support",
    "escalation",
    "operations",
    "analytics",
    "enablement",
    "education",
    "services",
    "retention",
    "leadership",
    # outside the CS org
    "sales",
    "revenue-operations",
    "marketing",
    "product",
    "engineering",
    "finance",
    "people",
)

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FIELDS = frozenset(
    {"name", "function", "coverage", "level", "responsibilities", "synonyms", "description"}
)


class CatalogueError(ValueError):
    """The archetype catalogue file is malformed (a packaging bug or a bad custom catalogue)."""


@dataclass(frozen=True, slots=True)
class Archetype:
    """One kind of role: what it does, at which level, and the titles it goes by."""

    id: str
    name: str
    function: str
    coverage: bool
    level: str
    responsibilities: tuple[str, ...]
    synonyms: tuple[str, ...]
    description: str
    # How its seats cover accounts by default: "primary" (they divide the accounts), "overlay"
    # (beside the owner, on the same accounts) or "none"; ``coverage`` is True for the first two.
    coverage_kind: str = "primary"

    @property
    def in_cs(self) -> bool:
        """Whether the archetype is a Customer Success role (not a CEO, a CRO, sales, RevOps...)."""
        return self.function in CS_FUNCTIONS


# --- title normalisation ---------------------------------------------------------------------

# Abbreviations are expanded before matching so that synonyms can be written once in full.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "vp": ("vice", "president"),
    "svp": ("vice", "president"),
    "evp": ("vice", "president"),
    "avp": ("vice", "president"),
    "cs": ("customer", "success"),
    "cx": ("customer", "experience"),
    "csm": ("customer", "success", "manager"),
    "dsm": ("digital", "success", "manager"),
    "tam": ("technical", "account", "manager"),
    "kam": ("key", "account", "manager"),
    "ps": ("professional", "services"),
    "mgr": ("manager",),
    "mngr": ("manager",),
    "mgmt": ("management",),
    "dir": ("director",),
    "ops": ("operations",),
    "exec": ("executive",),
    "acct": ("account",),
    "cust": ("customer",),
    "rep": ("representative",),
    "reps": ("representative",),
    "eng": ("engineer",),
    "engr": ("engineer",),
    "impl": ("implementation",),
    "svc": ("services",),
    "svcs": ("services",),
    "sme": ("subject", "matter", "expert"),
    "postsale": ("post", "sale"),
    "postsales": ("post", "sale"),
    "leader": ("lead",),
}

# Words that say how senior, where or for which segment, not what the job is. "Strategic CSM" is a
# CSM; "scaled", "pooled", "digital" and "lead" are kept because they change the archetype.
_DROPPED: frozenset[str] = frozenset(
    {
        # seniority and grade
        "senior",
        "sr",
        "snr",
        "junior",
        "jr",
        "principal",
        "staff",
        "interim",
        "acting",
        "i",
        "ii",
        "iii",
        "iv",
        "1",
        "2",
        "3",
        "4",
        # geography
        "global",
        "regional",
        "region",
        "international",
        "worldwide",
        "emea",
        "na",
        "nam",
        "amer",
        "americas",
        "america",
        "north",
        "south",
        "apac",
        "apj",
        "latam",
        "anz",
        "dach",
        "nordic",
        "nordics",
        "uk",
        "us",
        "usa",
        "europe",
        "asia",
        "pacific",
        "japan",
        "india",
        "east",
        "west",
        "central",
        # segment
        "enterprise",
        "ent",
        "midmarket",
        "mid",
        "market",
        "smb",
        "commercial",
        "corporate",
        "strategic",
        "major",
        "majors",
        # filler
        "of",
        "and",
        "the",
        "for",
        "to",
        "a",
        "an",
        "in",
        "at",
        "with",
        "on",
    }
)

_NON_WORD = re.compile(r"[^a-z0-9]+")


def _fold_plural(token: str) -> str:
    # Crude on purpose: "renewals"/"renewal" and "csms"/"csm" must meet, "success" must survive.
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def _tokens(text: str) -> tuple[str, ...]:
    """Normalised word tokens of a title or synonym (see :func:`normalize_title`)."""
    # Dots join ("v.p." -> "vp", "sr." -> "sr"); every other non-alphanumeric separates words.
    raw = _NON_WORD.split(text.lower().replace(".", "").replace("'", ""))
    out: list[str] = []
    for word in raw:
        if not word:
            continue
        expansion = _ABBREVIATIONS.get(word) or _ABBREVIATIONS.get(_fold_plural(word))
        for part in expansion or (word,):
            part = _fold_plural(part)
            if part not in _DROPPED:
                out.append(part)
    return tuple(out)


def normalize_title(title: str) -> str:
    """Return the normalised form of a job title used for matching.

    Lower-cased, punctuation removed, abbreviations expanded (``cs`` -> ``customer success``,
    ``vp`` -> ``vice president``, ``ops`` -> ``operation``), plurals folded, and seniority,
    geography and segment qualifiers dropped.
    """
    return " ".join(_tokens(title))


def _is_subsequence(needle: tuple[str, ...], haystack: tuple[str, ...]) -> bool:
    it = iter(haystack)
    return all(word in it for word in needle)


def _is_contiguous(needle: tuple[str, ...], haystack: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


# --- what a title says about level and function ---------------------------------------------

# Words that name a job's function. A synonym that leaves one of another function's words
# unexplained loses to one that explains it: "Client Services Operations Manager" is operations,
# not a client services manager (CSM) with a stray word.
_FUNCTION_WORDS: dict[str, str] = {
    "operation": "operations",
    "analytic": "analytics",
    "analyst": "analytics",
    "insight": "analytics",
    "onboarding": "onboarding",
    "implementation": "onboarding",
    "renewal": "renewals",
    "support": "support",
    "escalation": "support",
    "helpdesk": "support",
    "education": "education",
    "training": "education",
    "trainer": "education",
    "academy": "education",
    "enablement": "enablement",
    "sale": "sales",
    "marketing": "marketing",
}

# C-suite acronyms, "chief", "president" (vice presidents too) and founders read as executives.
_EXECUTIVE_WORDS: frozenset[str] = frozenset(
    {
        "chief",
        "president",
        "vp",
        "svp",
        "evp",
        "avp",
        "founder",
        "cofounder",
        "ceo",
        "coo",
        "cfo",
        "cro",
        "cmo",
        "cpo",
        "cto",
        "cio",
        "cco",
        "cxo",
        "chro",
    }
)
_MANAGER_WORDS: frozenset[str] = frozenset({"manager", "mgr", "mngr"})
_LEAD_WORDS: frozenset[str] = frozenset({"lead", "leader"})
_SENIOR_WORDS: frozenset[str] = frozenset({"senior", "sr", "snr"})

# Words that say a leader runs one part of the CS org (a segment, region or motion), so a
# "Head of Strategic CS" is a director under the CS leader, not the CS leader.
_PART_WORDS: frozenset[str] = frozenset(
    {
        "strategic",
        "scaled",
        "scale",
        "pooled",
        "digital",
        "enterprise",
        "ent",
        "midmarket",
        "mid",
        "smb",
        "commercial",
        "corporate",
        "major",
        "majors",
        "emea",
        "na",
        "nam",
        "amer",
        "americas",
        "apac",
        "apj",
        "latam",
        "anz",
        "dach",
        "nordics",
        "uk",
        "us",
        "europe",
        "asia",
        "japan",
        "india",
        "regional",
        "region",
        "product",
        "products",
    }
)

# Words dropped when no synonym fits, to read the function from the rest of the title.
_LEVEL_TOKENS: frozenset[str] = frozenset(
    {"head", "director", "manager", "lead", "vice", "president", "chief", "team", "supervisor"}
)


def _raw_words(title: str) -> list[str]:
    return [w for w in _NON_WORD.split(title.lower().replace(".", "").replace("'", "")) if w]


def _seniority(raw: list[str], default: str | None) -> tuple[str | None, str | None]:
    """(level, the words that say so) from a title's seniority words; (None, None) when none.

    ``default`` is the level of the archetype the rest of the title reads as: a trailing
    "Manager" is the job's name for individual archetypes (a Customer Success Manager carries
    accounts) but says "front-line manager" for leader archetypes (a Professional Services
    Manager leads consultants, not a practice).
    """
    words = set(raw)
    executive = sorted(words & _EXECUTIVE_WORDS)
    if executive:
        return "executive", executive[0]
    if "head" in words:
        # The head of the whole CS function is its executive; a head of one segment, region or
        # product is a director.
        if default == "executive" and not words & _PART_WORDS:
            return "executive", "head (of the whole function)"
        return "director", "head"
    if "director" in words or "directors" in words:
        return "director", "director"
    first = raw[0] if raw else ""
    second = raw[1] if len(raw) > 1 else ""
    if first in _MANAGER_WORDS:
        return "manager", f"{first} (first word: the manager of a team)"
    if first in _SENIOR_WORDS and second in _MANAGER_WORDS:
        return "manager", f"{first} {second}"
    for i, word in enumerate(raw):
        following = raw[i + 1] if i + 1 < len(raw) else ""
        if word in _MANAGER_WORDS and following == "of":
            return "manager", f"{word} of"
        if word == "team" and (following in _MANAGER_WORDS or following in _LEAD_WORDS):
            return "manager", f"team {following}"
        if word == "supervisor":
            return "manager", word
        if (
            word in _LEAD_WORDS
            and (following == "of" or i == len(raw) - 1)
            and i > 0
            and default not in ("director", "executive")  # a "Post-sale Leader" leads it all
        ):
            return "manager", f"{word} (last word: leads a team)"
    if default in ("director", "executive") and words & _MANAGER_WORDS:
        return "manager", "manager (a front-line manager of this function)"
    return None, None


@dataclass(frozen=True, slots=True)
class TitleReading:
    """How a job title was read: the archetype (function), the level, and why."""

    title: str
    words: tuple[str, ...]  # the normalised words matched against synonyms
    archetype: Archetype | None
    synonym: str | None  # the normalised synonym that matched, if one did
    level: str  # one of LEVELS
    level_words: str | None  # the seniority words that set the level; None: the default
    reasons: tuple[str, ...]

    @property
    def function(self) -> str | None:
        return self.archetype.function if self.archetype else None

    @property
    def coverage(self) -> bool:
        """Coverage seat: a coverage archetype read at individual level (leaders carry none)."""
        return bool(self.archetype and self.archetype.coverage and self.level == "individual")

    @property
    def in_cs(self) -> bool | None:
        """Whether the title is a CS org role; None when it cannot be placed."""
        return self.archetype.in_cs if self.archetype else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``csorg archetypes explain``."""
        archetype = self.archetype
        return {
            "title": self.title,
            "words": " ".join(self.words),
            "archetype": archetype.id if archetype else None,
            "name": archetype.name if archetype else None,
            "function": self.function,
            "in_cs_org": self.in_cs,
            "level": self.level,
            "level_words": self.level_words,
            "coverage": self.coverage,
            "synonym": self.synonym,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class _Synonym:
    tokens: tuple[str, ...]
    counts: Counter[str]
    archetype: Archetype
    order: int  # position of the archetype in the catalogue: the last tie-break


# --- the catalogue -----------------------------------------------------------------------------

_DEFAULT_RESOURCE = "archetypes.yaml"
_INFER_CACHE_LIMIT = 200_000


class Catalogue:
    """An ordered, immutable set of archetypes with title inference and did-you-mean."""

    def __init__(self, archetypes: Iterable[Archetype]) -> None:
        """Build a catalogue; raise :class:`CatalogueError` on duplicate ids or synonyms."""
        self._by_id: dict[str, Archetype] = {}
        for archetype in archetypes:
            if archetype.id in self._by_id:
                raise CatalogueError(f"archetype {archetype.id!r} is defined twice")
            self._by_id[archetype.id] = archetype
        self.ids: tuple[str, ...] = tuple(self._by_id)
        self._synonyms: list[_Synonym] = []
        self._index: dict[str, list[int]] = {}
        self._infer_cache: dict[str, TitleReading] = {}
        self._read_as_cache: dict[tuple[str, str], TitleReading] = {}
        self._build_index()

    # -- construction

    @classmethod
    def load(cls, path: Path | None = None) -> Catalogue:
        """Load a catalogue from ``path``, or the packaged ``archetypes.yaml`` (cached) if None."""
        if path is None:
            return _default_catalogue()
        return cls.from_text(Path(path).read_text(encoding="utf-8"), source=str(path))

    @classmethod
    def from_text(cls, text: str, source: str = "<catalogue>") -> Catalogue:
        """Parse catalogue YAML text; raise :class:`CatalogueError` when it is malformed."""
        entries = read_section(text, source, "archetypes", CatalogueError).items()
        return cls(_parse_archetype(str(key), value, source) for key, value in entries)

    def _build_index(self) -> None:
        owner: dict[tuple[str, ...], str] = {}
        for order, archetype in enumerate(self._by_id.values()):
            # The id and the name are titles too ("cs-director", "Customer Success Director").
            for text in (*archetype.synonyms, archetype.name, archetype.id):
                tokens = _tokens(text)
                if not tokens:
                    continue
                previous = owner.get(tokens)
                if previous == archetype.id:
                    continue  # "cco" and "chief customer officer" may normalise alike
                if previous is not None:
                    if text in (archetype.name, archetype.id):
                        continue  # an explicit synonym of another archetype wins over a name
                    raise CatalogueError(
                        f"synonym {text!r} of {archetype.id!r} reads the same as one of "
                        f"{previous!r} ({' '.join(tokens)!r})"
                    )
                owner[tokens] = archetype.id
                self._synonyms.append(_Synonym(tokens, Counter(tokens), archetype, order))
        # Index every synonym under its rarest word: a title can only match synonyms whose
        # rarest word it contains, which keeps inference to a handful of comparisons.
        frequency = Counter(word for syn in self._synonyms for word in set(syn.tokens))
        for i, syn in enumerate(self._synonyms):
            rarest = min(syn.tokens, key=lambda word: (frequency[word], word))
            self._index.setdefault(rarest, []).append(i)

    @functools.cached_property
    def _suggestions(self) -> list[tuple[str, Archetype]]:
        # Only did-you-mean hints read these: built on the first, not on every run.
        seen: set[tuple[str, str]] = set()
        out: list[tuple[str, Archetype]] = []
        for archetype in self._by_id.values():
            for text in (archetype.id, archetype.name, *archetype.synonyms):
                for form in (text.lower(), normalize_title(text)):
                    if form and (form, archetype.id) not in seen:
                        seen.add((form, archetype.id))
                        out.append((form, archetype))
        return out

    # -- container protocol

    def get(self, archetype_id: str) -> Archetype | None:
        """Return the archetype with this id, or None."""
        return self._by_id.get(archetype_id)

    def __getitem__(self, archetype_id: str) -> Archetype:
        return self._by_id[archetype_id]

    def __iter__(self) -> Iterator[Archetype]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, archetype_id: object) -> bool:
        return archetype_id in self._by_id

    def __repr__(self) -> str:
        return f"Catalogue({len(self)} archetypes)"

    def with_custom(self, custom: Iterable[Archetype]) -> Catalogue:
        """This catalogue with a company's own archetypes (from ``.csorg.yaml``) added.

        A custom archetype with a built-in id replaces it; a built-in synonym that reads the same
        as a custom one's is dropped from the built-in, so the company's reading of its own titles
        wins. Custom archetypes come first: they win ties in title inference too.
        """
        custom = list(custom)
        if not custom:
            return self
        ids = {archetype.id for archetype in custom}
        taken = {
            _tokens(text)
            for archetype in custom
            for text in (*archetype.synonyms, archetype.name, archetype.id)
        }
        kept = [
            dataclasses.replace(
                archetype,
                synonyms=tuple(s for s in archetype.synonyms if _tokens(s) not in taken),
            )
            for archetype in self
            if archetype.id not in ids
        ]
        return Catalogue([*custom, *kept])

    @property
    def coverage_ids(self) -> frozenset[str]:
        """Ids of the archetypes whose seats count as coverage seats of their segment."""
        return frozenset(a.id for a in self if a.coverage)

    def by_function(self, function: str) -> tuple[Archetype, ...]:
        """Archetypes of one function, in catalogue order."""
        return tuple(a for a in self if a.function == function)

    # -- inference

    def infer(self, title: str) -> Archetype | None:
        """Return the archetype a job title denotes, or None when the title cannot be placed.

        A synonym fits when all its (normalised) words occur in the title. Among fitting synonyms
        the one that leaves no other function's word unexplained wins, then the one with most
        words, then one that appears contiguously in the title, then one in the title's word
        order, then the archetype listed first. So "Customer Success Manager" is a CSM while
        "Manager, Customer Success" and "CSM Manager" are team leads. See :meth:`read` for
        levels and for titles no synonym fits.
        """
        return self.read(title).archetype

    def read(self, title: str) -> TitleReading:
        """Read a title: its archetype (the function), its level from seniority words, and why.

        Seniority words set the level whatever the function: chief, VP (SVP, EVP), president and
        founders are executives; "Head" and "Director" directors (a head of the whole CS function,
        with no segment, region or product in the title, is its executive); a leading "Manager"
        ("Manager, Renewals"), "Senior Manager", "Manager of", "Team Lead", a trailing "Lead" and
        "Supervisor" are managers. Without one the archetype's own level applies. When the level
        says leader and the archetype is an individual one (or the reverse), the function's
        archetype at that level is used: a "Manager, Renewals" leads renewals managers.
        """
        cached = self._infer_cache.get(title)
        if cached is not None:
            return cached
        result = self._read(title)
        if len(self._infer_cache) >= _INFER_CACHE_LIMIT:
            self._infer_cache.clear()  # bounded memory on pathological inputs
        self._infer_cache[title] = result
        return result

    def _read(self, title: str) -> TitleReading:
        tokens = _tokens(title)
        raw = _raw_words(title)
        reasons: list[str] = []
        match = self._infer_tokens(tokens)
        if match is None:
            stripped = tuple(word for word in tokens if word not in _LEVEL_TOKENS)
            if stripped and stripped != tokens:
                match = self._infer_tokens(stripped)
        archetype = match.archetype if match else None
        synonym = " ".join(match.tokens) if match else None
        if match is not None:
            reasons.append(
                f"the words {synonym!r} are a synonym of {archetype.id if archetype else ''}"
            )
        else:
            functions = [_FUNCTION_WORDS[w] for w in tokens if w in _FUNCTION_WORDS]
            if functions:
                function = functions[0]
                archetype = self._function_archetype(function, "individual")
                if archetype is not None:
                    reasons.append(
                        f"no synonym fits; {function!r} is read from the words of the title"
                    )
        level, words = _seniority(raw, archetype.level if archetype else None)
        if level is None:
            level = archetype.level if archetype else "individual"
            reasons.append(
                f"no seniority word: the level of {archetype.id} ({level})"
                if archetype
                else "no seniority word: an individual contributor"
            )
        else:
            reasons.append(f"{words!r} reads as level {level}")
        if archetype is not None and level != archetype.level:
            swap = self._function_archetype(archetype.function, level, exact=True)
            wants_leader = archetype.level == "individual" and level != "individual"
            if swap is None and wants_leader:
                swap = self._function_archetype(archetype.function, level)
            if (
                swap is not None
                and swap is not archetype
                and (wants_leader or level != "individual")
            ):
                reasons.append(
                    f"at level {level} the {archetype.function} archetype is {swap.id} "
                    f"(not {archetype.id})"
                )
                archetype = swap
        return TitleReading(
            title=title,
            words=tokens,
            archetype=archetype,
            synonym=synonym,
            level=level,
            level_words=words,
            reasons=tuple(reasons),
        )

    def read_as(self, title: str, archetype: Archetype) -> TitleReading:
        """Read the level of a title whose archetype is given (an explicit ``type:``).

        Cached like :meth:`read`: an HRIS export repeats a few hundred titles over 100k roles,
        and every command (and both sides of a diff) reads them all."""
        key = (title, archetype.id)
        cached = self._read_as_cache.get(key)
        if cached is not None and cached.archetype is archetype:
            return cached
        result = self._read_as(title, archetype)
        if len(self._read_as_cache) >= _INFER_CACHE_LIMIT:
            self._read_as_cache.clear()  # bounded memory on pathological inputs
        self._read_as_cache[key] = result
        return result

    def _read_as(self, title: str, archetype: Archetype) -> TitleReading:
        level, words = _seniority(_raw_words(title), archetype.level)
        reasons = [f"`type: {archetype.id}` sets the archetype"]
        if level is None:
            level = archetype.level
            reasons.append(f"no seniority word: the level of {archetype.id} ({level})")
        else:
            reasons.append(f"{words!r} reads as level {level}")
        return TitleReading(title, _tokens(title), archetype, None, level, words, tuple(reasons))

    def _function_archetype(
        self, function: str, level: str, exact: bool = False
    ) -> Archetype | None:
        """The archetype of ``function`` at ``level`` (nearest level unless ``exact``).

        Leaders are never coverage archetypes; digital teams are led by CS leaders.
        """
        want = _LEVEL_RANK[level]
        candidates = [
            a for a in self if a.function == function and (level == "individual" or not a.coverage)
        ]
        leaderless = not any(a.level != "individual" for a in candidates)
        if level != "individual" and leaderless and function == "digital":
            candidates = [a for a in self if a.function == "customer-success"]
        if level != "individual":
            candidates = [a for a in candidates if a.level != "individual"]
        else:
            candidates = [a for a in candidates if a.level == "individual"]
        if exact:
            candidates = [a for a in candidates if a.level == level]
        if not candidates:
            return None
        return min(candidates, key=lambda a: abs(_LEVEL_RANK[a.level] - want))

    def _infer_tokens(self, tokens: tuple[str, ...]) -> _Synonym | None:
        if not tokens:
            return None
        counts = Counter(tokens)
        title_functions = [(w, _FUNCTION_WORDS[w]) for w in tokens if w in _FUNCTION_WORDS]
        best: tuple[int, int, bool, bool, int] | None = None
        best_synonym: _Synonym | None = None
        candidates = {i for word in counts for i in self._index.get(word, ())}
        for i in candidates:
            syn = self._synonyms[i]
            if any(counts[word] < n for word, n in syn.counts.items()):
                continue
            function = syn.archetype.function
            unexplained = sum(
                1 for word, f in title_functions if f != function and word not in syn.counts
            )
            score = (
                -unexplained,
                len(syn.tokens),
                _is_contiguous(syn.tokens, tokens),
                _is_subsequence(syn.tokens, tokens),
                -syn.order,
            )
            if best is None or score > best:
                best, best_synonym = score, syn
        return best_synonym

    def closest(self, text: str, limit: int = 3) -> list[Archetype]:
        """Archetypes whose id, name or synonyms look most like ``text``, best first.

        Meant for did-you-mean hints on an unknown ``type:`` or a title :meth:`infer` cannot
        place; returns an empty list when nothing is reasonably close.
        """
        query = text.strip().lower()
        if not query or limit <= 0:
            return []
        forms = {query, normalize_title(text)} - {""}
        scores: dict[str, float] = {}
        matcher = difflib.SequenceMatcher(autojunk=False)
        for form in forms:
            matcher.set_seq2(form)
            for candidate, archetype in self._suggestions:
                matcher.set_seq1(candidate)
                if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
                    continue
                ratio = matcher.ratio()
                if ratio >= 0.6 and ratio > scores.get(archetype.id, 0.0):
                    scores[archetype.id] = ratio
        inferred = self.infer(text)
        if inferred is not None:
            scores[inferred.id] = max(scores.get(inferred.id, 0.0), 1.0)
        order = {aid: i for i, aid in enumerate(self.ids)}
        ranked = sorted(scores, key=lambda aid: (-scores[aid], order[aid]))
        return [self._by_id[aid] for aid in ranked[:limit]]


# Fields a company archetype in `.csorg.yaml` may leave out, and what they default to.
CUSTOM_REQUIRED = ("function", "level")


def parse_custom_archetype(archetype_id: str, value: Any, source: str) -> Archetype:
    """A company archetype from the configuration: ``function`` and ``level`` are required;
    ``name`` (the id, in words), ``coverage`` (false), ``synonyms``, ``responsibilities`` (none)
    and ``description`` (the name) may be left out."""
    if not isinstance(value, dict):
        raise CatalogueError(
            f"archetype {archetype_id!r}: expected a mapping with function and level"
        )
    name = value.get("name") or archetype_id.replace("-", " ").capitalize()
    filled = {
        "name": name,
        "coverage": False,
        "synonyms": [],
        "responsibilities": [],
        "description": name,
        **value,
    }
    return _parse_archetype(archetype_id, filled, source)


def _parse_archetype(archetype_id: str, value: Any, source: str) -> Archetype:
    where = f"{source}: archetype {archetype_id!r}"
    if not _ID_RE.match(archetype_id):
        raise CatalogueError(f"{where}: id must be kebab-case")
    if not isinstance(value, dict):
        raise CatalogueError(f"{where}: expected a mapping")
    unknown = set(value) - _FIELDS
    missing = _FIELDS - set(value)
    if unknown:
        raise CatalogueError(f"{where}: unknown field(s) {sorted(unknown)}")
    if missing:
        raise CatalogueError(f"{where}: missing field(s) {sorted(missing)}")
    if value["function"] not in ALL_FUNCTIONS:
        raise CatalogueError(
            f"{where}: function {value['function']!r} is not one of {ALL_FUNCTIONS}"
        )
    if value["level"] not in LEVELS:
        raise CatalogueError(f"{where}: level {value['level']!r} is not one of {LEVELS}")
    coverage = value["coverage"]
    if coverage is True or coverage == "primary":
        coverage_kind = "primary"
    elif coverage is False or coverage == "none":
        coverage_kind = "none"
    elif coverage == "overlay":
        coverage_kind = "overlay"
    else:
        raise CatalogueError(f"{where}: coverage must be true, false, primary, overlay or none")
    for name in ("responsibilities", "synonyms"):
        items = value[name]
        if not isinstance(items, list) or not all(isinstance(x, str) and x for x in items):
            raise CatalogueError(f"{where}: {name} must be a list of strings")
    bad = [r for r in value["responsibilities"] if r not in RESPONSIBILITIES]
    if bad:
        raise CatalogueError(f"{where}: unknown responsibilities {bad}")
    for name in ("name", "description"):
        if not isinstance(value[name], str) or not value[name].strip():
            raise CatalogueError(f"{where}: {name} must be a non-empty string")
    return Archetype(
        id=archetype_id,
        name=value["name"].strip(),
        function=value["function"],
        coverage=coverage_kind != "none",
        level=value["level"],
        responsibilities=tuple(value["responsibilities"]),
        synonyms=tuple(dict.fromkeys(s.strip().lower() for s in value["synonyms"])),
        description=" ".join(value["description"].split()),
        coverage_kind=coverage_kind,
    )


@functools.cache
def _default_catalogue() -> Catalogue:
    return Catalogue.from_text(packaged_text(_DEFAULT_RESOURCE), source=_DEFAULT_RESOURCE)
