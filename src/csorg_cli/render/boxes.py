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

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.model.org import OrgFile, Ownership, Role
from csorg_cli.render.labels import clean, plural
from csorg_cli.render.view import Folded, View

# Kinds of line, in the order they appear in a box.
HOLDER = "holder"  # the person in a single-seat role
SEATS = "seats"  # "3 seats · 1 open"
VACANT = "vacant"  # a single seat nobody holds
WHERE = "where"  # segment name · region
FUNCTION = "function"  # for themes without colours
SEAT_KIND = "seat-kind"  # overlay, stage owner, part-time, contractor, shared, central, carries
OWNS = "owns"  # lifecycle stages or products the role owns (DRI of a product)
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
    """``"Enterprise · EMEA · en, de"``: the segment's name, the region and the languages the
    seats serve accounts in, whichever are set."""
    languages = role.languages
    spoken = (
        list(dict.fromkeys(x for each in languages.values() for x in each))
        if isinstance(languages, dict)
        else languages or []
    )
    where = [
        " + ".join(names.get(s, s) for s in role.segments) or None,
        role.region,
        ", ".join(spoken) or None,
    ]
    return _SEP.join(clean(w, 30) for w in where if w)


def owns_text(role: Role) -> str:
    """``"owns: renewals, churn-mitigation (analytics), DRI platform"``."""
    return "owns: " + ", ".join(owns_items(role))


def owns_items(role: Role) -> list[str]:
    """Each responsibility in words: a plain word, ``"churn-mitigation (analytics)"`` for a
    stage of a product, ``"DRI platform"`` for a product, a function's name."""
    items: list[str] = []
    for item in role.owns:
        if not isinstance(item, Ownership):
            items.append(item)
            continue
        if item.stage and item.product:
            items.append(f"{item.stage} ({item.product})")
        elif item.product:
            items.append(f"DRI {item.product}")
        elif item.stage:
            items.append(item.stage)
        if item.function:
            items.append(item.function)
    return list(dict.fromkeys(items))


_KIND_WORDS = {"overlay": "overlay", "owner": "stage owner"}


def seat_kind_text(tree: OrgTree, role_id: str) -> str | None:
    """``"overlay · 0.5 FTE · contractor"``: how the role's seats count, when not plainly."""
    role = tree.roles[role_id]
    words: list[str] = []
    kind = tree.coverage_kind(role_id)
    if kind in _KIND_WORDS:
        words.append(_KIND_WORDS[kind])
    if role.carries is not None:
        carried = role.carries
        words.append(
            f"carries {carried.accounts:,} accounts"
            if carried.accounts is not None
            else f"carries {carried.seats:g} of a seat"
        )
    if role.fte < 1:
        words.append(f"{role.fte:g} FTE")
    if role.employment != "employee":
        words.append(role.employment)
    if role.held_by is not None:
        holder = tree.roles.get(role.held_by)
        words.append(f"held by {clean(holder.title, 30) if holder else role.held_by}")
    if role.central and (tree.parent.get(role_id) not in tree.outside_cs):
        words.append("central team")
    return _SEP.join(words) or None


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
    kind_text = seat_kind_text(tree, role_id)
    if kind_text:
        lines.append(Line(clean(kind_text, 60), SEAT_KIND))
    if role.owns:
        lines.append(Line(clean(owns_text(role), 60), OWNS))
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
        # A name of control characters only cleans to nothing; an empty line is not drawn.
        lines=tuple(line for line in lines if line.text),
        function=function,
        vacant=role.open > 0,
        all_open=role.open > 0 and role.open == role.headcount,
        problem=bool(problems) or unknown is not None,
    )
