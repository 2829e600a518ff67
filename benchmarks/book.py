"""Measure the book of business at scale against the floor: a bare read of the same file.

    .venv/bin/python benchmarks/book.py                        # 1,000,000 accounts, 500 CSMs
    .venv/bin/python benchmarks/book.py --accounts 100000 --csms 100   # quick

Generates an org (3 segments x 3 regions, CSMs under team leads, EMEA CSMs with languages, 20 of
them leaving and 30 new hires with empty books) and a Pareto-skewed accounts CSV (1% unowned, a
few in the wrong segment, effort-point weights, languages, 3% in a language their CSM lacks),
then runs each command in a fresh process and reads that process's own resource usage
(``os.wait4``): wall seconds, user+system CPU seconds, peak resident memory. Rows:

- ``floor: polars.read_csv``: a bare read of the accounts file by the same library, every cell as
  text (what csorg reads), the least any tool that reads the file can do;
- ``csorg validate --format json``: the org, the book and every rule;
- ``csorg book --format json``;
- ``csorg rebalance --format json`` with the leavers and new hires: by count and weight (the
  default with a weight column), ``--balance count``, and ``--objective arr``.

Targets (issue 15): validate under 5 s, rebalance under 10 s, memory under 2 GB, on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
BIN = Path(PYTHON).parent
CSORG = [str(BIN / "csorg")] if (BIN / "csorg").exists() else [PYTHON, "-m", "csorg_cli"]
SEGMENTS = {"enterprise": (12, 250_000), "mid-market": (60, 40_000), "smb": (400, 5_000)}
REGIONS = ("NA", "EMEA", "APAC")
TARGETS = {"validate": 5.0, "rebalance": 10.0, "memory_mb": 2000.0}


def generate(folder: Path, accounts: int, csms: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """Write org.yaml and accounts.csv; return the leavers and the new hires."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    lines = [
        "csorg: 1",
        "organization: {name: Benchmark CS, as_of: 2026-12-01}",
        "segments:",
    ]
    share = {"enterprise": 0.05, "mid-market": 0.25, "smb": 0.70}
    per_class = max(csms // (len(SEGMENTS) * len(REGIONS)), 1)
    for segment in SEGMENTS:
        # The ratio the book needs once the leavers are gone: a plan can reach every band.
        seats = per_class * len(REGIONS) - (20 + 30 / 2) / len(SEGMENTS)
        ratio = -(-int(accounts * share[segment]) // int(seats))
        lines.append(
            f"  {segment}: {{accounts: {int(accounts * share[segment])}, motion: named, "
            f'ratio: "1:{ratio}"}}'
        )
    lines += ["accounts: accounts.csv", "roles:", "  vp: {title: VP Customer Success}"]
    people: list[tuple[str, str, str]] = []
    classes = [(s, r) for s in SEGMENTS for r in REGIONS]
    for segment, region in classes:
        lead = f"lead-{segment}-{region.lower()}"
        lines.append(
            f"  {lead}: {{title: CSM Team Lead, reports_to: vp, segment: {segment}, "
            f"region: {region}}}"
        )
        names = [f"CSM {segment} {region} {i}" for i in range(per_class)]
        people += [(n, segment, region) for n in names]
        lines.append(
            f"  csm-{segment}-{region.lower()}: {{title: Customer Success Manager, "
            f"reports_to: {lead}, segment: {segment}, region: {region}, "
            f"headcount: {per_class}, people: [{', '.join(names)}]{_languages(names, region)}}}"
        )
    (folder / "org.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    order = rng.permutation(len(people))
    leavers = [people[i][0] for i in order[:20]]
    hires = [people[i][0] for i in order[20:50]]
    staying = [p for p in people if p[0] not in set(hires)]
    # Pareto-skewed books among those who have one; new hires start empty.
    segments = rng.choice(list(share), size=accounts, p=list(share.values())).astype(object)
    owner_names = np.empty(accounts, dtype=object)
    regions = np.empty(accounts, dtype=object)
    # Each region holds its share of the segment's accounts (a plan can reach every band);
    # within a region, books are Pareto-skewed.
    regions[:] = rng.choice(list(REGIONS), size=accounts)
    for segment, region in classes:
        pool = [p for p in staying if p[1] == segment and p[2] == region]
        weights = rng.pareto(1.5, len(pool)) + 1
        mask = (segments == segment) & (regions == region)
        chosen = rng.choice(len(pool), size=int(mask.sum()), p=weights / weights.sum())
        owner_names[mask] = np.array([p[0] for p in pool], dtype=object)[chosen]
    base = np.array([SEGMENTS[s][1] for s in segments])
    arr = np.round(base * rng.lognormal(0, 0.5, accounts), 2)
    unowned = rng.random(accounts) < 0.01
    owner_names[unowned] = ""
    wrong = rng.random(accounts) < 0.002
    segments[wrong] = "smb"
    # Workload weights: effort points, heavier for larger segments (1, 2, 3, 5 or 8).
    effort = {"enterprise": [0.1, 0.2, 0.3, 0.25, 0.15], "mid-market": [0.3, 0.35, 0.2, 0.1, 0.05]}
    weight = np.ones(accounts, dtype=np.int64)
    for segment, p in effort.items():
        mask = segments == segment
        weight[mask] = rng.choice([1, 2, 3, 5, 8], size=int(mask.sum()), p=p)
    # EMEA accounts are served in English or their CSM's second language, a few in another one
    # (those are findings and must move); the others in English.
    second = {
        name: ("de", "fr", "es")[i % 3]
        for segment, region in classes
        if region == "EMEA"
        for i, name in enumerate(f"CSM {segment} {region} {i}" for i in range(per_class))
    }
    owner_second = np.array([second.get(name, "en") for name in owner_names], dtype=object)
    draw = rng.random(accounts)
    language = np.where(
        regions == "EMEA",
        np.where(draw < 0.5, owner_second, np.where(draw < 0.97, "en", "de")),
        "en",
    ).astype(object)
    renewal = np.datetime64("2026-12-01") + rng.integers(0, 365, accounts).astype("timedelta64[D]")
    pl.DataFrame(
        {
            "account_id": [f"A{n:07d}" for n in range(accounts)],
            "account_name": [f"Customer {n}" for n in range(accounts)],
            "owner": owner_names.tolist(),
            "segment": segments.tolist(),
            "region": regions.tolist(),
            "arr": arr,
            "renewal_date": renewal,
            "weight": weight,
            "language": language.tolist(),
        }
    ).write_csv(folder / "accounts.csv")
    return leavers, hires


def _languages(names: list[str], region: str) -> str:
    """EMEA CSMs speak English and one of German, French or Spanish; the others say nothing."""
    if region != "EMEA":
        return ""
    second = ("de", "fr", "es")
    spoken = ", ".join(f"{name}: [en, {second[i % 3]}]" for i, name in enumerate(names))
    return f", languages: {{{spoken}}}"


def measure(command: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak memory (MB) and exit status of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--csms", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        leavers, hires = generate(folder, args.accounts, args.csms)
        size = (folder / "accounts.csv").stat().st_size / 1e6
        org = str(folder / "org.yaml")
        people = [a for leaver in leavers for a in ("--leaver", leaver)]
        people += [a for hire in hires for a in ("--new-hire", f"{hire}=0.5")]
        rows = [
            (
                "floor: polars.read_csv (text cells)",
                [
                    PYTHON,
                    "-c",
                    "import sys, polars as pl; pl.read_csv(sys.argv[1], infer_schema=False)",
                    str(folder / "accounts.csv"),
                ],
            ),
            ("csorg validate --format json", [*CSORG, "validate", org, "--format", "json"]),
            ("csorg book --format json", [*CSORG, "book", org, "--format", "json"]),
            (
                "csorg rebalance (count and weight)",
                [*CSORG, "rebalance", org, "-f", "json", *people],
            ),
            (
                "csorg rebalance --balance count",
                [*CSORG, "rebalance", org, "-f", "json", "--balance", "count", *people],
            ),
            (
                "csorg rebalance --objective arr",
                [*CSORG, "rebalance", org, "-f", "json", "--objective", "arr", *people],
            ),
        ]
        print(
            f"{args.accounts:,} accounts ({size:.0f} MB CSV), {args.csms} CSMs, "
            f"{len(leavers)} leavers, {len(hires)} new hires; best of {args.runs}"
        )
        print(f"{'command':<36} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'exit':>5}")
        for label, command in rows:
            best = min((measure(command) for _ in range(args.runs)), key=lambda r: r[0])
            wall, cpu, memory, code = best
            print(f"{label:<36} {wall:>8.2f} {cpu:>8.2f} {memory:>8.0f} {code:>5}")
    print(
        f"targets: validate < {TARGETS['validate']} s, rebalance < {TARGETS['rebalance']} s, "
        f"memory < {TARGETS['memory_mb']:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
