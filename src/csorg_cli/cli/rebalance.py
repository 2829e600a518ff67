"""`csorg rebalance`: account moves that put every book within its band, with the fewest moves."""

from __future__ import annotations

from datetime import date

import typer

from csorg_cli.cli.common import CONFIG_OPTION, NO_CONFIG_OPTION

NAME = "rebalance"
HELP = """Propose account moves so that every book is within its target bands, with the fewest moves (or the least ARR moved).

Each seat's band is its target (the segment's ratio times its FTE, or with --target even the segment's accounts shared over its seats) +- --tolerance, scaled by a new hire's ramp; a leaver's book is redistributed. When the accounts have a weight column, each seat also has a band of workload weight (--balance both, the default then; or weight, or count). An account moves only to a seat of its segment, region, language and products; frozen accounts (do_not_move, or a renewal within --freeze-renewal-days) never move. The optimum is exact on the aggregated problem (HiGHS); a very large book balanced by weight is solved as an LP rounded to whole accounts, and the plan prints its distance from the proved optimum (docs/rebalance.md).

Nothing in your data is changed: the plan is printed (text, markdown, json) and --moves FILE writes the moves (account, from, to, why) as CSV.

Exit status: 0 a plan was made (the output says when some books cannot reach their band); 1 the org has errors or the accounts file cannot be read; 2 bad option or unreadable file.

Examples:

  csorg rebalance org.yaml --leaver "Ben Ode" --new-hire "Zoe Park=0.5" --moves moves.csv

  csorg rebalance org.yaml --objective arr --freeze-renewal-days 60 --format markdown
"""


def command(
    file: str = typer.Argument(..., metavar="FILE", help="The org file; - reads stdin."),
    accounts: str | None = typer.Option(
        None, "--accounts", "-a", metavar="FILE", help="The accounts file, instead of `accounts:`."
    ),
    objective: str = typer.Option(
        "moves", "--objective", help="moves (fewest accounts moved) or arr (least ARR moved)."
    ),
    tolerance: float = typer.Option(
        0.10, "--tolerance", min=0, max=10, help="Band around each target: +-0.10 = +-10%."
    ),
    target: str = typer.Option(
        "ratio", "--target", help="ratio (the segment's ratio) or even (share the accounts)."
    ),
    balance: str | None = typer.Option(
        None,
        "--balance",
        help="What the bands hold by: count, weight or both (default: both when the accounts "
        "have a weight column, else count).",
    ),
    freeze_days: int = typer.Option(
        0,
        "--freeze-renewal-days",
        min=0,
        max=36_500,  # a century: past it a date overflows, and every renewal is frozen anyway
        help="Accounts renewing within this many days of --as-of never move.",
    ),
    leavers: list[str] = typer.Option(
        [], "--leaver", metavar="SEAT", help="A seat whose book is redistributed (repeatable)."
    ),
    new_hires: list[str] = typer.Option(
        [],
        "--new-hire",
        metavar="SEAT=RAMP",
        help="A new hire and their ramp (0.5 = half a book), repeatable.",
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Date renewals count from (default: today)."
    ),
    moves: str | None = typer.Option(
        None, "--moves", metavar="FILE", help="Write the moves as CSV (atomically)."
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", help="Output format: text, markdown or json."
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write the plan to FILE (atomically)."
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    from csorg_cli.book.rebalance import Policy, RebalanceError, rebalance
    from csorg_cli.book.rebalance_output import FORMATS, RENDERERS, moves_csv, plan_data
    from csorg_cli.cli.book import load_book_or_exit, write_book_output
    from csorg_cli.cli.common import fail

    if output_format not in FORMATS:
        fail(f"--format takes one of {', '.join(FORMATS)}, not {output_format!r}")
    if objective not in ("moves", "arr"):
        fail(f"--objective takes moves or arr, not {objective!r}")
    if target not in ("ratio", "even"):
        fail(f"--target takes ratio or even, not {target!r}")
    if balance is not None and balance not in ("count", "weight", "both"):
        fail(f"--balance takes count, weight or both, not {balance!r}")
    ramps: dict[str, float] = {}
    for item in new_hires:
        name, _, ramp_text = item.rpartition("=")
        try:
            ramp = float(ramp_text)
        except ValueError:
            ramp = -1.0
        if not name.strip() or not 0 < ramp <= 1:
            fail(f"--new-hire takes SEAT=RAMP with a ramp above 0 and at most 1, not {item!r}")
        ramps[name.strip()] = ramp
    day = None
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of takes a date as YYYY-MM-DD, not {as_of!r}")
    if moves is not None and output is not None and moves == output:
        fail(f"--moves and --output both name {moves}")
    result = load_book_or_exit(file, accounts, output, config_file, no_config, (moves,))
    book = result.book
    org = result.org
    if balance in ("weight", "both") and not book.has("weight"):
        fail(f"--balance {balance}: {book.file} has no weight column (every account weighs 1)")
    policy = Policy(
        objective=objective,  # type: ignore[arg-type]
        tolerance=tolerance,
        target=target,  # type: ignore[arg-type]
        freeze_days=freeze_days,
        leavers=frozenset(name.strip() for name in leavers),
        new_hires=ramps,
        as_of=day or org.organization.as_of or date.today(),
        balance=balance,  # type: ignore[arg-type]
    )
    ratios = {sid: cover.target_ratio for sid, cover in result.metrics.coverage.items()}
    try:
        plan = rebalance(book, ratios, policy)
    except RebalanceError as error:
        fail(str(error))
    data = plan_data(plan, book.file, org.organization.currency)
    if moves is not None:
        write_book_output(moves_csv(plan), moves, result, (output,) if output else ())
    write_book_output(RENDERERS[output_format](data), output, result, (moves,) if moves else ())
