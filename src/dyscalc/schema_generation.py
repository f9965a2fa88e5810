"""Build every shipped JSON Schema (in dyscalc/schemas/) from one set of definitions.

The records of a dataset file and the items of the JSON output (`entry`, `statement`,
`quote`) are generated from the model's declarations; each command's own shape is written
once below and refers to those shared definitions. Each shipped file carries the
definitions it uses, so that `dyscalc schema COMMAND` prints a schema that stands alone.

    python -m dyscalc.schema_generation    # rewrite the shipped schemas

A test fails when a shipped schema differs from what this module builds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from dyscalc.fields import (
    CategoryRef,
    CitationNumbers,
    DeclaredField,
    Identifier,
    Kind,
    ListOf,
    Record,
    Source,
    Text,
    WholeNumber,
    declared_fields,
)
from dyscalc.model import DATASET, SCHEMA_VERSION, Entry, Statement
from dyscalc.render.records import ENTRY_KEYS_OF_1_0
from dyscalc.source_document import LineKind

SCHEMA_FOLDER = Path(__file__).parent / "schemas"
_READABLE_VERSIONS = "1" if SCHEMA_VERSION == 1 else f"1 to {SCHEMA_VERSION}"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ID_BASE = "https://dyscalc.invalid/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if set(schema) == {"type"} and isinstance(schema["type"], str):
        return {"type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }


_BASIC_DEFINITIONS: dict[str, Any] = {
    "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    "source": {"enum": ["guideline", "research"]},
    "citations": {"type": "array", "items": {"type": "integer", "minimum": 0}, "uniqueItems": True},
}


# -- records as a dataset file writes them ----------------------------------------------


def _record_name(record: Record) -> str:
    return record.noun.removeprefix("a ").removeprefix("the ")


def _value_schema(kind: Kind, definitions: dict[str, Any]) -> dict[str, Any]:
    if isinstance(kind, (Identifier, CategoryRef)):
        return ref("id")
    if isinstance(kind, Text):
        return {"type": "string"}
    if isinstance(kind, WholeNumber):
        return {"type": "integer", "minimum": kind.minimum}
    if isinstance(kind, Source):
        return ref("source")
    if isinstance(kind, CitationNumbers):
        return ref("citations")
    if isinstance(kind, ListOf):
        return _array(_value_schema(kind.item, definitions))
    assert isinstance(kind, Record), f"no schema for {type(kind).__name__}"
    name = _record_name(kind)
    if name not in definitions:
        definitions[name] = {}  # claimed first: a record may not contain itself
        definitions[name] = _file_record_schema(kind, definitions)
    return ref(name)


def _file_record_schema(record: Record, definitions: dict[str, Any]) -> dict[str, Any]:
    fields = [f for f in declared_fields(record.cls) if f.applies(record.context)]
    properties = {}
    for field in fields:
        schema = _value_schema(field.kind, definitions)
        if record is DATASET and field.name == "schema_version":
            schema = {"type": "integer", "minimum": 1, "maximum": SCHEMA_VERSION}
        properties[field.key] = _nullable(schema) if field.write_null else schema
    required = [f.key for f in fields if f.required or f.write_null]
    return _object(properties, required)


def dataset_file_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The shape of a dataset file (and of `export --format json`), with its definitions."""
    definitions: dict[str, Any] = {}
    return _file_record_schema(DATASET, definitions), definitions


# -- items as the JSON output writes them -------------------------------------------------


def _output_fields(fields: list[DeclaredField], definitions: dict[str, Any]) -> dict[str, Any]:
    """Output records carry every field: an absent optional value is null, a list empty."""
    properties = {}
    for field in fields:
        schema = _value_schema(field.kind, definitions)
        optional_value = not field.required and not isinstance(field.kind, ListOf)
        properties[field.key] = _nullable(schema) if optional_value else schema
    return properties


def _output_definitions() -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    entry_fields = {f.key: f for f in declared_fields(Entry)}
    declared = _output_fields(list(entry_fields.values()), definitions)
    order = list(ENTRY_KEYS_OF_1_0)
    order += [key for key in declared if key not in order]
    declared["kind"] = {"enum": ["cause", "condition"]}
    entry_properties = {key: declared[key] for key in order}
    only_some = [k for k, f in entry_fields.items() if f.only_for is not None]
    definitions["entry"] = _object(entry_properties, [k for k in order if k not in only_some])
    statement = _output_fields(list(declared_fields(Statement)), definitions)
    definitions["statement"] = _object(statement, list(statement))
    definitions["topic"] = _object(
        {"topic": ref("id"), "title": {"type": "string"}, "statements": _array(ref("statement"))},
        ["topic", "title", "statements"],
    )
    return definitions


