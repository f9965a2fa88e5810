"""The words the model uses to declare, once, how each field is written in a dataset file.

`model.py` declares every record with `declared(...)`: the field's key in the file, the
kind of value it holds, whether it is required (a field with a default is optional, and
absent or null gives that default), and the schema version that introduced it. The
checker, the codec, the JSON records and the JSON Schemas all read those declarations.

Plain classes, not dataclasses: every run imports this module, and a dataclass costs a
fraction of a millisecond to create (docs/performance.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

MISSING: Any = dataclasses.MISSING
_METADATA_KEY = "dyscalc"


class Kind:
    """What one value in a file may be. `label` names it in messages when the field gives
    no label of its own ("source must be text", not "cause source must be text")."""

    label: str | None = None


class Text(Kind):
    """Text that is not empty."""


class Identifier(Kind):
    """A kebab-case id. `unique` ids share one namespace across the whole dataset;
    `defines` names a namespace of its own that other fields refer to (categories)."""

    def __init__(self, *, unique: bool = False, defines: str | None = None) -> None:
        self.unique = unique
        self.defines = defines


class WholeNumber(Kind):
    """A whole number, 0 or more. `defines` names what the number identifies (citations)."""

    def __init__(self, *, defines: str | None = None, minimum: int = 0) -> None:
        self.defines = defines
        self.minimum = minimum


class Source(Kind):
    """guideline or research."""

    label = "source"


class CitationNumbers(Kind):
    """Citation numbers, each defined under `citations` with the record's own source."""

    label = "citations"


class CategoryRef(Kind):
    """The id of a category defined under `categories`."""

    label = "category"


class ListOf(Kind):
    """A list of values of one kind; `item_label` names one of them in messages (a list
    of records names its items by the record's noun)."""

    def __init__(self, item: Kind, *, item_label: str | None = None) -> None:
        self.item = item
        if item_label is None:
            assert isinstance(item, Record), "a list of plain values names its items"
            item_label = item.noun
        self.item_label = item_label


class Record(Kind):
    """A mapping read into the dataclass `cls`.

    `noun` names it in messages ("a cause"); `prefix` starts its fields' labels ("cause
    name"); `context` gives the values of its fields that the file does not hold, either
    constants or `Parent(key)`, the value the enclosing record read for `key`."""

    def __init__(
        self,
        cls: type,
        *,
        noun: str,
        prefix: str = "",
        context: Mapping[str, object] | None = None,
    ) -> None:
        self.cls = cls
        self.noun = noun
        self.prefix = prefix
        self.context: Mapping[str, object] = context or {}


class Parent:
    """A context value taken from the enclosing record: a statement's topic id."""

    def __init__(self, name: str) -> None:
        self.name = name


class FieldSpec:
    """How one model field is written in a file."""

    def __init__(
        self,
        kind: Kind,
        *,
        key: str | None,
        label: str | None,
        only_for: tuple[str, object] | None,
        since: int,
        write_null: bool,
    ) -> None:
        self.kind = kind
        self.key = key
        self.label = label
        self.only_for = only_for
        self.since = since
        self.write_null = write_null


def declared(
    kind: Kind,
    *,
    default: Any = MISSING,
    factory: Any = MISSING,
    key: str | None = None,
    label: str | None = None,
    only_for: tuple[str, object] | None = None,
    since: int = 1,
    write_null: bool = False,
) -> Any:
    """A dataclass field written in dataset files as `key` (the field's name by default).

    A field with a `default` (or a `factory` that makes one) is optional: absent or null
    in a file gives the default.
    `only_for=("kind", "cause")` allows the field only where that context value holds;
    `since` is the schema version that introduced it. A file leaves an optional field at
    its default out, or writes null for it where `write_null`."""
    spec = FieldSpec(
        kind, key=key, label=label, only_for=only_for, since=since, write_null=write_null
    )
    metadata = {_METADATA_KEY: spec}
    if factory is not MISSING:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


class DeclaredField:
    """A model field with its declaration, resolved once per class."""

    def __init__(self, name: str, spec: FieldSpec, default: Any) -> None:
        self.name = name
        self.key = spec.key or name
        self.kind = spec.kind
        self.label = spec.label
        self.only_for = spec.only_for
        self.since = spec.since
        self.write_null = spec.write_null
        self.default = default
        self.required = default is MISSING

    def label_in(self, record: Record) -> str:
        """What messages call this field inside `record`."""
        if self.label is not None:
            return self.label
        if self.kind.label is not None:
            return self.kind.label
        if isinstance(self.kind, ListOf):
            return self.key
        return f"{record.prefix} {self.key}".strip()

    def applies(self, context: Mapping[str, object]) -> bool:
        if self.only_for is None:
            return True
        name, value = self.only_for
        return context.get(name) == value


_DECLARATIONS: dict[type, tuple[DeclaredField, ...]] = {}


def declared_fields(cls: type) -> tuple[DeclaredField, ...]:
    """The fields of `cls` that a dataset file holds, in the file's order."""
    known = _DECLARATIONS.get(cls)
    if known is not None:
        return known
    found = []
    for each in dataclasses.fields(cls):
        spec = each.metadata.get(_METADATA_KEY)
        if spec is None:
            continue  # given by the context, such as an entry's kind
        default: Any = each.default
        factory: Any = each.default_factory
        if factory is not MISSING:
            default = factory()
        found.append(DeclaredField(each.name, spec, default))
    result = tuple(found)
    _DECLARATIONS[cls] = result
    return result
