"""Control characters made visible: a name never moves a terminal's cursor or retitles its window.

A YAML double-quoted string can hold any character (``"Org\\x1b]0;PWNED\\x07"``). Such text
reaches terminals (report, plan, diff), Markdown and HTML, so the model shows every C0 and C1
control character (tab and newline aside) as its escape, ``\\x1b``, the way the file spells it.
"""

from __future__ import annotations

_CONTROLS = {
    code: f"\\x{code:02x}"
    for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
    if chr(code) not in "\t\n"
}


def visible(text: str) -> str:
    """``text`` with control characters (except tab and newline) written as ``\\xNN``."""
    if text.isprintable():
        return text
    return text.translate(_CONTROLS)
