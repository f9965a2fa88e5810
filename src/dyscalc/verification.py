"""`dyscalc verify`: check a dataset against its source document, mechanically.

1. The document's SHA-256 is the one `provenance.sha256` records.
2. Every statement, cause and condition quotes the document, and its quote stands
   verbatim on the line it names, within one fact (a bullet's marker may be left out).
3. The citation numbers that end that fact are exactly the item's citations (a fact
   without numbers means none), and the section the line sits in is the item's source.
4. Every fact of the document (each bullet and each prose sentence; not headings, not
   lead-ins ending with ":") is quoted by at least one item.

A wrong quote, citation or source is reported at the dataset's line (of the quote, of
`citations`, of `source`); a fact nobody quotes at the document's line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dyscalc import source_file
from dyscalc.dataset_lines import dataset_lines, line_of
from dyscalc.errors import DatasetError
from dyscalc.loader import parse_dataset, read_dataset_bytes
from dyscalc.model import Dataset, Entry, Statement
from dyscalc.problems import Problem
from dyscalc.source_document import (
    SECTIONS,
    LineKind,
    Passage,
    SourceDocument,
    locate_quote,
    read_document,
)
from dyscalc.yamlparse import decode_utf8

_NOT_FACTS = {
    LineKind.BLANK: "blank",
    LineKind.SECTION: "section line",
    LineKind.HEADING: "heading",
    LineKind.LEAD_IN: "lead-in",
}
_SHOWN_TEXT = 60  # characters of an unquoted fact shown in its problem


@dataclass(frozen=True, slots=True)
class Verification:
    """What `dyscalc verify` found: every problem, and how much of the document is quoted."""

    dataset: str
    document: str
    problems: tuple[Problem, ...]
    facts: int  # facts in the document: its bullets and prose sentences
    facts_quoted: int  # those quoted by at least one item
    items: int  # statements, causes and conditions checked

    @property
    def verified(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        quoted = f"{self.facts_quoted} of {self.facts} facts quoted"
        if self.verified:
            return f"{quoted}; every quote verbatim; citations, sources and texts agree"
        count = len(self.problems)
        return f"{count} problem{'' if count == 1 else 's'} found; {quoted}"


def verify_file(
    dataset_path: str | os.PathLike[str], document_path: str | os.PathLike[str] | None = None
) -> Verification:
    """Verify the dataset at `dataset_path` against `document_path`, or against the
    document its provenance names. DatasetError if the dataset itself is not valid."""
    shown = str(dataset_path)
    data = read_dataset_bytes(Path(dataset_path))
    dataset = parse_dataset(data, shown)
    lines = dataset_lines(decode_utf8(data, shown), shown)
    items = len(dataset.statements) + len(dataset.entries)
    named = dataset.provenance.document
    if document_path is None:
        try:
            document_path = source_file.document_path(Path(dataset_path), named)
        except source_file.DocumentMismatch as error:
            where = line_of(lines, "provenance.document", "provenance")
            return Verification(
                shown, named, (Problem(shown, where, None, str(error)),), 0, 0, items
            )
    try:
        document = read_document(document_path)
    except DatasetError as error:
        return Verification(shown, str(document_path), tuple(error.problems), 0, 0, items)
    return verify(dataset, document, dataset_path=shown, lines=lines)


def verify(
    dataset: Dataset, document: SourceDocument, *, dataset_path: str, lines: dict[str, int]
) -> Verification:
    """Check `dataset` against `document`; `lines` locates the dataset's fields (see
    dataset_lines) in the file at `dataset_path`, where its problems are reported."""
    found: list[Problem] = []
    doc = document.path

    def problem(line: int | None, message: str) -> None:
        found.append(Problem(dataset_path, line, None, message))

    recorded = dataset.provenance.sha256
    actual = document.sha256()
    if recorded is None:
        problem(
            line_of(lines, "provenance"),
            f"provenance records no sha256 of its source document ({doc} has {actual})",
        )
    elif recorded.lower() != actual:
        problem(
            line_of(lines, "provenance.sha256", "provenance"),
            f"{doc} is not the document this dataset quotes: its SHA-256 is {actual}, "
            f"provenance records {recorded}",
        )

    quoted: set[tuple[int, int]] = set()
    items: list[Entry | Statement] = [*dataset.statements, *dataset.entries]
    for item in items:
        kind = item.kind if isinstance(item, Entry) else "statement"

        def where(*fields: str, item_id: str = item.id) -> int | None:
            return line_of(lines, *(f"{item_id}.{name}" for name in fields), item_id)

        quote = item.quote
        if quote is None:
            problem(where(), f"{kind} {item.id!r} has no quote of the source document")
            continue
        location = locate_quote(document, quote.line, quote.text)
        line = location.line
        if line is None:
            problem(
                where("quote.line", "quote"),
                f"quote line {quote.line} is past the end of {doc} ({len(document.lines)} lines)",
            )
        elif not quote.text.strip():
            problem(where("quote.text", "quote"), "the quote's text is empty")
        elif location.start is None:
            elsewhere = [n.number for n in document.lines if quote.text in n.text]
            if elsewhere:  # then the line number is what is wrong
                problem(
                    where("quote.line", "quote"),
                    f"the quote is not on line {quote.line} of {doc} "
                    f"(it is on line {elsewhere[0]})",
                )
            else:
                problem(
                    where("quote.text", "quote"), f"the quote is not on line {quote.line} of {doc}"
                )
        elif line.kind in _NOT_FACTS:
            problem(
                where("quote.line", "quote"),
                f"line {line.number} of {doc} is a {_NOT_FACTS[line.kind]}, not a fact",
            )
        elif location.passage is None:
            problem(
                where("quote.text", "quote"),
                f"the quote runs across sentences of line {line.number} of {doc}; quote one",
            )
        elif not location.passage.is_fact:
            problem(
                where("quote.text", "quote"),
                f"the quote is from a lead-in of line {line.number} of {doc} (it ends with "
                "':'), which states no fact",
            )
        else:
            fact = location.passage
            quoted.add((fact.line, fact.start))
            if sorted(fact.citations) != sorted(item.citations):
                problem(
                    where("citations"),
                    f"citations {_numbers(item.citations)} differ from line {fact.line} of "
                    f"{doc}, which gives {_numbers(fact.citations)}",
                )
            if fact.source != item.source:
                problem(
                    where("source"),
                    f"source {item.source.value} differs from line {fact.line} of {doc}, "
                    f"which is {_section(fact)}",
                )
            for field, shown in _served_texts(item):
                if _comparable(shown) not in _comparable(fact.text):
                    problem(
                        where(field),
                        f"{field} {_shorten(shown)} is not in the fact it quotes, on line "
                        f"{fact.line} of {doc}",
                    )

    facts = document.facts
    unquoted = [fact for fact in facts if (fact.line, fact.start) not in quoted]
    found.sort(key=lambda p: p.line or 0)
    found.extend(
        Problem(doc, fact.line, None, f"no item quotes this {fact.kind}: {_shorten(fact.text)}")
        for fact in unquoted
    )
    return Verification(
        dataset_path, doc, tuple(found), len(facts), len(facts) - len(unquoted), len(items)
    )


def _served_texts(item: Entry | Statement) -> list[tuple[str, str]]:
    """What the dataset shows of an item, by field: each must be words of its quoted fact."""
    if isinstance(item, Statement):
        return [("text", item.text)]
    texts = [("name", item.name), *(("examples", example) for example in item.examples)]
    if item.description is not None:
        texts.append(("description", item.description))
    return texts


def _comparable(text: str) -> str:
    # Light normalisation only, as curated-evidence checks do: a shown text may differ from
    # the document in case, in line wrapping and in a closing full stop, never in its words.
    return " ".join(text.split()).casefold().removesuffix(".")


def _numbers(citations: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in citations) if citations else "none"


def _section(fact: Passage) -> str:
    for title, source in SECTIONS.items():
        if source == fact.source:
            return f"under {title!r}"
    return f"under no section ({' or '.join(repr(title) for title in SECTIONS)})"


def _shorten(text: str) -> str:
    if len(text) <= _SHOWN_TEXT:
        return repr(text)
    return repr(text[: _SHOWN_TEXT - 1].rstrip() + "\u2026")
