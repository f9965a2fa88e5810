"""Each result as a titled table or a list of fields: the shared shape of the human views
(rich tables and markdown). Cells are strings; the views make them safe to show. A cell
that names an evidence source or citations is Tagged, for the views that style it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, TypeAlias, Union

from dyscalc.model import Entry, EvidenceSource, Quote, Statement, Topic
from dyscalc.render.dispatch import ByClass
from dyscalc.wording import counted, quoted

if TYPE_CHECKING:
    # Only for the annotations, which choose each function's class: see dispatch.py.
    from dyscalc.queries.citation_index import CitationIndex
    from dyscalc.queries.entries import EntryList
    from dyscalc.queries.quotes import QuoteCheck
    from dyscalc.queries.source_view import ListedLine, PlacedItem, QuoteContext, SourceListing
    from dyscalc.queries.summaries import Comparison, DatasetInfo, OutlineNode
    from dyscalc.queries.text_search import SearchResults
    from dyscalc.queries.topics import Explanation, TopicList
    from dyscalc.render.listing import Listing, ListingLine

NOT_GIVEN = "not given in source"
NO_CITATION = "none"
CHECK_MARK = "\u2713"
CROSS_MARK = "\u2717"
QUOTE_LINE_MARK = ">"  # plain text, so that a pipe shows which line is quoted


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    caption: str | None = None
    empty: str = "Nothing to show."


@dataclass(frozen=True, slots=True)
class Fields:
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Outline:
    """A tree of labelled lines, each with its citation marks."""

    root: OutlineNode
    caption: str | None = None


# A Listing's class is created only when one is shown: named here by string.
HumanView: TypeAlias = Union[Table, Fields, Outline, "Listing"]


class Tagged(str):
    """Text made of parts, each tagged with what it is (an evidence source, citation
    marks; the tags of render/palette.py) so that a view can style it. Everywhere else it
    is the plain text it reads as."""

    parts: tuple[tuple[str, str], ...]

    def __new__(cls, *parts: tuple[str, str]) -> Tagged:
        tagged = super().__new__(cls, "".join(text for text, _ in parts))
        tagged.parts = parts
        return tagged


def joined(*pieces: str) -> Tagged:
    """The pieces as one text, keeping the tags of the tagged ones."""
    parts: list[tuple[str, str]] = []
    for piece in pieces:
        parts.extend(piece.parts if isinstance(piece, Tagged) else [(piece, "")])
    return Tagged(*parts)


def source_word(source: EvidenceSource) -> Tagged:
    return Tagged((source.value, source.value))


def source_list(sources: Iterable[EvidenceSource]) -> Tagged:
    """Each source once, by name, in alphabetical order, separated by commas."""
    pieces: list[str] = []
    for source in sorted(set(sources)):
        pieces.extend([", ", source_word(source)] if pieces else [source_word(source)])
    return joined(*pieces)


def citation_marks(numbers: tuple[int, ...]) -> Tagged:
    return Tagged((", ".join(str(n) for n in numbers) if numbers else NO_CITATION, "citations"))


def _details(entry: Entry) -> str:
    parts = []
    if entry.description:
        parts.append(entry.description)
    if entry.examples:
        parts.append("Examples: " + ", ".join(entry.examples))
    return "\n".join(parts)


def _no_human_view(result: object) -> HumanView:
    raise TypeError(f"no human view for {type(result).__name__}")


to_human = ByClass[HumanView](_no_human_view)
"""The table, fields or outline that shows a result to a person."""


@to_human.register
def _entries(result: EntryList) -> Table:
    title = "Causes" if result.kind == "cause" else "Associated conditions"
    return Table(
        title=f"{title} of dystrophic calcification",
        columns=("Name / ID", "Source", "Citations", "Details"),
        rows=[
            (f"{e.name}\n{e.id}", source_word(e.source), citation_marks(e.citations), _details(e))
            for e in result.entries
        ],
        caption="Citations are numbered as in the source; 'dyscalc citations' lists them.",
        empty=f"No {title.lower()} for that source.",
    )


@to_human.register
def _topics(result: TopicList) -> Table:
    return Table(
        title="Topics (dyscalc explain TOPIC)",
        columns=("Topic", "Title", "Statements", "Sources"),
        rows=[
            (
                t.id,
                t.title,
                str(len(t.statements)),
                source_list(s.source for s in t.statements),
            )
            for t in result.topics
        ],
    )


@to_human.register
def _explanation(explanation: Explanation) -> Table:
    return Table(
        title=explanation.title,
        columns=("Source", "Statement", "Citations"),
        rows=[
            (source_word(s.source), s.text, citation_marks(s.citations))
            for s in explanation.statements
        ],
        empty="No statement on this topic from that source.",
    )


@to_human.register
def _citations(result: CitationIndex) -> Table:
    return Table(
        title="Citations",
        columns=("No.", "Source", "Cited by", "Reference"),
        rows=[
            (
                str(use.citation.number),
                source_word(use.citation.source),
                "\n".join(f"{item.name} ({item.kind} {item.id})" for item in use.cited_by),
                use.citation.reference.summary() or NOT_GIVEN,
            )
            for use in result.uses
        ],
    )


@to_human.register
def _search(result: SearchResults) -> Table:
    count = len(result.hits)
    return Table(
        title=f"Search for {quoted(result.text)}: {counted(count, 'match', 'matches')}",
        columns=("Name / ID", "Kind", "Source", "Citations", "Text"),
        rows=[
            (
                f"{h.name}\n{h.id}",
                h.kind,
                source_word(h.source),
                citation_marks(h.citations),
                h.text or "",
            )
            for h in result.hits
        ],
        empty=f"No matches for {quoted(result.text)}.",
    )


# `show ID` gives an entry, a statement or a topic.


@to_human.register
def _entry(entry: Entry) -> Fields:
    return _entry_fields(entry, None)


@to_human.register
def _statement(statement: Statement) -> Fields:
    return _statement_fields(statement, None)


@to_human.register
def _placed(placed: PlacedItem) -> Fields:
    """An item whose quote was found in the source document: its heading path shows too."""
    if isinstance(placed.item, Entry):
        return _entry_fields(placed.item, placed.heading_path)
    return _statement_fields(placed.item, placed.heading_path)


def _entry_fields(entry: Entry, heading_path: str | None) -> Fields:
    fields = [
        ("Kind", entry.kind),
        ("Name", entry.name),
        ("Source", source_word(entry.source)),
        ("Citations", citation_marks(entry.citations)),
    ]
    if entry.description:
        fields.append(("Description", entry.description))
    if entry.examples:
        fields.append(("Examples", "\n".join(entry.examples)))
    if entry.category:
        fields.append(("Category", entry.category))
    return Fields(title=entry.id, fields=fields + _quote_fields(entry.quote, heading_path))


def _statement_fields(statement: Statement, heading_path: str | None) -> Fields:
    return Fields(
        title=statement.id,
        fields=[
            ("Kind", "statement"),
            ("Topic", statement.topic),
            ("Source", source_word(statement.source)),
            ("Citations", citation_marks(statement.citations)),
            ("Text", statement.text),
            *_quote_fields(statement.quote, heading_path),
        ],
    )


def _quote_fields(quote: Quote | None, heading_path: str | None) -> list[tuple[str, str]]:
    if quote is None:
        return []
    where = f"line {quote.line}"
    if heading_path:
        where += f", under {heading_path}"
    return [("Quote", quote.text), ("Quoted from", where)]


@to_human.register
def _topic(topic: Topic) -> Fields:
    return Fields(
        title=topic.id,
        fields=[("Kind", "topic"), ("Title", topic.title)]
        + [
            (joined(source_word(s.source), " [", citation_marks(s.citations), "]"), s.text)
            for s in topic.statements
        ],
    )


@to_human.register
def _quote_check(result: QuoteCheck) -> Fields:
    def found(where: bool | None) -> str:
        if where is None:
            return "no source document ships with this dataset"
        return "yes" if where else "no"

    return Fields(
        title="Quote check",
        fields=[
            ("Text", result.text),
            ("In the dataset", found(result.in_dataset)),
            ("In the source document", found(result.in_source)),
            ("Carried by", ", ".join(result.items) or "no item"),
        ],
    )


@to_human.register
def _info(result: DatasetInfo) -> Fields:
    return Fields(
        title=result.title,
        fields=[
            ("Dataset version", result.dataset_version),
            ("Schema version", str(result.schema_version)),
            ("dyscalc version", result.dyscalc_version),
            ("Source document", result.source_document),
            ("Provenance", result.provenance_note or NOT_GIVEN),
            *((name.capitalize(), str(count)) for name, count in result.counts.items()),
        ],
        caption=result.disclaimer,
    )


@to_human.register
def _comparison(result: Comparison) -> Table:
    def mark(entries: tuple[Entry, ...], source: EvidenceSource) -> str:
        if not entries:
            return ""
        numbers = tuple(sorted({n for e in entries for n in e.citations}))
        cited = (" [", citation_marks(numbers), "]") if numbers else ()
        names = "; ".join(e.name for e in entries)
        return joined(Tagged((CHECK_MARK, source.value)), *cited, " ", names)

    total = len(result.rows)
    return Table(
        title="Causes named by each source",
        columns=("Category", Tagged(("Guidelines", "guideline")), Tagged(("Research", "research"))),
        rows=[
            (
                row.category.name,
                mark(row.guideline, EvidenceSource.GUIDELINE),
                mark(row.research, EvidenceSource.RESEARCH),
            )
            for row in result.rows
        ],
        caption=(
            f"{result.named_by_both} of {counted(total, 'category', 'categories')} "
            f"{'is' if result.named_by_both == 1 else 'are'} named by both sources. "
            "dyscalc grouped the causes into categories; the sources list them separately."
        ),
    )


@to_human.register
def _overview(root: OutlineNode) -> Outline:
    return Outline(
        root=root,
        caption="Citation numbers are in brackets; a line without one has none in the source.",
    )


def outline_label(node: OutlineNode) -> str:
    """The node's text followed by its citation marks, if it has any. The heading of one
    source's branch is tagged with that source, and so is a line's leading source name."""
    label: str = node.label
    if node.source is not None:
        name = node.source.value
        if node.children:
            label = Tagged((label, name))
        elif label.startswith(f"{name}: "):
            label = joined(source_word(node.source), label[len(name) :])
    if node.citations:
        return joined(label, " [", citation_marks(node.citations), "]")
    return label


_HEADING_KINDS = ("section", "heading")


def _file_name(path: str) -> str:
    # The name alone: a title holds one line, and the whole path is in the JSON.
    return PurePath(path).name


def _listed(line: ListedLine, mark: str, highlight: tuple[int, int] | None = None) -> ListingLine:
    from dyscalc.render.listing import ListingLine

    heading = line.kind.value in _HEADING_KINDS
    return ListingLine(line.number, mark, line.text, heading, highlight)


@to_human.register
def _source_listing(result: SourceListing) -> Listing:
    def mark(line: ListedLine) -> str:
        if line.unquoted_facts:
            return CROSS_MARK
        return CHECK_MARK if line.quoted_by else ""

    from dyscalc.render.listing import Listing

    return Listing(
        title=(
            f"{_file_name(result.document)}: {result.facts_quoted} of {result.facts} facts quoted"
        ),
        lines=[_listed(line, mark(line)) for line in result.lines],
        caption=(
            f"{CHECK_MARK} quoted by the dataset; {CROSS_MARK} a fact that no item quotes. "
            "'dyscalc source ID' shows one item's quote."
        ),
        empty="The document is empty.",
    )


@to_human.register
def _quote_context(result: QuoteContext) -> Listing:
    quote = result.quote
    span = None if result.start is None else (result.start, result.start + len(quote.text))
    lines = [
        _listed(line, QUOTE_LINE_MARK, span) if line.number == quote.line else _listed(line, "")
        for line in result.lines
    ]
    caption: str | None
    if not lines:
        caption = f"The document has no line {quote.line}; 'dyscalc verify' says more."
    elif span is None:
        caption = f"The quote is not on line {quote.line}; 'dyscalc verify' says more."
    else:
        caption = f"Under {result.heading_path}." if result.heading_path else None
    from dyscalc.render.listing import Listing

    return Listing(
        title=(
            f"{result.kind} {result.item_id} quotes line {quote.line} of "
            f"{_file_name(result.document)}"
        ),
        lines=lines,
        caption=caption,
        empty=f"Quote: {quote.text}",
    )
