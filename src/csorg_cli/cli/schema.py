"""`csorg schema`: the JSON Schema of the org format."""

from __future__ import annotations

import typer

NAME = "schema"
HELP = """Print (or write) the JSON Schema of the org format.

Editors use it for completion and checks: start an org file with `# yaml-language-server: $schema=schemas/csorg.schema.json`.

Examples:

  csorg schema > csorg.schema.json

  csorg schema -o schemas/csorg.schema.json
"""


def command(
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    from csorg_cli.cli.common import fail
    from csorg_cli.model.schema import org_json_schema_text
    from csorg_cli.outputs import OutputError, write_output

    try:
        write_output(org_json_schema_text(), output)
    except OutputError as error:
        fail(str(error))
