"""What `csorg rebalance` prints and writes: the before/after table, the summary, the moves file."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from csorg_cli.book.report import text_table

if TYPE_CHECKING:
    from csorg_cli.book.rebalance import Plan, SeatLoad

FORMATS = ("text", "markdown", "json")
MOVE_FIELDS = (
    "account_id",
    "account_name",
    "row",
    "arr",
    "weight",
    "from",
    "from_cell",
    "to",
    "why",
)


def plan_data(plan: Plan, accounts_file: str, currency: str) -> dict[str, Any]:
    import polars as pl

    policy = plan.policy
    return {
        "version": 1,
        "accounts_file": accounts_file,
        "currency": currency,
        "policy": {
            "objective": policy.objective,
            "target": policy.target,
            "tolerance": policy.tolerance,
            "freeze_renewal_days": policy.freeze_days,
            "leavers": sorted(policy.leavers),
            "new_hires": dict(sorted(policy.new_hires.items())),
            "as_of": policy.as_of.isoformat() if policy.as_of else None,
            "balance": plan.balance,
        },
        "summary": {
            "moves": plan.moved.height,
            "arr_moved": round(plan.arr_moved, 2),
            "frozen": plan.frozen,
            "blocked": len(plan.blocked),
            "outside_band_after": plan.violation,
            "weight_outside_band_after": round(plan.weight_violation, 2),
            "every_book_within_band": all(load.within for load in plan.loads),
            "optimal": plan.optimal,
            "gap": plan.gap,
            "distance": round(plan.distance, 3),
            "distance_lower_bound": None
            if plan.distance_bound is None
            else round(plan.distance_bound, 3),
            "weight_figures": plan.weight_figures,
            "groups": plan.groups,
            "arcs": plan.arcs,
        },
        "seats": [
            {
                "seat": load.seat,
                "role": load.role_id,
                "segment": load.segment,
                "band": [load.band.low, load.band.high] if load.band else None,
                "ramp": load.ramp,
                "leaving": load.leaving,
                "accounts_before": load.before,
                "accounts_after": load.after,
                "arr_before": round(load.arr_before, 2),
                "arr_after": round(load.arr_after, 2),
                "weight_band": _weight_band(load),
                "weight_before": round(load.weight_before, 2),
                "weight_after": round(load.weight_after, 2),
                "within_band": load.within,
            }
            for load in plan.loads
        ],
        # A frame, written one move per line by render_json (hundreds of thousands at scale).
        "moves": plan.moved.select(
            pl.col("account").alias("account_id"),
            pl.col("name").alias("account_name"),
            "row",
            "arr",
            "weight",
            pl.col("source").alias("from"),
            pl.col("destination").alias("to"),
            "why",
        ),
        "blocked": [
            {"row": row, "account_id": account, "why": why} for row, account, why in plan.blocked
        ],
    }


def _weight_band(load: SeatLoad) -> list[float] | None:
    band = load.band
    if band is None or band.weight_low is None or band.weight_high is None:
        return None
    return [round(band.weight_low, 2), round(band.weight_high, 2)]


def _band(load: dict[str, Any]) -> str:
    if load["band"] is None:
        return "-"
    low, high = load["band"]
    return str(low) if low == high else f"{low}-{high}"


def _by_weight(data: dict[str, Any]) -> bool:
    return data["policy"]["balance"] in ("weight", "both")


def _seat_rows(data: dict[str, Any]) -> list[list[str]]:
    rows = []
    weighted = _by_weight(data)
    for seat in data["seats"]:
        note = []
        if seat["leaving"]:
            note.append("leaving")
        if seat["ramp"] != 1.0:
            note.append(f"new hire, ramp {seat['ramp']:.0%}")
        weight = []
        if weighted:
            band = seat["weight_band"]
            weight = [
                "-" if band is None else f"{band[0]:,.1f}-{band[1]:,.1f}",
                f"{seat['weight_before']:,.1f}",
                f"{seat['weight_after']:,.1f}",
            ]
        rows.append(
            [
                seat["seat"],
                seat["segment"] or "-",
                _band(seat),
                str(seat["accounts_before"]),
                str(seat["accounts_after"]),
                f"{seat['accounts_after'] - seat['accounts_before']:+d}",
                *weight,
                f"{seat['arr_before']:,.0f}",
                f"{seat['arr_after']:,.0f}",
                "yes" if seat["within_band"] else "NO",
                ", ".join(note),
            ]
        )
    return rows


def seat_headers(data: dict[str, Any]) -> list[str]:
    """The before/after table's columns; the weight columns when the bands hold by weight."""
    weight = ["Weight band", "Weight before", "Weight after"] if _by_weight(data) else []
    return [
        "Seat",
        "Segment",
        "Band",
        "Before",
        "After",
        "Change",
        *weight,
        "ARR before",
        "ARR after",
        "Within",
        "Note",
    ]


