"""Rebalancing a book of business: account moves that put every book within its target band,
with the fewest moves (or the least ARR moved).

The method (docs/rebalance.md says how close to optimal it is and why):

1. **Aggregate.** Accounts that may move are grouped by (current seat, class), where the class is
   what eligibility looks at: segment, region and products. Accounts in one group are
   interchangeable for the constraints, so the plan only needs *how many* of each group go to
   each seat. Frozen accounts (``do_not_move``, a renewal within ``freeze_days``) stay put and
   count as fixed load.
2. **Solve exactly.** The aggregated problem is a min-cost flow: group -> (stay | move-out arcs,
   one per distinct move cost) -> eligible seats, with each seat's band ``[low, high]`` made soft
   by over/under variables. Its constraint matrix is a network matrix (totally unimodular), so
   the LP optimum that HiGHS finds (through ``scipy.optimize.milp``) is integral: the exact
   optimum of the aggregated problem. The objective is
   lexicographic through weights: first the total distance of books from their bands, then the
   moves (each move costs 1) or the ARR moved (each move costs the account's ARR).
3. **Pick accounts.** Within each group the accounts that move are the cheapest to move: lowest
   ARR, then the latest renewal, then file order. For the fewest-moves objective this is exactly
   optimal; for least ARR moved the move arcs are per distinct ARR, so it is exact as well (above
   20,000 distinct (group, ARR) pairs the solver sees ARRs rounded to 3, 2, then 1 significant
   figures; the accounts picked are still the cheapest of their group).

numpy and scipy are imported inside the functions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import polars as pl

    from csorg_cli.book.load import Book

Objective = Literal["moves", "arr"]
TargetMode = Literal["ratio", "even"]
# Past this many (group, ARR) move arcs, the solver sees ARRs rounded to fewer figures.
MAX_ARR_ARCS = 20_000


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


@dataclass(frozen=True)
class Band:
    seat: str
    low: int
    high: int
    target: float


@dataclass(frozen=True)
class Move:
    row: int
    account: str
    name: str | None
    arr: float | None
    source: str | None  # seat key, or None for an unowned account
    owner: str | None  # the owner cell as written
    destination: str
    why: str


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

    @property
    def within(self) -> bool:
        return self.band is None or self.band.low <= self.after <= self.band.high


@dataclass
class Plan:
    policy: Policy
    moves: list[Move]
    loads: list[SeatLoad]
    frozen: int  # accounts that stayed because they are frozen
    blocked: list[tuple[int, str, str]]  # (row, account, why) accounts that should move but cannot
    violation: int  # accounts above or below the bands after the plan (0: every book within)
    optimal: bool
    solve_seconds: float = 0.0
    groups: int = 0
    arcs: int = 0

    @property
    def arr_moved(self) -> float:
        return sum(m.arr or 0.0 for m in self.moves)


def bands(book: Book, targets: dict[str, float], policy: Policy) -> dict[str, Band]:
    """Each seat's band of accounts: target x ramp, +- tolerance; a leaver's is [0, 0]."""
    out: dict[str, Band] = {}
    for key in book.owners.seats:
        if key in policy.leavers:
            out[key] = Band(key, 0, 0, 0.0)
            continue
        target = targets.get(key)
        if target is None:
            continue
        ramp = policy.new_hires.get(key, 1.0)
        scaled = target * ramp
        low = math.ceil(scaled * (1 - policy.tolerance) - 1e-9)
        high = math.floor(scaled * (1 + policy.tolerance) + 1e-9)
        out[key] = Band(key, max(low, 0), max(high, max(low, 0)), scaled)
    return out


def seat_targets(book: Book, ratio_by_segment: dict[str, int], policy: Policy) -> dict[str, float]:
    """Accounts each seat should carry: its segment's ratio x its seats, or (``even``) the
    segment's accounts shared over its seats in proportion to their ramp."""
    seats = book.owners.seats
    if policy.target == "ratio":
        return {
            key: float(ratio_by_segment[seat.segment] * seat.seats)
            for key, seat in seats.items()
            if seat.segment in ratio_by_segment
        }
    from csorg_cli.book.counts import segment_data

    counts = {segment: (data.accounts, data.arr) for segment, data in segment_data(book).items()}
    capacity: dict[str, float] = {}
    for key, seat in seats.items():
        if seat.segment is None or key in policy.leavers:
            continue
        ramp = policy.new_hires.get(key, 1.0)
        capacity[seat.segment] = capacity.get(seat.segment, 0.0) + seat.seats * ramp
    out: dict[str, float] = {}
    for key, seat in seats.items():
        if seat.segment is None or key in policy.leavers or not capacity.get(seat.segment):
            continue
        ramp = policy.new_hires.get(key, 1.0)
        share = seat.seats / capacity[seat.segment]  # ramp is applied by bands()
        out[key] = counts.get(seat.segment, (0, 0.0))[0] * share
    return out


