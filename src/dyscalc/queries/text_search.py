"""Case-insensitive search over names, examples, descriptions and statements."""

from __future__ import annotations

from dataclasses import dataclass

from dyscalc.model import Dataset, EvidenceSource, Quote
from dyscalc.queries.common import SourceFilter, is_from, require_text, wanted_source


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    id: str
    name: str
    source: EvidenceSource
    citations: tuple[int, ...]
    topic: str | None = None
    text: str | None = None
    quote: Quote | None = None


@dataclass(frozen=True, slots=True)
class SearchResults:
    text: str
    hits: tuple[SearchHit, ...]


def search(dataset: Dataset, text: str, source: SourceFilter = None) -> SearchResults:
    """Case-insensitive substring search over names, examples, descriptions and statements;
    empty text is a usage error."""
    needle = require_text(text).casefold()
    wanted = wanted_source(source)
    hits: list[SearchHit] = []
    for entry in dataset.entries:
        if not is_from(entry.source, wanted):
            continue
        haystack = "\n".join((entry.id, entry.name, *entry.examples, entry.description or ""))
        if needle in haystack.casefold():
            hits.append(
                SearchHit(
                    entry.kind,
                    entry.id,
                    entry.name,
                    entry.source,
                    entry.citations,
                    quote=entry.quote,
                )
            )
    for each_topic in dataset.topics:
        for statement in each_topic.statements:
            if not is_from(statement.source, wanted):
                continue
            haystack = "\n".join((statement.id, each_topic.title, statement.text))
            if needle in haystack.casefold():
                hits.append(
                    SearchHit(
                        "statement",
                        statement.id,
                        each_topic.title,
                        statement.source,
                        statement.citations,
                        topic=each_topic.id,
                        text=statement.text,
                        quote=statement.quote,
                    )
                )
    return SearchResults(text, tuple(hits))
