"""csorg rebalance: every plan respects capacity, eligibility and the freeze list, and on small
random books no valid plan needs fewer moves (checked by brute force over every assignment)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from csorg_cli.book.rebalance import Policy, rebalance
from csorg_cli.checking import check_file
from csorg_cli.cli.app import app

SEGMENTS = {"ent": 2, "smb": 3}  # segment -> ratio


def write_book(folder: Path, seats, accounts, weights=None, languages=None) -> None:
    """seats: [(segment, region)], accounts: [(segment, region, owner index or None, frozen)];
    ``weights``: one workload weight per account (a weight column), or None (no column);
    ``languages``: (each seat's languages or None, each account's language or None)."""
    seat_languages, account_languages = languages or ([None] * len(seats), None)
    lines = [
        "csorg: 1",
        "organization: {name: Acme, as_of: 2026-12-01}",
        "segments:",
        *(f'  {s}: {{accounts: 1, motion: named, ratio: "1:{r}"}}' for s, r in SEGMENTS.items()),
        "accounts: accounts.csv",
        "roles:",
        "  vp: {title: VP Customer Success}",
    ]
    for i, (segment, region) in enumerate(seats):
        region_text = f", region: {region}" if region else ""
        if seat_languages[i] is not None:
            region_text += f", languages: [{', '.join(seat_languages[i])}]"
        lines.append(
            f"  csm-{i}: {{title: Customer Success Manager, reports_to: vp, segment: {segment}"
            f"{region_text}, person: P{i}}}"
        )
    (folder / "org.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["account_id", "owner", "segment", "region", "arr", "do_not_move"]
    header += ["weight"] if weights is not None else []
    writer.writerow(header + (["language"] if account_languages is not None else []))
    for n, (segment, region, owner, frozen) in enumerate(accounts):
        writer.writerow(
            [
                f"a{n}",
                "" if owner is None else f"P{owner}",
                segment,
                region or "",
                1000 + n,
                "yes" if frozen else "",
            ]
            + ([weights[n]] if weights is not None else [])
            + ([account_languages[n] or ""] if account_languages is not None else [])
        )
    (folder / "accounts.csv").write_text(buffer.getvalue(), encoding="utf-8")


def eligible(seat, account) -> bool:
    segment, region = seat
    return segment == account[0] and (region is None or account[1] is None or region == account[1])


def brute_force(seats, accounts, bands, leavers):
    """Min (distance from the bands, moves) over every assignment the rules allow."""
    options = []
    for segment, region, owner, frozen in accounts:
        if frozen:
            options.append([owner])
            continue
        allowed = [
            i
            for i, seat in enumerate(seats)
            if f"P{i}" not in leavers and eligible(seat, (segment, region))
        ]
        # Nowhere to go: it stays with its owner (or stays unowned), for a person to decide.
        options.append(allowed or [owner])
    best = None
    for choice in itertools.product(*options):
        loads = [0] * len(seats)
        moves = 0
        for (_, _, owner, _), to in zip(accounts, choice, strict=True):
            if to is not None:
                loads[to] += 1
            if to != owner:
                moves += 1
        distance = sum(
            max(0, loads[i] - high) + max(0, low - loads[i]) for i, (low, high) in bands.items()
        )
        if best is None or (distance, moves) < best:
            best = (distance, moves)
    return best


seat_strategy = st.tuples(st.sampled_from(list(SEGMENTS)), st.sampled_from([None, "NA", "EU"]))


@st.composite
def books(draw):
    seats = draw(st.lists(seat_strategy, min_size=1, max_size=3))
    account = st.tuples(
        st.sampled_from(list(SEGMENTS)),
        st.sampled_from([None, "NA", "EU"]),
        st.one_of(st.none(), st.integers(0, len(seats) - 1)),
        st.booleans(),
    )
    accounts = draw(st.lists(account, min_size=0, max_size=6))
    leavers = draw(st.sets(st.sampled_from([f"P{i}" for i in range(len(seats))]), max_size=1))
    tolerance = draw(st.sampled_from([0.0, 0.5]))
    return seats, accounts, leavers, tolerance


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_plans_respect_the_rules_and_need_no_more_moves_than_any_valid_plan(case):
    seats, accounts, leavers, tolerance = case
    with tempfile.TemporaryDirectory() as folder:
        write_book(Path(folder), seats, accounts)
        result = check_file(Path(folder) / "org.yaml", "org.yaml")
        book = result.book
        assert book is not None
        policy = Policy(tolerance=tolerance, leavers=frozenset(leavers), as_of=date(2026, 12, 1))
        plan = rebalance(book, SEGMENTS, policy)

    assert plan.optimal
    moved = [int(m.account[1:]) for m in plan.moves]
    assert len(moved) == len(set(moved)), "an account moves at most once"
    final = {n: owner for n, (_, _, owner, _) in enumerate(accounts)}
    for move in plan.moves:
        n = int(move.account[1:])
        segment, region, owner, frozen = accounts[n]
        assert not frozen, "a frozen account never moves"
        destination = int(move.destination[1:])
        assert move.destination not in leavers, "nothing moves to a leaver"
        assert eligible(seats[destination], (segment, region)), "only to an eligible seat"
        final[n] = destination
    loads = [0] * len(seats)
    for owner in final.values():
        if owner is not None:
            loads[owner] += 1
    bands = {i: (load.band.low, load.band.high) for i, load in enumerate(plan.loads) if load.band}
    assert [load.after for load in plan.loads] == loads
    distance = sum(max(0, loads[i] - hi) + max(0, lo - loads[i]) for i, (lo, hi) in bands.items())
    assert distance == plan.violation
    if plan.violation == 0:
        assert all(lo <= loads[i] <= hi for i, (lo, hi) in bands.items()), "capacity"
    moves = sum(1 for n, (_, _, owner, _) in enumerate(accounts) if final[n] != owner)
    assert (plan.violation, moves) == brute_force(seats, accounts, bands, leavers)


def test_a_leavers_book_goes_to_eligible_seats_and_a_new_hire_gets_a_ramped_floor(tmp_path):
    seats = [("ent", "NA"), ("ent", "NA"), ("ent", None)]
    accounts = [("ent", "NA", 0, False)] * 3 + [("ent", "NA", 1, False)] * 3
    write_book(tmp_path, seats, accounts)
    result = CliRunner().invoke(
        app,
        [
            "rebalance",
            str(tmp_path / "org.yaml"),
            "--leaver",
            "P0",
            "--new-hire",
            "P2=0.5",
            "--tolerance",
            "0",
            "--format",
            "json",
            "--moves",
            str(tmp_path / "moves.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    after = {seat["seat"]: seat["accounts_after"] for seat in data["seats"]}
    assert after["P0"] == 0 and sum(after.values()) == 6
    # Three seats' worth of bands (2, 2 and 1) for six accounts: 3 stay outside, with 3 moves.
    assert data["summary"]["outside_band_after"] == 3 and data["summary"]["moves"] == 3
    assert data["seats"][2]["band"] == [1, 1]  # ratio 2 x ramp 0.5
    rows = list(csv.DictReader((tmp_path / "moves.csv").open(encoding="utf-8")))
    assert {row["from"] for row in rows} <= {"P0", "P1"}
    assert all(row["to"] in ("P1", "P2") for row in rows)
    # The user's data is never changed.
    assert "P0" in (tmp_path / "accounts.csv").read_text(encoding="utf-8")


def test_freeze_by_renewal_keeps_accounts_in_place(tmp_path):
    write_book(tmp_path, [("ent", None), ("ent", None)], [("ent", None, 0, False)] * 4)
    text = (tmp_path / "accounts.csv").read_text(encoding="utf-8").splitlines()
    text[0] += ",renewal_date"
    text[1:] = [line + ",2026-12-20" for line in text[1:]]
    (tmp_path / "accounts.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["rebalance", str(tmp_path / "org.yaml"), "--freeze-renewal-days", "60", "-f", "json"],
    )
    data = json.loads(result.stdout)
    assert data["summary"]["moves"] == 0 and data["summary"]["frozen"] == 4


def test_a_freeze_window_past_the_last_date_freezes_every_renewal(tmp_path):
    # A renewal window that ends after year 9999 cannot be a date: it ends on the last day.
    write_book(tmp_path, [("ent", None), ("ent", None)], [("ent", None, 0, False)] * 4)
    text = (tmp_path / "accounts.csv").read_text(encoding="utf-8").splitlines()
    text[0] += ",renewal_date"
    text[1:] = [line + ",9999-12-20" for line in text[1:]]
    (tmp_path / "accounts.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    org = str(tmp_path / "org.yaml")
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["rebalance", org, "--freeze-renewal-days", "60", "--as-of", "9999-12-01", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["frozen"] == 4
    # The renewals due in the quarter after an org's as_of date, in its last year.
    org_text = (tmp_path / "org.yaml").read_text(encoding="utf-8")
    (tmp_path / "org.yaml").write_text(
        org_text.replace("as_of: 2026-12-01", "as_of: 9999-12-31"), encoding="utf-8"
    )
    book = runner.invoke(app, ["book", org, "-f", "json"])
    assert book.exit_code in (0, 1) and "internal error" not in book.output, book.output
    too_far = runner.invoke(app, ["rebalance", org, "--freeze-renewal-days", "10" * 10])
    assert too_far.exit_code == 2 and "36500" in too_far.output.replace("\n", " ")


def test_least_arr_moved_picks_the_cheapest_accounts(tmp_path):
    write_book(tmp_path, [("ent", None), ("ent", None)], [("ent", None, 0, False)] * 4)
    result = CliRunner().invoke(
        app, ["rebalance", str(tmp_path / "org.yaml"), "--objective", "arr", "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert sorted(m["account_id"] for m in data["moves"]) == ["a0", "a1"]  # ARR 1000 and 1001


def test_unknown_leaver_or_bad_ramp_is_a_one_line_error(tmp_path):
    write_book(tmp_path, [("ent", None)], [("ent", None, 0, False)])
    runner = CliRunner()
    unknown = runner.invoke(app, ["rebalance", str(tmp_path / "org.yaml"), "--leaver", "Nobody"])
    assert unknown.exit_code == 2 and "'Nobody' is not a seat" in unknown.stderr
    ramp = runner.invoke(app, ["rebalance", str(tmp_path / "org.yaml"), "--new-hire", "P0=2"])
    assert ramp.exit_code == 2 and "--new-hire takes SEAT=RAMP" in ramp.stderr


def test_the_moves_file_never_overwrites_the_accounts_file(tmp_path):
    write_book(tmp_path, [("ent", None)], [("ent", None, 0, False)])
    before = (tmp_path / "accounts.csv").read_bytes()
    result = CliRunner().invoke(
        app,
        ["rebalance", str(tmp_path / "org.yaml"), "--moves", str(tmp_path / "accounts.csv")],
    )
    assert result.exit_code == 2
    assert (tmp_path / "accounts.csv").read_bytes() == before


def test_the_example_book_rebalances_as_the_readme_shows():
    example = Path(__file__).resolve().parents[2] / "examples" / "book-of-business.yaml"
    result = CliRunner().invoke(
        app,
        [
            "rebalance",
            str(example),
            "--leaver",
            "Ben Ode",
            "--new-hire",
            "Zoe Park=0.5",
            "--new-hire",
            "Liam Chen=0.5",
            "--freeze-renewal-days",
            "45",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    outside = [s["seat"] for s in data["seats"] if not s["within_band"]]
    assert outside == ["Ben Ode"]  # only the leaver's frozen accounts stay, for a decision
    assert data["summary"]["moves"] == 144 and len(data["blocked"]) == 4
    # By count and by workload weight (the file has Effort Points), proved optimal.
    assert data["policy"]["balance"] == "both" and data["summary"]["optimal"] is True


def test_an_account_moves_only_to_a_seat_that_speaks_its_language(tmp_path):
    write_book(tmp_path, [("ent", None)] * 3, [("ent", None, 0, False)] * 4)
    org = (tmp_path / "org.yaml").read_text(encoding="utf-8")
    org = org.replace("person: P1}", "person: P1, languages: [en]}")
    org = org.replace("person: P2}", "person: P2, languages: [German]}")
    (tmp_path / "org.yaml").write_text(org, encoding="utf-8")
    text = (tmp_path / "accounts.csv").read_text(encoding="utf-8").splitlines()
    text[0] += ",language"
    text[1:] = [line + ",de" for line in text[1:]]
    (tmp_path / "accounts.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["rebalance", str(tmp_path / "org.yaml"), "--tolerance", "0", "-f", "json"]
    )
    data = json.loads(result.stdout)
    # Four German accounts over three seats at 1:2: two move, only to P2 (P1 speaks English).
    assert {m["to"] for m in data["moves"]} == {"P2"} and len(data["moves"]) == 2


def weighted_distance(counts, weights, bands, mean_weight, balance) -> float:
    """Accounts outside the count bands plus weight outside the weight bands in mean weights."""
    distance = 0.0
    for i, (low, high, weight_low, weight_high) in bands.items():
        if balance in ("count", "both"):
            distance += max(0, counts[i] - high) + max(0, low - counts[i])
        if balance in ("weight", "both"):
            outside = max(0.0, weights[i] - weight_high) + max(0.0, weight_low - weights[i])
            distance += outside / mean_weight
    return distance


def speaks(seat_languages, language) -> bool:
    return seat_languages is None or language is None or language in seat_languages


def weighted_brute_force(
    seats, accounts, weights, bands, leavers, mean_weight, balance, languages=None
):
    """Min (distance, moves) over every assignment the rules allow, by count and weight."""
    seat_languages, account_languages = languages or ([None] * len(seats), [None] * len(accounts))
    options = []
    for n, (segment, region, owner, frozen) in enumerate(accounts):
        allowed = [
            i
            for i, seat in enumerate(seats)
            if f"P{i}" not in leavers
            and eligible(seat, (segment, region))
            and speaks(seat_languages[i], account_languages[n])
        ]
        options.append([owner] if frozen else allowed or [owner])
    best = None
    for choice in itertools.product(*options):
        counts = [0] * len(seats)
        loads = [0.0] * len(seats)
        for n, to in enumerate(choice):
            if to is not None:
                counts[to] += 1
                loads[to] += weights[n]
        moves = sum(1 for (_, _, owner, _), to in zip(accounts, choice, strict=True) if to != owner)
        distance = weighted_distance(counts, loads, bands, mean_weight, balance)
        if (
            best is None
            or distance < best[0] - 1e-9
            or (distance <= best[0] + 1e-9 and moves < best[1])
        ):
            best = (distance, moves)
    return best


@st.composite
def weighted_books(draw):
    seats, accounts, leavers, tolerance = draw(books())
    weights = draw(st.lists(st.sampled_from([1, 2, 3, 5]), min_size=6, max_size=6))
    balance = draw(st.sampled_from(["count", "weight", "both"]))
    spoken = st.sampled_from([None, ("en",), ("de",), ("en", "de")])
    seat_languages = draw(st.lists(spoken, min_size=len(seats), max_size=len(seats)))
    account_languages = draw(st.lists(st.sampled_from([None, "en", "de"]), min_size=5, max_size=5))
    accounts = accounts[:5]
    languages = (seat_languages, account_languages[: len(accounts)])
    return seats, accounts, weights[: len(accounts)], leavers, tolerance, balance, languages


def plan_weighted(case, balance: str | None = None):
    """The plan of a drawn weighted book (``balance`` overrides the drawn one)."""
    seats, accounts, weights, leavers, tolerance, drawn, languages = case
    with tempfile.TemporaryDirectory() as folder:
        write_book(Path(folder), seats, accounts, weights, languages)
        book = check_file(Path(folder) / "org.yaml", "org.yaml").book
        assert book is not None
        policy = Policy(
            tolerance=tolerance,
            leavers=frozenset(leavers),
            as_of=date(2026, 12, 1),
            balance=balance or drawn,
        )
        return rebalance(book, SEGMENTS, policy)


def final_owners(case, plan) -> dict[int, int | None]:
    """Each account's owner after the plan, checking every move on the way: never a frozen
    account, never to a leaver, only to a seat of its segment and region that speaks its language."""
    seats, accounts, weights, leavers, _, _, languages = case
    final = {n: owner for n, (_, _, owner, _) in enumerate(accounts)}
    for move in plan.moves:
        n = int(move.account[1:])
        segment, region, _, frozen = accounts[n]
        assert not frozen, "a frozen account never moves"
        assert move.destination not in leavers, "nothing moves to a leaver"
        destination = int(move.destination[1:])
        assert eligible(seats[destination], (segment, region)), "only to an eligible seat"
        assert speaks(languages[0][destination], languages[1][n]), "only to a seat that speaks it"
        assert move.weight == weights[n]
        final[n] = destination
    return final


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weighted_books())
def test_weighted_plans_respect_both_bands_and_need_no_more_moves_than_any_valid_plan(case):
    seats, accounts, weights, leavers, _, balance, languages = case
    plan = plan_weighted(case)
    assert plan.optimal and plan.balance == balance
    final = final_owners(case, plan)
    counts = [0] * len(seats)
    loads = [0.0] * len(seats)
    for n, owner in final.items():
        if owner is not None:
            counts[owner] += 1
            loads[owner] += weights[n]
    assert [load.after for load in plan.loads] == counts, "count capacity as the plan says"
    assert [load.weight_after for load in plan.loads] == pytest.approx(loads)
    bands = {
        i: (
            load.band.low,
            load.band.high,
            load.band.weight_low if load.band.weight_low is not None else 0.0,
            load.band.weight_high if load.band.weight_high is not None else math.inf,
        )
        for i, load in enumerate(plan.loads)
        if load.band
    }
    if balance != "count":
        assert all(b[3] != math.inf for b in bands.values()), "a weight band for every seat"
    for i, load in enumerate(plan.loads):
        if load.within and i in bands:
            low, high, weight_low, weight_high = bands[i]
            if balance != "weight":
                assert low <= counts[i] <= high, "count band"
            assert weight_low - 1e-6 <= loads[i] <= weight_high + 1e-6, "weight band"
    mean_weight = sum(weights) / len(weights) if weights else 1.0
    distance = weighted_distance(counts, loads, bands, mean_weight, balance)
    moves = sum(1 for n, (_, _, owner, _) in enumerate(accounts) if final[n] != owner)
    best = weighted_brute_force(
        seats, accounts, weights, bands, leavers, mean_weight, balance, languages
    )
    assert distance == pytest.approx(best[0], abs=1e-6)
    assert moves == best[1]


def test_weight_bands_move_the_heavy_accounts_apart(tmp_path):
    # Two seats at 1:2, four accounts on P0: weights 5, 5, 1, 1. By count alone any two move;
    # by weight the plan must move a heavy and a light one (12 of weight, 6 per book).
    write_book(tmp_path, [("ent", None)] * 2, [("ent", None, 0, False)] * 4, [5, 5, 1, 1])
    runner = CliRunner()
    result = runner.invoke(
        app, ["rebalance", str(tmp_path / "org.yaml"), "--tolerance", "0", "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert data["policy"]["balance"] == "both"
    assert sorted(m["weight"] for m in data["moves"]) == [1.0, 5.0]
    assert [s["weight_after"] for s in data["seats"]] == [6.0, 6.0]
    assert data["summary"]["every_book_within_band"] is True
    by_count = runner.invoke(
        app,
        ["rebalance", str(tmp_path / "org.yaml"), "--tolerance", "0", "--balance", "count"],
    )
    assert "Weight band" not in by_count.stdout and "within its bands (by account count)" in (
        by_count.stdout
    )


def test_balance_by_weight_needs_a_weight_column(tmp_path):
    write_book(tmp_path, [("ent", None)], [("ent", None, 0, False)])
    result = CliRunner().invoke(
        app, ["rebalance", str(tmp_path / "org.yaml"), "--balance", "weight"]
    )
    assert result.exit_code == 2
    assert "has no weight column" in result.stderr


def test_the_moves_file_is_safe_to_open_in_a_spreadsheet(tmp_path):
    write_book(tmp_path, [("ent", None)] * 2, [("ent", None, 0, False)] * 4)
    accounts = tmp_path / "accounts.csv"
    text = accounts.read_text(encoding="utf-8").replace("\na0,", "\n=HYPERLINK(1),")
    accounts.write_text(text.replace("\na1,", "\n-a1,"), encoding="utf-8")
    moves = tmp_path / "moves.csv"
    result = CliRunner().invoke(
        app, ["rebalance", str(tmp_path / "org.yaml"), "--tolerance", "0", "--moves", str(moves)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(moves.open(encoding="utf-8")))
    assert [(r["account_id"], r["arr"], r["from"], r["to"]) for r in rows] == [
        ("'=HYPERLINK(1)", "1000.00", "P0", "P1"),
        ("'-a1", "1001.00", "P0", "P1"),
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weighted_books())
def test_the_rounded_lp_of_large_books_is_valid_and_its_bounds_hold(case):
    """Large weighted books take the LP route (rounded to whole accounts): forced here on small
    books, every plan is still valid, and the lower bounds it prints never exceed the optimum."""
    import csorg_cli.book.rebalance as module

    seats, accounts, weights, leavers, _, balance, languages = case
    balance = "both" if balance == "count" else balance
    exact_columns = module.EXACT_COLUMNS
    module.EXACT_COLUMNS = 0
    try:
        plan = plan_weighted(case, balance)
    finally:
        module.EXACT_COLUMNS = exact_columns
    final = final_owners(case, plan)
    counts = [0] * len(seats)
    loads = [0.0] * len(seats)
    for n, owner in final.items():
        if owner is not None:
            counts[owner] += 1
            loads[owner] += weights[n]
    assert [load.after for load in plan.loads] == counts
    bands = {
        i: (load.band.low, load.band.high, load.band.weight_low, load.band.weight_high)
        for i, load in enumerate(plan.loads)
        if load.band
    }
    mean_weight = sum(weights) / len(weights) if weights else 1.0
    best = weighted_brute_force(
        seats, accounts, weights, bands, leavers, mean_weight, balance, languages
    )
    assert plan.distance >= best[0] - 1e-6, "no plan beats the optimum"
    assert plan.distance_bound is not None and plan.distance_bound <= best[0] + 1e-6, "a bound"


def test_a_plan_rounded_from_the_lp_prints_how_far_it_may_be_from_the_optimum(monkeypatch):
    import csorg_cli.book.rebalance as module

    monkeypatch.setattr(module, "EXACT_COLUMNS", 0)  # the route of books of a million accounts
    example = Path(__file__).resolve().parents[2] / "examples" / "book-of-business.yaml"
    arguments = ["rebalance", str(example), "--leaver", "Ben Ode", "--freeze-renewal-days", "45"]
    data = json.loads(CliRunner().invoke(app, [*arguments, "-f", "json"]).stdout)
    summary = data["summary"]
    assert summary["distance_lower_bound"] <= summary["distance"]
    assert summary["gap"] is not None and 0 <= summary["gap"] < 0.05
    text = CliRunner().invoke(app, arguments).stdout
    if not summary["optimal"]:
        assert "not proved optimal: moves within" in text
        assert "against a proved lower bound of" in text
        assert "no plan does better" not in text
