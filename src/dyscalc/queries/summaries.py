"""Summaries of the whole dataset: its facts and counts (info), the two sources side by
side (compare) and the overview tree. (`export` needs no query: it writes the Dataset.)"""

from __future__ import annotations

from dataclasses import dataclass

from dyscalc import __version__
from dyscalc.model import Category, Dataset, Entry, EvidenceSource, Topic

DISCLAIMER = (
    "dyscalc is for education and reference. It is not a substitute for professional "
    "medical advice, diagnosis or treatment."
)


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


def info(dataset: Dataset) -> DatasetInfo:
    return DatasetInfo(
        title=dataset.title,
        dataset_version=dataset.version,
        schema_version=dataset.schema_version,
        dyscalc_version=__version__,
        source_document=dataset.provenance.document,
        provenance_note=dataset.provenance.note,
        counts=counts(dataset),
        disclaimer=DISCLAIMER,
    )


def counts(dataset: Dataset) -> dict[str, int]:
    """How many of each thing the dataset holds, as `info` and `validate` report it."""
    return {
        "causes": len(dataset.causes),
        "conditions": len(dataset.conditions),
        "topics": len(dataset.topics),
        "statements": len(dataset.statements),
        "citations": len(dataset.citations),
    }


def compare(dataset: Dataset) -> Comparison:
    """Causes grouped by their editorial category, side by side for the two sources.

    A cause without a category stands in a row of its own, named after itself."""
    grouped: dict[str, tuple[Category, list[Entry], list[Entry]]] = {
        c.id: (c, [], []) for c in dataset.categories
    }
    for cause in dataset.causes:
        key = cause.category or f"\0{cause.id}"
        if key not in grouped:
            grouped[key] = (Category(id=cause.category or cause.id, name=cause.name), [], [])
        _, guideline, research = grouped[key]
        (guideline if cause.source == EvidenceSource.GUIDELINE else research).append(cause)
    rows = (CategoryRow(c, tuple(g), tuple(r)) for c, g, r in grouped.values())
    return Comparison(tuple(row for row in rows if row.guideline or row.research))


# Where the overview places topics around the causes and conditions, as the source does:
# the definition first, the recent findings last.
_FIRST_TOPIC = "definition"
_LAST_TOPIC = "recent-findings"


def overview(dataset: Dataset) -> OutlineNode:
    """The whole topic as one tree, from its root: definition, causes by source, the other
    topics, associated conditions and recent findings."""

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
    return OutlineNode(dataset.title, children=tuple(sections))
