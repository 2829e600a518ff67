"""Measure csorg against the floor: whole-process wall time, CPU time and peak memory.

    .venv/bin/python benchmarks/run.py                 # 1k, 10k and 100k roles (about 3 minutes)
    .venv/bin/python benchmarks/run.py --sizes 1000,10000 --no-jsonschema   # quick

For each size it generates an org (benchmarks/generate_org.py), then runs each command in a fresh
process and reads that process's own resource usage (``os.wait4``): wall seconds, user+system CPU
seconds and peak resident memory. The rows:

- ``floor``: a bare ``yaml.compose(text, Loader=yaml.CSafeLoader)`` of the same file, the least any
  YAML tool that knows line numbers can do;
- ``floor, gc off``: the same with the cyclic GC disabled (what csorg does), for reference;
- ``csorg validate --format json``: parse, models and every rule;
- ``csorg report``, ``plan`` and ``diff`` (the file against itself) ``--format json`` and
  ``csorg render --format dot`` when those commands exist;
- ``check-jsonschema --schemafile schemas/csorg.schema.json`` (``pip install -e '.[bench]'``).

Then the startup comparison on a 10-role org (examples/startup.yaml) and a 50-role one against the
stack's own floor (a ``python -c`` that imports typer and yaml and builds and uses one pydantic
model; CPU of alternating runs, as the median of each run's ratio to the floor run beside it),
``render -o x.svg/png/pdf`` of a 12,000-role org end to end, and the time per role of each rule
and of ``build_chart``, in process, so anything worse than linear in roles shows as a growing
number. Ratios are of CPU seconds within this one run (the box may be shared: wall times then
say more about the other processes than about csorg). csorg's bytecode is compiled first, as
``pip install`` does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_org import generate_org  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
CSORG = [str(BIN / "csorg")] if (BIN / "csorg").exists() else [PYTHON, "-m", "csorg_cli"]
FLOOR = (
    "import sys, yaml; yaml.compose(open(sys.argv[1], encoding='utf-8').read(), "
    "Loader=yaml.CSafeLoader)"
)
FLOOR_NO_GC = "import gc; gc.disable(); " + FLOOR
STACK_FLOOR = (
    "import typer, yaml, pydantic\n"
    "class M(pydantic.BaseModel):\n    name: str\n    seats: int = 1\n"
    "m = M.model_validate(yaml.safe_load('name: x\\nseats: 3'))\n"
    "assert m.seats == 3"
)
TARGETS = {
    "floor_ratio_10k": 1.5,
    "seconds_100k": 5.0,
    "memory_mb_100k": 1500.0,
    # issue 19: against the bare C compose with the GC off, at 100k roles
    "compose_ratio_100k": 1.0,
    "compose_memory_ratio_100k": 0.5,
    "startup_ratio": 1.1,  # a 10-role org (examples/startup.yaml) against the stack floor
    "chart_seconds": 10.0,  # render -o x.svg of a 12k-role org, end to end
    "commands_ratio_100k": 1.3,  # plan, report and diff against validate
}
STARTUP_ORG = ROOT / "examples" / "startup.yaml"
CHART_ROLES = 12_000


@dataclass
class Run:
    """One process: its wall and CPU seconds, peak memory and exit status."""

    wall: float
    cpu: float
    max_rss_mb: float
    status: int
    timed_out: bool = False


def measure(argv: list[str], timeout: float) -> Run:
    """Run ``argv`` with its output discarded; read its own rusage with wait4."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "CI": "1"}
    )
    timed_out = False
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            timed_out = True
            break
        time.sleep(0.005)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it is reaped
    return Run(
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        os.waitstatus_to_exitcode(status),
        timed_out,
    )


def compile_package() -> None:
    """Compile csorg's bytecode where it is installed (what ``pip install`` does)."""
    import importlib.util

    spec = importlib.util.find_spec("csorg_cli")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        subprocess.run([PYTHON, "-m", "compileall", "-q", folder], check=True, capture_output=True)


