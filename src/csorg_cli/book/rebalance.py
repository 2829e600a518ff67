"""Rebalancing a book of business: account moves that put every book within its target bands (by
account count, by workload weight, or both), with the fewest moves (or the least ARR moved).

The method (docs/rebalance.md says how close to optimal it is and why):

1. **Aggregate.** Accounts that may move are grouped by (current seat, class, weight), where the
   class is what eligibility looks at (segment, region, language, products) and the weight is
   the account's workload weight when the bands hold by weight (rounded to fewer significant
   figures only when a book has very many distinct weights). Accounts in one group are
   interchangeable for every constraint, so a plan is only *how many* of each group leave, and
   how many of each (class, weight) pool go to each seat. Frozen accounts (``do_not_move``, a
   renewal within ``freeze_days``) stay put and count as fixed load.
2. **Solve.** Each group's accounts stay (only with an eligible owner) or leave into their pool
   through move arcs (cost 1 per account, or one arc per distinct ARR costing that ARR); each
   pool sends its accounts to the eligible seats. Each seat's bands ``[low, high]`` are soft:
   over/under variables measure the distance from them.

   - *Bands by count only*: the constraint matrix is a network matrix (each column has at most
     one +1 and one -1 once the supply rows are negated), so the LP optimum is integral; one LP
     with the distance weighted above any set of moves is the exact optimum.
   - *Bands by weight* (or both): a weight row per seat makes it a generalized assignment; it is
     solved as a MILP in two phases, both by HiGHS: first the least distance from the bands
     (accounts outside the count bands plus weight outside the weight bands in units of the
     book's mean weight), then the fewest moves (or least ARR) at that distance. HiGHS proves
     optimality or, at its time limit, reports the gap it proved.
3. **Pick accounts.** Within each group the accounts that leave are the cheapest to move: lowest
   ARR, then the latest renewal, then file order; each pool's leavers are dealt to the seats the
   solution sends them to (a seat never receives back its own accounts).

numpy and scipy are imported inside the functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from csorg_cli.book.analysis import days_after

if TYPE_CHECKING:
    import polars as pl

    from csorg_cli.book.load import Book

Objective = Literal["moves", "arr"]
TargetMode = Literal["ratio", "even"]
Balance = Literal["count", "weight", "both"]
# Past this many (group, ARR) move arcs, the solver sees ARRs rounded to fewer figures.
MAX_ARR_ARCS = 20_000
# Past this many (pool, weight) pairs, the solver sees weights rounded to fewer figures.
MAX_WEIGHT_POOLS = 2_000
# HiGHS's time limit per phase of a weighted solve; past it the plan is the best found, with the
# gap HiGHS proved.
TIME_LIMIT_SECONDS = 30.0
# HiGHS stops once its solution is proved within this relative gap of the optimum: below one
# move for any plan of fewer than a million moves, so the fewest moves are exact.
MIP_GAP = 1e-6
# A weighted problem of at most this many columns is also tried as an exact MILP (the LP rounded
# to whole accounts is the plan when HiGHS does not prove the MILP within EXACT_SECONDS).
EXACT_COLUMNS = 5_000
# How long the exact MILP may take per phase before the rounded LP plan is kept.
EXACT_SECONDS = 2.0
GROUP_KEYS = ["seat_key", "segment", "region_key", "language_key", "product_key", "weight_key"]


class RebalanceError(Exception):
    """The request cannot be planned (a leaver or new hire that is not a seat...): exit 2."""


@dataclass(frozen=True)
class Policy:
    """What a rebalance must respect and aim for."""

    objective: Objective = "moves"
    tolerance: float = 0.10
    target: TargetMode = "ratio"
    freeze_days: int = 0
    leavers: frozenset[str] = frozenset()
    # seat key -> ramp (0..1): the new hire's band is scaled by it
    new_hires: dict[str, float] = field(default_factory=dict)
    as_of: date | None = None
    # What the bands hold by; None: both when the file has a weight column, else count.
    balance: Balance | None = None
    time_limit: float = TIME_LIMIT_SECONDS


def balance_of(book: Book, policy: Policy) -> Balance:
    """The bands in force: ``policy.balance``, else both with weights in the file, else count."""
    if policy.balance is not None:
        return policy.balance
    return "both" if book.has("weight") else "count"


@dataclass(frozen=True)
class Band:
    seat: str
    low: int
    high: int
    target: float
    # The band of workload weight (None: the bands hold by count only).
    weight_low: float | None = None
    weight_high: float | None = None
    weight_target: float | None = None


@dataclass(slots=True)
class Move:
    row: int
    account: str
    name: str | None
    arr: float | None
    source: str | None  # seat key, or None for an unowned account
    owner: str | None  # the owner cell as written
    destination: str
    why: str
    weight: float = 1.0


@dataclass
class SeatLoad:
    seat: str
    role_id: str
    segment: str | None
    band: Band | None
    before: int
    after: int
    arr_before: float
    arr_after: float
    leaving: bool = False
    ramp: float = 1.0
    weight_before: float = 0.0
    weight_after: float = 0.0
    # Which bands are in force (a plan by weight only does not judge the count).
    by_count: bool = True

    @property
    def count_distance(self) -> int:
        """Accounts above or below the count band (0 within it, or when count is not judged)."""
        band = self.band
        if band is None or not self.by_count:
            return 0
        return max(0, self.after - band.high) + max(0, band.low - self.after)

    @property
    def weight_distance(self) -> float:
        """Weight above or below the weight band (0 within it, or without one)."""
        band = self.band
        if band is None or band.weight_low is None or band.weight_high is None:
            return 0.0
        return max(0.0, self.weight_after - band.weight_high) + max(
            0.0, band.weight_low - self.weight_after
        )

    @property
    def within(self) -> bool:
        return self.count_distance == 0 and self.weight_distance <= 1e-6


@dataclass
class Plan:
    policy: Policy
    # One row per account moved: row, account, name, arr, source, owner, destination, why, weight
    # (a frame: a million-account rebalance moves hundreds of thousands).
    moved: pl.DataFrame
    loads: list[SeatLoad]
    frozen: int  # accounts that stayed because they are frozen
    blocked: list[tuple[int, str, str]]  # (row, account, why) accounts that should move but cannot
    violation: int  # accounts above or below the count bands after the plan (0: every book within)
    optimal: bool
    solve_seconds: float = 0.0
    groups: int = 0
    arcs: int = 0
    balance: Balance = "count"
    weight_violation: float = 0.0  # weight above or below the weight bands after the plan
    # The relative gap HiGHS proved on the moves (0.0: optimal; None: not a MILP or not solved).
    gap: float | None = None
    # Weights as the solver saw them: None exact, else the significant figures they were
    # rounded to.
    weight_figures: int | None = None
    mean_weight: float = 1.0
    # A lower bound on the distance from the bands that HiGHS proved (accounts outside the count
    # bands plus weight outside the weight bands in mean account weights); None: count only.
    distance_bound: float | None = None

    @property
    def distance(self) -> float:
        """This plan's distance from the bands, in the units of :attr:`distance_bound`."""
        return self.violation + self.weight_violation / self.mean_weight

    @cached_property
    def moves(self) -> list[Move]:
        """The moves, in file order, as objects."""
        return [Move(*values) for values in self.moved.rows()]

    @property
    def arr_moved(self) -> float:
        return float(self.moved.get_column("arr").fill_null(0.0).sum())


