"""Every citation with what cites it: the reverse index of the citation numbers."""

from __future__ import annotations

from dataclasses import dataclass

from dyscalc.model import Citation, Dataset
from dyscalc.queries.common import SourceFilter, is_from, wanted_source


@dataclass(frozen=True, slots=True)
class CitingItem:
    """Something in the dataset that cites a number: an entry or a statement."""

    kind: str
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class IndexedCitation:
    """One line of the index: a citation and everything that cites it."""

    citation: Citation
    cited_by: tuple[CitingItem, ...]


@dataclass(frozen=True, slots=True)
class CitationIndex:
    uses: tuple[IndexedCitation, ...]


def citation_uses(dataset: Dataset, source: SourceFilter = None) -> CitationIndex:
    """Every citation (from `source`) with what cites it: a reverse index built in one pass."""
    wanted = wanted_source(source)
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
            IndexedCitation(c, tuple(cited_by[c.number]))
            for c in dataset.citations
            if is_from(c.source, wanted)
        )
    )
