"""`csorg schema`: the JSON Schema of the org format."""

from __future__ import annotations

import typer

NAME = "schema"
HELP = """Print (or write) the JSON Schema of the org format.

Editors use it for completion and checks: start an org file with `# yaml-language-server: $schema=schemas/csorg.schema.json`. Team files (named by `include:`, holding only `roles:`) have their own schema: `csorg schema --fragment`.

Examples:

  csorg schema > csorg.schema.json

  csorg schema -o schemas/csorg.schema.json

  csorg schema --fragment -o schemas/csorg-fragment.schema.json
"""


def command(
    output: str | None = typer.Option(None, "--output", "-o", help="Write to this file."),
    fragment: bool = typer.Option(
        False, "--fragment", help="The schema of a team file named by include: (roles only)."
    ),
) -> None:
    from csorg_cli.cli.common import fail
    from csorg_cli.model.schema import fragment_json_schema_text, org_json_schema_text
    from csorg_cli.outputs import OutputError, write_output

    try:
        write_output(fragment_json_schema_text() if fragment else org_json_schema_text(), output)
    except OutputError as error:
        fail(str(error))