def bands(
    book: Book, targets: dict[str, float], policy: Policy, weight_targets: dict[str, float] | None
) -> dict[str, Band]:
    """Each seat's bands: target x ramp, +- tolerance (whole accounts, rounded inwards); the
    weight band likewise around its weight target; a leaver's are [0, 0]."""
    out: dict[str, Band] = {}
    for key in book.owners.seats:
        if key in policy.leavers:
            out[key] = Band(key, 0, 0, 0.0, *((0.0, 0.0, 0.0) if weight_targets else ()))
            continue
        target = targets.get(key)
        if target is None:
            continue
        ramp = policy.new_hires.get(key, 1.0)
        scaled = target * ramp
        low = max(math.ceil(scaled * (1 - policy.tolerance) - 1e-9), 0)
        high = max(math.floor(scaled * (1 + policy.tolerance) + 1e-9), low)
        weight = weight_targets.get(key) if weight_targets else None
        if weight is None:
            out[key] = Band(key, low, high, scaled)
            continue
        weight *= ramp
        out[key] = Band(
            key,
            low,
            high,
            scaled,
            max(weight * (1 - policy.tolerance), 0.0),
            weight * (1 + policy.tolerance),
            weight,
        )
    return out


def seat_targets(
    book: Book, ratio_by_segment: dict[str, int], policy: Policy
) -> tuple[dict[str, float], dict[str, float]]:
    """Accounts and workload weight each seat should carry (before its ramp): its segment's ratio
    x its seats (weight: x the segment's mean weight per account), or (``even``) the segment's
    accounts and weight shared over its seats in proportion to their FTE and ramp."""
    from csorg_cli.book.counts import segment_data

    seats = book.owners.seats
    data = segment_data(book)
    if policy.target == "ratio":
        counts = {
            key: float(ratio_by_segment[seat.segment] * seat.seats)
            for key, seat in seats.items()
            if seat.segment in ratio_by_segment
        }
        # A segment the file holds no account of: the book's mean weight per account.
        mean = book.frame.get_column("weight").mean()
        overall = float(mean) if isinstance(mean, int | float) and mean > 0 else 1.0
        mean_weight = {
            segment: counted.mean_weight for segment, counted in data.items() if counted.accounts
        }
        weight_targets = {
            key: count * mean_weight.get(seats[key].segment or "", overall)
            for key, count in counts.items()
        }
        return counts, weight_targets
    capacity: dict[str, float] = {}
    for key, seat in seats.items():
        if seat.segment is None or key in policy.leavers:
            continue
        ramp = policy.new_hires.get(key, 1.0)
        capacity[seat.segment] = capacity.get(seat.segment, 0.0) + seat.seats * ramp
    counts, weight_targets = {}, {}
    for key, seat in seats.items():
        if seat.segment is None or key in policy.leavers or not capacity.get(seat.segment):
            continue
        share = seat.seats / capacity[seat.segment]  # ramp is applied by bands()
        counts[key] = (data[seat.segment].accounts if seat.segment in data else 0) * share
        weight_targets[key] = (data[seat.segment].weight if seat.segment in data else 0.0) * share
    return counts, weight_targets


