"""The JSON Schema of the org format, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://csorg.dev/schemas/csorg.schema.json"


def org_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of an org file, for editors and other validators."""
    from csorg_cli.model.org import OrgFile

    schema = OrgFile.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def org_json_schema_text() -> str:
    """The schema as the committed file holds it (stable key order, trailing newline)."""
    return json.dumps(org_json_schema(), indent=2, ensure_ascii=False) + "\n"
