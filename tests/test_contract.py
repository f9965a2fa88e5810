"""The JSON contract: every command's real JSON output validates against the schema that
ships in the package, and every command with --json has a schema."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from typer.main import get_command
from typer.testing import CliRunner

from dyscalc.cli import app
from dyscalc.output_schemas import schema_names

OUTPUTS = [
    ("causes", ["causes"]),
    ("causes", ["causes", "--source", "guideline"]),
    ("conditions", ["conditions"]),
    ("explain", ["explain", "definition"]),
    ("explain", ["explain"]),
    ("citations", ["citations"]),
    ("search", ["search", "inflam"]),
    ("search", ["search", "kidney"]),
    ("search", ["search", "nothing at all"]),
    ("show", ["show", "trauma"]),
    ("show", ["show", "mechanism-guideline"]),
    ("show", ["show", "treatment"]),
    ("info", ["info"]),
    ("compare", ["compare"]),
    ("overview", ["overview"]),
    ("validate", ["validate"]),
    ("verify", ["verify"]),
    ("source", ["source"]),
    ("source", ["source", "trauma"]),
    ("export", ["export", "--format", "json"]),
]


def schema(command: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["schema", command])
    assert result.exit_code == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


@pytest.mark.parametrize(("command", "args"), OUTPUTS, ids=[" ".join(a) for _, a in OUTPUTS])
def test_output_matches_its_schema(command: str, args: list[str]) -> None:
    with_json = args if command == "export" else [*args, "--json"]
    result = CliRunner().invoke(app, with_json)
    assert result.exit_code == 0, result.stderr
    validator = Draft202012Validator(schema(command))
    errors = [
        f"{list(e.path)}: {e.message}" for e in validator.iter_errors(json.loads(result.stdout))
    ]
    assert errors == []


@pytest.mark.parametrize("name", schema_names())
def test_every_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    document = schema(name)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


def test_every_command_with_json_output_has_a_schema() -> None:
    group = get_command(app)
    with_json = {
        name
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        if any("--json" in p.opts for p in command.params) or name == "export"
    }
    assert with_json == set(schema_names())


def test_a_schema_rejects_a_changed_shape() -> None:
    causes = json.loads(CliRunner().invoke(app, ["causes", "--json"]).stdout)
    causes[0]["citations"] = "2, 3"
    assert not Draft202012Validator(schema("causes")).is_valid(causes)


def test_unknown_schema_is_a_usage_error_with_a_suggestion() -> None:
    result = CliRunner().invoke(app, ["schema", "cause"])
    assert result.exit_code == 2
    assert "did you mean 'causes'?" in result.stderr
