"""Markdown for people: user text made literal, and pipe tables.

Validation findings, reports, plans and diffs are pasted into pull-request comments and wikis, so
a role title such as ``<img src=x onerror=...>``, ``[click](http://...)`` or ``a|b`` must show as
text and never become markup, a link, an extra table cell or a mention. Every Markdown writer in
csorg escapes through :func:`escape`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Inside a line, these are all the characters that can start formatting or a link (parentheses
# need nothing once brackets are escaped).
_INLINE = re.compile(r"([\\`*_\[\]|~])")
# What starts a list, quote or rule only at the start of a line ("#" becomes an entity below).
_LEADING = re.compile(r"^([+=>-])")
_ORDERED = re.compile(r"^(\d+)([.)])")
# HTML (no tag can open once "<" is escaped, so ">" stays readable), and on GitHub @name (pings
# a person) and #123 (links an issue).
_ENTITIES = {"&": "&amp;", "<": "&lt;", "@": "&#64;", "#": "&#35;"}


def escape(text: str) -> str:
    """``text`` as literal inline Markdown on one line (safe in a table cell)."""
    text = " ".join(str(text).split())  # a newline would end a table row or a paragraph
    text = _INLINE.sub(r"\\\1", text)
    text = _LEADING.sub(r"\\\1", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    return "".join(_ENTITIES.get(ch, ch) for ch in text)


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right_aligned: Sequence[int] = ()
) -> list[str]:
    """A GitHub-flavoured pipe table; every header and cell is escaped."""
    lines = [
        "| " + " | ".join(escape(h) for h in headers) + " |",
        "|" + "|".join("---:" if i in right_aligned else "---" for i in range(len(headers))) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(escape(cell) if cell else " " for cell in row) + " |")
    return lines


def code(text: str) -> str:
    """``text`` as an inline code span, whatever backticks it holds (CommonMark's longer fence)."""
    text = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"
