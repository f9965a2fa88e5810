"""The JSON contract: each query result as plain data. Documented in the README's
"JSON output" section and pinned by the schemas in dyscalc/schemas/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dyscalc.codec import plain_fields, record_maker, to_document
from dyscalc.fields import Record, declared_fields
from dyscalc.model import Dataset, Entry, Quote, Statement, Topic
from dyscalc.render.dispatch import ByClass

if TYPE_CHECKING:
    # Only for the annotations, which choose each function's class: see dispatch.py.
    from dyscalc.queries.citation_index import CitationIndex
    from dyscalc.queries.entries import EntryList
    from dyscalc.queries.quotes import QuoteCheck
    from dyscalc.queries.source_view import ListedLine, PlacedItem, QuoteContext, SourceListing
    from dyscalc.queries.summaries import Comparison, DatasetInfo, OutlineNode
    from dyscalc.queries.text_search import SearchResults
    from dyscalc.queries.topics import Explanation, TopicList
    from dyscalc.validation import ValidationReport
    from dyscalc.verification import Verification


def _no_record(result: object) -> Any:
    raise TypeError(f"no JSON form for {type(result).__name__}")


def _one_row_or_many(result: object) -> list[dict[str, Any]]:
    record = to_record(result)
    return record if isinstance(record, list) else [record]


to_record = ByClass[Any](_no_record)
"""The JSON value for a result."""

to_rows = ByClass[list[dict[str, Any]]](_one_row_or_many)
"""The result as a list of flat-ish objects: one JSON Lines line or CSV row each."""

row_columns = ByClass[tuple[str, ...] | None](lambda result: None)
"""The CSV columns of a result's rows, nested objects flattened (`quote.line`): known
without a row, so that an empty result still prints its header, and the same whether a
nested object is there or null. None for a result that is always one row of one shape
(the dataset's info), whose row gives them."""


def record_columns(
    cls: type, kind: object = None, leading: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The flattened keys of `record_maker(cls, kind, leading)`'s records, from the same
    declarations."""
    fields = {f.name: f for f in declared_fields(cls) if f.applies({"kind": kind})}
    columns: list[str] = []
    for name in [*leading, *(name for name in fields if name not in leading)]:
        field = fields.get(name)
        key = field.key if field is not None else name
        if field is not None and isinstance(field.kind, Record):
            columns += [f"{key}.{inner}" for inner in record_columns(field.kind.cls)]
        else:
            columns.append(key)
    return tuple(columns)


# dyscalc 1.0's keys of an entry's record, in its order; fields declared since then follow
# in declaration order, so that a new field only ever adds a key at the end.
ENTRY_KEYS_OF_1_0 = ("id", "kind", "name", "source", "citations", "examples", "description")


@to_record.register
def entry_record(entry: Entry) -> dict[str, Any]:
    return record_maker(Entry, entry.kind, ENTRY_KEYS_OF_1_0)(entry)


def statement_record(statement: Statement) -> dict[str, Any]:
    return plain_fields(statement)


@row_columns.register
def _entry_columns(entry: Entry) -> tuple[str, ...]:
    return record_columns(Entry, entry.kind, ENTRY_KEYS_OF_1_0)


@to_record.register
def _entries(result: EntryList) -> list[dict[str, Any]]:
    return [entry_record(entry) for entry in result.entries]


@row_columns.register
def _entries_columns(result: EntryList) -> tuple[str, ...]:
    return record_columns(Entry, result.kind, ENTRY_KEYS_OF_1_0)


def _topic_fields(topic: Topic) -> dict[str, Any]:
    return {
        "topic": topic.id,
        "title": topic.title,
        "statements": [statement_record(s) for s in topic.statements],
    }


@to_record.register
def _explanation(explanation: Explanation) -> dict[str, Any]:
    return _topic_fields(explanation)


@to_rows.register
def _explanation_rows(explanation: Explanation) -> list[dict[str, Any]]:
    return [{"topic": explanation.id, **statement_record(s)} for s in explanation.statements]


@row_columns.register
def _explanation_columns(explanation: Explanation) -> tuple[str, ...]:
    return ("topic", *record_columns(Statement))


@to_record.register
def _topics(result: TopicList) -> list[dict[str, Any]]:
    return [
        {
            "topic": topic.id,
            "title": topic.title,
            "sources": sorted({s.source.value for s in topic.statements}),
            "statements": len(topic.statements),
        }
        for topic in result.topics
    ]


@row_columns.register
def _topics_columns(result: TopicList) -> tuple[str, ...]:
    return ("topic", "title", "sources", "statements")


@to_record.register
def _citations(result: CitationIndex) -> list[dict[str, Any]]:
    return [
        {
            "id": use.citation.number,
            "source": use.citation.source.value,
            "cited_by": [
                {"kind": item.kind, "id": item.id, "name": item.name} for item in use.cited_by
            ],
            "reference": use.citation.reference.summary(),
        }
        for use in result.uses
    ]


@row_columns.register
def _citation_columns(result: CitationIndex) -> tuple[str, ...]:
    return ("id", "source", "cited_by", "reference")


@to_record.register
def _search(result: SearchResults) -> list[dict[str, Any]]:
    records = []
    for hit in result.hits:
        record: dict[str, Any] = {
            "kind": hit.kind,
            "id": hit.id,
            "name": hit.name,
            "source": hit.source.value,
            "citations": list(hit.citations),
        }
        if hit.kind == "statement":
            record["topic"] = hit.topic
            record["text"] = hit.text
        record["quote"] = None if hit.quote is None else plain_fields(hit.quote)
        records.append(record)
    return records


@row_columns.register
def _search_columns(result: SearchResults) -> tuple[str, ...]:
    quote = tuple(f"quote.{key}" for key in record_columns(Quote))
    return ("kind", "id", "name", "source", "citations", "topic", "text", *quote)


# `show ID` gives an entry (entry_record, above), a statement or a topic.


@to_record.register
def _statement(statement: Statement) -> dict[str, Any]:
    return {"kind": "statement", "topic": statement.topic, **statement_record(statement)}


@row_columns.register
def _statement_columns(statement: Statement) -> tuple[str, ...]:
    return ("kind", "topic", *record_columns(Statement))


@to_record.register
def _topic(topic: Topic) -> dict[str, Any]:
    return {"kind": "topic", **_topic_fields(topic)}


@row_columns.register
def _topic_columns(topic: Topic) -> tuple[str, ...]:
    return ("kind", "topic", "title", "statements")


@to_record.register
def _quote_check(result: QuoteCheck) -> dict[str, Any]:
    return {
        "text": result.text,
        "in_dataset": result.in_dataset,
        "in_source": result.in_source,
        "items": list(result.items),
    }


@to_record.register
def _info(result: DatasetInfo) -> dict[str, Any]:
    return {
        "title": result.title,
        "dataset_version": result.dataset_version,
        "schema_version": result.schema_version,
        "dyscalc_version": result.dyscalc_version,
        "provenance": {"document": result.source_document, "note": result.provenance_note},
        "counts": dict(result.counts),
        "disclaimer": result.disclaimer,
    }


@to_record.register
def _comparison(result: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "category": row.category.id,
            "name": row.category.name,
            "guideline": [entry.id for entry in row.guideline],
            "research": [entry.id for entry in row.research],
        }
        for row in result.rows
    ]


@row_columns.register
def _comparison_columns(result: Comparison) -> tuple[str, ...]:
    return ("category", "name", "guideline", "research")


@to_record.register
def _validation(report: ValidationReport) -> dict[str, Any]:
    return {
        "path": report.path,
        "valid": report.valid,
        "problems": [
            {"line": p.line, "column": p.column, "message": p.message} for p in report.problems
        ],
        "counts": dict(report.counts),
    }


@to_record.register
def _outline(node: OutlineNode) -> dict[str, Any]:
    return {
        "label": node.label,
        "source": node.source.value if node.source else None,
        "citations": list(node.citations),
        "children": [_outline(child) for child in node.children],
    }


@to_rows.register
def _outline_rows(root: OutlineNode) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def visit(node: OutlineNode, depth: int) -> None:
        record = _outline(node)
        del record["children"]
        rows.append({"depth": depth, **record})
        for child in node.children:
            visit(child, depth + 1)

    visit(root, 0)
    return rows


@row_columns.register
def _outline_columns(root: OutlineNode) -> tuple[str, ...]:
    return ("depth", "label", "source", "citations")


@to_record.register
def _dataset(dataset: Dataset) -> dict[str, Any]:
    """`export`: the whole dataset in the dataset file's own shape."""
    return to_document(dataset)


@to_record.register
def _verification(report: Verification) -> dict[str, Any]:
    return {
        "dataset": report.dataset,
        "document": report.document,
        "verified": report.verified,
        "facts": report.facts,
        "facts_quoted": report.facts_quoted,
        "items": report.items,
        "problems": [
            {"path": p.path, "line": p.line, "message": p.message} for p in report.problems
        ],
        "summary": report.summary,
    }


_LISTED_LINE_COLUMNS = ("line", "kind", "text", "quoted_by", "unquoted_facts")


def _listed_line(line: ListedLine) -> dict[str, Any]:
    return {
        "line": line.number,
        "kind": line.kind.value,
        "text": line.text,
        "quoted_by": list(line.quoted_by),
        "unquoted_facts": line.unquoted_facts,
    }


@to_record.register
def _source_listing(result: SourceListing) -> dict[str, Any]:
    return {
        "document": result.document,
        "facts": result.facts,
        "facts_quoted": result.facts_quoted,
        "lines": [_listed_line(line) for line in result.lines],
    }


@to_rows.register
def _source_listing_rows(result: SourceListing) -> list[dict[str, Any]]:
    return [_listed_line(line) for line in result.lines]


@row_columns.register
def _source_listing_columns(result: SourceListing) -> tuple[str, ...]:
    return _LISTED_LINE_COLUMNS


@to_record.register
def _quote_context(result: QuoteContext) -> dict[str, Any]:
    return {
        "id": result.item_id,
        "kind": result.kind,
        "quote": plain_fields(result.quote),
        "document": result.document,
        "heading_path": result.heading_path,
        "start": result.start,
        "lines": [_listed_line(line) for line in result.lines],
    }


@to_rows.register
def _quote_context_rows(result: QuoteContext) -> list[dict[str, Any]]:
    return [_listed_line(line) for line in result.lines]


@row_columns.register
def _quote_context_columns(result: QuoteContext) -> tuple[str, ...]:
    return _LISTED_LINE_COLUMNS


@to_record.register
def _placed(placed: PlacedItem) -> Any:
    """The item's own record: where its quote sits is for people (`show`'s human views)."""
    return to_record(placed.item)


@row_columns.register
def _placed_columns(placed: PlacedItem) -> tuple[str, ...] | None:
    return row_columns(placed.item)
