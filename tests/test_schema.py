"""schemas/csorg.schema.json is generated from the models and must not drift from them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from csorg_cli.loading.yamlsource import parse_yaml
from csorg_cli.model.schema import org_json_schema_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "csorg.schema.json"


def test_committed_schema_matches_the_models():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == org_json_schema_text(), (
        "schemas/csorg.schema.json is stale: run `csorg schema -o schemas/csorg.schema.json`"
    )


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_FILE.read_text()))


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_examples_conform_to_the_schema(path: Path):
    schema = json.loads(SCHEMA_FILE.read_text())
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path)).data
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


def test_schema_rejects_an_unknown_role_key():
    schema = json.loads(SCHEMA_FILE.read_text())
    document = {
        "csorg": 1,
        "organization": {"name": "A"},
        "roles": {"vp": {"title": "VP", "reprots_to": "x"}},
    }
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document))


def test_schema_command_prints_the_same_schema(capsys):
    from typer.testing import CliRunner

    from csorg_cli.cli.app import app

    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")


def test_committed_fragment_schema_matches_the_models():
    from csorg_cli.model.schema import fragment_json_schema_text

    committed = (ROOT / "schemas" / "csorg-fragment.schema.json").read_text(encoding="utf-8")
    assert committed == fragment_json_schema_text(), (
        "schemas/csorg-fragment.schema.json is stale: run "
        "`csorg schema --fragment -o schemas/csorg-fragment.schema.json`"
    )


def test_editors_complete_archetype_ids_and_owns_words():
    """yaml-language-server and VS Code offer an enum's values, with enumDescriptions beside."""
    from csorg_cli.model.catalogue import FUNCTIONS, RESPONSIBILITIES, Catalogue

    role = json.loads(SCHEMA_FILE.read_text())["$defs"]["Role"]["properties"]
    (choice,) = [o for o in role["type"]["anyOf"] if "enum" in o]
    archetypes = list(Catalogue.load())
    assert choice["enum"] == [a.id for a in archetypes]
    assert choice["enumDescriptions"] == [a.name for a in archetypes]
    words = next(o for o in role["owns"]["items"]["anyOf"] if "anyOf" in o)["anyOf"]
    assert set(words[0]["enum"]) == set(RESPONSIBILITIES) | set(FUNCTIONS)
    assert words[1] == {"type": "string", "minLength": 1}