def frozen_mask(book: Book, policy: Policy) -> pl.Expr:
    """Accounts that must stay: marked do-not-move, or renewing within ``freeze_days``."""
    import polars as pl

    expr = pl.col("do_not_move")
    if policy.freeze_days > 0:
        as_of = policy.as_of or date.today()
        horizon = days_after(as_of, policy.freeze_days)
        expr = expr | pl.col("renewal_date").is_between(as_of, horizon).fill_null(False)
    return expr


class _Model:
    """The sparse LP/MILP: columns with their costs, bounds and (row, value) entries."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []

    def add_row(self, lower: float, upper: float) -> int:
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        return len(self.row_lower) - 1

    def add_column(
        self, cost: float, upper: float, entries: list[tuple[int, float]], integer: bool = True
    ) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        column = len(self.cost) - 1
        for row, value in entries:
            self.rows.append(row)
            self.cols.append(column)
            self.vals.append(value)
        return column


def rebalance(book: Book, ratio_by_segment: dict[str, int], policy: Policy) -> Plan:
    """The plan: moves that bring every book within its bands at the least cost."""
    import time

    import numpy as np
    import polars as pl

    from csorg_cli.book.eligibility import serves

    seats = book.owners.seats
    for name in [*policy.leavers, *policy.new_hires]:
        if name not in seats:
            known = ", ".join(sorted(seats)[:8]) + ("..." if len(seats) > 8 else "")
            raise RebalanceError(f"{name!r} is not a seat that carries a book (seats: {known})")
    balance = balance_of(book, policy)
    by_count = balance in ("count", "both")
    by_weight = balance in ("weight", "both")
    seat_keys = list(seats)
    seat_index = {key: i for i, key in enumerate(seat_keys)}
    n_seats = len(seat_keys)
    count_targets, weight_targets = seat_targets(book, ratio_by_segment, policy)
    band_of = bands(book, count_targets, policy, weight_targets if by_weight else None)

    frame = book.frame.with_columns(
        frozen=frozen_mask(book, policy),
        region_key=pl.col("region").str.to_lowercase(),
        seat_key=pl.col("seat").fill_null(""),
    )
    # Fixed load: frozen accounts on their seat, and accounts csorg cannot place (no segment).
    movable_expr = ~pl.col("frozen") & pl.col("segment").is_not_null() & pl.col("id").is_not_null()
    fixed_count = np.zeros(n_seats)
    fixed_weight = np.zeros(n_seats)
    for key, count, weight in (
        frame.filter(~movable_expr & pl.col("seat").is_not_null())
        .group_by("seat")
        .agg(pl.len(), pl.col("weight").sum())
        .iter_rows()
    ):
        fixed_count[seat_index[key]] = count
        fixed_weight[seat_index[key]] = weight
    blocked: list[tuple[int, str, str]] = []
    for row, account, seat, is_frozen in (
        frame.filter(
            ~movable_expr & (pl.col("seat").is_null() | pl.col("seat").is_in(list(policy.leavers)))
        )
        .select("row", "id", "seat", "frozen")
        .iter_rows()
    ):
        why = (
            "frozen, but its owner is leaving: decide by hand"
            if is_frozen and seat
            else "frozen and unowned: decide by hand"
            if is_frozen
            else "no segment: csorg cannot tell which seats may carry it"
        )
        blocked.append((row, account or f"row {row}", why))

    movable = frame.filter(movable_expr)
    mean = book.frame.get_column("weight").mean()
    mean_weight = float(mean) if isinstance(mean, int | float) and mean > 0 else 1.0
    weight_figures: int | None = None
    if by_weight:
        weight_figures = _weight_figures(movable)
        movable = movable.with_columns(
            weight_key=_rounded_expr(pl.col("weight"), weight_figures) / mean_weight
        )
    else:
        movable = movable.with_columns(weight_key=pl.lit(0.0))
    movable = movable.with_columns(
        pl.col("language_key").fill_null(""), pl.col("region_key").fill_null("")
    )
    grouped = movable.group_by(GROUP_KEYS, maintain_order=True).agg(
        pl.len().alias("count"), pl.col("arr").fill_null(0.0).alias("arrs")
    )
    groups = grouped.select(*GROUP_KEYS, "count").rows()
    arr_lists = grouped.get_column("arrs").to_list()

    model = _Model()
    count_row: list[int | None] = [None] * n_seats
    weight_row: list[int | None] = [None] * n_seats
    for i, key in enumerate(seat_keys):
        band = band_of.get(key)
        if band is None:
            continue
        if by_count:
            count_row[i] = model.add_row(band.low - fixed_count[i], band.high - fixed_count[i])
        if by_weight and band.weight_low is not None and band.weight_high is not None:
            weight_row[i] = model.add_row(
                (band.weight_low - fixed_weight[i]) / mean_weight,
                (band.weight_high - fixed_weight[i]) / mean_weight,
            )

    def seat_entries(i: int, weight: float) -> list[tuple[int, float]]:
        entries: list[tuple[int, float]] = []
        if count_row[i] is not None:
            entries.append((count_row[i], 1.0))  # type: ignore[arg-type]
        if weight_row[i] is not None:
            entries.append((weight_row[i], weight))  # type: ignore[arg-type]
        return entries

    mean_arr_value = movable.get_column("arr").mean()
    mean_arr = (
        float(mean_arr_value)
        if isinstance(mean_arr_value, int | float) and mean_arr_value > 0
        else 1.0
    )
    arr_arrays = [np.asarray(a, dtype=float) / mean_arr for a in arr_lists]
    significant = None  # exact ARRs; rounded to fewer figures only for very large books
    if policy.objective == "arr":
        for digits in (None, 3, 2, 1):
            significant = digits
            arcs = sum(len(np.unique(_round_figures(a, digits))) for a in arr_arrays)
            if arcs <= MAX_ARR_ARCS:
                break

    eligible_cache: dict[tuple[str, str, str, str], list[int]] = {}
    pools: dict[tuple[str, str, str, str, float], int] = {}  # pool key -> its balance row
    pool_members: dict[tuple[str, str, str, str, float], list[int]] = {}
    out_columns: dict[int, list[int]] = {}
    unplaceable: set[int] = set()
    stuck: set[int] = set()  # groups with no eligible seat at all: they stay with their owner
    reasons: dict[int, str] = {}
    for g, (seat_key, segment, region, language, product, weight, count) in enumerate(groups):
        klass = (segment, region, language, product)
        if klass not in eligible_cache:
            eligible_cache[klass] = [
                i
                for i, key in enumerate(seat_keys)
                if key not in policy.leavers
                and serves(seats[key], segment, region or None, language or None, product)
            ]
        destinations = eligible_cache[klass]
        current = seat_index.get(seat_key) if seat_key else None
        leaving = seat_key in policy.leavers
        others = [i for i in destinations if i != current]
        if current is not None and current in destinations:
            reasons[g] = "over its band"
        elif not others:
            if current is not None and not leaving:
                stuck.add(g)
                for row, value in seat_entries(current, weight):
                    model.row_lower[row] -= count * value
                    model.row_upper[row] -= count * value
            else:
                unplaceable.add(g)
            continue
        else:
            reasons[g] = (
                "unowned (or its owner holds no seat)"
                if current is None
                else "leaving"
                if leaving
                else "serves another segment, region, language or product"
            )
        supply = model.add_row(count, count)
        if current is not None and current in destinations:
            model.add_column(0.0, count, [(supply, 1.0), *seat_entries(current, weight)])
        if not others:
            continue
        pool_key = (*klass, weight)
        if pool_key not in pools:
            pools[pool_key] = model.add_row(0.0, 0.0)
            pool_members[pool_key] = []
        pool_members[pool_key].append(g)
        pool = pools[pool_key]
        if policy.objective == "moves":
            out_columns[g] = [model.add_column(1.0, count, [(supply, 1.0), (pool, 1.0)])]
        else:
            # One move-out arc per distinct ARR, its cost that ARR (the mean is 1: well scaled).
            distinct, counts = np.unique(
                _round_figures(arr_arrays[g], significant), return_counts=True
            )
            out_columns[g] = [
                model.add_column(float(arr) + 1e-6, float(n), [(supply, 1.0), (pool, 1.0)])
                for arr, n in zip(distinct, counts, strict=True)
            ]
    into_columns: list[tuple[tuple[str, str, str, str, float], int, int]] = []
    for pool_key, pool in pools.items():
        supply_total = sum(groups[g][-1] for g in pool_members[pool_key])
        for i in eligible_cache[pool_key[:4]]:
            column = model.add_column(
                0.0, supply_total, [(pool, -1.0), *seat_entries(i, pool_key[4])]
            )
            into_columns.append((pool_key, i, column))

    # Soft bands: over and under per band row, measured in accounts (count) or in units of the
    # mean account weight (weight).
    slack_columns: list[int] = []
    for rows in (count_row, weight_row):
        for row in rows:
            if row is None:
                continue
            slack_columns.append(model.add_column(0.0, math.inf, [(row, -1.0)], integer=False))
            slack_columns.append(model.add_column(0.0, math.inf, [(row, 1.0)], integer=False))

    started = time.perf_counter()
    weight_rows = [row for row in weight_row if row is not None]
    band_rows = [row for row in [*count_row, *weight_row] if row is not None]
    heaviest = max((key[4] for key in pools), default=0.0)
    solution, optimal, gap, least = _solve_lexicographic(
        model, slack_columns, weight_rows, by_weight, policy, band_rows, 2 * heaviest
    )
    solve_seconds = time.perf_counter() - started

    moved = _disaggregate(
        movable,
        groups,
        solution,
        out_columns,
        into_columns,
        pool_members,
        seat_keys,
        reasons,
    )
    held = [
        (
            *groups[g][:6],
            f"no eligible seat: stays with {groups[g][0]}"
            if g in stuck
            else "no seat may carry it (segment, region, language, products)",
        )
        for g in sorted(stuck | unplaceable)
    ]
    if held:
        reasons_frame = pl.DataFrame(
            held,
            schema=[*movable.select(GROUP_KEYS).schema.items(), ("why", pl.String)],
            orient="row",
        )
        blocked.extend(
            movable.join(reasons_frame, on=GROUP_KEYS, how="inner", nulls_equal=True)
            .select("row", "id", "why")
            .iter_rows()
        )
    loads = _loads(book, frame, moved, band_of, policy, by_count)
    frozen_count = int(frame.get_column("frozen").sum())
    blocked.sort()
    return Plan(
        policy,
        moved,
        loads,
        frozen_count,
        blocked,
        sum(load.count_distance for load in loads),
        optimal,
        solve_seconds,
        len(groups),
        len(into_columns),
        balance,
        sum(load.weight_distance for load in loads),
        gap,
        weight_figures,
        mean_weight,
        least,
    )


def _weight_figures(movable: pl.DataFrame) -> int | None:
    """None when the distinct weights are few enough to keep exact, else the significant figures
    (3, 2, then 1) that keep them under :data:`MAX_WEIGHT_POOLS`."""
    import polars as pl

    for digits in (None, 3, 2, 1):
        distinct = movable.select(_rounded_expr(pl.col("weight"), digits).n_unique()).item()
        if distinct <= MAX_WEIGHT_POOLS // 4 or digits == 1:
            return digits
    return 1


def _rounded_expr(expr: pl.Expr, digits: int | None) -> pl.Expr:
    """``expr`` rounded to ``digits`` significant figures (None: unchanged)."""
    if digits is None:
        return expr
    return expr.round_sig_figs(digits)


def _solve_lexicographic(
    model: _Model,
    slack_columns: list[int],
    weight_rows: list[int],
    by_weight: bool,
    policy: Policy,
    band_rows: list[int] | None = None,
    margin: float = 0.0,
) -> tuple[Any, bool, float | None, float | None]:
    """The least distance from the bands, then the least move cost at that distance; the
    solution, whether it is proved optimal, the relative gap of its move cost to a proved
    lower bound (None by count only, where the optimum is exact) and a proved lower bound on the
    distance (None by count only).

    By count only (a network: the LP optimum is integral), one LP whose distance costs more than
    any set of moves does both at once. With weight rows, two phases (distance, then moves with
    the distance bounded by the first optimum) as LPs, whose solution a network LP rounds to whole
    accounts, keeping each flow within one account of the LP's; the LP optima are the proved
    lower bounds. A problem of at most :data:`EXACT_COLUMNS` columns is also solved as a MILP,
    whose plan is taken when HiGHS proves it optimal within :data:`EXACT_SECONDS` per phase
    (see docs/rebalance.md)."""
    import numpy as np

    band_rows = band_rows or []
    cost = np.asarray(model.cost)
    upper = np.asarray(model.upper)
    distance = np.zeros(len(cost))
    distance[slack_columns] = 1.0
    # Every move costs at most its upper bound times its cost: a unit of distance costs more.
    penalty = float(np.dot(cost, np.where(np.isfinite(upper), upper, 0.0))) + 1.0
    if not by_weight:
        solution, status, _ = _solve(model, cost + penalty * distance, policy)
        if solution is None:
            return np.zeros(len(cost)), False, None, None
        return solution, status == "optimal", None, None
    # LP first (fast at any size), rounded to whole accounts.
    first, _status, _ = _solve(model, distance, policy)
    if first is None:
        return np.zeros(len(cost)), False, None, None
    least = float(np.dot(distance, first))
    distance_bound = least
    bound = least + 1e-6 * max(1.0, least)
    second, _status, _ = _solve(model, cost, policy, extra_row=(distance, bound))
    second = first if second is None else second
    lower_bound = float(np.dot(cost, second))  # no whole-account plan at that distance moves less
    best = _round_flows(model, second, cost + penalty * distance, weight_rows, policy)
    if best is None:
        return np.zeros(len(cost)), False, None, distance_bound
    best_distance = _true_distance(model, best, slack_columns, band_rows)
    if best_distance > least + 1e-6 and margin > 0:
        # Rounding moved some books off their weight band by an account or two: solve again with
        # the weight bands narrowed by twice the heaviest pool's weight on each side (where they
        # are wide enough), so the rounded books land inside the real bands.
        narrowed = _narrowed(model, weight_rows, margin)
        again = _solve(narrowed, distance, policy)[0]
        if again is not None:
            near = float(np.dot(distance, again))
            limit = (distance, near + 1e-6 * max(1.0, near))
            again = _solve(narrowed, cost, policy, extra_row=limit)[0]
        if again is not None:
            rounded = _round_flows(narrowed, again, cost + penalty * distance, weight_rows, policy)
            if rounded is not None:
                rounded_distance = _true_distance(model, rounded, slack_columns, band_rows)
                if (rounded_distance, float(np.dot(cost, rounded))) < (
                    best_distance,
                    float(np.dot(cost, best)),
                ):
                    best, best_distance = rounded, rounded_distance
    if len(cost) <= EXACT_COLUMNS:
        # Small enough to try the exact MILP, within a short time limit.
        quick = replace(policy, time_limit=min(policy.time_limit, EXACT_SECONDS))
        exact_first, status, _ = _solve(model, distance, quick, integer=True)
        if exact_first is not None and status == "optimal":
            least = float(np.dot(distance, exact_first))
            bound = least + 1e-6 * max(1.0, least)
            exact, status, gap = _solve(
                model, cost, quick, integer=True, extra_row=(distance, bound)
            )
            if exact is not None and status == "optimal":
                return exact, True, gap, distance_bound
    moved = float(np.dot(cost, best))
    gap = max((moved - lower_bound) / moved if moved > 0 else 0.0, 0.0)
    # The LP optima bound every plan of whole accounts: a plan that meets both is optimal.
    proved = best_distance <= distance_bound + 1e-6 * max(1.0, distance_bound) and gap <= MIP_GAP
    return best, proved, gap, distance_bound


def _narrowed(model: _Model, weight_rows: list[int], margin: float) -> _Model:
    """A copy of ``model`` whose weight bands are ``margin`` narrower on each side (where they
    are wider than twice the margin)."""
    narrowed = _Model()
    narrowed.__dict__.update({k: list(v) for k, v in model.__dict__.items()})
    for row in weight_rows:
        low, high = narrowed.row_lower[row], narrowed.row_upper[row]
        if high - low > 2 * margin:
            narrowed.row_lower[row], narrowed.row_upper[row] = low + margin, high - margin
    return narrowed


def _true_distance(
    model: _Model, solution: Any, slack_columns: list[int], rows: list[int]
) -> float:
    """The distance of ``solution`` from the bands of ``rows``, from the rows' activity (the
    slack columns left out: the rounding LP does not set those of the weight rows)."""
    import numpy as np
    from scipy.sparse import csr_array

    values = np.asarray(solution, dtype=float).copy()
    values[slack_columns] = 0.0
    matrix = csr_array(
        (model.vals, (model.rows, model.cols)), shape=(len(model.row_lower), len(model.cost))
    )
    activity = matrix @ values
    lower = np.asarray(model.row_lower)[rows]
    upper = np.asarray(model.row_upper)[rows]
    picked = activity[rows]
    return float(np.sum(np.maximum(0.0, lower - picked) + np.maximum(0.0, picked - upper)))


def _round_flows(
    model: _Model, fractional: Any, cost: Any, weight_rows: list[int], policy: Policy
) -> Any:
    """An integral solution within one account of ``fractional`` on every arc: the network LP
    without the weight rows, each integer column bounded by the floor and ceiling of its LP
    value (a network with integral bounds: its LP optimum is integral)."""
    import numpy as np

    integer = np.asarray(model.integer, dtype=bool)
    lower = np.zeros(len(model.cost))
    upper = np.asarray(model.upper, dtype=float).copy()
    lower[integer] = np.floor(fractional[integer] + 1e-7)
    upper[integer] = np.ceil(fractional[integer] - 1e-7)
    upper = np.maximum(upper, lower)
    # The weight rows drop out (their slack columns are then free and cost nothing here).
    keep_rows = np.ones(len(model.row_lower), dtype=bool)
    keep_rows[weight_rows] = False
    solution, _status, _ = _solve(model, cost, policy, bounds=(lower, upper), keep_rows=keep_rows)
    if solution is None:
        return None
    solution = solution.copy()
    solution[integer] = np.round(solution[integer])
    return solution


def _solve(
    model: _Model,
    cost: Any,
    policy: Policy,
    *,
    integer: bool = False,
    extra_row: tuple[Any, float] | None = None,
    bounds: tuple[Any, Any] | None = None,
    keep_rows: Any = None,
) -> tuple[Any, str, float | None]:
    """One solve by HiGHS (through scipy.optimize.milp): the solution (None when none was
    found), "optimal" or "time-limit", and the relative gap proved (MILP only)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array, vstack

    n_cols = len(model.cost)
    if n_cols == 0:
        return np.zeros(0), "optimal", 0.0
    matrix = csr_array((model.vals, (model.rows, model.cols)), shape=(len(model.row_lower), n_cols))
    lower = np.asarray(model.row_lower)
    upper = np.asarray(model.row_upper)
    if keep_rows is not None:
        matrix, lower, upper = matrix[keep_rows], lower[keep_rows], upper[keep_rows]
    if extra_row is not None:
        coefficients, bound = extra_row
        matrix = vstack([matrix, csr_array(coefficients.reshape(1, -1))]).tocsr()
        lower = np.append(lower, -np.inf)
        upper = np.append(upper, bound)
    column_lower, column_upper = bounds or (np.zeros(n_cols), np.asarray(model.upper))
    result = milp(
        cost,
        integrality=np.asarray(model.integer) if integer else None,
        constraints=LinearConstraint(matrix, lower, upper),
        bounds=Bounds(column_lower, column_upper),
        options={"presolve": True, "time_limit": policy.time_limit, "mip_rel_gap": MIP_GAP},
    )
    if result.x is None:
        return None, "failed", None
    gap = getattr(result, "mip_gap", None)
    return np.asarray(result.x), "optimal" if result.status == 0 else "time-limit", gap


