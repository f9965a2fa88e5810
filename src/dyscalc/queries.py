"""Questions asked of a Dataset. Pure functions: they return dataclasses and raise
NotFound or UsageError, and never print."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from dyscalc import __version__
from dyscalc.errors import NotFound, UsageError
from dyscalc.model import (
    Category,
    Citation,
    Dataset,
    Entry,
    EntryKind,
    EvidenceSource,
    Statement,
    Topic,
)

DISCLAIMER = (
    "dyscalc is for education and reference. It is not a substitute for professional "
    "medical advice, diagnosis or treatment."
)

SourceFilter = EvidenceSource | str | None
"""A source to keep: 'guideline', 'research', or None / 'all' for both."""


@dataclass(frozen=True, slots=True)
class EntryList:
    kind: EntryKind
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class TopicList:
    topics: tuple[Topic, ...]


@dataclass(frozen=True, slots=True)
class CitingItem:
    """Something in the dataset that cites a number: an entry or a statement."""

    kind: str
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class CitationUse:
    citation: Citation
    cited_by: tuple[CitingItem, ...]


@dataclass(frozen=True, slots=True)
class CitationIndex:
    uses: tuple[CitationUse, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    id: str
    name: str
    source: EvidenceSource
    citations: tuple[int, ...]
    topic: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class SearchResults:
    text: str
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True, slots=True)
class ShownItem:
    """One item found by id, whatever its kind."""

    item: Entry | Statement | Topic


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    title: str
    dataset_version: str
    schema_version: int
    dyscalc_version: str
    source_document: str
    provenance_note: str | None
    counts: dict[str, int]
    disclaimer: str


@dataclass(frozen=True, slots=True)
class CategoryRow:
    category: Category
    guideline: tuple[Entry, ...]
    research: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    rows: tuple[CategoryRow, ...]

    @property
    def named_by_both(self) -> int:
        return sum(1 for row in self.rows if row.guideline and row.research)


@dataclass(frozen=True, slots=True)
class OutlineNode:
    """One line of the overview tree, with the citations of what it states."""

    label: str
    source: EvidenceSource | None = None
    citations: tuple[int, ...] = ()
    children: tuple[OutlineNode, ...] = ()


@dataclass(frozen=True, slots=True)
class Overview:
    root: OutlineNode


@dataclass(frozen=True, slots=True)
class Export:
    """The whole dataset, for `dyscalc export`."""

    dataset: Dataset


def _source(source: SourceFilter) -> EvidenceSource | None:
    if source is None or source == "all":
        return None
    try:
        return EvidenceSource(source)
    except ValueError:
        raise UsageError(
            f"unknown source {source!r} (choose from: guideline, research, all)"
        ) from None


def _is_from(source: EvidenceSource, wanted: EvidenceSource | None) -> bool:
    """Whether something from `source` passes the filter (None keeps both sources)."""
    return wanted is None or source == wanted


def _keep(items: Iterable[Entry], source: SourceFilter) -> tuple[Entry, ...]:
    wanted = _source(source)
    return tuple(item for item in items if _is_from(item.source, wanted))


def causes(dataset: Dataset, source: SourceFilter = None) -> EntryList:
    return EntryList("cause", _keep(dataset.causes, source))


def conditions(dataset: Dataset, source: SourceFilter = None) -> EntryList:
    return EntryList("condition", _keep(dataset.conditions, source))


def topics(dataset: Dataset) -> TopicList:
    return TopicList(dataset.topics)


def topic(dataset: Dataset, topic_id: str, source: SourceFilter = None) -> Topic:
    """One topic with its statements from `source`; an unknown topic is a usage error."""
    wanted = _source(source)
    for candidate in dataset.topics:
        if candidate.id == topic_id:
            kept = tuple(s for s in candidate.statements if _is_from(s.source, wanted))
            return Topic(candidate.id, candidate.title, kept)
    names = [t.id for t in dataset.topics]
    raise UsageError(
        f"unknown topic {topic_id!r} (choose from: {', '.join(names)})"
        + _did_you_mean(topic_id, names)
    )


def citation_uses(dataset: Dataset, source: SourceFilter = None) -> CitationIndex:
    """Every citation (from `source`) with what cites it: a reverse index built in one pass."""
    wanted = _source(source)
    cited_by: dict[int, list[CitingItem]] = {c.number: [] for c in dataset.citations}
    for entry in dataset.entries:
        for number in entry.citations:
            cited_by[number].append(CitingItem(entry.kind, entry.id, entry.name))
    for each_topic in dataset.topics:
        for statement in each_topic.statements:
            for number in statement.citations:
                cited_by[number].append(CitingItem("statement", statement.id, each_topic.title))
    return CitationIndex(
        tuple(
            CitationUse(c, tuple(cited_by[c.number]))
            for c in dataset.citations
            if _is_from(c.source, wanted)
        )
    )


def search(dataset: Dataset, text: str, source: SourceFilter = None) -> SearchResults:
    """Case-insensitive substring search over names, examples, descriptions and statements."""
    needle = text.casefold()
    wanted = _source(source)
    hits: list[SearchHit] = []
    for entry in dataset.entries:
        if not _is_from(entry.source, wanted):
            continue
        haystack = "\n".join((entry.id, entry.name, *entry.examples, entry.description or ""))
        if needle in haystack.casefold():
            hits.append(SearchHit(entry.kind, entry.id, entry.name, entry.source, entry.citations))
    for each_topic in dataset.topics:
        for statement in each_topic.statements:
            if not _is_from(statement.source, wanted):
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
                    )
                )
    return SearchResults(text, tuple(hits))


def find(dataset: Dataset, item_id: str) -> ShownItem:
    """The entry, statement or topic with this id; NotFound suggests close ids."""
    items: list[Entry | Statement | Topic] = [
        *dataset.entries,
        *dataset.topics,
        *dataset.statements,
    ]
    for item in items:
        if item.id == item_id:
            return ShownItem(item)
    raise NotFound(f"no entry with id {item_id!r}" + _did_you_mean(item_id, [i.id for i in items]))


def all_items(dataset: Dataset) -> list[Entry | Statement | Topic]:
    """Everything that has an id, in the order `show` looks for it."""
    return [*dataset.entries, *dataset.topics, *dataset.statements]


def info(dataset: Dataset) -> DatasetInfo:
    return DatasetInfo(
        title=dataset.title,
        dataset_version=dataset.version,
        schema_version=dataset.schema_version,
        dyscalc_version=__version__,
        source_document=dataset.provenance.document,
        provenance_note=dataset.provenance.note,
        counts={
            "causes": len(dataset.causes),
            "conditions": len(dataset.conditions),
            "topics": len(dataset.topics),
            "statements": len(dataset.statements),
            "citations": len(dataset.citations),
        },
        disclaimer=DISCLAIMER,
    )


def compare(dataset: Dataset) -> Comparison:
    """Causes grouped by their editorial category, side by side for the two sources.

    A cause without a category stands in a row of its own, named after itself."""
    grouped: dict[str, tuple[Category, list[Entry], list[Entry]]] = {
        c.id: (c, [], []) for c in dataset.categories
    }
    for cause in dataset.causes:
        key = cause.category or f"\0{cause.id}"
        if key not in grouped:
            grouped[key] = (Category(cause.category or cause.id, cause.name), [], [])
        _, guideline, research = grouped[key]
        (guideline if cause.source == EvidenceSource.GUIDELINE else research).append(cause)
    rows = (CategoryRow(c, tuple(g), tuple(r)) for c, g, r in grouped.values())
    return Comparison(tuple(row for row in rows if row.guideline or row.research))


# Where the overview places topics around the causes and conditions, as the source does:
# the definition first, the recent findings last.
_FIRST_TOPIC = "definition"
_LAST_TOPIC = "recent-findings"


def overview(dataset: Dataset) -> Overview:
    """The whole topic as one tree: definition, causes by source, the other topics,
    associated conditions and recent findings."""

    def statement_nodes(topic: Topic) -> OutlineNode:
        leaves = tuple(
            OutlineNode(f"{s.source.value}: {s.text}", s.source, s.citations)
            for s in topic.statements
        )
        return OutlineNode(topic.title, children=leaves)

    def entry_node(entry: Entry) -> OutlineNode:
        label = entry.name
        if entry.examples:
            label += f" (examples: {', '.join(entry.examples)})"
        if entry.description:
            label += f": {entry.description}"
        return OutlineNode(label, entry.source, entry.citations)

    def by_source(title: str, entries: tuple[Entry, ...]) -> OutlineNode:
        groups = []
        for source, heading in (
            (EvidenceSource.GUIDELINE, "From the guidelines"),
            (EvidenceSource.RESEARCH, "From the research"),
        ):
            kept = tuple(entry_node(e) for e in entries if e.source == source)
            if kept:
                groups.append(OutlineNode(heading, source, children=kept))
        return OutlineNode(title, children=tuple(groups))

    first = [statement_nodes(t) for t in dataset.topics if t.id == _FIRST_TOPIC]
    middle = [statement_nodes(t) for t in dataset.topics if t.id not in (_FIRST_TOPIC, _LAST_TOPIC)]
    last = [statement_nodes(t) for t in dataset.topics if t.id == _LAST_TOPIC]
    sections = (
        *first,
        by_source("Causes", dataset.causes),
        *middle,
        by_source("Associated conditions", dataset.conditions),
        *last,
    )
    return Overview(OutlineNode(dataset.title, children=tuple(sections)))


def export(dataset: Dataset) -> Export:
    return Export(dataset)


def _did_you_mean(wrong: str, names: Iterable[str]) -> str:
    suggestions = close_matches(wrong, names)
    if not suggestions:
        return ""
    return "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"


_PART_MATCH_WEIGHT = 0.95
_CLOSE_ENOUGH = 0.75


def close_matches(wrong: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Names like `wrong`, whole or by one kebab-case part.

    'infektion' finds 'infection' and, through its part 'infections', 'previous-infections'."""
    wrong = wrong.casefold()
    scored: list[tuple[float, str]] = []
    for name in names:
        whole = difflib.SequenceMatcher(None, wrong, name).ratio()
        # A match on one part counts a little less, so that a whole-name match ranks first.
        part = max(difflib.SequenceMatcher(None, wrong, p).ratio() for p in name.split("-"))
        score = max(whole, part * _PART_MATCH_WEIGHT)
        if score >= _CLOSE_ENOUGH:
            scored.append((score, name))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [name for _, name in scored[:limit]]