def has_command(name: str) -> bool:
    """Whether this csorg has the command ``name`` (report and render are optional here)."""
    completed = subprocess.run([*CSORG, name, "--help"], capture_output=True, text=True)
    return completed.returncode == 0


def fmt_run(run: Run | None, ratio_to: Run | None = None) -> list[str]:
    if run is None:
        return ["-", "-", "-", "-"]
    if run.timed_out:
        return [f">{run.wall:.0f}", "-", f"{run.max_rss_mb:.0f}", "timeout"]
    ratio = f"{run.cpu / ratio_to.cpu:.2f}x" if ratio_to and ratio_to.cpu else "-"
    return [f"{run.wall:.2f}", f"{run.cpu:.2f}", f"{run.max_rss_mb:.0f}", ratio]


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)) + " |")
    sys.stdout.flush()


def per_rule_times(paths: dict[int, Path]) -> dict[str, dict[int, float]]:
    """Microseconds per role of each rule's ``check``, and of loading, models and the tree."""
    import gc

    from csorg_cli.analysis.tree import OrgTree
    from csorg_cli.loading.org import load_org
    from csorg_cli.model.benchmarks import Benchmarks
    from csorg_cli.model.build import build_org
    from csorg_cli.render.chart import build_chart
    from csorg_cli.rules import RULES
    from csorg_cli.rules.base import RuleContext
    from csorg_cli.rules.engine import RuleConfig

    out: dict[str, dict[int, float]] = {}
    config = RuleConfig()
    gc.disable()
    # A first pass over the smallest org loads the catalogue and benchmarks and warms caches, so
    # that one-time costs do not show as a per-role cost of the smallest size.
    warm_up = min(paths)
    try:
        for size, path in [(warm_up, paths[warm_up]), *list(paths.items())]:

            def timed(label: str, func, *args, repeat: int = 1, size: int = size):
                best = float("inf")
                for _ in range(repeat):  # the best of a few: other processes add noise
                    start = time.perf_counter()
                    value = func(*args)
                    best = min(best, time.perf_counter() - start)
                out.setdefault(label, {})[size] = best * 1e6 / size
                return value

            def build_tree(org):
                tree = OrgTree.build(org)
                for role_id in org.roles:  # the archetypes are computed once, on first use
                    tree.archetype(role_id)
                    break
                return tree

            loaded = timed("(load: read, parse, convert)", load_org, path)
            built = timed("(models: pydantic and consistency)", build_org, loaded)
            tree = timed("(reporting tree and archetypes)", build_tree, built.org)
            roles = built.org.roles
            # What a dict lookup per role costs at this size: caches miss more in a bigger org,
            # so a linear rule's time per role still creeps up; compare each rule with this.
            timed(
                "(reference: a lookup per role)",
                lambda roles=roles: sum(1 for r in roles.values() if r.reports_to in roles),
                repeat=3,
            )
            # The whole chart before Graphviz: one pass to choose its shape, then the DOT.
            timed("(chart: build_chart to DOT)", lambda tree=tree: str(build_chart(tree)))
            ctx = RuleContext(
                org=built.org, tree=tree, loaded=loaded, built=built, benchmarks=Benchmarks.load()
            )
            for spec in RULES.values():
                if spec.check is None or config.severity(spec.name) is None:
                    continue
                timed(
                    spec.name,
                    lambda spec=spec, ctx=ctx: list(spec.check(ctx, config.options(spec))),
                    repeat=3,
                )
            del loaded, built, tree, ctx
            gc.collect()
    finally:
        gc.enable()
    return out


def chain_org(size: int) -> str:
    """An org where every role reports to the previous one: ``size`` layers deep."""
    lines = [
        "csorg: 1",
        "organization: {name: Chain}",
        "segments:",
        "  smb: {accounts: 1000, motion: pooled}",
        "roles:",
        "  r0: {title: Chief Customer Officer}",
    ]
    lines += [
        f"  r{i}: {{title: CS Team Lead, reports_to: r{i - 1}, segment: smb}}"
        for i in range(1, size)
    ]
    return "\n".join(lines) + "\n"