def _with_kind(definition: dict[str, Any], kind: str, **more: Any) -> dict[str, Any]:
    """An output record's definition with a `kind` (and more keys) in front."""
    properties = {"kind": {"const": kind}, **more, **definition["properties"]}
    if "topic" in more and "topic" in definition["properties"]:
        properties["topic"] = more["topic"]
    return _object(properties, list(properties))


# -- each command's shape -----------------------------------------------------------------

_CITING_ITEM = _object(
    {
        "kind": {"enum": ["cause", "condition", "statement"]},
        "id": ref("id"),
        "name": {"type": "string"},
    },
    ["kind", "id", "name"],
)
_COUNT = {"type": "integer", "minimum": 0}
_COUNTS = {"type": "object", "additionalProperties": _COUNT}
_DOCUMENT_LINE = _object(
    {
        "line": {"type": "integer", "minimum": 1},
        "kind": {"enum": [kind.value for kind in LineKind]},
        "text": {"type": "string"},
        "quoted_by": _array(ref("id")),
        "unquoted_facts": _COUNT,
    },
    ["line", "kind", "text", "quoted_by", "unquoted_facts"],
)
_OUTLINE_NODE = _object(
    {
        "label": {"type": "string"},
        "source": {"anyOf": [ref("source"), {"type": "null"}]},
        "citations": ref("citations"),
        "children": _array(ref("node")),
    },
    ["label", "source", "citations", "children"],
)


def command_schemas() -> dict[str, dict[str, Any]]:
    """Every command's schema before its definitions are attached, by command name."""
    output = _output_definitions()
    return {
        "causes": {
            "title": "dyscalc causes --json",
            "description": "The causes, each with its evidence source and citation numbers.",
            **_array(ref("entry")),
        },
        "conditions": {
            "title": "dyscalc conditions --json",
            "description": "The associated conditions, each with its evidence source and "
            "citation numbers.",
            **_array(ref("entry")),
        },
        "explain": {
            "title": "dyscalc explain [TOPIC] --json",
            "description": "One topic with its statements; with no TOPIC, the list of topics.",
            "oneOf": [
                ref("topic"),
                _array(
                    _object(
                        {
                            "topic": ref("id"),
                            "title": {"type": "string"},
                            "sources": _array(ref("source")),
                            "statements": {"type": "integer", "minimum": 0},
                        },
                        ["topic", "title", "sources", "statements"],
                    )
                ),
            ],
        },
        "citations": {
            "title": "dyscalc citations --json",
            "description": "Every citation with its source, what cites it, and its reference "
            "(null when the source gives none).",
            **_array(
                _object(
                    {
                        "id": {"type": "integer", "minimum": 0},
                        "source": ref("source"),
                        "cited_by": _array(_CITING_ITEM),
                        "reference": {"type": ["string", "null"]},
                    },
                    ["id", "source", "cited_by", "reference"],
                )
            ),
        },
        "search": {
            "title": "dyscalc search TEXT --json",
            "description": "Every entry and statement that contains TEXT, in any case; [] when "
            "none does.",
            **_array(
                {
                    **_object(
                        {
                            "kind": {"enum": ["cause", "condition", "statement"]},
                            "id": ref("id"),
                            "name": {"type": "string"},
                            "source": ref("source"),
                            "citations": ref("citations"),
                            "topic": ref("id"),
                            "text": {"type": "string"},
                            "quote": _nullable(ref("quote")),
                        },
                        ["kind", "id", "name", "source", "citations", "quote"],
                    ),
                    "if": {"properties": {"kind": {"const": "statement"}}},
                    "then": {"required": ["topic", "text"]},
                    "else": {"not": {"anyOf": [{"required": ["topic"]}, {"required": ["text"]}]}},
                }
            ),
        },
        "show": {
            "title": "dyscalc show ID --json",
            "description": "One cause, condition, statement or topic, with its kind.",
            "oneOf": [
                ref("entry"),
                _with_kind(output["statement"], "statement", topic=ref("id")),
                _with_kind(output["topic"], "topic"),
            ],
        },
        "info": {
            "title": "dyscalc info --json",
            "description": "The dataset's title, versions, provenance, counts and the medical "
            "disclaimer.",
            **_object(
                {
                    "title": {"type": "string"},
                    "dataset_version": {"type": "string"},
                    "schema_version": {"type": "integer"},
                    "dyscalc_version": {"type": "string"},
                    "provenance": _object(
                        {"document": {"type": "string"}, "note": {"type": ["string", "null"]}},
                        ["document", "note"],
                    ),
                    "counts": {
                        **_COUNTS,
                        "required": ["causes", "conditions", "topics", "statements", "citations"],
                    },
                    "disclaimer": {"type": "string", "minLength": 1},
                },
                [
                    "title",
                    "dataset_version",
                    "schema_version",
                    "dyscalc_version",
                    "provenance",
                    "counts",
                    "disclaimer",
                ],
            ),
        },
        "compare": {
            "title": "dyscalc compare --json",
            "description": "Cause categories (dyscalc's grouping) with the ids of the causes "
            "each source lists under them.",
            **_array(
                _object(
                    {
                        "category": ref("id"),
                        "name": {"type": "string"},
                        "guideline": _array(ref("id")),
                        "research": _array(ref("id")),
                    },
                    ["category", "name", "guideline", "research"],
                )
            ),
        },
        "overview": {
            "title": "dyscalc overview --json",
            "description": "The whole topic as a tree of labelled lines, each with its source "
            "and citations.",
            **ref("node"),
        },
        "validate": {
            "title": "dyscalc validate --json",
            "description": "Whether a dataset file is valid, and every problem found in it.",
            **_object(
                {
                    "path": {"type": "string"},
                    "valid": {"type": "boolean"},
                    "counts": _COUNTS,
                    "problems": _array(
                        _object(
                            {
                                "line": {"type": ["integer", "null"], "minimum": 1},
                                "column": {"type": ["integer", "null"], "minimum": 1},
                                "message": {"type": "string"},
                            },
                            ["line", "column", "message"],
                        )
                    ),
                },
                ["path", "valid", "problems", "counts"],
            ),
        },
        "verify": {
            "title": "dyscalc verify --json",
            "description": "Whether the dataset agrees with its source document: every "
            "problem (in the dataset file or in the document), and how many of the "
            "document's facts are quoted.",
            **_object(
                {
                    "dataset": {"type": "string"},
                    "document": {"type": "string"},
                    "verified": {"type": "boolean"},
                    "facts": _COUNT,
                    "facts_quoted": _COUNT,
                    "items": _COUNT,
                    "problems": _array(
                        _object(
                            {
                                "path": {"type": "string"},
                                "line": {"type": ["integer", "null"], "minimum": 1},
                                "message": {"type": "string"},
                            },
                            ["path", "line", "message"],
                        )
                    ),
                    "summary": {"type": "string"},
                },
                [
                    "dataset",
                    "document",
                    "verified",
                    "facts",
                    "facts_quoted",
                    "items",
                    "problems",
                    "summary",
                ],
            ),
        },
        "source": {
            "title": "dyscalc source [ID] --json",
            "description": "The source document, each line with the items that quote it; "
            "with an ID, that item's quote and the lines around it.",
            "oneOf": [
                _object(
                    {
                        "document": {"type": "string"},
                        "facts": _COUNT,
                        "facts_quoted": _COUNT,
                        "lines": _array(ref("line")),
                    },
                    ["document", "facts", "facts_quoted", "lines"],
                ),
                _object(
                    {
                        "id": ref("id"),
                        "kind": {"enum": ["cause", "condition", "statement"]},
                        "quote": ref("quote"),
                        "document": {"type": "string"},
                        "heading_path": {"type": ["string", "null"]},
                        "start": {"type": ["integer", "null"], "minimum": 0},
                        "lines": _array(ref("line")),
                    },
                    ["id", "kind", "quote", "document", "heading_path", "start", "lines"],
                ),
            ],
        },
        "export": {
            "title": "dyscalc export --format json",
            "description": "The whole dataset in the shape of the dataset file "
            f"(schema_version {_READABLE_VERSIONS}).",
            **dataset_file_schema()[0],
        },
    }