def _disaggregate(
    movable: pl.DataFrame,
    groups: list[tuple[Any, ...]],
    solution: Any,
    out_columns: dict[int, list[int]],
    into_columns: list[tuple[tuple[str, str, str, str, float], int, int]],
    pool_members: dict[tuple[str, str, str, str, float], list[int]],
    seat_keys: list[str],
    reasons: dict[int, str],
) -> pl.DataFrame:
    """The accounts that move, one row each: the cheapest of each group leave, and each pool's
    leavers are dealt to the seats the solution sends them to (never back to their own seat).
    Column-wise: a million accounts and hundreds of thousands of moves cost a few joins."""
    import numpy as np
    import polars as pl

    leaving = {
        g: sum(round(float(solution[c])) for c in columns) for g, columns in out_columns.items()
    }
    incoming: dict[tuple[str, str, str, str, float], dict[int, int]] = {}
    for pool_key, i, column in into_columns:
        amount = round(float(solution[column]))
        if amount > 0:
            incoming.setdefault(pool_key, {})[i] = amount
    seat_index = {key: i for i, key in enumerate(seat_keys)}
    # A group that leaves into a pool that sends accounts back to its own seat: both are moves
    # that change nothing (an optimum has none; a rounded plan might).
    for pool_key, members in pool_members.items():
        into = incoming.get(pool_key, {})
        for g in members:
            own = seat_index.get(groups[g][0])
            if own is not None and leaving.get(g) and into.get(own):
                undone = min(leaving[g], into[own])
                leaving[g] -= undone
                into[own] -= undone
    # Per pool: its groups' departures in order, and the seats they go to, end to end.
    group_rows: list[tuple[Any, ...]] = []
    ends: list[int] = []
    destinations: list[int] = []
    offset = 0
    for pool_key, members in pool_members.items():
        departing = [(g, leaving.get(g, 0)) for g in members if leaving.get(g, 0) > 0]
        arriving = sorted((i, n) for i, n in incoming.get(pool_key, {}).items() if n > 0)
        total = min(sum(n for _, n in departing), sum(n for _, n in arriving))
        if total <= 0:
            continue
        start = offset
        for g, n in departing:
            n = min(n, offset + total - start)  # never more than the seats take
            if n > 0:
                seat_key = groups[g][0]
                group_rows.append((*groups[g][:6], g, n, start, _why(seat_key, reasons[g])))
            start += n
        taken = 0
        for i, n in arriving:
            n = min(n, total - taken)
            if n > 0:
                taken += n
                ends.append(offset + taken)
                destinations.append(i)
        offset += total
    if not group_rows:
        return pl.DataFrame(
            schema={
                "row": pl.Int64,
                "account": pl.String,
                "name": pl.String,
                "arr": pl.Float64,
                "source": pl.String,
                "owner": pl.String,
                "destination": pl.String,
                "why": pl.String,
                "weight": pl.Float64,
            }
        )
    plan = pl.DataFrame(
        group_rows,
        schema={
            "seat_key": pl.String,
            "segment": pl.String,
            "region_key": pl.String,
            "language_key": pl.String,
            "product_key": pl.String,
            "weight_key": pl.Float64,
            "group": pl.Int64,
            "leave": pl.Int64,
            "start": pl.Int64,
            "why": pl.String,
        },
        orient="row",
    )
    leavers = (
        movable.join(plan, on=GROUP_KEYS, how="inner", nulls_equal=True)
        .sort(
            ["group", "arr", "renewal_date", "row"],
            descending=[False, False, True, False],
            nulls_last=[False, False, False, False],
        )
        .with_columns(rank=pl.int_range(pl.len()).over("group"))
        .filter(pl.col("rank") < pl.col("leave"))
    )
    position = leavers.get_column("start").to_numpy() + leavers.get_column("rank").to_numpy()
    to = np.searchsorted(np.asarray(ends), position, side="right")
    names = np.asarray(seat_keys, dtype=object)[np.asarray(destinations)[to]]
    return leavers.select(
        "row",
        pl.col("id").alias("account"),
        "name",
        "arr",
        pl.when(pl.col("seat_key") == "").then(None).otherwise(pl.col("seat_key")).alias("source"),
        "owner",
        pl.Series("destination", names.tolist(), dtype=pl.String),
        "why",
        "weight",
    ).sort("row")


