"""Draft a dataset from an evidence summary written in the source document's shape, for
`dyscalc import`: every fact of the document becomes one item that quotes it, and
nothing else is added.

The document is read by dyscalc.source_document (sections, headings, bullets, lead-ins,
prose sentences, citation numbers). Each fact is then placed by the heading it stands
under, by HEADING_RULES: a bullet under a "Causes…" heading is a cause, one under an
"Associated Conditions…" heading a condition; every other fact is a statement of a
topic, the topic its heading names or, for a fact under no topic heading (an opening
paragraph, or prose beside a list of causes or conditions), the OPENING_TOPIC.
What cannot be placed is refused, every instance at its own line; README.md ("Drafting a
dataset from a document") states each rule for the people who write such documents.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dyscalc.errors import DatasetError
from dyscalc.model import (
    SCHEMA_VERSION,
    Citation,
    Dataset,
    Entry,
    EntryKind,
    EvidenceSource,
    Provenance,
    Quote,
    Statement,
    Topic,
)
from dyscalc.problems import Problem
from dyscalc.source_document import (
    NAME_SEPARATOR,
    SECTIONS,
    LineKind,
    Passage,
    SourceDocument,
    locate_quote,
    read_document,
)

DRAFT_VERSION = "0.1.0"
"""The `version` of every draft: a first version, for its editor to raise."""


@dataclass(frozen=True, slots=True)
class HeadingRule:
    """Headings that begin with `words` (in any case, as whole words) hold `kind`s."""

    words: str
    kind: EntryKind

    def matches(self, heading: str) -> bool:
        return re.match(rf"{re.escape(self.words)}\b", heading.strip(), re.IGNORECASE) is not None


HEADING_RULES = (
    HeadingRule("Causes", "cause"),
    HeadingRule("Associated Conditions", "condition"),
)
"""Which headings hold causes and conditions; any other heading names a topic."""

OPENING_TOPIC = "Overview"
"""The title of the topic of the facts that stand under no topic heading."""

_ID_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile("['\u2019]")  # dropped, so that "Widget's" makes "widgets"
_SENTENCE_ENDS = ".!?"
_SECTION_NAMES = " or ".join(f'"{name}"' for name in SECTIONS)


def import_document(path: str | os.PathLike[str]) -> Dataset:
    """The draft dataset of the document at `path`; DatasetError, with every refusal
    located as `PATH:LINE: why`, if it cannot be read or any fact cannot be placed."""
    return draft_dataset(read_document(path))


def draft_dataset(document: SourceDocument) -> Dataset:
    """The dataset that states exactly the facts of `document`, each quoting its line;
    DatasetError listing every fact it cannot place."""
    return _Drafter(document).dataset()


def kebab_case(name: str) -> str:
    """An id made from `name`: its ASCII letters and digits, lower-case, words joined by
    "-" ("Tumors (benign)" -> "tumors-benign"); empty when it has none."""
    folded = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", name).casefold())
    return "-".join(_ID_WORD.findall(folded.encode("ascii", "ignore").decode("ascii")))


def title_from_file_name(path: str) -> str:
    """A dataset title from a document's file name: "widget-care.txt" -> "Widget care"."""
    name = Path(path).name
    words = " ".join(re.split(r"[\s_-]+", Path(name).stem)).strip()
    return words[:1].upper() + words[1:] if words else name


def heading_kind(heading: str) -> EntryKind | None:
    """What a heading holds by HEADING_RULES: causes, conditions, or (None) a topic."""
    for rule in HEADING_RULES:
        if rule.matches(heading):
            return rule.kind
    return None


@dataclass(slots=True)
class _TopicDraft:
    title: str
    line: int | None  # of the heading that first named it; None for the opening topic
    facts: list[Passage] = field(default_factory=list)


