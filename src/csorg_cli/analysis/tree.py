"""The reporting tree of an org, computed once and shared by rules, reports and charts.

Everything here is linear in the number of roles and free of recursion: orgs exported from an HRIS
reach 100k roles, and a reporting cycle must not hang or crash anything that walks the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from csorg_cli.model.catalogue import Archetype, Catalogue, TitleReading, level_rank
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

    def for_org(self, org: OrgFile) -> OrgTree:
        """The tree of ``org``, an edit of this tree's org (a plan's org), built from this one.

        Reporting lines and everything read from them depend on the roles, the organization
        (its CS leader) and the groups alone: when ``org`` holds the very same ones (a plan that
        changed segments only), all of it is shared. Otherwise the lines are resolved again, but
        the titles of the roles it keeps (the same role objects) are not read again: reading
        titles is most of what a tree costs.
        """
        earlier_org = self.org
        if (
            org.roles is earlier_org.roles
            and org.organization is earlier_org.organization
            and org.groups is earlier_org.groups
        ):
            tree = OrgTree(org, self.catalogue, self.parent, self.children, self.roots)
            tree.cycles, tree.layer = self.cycles, self.layer
            shared = {
                key: value for key, value in self.__dict__.items() if key not in tree.__dict__
            }
            tree.__dict__.update(shared)  # the cached readings, coverage kinds, CS org...
            return tree
        tree = OrgTree.build(org, self.catalogue)
        earlier, kept = self.org.roles, self._readings
        tree.__dict__["_readings"] = {
            role_id: kept[role_id] if earlier.get(role_id) is role else self._read(role)
            for role_id, role in org.roles.items()
        }
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
    def _readings(self) -> dict[str, TitleReading | None]:
        read = self._read
        return {role_id: read(role) for role_id, role in self.org.roles.items()}

    def _read(self, role: Role) -> TitleReading | None:
        catalogue = self.catalogue
        if role.type is not None:
            archetype = catalogue.get(role.type)
            return catalogue.read_as(role.title, archetype) if archetype else None
        return catalogue.read(role.title)

    def reading(self, role_id: str) -> TitleReading | None:
        """How the role's title (and ``type``) was read; None for an unknown explicit type."""
        return self._readings.get(role_id)

    def archetype(self, role_id: str) -> Archetype | None:
        """The role's archetype: its explicit ``type``, or the one its title reads as."""
        reading = self._readings.get(role_id)
        return reading.archetype if reading else None

    def coverage_kind(self, role_id: str) -> str:
        """How the role's seats cover its segments' accounts.

        ``primary`` seats divide the accounts (one owner per account); ``overlay`` seats work
        the same accounts beside the owner (a pod); ``owner`` seats own a lifecycle stage or a
        product across the segment, not accounts (a scaled CSM who owns churn mitigation);
        ``none`` is not coverage. The role's own ``coverage:`` wins; else a title that reads as a
        leader's ("Senior Manager, Customer Success"), or a role with a team of its own, carries
        no book (``carries:`` says how much a player-coach does); else a coverage archetype
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
            reading = self._readings.get(role_id)
            archetype = reading.archetype if reading is not None else None
            kind = archetype.coverage_kind if archetype is not None else "none"
            if (
                role.type is None
                and reading is not None
                and (reading.level != "individual" or self.children.get(role_id))
            ):
                kind = "none"  # a leader (by title or with a team) carries no book
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

    def is_coverage(self, role_id: str) -> bool:
        """Whether the role's seats cover accounts in any way (see :meth:`coverage_kind`)."""
        return self.coverage_kind(role_id) != "none"

    def level(self, role_id: str) -> str:
        """The role's level: from its title's seniority words, checked against the tree.

        Someone with reports leads at least a team (manager); a manager whose reports include
        managers leads managers (director), whatever the title says.
        """
        cached = self._levels.get(role_id)
        if cached is not None:
            return cached
        reading = self._readings.get(role_id)
        level = reading.level if reading else "individual"
        children = self.children.get(role_id, ())
        if children and level == "individual":
            level = "manager"
        if level == "manager" and any(self.children.get(child) for child in children):
            level = "director"
        self._levels[role_id] = level
        return level

    @cached_property
    def _levels(self) -> dict[str, str]:
        return {}

    def is_leader(self, role_id: str) -> bool:
        """Director or executive level (after the tree check)."""
        return level_rank(self.level(role_id)) >= level_rank("director")

    # --- the CS org inside the file --------------------------------------------------------

    @cached_property
    def cs_leader(self) -> str | None:
        """The role that leads the Customer Success org: the root of what rules judge.

        ``organization.leader`` when the file names it; otherwise the CS role nearest the top
        (a CEO or CRO above it is outside the CS org): walking down from the root through roles
        outside CS into the branch holding the most CS seats. None when no role is in CS.
        """
        named = getattr(self.org.organization, "leader", None)
        if isinstance(named, str) and named in self.org.roles:
            return named
        cs_seats = self._cs_seats_below
        roots = [root for root in self.roots if cs_seats.get(root, 0) > 0]
        if not roots:
            return None
        node = max(roots, key=lambda root: cs_seats[root])
        seen = {node}
        while not self._in_cs_archetype(node):
            branches = [c for c in self.children.get(node, ()) if cs_seats.get(c, 0) > 0]
            if not branches:
                return None
            node = max(branches, key=lambda child: cs_seats[child])
            if node in seen:
                return None
            seen.add(node)
        return node

    def _in_cs_archetype(self, role_id: str) -> bool:
        archetype = self.archetype(role_id)
        return archetype is None or archetype.in_cs  # an unplaced title: assume CS

    @cached_property
    def _cs_seats_below(self) -> dict[str, int]:
        """CS seats in each role's subtree (itself included); roles on a cycle are left out."""
        roles = self.org.roles
        order = sorted(self.layer, key=lambda role_id: -self.layer[role_id])
        seats: dict[str, int] = {}
        for role_id in order:
            inside = self._in_cs_archetype(role_id) and role_id not in self.outside_cs
            own = roles[role_id].headcount if inside else 0
            seats[role_id] = own + sum(seats.get(c, 0) for c in self.children.get(role_id, ()))
        return seats

    @cached_property
    def cs_roles(self) -> frozenset[str]:
        """The CS leader and every role below it: the org the structure rules judge.

        When no CS leader can be found (no role reads as CS), every role is judged.
        """
        leader = self.cs_leader
        if leader is None:
            return frozenset(self.org.roles) - self.outside_cs
        return frozenset([leader, *self.descendants(leader)]) - self.outside_cs

    def in_cs(self, role_id: str) -> bool:
        return role_id in self.cs_roles

    def cs_layer(self, role_id: str) -> int | None:
        """Layer counted from the CS leader (the leader is 1); None outside the CS org."""
        if role_id not in self.cs_roles or role_id not in self.layer:
            return None
        leader = self.cs_leader
        base = self.layer.get(leader, 1) if leader is not None else 1
        return self.layer[role_id] - base + 1

    @cached_property
    def cs_depth(self) -> int:
        """Layers of the deepest chain below the CS leader (the leader is layer 1)."""
        return max(
            (layer for role_id in self.cs_roles if (layer := self.cs_layer(role_id)) is not None),
            default=0,
        )

    @cached_property
    def cs_seats(self) -> int:
        """Seats of the CS org (the CS leader's tree)."""
        roles = self.org.roles
        return sum(roles[role_id].headcount for role_id in self.cs_roles)

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
