"""Each dataset record is declared once (model.py), and everything that must agree with
the declarations follows from them: the checker, the codec, the shipped JSON Schemas and
the README's schema block."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from dyscalc.cli import app
from dyscalc.codec import NotADataset, from_document, to_document
from dyscalc.errors import DatasetError
from dyscalc.fields import Record, declared_fields
from dyscalc.loader import bundled_dataset_path, load
from dyscalc.model import DATASET
from dyscalc.schema_generation import SCHEMA_FOLDER, build_schemas

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _records(record: Record, seen: dict[type, Record]) -> dict[type, Record]:
    if record.cls not in seen:
        seen[record.cls] = record
        for field in declared_fields(record.cls):
            kind = getattr(field.kind, "item", field.kind)
            if isinstance(kind, Record):
                _records(kind, seen)
    return seen


ALL_RECORDS = list(_records(DATASET, {}).values())


@pytest.mark.parametrize("command", sorted(build_schemas()))
def test_each_shipped_schema_is_what_the_declarations_build(command: str) -> None:
    shipped = (SCHEMA_FOLDER / f"{command}.schema.json").read_text(encoding="utf-8")
    assert shipped == build_schemas()[command], (
        "run: python -m dyscalc.schema_generation, and review the diff"
    )


def test_no_schema_ships_that_is_not_built() -> None:
    shipped = {p.name.removesuffix(".schema.json") for p in SCHEMA_FOLDER.glob("*.schema.json")}
    assert shipped == set(build_schemas())


def test_output_schemas_share_one_entry_definition() -> None:
    schemas = {name: json.loads(text) for name, text in build_schemas().items()}
    entries = [schemas[name]["$defs"]["entry"] for name in ("causes", "conditions", "show")]
    assert entries[0] == entries[1] == entries[2]
    assert schemas["causes"]["items"] == {"$ref": "#/$defs/entry"}


@pytest.mark.parametrize("record", ALL_RECORDS, ids=lambda r: r.cls.__name__)
def test_the_readme_schema_block_names_every_declared_field(record: Record) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Schema", 1)[1].split("```", 2)[1]
    keys = set(re.findall(r"([a-z_0-9]+):", block))
    missing = [f.key for f in declared_fields(record.cls) if f.key not in keys]
    assert missing == []


def test_an_export_validates_against_the_export_schema() -> None:
    document = to_document(load())
    schema = json.loads(build_schemas()["export"])
    assert list(Draft202012Validator(schema).iter_errors(document)) == []


def test_the_codec_round_trips_the_bundled_dataset() -> None:
    dataset = load(use_cache=False)
    assert from_document(json.loads(json.dumps(to_document(dataset)))) == dataset


def _entry(document: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = document["causes"][0]
    return entry


# (case, how a well-formed document is damaged): every one must be refused.
DAMAGED_DOCUMENTS = [
    ("name is a number", lambda d: _entry(d).update(name=7)),
    ("name is empty", lambda d: _entry(d).update(name="")),
    ("citation is text", lambda d: _entry(d).update(citations=["2"])),
    ("citation is negative", lambda d: _entry(d).update(citations=[-1])),
    ("citation is a boolean", lambda d: _entry(d).update(citations=[True])),
    ("unknown source", lambda d: _entry(d).update(source="studies")),
    ("unknown field", lambda d: _entry(d).update(nmae="Trauma")),
    ("required field missing", lambda d: _entry(d).pop("source")),
    ("examples not a list", lambda d: _entry(d).update(examples="a, b")),
    ("category on a condition", lambda d: d["conditions"][0].update(category="trauma")),
    ("topics not a list", lambda d: d.update(topics={})),
    ("statement text is a list", lambda d: d["topics"][0]["statements"][0].update(text=["x"])),
    ("reference year is text", lambda d: d["citations"][0].update(reference={"year": "2020"})),
    ("the whole document is a list", lambda d: d.clear()),
]


@pytest.mark.parametrize(
    ("case", "damage"), DAMAGED_DOCUMENTS, ids=[c for c, _ in DAMAGED_DOCUMENTS]
)
def test_the_codec_refuses_a_damaged_document(case: str, damage: Any) -> None:
    document = json.loads(json.dumps(to_document(load(use_cache=False))))
    damage(document)
    with pytest.raises(NotADataset):
        from_document(document)


@pytest.mark.parametrize("field", ["examples", "categories", "description", "category", "note"])
def test_an_optional_field_given_as_null_loads_as_if_absent(field: str, write_dataset) -> None:
    text = bundled_dataset_path().read_text(encoding="utf-8")
    if field == "categories":  # with no categories, no cause may name one
        text = re.sub(r"\n    category: [a-z-]+", "", text)
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        key = line.strip().removeprefix("- ").split(":")[0]
        if key == field:
            indent = line[: len(line) - len(line.lstrip())]
            # Drop the field's value (and any indented lines that continue it); write null.
            end = index + 1
            while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > len(indent):
                end += 1
            lines[index:end] = [f"{indent}{field}: ~\n"]
            break
    else:
        pytest.fail(f"the bundled dataset has no {field!r}")
    path = write_dataset("".join(lines))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    assert load(path, use_cache=False) is not None


NUMBERS = [
    ("negative citation", "[-1]", "a citation number must be 0 or more, not -1"),
    ("huge citation", "[" + "9" * 5000 + "]", "a citation number must have at most 18 digits"),
    ("huge with a sign", "[+" + "9" * 19 + "]", "a citation number must have at most 18 digits"),
]


@pytest.mark.parametrize(("case", "citations", "message"), NUMBERS, ids=[c[0] for c in NUMBERS])
def test_numbers_out_of_range_are_refused_at_their_line(
    case: str, citations: str, message: str, bundled_text: str, write_dataset
) -> None:
    text = bundled_text.replace("    citations: [2, 3, 4, 5]\n", f"    citations: {citations}\n")
    path = write_dataset(text)
    line = text.splitlines().index(f"    citations: {citations}") + 1
    with pytest.raises(DatasetError) as raised:
        load(path, use_cache=False)
    assert [str(p) for p in raised.value.problems] == [f"{path}:{line}:17: {message}"]


def test_a_huge_number_where_text_belongs_is_quoted_short(bundled_text: str, write_dataset) -> None:
    path = write_dataset(
        bundled_text.replace(
            "  - id: trauma\n    name: Trauma\n    source: research\n",
            "  - id: trauma\n    name: " + "7" * 10_000 + "\n    source: research\n",
        )
    )
    with pytest.raises(DatasetError) as raised:
        load(path, use_cache=False)
    (problem,) = raised.value.problems
    assert problem.message.startswith("cause name must be text, not a number ('777")
    assert problem.message.endswith("… (10,000 characters)) (quote it to make it text)")
    assert len(problem.message) < 200


def test_a_citation_defined_twice_is_reported_once_without_cascades(
    bundled_text: str, write_dataset
) -> None:
    # Citation 1 defined again as research: the first (guideline) definition still counts,
    # so the guideline statements that cite 1 are not also reported.
    text = bundled_text.replace(
        "  - id: 2\n    source: research\n", "  - id: 1\n    source: research\n"
    )
    path = write_dataset(text)
    with pytest.raises(DatasetError) as raised:
        load(path, use_cache=False)
    messages = [p.message for p in raised.value.problems]
    first = text.splitlines().index("  - id: 1") + 1
    assert [m for m in messages if "citation 1" in m] == [
        f"citation 1 is defined twice (first at line {first})"
    ]
    assert all(m == "citation 2 is not defined under 'citations'" for m in messages[:-1])


TRAUMA_QUOTE = (
    "    quote:\n      line: 21\n      text: >-\n"
    "        Trauma: Dystrophic calcification can occur after injury to soft tissue\n"
)


def test_a_version_2_file_gives_every_item_its_quote() -> None:
    records = {}
    for args in (["show", "trauma"], ["causes", "--source", "research"], ["search", "soft tissue"]):
        result = CliRunner().invoke(app, [*args, "--json"])
        assert result.exit_code == 0, result.stderr
        found = json.loads(result.stdout)
        records[args[0]] = found if isinstance(found, dict) else found[0]
    expected = {
        "line": 21,
        "text": "Trauma: Dystrophic calcification can occur after injury to soft tissue",
    }
    assert {name: record["quote"] for name, record in records.items()} == {
        "show": expected,
        "causes": expected,
        "search": expected,
    }


def test_a_version_1_file_may_not_use_a_version_2_field(bundled_text: str, write_dataset) -> None:
    text = bundled_text.replace("schema_version: 2\n", "schema_version: 1\n")
    path = write_dataset(text)
    lines = text.splitlines()
    line = lines.index("    quote:", lines.index("  - id: trauma")) + 1
    with pytest.raises(DatasetError) as raised:
        load(path, use_cache=False)
    problems = [str(p) for p in raised.value.problems]
    assert f"{path}:{line}:5: field 'quote' needs schema_version 2 (this file says 1)" in problems
    assert len(problems) == 23  # the sha256 and the 22 quotes
    assert all(p.endswith("needs schema_version 2 (this file says 1)") for p in problems)


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        ("    quote: {line: 0, text: x}\n", "quote line must be 1 or more, not 0"),
        ("    quote: {line: 3}\n", "a quote is missing the required field 'text'"),
        ("    quote: {line: 3, text: ''}\n", "quote text must not be empty"),
        ("    quote: 'line 3'\n", "a quote must be a mapping, not text ('line 3')"),
    ],
)
def test_a_bad_quote_is_refused_at_its_line(
    quote: str, message: str, bundled_text: str, write_dataset
) -> None:
    assert bundled_text.count(TRAUMA_QUOTE) == 1
    text = bundled_text.replace(TRAUMA_QUOTE, quote)
    path = write_dataset(text)
    with pytest.raises(DatasetError) as raised:
        load(path, use_cache=False)
    assert [p.message for p in raised.value.problems] == [message]
