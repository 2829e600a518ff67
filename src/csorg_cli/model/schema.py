"""The JSON Schemas of the org format, generated from the pydantic models.

pydantic's schema says what the models accept; the passes below make it say what *csorg* accepts,
so that an editor (yaml-language-server), check-jsonschema or ajv agree with ``csorg validate`` in
both directions, and offer completion where csorg knows the values. They work on the shape of the
schema, not on field names where they can, so a field added to the models later gets them too:

* a mapping keyed by ids (``roles``, ``segments``, ``groups``, any ``dict[Id, Model]``) checks every
  key against the id pattern *and* every value, whatever its key (pydantic's ``patternProperties``
  skipped the values under a bad key and let the key through);
* a field that also takes one item for a list (``include: teams/*.yaml``, a ``BeforeValidator``
  pydantic cannot describe) takes both forms;
* ``type:`` lists the archetype ids of the catalogue, with their names as descriptions, and
  ``owns:`` offers the functions and responsibilities csorg knows (any other word stays valid);
* a date (``as_of``) is also valid as what a YAML 1.1 parser makes of an unquoted date (js-yaml,
  under ajv, gives a Date object, not a string).

Two schemas ship: the org file's, and the fragment's (a file named by ``include:``, ``roles:`` only),
for editors to map onto team files.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://csorg.dev/schemas/csorg.schema.json"
FRAGMENT_SCHEMA_ID = "https://csorg.dev/schemas/csorg-fragment.schema.json"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Fields that take one item where a list is expected (model.org._one_or_many).
_ONE_OR_MANY = ("include",)


def org_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of an org file, for editors and other validators."""
    from csorg_cli.model.org import OrgFile

    return _finish(OrgFile.model_json_schema(mode="validation"), SCHEMA_ID)


def fragment_json_schema() -> dict[str, Any]:
    """JSON Schema of a file that an org includes: ``roles:`` (and ``csorg: 1``, ``include:``)."""
    from csorg_cli.model.org import OrgFragment

    schema = OrgFragment.model_json_schema(mode="validation")
    schema["title"] = "csorg org fragment (a file named by include:)"
    return _finish(schema, FRAGMENT_SCHEMA_ID)


def org_json_schema_text() -> str:
    """The schema as the committed file holds it (stable key order, trailing newline)."""
    return _text(org_json_schema())


def fragment_json_schema_text() -> str:
    return _text(fragment_json_schema())


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _finish(schema: dict[str, Any], schema_id: str) -> dict[str, Any]:
    _check_every_keyed_value(schema)
    for name in _ONE_OR_MANY:
        _one_or_many(schema, name)
    definitions = schema.get("$defs", {})
    role = definitions.get("Role", {}).get("properties", {})
    if "type" in role:
        _archetype_ids(role["type"])
    if "owns" in role:
        _owns_completion(role["owns"])
    for definition in [schema, *definitions.values()]:
        for field in definition.get("properties", {}).values():
            _dates_from_yaml(field)
    return {"$schema": _DRAFT, "$id": schema_id, **schema}


def _walk(node: Any):
    """Every dict in a schema, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _check_every_keyed_value(schema: dict[str, Any]) -> None:
    """``patternProperties: {ID: X}`` -> ``propertyNames: {pattern: ID}`` + ``additionalProperties:
    X``: a key that breaks the pattern is an error, and its value is still checked."""
    for node in list(_walk(schema)):
        patterns = node.get("patternProperties")
        if (
            isinstance(patterns, dict)
            and len(patterns) == 1
            and "properties" not in node
            and "additionalProperties" not in node
        ):
            ((pattern, value),) = patterns.items()
            del node["patternProperties"]
            node["propertyNames"] = {"pattern": pattern}
            node["additionalProperties"] = value


def _one_or_many(schema: dict[str, Any], name: str) -> None:
    for node in list(_walk(schema)):
        field = (
            node.get("properties", {}).get(name)
            if isinstance(node.get("properties"), dict)
            else None
        )
        if isinstance(field, dict) and field.get("type") == "array" and "items" in field:
            items = field.pop("items")
            field.pop("type")
            field["anyOf"] = [items, {"type": "array", "items": items}]


def _archetype_ids(field: dict[str, Any]) -> None:
    from csorg_cli.model.catalogue import Catalogue

    archetypes = list(Catalogue.load())
    choice = {
        "type": "string",
        "enum": [a.id for a in archetypes],
        # What editors show beside each id (VS Code, yaml-language-server).
        "enumDescriptions": [a.name for a in archetypes],
        "markdownEnumDescriptions": [f"**{a.name}**: {a.description}" for a in archetypes],
    }
    _replace_string(field, choice)


def _owns_completion(field: dict[str, Any]) -> None:
    from csorg_cli.model.catalogue import FUNCTIONS, RESPONSIBILITIES

    known = list(dict.fromkeys([*RESPONSIBILITIES, *FUNCTIONS]))
    for node in _walk(field.get("items", {})):
        if node.get("type") == "string" and "enum" not in node:
            # anyOf: editors complete the known words; any other non-empty word stays valid.
            text = dict(node)
            node.clear()
            node["anyOf"] = [{"type": "string", "enum": known}, text]
            break


def _replace_string(field: dict[str, Any], choice: dict[str, Any]) -> None:
    """Put ``choice`` where ``field`` (perhaps ``anyOf: [string, null]``) takes a string."""
    options = field.get("anyOf")
    if isinstance(options, list):
        for index, option in enumerate(options):
            if option.get("type") == "string":
                options[index] = choice
        return
    if field.get("type") == "string":
        field.pop("type")
        field.update(choice)


def _dates_from_yaml(field: dict[str, Any]) -> None:
    for node in _walk(field):
        options = node.get("anyOf")
        if not isinstance(options, list):
            continue
        if any(o.get("format") == "date" and o.get("type") == "string" for o in options):
            # js-yaml turns an unquoted 2024-01-01 into a Date, which ajv sees as an object
            # without properties: valid here too, as it is for csorg.
            options.append(
                {
                    "type": "object",
                    "maxProperties": 0,
                    "description": "An unquoted YAML date, as a YAML 1.1 parser reads it.",
                }
            )
