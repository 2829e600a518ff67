"""What a role's box says, worded once for every output (DOT chart, Mermaid, text tree, HTML).

Each output used to word the box itself, and the copies drifted ("3 seats · 1 open" in the chart,
"3 seats, 1 open" in Mermaid and the tree). :func:`box_content` decides the lines and their kind;
each output only decides how a kind looks (a colour, a style, an escape), never what it says.

Lines are plain text (controls removed, cut to a length): every output escapes them for its own
syntax.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from csorg_cli.model.org import OrgFile, Role
from csorg_cli.render.labels import clean, plural
from csorg_cli.render.view import Folded, View

# Kinds of line, in the order they appear in a box.
HOLDER = "holder"  # the person in a single-seat role
SEATS = "seats"  # "3 seats · 1 open"
VACANT = "vacant"  # a single seat nobody holds
WHERE = "where"  # segment name · region
FUNCTION = "function"  # for themes without colours
OWNS = "owns"  # lifecycle stages or products the role owns
SPAN = "span"  # --annotate spans
FOLDED = "folded"  # what --depth hides below the role
PROBLEM = "problem"  # an unknown manager, or what `csorg validate` found

_SEP = " · "


@dataclass(frozen=True)
class Line:
    """One line under a box's title."""

    text: str
    kind: str

    @property
    def is_problem(self) -> bool:
        return self.kind == PROBLEM


@dataclass(frozen=True)
class BoxContent:
    """Everything a role's box shows, as plain text."""

    role_id: str
    title: str
    lines: tuple[Line, ...]
    function: str  # "unclassified" when the catalogue cannot tell
    vacant: bool  # at least one seat open
    all_open: bool  # every seat open
    problem: bool


def segment_names(org: OrgFile) -> dict[str, str]:
    """Segment id -> the name people use (the id when the segment has no name)."""
    return {sid: clean(segment.name or sid, 40) for sid, segment in (org.segments or {}).items()}


def seats_text(role: Role) -> str | None:
    """``"3 seats · 1 open"`` for a role with several seats (None for a single seat)."""
    if role.headcount <= 1:
        return None
    return f"{role.headcount} seats" + (f"{_SEP}{role.open} open" if role.open else "")


def where_text(role: Role, names: dict[str, str]) -> str:
    """``"Enterprise · EMEA"``: the segment's name and the region, whichever are set."""
    where = [names.get(role.segment, role.segment) if role.segment else None, role.region]
    return _SEP.join(clean(w, 30) for w in where if w)


def folded_text(folded: Folded) -> str:
    """``"+ 12 seats in 4 roles, 2 open"``: what ``--depth`` hides below a box."""
    text = f"+ {plural(folded.seats, 'seat')} in {plural(folded.roles, 'role')}"
    return text + (f", {folded.open} open" if folded.open else "")


def rules_text(rules: Iterable[str], most: int = 2) -> str:
    """``"⚠ span-of-control, missing-function +1"``: the rules a role breaks, first ones named."""
    names = list(dict.fromkeys(rules))
    extra = len(names) - most
    return "⚠ " + ", ".join(names[:most]) + (f" +{extra}" if extra > 0 else "")


def box_content(
    view: View,
    role_id: str,
    names: dict[str, str],
    annotate: Collection[str] = (),
    highlight_problems: bool = False,
    function_line: bool = False,
) -> BoxContent:
    """The box of ``role_id`` as ``view`` draws it (folding, unknown managers, problems)."""
    tree = view.tree
    role = tree.roles[role_id]
    function = tree.function(role_id) or "unclassified"
    lines: list[Line] = []
    seats = seats_text(role)
    if seats:
        lines.append(Line(seats, SEATS))
    elif role.open:
        lines.append(Line("OPEN (vacant)", VACANT))
    elif role.holders:
        lines.append(Line(clean(role.holders[0], 40), HOLDER))
    where = where_text(role, names)
    if where:
        lines.append(Line(where, WHERE))
    if function_line:
        lines.append(Line(function, FUNCTION))
    if role.owns:
        lines.append(Line(clean("owns: " + ", ".join(role.owns), 60), OWNS))
    if "spans" in annotate and tree.is_manager(role_id):
        lines.append(Line(f"span of control: {tree.span(role_id)}", SPAN))
    folded = view.folded.get(role_id)
    if folded is not None:
        lines.append(Line(folded_text(folded), FOLDED))
    unknown = view.unknown_manager.get(role_id)
    if unknown is not None:
        lines.append(Line(f"⚠ reports to unknown {clean(unknown, 30)!r}", PROBLEM))
    problems = view.problems.get(role_id, []) if highlight_problems else []
    if problems:
        lines.append(Line(rules_text(d.rule for d in problems), PROBLEM))
    return BoxContent(
        role_id=role_id,
        title=clean(role.title),
        lines=tuple(lines),
        function=function,
        vacant=role.open > 0,
        all_open=role.open > 0 and role.open == role.headcount,
        problem=bool(problems) or unknown is not None,
    )