class _Drafter:
    """One pass over the document places each fact and notes each refusal; the ids are
    given afterwards, once every topic is known, so that no topic's id is ever altered."""

    def __init__(self, document: SourceDocument) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.topics: dict[str, _TopicDraft] = {}  # by id, in the order of their first fact
        self.entries: list[tuple[EntryKind, Passage]] = []
        self.citations: dict[int, Passage] = {}  # each number, with the first fact citing it
        self.refused_headings: set[int] = set()

    def refuse(self, line: int, why: str) -> None:
        self.problems.append(Problem(self.document.path, line, None, why))

    def dataset(self) -> Dataset:
        heading: tuple[int, str] | None = None  # the line and text of the current heading
        for line in self.document.lines:
            if line.kind is LineKind.SECTION:
                heading = None
            elif line.kind is LineKind.HEADING:
                heading = (line.number, line.text.strip())
            for fact in line.facts:
                self.place(fact, heading)
        if not self.problems and not self.topics and not self.entries:
            self.refuse(
                1,
                f"the document states no fact: no bullet or sentence stands under {_SECTION_NAMES}",
            )
        if self.problems:
            raise DatasetError(sorted(self.problems, key=lambda problem: problem.line or 0))
        return self.build()

    def place(self, fact: Passage, heading: tuple[int, str] | None) -> None:
        if fact.source is None:
            self.refuse(
                fact.line,
                f"a fact before any section: put it under {_SECTION_NAMES}, "
                "which gives its evidence source",
            )
            return
        if not self.is_placeable(fact):
            return
        self.note_citations(fact)
        kind = heading_kind(heading[1]) if heading is not None else None
        if kind is not None and fact.kind == "bullet":
            name = _entry_name(fact)
            if not kebab_case(name):
                self.refuse(
                    fact.line,
                    f"the name {name!r} makes no id: it has no letter or digit (a-z, 0-9)",
                )
                return
            self.entries.append((kind, fact))
        elif heading is None or kind is not None:
            self.add_to_topic(fact, OPENING_TOPIC, None)
        else:
            self.add_to_topic(fact, heading[1], heading[0])

    def is_placeable(self, fact: Passage) -> bool:
        """Whether `fact` can be an item that quotes it; if not, why is refused."""
        text = fact.text.strip()
        repeated = sorted({n for n in fact.citations if fact.citations.count(n) > 1})
        if not text:
            self.refuse(fact.line, "an empty bullet: it states nothing to import")
        elif fact.kind == "bullet" and text.startswith(NAME_SEPARATOR):
            self.refuse(fact.line, f"the bullet's name before {NAME_SEPARATOR!r} is empty")
        elif text.endswith(":"):
            self.refuse(
                fact.line,
                f"it ends with ':' as a lead-in does, yet cites {_numbers(fact.citations)}: "
                "a lead-in states no fact, so nothing can carry the citation",
            )
        elif repeated:
            self.refuse(fact.line, f"it cites {_numbers(tuple(repeated))} twice")
        elif locate_quote(self.document, fact.line, fact.text).passage != fact:
            self.refuse(
                fact.line,
                f"the sentence {fact.text!r} also stands in an earlier sentence of this "
                "line, so its quote could not tell the two apart: give it a line of its own",
            )
        else:
            return True
        return False

    def note_citations(self, fact: Passage) -> None:
        for number in fact.citations:
            first = self.citations.setdefault(number, fact)
            if first.source is not fact.source:
                self.refuse(
                    fact.line,
                    f'citation {number} is cited here under "{_section(fact)}" and at line '
                    f'{first.line} under "{_section(first)}": a citation belongs to one section',
                )

    def add_to_topic(self, fact: Passage, title: str, heading_line: int | None) -> None:
        topic_id = kebab_case(title)
        if not topic_id:
            self.refuse(
                fact.line,
                f"it stands under the heading {title!r} (line {heading_line}), which makes "
                "no topic id: it has no letter or digit (a-z, 0-9)",
            )
            return
        topic = self.topics.setdefault(topic_id, _TopicDraft(title, heading_line))
        if topic.title == title:
            topic.facts.append(fact)
            return
        line, message = _clash(topic_id, (title, heading_line), (topic.title, topic.line))
        if line not in self.refused_headings:
            self.refused_headings.add(line)
            self.refuse(line, message)

    def closing_mark(self, fact: Passage) -> str:
        """The mark that ends `fact` in the document (after its citation numbers, if it has
        any); a full stop where it has none."""
        line = self.document.line(fact.line)
        written = line.text[fact.start : fact.end].rstrip() if line is not None else ""
        return written[-1] if written and written[-1] in _SENTENCE_ENDS else "."

    def sentence(self, text: str, fact: Passage) -> str:
        """`text` with the fact's closing mark added, unless it already ends with one."""
        text = text.strip()
        return text if text.endswith(tuple(_SENTENCE_ENDS)) else text + self.closing_mark(fact)

    def build(self) -> Dataset:
        ids = _Ids(self.topics)
        topics = tuple(
            Topic(
                id=topic_id,
                title=topic.title,
                statements=tuple(
                    Statement(
                        id=ids.new(f"{topic_id}-{_source(fact).value}"),
                        topic=topic_id,
                        source=_source(fact),
                        text=self.sentence(fact.text, fact),
                        citations=tuple(sorted(fact.citations)),
                        quote=_quote(fact),
                    )
                    for fact in topic.facts
                ),
            )
            for topic_id, topic in self.topics.items()
        )
        entries = tuple(
            Entry(
                kind=kind,
                id=ids.new(kebab_case(_entry_name(fact))),
                name=_entry_name(fact),
                source=_source(fact),
                description=None if fact.name is None else self.sentence(fact.detail, fact),
                citations=tuple(sorted(fact.citations)),
                quote=_quote(fact),
            )
            for kind, fact in self.entries
        )
        name = Path(self.document.path).name
        return Dataset(
            schema_version=SCHEMA_VERSION,
            title=title_from_file_name(name),
            version=DRAFT_VERSION,
            provenance=Provenance(
                document=name,
                sha256=self.document.sha256(),
                note=f"Drafted by `dyscalc import` from {name}: one item for each fact, "
                "quoting its line. Review the ids and the topic titles, and add any "
                "categories, before publishing it.",
            ),
            topics=topics,
            causes=tuple(entry for entry in entries if entry.kind == "cause"),
            conditions=tuple(entry for entry in entries if entry.kind == "condition"),
            citations=tuple(
                Citation(number=number, source=_source(fact))
                for number, fact in sorted(self.citations.items())
            ),
        )


