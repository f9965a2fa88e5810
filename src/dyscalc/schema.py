"""Check a composed YAML node tree against the dataset schema and build the model from it.

Every problem is collected with the line and column of its own node, so that
`dyscalc validate` can list them all. The walk follows the schema, never the
document: a node reached twice (a YAML alias) is refused rather than walked again,
so hostile anchors cannot make the walk expand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from dyscalc.errors import DatasetError
from dyscalc.model import (
    SCHEMA_VERSION,
    Category,
    Citation,
    Dataset,
    Entry,
    EntryKind,
    EvidenceSource,
    Provenance,
    Reference,
    Statement,
    Topic,
)
from dyscalc.problems import Problem

if TYPE_CHECKING:
    from yaml import Node

T = TypeVar("T")

_TAG = "tag:yaml.org,2002:"
_TAG_NAMES = {
    f"{_TAG}str": "text",
    f"{_TAG}bool": "a boolean",
    f"{_TAG}int": "a number",
    f"{_TAG}float": "a number",
    f"{_TAG}null": "null",
    f"{_TAG}timestamp": "a date",
    f"{_TAG}seq": "a list",
    f"{_TAG}map": "a mapping",
}
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_WHOLE_NUMBER = re.compile(r"[0-9]+\Z")
_SOURCES = {source.value: source for source in EvidenceSource}

_TOP_FIELDS = (
    {
        "schema_version",
        "title",
        "version",
        "provenance",
        "topics",
        "causes",
        "conditions",
        "citations",
    },
    {"categories"},
)
_PROVENANCE_FIELDS = ({"document"}, {"note"})
_CATEGORY_FIELDS = ({"id", "name"}, set[str]())
_TOPIC_FIELDS = ({"id", "title", "statements"}, set[str]())
_STATEMENT_FIELDS = ({"id", "source", "text", "citations"}, set[str]())
_CONDITION_FIELDS = ({"id", "name", "source", "citations"}, {"examples", "description"})
_CAUSE_FIELDS = (_CONDITION_FIELDS[0], _CONDITION_FIELDS[1] | {"category"})
_CITATION_FIELDS = ({"id", "source"}, {"reference"})
_REFERENCE_TEXT_FIELDS = ("title", "journal", "doi", "pmid", "url")
_REFERENCE_FIELDS = (set[str](), {*_REFERENCE_TEXT_FIELDS, "authors", "year"})


@dataclass(frozen=True, slots=True)
class _CitationUse:
    """A citation number as written by an entry, kept with its node until all numbers are known."""

    number: int
    node: Node
    source: EvidenceSource | None


def build_dataset(root: Node, path: str) -> Dataset:
    """The Dataset that `root` describes, or DatasetError listing every problem in it."""
    checker = _Checker(path)
    dataset = checker.dataset(root)
    if dataset is None and not checker.problems:  # never refuse without saying why
        checker.problem(root, "the dataset could not be read")
    if checker.problems or dataset is None:
        checker.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise DatasetError(checker.problems)
    return dataset


class _Checker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._visited: set[int] = set()
        self._ids: dict[str, Node] = {}
        self._citation_uses: list[_CitationUse] = []
        self._category_uses: list[tuple[str, Node]] = []
        self._citation_defs: list[tuple[int, Node]] = []
        self._category_defs: list[tuple[str, Node]] = []

    # -- reporting -------------------------------------------------------

    def problem(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def _first_visit(self, node: Node) -> bool:
        if id(node) in self._visited:
            self.problem(
                node, "a YAML alias reuses this node; aliases are not allowed in a dataset"
            )
            return False
        self._visited.add(id(node))
        if node.tag not in _SCALAR_TAGS and node.tag not in (f"{_TAG}seq", f"{_TAG}map"):
            self.problem(node, f"unsupported YAML tag {node.tag!r}")
            return False
        return True

    # -- generic shapes --------------------------------------------------

    def mapping(
        self, node: Node, fields: tuple[set[str], set[str]], what: str
    ) -> dict[str, Node] | None:
        """The mapping's values by key, after checking its keys against the schema."""
        if not self._first_visit(node):
            return None
        if node.tag != f"{_TAG}map":
            self.problem(node, f"{what} must be a mapping, not {_describe(node)}")
            return None
        required, optional = fields
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.string(key_node, "a key")
            if key is None:
                continue
            if key in values:
                first = values[key].start_mark.line + 1
                self.problem(key_node, f"duplicate key {key!r} (first given at line {first})")
                continue
            if key not in required and key not in optional:
                allowed = ", ".join(sorted(required | optional))
                self.problem(key_node, f"unknown field {key!r} in {what} (allowed: {allowed})")
                continue
            values[key] = value_node
        for missing in sorted(required - values.keys()):
            self.problem(node, f"{what} is missing the required field {missing!r}")
        return values

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not self._first_visit(node):
            return []
        if node.tag != f"{_TAG}seq":
            self.problem(node, f"{what} must be a list, not {_describe(node)}")
            return []
        items: list[Node] = node.value
        return items

    def string(self, node: Node, what: str) -> str | None:
        if not self._first_visit(node):
            return None
        if node.tag != f"{_TAG}str":
            hint = " (quote it to make it text)" if _is_plain_scalar(node) else ""
            self.problem(node, f"{what} must be text, not {_describe(node)}{hint}")
            return None
        value: str = node.value
        if not value.strip():
            self.problem(node, f"{what} must not be empty")
            return None
        return value

    def whole_number(self, node: Node, what: str) -> int | None:
        if not self._first_visit(node):
            return None
        if node.tag != f"{_TAG}int" or not _WHOLE_NUMBER.match(node.value):
            self.problem(node, f"{what} must be a whole number, not {_describe(node)}")
            return None
        return int(node.value)

    def kebab_id(self, node: Node, what: str) -> str | None:
        value = self.string(node, what)
        if value is None:
            return None
        if not _ID_PATTERN.match(value):
            self.problem(
                node, f"{what} {value!r} is not kebab-case (like 'soft-tissue-degeneration')"
            )
            return None
        return value

    def unique_id(self, node: Node, what: str) -> str | None:
        value = self.kebab_id(node, what)
        if value is None:
            return None
        if value in self._ids:
            first = self._ids[value].start_mark.line + 1
            self.problem(node, f"duplicate id {value!r} (first used at line {first})")
            return None
        self._ids[value] = node
        return value

    def source(self, node: Node) -> EvidenceSource | None:
        value = self.string(node, "source")
        if value is None:
            return None
        if value not in _SOURCES:
            self.problem(
                node, f"unknown evidence source {value!r} (expected guideline or research)"
            )
            return None
        return _SOURCES[value]

    def items(
        self, node: Node | None, what: str, build: Callable[[Node], T | None]
    ) -> tuple[T, ...]:
        if node is None:
            return ()
        kept: list[T] = []
        for item in self.sequence(node, what):
            problems_before = len(self.problems)
            built = build(item)
            if built is not None:
                kept.append(built)
            elif len(self.problems) == problems_before:
                # Never drop an item quietly: whatever was not read is a problem to report.
                self.problem(item, f"this item of {what} could not be read")
        return tuple(kept)

    def field(
        self, values: dict[str, Node], key: str, read: Callable[[Node], T | None]
    ) -> T | None:
        """A required field read by `read`; None when it is absent (already reported as
        missing) or when `read` reported a problem with it."""
        node = values.get(key)
        return None if node is None else read(node)

    def optional_field(
        self, values: dict[str, Node], key: str, read: Callable[[Node], T | None]
    ) -> T | None:
        """An optional field: absent and null both mean 'not given'."""
        node = values.get(key)
        if node is None or _is_null(node):
            return None
        return read(node)

    # -- the dataset -----------------------------------------------------

    def dataset(self, root: Node) -> Dataset | None:
        if root.tag != f"{_TAG}map":
            self.problem(root, f"the top level must be a mapping, not {_describe(root)}")
            return None
        top = self.mapping(root, _TOP_FIELDS, "the dataset")
        if top is None:
            return None
        version_node = top.get("schema_version")
        if version_node is None:
            return None
        schema_version = self.whole_number(version_node, "schema_version")
        if schema_version is None:
            return None
        if schema_version != SCHEMA_VERSION:
            self.problem(
                version_node,
                f"unsupported schema_version {schema_version} "
                f"(this dyscalc reads {SCHEMA_VERSION})",
            )
            return None

        title = self.field(top, "title", lambda n: self.string(n, "title"))
        version = self.field(top, "version", lambda n: self.string(n, "version"))
        provenance = self.field(top, "provenance", self.provenance)
        categories = self.items(top.get("categories"), "categories", self.category)
        topics = self.items(top.get("topics"), "topics", self.topic)
        causes = self.items(top.get("causes"), "causes", lambda n: self.entry(n, "cause"))
        conditions = self.items(
            top.get("conditions"), "conditions", lambda n: self.entry(n, "condition")
        )
        citations = self.items(top.get("citations"), "citations", self.citation)
        self.check_references(citations)
        if title is None or version is None or provenance is None:
            return None
        return Dataset(
            schema_version=schema_version,
            title=title,
            version=version,
            provenance=provenance,
            topics=topics,
            causes=causes,
            conditions=conditions,
            citations=tuple(sorted(citations, key=lambda c: c.number)),
            categories=categories,
        )

    def provenance(self, node: Node) -> Provenance | None:
        values = self.mapping(node, _PROVENANCE_FIELDS, "provenance")
        if values is None:
            return None
        document = self.field(values, "document", lambda n: self.string(n, "provenance document"))
        note = self.optional_field(values, "note", lambda n: self.string(n, "provenance note"))
        return None if document is None else Provenance(document=document, note=note)

    def category(self, node: Node) -> Category | None:
        values = self.mapping(node, _CATEGORY_FIELDS, "a category")
        if values is None:
            return None
        category_id = self.field(values, "id", lambda n: self.kebab_id(n, "category id"))
        name = self.field(values, "name", lambda n: self.string(n, "category name"))
        if category_id is not None:
            self._category_defs.append((category_id, values["id"]))
        if category_id is None or name is None:
            return None
        return Category(id=category_id, name=name)

    def topic(self, node: Node) -> Topic | None:
        values = self.mapping(node, _TOPIC_FIELDS, "a topic")
        if values is None:
            return None
        topic_id = self.field(values, "id", lambda n: self.unique_id(n, "topic id"))
        title = self.field(values, "title", lambda n: self.string(n, "topic title"))
        statements = self.items(
            values.get("statements"), "statements", lambda n: self.statement(n, topic_id or "")
        )
        if topic_id is None or title is None:
            return None
        return Topic(id=topic_id, title=title, statements=statements)

    def statement(self, node: Node, topic_id: str) -> Statement | None:
        values = self.mapping(node, _STATEMENT_FIELDS, "a statement")
        if values is None:
            return None
        statement_id = self.field(values, "id", lambda n: self.unique_id(n, "statement id"))
        source = self.field(values, "source", self.source)
        text = self.field(values, "text", lambda n: self.string(n, "statement text"))
        citations = self.field(values, "citations", lambda n: self.citation_list(n, source))
        if statement_id is None or source is None or text is None or citations is None:
            return None
        return Statement(statement_id, topic_id, source, text, citations)

    def entry(self, node: Node, kind: EntryKind) -> Entry | None:
        fields = _CAUSE_FIELDS if kind == "cause" else _CONDITION_FIELDS
        values = self.mapping(node, fields, f"a {kind}")
        if values is None:
            return None
        entry_id = self.field(values, "id", lambda n: self.unique_id(n, f"{kind} id"))
        name = self.field(values, "name", lambda n: self.string(n, f"{kind} name"))
        source = self.field(values, "source", self.source)
        citations = self.field(values, "citations", lambda n: self.citation_list(n, source))
        examples = self.items(
            values.get("examples"), "examples", lambda n: self.string(n, "an example")
        )
        description = self.optional_field(
            values, "description", lambda n: self.string(n, "description")
        )
        category = self.optional_field(values, "category", lambda n: self.kebab_id(n, "category"))
        if category is not None:
            self._category_uses.append((category, values["category"]))
        if entry_id is None or name is None or source is None or citations is None:
            return None
        return Entry(kind, entry_id, name, source, citations, examples, description, category)

    def citation_list(self, node: Node, source: EvidenceSource | None) -> tuple[int, ...] | None:
        numbers: list[int] = []
        for item in self.sequence(node, "citations"):
            number = self.whole_number(item, "a citation number")
            if number is None:
                continue
            if number in numbers:
                self.problem(item, f"citation {number} is listed twice")
                continue
            numbers.append(number)
            self._citation_uses.append(_CitationUse(number, item, source))
        if node.tag != f"{_TAG}seq":
            return None
        return tuple(sorted(numbers))

    def citation(self, node: Node) -> Citation | None:
        values = self.mapping(node, _CITATION_FIELDS, "a citation")
        if values is None:
            return None
        number = self.field(values, "id", lambda n: self.whole_number(n, "citation id"))
        source = self.field(values, "source", self.source)
        if number is not None:
            self._citation_defs.append((number, values["id"]))
        reference = self.optional_field(values, "reference", self.reference) or Reference()
        if number is None or source is None:
            return None
        return Citation(number=number, source=source, reference=reference)

    def reference(self, node: Node) -> Reference | None:
        values = self.mapping(node, _REFERENCE_FIELDS, "a reference")
        if values is None:
            return None
        texts = {key: self.reference_text(values, key) for key in _REFERENCE_TEXT_FIELDS}
        authors = self.items(
            values.get("authors"), "authors", lambda n: self.string(n, "an author")
        )
        year = self.optional_field(values, "year", lambda n: self.whole_number(n, "reference year"))
        return Reference(authors=authors, year=year, **texts)

    def reference_text(self, values: dict[str, Node], key: str) -> str | None:
        return self.optional_field(values, key, lambda n: self.string(n, f"reference {key}"))

    def check_references(self, citations: Iterable[Citation]) -> None:
        """Numbers and categories that entries use must be defined, once, with a matching source."""
        self.refuse_redefinitions(self._citation_defs, "citation")
        self.refuse_redefinitions(self._category_defs, "category")
        defined = {citation.number: citation for citation in citations}
        for use in self._citation_uses:
            known = defined.get(use.number)
            if known is None:
                self.problem(use.node, f"citation {use.number} is not defined under 'citations'")
            elif use.source is not None and known.source != use.source:
                self.problem(
                    use.node,
                    f"citation {use.number} is a {known.source.value} citation, "
                    f"cited here by a {use.source.value} statement",
                )
        category_ids = {category_id for category_id, _ in self._category_defs}
        for category_id, node in self._category_uses:
            if category_id not in category_ids:
                self.problem(node, f"category {category_id!r} is not defined under 'categories'")

    def refuse_redefinitions(self, definitions: list[tuple[T, Node]], what: str) -> None:
        first_lines: dict[T, int] = {}
        for key, node in definitions:
            if key in first_lines:
                self.problem(
                    node, f"{what} {key!r} is defined twice (first at line {first_lines[key]})"
                )
            else:
                first_lines[key] = node.start_mark.line + 1


def _is_null(node: Node) -> bool:
    return bool(node.tag == f"{_TAG}null")


def _is_plain_scalar(node: Node) -> bool:
    # libyaml marks a plain scalar with style '', the pure-Python parser with None
    return node.tag in _SCALAR_TAGS and not getattr(node, "style", None)


def _describe(node: Node) -> str:
    name = _TAG_NAMES.get(node.tag)
    if name is None:
        return f"a value tagged {node.tag!r}"
    if node.tag in _SCALAR_TAGS and name != "null":
        return f"{name} ({node.value!r})"
    return name