def _summary(data: dict[str, Any]) -> list[str]:
    summary = data["summary"]
    policy = data["policy"]
    objective = "fewest moves" if policy["objective"] == "moves" else "least ARR moved"
    lines = [
        f"{summary['moves']:,} moves ({objective}), {summary['arr_moved']:,.0f} "
        f"{data['currency']} of ARR moved; {summary['frozen']:,} accounts frozen",
    ]
    by = {"count": "account count", "weight": "workload weight", "both": "count and weight"}
    if summary["every_book_within_band"]:
        lines.append(f"every book is within its bands (by {by[policy['balance']]})")
    else:
        remaining = []
        if summary["outside_band_after"]:
            remaining.append(f"{summary['outside_band_after']:,} accounts")
        if summary["weight_outside_band_after"]:
            remaining.append(f"{summary['weight_outside_band_after']:,.1f} of workload weight")
        lines.append(
            f"{' and '.join(remaining) or 'some load'} above or below the bands remain"
            + (
                ": no plan does better (the segment has too few or too many seats for its target)"
                if summary["optimal"]
                else ""
            )
        )
    if summary["blocked"]:
        lines.append(f"{summary['blocked']:,} accounts need a decision by hand (listed below)")
    if not summary["optimal"]:
        gap = summary["gap"]
        bound = summary["distance_lower_bound"]
        lines.append(
            "not proved optimal: "
            + (f"moves within {gap:.2%} of a proved lower bound" if gap is not None else "")
            + (
                f", distance from the bands {summary['distance']:,.1f} against a proved "
                f"lower bound of {bound:,.1f}"
                if bound is not None
                else ""
            )
        )
    return lines


def render_text(data: dict[str, Any]) -> str:
    parts = [f"Rebalance of {data['accounts_file']}", *_summary(data), ""]
    parts.append(text_table(seat_headers(data), _seat_rows(data)))
    if data["blocked"]:
        parts.extend(["", "Needs a decision:"])
        parts.extend(f"  row {b['row']}: {b['account_id']}: {b['why']}" for b in data["blocked"])
    if data["summary"]["moves"]:
        moves = data["summary"]["moves"]
        parts.extend(["", f"Moves: {moves:,} (write them with --moves FILE.csv)"])
    return "\n".join(parts) + "\n"


def render_markdown(data: dict[str, Any]) -> str:
    from csorg_cli.markdown import escape

    lines = [f"# Rebalance of {escape(data['accounts_file'])}", ""]
    lines.extend(f"- {escape(line)}" for line in _summary(data))
    headers = seat_headers(data)
    lines.extend(["", "| " + " | ".join(headers) + " |"])
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    lines.extend("| " + " | ".join(escape(c) for c in row) + " |" for row in _seat_rows(data))
    if data["blocked"]:
        lines.extend(["", "## Needs a decision", ""])
        lines.extend(
            f"- row {b['row']}: {escape(str(b['account_id']))}: {escape(b['why'])}"
            for b in data["blocked"]
        )
    return "\n".join(lines) + "\n"


def render_json(data: dict[str, Any]) -> str:
    """Indented JSON, with the moves one object per line: at a million accounts, indenting
    hundreds of thousands of moves through the json module takes longer than the rebalance."""
    moves = data["moves"]
    if not isinstance(moves, list):
        lines = moves.write_ndjson().rstrip("\n")
        moves_text = "[\n    " + lines.replace("\n", ",\n    ") + "\n  ]" if lines else "[]"
        marker = "\u0000moves\u0000"
        text = json.dumps({**data, "moves": marker}, indent=2, ensure_ascii=False)
        return text.replace(json.dumps(marker), moves_text, 1) + "\n"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


def moves_csv(plan: Plan) -> str:
    """The moves file: one row per account moved (a spreadsheet-safe CSV)."""
    import polars as pl

    def safe(name: str) -> pl.Expr:
        # A cell starting with = + - @ runs as a formula when the CSV is opened in a spreadsheet.
        column = pl.col(name).fill_null("")
        return (
            pl.when(column.str.contains(r"^[=+\-@]")).then(pl.lit("'") + column).otherwise(column)
        )

    frame = plan.moved.select(
        safe("account").alias("account_id"),
        safe("name").alias("account_name"),
        "row",
        "arr",
        pl.col("weight").cast(pl.String),
        safe("source").alias("from"),
        safe("owner").alias("from_cell"),
        safe("destination").alias("to"),
        safe("why").alias("why"),
    )
    return frame.write_csv(line_terminator="\n", float_precision=2)
