"""`csorg archetypes`: the role catalogue that types are inferred from."""

from __future__ import annotations

import json
import sys

import typer

from csorg_cli.cli import completion

NAME = "archetypes"
HELP = """List the role archetypes: id, function, whether seats count as coverage, synonyms.

A role's `type:` is one of these ids; when it is omitted, csorg infers it from the title.

Examples:

  csorg archetypes

  csorg archetypes --format json

  csorg archetypes csm
"""


def command(
    archetype_id: str | None = typer.Argument(
        None,
        metavar="[ID]",
        autocompletion=completion.archetype_ids,
        help="Show this archetype only (its responsibilities, synonyms and description).",
    ),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        autocompletion=completion.choices("text", "json"),
        help="text or json.",
    ),
) -> None:
    from csorg_cli.cli.common import fail
    from csorg_cli.model.catalogue import Catalogue

    catalogue = Catalogue.load()
    chosen = list(catalogue)
    if archetype_id is not None:
        found = catalogue.get(archetype_id)
        if found is None:
            from csorg_cli.model.build import did_you_mean

            suggestion = did_you_mean(archetype_id, [a.id for a in catalogue])
            fail(
                f"no archetype {archetype_id!r}"
                + (f"; {suggestion}" if suggestion else "")
                + " (`csorg archetypes` lists them)"
            )
        chosen = [found]
    if output_format == "json":
        rows = [
            {
                "id": a.id,
                "name": a.name,
                "function": a.function,
                "coverage": a.coverage,
                "coverage_kind": a.coverage_kind,
                "level": a.level,
                "responsibilities": list(a.responsibilities),
                "synonyms": list(a.synonyms),
                "description": a.description,
            }
            for a in chosen
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if output_format != "text":
        fail(f"--format takes text or json, not {output_format!r}")
    if archetype_id is not None:
        _describe(chosen[0])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Role archetypes", show_lines=False)
    for column in ("id", "function", "coverage", "synonyms"):
        table.add_column(column, overflow="fold")
    for archetype in catalogue:
        table.add_row(
            archetype.id,
            archetype.function,
            "" if archetype.coverage_kind == "none" else archetype.coverage_kind,
            ", ".join(archetype.synonyms[:4]) + (" ..." if len(archetype.synonyms) > 4 else ""),
        )
    Console().print(table)


def _describe(archetype) -> None:
    """One archetype, as plain lines (it is read, not scanned)."""
    print(f"{archetype.id}: {archetype.name}")
    print(
        f"  function: {archetype.function}; level: {archetype.level}; coverage: "
        f"{'yes' if archetype.coverage else 'no'}"
    )
    if archetype.responsibilities:
        print(f"  responsibilities: {', '.join(archetype.responsibilities)}")
    if archetype.synonyms:
        print(f"  synonyms: {', '.join(archetype.synonyms)}")
    if archetype.description:
        print(f"  {archetype.description.strip()}")
