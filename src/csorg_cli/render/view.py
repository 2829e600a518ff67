"""What a chart shows, decided once for every output (Graphviz, Mermaid, text tree).

:func:`select` walks the reporting tree from the drawing roots and applies ``--root`` and
``--depth``. It never loops on a broken org: a role whose manager is unknown is drawn as a root
(with a note), a reporting cycle is entered at its smallest id, and every role is drawn once.
Everything is iterative and linear in the number of roles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Diagnostic, Severity

_ROLE_PATH = re.compile(r"^roles\.([a-z0-9][a-z0-9_-]*)(?:$|[.\[])")


class UnknownRoot(ValueError):
    """``--root`` names a role that is not in the org."""

    def __init__(self, role_id: str, suggestion: str | None) -> None:
        super().__init__(
            f"--root: no role {role_id!r} in this org" + (f"; {suggestion}" if suggestion else "")
        )
        self.role_id = role_id
        self.suggestion = suggestion


@dataclass
class Folded:
    """What ``--depth`` hides below a role: its roles and their seats."""

    roles: int
    seats: int
    open: int


@dataclass
class View:
    """The roles to draw, their drawn children, and what each box should say besides its role."""

    tree: OrgTree
    roots: list[str] = field(default_factory=list)
    children: dict[str, list[str]] = field(default_factory=dict)  # drawn solid lines only
    order: list[str] = field(default_factory=list)  # every drawn role, depth first
    level: dict[str, int] = field(default_factory=dict)
    folded: dict[str, Folded] = field(default_factory=dict)
    # Solid lines that close a reporting cycle: drawn, but never used for layout.
    back_edges: list[tuple[str, str]] = field(default_factory=list)
    unknown_manager: dict[str, str] = field(default_factory=dict)
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)  # below a folded role

    def is_drawn(self, role_id: str) -> bool:
        return role_id in self.level

    def dotted_edges(self) -> list[tuple[str, str]]:
        """(dotted manager, role) for every dotted line between two drawn roles."""
        roles = self.tree.roles
        out: list[tuple[str, str]] = []
        for role_id in self.order:
            for manager in roles[role_id].dotted_to:
                if manager != role_id and manager in self.level:
                    out.append((manager, role_id))
        return out


def role_of_path(path: str) -> str | None:
    """The role a diagnostic path such as ``roles.csm-a.reports_to`` is about."""
    match = _ROLE_PATH.match(path)
    return match.group(1) if match else None


def problems_by_role(
    diagnostics: Iterable[Diagnostic], minimum: Severity = Severity.WARNING
) -> dict[str, list[Diagnostic]]:
    """Diagnostics at or above ``minimum`` grouped by the role they concern."""
    out: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity < minimum:
            continue
        role_id = role_of_path(diagnostic.path)
        if role_id is not None:
            out.setdefault(role_id, []).append(diagnostic)
    return out


def _drawing_roots(tree: OrgTree) -> list[str]:
    roles = tree.roles
    roots = [role_id for role_id in roles if role_id not in tree.parent]
    on_cycle = {cycle[0] for cycle in tree.cycles}
    return roots + [role_id for role_id in roles if role_id in on_cycle]


# The most roles a drawn chart shows before it folds by itself: Graphviz lays out 900 boxes in
# under a second but took 18 s for 2,400 and did not finish in 5 minutes for 7,700, and a page
# of a thousand boxes is already read zoomed in.
PAGE_ROLES = 1000


def page_depth(tree: OrgTree, root: str | None = None, limit: int | None = None) -> int | None:
    """The deepest level down to which the chart (of ``root``'s team, or all) draws at most
    ``limit`` roles; None when everything fits. At least 1: the top is always drawn."""
    limit = PAGE_ROLES if limit is None else limit
    if root is not None and root not in tree.roles:
        return None  # select() reports the unknown root
    levels = select(tree, root=root).level
    if len(levels) <= limit:
        return None
    per_level: dict[int, int] = {}
    for level in levels.values():
        per_level[level] = per_level.get(level, 0) + 1
    depth, drawn = 1, per_level.get(1, 0)
    while drawn + per_level.get(depth + 1, 0) <= limit:
        depth += 1
        drawn += per_level.get(depth, 0)
    return depth


def select(
    tree: OrgTree,
    root: str | None = None,
    depth: int | None = None,
    diagnostics: Iterable[Diagnostic] = (),
) -> View:
    """The part of the org to draw: everything, or the subtree of ``root``, down to ``depth``."""
    from csorg_cli.suggest import did_you_mean

    roles = tree.roles
    if root is not None and root not in roles:
        raise UnknownRoot(root, did_you_mean(root, roles))
    view = View(tree=tree)
    view.problems = problems_by_role(diagnostics)
    starts = [root] if root is not None else _drawing_roots(tree)
    for role_id in starts:
        manager = roles[role_id].reports_to
        if root is None and manager is not None and manager not in roles:
            view.unknown_manager[role_id] = manager
    for start in starts:
        _walk(view, start, depth)
    if root is None:
        # Roles still undrawn would only be a bug upstream; drawing them beats losing them.
        for role_id in roles:
            if role_id not in view.level and role_id not in view.hidden:
                _walk(view, role_id, depth)
    return view


def _walk(view: View, start: str, depth: int | None) -> None:
    tree = view.tree
    if start in view.level:
        return
    view.roots.append(start)
    stack = [(start, 1)]
    while stack:
        role_id, level = stack.pop()
        view.level[role_id] = level
        view.order.append(role_id)
        drawn: list[str] = []
        kids = tree.children.get(role_id, [])
        if depth is not None and level >= depth and kids:
            view.folded[role_id] = _fold(view, role_id)
        else:
            for child in kids:
                if child in view.level:
                    view.back_edges.append((role_id, child))
                else:
                    drawn.append(child)
        view.children[role_id] = drawn
        stack.extend((child, level + 1) for child in reversed(drawn))


def _fold(view: View, role_id: str) -> Folded:
    roles = view.tree.roles
    below = [r for r in view.tree.descendants(role_id) if r not in view.level]
    view.hidden.update(below)
    return Folded(
        roles=len(below),
        seats=sum(roles[r].headcount for r in below),
        open=sum(roles[r].open for r in below),
    )


def placement(view: View) -> dict[str, tuple[str | None, str | None]]:
    """(segment, region) of every drawn role: its own, else the nearest manager's that has one.

    A lead often leaves ``segment:`` to the team below, and a director's region holds for the
    managers under them; grouping and search see the whole chain in its segment and region.
    """
    tree = view.tree
    roles = tree.roles
    out: dict[str, tuple[str | None, str | None]] = {}

    def above(role_id: str) -> tuple[str | None, str | None]:
        # Up the chain to a placed manager (a --root's managers are not drawn); a cycle stops.
        chain: list[str] = []
        seen: set[str] = set()
        node = tree.parent.get(role_id)
        while node is not None and node not in out and node not in seen:
            seen.add(node)
            chain.append(node)
            node = tree.parent.get(node)
        segment, region = out.get(node, (None, None)) if node is not None else (None, None)
        for manager in reversed(chain):
            role = roles[manager]
            segment, region = _first(role.segment) or segment, role.region or region
        return segment, region

    for role_id in view.order:  # managers before their reports
        role = roles[role_id]
        parent = tree.parent.get(role_id)
        up = out[parent] if parent is not None and parent in out else above(role_id)
        out[role_id] = (_first(role.segment) or up[0], role.region or up[1])
    return out


def _first(segment: str | list[str] | None) -> str | None:
    """The segment a role is grouped under: a pool serving several is drawn with the first."""
    return segment[0] if isinstance(segment, list) else segment


def grouping(view: View) -> dict[str, tuple[str | None, str | None]]:
    """(segment, region) for drawing frames: :func:`placement`, then filled in from below.

    A lead without ``segment:`` whose whole team serves one segment is drawn in that segment's
    frame, not outside it with lines crossing the frame's border.
    """
    out = placement(view)
    for role_id in reversed(view.order):  # reports before their managers
        kids = view.children.get(role_id, [])
        if not kids:
            continue
        segment, region = out[role_id]
        below = [out[k] for k in kids]
        if segment is None and len({s for s, _ in below}) == 1:
            segment = below[0][0]
        if region is None and len({r for _, r in below}) == 1:
            region = below[0][1]
        out[role_id] = (segment, region)
    return out
