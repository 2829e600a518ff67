"""Coverage seats of a segment do not report to a leader who serves that segment.

A segmented CS org works when each segment has a leader who owns its retention numbers: the
enterprise director leads the enterprise CSMs. When a segment's coverage seats report through a
chain where no manager serves that segment, nobody answers for it, or a leader is judged on
customers their team does not cover. A manager serves a segment when its ``segment:`` says so.

For each coverage role (csm, scaled-csm, digital-success-manager... with a ``segment:``) csorg
looks at the managers above it, on solid lines:

- some manager in the chain serves the role's segment: fine (a team lead without a segment under
  a segment director is fine);
- managers in the chain serve other segments only: reported, naming the nearest one;
- no manager in the chain serves any segment: fine in an org that has no segment leaders at all
  (a small team with one leader over everything is not asked to split), and fine when the team
  reports to the CS leader directly (the leader of the whole CS org serves every segment), but
  reported when other segments have their own leaders and a manager below the CS leader who
  serves no segment leads this one.

The diagnostic is at the coverage role's ``reports_to``.

Bad::

    roles:
      vp-cs: {title: VP Customer Success}
      dir-ent: {title: "Director, Enterprise CS", reports_to: vp-cs, segment: enterprise}
      scaled-smb:
        title: Scaled CSM
        segment: smb
        reports_to: dir-ent          # the enterprise director leads the SMB pool

Good::

    roles:
      vp-cs: {title: VP Customer Success}
      dir-ent: {title: "Director, Enterprise CS", reports_to: vp-cs, segment: enterprise}
      dir-smb: {title: "Director, SMB CS", reports_to: vp-cs, segment: smb}
      scaled-smb:
        title: Scaled CSM
        segment: smb
        reports_to: dir-smb
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "segment-leadership"
SUMMARY = "A segment's coverage seats do not report to a leader who serves that segment."
CATEGORY = "coverage"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions

_NONE: frozenset[str] = frozenset()
# role -> (segments served by the managers above it, the nearest of them that serves one)
_Above = tuple[frozenset[str], str | None]


def leaders_above(tree: OrgTree, role_id: str, memo: dict[str, _Above]) -> _Above:
    """Segments served by the managers above ``role_id``, and the nearest segment leader.

    Memoised over the tree (sets are shared down every chain that adds no segment), so asking
    for every role costs time linear in the roles.
    """
    roles = tree.org.roles
    path: list[str] = []
    seen: set[str] = set()
    node: str | None = role_id
    while node is not None and node not in memo and node not in seen:
        seen.add(node)
        path.append(node)
        node = tree.parent.get(node)
    for current in reversed(path):
        parent = tree.parent.get(current)
        if parent is None:
            memo[current] = (_NONE, None)
            continue
        segments, nearest = memo.get(parent, (_NONE, None))  # absent only on a cycle
        served = roles[parent].segments
        if served:
            nearest = parent
            if not segments.issuperset(served):
                segments = segments | set(served)
        memo[current] = (segments, nearest)
    return memo[role_id]


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at ``reports_to`` of each coverage role led outside its segment."""
    tree = ctx.tree
    roles = ctx.org.roles
    segment_leaders = [
        role_id
        for role_id, role in roles.items()
        if role.segment is not None and tree.is_manager(role_id)
    ]
    if not segment_leaders:
        return
    memo: dict[str, _Above] = {}
    for segment_id, cover in ctx.metrics.coverage.items():
        for role_id in cover.roles:
            segments, nearest = leaders_above(tree, role_id, memo)
            if segment_id in segments:
                continue
            if nearest is None and tree.parent.get(role_id) == tree.cs_leader:
                continue  # the CS leader leads this team directly: it serves every segment
            path = (
                ("roles", role_id, "reports_to")
                if roles[role_id].reports_to
                else ("roles", role_id)
            )
            if nearest is not None:
                message = (
                    f"{role_id!r} covers segment {segment_id!r} but reports to "
                    f"{nearest!r}, who serves {' and '.join(map(repr, roles[nearest].segments))}; "
                    f"no leader in "
                    f"its chain serves {segment_id!r}"
                )
            else:
                leaders = ", ".join(repr(leader) for leader in segment_leaders[:3])
                message = (
                    f"{role_id!r} covers segment {segment_id!r} but no leader in its "
                    f"chain serves it, while other segments have their own leaders "
                    f"({leaders}{' ...' if len(segment_leaders) > 3 else ''})"
                )
            yield Problem(
                path=path,
                message=message,
                hint=f"report to a manager with `segment: {segment_id}`, or set `segment: "
                f"{segment_id}` on the manager who leads this team",
                at_key=len(path) == 2,
            )
