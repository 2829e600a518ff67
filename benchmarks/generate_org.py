"""Generate a realistic, valid csorg org of a given size, for benchmarks and property tests.

The shape follows what an HRIS export of a real Customer Success organisation looks like: a Chief
Customer Officer; under them Customer Success (split by segment x region into pods), Support,
Onboarding, Renewals and CS Operations. Each pod has a director, managers, team leads and the front
line. The front line is a mix of seat groups (``headcount: 6`` CSMs under one lead, as a planner
writes them) and single-person roles (one role per employee, as an HRIS exports them), with some
vacancies, dotted lines, KPIs and responsibilities, so every rule has real work to do.

    python benchmarks/generate_org.py 10000 -o /tmp/org-10k.yaml
    python benchmarks/generate_org.py 1000 --seed 7 --single-fraction 1.0   # pure HRIS style

The YAML text is written directly (not through ``yaml.dump``) so that generating 100k roles takes
about a second and the output looks hand-written: block style, quoted ratios, comments.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

REGIONS = ("NA", "EMEA", "APAC", "LATAM")
# id, name, motion, ratio (accounts per coverage seat), ARR per account
SEGMENTS = (
    ("enterprise", "Enterprise", "named", 12, 300_000),
    ("mid-market", "Mid-Market", "named", 40, 60_000),
    ("smb", "SMB", "pooled", 150, 10_000),
    ("long-tail", "Long Tail", "digital", 1000, 1_500),
)
# Share of all roles per function; CS is split further into the segment x region pods.
FUNCTIONS = (
    # key, share, IC title, IC type, level titles (lead, manager, senior manager, director...)
    ("cs", 0.60, None, None, None),
    ("support", 0.18, "Support Engineer", "support", "Support"),
    ("onboarding", 0.09, "Onboarding Specialist", "onboarding-specialist", "Onboarding"),
    ("renewals", 0.09, "Renewals Manager", "renewals-manager", "Renewals"),
    ("ops", 0.04, "CS Operations Analyst", "cs-analyst", "CS Operations"),
)
CS_IC = {
    "named": ("Customer Success Manager", "csm"),
    "pooled": ("Scaled CSM", "scaled-csm"),
    "digital": ("Digital Success Manager", "digital-success-manager"),
}
FIRST = (
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Eli",
    "Farah",
    "Gus",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Uma",
    "Viktor",
    "Wen",
    "Xavi",
    "Yara",
    "Zoe",
)
LAST = (
    "Ruiz",
    "Ode",
    "Stein",
    "Patel",
    "Brooks",
    "Khan",
    "Moreno",
    "Lee",
    "Larsen",
    "Okafor",
    "Novak",
    "Silva",
    "Tanaka",
    "Muller",
    "Haddad",
    "Kowalski",
    "Nguyen",
    "Costa",
    "Berg",
    "Adeyemi",
    "Rossi",
    "Dubois",
    "Ivanova",
    "Sato",
    "Walsh",
    "Yilmaz",
)
KPIS = (
    "net-revenue-retention",
    "gross-retention",
    "csat",
    "time-to-value",
    "expansion-arr",
    "health-score",
    "first-response-time",
    "renewal-rate",
)
PRODUCTS = ("analytics", "platform", "integrations")
SPAN = 7  # reports per manager at every level: inside the 5-9 band the benchmarks cite
# The smallest org with every function: a CCO, four function heads, the VP of CS and a lead and
# one front-line role in each of the two CS pods and four other functions.
MIN_ROLES = 20


@dataclass
class RoleOut:
    """One role as it will be written."""

    id: str
    title: str
    type: str | None = None
    reports_to: str | None = None
    segment: str | None = None
    region: str | None = None
    person: str | None = None
    headcount: int = 1
    open: int = 0
    people: list[str] = field(default_factory=list)
    kpis: tuple[str, ...] = ()
    owns: tuple[str, ...] = ()
    dotted_to: tuple[str, ...] = ()


class Generator:
    """Builds the roles of one org; ``single_fraction`` of front-line roles are one person each."""

    def __init__(self, target_roles: int, seed: int, single_fraction: float) -> None:
        if target_roles < MIN_ROLES:
            raise ValueError(
                f"an org of {target_roles} roles: the generator makes {MIN_ROLES} or more"
            )
        self.target = target_roles
        self.seed = seed
        self.rng = random.Random(seed)
        self.single_fraction = single_fraction
        self.roles: list[RoleOut] = []
        self.seats: dict[str, int] = {}  # coverage seats per segment, to size accounts
        self.regions: tuple[str, ...] = REGIONS
        # Each team lead with one of its front-line roles, as the pattern for roles added later.
        self.teams: list[tuple[RoleOut, RoleOut]] = []
        self.line_sizes: dict[str, int] = {}  # front-line roles made under each id prefix

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def add(self, role: RoleOut) -> RoleOut:
        self.roles.append(role)
        return role

    def front_line(
        self,
        prefix: str,
        count: int,
        title: str,
        type_: str,
        segment: str | None,
        region: str | None,
    ) -> list[RoleOut]:
        """``count`` front-line roles: single-person roles and seat groups of 3 to 8 seats."""
        out = []
        self.line_sizes[prefix] = count
        for index in range(count):
            role = RoleOut(
                f"{prefix}-{index + 1:05d}", title, type_, segment=segment, region=region
            )
            if self.rng.random() < self.single_fraction:
                self.fill_single(role)
            else:
                role.headcount = self.rng.randint(3, 8)
                role.open = self.rng.choice((0, 0, 0, 1, 2))
                role.people = [self.name() for _ in range(role.headcount - role.open)]
                role.kpis = tuple(self.rng.sample(KPIS, 2))
            out.append(self.add(role))
        return out

    def fill_single(self, role: RoleOut) -> None:
        """Make ``role`` one person's seat: held, or now and then a vacancy."""
        if self.rng.random() < 0.06:
            role.open = 1  # a vacancy: no holder
        else:
            role.person = self.name()

    def manage(
        self,
        prefix: str,
        reports: list[RoleOut],
        level_titles: list[tuple[str, str]],
        segment: str | None,
        region: str | None,
    ) -> RoleOut:
        """Put managers over ``reports``, SPAN at a time, level by level, up to a single head."""
        level = 0
        current = reports
        while len(current) > 1 or level == 0:
            title, type_ = level_titles[min(level, len(level_titles) - 1)]
            if level >= len(level_titles):  # a very large pod: directors of directors
                title = f"Senior {title}"
            # Spans count seats, so teams are filled by seats, evenly: 5 to 8 seats a manager.
            seats = sum(report.headcount for report in current)
            groups = max(math.ceil(seats / SPAN), 1)
            managers = []
            for group in range(groups):
                managers.append(
                    self.add(
                        RoleOut(
                            f"{prefix}-l{level + 1}-{group + 1:04d}",
                            title,
                            type_,
                            segment=segment,
                            region=region,
                            person=self.name(),
                            kpis=tuple(self.rng.sample(KPIS, 2)),
                        )
                    )
                )
            least_loaded = [(0, group) for group in range(groups)]  # a heap of (seats, team)
            for report in sorted(current, key=lambda r: -r.headcount):
                load, group = heapq.heappop(least_loaded)
                report.reports_to = managers[group].id
                heapq.heappush(least_loaded, (load + report.headcount, group))
            if level == 0:
                for manager in managers:  # team leads are the DRI of a product each
                    manager.owns = (PRODUCTS[self.rng.randrange(len(PRODUCTS))],)
                member = {report.reports_to: report for report in current}
                self.teams += [(lead, member[lead.id]) for lead in managers if lead.id in member]
            current = managers
            level += 1
        return current[0]

    def generate(self) -> list[RoleOut]:
        """Exactly ``target`` roles. Managers are added by seats, not roles, so how many roles a
        front line of a given size brings depends on the seat groups drawn: size the front line
        until the org is at most the target, then add the few roles missing to existing teams."""
        front_total = max(int((self.target - 1) * (1 - 1 / SPAN)), 1)
        # Aim a little under the target: front lines are split between pods in whole roles, so
        # a small step may change nothing; the roles missing then join teams one at a time.
        aim = self.target - self.target // 100
        for _ in range(20):
            made = len(self.build(front_total))
            if made <= self.target and self.target - made <= max(len(self.teams), 1):
                break
            step = (aim - made) * front_total // made  # the roles one front-line role brings
            front_total = max(front_total + (step or (1 if made < aim else -1)), 1)
        if made > self.target:
            raise ValueError(f"cannot make an org of exactly {self.target} roles")
        for index in range(self.target - made):
            lead, member = self.teams[index % len(self.teams)]
            self.join(lead, member)
        return self.roles

    def join(self, lead: RoleOut, member: RoleOut) -> None:
        """One more single-person role in ``lead``'s team, alike ``member``."""
        prefix = member.id.rsplit("-", 1)[0]
        self.line_sizes[prefix] += 1
        role = RoleOut(
            f"{prefix}-{self.line_sizes[prefix]:05d}",
            member.title,
            member.type,
            reports_to=lead.id,
            segment=member.segment,
            region=member.region,
        )
        self.fill_single(role)
        if role.segment:
            self.seats[role.segment] += 1
        self.add(role)

    def build(self, front_total: int) -> list[RoleOut]:
        """The org with about ``front_total`` front-line roles, from a fresh random state."""
        self.rng = random.Random(self.seed)
        self.roles, self.seats, self.teams, self.line_sizes = [], {}, [], {}
        cco = self.add(
            RoleOut(
                "cco",
                "Chief Customer Officer",
                "chief-customer-officer",
                person=self.name(),
                kpis=("net-revenue-retention", "csat"),
            )
        )
        # A small org is one region and fewer segments; a large one spans them all.
        regions = (
            REGIONS[:1] if self.target < 300 else REGIONS[:2] if self.target < 1000 else REGIONS
        )
        segments = SEGMENTS[:2] if self.target < 300 else SEGMENTS
        self.regions = regions
        pods = [(s, r) for s in segments for r in regions]
        for key, share, ic_title, ic_type, area in FUNCTIONS:
            front = max(int(front_total * share), 1)
            if key == "cs":
                vp = self.add(
                    RoleOut(
                        "vp-cs",
                        "VP Customer Success",
                        "vp-customer-success",
                        reports_to=cco.id,
                        person=self.name(),
                        kpis=("gross-retention", "net-revenue-retention"),
                    )
                )
                for (seg_id, _name, motion, _ratio, _arr), region in pods:
                    count = max(front // len(pods), 1)
                    title, type_ = CS_IC[motion]
                    prefix = f"{seg_id}-{region.lower()}"
                    line = self.front_line(f"csm-{prefix}", count, title, type_, seg_id, region)
                    self.seats[seg_id] = self.seats.get(seg_id, 0) + sum(r.headcount for r in line)
                    head = self.manage(
                        prefix,
                        line,
                        [
                            ("CS Team Lead", "csm-team-lead"),
                            ("CS Manager", "csm-team-lead"),
                            ("Director, Customer Success", "cs-director"),
                        ],
                        seg_id,
                        region,
                    )
                    head.reports_to = vp.id
                continue
            head_title = f"Head of {area}" if key != "ops" else "CS Operations Manager"
            vp = self.add(
                RoleOut(f"head-{key}", head_title, None, reports_to=cco.id, person=self.name())
            )
            for region in regions:
                count = max(front // len(regions), 1)
                line = self.front_line(
                    f"{key}-{region.lower()}", count, ic_title, ic_type, None, region
                )
                if key == "renewals":  # renewals work with the segment directors: a matrix line
                    for role in line[::5]:
                        role.dotted_to = ("vp-cs",)
                head = self.manage(
                    f"{key}-{region.lower()}",
                    line,
                    [
                        (f"{area} Team Lead", None),
                        (f"{area} Manager", None),
                        (f"Director, {area}", None),
                    ],
                    None,
                    region,
                )
                head.reports_to = vp.id
        return self.roles


def _q(text: str) -> str:
    """A YAML scalar for ``text``: plain when that is safe, double-quoted otherwise."""
    if text and text[0].isalnum() and not any(c in text for c in ":#,[]{}&*!|>'\"%@`"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_yaml(
    roles: list[RoleOut], seats: dict[str, int], name: str, regions: tuple[str, ...] = REGIONS
) -> str:
    """The org file's text."""
    out = [
        "# yaml-language-server: $schema=../schemas/csorg.schema.json",
        f"# Generated by benchmarks/generate_org.py: {len(roles)} roles.",
        "csorg: 1",
        "organization:",
        f"  name: {_q(name)}",
        "  as_of: 2026-11-01",
        "  currency: USD",
        "",
        "segments:",
    ]
    for seg_id, seg_name, motion, ratio, arr_per_account in SEGMENTS:
        if seg_id not in seats:
            continue
        accounts = max(seats.get(seg_id, 1), 1) * ratio
        out += [
            f"  {seg_id}:",
            f"    name: {seg_name}",
            f"    accounts: {accounts}",
            f"    arr: {accounts * arr_per_account}",
            f"    motion: {motion}",
            f'    ratio: "1:{ratio}"',
            f"    regions: [{', '.join(regions)}]",
        ]
    out += ["", f"products: [{', '.join(PRODUCTS)}]", "", "roles:"]
    for role in roles:
        out.append(f"  {role.id}:")
        out.append(f"    title: {_q(role.title)}")
        if role.type:
            out.append(f"    type: {role.type}")
        if role.reports_to:
            out.append(f"    reports_to: {role.reports_to}")
        if role.dotted_to:
            out.append(f"    dotted_to: [{', '.join(role.dotted_to)}]")
        if role.segment:
            out.append(f"    segment: {role.segment}")
        if role.region:
            out.append(f"    region: {role.region}")
        if role.headcount != 1:
            out.append(f"    headcount: {role.headcount}")
        if role.open:
            out.append(f"    open: {role.open}")
        if role.person:
            out.append(f"    person: {_q(role.person)}")
        if role.people:
            out.append(f"    people: [{', '.join(_q(p) for p in role.people)}]")
        if role.kpis:
            out.append(f"    kpis: [{', '.join(role.kpis)}]")
        if role.owns:
            out.append(f"    owns: [{', '.join(role.owns)}]")
    return "\n".join(out) + "\n"


def generate_org(
    roles: int,
    seed: int = 1,
    single_fraction: float = 0.7,
    name: str = "Globex Customer Organisation",
) -> str:
    """The YAML text of a valid org (no errors) with exactly ``roles`` roles."""
    generator = Generator(roles, seed, single_fraction)
    generated = generator.generate()
    return render_yaml(generated, generator.seats, name, generator.regions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roles", type=int, help=f"how many roles (at least {MIN_ROLES})")
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--single-fraction",
        type=float,
        default=0.7,
        help="share of front-line roles that are one person (HRIS style); the "
        "rest are seat groups (default 0.7)",
    )
    args = parser.parse_args(argv)
    if args.roles < MIN_ROLES:
        parser.error(f"roles: the generator makes orgs of {MIN_ROLES} roles or more")
    text = generate_org(args.roles, args.seed, args.single_fraction)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
