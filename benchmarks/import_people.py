"""How long `csorg import` takes on a large people export, beside the target (3 s for 2,000).

    .venv/bin/python benchmarks/import_people.py                    # 2,000 people, CSV and .xlsx
    .venv/bin/python benchmarks/import_people.py --people 2000,10000 --repeat 3

For each size it writes a BambooHR-style export (a company: a CEO, a CS org of directors,
managers, CSMs by segment and region, onboarding, support, and Sales and Engineering beside it),
then runs `csorg import` in a fresh process (start-up included, as a user sees it) and prints the
best wall time of the repeats, beside the floor: reading the same file with polars alone.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSORG = [sys.executable, "-m", "csorg_cli"]
TARGET_SECONDS = {2000: 3.0}

FIRST = ["Ana", "Ben", "Cai", "Dee", "Eli", "Fay", "Gil", "Hana", "Ivo", "Jo", "Kim", "Lea", "Max"]
LAST = ["Ruiz", "Ode", "Lin", "Park", "Novak", "Moss", "Brandt", "Sato", "Petrov", "Adams", "Cho"]
SEGMENTS = ["Enterprise", "Mid-Market", "SMB"]
REGIONS = ["NA", "EMEA", "APAC"]


def write_export(path: Path, people: int, seed: int = 7) -> None:
    """A BambooHR directory export of ``people`` rows (about 60 % of them in CS)."""
    rng = random.Random(seed)
    rows: list[list[str]] = []

    def add(title: str, department: str, manager: str, segment: str = "", region: str = "") -> str:
        number = len(rows) + 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        # Unique names, as a real company's are (mostly): the row number breaks ties.
        name = f"{first} {last} {number}"
        rows.append(
            [
                str(number),
                name,
                f"{first.lower()}.{number}@acme.example",
                title,
                department,
                manager,
                segment,
                region,
            ]
        )
        return str(number)

    ceo = add("Chief Executive Officer", "Executive", "")
    vp = add("VP Customer Success", "Customer Success", ceo)
    cro = add("Chief Revenue Officer", "Sales", ceo)
    cto = add("Chief Technology Officer", "Engineering", ceo)
    cs_budget = int(people * 0.6)
    teams = [(s, r) for s in SEGMENTS for r in REGIONS]
    directors = {
        s: add(f"Director, {s} Customer Success", "Customer Success", vp, s) for s in SEGMENTS
    }
    support = add("Support Manager", "Customer Support", vp)
    onboarding = add("Onboarding Manager", "Customer Success", vp)
    index = 0
    while len(rows) < cs_budget:
        segment, region = teams[index % len(teams)]
        lead = add("CSM Team Lead", "Customer Success", directors[segment], segment, region)
        for _ in range(8):
            title = (
                "Scaled CSM"
                if segment == "SMB"
                else rng.choice(["Customer Success Manager", "Senior Customer Success Manager"])
            )
            add(title, "Customer Success", lead, segment, region)
        add("Support Engineer", "Customer Support", support)
        add("Onboarding Specialist", "Customer Success", onboarding)
        index += 1
    sales_leads = [add("Sales Director", "Sales", cro) for _ in range(5)]
    eng_leads = [add("Engineering Manager", "Engineering", cto) for _ in range(5)]
    while len(rows) < people:
        if rng.random() < 0.5:
            add("Account Executive", "Sales", rng.choice(sales_leads))
        else:
            add("Software Engineer", "Engineering", rng.choice(eng_leads))
    rng.shuffle(rows)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "id",
                "displayName",
                "workEmail",
                "jobTitle",
                "department",
                "supervisorEId",
                "Segment",
                "Region",
            ]
        )
        writer.writerows(rows[:people])


def best_of(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="2000", help="sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'people':>8}  {'file':<6} {'floor (polars read)':>20} {'csorg import':>13} {'target':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="csorg-import-bench-") as scratch:
        folder = Path(scratch)
        for size in (int(part) for part in args.people.split(",")):
            export = folder / f"people-{size}.csv"
            write_export(export, size)
            xlsx = folder / f"people-{size}.xlsx"
            import openpyxl

            workbook = openpyxl.Workbook(write_only=True)
            sheet = workbook.create_sheet()
            with export.open(encoding="utf-8") as stream:
                for row in csv.reader(stream):
                    sheet.append(row)
            workbook.save(xlsx)
            for source in (export, xlsx):
                floor = best_of(
                    [
                        sys.executable,
                        "-c",
                        "import sys, polars as pl; pl.read_csv(sys.argv[1], infer_schema=False)"
                        if source.suffix == ".csv"
                        else "import sys, openpyxl; list(openpyxl.load_workbook(sys.argv[1]).active.iter_rows(values_only=True))",
                        str(source),
                    ],
                    args.repeat,
                )
                out = folder / f"org-{size}-{source.suffix[1:]}.yaml"
                seconds = best_of(
                    [*CSORG, "import", str(source), "-o", str(out), "--force", "--format", "json"],
                    args.repeat,
                )
                target = TARGET_SECONDS.get(size)
                verdict = (
                    ""
                    if target is None
                    else (f"{target:.1f} s " + ("met" if seconds <= target else "MISSED"))
                )
                print(
                    f"{size:>8}  {source.suffix[1:]:<6} {floor:>18.2f} s {seconds:>11.2f} s {verdict:>8}"
                )
    print(f"(python {sys.version.split()[0]}, {os.cpu_count()} CPUs; best of {args.repeat})")


if __name__ == "__main__":
    main()
