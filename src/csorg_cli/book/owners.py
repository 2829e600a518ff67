"""Who can carry a book: the coverage seats of the org, and how an owner cell finds one.

A seat that carries a book is a holder of a *primary* coverage role (the seats that divide their
segments' accounts: csm, scaled-csm, digital-success-manager... unless ``coverage:`` says
otherwise): each person named in ``person``/``people`` is one seat; the filled seats of a role
that names nobody are one pooled book under the role's id. Overlay seats (they work the same
accounts beside the owner) and stage or product owners carry no book of their own. A part-time
seat (``fte: 0.5``) counts for its FTE. An owner cell may hold a role id, a person's name, or an
email whose local part spells the person's name (``ana.ruiz@``, ``aruiz@``, ``ana@`` when only one
Ana is in the org).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.book.eligibility import language_key


@dataclass(frozen=True)
class Seat:
    """One book: a person on a coverage role, or the unnamed filled seats of one."""

    key: str  # the person's name, or the role id for a role that names nobody
    role_id: str
    title: str
    segments: tuple[str, ...]  # one, or several for a pool that serves several segments
    region: str | None
    seats: float  # filled seats this book stands for, in FTE (1 for a full-time person)
    owns: tuple[str, ...] = ()
    # Language keys the seat serves (None: the org does not say, so every language).
    languages: frozenset[str] | None = None
    # Products of the org's `products:` the role owns (empty: it carries accounts of any).
    products: frozenset[str] = frozenset()

    @property
    def segment(self) -> str | None:
        """The seat's segment (the first one of a pool that serves several)."""
        return self.segments[0] if self.segments else None

    @property
    def label(self) -> str:
        return self.key if self.key == self.role_id else f"{self.key} ({self.role_id})"


@dataclass(frozen=True)
class Resolution:
    """What an owner cell names: a seat, someone without a coverage seat, or nobody."""

    seat: str | None = None
    # Why it does not name a seat: "unknown", "not-coverage" (who it names), "ambiguous".
    problem: str | None = None
    detail: str = ""


@dataclass
class Owners:
    """The org's seats and the index that resolves owner cells."""

    seats: dict[str, Seat] = field(default_factory=dict)
    _index: dict[str, Resolution] = field(default_factory=dict)
    _ambiguous: set[str] = field(default_factory=set)

    @classmethod
    def from_tree(cls, tree: OrgTree) -> Owners:
        owners = cls()
        org_products = frozenset(p.casefold() for p in tree.org.products)
        for role_id, role in tree.org.roles.items():
            kind = tree.coverage_kind(role_id)
            holders = role.holders
            if kind != "primary":
                seat_kind = {
                    "overlay": "an overlay seat (it works accounts beside their owner)",
                    "owner": "a stage or product owner seat, not an account owner's",
                }.get(kind, "no coverage seat")
                what = f"{role_id} ({role.title}) holds {seat_kind}"
                owners._add(role_id, Resolution(problem="not-coverage", detail=what))
                for person in holders:
                    detail = f"{person} is {role.title} ({role_id}): {seat_kind}"
                    owners._add_person(person, Resolution(problem="not-coverage", detail=detail))
                continue
            owned = frozenset(w.casefold() for w in role.owned_words) & org_products
            for person in holders:
                seat = Seat(
                    person,
                    role_id,
                    role.title,
                    role.segments,
                    role.region,
                    role.fte,
                    tuple(role.owned_words),
                    _language_keys(role.languages_of(person)),
                    owned,
                )
                owners.seats.setdefault(person, seat)
                owners._add_person(person, Resolution(seat=person))
            unnamed = role.filled - len(holders)
            if unnamed > 0:
                owners.seats[role_id] = Seat(
                    role_id,
                    role_id,
                    role.title,
                    role.segments,
                    role.region,
                    unnamed * role.fte,
                    tuple(role.owned_words),
                    _language_keys(role.languages_of(None)),
                    owned,
                )
                owners._add(role_id, Resolution(seat=role_id))
            elif len(holders) == 1:
                owners._add(role_id, Resolution(seat=holders[0]))
            elif holders:
                detail = (
                    f"{role_id} is a role of {len(holders)} people "
                    f"({', '.join(holders[:3])}{'...' if len(holders) > 3 else ''}): "
                    "name the person who carries the account"
                )
                owners._add(role_id, Resolution(problem="ambiguous", detail=detail))
            else:
                detail = f"{role_id} has no filled seat (all {role.headcount} open)"
                owners._add(role_id, Resolution(problem="vacant", detail=detail))
        return owners

    def _add(self, key: str, resolution: Resolution) -> None:
        key = key.casefold()
        if key in self._ambiguous:
            return
        existing = self._index.get(key)
        if existing is not None and existing != resolution:
            # Two people of one name (or a name shared by a role id): only an exact key decides.
            if existing.seat is not None and resolution.seat is None:
                return
            if resolution.seat is not None and existing.seat is None:
                self._index[key] = resolution
                return
            self._ambiguous.add(key)
            del self._index[key]
            return
        self._index[key] = resolution

    def _add_person(self, person: str, resolution: Resolution) -> None:
        self._add(" ".join(person.split()), resolution)
        words = name_words(person)
        if not words:
            return
        for key in {"".join(words), words[0][0] + words[-1] if len(words) > 1 else words[0]}:
            self._add("@" + key, resolution)
        self._add("@" + words[0], resolution)

    def resolve(self, cell: str) -> Resolution:
        """What the owner cell ``cell`` names."""
        text = " ".join(cell.split())
        found = self._index.get(text.casefold())
        if found is not None:
            return found
        if "@" in text:
            local = text.split("@", 1)[0]
            key = "@" + "".join(name_words(local.replace(".", " ")))
            found = self._index.get(key)
            if found is not None:
                return found
        if text.casefold() in self._ambiguous:
            return Resolution(problem="ambiguous", detail=f"{text!r} names more than one person")
        return Resolution(problem="unknown", detail=text)


def _language_keys(languages: list[str] | None) -> frozenset[str] | None:
    if languages is None:
        return None
    return frozenset(key for key in map(language_key, languages) if key is not None)


def name_words(text: str) -> list[str]:
    """Lower-case ASCII words of a name (accents dropped): ``José de la Cruz`` -> jose de la cruz."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return [w for w in re.split(r"[^a-z0-9]+", plain.casefold()) if w]
