"""Check a dataset file's YAML node tree against the model's declarations, and build the
Dataset from it.

One walker reads every record by its declaration (model.py). It collects every problem
with the line and column of its own node, so that `dyscalc validate` can list them all.
The walk follows the declarations, never the document: a node reached twice (a YAML
alias) is refused rather than walked again, so hostile anchors cannot make it expand.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from dyscalc.errors import DatasetError
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
from dyscalc.model import DATASET, SCHEMA_VERSION, Dataset, EvidenceSource
from dyscalc.problems import Problem

if TYPE_CHECKING:
    from yaml import Node

_TAG = "tag:yaml.org,2002:"
_MAP, _SEQ, _STR, _INT, _NULL = (f"{_TAG}{name}" for name in ("map", "seq", "str", "int", "null"))
_TAG_NAMES = {
    _STR: "text",
    f"{_TAG}bool": "a boolean",
    _INT: "a number",
    f"{_TAG}float": "a number",
    _NULL: "null",
    f"{_TAG}timestamp": "a date",
    _SEQ: "a list",
    _MAP: "a mapping",
}
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+\Z")
# Far beyond any citation number or year, and short of Python's limit on converting
# digits to an int (4,300), which would otherwise end in a ValueError.
_MOST_DIGITS = 18
# Quoted values are cut to this many characters, so that a 10 MB scalar gives a readable line.
_SHOWN_CHARACTERS = 60
_SOURCES = {source.value: source for source in EvidenceSource}
READABLE_VERSIONS = range(1, SCHEMA_VERSION + 1)


def build_dataset(root: Node, path: str) -> Dataset:
    """The Dataset that `root` describes, or DatasetError listing every problem in it."""
    walker = _Walker(path)
    dataset = walker.dataset(root)
    if dataset is None and not walker.problems:  # never refuse without saying why
        walker.problem(root, "the dataset could not be read")
    if walker.problems or dataset is None:
        walker.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise DatasetError(walker.problems)
    return dataset


class _Reference:
    """A number or id that a field uses, kept with its node until all definitions are known."""

    __slots__ = ("key", "node", "source")

    def __init__(self, key: object, node: Node, source: EvidenceSource | None) -> None:
        self.key = key
        self.node = node
        self.source = source


class _Walker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.version = SCHEMA_VERSION
        self.problems: list[Problem] = []
        self._visited: set[int] = set()
        self._unique_ids: dict[str, Node] = {}
        # What `defines` fields define (citation numbers, category ids), first one first,
        # with the record that defined it; and what other fields use.
        self._definitions: dict[str, list[tuple[object, Node, dict[str, Any]]]] = {}
        self._uses: dict[str, list[_Reference]] = {"citation": [], "category": []}
        self._readers: dict[type[Kind], Callable[[Kind, Node, str, dict[str, Any]], Any]] = {
            Text: self._text,
            Identifier: self._identifier,
            WholeNumber: self._whole_number,
            Source: self._source,
            CitationNumbers: self._citation_numbers,
            CategoryRef: self._category_ref,
            ListOf: self._list,
            Record: self._record,
        }

    def problem(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    # -- the dataset -------------------------------------------------------

    def dataset(self, root: Node) -> Dataset | None:
        if root.tag != _MAP:
            self.problem(root, f"the top level must be a mapping, not {_describe(root)}")
            return None
        version = self._schema_version(root)
        if version is None:
            # Check the keys anyway, so that a file with no version still hears about them.
            self._mapping(root, DATASET, {})
            return None
        self.version = version
        dataset = self._record(DATASET, root, "the dataset", {})
        if not isinstance(dataset, Dataset):
            self._check_references()
            return None
        self._check_references()
        return dataclasses.replace(
            dataset, citations=tuple(sorted(dataset.citations, key=lambda c: c.number))
        )

    def _schema_version(self, root: Node) -> int | None:
        """The file's schema_version, read before anything else: it decides what the
        other fields may be. None, with a problem, when it is missing, bad or unsupported."""
        node = next(
            (v for k, v in root.value if k.tag == _STR and k.value == "schema_version"), None
        )
        if node is None:
            return None  # reported as a missing field when the keys are checked
        version: int | None = self._whole_number(WholeNumber(), node, "schema_version", {})
        if version is None:
            self._visited.discard(id(node))
            return None
        if version not in READABLE_VERSIONS:
            self.problem(
                node,
                f"unsupported schema_version {version} (this dyscalc reads "
                f"{' or '.join(str(v) for v in READABLE_VERSIONS)})",
            )
            return None
        self._visited.discard(id(node))  # read again, as a field, by the walk
        return version

    # -- records -----------------------------------------------------------

    def _fields(self, record: Record, context: Mapping[str, object]) -> list[DeclaredField]:
        return [f for f in declared_fields(record.cls) if f.applies(context)]

    def _mapping(
        self, node: Node, record: Record, context: Mapping[str, object]
    ) -> dict[str, Node] | None:
        """The mapping's values by key, after checking its keys against the record."""
        if not self._first_visit(node):
            return None
        if node.tag != _MAP:
            self.problem(node, f"{record.noun} must be a mapping, not {_describe(node)}")
            return None
        fields = self._fields(record, context)
        allowed = {f.key: f for f in fields if f.since <= self.version}
        later = {f.key: f.since for f in fields if f.since > self.version}
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self._text(Text(), key_node, "a key", {})
            if key is None:
                continue
            if key in values:
                first = values[key].start_mark.line + 1
                self.problem(key_node, f"duplicate key {_shown(key)} (first given at line {first})")
            elif key in later:
                self.problem(
                    key_node,
                    f"field {_shown(key)} needs schema_version {later[key]} "
                    f"(this file says {self.version})",
                )
            elif key not in allowed:
                names = ", ".join(sorted(allowed))
                self.problem(
                    key_node, f"unknown field {_shown(key)} in {record.noun} (allowed: {names})"
                )
            else:
                values[key] = value_node
        for missing in sorted(k for k, f in allowed.items() if f.required and k not in values):
            self.problem(node, f"{record.noun} is missing the required field {missing!r}")
        return values

    def _record(self, kind: Kind, node: Node, _label: str, context: dict[str, Any]) -> Any:
        """The record's dataclass; `context` is what the enclosing record has read."""
        assert isinstance(kind, Record)
        values = self._mapping(node, kind, kind.context)
        if values is None:
            return None
        read: dict[str, Any] = {}
        complete = True
        for field in self._fields(kind, kind.context):
            value_node = values.get(field.key)
            if value_node is None:  # a missing required field is reported with the keys
                read[field.name] = None if field.required else field.default
                complete = complete and not field.required
                continue
            if not field.required and value_node.tag == _NULL:
                read[field.name] = field.default  # optional: null is the same as absent
                self._first_visit(value_node)
                continue
            value = self._read(field.kind, value_node, field.label_in(kind), read)
            if value is None:
                complete = False
            read[field.name] = value
        self._note_definitions(kind, values, read)
        if not complete:
            return None
        for name, given in kind.context.items():
            # A statement whose topic id was refused still gets checked, under no topic.
            read[name] = (context.get(given.name) or "") if isinstance(given, Parent) else given
        return kind.cls(**read)

    def _note_definitions(
        self, record: Record, values: dict[str, Node], read: dict[str, Any]
    ) -> None:
        for field in declared_fields(record.cls):
            defines = getattr(field.kind, "defines", None)
            if defines is not None and read.get(field.name) is not None:
                self._definitions.setdefault(defines, []).append(
                    (read[field.name], values[field.key], read)
                )

    def _read(self, kind: Kind, node: Node, label: str, context: dict[str, Any]) -> Any:
        return self._readers[type(kind)](kind, node, label, context)

    # -- values ------------------------------------------------------------

    def _first_visit(self, node: Node) -> bool:
        if id(node) in self._visited:
            self.problem(
                node, "a YAML alias reuses this node; aliases are not allowed in a dataset"
            )
            return False
        self._visited.add(id(node))
        if node.tag not in _SCALAR_TAGS and node.tag not in (_SEQ, _MAP):
            self.problem(node, f"unsupported YAML tag {_shown(node.tag)}")
            return False
        return True

    def _list(self, kind: Kind, node: Node, label: str, context: dict[str, Any]) -> Any:
        assert isinstance(kind, ListOf)
        if not self._first_visit(node):
            return None
        if node.tag != _SEQ:
            self.problem(node, f"{label} must be a list, not {_describe(node)}")
            return None
        kept = []
        for item in node.value:
            problems_before = len(self.problems)
            value = self._read(kind.item, item, kind.item_label, context)
            if value is not None:
                kept.append(value)
            elif len(self.problems) == problems_before:
                # Never drop an item quietly: whatever was not read is a problem to report.
                self.problem(item, f"this item of {label} could not be read")
        return tuple(kept)

    def _text(self, _kind: Kind, node: Node, label: str, _context: dict[str, Any]) -> Any:
        if not self._first_visit(node):
            return None
        if node.tag != _STR:
            hint = " (quote it to make it text)" if _is_plain_scalar(node) else ""
            self.problem(node, f"{label} must be text, not {_describe(node)}{hint}")
            return None
        value: str = node.value
        if not value.strip():
            self.problem(node, f"{label} must not be empty")
            return None
        return value

    def _identifier(self, kind: Kind, node: Node, label: str, context: dict[str, Any]) -> Any:
        assert isinstance(kind, Identifier)
        value = self._text(kind, node, label, context)
        if value is None:
            return None
        if not _ID_PATTERN.match(value):
            self.problem(
                node,
                f"{label} {_shown(value)} is not kebab-case (like 'soft-tissue-degeneration')",
            )
            return None
        if kind.unique:
            if value in self._unique_ids:
                first = self._unique_ids[value].start_mark.line + 1
                self.problem(node, f"duplicate id {_shown(value)} (first used at line {first})")
                return None
            self._unique_ids[value] = node
        return value

    def _whole_number(self, kind: Kind, node: Node, label: str, _context: dict[str, Any]) -> Any:
        assert isinstance(kind, WholeNumber)
        if not self._first_visit(node):
            return None
        value: str = node.value if node.tag == _INT else ""
        if not _WHOLE_NUMBER.match(value):
            self.problem(node, f"{label} must be a whole number, not {_describe(node)}")
            return None
        if len(value.lstrip("+-")) > _MOST_DIGITS:
            self.problem(node, f"{label} must have at most {_MOST_DIGITS} digits")
            return None
        number = int(value)
        if number < kind.minimum:
            self.problem(node, f"{label} must be {kind.minimum} or more, not {number}")
            return None
        return number

    def _source(self, kind: Kind, node: Node, label: str, context: dict[str, Any]) -> Any:
        value = self._text(kind, node, label, context)
        if value is None:
            return None
        if value not in _SOURCES:
            self.problem(
                node, f"unknown evidence source {_shown(value)} (expected guideline or research)"
            )
            return None
        return _SOURCES[value]

    def _citation_numbers(self, kind: Kind, node: Node, label: str, record: dict[str, Any]) -> Any:
        """Ascending numbers, each kept with the source of the record that cites it."""
        if not self._first_visit(node):
            return None
        if node.tag != _SEQ:
            self.problem(node, f"{label} must be a list, not {_describe(node)}")
            return None
        numbers: list[int] = []
        source = record.get("source")
        for item in node.value:
            number = self._whole_number(WholeNumber(), item, "a citation number", record)
            if number is None:
                continue
            if number in numbers:
                self.problem(item, f"citation {number} is listed twice")
                continue
            numbers.append(number)
            self._uses["citation"].append(_Reference(number, item, source))
        return tuple(sorted(numbers))

    def _category_ref(self, kind: Kind, node: Node, label: str, context: dict[str, Any]) -> Any:
        value = self._identifier(Identifier(), node, label, context)
        if value is not None:
            self._uses["category"].append(_Reference(value, node, None))
        return value

    # -- what refers to what -------------------------------------------------

    def _check_references(self) -> None:
        """Numbers and categories that fields use must be defined, once, with a matching
        source. The first definition counts, so that a second one is reported once and
        its fields do not also make every use of the number look wrong."""
        first: dict[str, dict[object, dict[str, Any]]] = {}
        for what, definitions in self._definitions.items():
            first[what] = {}
            lines: dict[object, int] = {}
            for key, node, record in definitions:
                if key in lines:
                    self.problem(
                        node, f"{what} {key!r} is defined twice (first at line {lines[key]})"
                    )
                else:
                    lines[key] = node.start_mark.line + 1
                    first[what][key] = record
        citations = first.get("citation", {})
        for use in self._uses["citation"]:
            defined = citations.get(use.key)
            if defined is None:
                self.problem(use.node, f"citation {use.key} is not defined under 'citations'")
                continue
            source = defined.get("source")
            if use.source is not None and source is not None and source != use.source:
                self.problem(
                    use.node,
                    f"citation {use.key} is a {source.value} citation, "
                    f"cited here by a {use.source.value} statement",
                )
        categories = first.get("category", {})
        for use in self._uses["category"]:
            if use.key not in categories:
                self.problem(
                    use.node, f"category {_shown(str(use.key))} is not defined under 'categories'"
                )


def _is_plain_scalar(node: Node) -> bool:
    # libyaml marks a plain scalar with style '', the pure-Python parser with None
    return node.tag in _SCALAR_TAGS and not getattr(node, "style", None)


def _shown(value: str) -> str:
    """`value` quoted for a message, cut to a readable length."""
    if len(value) > _SHOWN_CHARACTERS:
        return repr(value[:_SHOWN_CHARACTERS]) + f"… ({len(value):,} characters)"
    return repr(value)


def _describe(node: Node) -> str:
    name = _TAG_NAMES.get(node.tag)
    if name is None:
        return f"a value tagged {_shown(node.tag)}"
    if node.tag in _SCALAR_TAGS and name != "null":
        return f"{name} ({_shown(node.value)})"
    return name