def frozen_mask(book: Book, policy: Policy) -> pl.Expr:
    """Accounts that must stay: marked do-not-move, or renewing within ``freeze_days``."""
    import polars as pl

    expr = pl.col("do_not_move")
    if policy.freeze_days > 0:
        as_of = policy.as_of or date.today()
        horizon = as_of + timedelta(days=policy.freeze_days)
        expr = expr | pl.col("renewal_date").is_between(as_of, horizon).fill_null(False)
    return expr


def rebalance(
    book: Book,
    ratio_by_segment: dict[str, int],
    policy: Policy,
    org_products: Iterable[str] = (),
) -> Plan:
    """The plan: moves that bring every book within its band at the least cost."""
    import time

    import numpy as np
    import polars as pl

    from csorg_cli.book.eligibility import serves

    seats = book.owners.seats
    for name in [*policy.leavers, *policy.new_hires]:
        if name not in seats:
            known = ", ".join(sorted(seats)[:8]) + ("..." if len(seats) > 8 else "")
            raise RebalanceError(f"{name!r} is not a seat that carries a book (seats: {known})")
    seat_keys = list(seats)
    seat_index = {key: i for i, key in enumerate(seat_keys)}
    targets = seat_targets(book, ratio_by_segment, policy)
    band_of = bands(book, targets, policy)

    frame = book.frame.with_columns(
        frozen=frozen_mask(book, policy),
        region_key=pl.col("region").str.to_lowercase(),
        products_key=pl.concat_str(
            pl.col("product_key"), pl.col("language_key").fill_null(""), separator="|"
        ),
        seat_key=pl.col("seat").fill_null(""),
    )
    # Fixed load: frozen accounts on their seat, and accounts csorg cannot place (no segment).
    movable_expr = ~pl.col("frozen") & pl.col("segment").is_not_null() & pl.col("id").is_not_null()
    fixed = (
        frame.filter(~movable_expr & pl.col("seat").is_not_null()).group_by("seat").agg(pl.len())
    )
    fixed_load = np.zeros(len(seat_keys))
    for key, count in fixed.iter_rows():
        fixed_load[seat_index[key]] = count
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
    # Groups: (current seat, segment, region, products), each with its accounts.
    grouped = movable.group_by(
        ["seat_key", "segment", "region_key", "products_key"], maintain_order=True
    ).agg(pl.len().alias("count"), pl.col("arr").fill_null(0.0).alias("arrs"))
    groups = grouped.select("seat_key", "segment", "region_key", "products_key", "count").rows()
    arr_lists = grouped.get_column("arrs").to_list()

    eligible_cache: dict[tuple[str, str | None, str], list[int]] = {}
    columns_cost: list[float] = []
    columns_upper: list[float] = []
    # Sparse entries of the constraint matrix: (row, column, value).
    entries_row: list[int] = []
    entries_col: list[int] = []
    entries_val: list[float] = []
    x_columns: list[tuple[int, int, int]] = []  # (group, seat, column) of each flow to a seat
    stay_column: dict[int, int] = {}
    n_seats = len(seat_keys)
    n_groups = len(groups)
    # Rows: seats (0..n_seats-1), group supply (n_seats + g), group move node (n_seats+n_groups+g)
    row_lower: list[float] = []
    row_upper: list[float] = []
    for i, key in enumerate(seat_keys):
        band = band_of.get(key)
        if band is None:
            row_lower.append(-math.inf)
            row_upper.append(math.inf)
        else:
            row_lower.append(band.low - fixed_load[i])
            row_upper.append(band.high - fixed_load[i])

    mean = movable.get_column("arr").mean()
    mean_arr = float(mean) if isinstance(mean, int | float) and mean > 0 else 1.0
    arr_arrays = [np.asarray(a, dtype=float) / mean_arr for a in arr_lists]
    significant = None  # exact ARRs; rounded to fewer figures only for very large books
    if policy.objective == "arr":
        for digits in (None, 3, 2, 1):
            significant = digits
            arcs = sum(len(np.unique(_round_figures(a, digits))) for a in arr_arrays)
            if arcs <= MAX_ARR_ARCS:
                break

    def add_column(cost: float, upper: float, rows: list[tuple[int, float]]) -> int:
        columns_cost.append(cost)
        columns_upper.append(upper)
        column = len(columns_cost) - 1
        for r, v in rows:
            entries_row.append(r)
            entries_col.append(column)
            entries_val.append(v)
        return column

    unplaceable: set[int] = set()
    stuck: set[int] = set()  # groups with no eligible seat at all: they stay with their owner
    reasons: dict[int, str] = {}
    for g, (seat_key, segment, region, products_key, count) in enumerate(groups):
        supply_row = n_seats + g
        move_row = n_seats + n_groups + g
        cache_key = (segment, region, products_key)
        if cache_key not in eligible_cache:
            product, _, language = products_key.partition("|")
            eligible_cache[cache_key] = [
                i
                for i, key in enumerate(seat_keys)
                if key not in policy.leavers
                and serves(seats[key], segment, region, language or None, product)
            ]
        destinations = eligible_cache[cache_key]
        current = seat_index.get(seat_key) if seat_key else None
        others = [i for i in destinations if i != current]
        # The supply row: every account of the group ends somewhere (stay, or move out). An
        # account may stay only with an eligible owner, unless no eligible seat exists at all.
        if current is not None and current in destinations:
            stay_column[g] = add_column(0.0, count, [(supply_row, 1.0), (current, 1.0)])
            reasons[g] = "over its band" if seat_key not in policy.leavers else "leaving"
        elif not others:
            if current is not None and seat_key not in policy.leavers:
                stay_column[g] = add_column(0.0, count, [(supply_row, 1.0), (current, 1.0)])
                stuck.add(g)
            else:
                unplaceable.add(g)
            continue
        else:
            reasons[g] = (
                "unowned (or its owner holds no seat)"
                if current is None
                else "leaving"
                if seat_key in policy.leavers
                else "serves another segment, region or product"
            )
        if not others:
            continue
        if policy.objective == "moves":
            add_column(1.0, count, [(supply_row, 1.0), (move_row, 1.0)])
        else:
            # One move-out arc per distinct ARR, its cost that ARR (the mean is 1: well scaled).
            distinct, counts = np.unique(
                _round_figures(arr_arrays[g], significant), return_counts=True
            )
            first = len(columns_cost)
            number = len(distinct)
            columns_cost.extend((distinct + 1e-6).tolist())
            columns_upper.extend(counts.astype(float).tolist())
            new = list(range(first, first + number))
            entries_row.extend([supply_row] * number + [move_row] * number)
            entries_col.extend(new + new)
            entries_val.extend([1.0] * (2 * number))
        for i in others:
            x_columns.append((g, i, add_column(0.0, count, [(move_row, -1.0), (i, 1.0)])))
    for g, (_, _, _, _, count) in enumerate(groups):
        placeable = g not in unplaceable
        row_lower.append(float(count) if placeable else 0.0)
        row_upper.append(float(count) if placeable else 0.0)
    row_lower.extend([0.0] * n_groups)
    row_upper.extend([0.0] * n_groups)
    # Soft bands: over and under per seat, weighted above any possible move cost.
    move_costs = sum(c * u for c, u in zip(columns_cost, columns_upper, strict=True))
    penalty = move_costs + 1.0
    for i in range(n_seats):
        add_column(penalty, math.inf, [(i, -1.0)])
        add_column(penalty, math.inf, [(i, 1.0)])

    started = time.perf_counter()
    solution, optimal = _solve(
        np.asarray(columns_cost),
        np.asarray(columns_upper),
        np.asarray(row_lower),
        np.asarray(row_upper),
        np.asarray(entries_row, dtype=np.int64),
        np.asarray(entries_col, dtype=np.int64),
        np.asarray(entries_val),
        len(row_lower),
    )
    solve_seconds = time.perf_counter() - started

    # Disaggregate: within each group, the cheapest accounts to move go first.
    flows: dict[int, list[tuple[int, int]]] = {}
    for g, i, column in x_columns:
        amount = round(float(solution[column]))
        if amount > 0:
            flows.setdefault(g, []).append((i, amount))

    moves: list[Move] = []
    group_frames = movable.with_columns(
        pl.col("renewal_date").fill_null(date(9999, 12, 31)).alias("renewal_sort"),
        pl.col("arr").fill_null(0.0).alias("arr_sort"),
    ).partition_by(
        ["seat_key", "segment", "region_key", "products_key"], as_dict=True, maintain_order=True
    )
    for g, (seat_key, segment, region, products_key, _count) in enumerate(groups):
        if g in stuck:
            for row, account in (
                group_frames[(seat_key, segment, region, products_key)]
                .select("row", "id")
                .iter_rows()
            ):
                blocked.append((row, account, f"no eligible seat: stays with {seat_key}"))
            continue
        if g in unplaceable:
            for row, account in (
                group_frames[(seat_key, segment, region, products_key)]
                .select("row", "id")
                .iter_rows()
            ):
                blocked.append((row, account, "no seat may carry it (segment, region, products)"))
            continue
        targets_of_group = flows.get(g)
        if not targets_of_group:
            continue
        accounts = group_frames[(seat_key, segment, region, products_key)].sort(
            ["arr_sort", "renewal_sort", "row"], descending=[False, True, False]
        )
        rows = accounts.select("row", "id", "name", "arr", "owner").rows()
        position = 0
        for i, amount in targets_of_group:
            for row, account, name, arr, owner in rows[position : position + amount]:
                moves.append(
                    Move(
                        row,
                        account,
                        name,
                        arr,
                        seat_key or None,
                        owner,
                        seat_keys[i],
                        _why(seat_key, reasons.get(g, "")),
                    )
                )
            position += amount
    moves.sort(key=lambda m: m.row)

    loads = _loads(book, frame, moves, band_of, policy)
    violation = sum(
        max(0, load.after - load.band.high) + max(0, load.band.low - load.after)
        for load in loads
        if load.band is not None
    )
    frozen_count = int(frame.get_column("frozen").sum())
    blocked.sort()
    return Plan(
        policy,
        moves,
        loads,
        frozen_count,
        blocked,
        violation,
        optimal,
        solve_seconds,
        n_groups,
        len(x_columns),
    )


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


