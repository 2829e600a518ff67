"""The reporting tree of an org, computed once and shared by rules, reports and charts.

Everything here is linear in the number of roles and free of recursion: orgs exported from an HRIS
reach 100k roles, and a reporting cycle must not hang or crash anything that walks the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from csorg_cli.model.catalogue import Archetype, Catalogue
from csorg_cli.model.org import OrgFile, Role


@dataclass
class OrgTree:
    """Reporting lines resolved: parents, children, roots, cycles, layers and spans.

    ``parent`` only holds solid lines to roles that exist; ``cycles`` lists each reporting cycle
    once (its members in reporting order, starting from the smallest id). Roles on a cycle, or
    below one, have no layer.
    """

    org: OrgFile
    catalogue: Catalogue
    parent: dict[str, str] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)
    layer: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, org: OrgFile, catalogue: Catalogue | None = None) -> OrgTree:
        tree = cls(org=org, catalogue=catalogue or Catalogue.load())
        roles = org.roles
        for role_id in roles:
            tree.children[role_id] = []
        for role_id, role in roles.items():
            manager = role.reports_to
            if manager is None:
                tree.roots.append(role_id)
            elif manager in roles:
                tree.parent[role_id] = manager
                tree.children[manager].append(role_id)
        # Layers first: a role reached from a root is on no cycle, so in a sound org the cycle
        # search below has nothing left to walk.
        tree._assign_layers()
        tree._find_cycles()
        return tree

    def _find_cycles(self) -> None:
        # Each role has at most one parent, so following parents from every unvisited role and
        # marking the path finds each cycle exactly once, in linear time.
        state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
        layered = self.layer
        for start in self.org.roles:
            if start in state or start in layered:
                continue
            path: list[str] = []
            node: str | None = start
            while node is not None and node not in state and node not in layered:
                state[node] = 1
                path.append(node)
                node = self.parent.get(node)
            if node is not None and state.get(node) == 1:
                cycle = path[path.index(node) :]
                first = cycle.index(min(cycle))
                self.cycles.append(cycle[first:] + cycle[:first])
            for visited in path:
                state[visited] = 2

    def _assign_layers(self) -> None:
        stack = [(root, 1) for root in reversed(self.roots)]
        while stack:
            role_id, layer = stack.pop()
            self.layer[role_id] = layer
            for child in reversed(self.children[role_id]):
                stack.append((child, layer + 1))

    # --- per-role facts -------------------------------------------------------------------

    @property
    def roles(self) -> dict[str, Role]:
        return self.org.roles

    def span(self, role_id: str) -> int:
        """Span of control: the people who report to the role on solid lines.

        A part-time report is one person to manage; a seat ``held_by`` someone who holds
        another role is not another person.
        """
        roles = self.org.roles
        return sum(roles[child].people_count for child in self.children.get(role_id, ()))

    def is_manager(self, role_id: str) -> bool:
        return bool(self.children.get(role_id))

    @cached_property
    def _archetypes(self) -> dict[str, Archetype | None]:
        result: dict[str, Archetype | None] = {}
        for role_id, role in self.org.roles.items():
            if role.type is not None:
                result[role_id] = self.catalogue.get(role.type)
            else:
                result[role_id] = self.catalogue.infer(role.title)
        return result

    def archetype(self, role_id: str) -> Archetype | None:
        """The role's archetype: its explicit ``type``, or the one its title reads as."""
        return self._archetypes.get(role_id)

    def coverage_kind(self, role_id: str) -> str:
        """How the role's seats cover its segments' accounts.

        ``primary`` seats divide the accounts (one owner per account); ``overlay`` seats work
        the same accounts beside the owner (a pod); ``owner`` seats own a lifecycle stage or a
        product across the segment, not accounts (a scaled CSM who owns churn mitigation);
        ``none`` is not coverage. The role's own ``coverage:`` wins; else a coverage archetype
        whose role owns a stage or product entry is an ``owner``; else the archetype's default.
        """
        return self._coverage_kinds.get(role_id, "none")

    @cached_property
    def _coverage_kinds(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for role_id, role in self.org.roles.items():
            if role.coverage is not None:
                out[role_id] = role.coverage
                continue
            archetype = self._archetypes.get(role_id)
            kind = archetype.coverage_kind if archetype is not None else "none"
            if kind != "none" and (role.owned_stages or role.owned_products):
                kind = "owner"
            out[role_id] = kind
        return out

    @cached_property
    def outside_cs(self) -> frozenset[str]:
        """Roles outside the CS org: not under ``organization.leader`` when one is named, and
        ``central`` teams (with the roles below them)."""
        roles = self.org.roles
        inside: set[str] | None = None
        organization = self.org.organization
        leader = organization.leader if organization is not None else None
        if leader is not None and leader in roles:
            inside = {leader, *self.descendants(leader)}
        outside = set(roles) - inside if inside is not None else set()
        for role_id, role in roles.items():
            if role.central and role_id not in outside:
                outside.add(role_id)
                outside.update(self.descendants(role_id))
        return frozenset(outside)

    @cached_property
    def group_of(self) -> dict[str, str]:
        """Each role's group: its own ``group:``, else its manager's (a group holds teams)."""
        groups = self.org.groups
        out: dict[str, str] = {}
        for role_id in self._top_down():
            role = self.org.roles[role_id]
            if role.group is not None and role.group in groups:
                out[role_id] = role.group
            else:
                parent = self.parent.get(role_id)
                if parent is not None and parent in out:
                    out[role_id] = out[parent]
        return out

    def _top_down(self) -> list[str]:
        """Roles with managers before their reports (roles on cycles last, in file order)."""
        order = sorted(self.layer, key=lambda rid: self.layer[rid])
        return order + [rid for rid in self.org.roles if rid not in self.layer]

    def group_chain(self, group_id: str) -> list[str]:
        """The group and the groups it sits within, innermost first (stops on a loop)."""
        groups = self.org.groups
        out: list[str] = []
        current: str | None = group_id
        while current is not None and current in groups and current not in out:
            out.append(current)
            current = groups[current].within
        return out

    def function(self, role_id: str) -> str | None:
        archetype = self.archetype(role_id)
        return archetype.function if archetype else None

    def chain(self, role_id: str) -> list[str]:
        """The role and its managers up to the root (stops safely on a cycle)."""
        out = [role_id]
        seen = {role_id}
        node = self.parent.get(role_id)
        while node is not None and node not in seen:
            out.append(node)
            seen.add(node)
            node = self.parent.get(node)
        return out

    def descendants(self, role_id: str) -> Iterator[str]:
        """Roles below ``role_id`` on solid lines, depth first, each once."""
        stack = list(reversed(self.children.get(role_id, ())))
        seen = {role_id}
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            yield node
            stack.extend(reversed(self.children.get(node, ())))

    @cached_property
    def depth(self) -> int:
        """Layers of the deepest chain (the root is layer 1); 0 for an org with no roles."""
        return max(self.layer.values(), default=0)

    @cached_property
    def total_seats(self) -> int:
        return sum(role.headcount for role in self.org.roles.values())

    @cached_property
    def total_people(self) -> int:
        """People: seats, less those held by someone counted in another role."""
        return sum(role.people_count for role in self.org.roles.values())

    @cached_property
    def total_fte(self) -> float:
        return sum(role.fte_total for role in self.org.roles.values())

    @cached_property
    def open_seats(self) -> int:
        return sum(role.open for role in self.org.roles.values())