class _Ids:
    """Unique ids in one namespace: the topics' own, then each new one in document order,
    "-2", "-3", ... added to one already taken."""

    def __init__(self, topic_ids: Iterable[str]) -> None:
        self.taken = set(topic_ids)

    def new(self, base: str) -> str:
        candidate, number = base, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        return candidate


def _clash(
    topic_id: str, this: tuple[str, int | None], other: tuple[str, int | None]
) -> tuple[int, str]:
    """Where to refuse two titles that make one topic id, and why: at the heading's line
    (the later heading's, when both are headings)."""
    (title, line), (other_title, other_line) = (
        (this, other) if this[1] is not None else (other, this)
    )
    assert line is not None, "the opening topic's title is always the same"
    if other_line is None:
        earlier = f"the topic {other_title!r} of the facts under no topic heading"
    else:
        earlier = f"the heading {other_title!r} at line {other_line}"
    return line, (
        f"the heading {title!r} makes the topic id {topic_id!r}, as {earlier} does: "
        "write them alike for one topic, or apart for two"
    )


def _entry_name(fact: Passage) -> str:
    return fact.name if fact.name is not None else fact.text.strip()


def _quote(fact: Passage) -> Quote:
    return Quote(line=fact.line, text=fact.text)


def _source(fact: Passage) -> EvidenceSource:
    assert fact.source is not None, "a fact under no section is refused, never placed"
    return fact.source


def _section(fact: Passage) -> str:
    return fact.headings[0]


def _numbers(numbers: tuple[int, ...]) -> str:
    return ", ".join(str(number) for number in numbers)
