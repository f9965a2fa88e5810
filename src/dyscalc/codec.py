"""The dataset as plain data in the file's own shape: for `export` and the parse cache.

Both directions follow the model's declarations (model.py). `to_document` writes what the
checker reads, so an exported file validates and loads back to an equal Dataset.
`from_document` rebuilds a Dataset from such data, checking every value's type on the
way: the cache stores documents, and a cache file is outside dyscalc's control.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from dyscalc.fields import (
    CategoryRef,
    CitationNumbers,
    DeclaredField,
    Identifier,
    Kind,
    ListOf,
    Parent,
    Record,
    Source,
    Text,
    WholeNumber,
    declared_fields,
)
from dyscalc.model import DATASET, Dataset, EvidenceSource


class NotADataset(ValueError):
    """Plain data that is not the document of a dataset."""


def to_document(dataset: Dataset) -> dict[str, Any]:
    """The dataset in its file's shape: keys in declaration order, optional fields at
    their default left out."""
    return _record_document(dataset)


def _record_document(record: object) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for field in declared_fields(type(record)):
        value = getattr(record, field.name)
        if not field.required and value == field.default:
            if field.write_null:
                document[field.key] = None
            continue
        document[field.key] = _plain(value)
    return document


def _plain(value: object) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, (str, int)) or value is None:
        return value
    return _record_document(value)


def plain_fields(item: object) -> dict[str, Any]:
    """The declared fields of a model record that apply to it, as JSON values by key in
    declaration order, null where an optional value is absent: what the JSON records of
    the CLI and the MCP server are made of."""
    return record_maker(type(item), getattr(item, "kind", None))(item)


_MAKERS: dict[tuple[type, object, tuple[str, ...]], Callable[[Any], dict[str, Any]]] = {}


def record_maker(
    cls: type, kind: object = None, leading: tuple[str, ...] = ()
) -> Callable[[Any], dict[str, Any]]:
    """A function that turns a `cls` of this `kind` into its plain record, with the
    attributes named in `leading` first.

    JSON output calls it once per item (100,000 of them in a large dataset), so the
    record's layout is compiled once into one dict display, as dataclasses compiles an
    __init__: a loop over the fields took twice as long."""
    known = _MAKERS.get((cls, kind, leading))
    if known is not None:
        return known
    fields = {f.name: f for f in declared_fields(cls) if f.applies({"kind": kind})}
    names = [*leading, *(name for name in fields if name not in leading)]
    items = []
    for name in names:
        field = fields.get(name)
        value = f"item.{name}"
        if field is not None:
            value = _plain_expression(field, value)
        items.append(f"{(field.key if field else name)!r}: {value}")
    source = "def make(item):\n    return {" + ", ".join(items) + "}\n"
    namespace: dict[str, Any] = {"plain_fields": plain_fields}
    exec(compile(source, f"<record of {cls.__name__}>", "exec"), namespace)
    make: Callable[[Any], dict[str, Any]] = namespace["make"]
    _MAKERS[(cls, kind, leading)] = make
    return make


def _plain_expression(field: DeclaredField, value: str) -> str:
    """Python that makes `value`, a field of `field.kind`, a JSON value."""
    kind = field.kind
    if isinstance(kind, CitationNumbers) or (
        isinstance(kind, ListOf) and not isinstance(kind.item, Record)
    ):
        return f"list({value})"
    if isinstance(kind, ListOf):
        return f"[plain_fields(one) for one in {value}]"
    if isinstance(kind, Source):
        converted = f"{value}.value"
    elif isinstance(kind, Record):
        converted = f"plain_fields({value})"
    else:
        return value
    return converted if field.required else f"(None if {value} is None else {converted})"


# -- reading -------------------------------------------------------------------

Decode = Callable[[Any, dict[str, Any]], Any]


def from_document(document: Any) -> Dataset:
    """The Dataset that `document` (as `to_document` writes it) describes; NotADataset
    when any value has the wrong type or any field is missing or unknown."""
    dataset = _decoder(DATASET)(document, {})
    assert isinstance(dataset, Dataset)
    return dataset


def _refuse(what: str) -> Any:
    raise NotADataset(f"{what} is not as dyscalc writes it")


def _numbers(value: Any, least: int = 0) -> tuple[int, ...]:
    if type(value) is not list or any(type(n) is not int or n < least for n in value):
        _refuse("a list of numbers")
    return tuple(value)


def _texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list or any(type(t) is not str or not t for t in value):
        _refuse("a list of texts")
    return tuple(value)


def _each(decode: Decode) -> Callable[[Any, dict[str, Any]], tuple[Any, ...]]:
    def each(value: Any, parent: dict[str, Any]) -> tuple[Any, ...]:
        if type(value) is not list:
            _refuse("a list of records")
        return tuple(decode(one, parent) for one in value)

    return each


_DECODERS: dict[int, Decode] = {}


def _decoder(record: Record) -> Decode:
    """A function that builds `record`'s dataclass from its document, checking each value.

    Compiled once per record from its declarations, like record_maker: the cache reads
    every field of every item through it on each run."""
    known = _DECODERS.get(id(record))
    if known is not None:
        return known
    fields = [f for f in declared_fields(record.cls) if f.applies(record.context)]
    env: dict[str, Any] = {
        "cls": record.cls,
        "keys": frozenset(f.key for f in fields),
        "refuse": _refuse,
        "noun": record.noun,
        "sources": {source.value: source for source in EvidenceSource},
        "numbers": _numbers,
        "texts": _texts,
    }
    lines = [
        "def decode(document, parent):",
        "    if type(document) is not dict or not keys.issuperset(document):",
        "        refuse(noun)",
        "    get = document.get",
    ]
    arguments = []
    for index, field in enumerate(fields):
        value = f"v{index}"
        earlier = ", ".join(f"{f.name!r}: v{i}" for i, f in enumerate(fields[:index]))
        check = _check_lines(field.kind, value, index, env, "{" + earlier + "}")
        lines.append(f"    {value} = get({field.key!r})")
        if field.required:
            lines += [f"    if {value} is None:", "        refuse(noun)"]
            lines += [f"    {line}" for line in check]
        else:
            env[f"default{index}"] = field.default
            lines += [f"    if {value} is None:", f"        {value} = default{index}", "    else:"]
            lines += [f"        {line}" for line in check]
        arguments.append(f"{field.name}={value}")
    for name, given in record.context.items():
        if isinstance(given, Parent):
            arguments.append(f"{name}=parent[{given.name!r}]")
        else:
            env[f"context_{name}"] = given
            arguments.append(f"{name}=context_{name}")
    lines.append(f"    return cls({', '.join(arguments)})")
    exec(compile("\n".join(lines) + "\n", f"<decoder of {record.noun}>", "exec"), env)
    decode: Decode = env["decode"]
    _DECODERS[id(record)] = decode
    return decode


def _check_lines(
    kind: Kind, value: str, index: int, env: dict[str, Any], earlier: str
) -> list[str]:
    """Python that checks `value`, of `kind`, and turns it into the model's value."""
    if isinstance(kind, (Text, Identifier, CategoryRef)):
        return [f"if type({value}) is not str or not {value}:", "    refuse(noun)"]
    if isinstance(kind, WholeNumber):
        return [f"if type({value}) is not int or {value} < {kind.minimum}:", "    refuse(noun)"]
    if isinstance(kind, Source):
        return [
            f"{value} = sources.get({value}) if type({value}) is str else None",
            f"if {value} is None:",
            "    refuse(noun)",
        ]
    if isinstance(kind, CitationNumbers):
        return [f"{value} = numbers({value})"]
    if isinstance(kind, ListOf) and not isinstance(kind.item, Record):
        assert isinstance(kind.item, Text), "lists hold texts or records"
        return [f"{value} = texts({value})"]
    if isinstance(kind, ListOf):
        assert isinstance(kind.item, Record)
        env[f"read{index}"] = _each(_decoder(kind.item))
    else:
        assert isinstance(kind, Record), f"no decoder for {type(kind).__name__}"
        env[f"read{index}"] = _decoder(kind)
    return [f"{value} = read{index}({value}, {earlier})"]