def _solve(
    cost: Any,
    upper: Any,
    row_lower: Any,
    row_upper: Any,
    rows: Any,
    cols: Any,
    vals: Any,
    n_rows: int,
) -> tuple[Any, bool]:
    """The LP optimum by HiGHS (through scipy.optimize.milp, with no integer variables: the
    network structure makes the LP optimum integral already)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_array

    n_cols = len(cost)
    if n_cols == 0:
        return np.zeros(0), True
    matrix = csc_array((vals, (rows, cols)), shape=(n_rows, n_cols))
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, row_lower, row_upper),
        bounds=Bounds(np.zeros(n_cols), upper),
        options={"presolve": True},
    )
    if result.x is None:
        return np.zeros(n_cols), False
    return np.asarray(result.x), bool(result.status == 0)


def _loads(
    book: Book, frame: pl.DataFrame, moves: list[Move], band_of: dict[str, Band], policy: Policy
) -> list[SeatLoad]:
    import polars as pl

    before = {
        key: (count, arr or 0.0)
        for key, count, arr in frame.filter(pl.col("seat").is_not_null())
        .group_by("seat")
        .agg(pl.len(), pl.col("arr").sum())
        .iter_rows()
    }
    delta_count: dict[str, int] = {}
    delta_arr: dict[str, float] = {}
    for move in moves:
        arr = move.arr or 0.0
        if move.source is not None:
            delta_count[move.source] = delta_count.get(move.source, 0) - 1
            delta_arr[move.source] = delta_arr.get(move.source, 0.0) - arr
        delta_count[move.destination] = delta_count.get(move.destination, 0) + 1
        delta_arr[move.destination] = delta_arr.get(move.destination, 0.0) + arr
    out: list[SeatLoad] = []
    for key, seat in book.owners.seats.items():
        count, arr = before.get(key, (0, 0.0))
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
            )
        )
    return out