def rule_table(title: str, paths: dict[int, Path]) -> list[str]:
    """Print microseconds per role of each stage and rule; return the rules that grow too fast."""
    sizes = sorted(paths)
    per_rule = per_rule_times(paths)
    header = [f"{title}: us per role"] + [f"{s:,}" for s in sizes] + ["growth"]
    rows = []
    flagged = []
    reference = per_rule["(reference: a lookup per role)"]
    reference_growth = (
        max(reference[sizes[-1]] / reference[sizes[0]], 1.0) if reference[sizes[0]] else 1.0
    )
    for name, by_size in per_rule.items():
        first, last = by_size[sizes[0]], by_size[sizes[-1]]
        growth = last / first if first > 0 else 0.0
        mark = ""
        # Linear work grows about as the reference does (caches miss more in a bigger org); a
        # quadratic rule grows with the size itself. Below a microsecond per role the timer's
        # noise dominates.
        # A quadratic rule's time per role grows with the size itself: flag growth that is both
        # well above the reference's and at least half the ratio of the sizes.
        if growth > max(3 * reference_growth, sizes[-1] / sizes[0] / 2) and last > 2.0:
            mark = "  <- not linear"
            flagged.append(name)
        rows.append([name] + [f"{by_size[s]:.2f}" for s in sizes] + [f"{growth:.1f}x{mark}"])
    print_table(header, rows)
    return flagged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="csorg benchmarks against the floor")
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="roles per generated org, comma-separated"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=150.0,
        help="seconds before a single run is stopped (default 150)",
    )
    parser.add_argument(
        "--no-jsonschema", action="store_true", help="skip check-jsonschema (the slowest row)"
    )
    parser.add_argument(
        "--startup-runs",
        type=int,
        default=21,
        help="runs of each startup command, alternating; the median is shown",
    )
    parser.add_argument("--keep", help="write the generated orgs into this folder")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    # Timed as installed: pip compiles the package's bytecode on install (scripts/bootstrap.sh
    # does for the editable install), and with PYTHONDONTWRITEBYTECODE set a source file changed
    # since then would be compiled again on every run (50 ms of a 170 ms start-up).
    compile_package()
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="csorg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    schema = ROOT / "schemas" / "csorg.schema.json"
    if not schema.exists():
        schema = workdir / "csorg.schema.json"
        subprocess.run([*CSORG, "schema", "-o", str(schema)], check=True)
    jsonschema_bin = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which(
        "check-jsonschema"
    )
    if args.no_jsonschema:
        jsonschema_bin = None

    commands: list[tuple[str, list[str]]] = [
        ("floor: yaml.compose CSafeLoader", [PYTHON, "-c", FLOOR]),
        ("floor, gc off", [PYTHON, "-c", FLOOR_NO_GC]),
        ("csorg validate --format json", [*CSORG, "validate", "--format", "json"]),
    ]
    if has_command("report"):
        commands.append(("csorg report --format json", [*CSORG, "report", "--format", "json"]))
    if has_command("render"):
        commands.append(("csorg render --format dot", [*CSORG, "render", "--format", "dot"]))
    if has_command("plan"):
        commands.append(("csorg plan --format json", [*CSORG, "plan", "--format", "json"]))
    if has_command("diff"):  # the file against itself: both sides loaded and checked
        commands.append(("csorg diff --format json", [*CSORG, "diff", "--format", "json"]))
    if jsonschema_bin:
        commands.append(("check-jsonschema", [jsonschema_bin, "--schemafile", str(schema)]))

    load = os.getloadavg()[0]
    print(
        f"# csorg benchmarks: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load average {load:.2f} at start\n"
    )
    paths: dict[int, Path] = {}
    rows: list[list[str]] = []
    results: dict[tuple[int, str], Run] = {}
    for size in sizes:
        path = workdir / f"org-{size}.yaml"
        path.write_text(generate_org(size), encoding="utf-8")
        paths[size] = path
        floor: Run | None = None
        for label, argv_prefix in commands:
            files = [str(path)] * (2 if label.startswith("csorg diff") else 1)
            run = measure([*argv_prefix, *files], args.timeout)
            results[(size, label)] = run
            if label.startswith("floor:"):
                floor = run
            rows.append([f"{size:,}", label, *fmt_run(run, floor)])
            print(f"  measured {size:,} roles: {label}", file=sys.stderr)
    print_table(["roles", "command", "wall s", "cpu s", "peak MB", "cpu vs floor"], rows)

    # Startup: a 10-role org, median of several runs, against the stack's own floor.
    small = workdir / "org-50.yaml"
    small.write_text(generate_org(50), encoding="utf-8")
    startup: dict[str, list[Run]] = {
        "stack floor (typer+yaml+pydantic)": [],
        "csorg validate, 10 roles": [],
        "csorg validate, 50 roles": [],
    }
    commands_at_startup = {
        "stack floor (typer+yaml+pydantic)": [PYTHON, "-c", STACK_FLOOR],
        "csorg validate, 10 roles": [*CSORG, "validate", str(STARTUP_ORG)],
        "csorg validate, 50 roles": [*CSORG, "validate", str(small)],
    }
    for _ in range(args.startup_runs):  # alternating, so that load changes hit all alike
        for name, command in commands_at_startup.items():
            startup[name].append(measure(command, args.timeout))
    floor_runs = startup["stack floor (typer+yaml+pydantic)"]

    def paired_cpu_ratio(runs: list[Run]) -> float:
        """The median of each run's CPU over the floor run beside it."""
        return statistics.median(
            run.cpu / floor.cpu for run, floor in zip(runs, floor_runs, strict=True)
        )

    print()
    print_table(
        [
            f"startup (median of {args.startup_runs})",
            "wall ms",
            "cpu ms",
            "vs stack floor (cpu, paired)",
        ],
        [
            [
                name,
                f"{statistics.median(run.wall for run in runs) * 1000:.0f}",
                f"{statistics.median(run.cpu for run in runs) * 1000:.0f}",
                f"{paired_cpu_ratio(runs):.2f}x",
            ]
            for name, runs in startup.items()
        ],
    )
    # A chart of a 12k-role org, end to end through Graphviz.
    chart_org = workdir / f"org-{CHART_ROLES}.yaml"
    chart_org.write_text(generate_org(CHART_ROLES), encoding="utf-8")
    charts = {
        suffix: measure(
            [*CSORG, "render", str(chart_org), "-o", str(workdir / f"chart.{suffix}")],
            args.timeout,
        )
        for suffix in ("svg", "png", "pdf")
    }
    print()
    print_table(
        ["chart", "wall s", "cpu s", "peak MB", "-"],
        [
            [f"render -o x.{suffix}, {CHART_ROLES:,} roles", *fmt_run(run)]
            for suffix, run in charts.items()
        ],
    )

    # Time per role of each stage and rule: flat across sizes means linear. The generated orgs
    # are realistic (6-8 layers); a single 30k-long reporting chain is the worst case for any rule
    # that walks up the tree per role.
    print()
    flagged = rule_table("realistic org", paths)
    chains = {}
    for size in (1000, 30000):
        chains[size] = workdir / f"chain-{size}.yaml"
        chains[size].write_text(chain_org(size), encoding="utf-8")
    print()
    flagged += [f"{name} (deep chain)" for name in rule_table("one reporting chain", chains)]

    # Targets, from this one run.
    print("\n## Targets")
    label = "csorg validate --format json"
    if 10000 in sizes:
        ratio = (
            results[(10000, label)].wall / results[(10000, "floor: yaml.compose CSafeLoader")].wall
        )
        print(
            f"- validate within {TARGETS['floor_ratio_10k']}x of the floor at 10k roles: "
            f"{ratio:.2f}x -> {'met' if ratio <= TARGETS['floor_ratio_10k'] else 'NOT met'}"
        )
    if 100000 in sizes:
        run = results[(100000, label)]
        print(
            f"- 100k roles under {TARGETS['seconds_100k']:.0f} s: {run.wall:.2f} s wall "
            f"({run.cpu:.2f} s CPU) -> {'met' if run.wall < TARGETS['seconds_100k'] else 'NOT met'}"
        )
        print(
            f"- 100k roles under {TARGETS['memory_mb_100k']:.0f} MB: {run.max_rss_mb:.0f} MB -> "
            f"{'met' if run.max_rss_mb < TARGETS['memory_mb_100k'] else 'NOT met'}"
        )
    if jsonschema_bin:
        for size in sizes:
            ours, theirs = results[(size, label)], results[(size, "check-jsonschema")]
            print(
                f"- faster than check-jsonschema at {size:,} roles: {ours.wall:.2f} s vs "
                f"{theirs.wall:.2f} s{' (timed out)' if theirs.timed_out else ''} -> "
                f"{'met' if ours.wall < theirs.wall else 'NOT met'}"
            )
    if 100000 in sizes:
        compose = results[(100000, "floor, gc off")]
        run = results[(100000, label)]
        # CPU, not wall: the box is shared, and other processes stretch wall times unevenly.
        ratio, memory = run.cpu / compose.cpu, run.max_rss_mb / compose.max_rss_mb
        print(
            f"- validate at 100k within {TARGETS['compose_ratio_100k']}x of the bare compose with "
            f"the GC off: {ratio:.2f}x CPU ({run.cpu:.2f} s vs {compose.cpu:.2f} s; "
            f"{run.wall / compose.wall:.2f}x wall) -> "
            f"{'met' if ratio <= TARGETS['compose_ratio_100k'] else 'NOT met'}"
        )
        print(
            f"- validate at 100k peak memory within {TARGETS['compose_memory_ratio_100k']}x of "
            f"that compose's: {memory:.2f}x -> "
            f"{'met' if memory <= TARGETS['compose_memory_ratio_100k'] else 'NOT met'}"
        )
        for other in ("report", "plan", "diff"):
            row = results.get((100000, f"csorg {other} --format json"))
            if row is not None:
                ratio = row.cpu / run.cpu
                print(
                    f"- {other} at 100k within {TARGETS['commands_ratio_100k']}x of validate: "
                    f"{ratio:.2f}x CPU ({row.wall / run.wall:.2f}x wall) -> "
                    f"{'met' if ratio <= TARGETS['commands_ratio_100k'] else 'NOT met'}"
                )
    startup_ratio = paired_cpu_ratio(startup["csorg validate, 10 roles"])
    print(
        f"- validate on 10 roles within {TARGETS['startup_ratio']}x of the stack floor (CPU): "
        f"{startup_ratio:.2f}x -> {'met' if startup_ratio <= TARGETS['startup_ratio'] else 'NOT met'}"
    )
    for suffix, chart in charts.items():
        chart_ok = (
            not chart.timed_out and chart.status == 0 and chart.wall < TARGETS["chart_seconds"]
        )
        print(
            f"- render -o x.{suffix} of {CHART_ROLES:,} roles under "
            f"{TARGETS['chart_seconds']:.0f} s: {chart.wall:.2f} s wall -> "
            f"{'met' if chart_ok else 'NOT met'}"
        )
    print(
        f"- every stage and rule linear in roles: "
        f"{'yes' if not flagged else 'NO: ' + ', '.join(flagged)}"
    )
    print(
        f"\nload average at the end: {os.getloadavg()[0]:.2f} (other processes slow wall times; "
        f"the cpu column is what this process used)"
    )
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