def _used_definitions(schema: Any, available: dict[str, Any]) -> dict[str, Any]:
    """The definitions that `schema` refers to, directly or through each other."""
    used: dict[str, Any] = {}
    pending = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            target = node.get("$ref", "")
            name = target.removeprefix("#/$defs/")
            if target.startswith("#/$defs/") and name not in used:
                used[name] = available[name]
                pending.append(available[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return {name: used[name] for name in available if name in used}


def build_schemas() -> dict[str, str]:
    """Every shipped schema's text, by command name."""
    definitions = {
        **_BASIC_DEFINITIONS,
        **_output_definitions(),
        "node": _OUTLINE_NODE,
        "line": _DOCUMENT_LINE,
    }
    # The export holds the file's own records, whose names the output items share.
    file_definitions = {**_BASIC_DEFINITIONS, **dataset_file_schema()[1]}
    texts = {}
    for command, body in command_schemas().items():
        available = file_definitions if command == "export" else definitions
        schema = {"$schema": _DRAFT, "$id": f"{_ID_BASE}{command}.schema.json", **body}
        used = _used_definitions(body, available)
        if used:
            schema["$defs"] = used
        texts[command] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return texts


def main() -> None:
    """Rewrite the shipped schemas and say which changed."""
    for command, text in build_schemas().items():
        path = SCHEMA_FOLDER / f"{command}.schema.json"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            sys.stdout.write(f"wrote {path}\n")


if __name__ == "__main__":
    main()
