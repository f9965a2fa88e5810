"""The dataset as plain data in the file's own shape: for `export` and the parse cache.

Both directions follow the model's declarations (model.py). `to_document` writes what the
checker reads, so an exported file validates and loads back to an equal Dataset.
`from_document` rebuilds a Dataset from such data, checking every value's type on the
way: the cache stores documents, and a cache file is outside dyscalc's control.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from operator import attrgetter
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
    attributes named in `leading` first; made once, since JSON output calls it per item.

    Every value is read at once by one attrgetter, and only the values that are not JSON
    already are converted: a loop over every field took twice as long."""
    known = _MAKERS.get((cls, kind, leading))
    if known is not None:
        return known
    fields = {f.name: f for f in declared_fields(cls) if f.applies({"kind": kind})}
    names = [*leading, *(name for name in fields if name not in leading)]
    keys = [fields[name].key if name in fields else name for name in names]
    converted = []
    for key, name in zip(keys, names, strict=True):
        convert = _plain_converter(fields[name]) if name in fields else None
        if convert is not None:
            converted.append((key, convert))
    getter = attrgetter(*names)

    def make(item: Any) -> dict[str, Any]:
        record = dict(zip(keys, getter(item), strict=True))
        for key, convert in converted:
            value = record[key]
            if value is not None:
                record[key] = convert(value)
        return record

    _MAKERS[(cls, kind, leading)] = make
    return make


def _plain_converter(field: DeclaredField) -> Callable[[Any], Any] | None:
    """How a value of the field's kind becomes a JSON value; None where it is one already."""
    kind = field.kind
    if isinstance(kind, CitationNumbers) or (
        isinstance(kind, ListOf) and not isinstance(kind.item, Record)
    ):
        return list
    if isinstance(kind, ListOf):
        return _plain_records
    if isinstance(kind, Source):
        return _VALUE_OF
    if isinstance(kind, Record):
        return plain_fields
    return None


def _plain_records(items: tuple[object, ...]) -> list[dict[str, Any]]:
    return [plain_fields(item) for item in items]


_VALUE_OF = attrgetter("value")


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
    """A function that builds `record`'s dataclass from its document, checking each value
    by its field's declaration; made once per record."""
    known = _DECODERS.get(id(record))
    if known is not None:
        return known
    fields = [f for f in declared_fields(record.cls) if f.applies(record.context)]
    keys = frozenset(f.key for f in fields)
    plan = [(f.name, f.key, _reader(f.kind), f.required, f.default) for f in fields]
    constants = {k: v for k, v in record.context.items() if not isinstance(v, Parent)}
    inherited = [(k, v.name) for k, v in record.context.items() if isinstance(v, Parent)]
    noun = record.noun

    def decode(document: Any, parent: dict[str, Any]) -> Any:
        if type(document) is not dict or not keys.issuperset(document):
            _refuse(noun)
        values = dict(constants)
        for name, parent_name in inherited:
            values[name] = parent[parent_name]
        get = document.get
        for name, key, read, required, default in plan:
            value = get(key)
            if value is None:
                if required:
                    _refuse(noun)
                values[name] = default
            else:
                values[name] = read(value, values)
        return record.cls(**values)

    _DECODERS[id(record)] = decode
    return decode


_SOURCES = {source.value: source for source in EvidenceSource}


def _text(value: Any, _values: dict[str, Any]) -> Any:
    return value if type(value) is str and value else _refuse("a text")


def _source(value: Any, _values: dict[str, Any]) -> Any:
    source = _SOURCES.get(value) if type(value) is str else None
    return source if source is not None else _refuse("a source")


def _reader(kind: Kind) -> Decode:
    """How a value of `kind` is checked and turned into the model's value."""
    if isinstance(kind, (Text, Identifier, CategoryRef)):
        return _text
    if isinstance(kind, WholeNumber):
        least = kind.minimum
        return lambda value, _values: (
            value if type(value) is int and value >= least else _refuse("a number")
        )
    if isinstance(kind, Source):
        return _source
    if isinstance(kind, CitationNumbers):
        return lambda value, _values: _numbers(value)
    if isinstance(kind, ListOf) and not isinstance(kind.item, Record):
        assert isinstance(kind.item, Text), "lists hold texts or records"
        return lambda value, _values: _texts(value)
    if isinstance(kind, ListOf):
        assert isinstance(kind.item, Record)
        return _each(_decoder(kind.item))
    assert isinstance(kind, Record), f"no reader for {type(kind).__name__}"
    return _decoder(kind)
