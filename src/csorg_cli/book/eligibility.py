"""Which seats may carry an account: its segment, region, language and products.

One predicate, :func:`serves`, shared by the book rules (an owner who may not carry the account
is a finding) and by ``csorg rebalance`` (an account moves only to a seat that may carry it).

- **Segment**: the account's segment is one of the seat's segments.
- **Region**: a seat without a region serves every region; an account without one goes anywhere.
- **Language**: the role's ``languages:`` (for every seat, or per holder). A seat whose languages
  the org does not give serves every language, and an account without a language goes anywhere.
  Codes and names compare alike: ``en``, ``en-US``, ``EN_gb``, ``English`` and ``Englisch`` are
  one language (ISO 639-1 codes, and the English and native names of the common ones).
- **Products**: a seat whose role ``owns`` products of the org's ``products:`` (plain words,
  ``owns: [analytics]``) carries only accounts whose products it owns; a seat that owns none
  carries any. Products of an account that the org does not list are not compared.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

    from csorg_cli.book.load import Book
    from csorg_cli.book.owners import Seat

# English and native names of common languages -> ISO 639-1 code.
_NAMES: dict[str, tuple[str, ...]] = {
    "ar": ("arabic", "العربية"),
    "cs": ("czech", "čeština", "cestina"),
    "da": ("danish", "dansk"),
    "de": ("german", "deutsch", "allemand"),
    "el": ("greek", "ελληνικά"),
    "en": ("english", "englisch", "anglais", "inglés", "ingles"),
    "es": ("spanish", "español", "espanol", "castellano", "spanisch"),
    "fi": ("finnish", "suomi"),
    "fr": ("french", "français", "francais", "französisch", "franzosisch"),
    "he": ("hebrew", "עברית"),
    "hi": ("hindi", "हिन्दी"),
    "hu": ("hungarian", "magyar"),
    "id": ("indonesian", "bahasa indonesia"),
    "it": ("italian", "italiano", "italienisch"),
    "ja": ("japanese", "日本語"),
    "ko": ("korean", "한국어"),
    "nl": ("dutch", "nederlands", "niederländisch", "flemish", "vlaams"),
    "no": ("norwegian", "norsk", "bokmål", "bokmal"),
    "pl": ("polish", "polski"),
    "pt": ("portuguese", "português", "portugues", "portugiesisch"),
    "ro": ("romanian", "română", "romana"),
    "ru": ("russian", "русский"),
    "sv": ("swedish", "svenska"),
    "th": ("thai", "ไทย"),
    "tr": ("turkish", "türkçe", "turkce"),
    "uk": ("ukrainian", "українська"),
    "vi": ("vietnamese", "tiếng việt", "tieng viet"),
    "zh": ("chinese", "mandarin", "中文", "汉语", "普通话", "cantonese"),
}
_BY_NAME = {name: code for code, names in _NAMES.items() for name in names}


def language_key(text: str | None) -> str | None:
    """The language ``text`` names, as one comparable key (an ISO 639-1 code when known)."""
    if text is None:
        return None
    plain = " ".join(text.split()).casefold()
    if not plain:
        return None
    if plain in _BY_NAME:
        return _BY_NAME[plain]
    # A tag (en-US, pt_BR, zh-Hant-TW): its primary language subtag.
    primary = re.split(r"[-_]", plain, maxsplit=1)[0]
    return _BY_NAME.get(primary, primary)


def product_key(cell: str | None, org_products: frozenset[str]) -> str:
    """The products of an account cell that the org lists, casefolded, sorted, ``,``-joined
    (``""``: none to compare)."""
    if not cell:
        return ""
    named = {p.strip().casefold() for p in cell.replace(";", ",").split(",") if p.strip()}
    return ",".join(sorted(named & org_products))


def serves(
    seat: Seat,
    segment: str | None,
    region: str | None,
    language: str | None,
    products: str,
) -> bool:
    """Whether ``seat`` may carry an account of this segment, region (casefolded), language
    (a :func:`language_key`) and products (a :func:`product_key`); None: not compared."""
    return not why_not(seat, segment, region, language, products)


def why_not(
    seat: Seat,
    segment: str | None,
    region: str | None,
    language: str | None,
    products: str,
) -> str:
    """What keeps ``seat`` from carrying the account ("" when nothing does): segment, region,
    language or products."""
    if segment is not None and segment not in seat.segments:
        return "segment"
    if region is not None and seat.region is not None and seat.region.casefold() != region:
        return "region"
    if language is not None and seat.languages is not None and language not in seat.languages:
        return "language"
    if products and seat.products and not set(products.split(",")) <= seat.products:
        return "products"
    return ""


def rows_not_served(book: Book, reason: str) -> pl.DataFrame:
    """Rows (``row``, ``id``, ``seat`` and the compared column) whose owner's seat may not carry
    the account for ``reason``: "language" or "products". Each distinct (seat, value) pair is
    judged once, so a million rows cost a join."""
    import polars as pl

    column = {"language": "language_key", "products": "product_key"}[reason]
    frame = book.frame.filter(pl.col("seat").is_not_null() & (pl.col(column).fill_null("") != ""))
    pairs = frame.select("seat", column).unique()
    seats = book.owners.seats
    bad = [
        (seat, value)
        for seat, value in pairs.iter_rows()
        if (
            why_not(
                seats[seat],
                None,
                None,
                value if reason == "language" else None,
                value if reason == "products" else "",
            )
            == reason
        )
    ]
    if not bad:
        return frame.head(0)
    flagged = pl.DataFrame(
        {"seat": [s for s, _ in bad], column: [v for _, v in bad]},
        schema={"seat": pl.String, column: pl.String},
    )
    return frame.join(flagged, on=["seat", column], how="semi").sort("row")
