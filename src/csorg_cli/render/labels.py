"""Text that goes into charts, made safe: for DOT HTML-like labels, and so for SVG.

Every piece of user text (titles, names, segment names) passes through :func:`html_text` before it
reaches a Graphviz label, so ``<script>`` or ``"a" -> "b"`` in a title is drawn as text: the DOT
source holds ``&lt;script&gt;``, Graphviz writes it back escaped into SVG, and no quote ever ends
a DOT string early (HTML-like labels have no quotes or backslash escapes to break).
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csorg_cli.model.org import Role, Segment

# C0/C1 controls (YAML allows "\x01" in double-quoted strings) are not valid in XML, so not in SVG.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")

MAX_TEXT = 120  # a title longer than this is cut: a chart box is not a document


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """One line of plain text: controls removed, whitespace folded, cut to ``limit``."""
    text = _SPACE.sub(" ", _CONTROL.sub("", str(text))).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def html_text(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` escaped for a Graphviz HTML-like label.

    Brackets are escaped too: Graphviz's HTML lexer rejects a bare "]" in some positions
    (a holder called "]" made `dot` fail).
    """
    escaped = html.escape(clean(text, limit), quote=True)
    return escaped.replace("[", "&#91;").replace("]", "&#93;")


def wrap(text: str, width: int, max_lines: int = 3) -> list[str]:
    """Plain ``text`` wrapped to ``width`` characters, at most ``max_lines`` lines."""
    lines = textwrap.wrap(
        clean(text), width=width, break_long_words=True, break_on_hyphens=False
    ) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return lines


def plural(count: int, word: str, many: str | None = None) -> str:
    """``"1 seat"``, ``"3 seats"``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def html_attr(value: str) -> str:
    """A value for an attribute inside an HTML-like label (a colour, a port name)."""
    return html.escape(clean(value, 200), quote=True)


def segment_label(role: Role, segments: Mapping[str, Segment]) -> str | None:
    """The segments a role serves, by name: ``"SMB + Mid-Market"`` for a pool serving two."""
    names = [(segments[s].name or s) if s in segments else s for s in role.segments]
    return " + ".join(names) or None
