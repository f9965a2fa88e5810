"""The source document as the dataset quotes it: every line with the items that quote it,
or the lines around one item's quote."""

from __future__ import annotations

from dataclasses import dataclass

from dyscalc.errors import NotFound, UsageError
from dyscalc.model import Dataset, Entry, Quote, Statement, Topic
from dyscalc.queries.lookup import find
from dyscalc.source_document import LineKind, SourceDocument, locate_quote

AROUND_A_QUOTE = 2
"""Lines shown before and after a quoted line by `dyscalc source ID`."""


@dataclass(frozen=True, slots=True)
class ListedLine:
    """A line of the document, with the ids of the items whose quotes stand on it and the
    number of its facts that no item quotes."""

    number: int
    kind: LineKind
    text: str
    quoted_by: tuple[str, ...] = ()
    unquoted_facts: int = 0


@dataclass(frozen=True, slots=True)
class SourceListing:
    """The whole document, for `dyscalc source`."""

    document: str
    lines: tuple[ListedLine, ...]
    facts: int
    facts_quoted: int


@dataclass(frozen=True, slots=True)
class QuoteContext:
    """One item's quote among the lines around it, for `dyscalc source ID`."""

    item_id: str
    kind: str
    quote: Quote
    document: str
    heading_path: str | None  # None when the document has no such line
    start: int | None  # where the quote stands on its line; None when not verbatim there
    lines: tuple[ListedLine, ...]


def listing(dataset: Dataset, document: SourceDocument) -> SourceListing:
    """Every line of `document`, marked with what quotes it (quotes that stand verbatim
    within one passage of their line, as `dyscalc verify` requires)."""
    quoted_by: dict[int, list[str]] = {}
    quoted_facts: set[tuple[int, int]] = set()
    for item in _quoting_items(dataset):
        assert item.quote is not None
        passage = locate_quote(document, item.quote.line, item.quote.text).passage
        if passage is not None:
            quoted_by.setdefault(passage.line, []).append(item.id)
            quoted_facts.add((passage.line, passage.start))
    lines = tuple(
        ListedLine(
            line.number,
            line.kind,
            line.text,
            tuple(quoted_by.get(line.number, ())),
            sum(1 for fact in line.facts if (fact.line, fact.start) not in quoted_facts),
        )
        for line in document.lines
    )
    facts = len(document.facts)
    return SourceListing(
        document.path, lines, facts, facts - sum(line.unquoted_facts for line in lines)
    )


def quote_context(
    dataset: Dataset, document: SourceDocument, item_id: str, around: int = AROUND_A_QUOTE
) -> QuoteContext:
    """The lines around the quote of the statement, cause or condition `item_id`.

    NotFound for an unknown id or an item without a quote; UsageError for a topic."""
    item = find(dataset, item_id)
    if isinstance(item, Topic):
        ids = ", ".join(statement.id for statement in item.statements)
        raise UsageError(f"topic {item.id!r} quotes nothing itself; its statements do: {ids}")
    kind = item.kind if isinstance(item, Entry) else "statement"
    if item.quote is None:
        raise NotFound(
            f"{kind} {item.id!r} has no quote of the source document "
            f"(the dataset is schema {dataset.schema_version})"
        )
    quote = item.quote
    location = locate_quote(document, quote.line, quote.text)
    first = max(1, quote.line - around)
    shown = listing(dataset, document).lines[first - 1 : quote.line + around]
    return QuoteContext(
        item.id,
        kind,
        quote,
        document.path,
        location.line.heading_path if location.line is not None else None,
        location.start,
        shown,
    )


@dataclass(frozen=True, slots=True)
class PlacedItem:
    """A statement, cause or condition with the section and heading its quote sits under in
    the source document: what `dyscalc show` shows people when the document is at hand."""

    item: Entry | Statement
    heading_path: str


def placed(
    item: Entry | Statement | Topic, document: SourceDocument
) -> Entry | Statement | Topic | PlacedItem:
    """`item` with the heading path of its quote's line, or `item` itself when it has no
    quote or the document has no such line."""
    if isinstance(item, Topic) or item.quote is None:
        return item
    line = document.line(item.quote.line)
    if line is None or not line.heading_path:
        return item
    return PlacedItem(item, line.heading_path)


def _quoting_items(dataset: Dataset) -> list[Entry | Statement]:
    items: list[Entry | Statement] = [*dataset.statements, *dataset.entries]
    return [item for item in items if item.quote is not None]