def _round_figures(values: Any, digits: int | None) -> Any:
    """``values`` rounded to ``digits`` significant figures (None: unchanged)."""
    import numpy as np

    if digits is None:
        return values
    positive = values > 0
    magnitude = np.zeros_like(values)
    magnitude[positive] = np.floor(np.log10(values[positive]))
    scale = 10.0 ** (digits - 1 - magnitude)
    return np.where(positive, np.round(values * scale) / scale, 0.0)


def _why(seat_key: str, reason: str) -> str:
    if not seat_key:
        return reason
    if reason == "leaving":
        return f"{seat_key} is leaving"
    if reason == "over its band":
        return "balances the books within their bands"
    return f"{seat_key} {reason}"


def _loads(
    book: Book,
    frame: pl.DataFrame,
    moves: pl.DataFrame,
    band_of: dict[str, Band],
    policy: Policy,
    by_count: bool,
) -> list[SeatLoad]:
    import polars as pl

    before = {
        key: (count, arr or 0.0, weight or 0.0)
        for key, count, arr, weight in frame.filter(pl.col("seat").is_not_null())
        .group_by("seat")
        .agg(pl.len(), pl.col("arr").sum(), pl.col("weight").sum())
        .iter_rows()
    }
    delta_count: dict[str, int] = {}
    delta_arr: dict[str, float] = {}
    delta_weight: dict[str, float] = {}
    for column, sign in (("source", -1), ("destination", 1)):
        for key, count, arr, weight in (
            moves.filter(pl.col(column).is_not_null())
            .group_by(column)
            .agg(pl.len(), pl.col("arr").fill_null(0.0).sum(), pl.col("weight").sum())
            .iter_rows()
        ):
            delta_count[key] = delta_count.get(key, 0) + sign * count
            delta_arr[key] = delta_arr.get(key, 0.0) + sign * arr
            delta_weight[key] = delta_weight.get(key, 0.0) + sign * weight
    out: list[SeatLoad] = []
    for key, seat in book.owners.seats.items():
        count, arr, weight = before.get(key, (0, 0.0, 0.0))
        out.append(
            SeatLoad(
                key,
                seat.role_id,
                seat.segment,
                band_of.get(key),
                count,
                count + delta_count.get(key, 0),
                float(arr),
                float(arr) + delta_arr.get(key, 0.0),
                leaving=key in policy.leavers,
                ramp=policy.new_hires.get(key, 1.0),
                weight_before=float(weight),
                weight_after=float(weight) + delta_weight.get(key, 0.0),
                by_count=by_count,
            )
        )
    return out
