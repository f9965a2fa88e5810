"""The dataset as immutable dataclasses: what the loader builds and the queries read.

Each record is declared once, here: every field a dataset file holds is `declared(...)`
with its kind of value, its default (which makes it optional) and the schema version that
introduced it, in the order a file writes it. The checker, the codec, the JSON records and
the JSON Schemas all follow from these declarations (see fields.py); a field without a
declaration is given by its context, such as an entry's kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

from dyscalc.fields import (
    CategoryRef,
    CitationNumbers,
    Identifier,
    ListOf,
    Parent,
    Record,
    Source,
    Text,
    WholeNumber,
    declared,
)

SCHEMA_VERSION = 2
"""The version this dyscalc writes; it reads every version from 1 to this one."""

EntryKind = Literal["cause", "condition"]


class EvidenceSource(str, Enum):
    """Where a statement comes from, as the source document separates them."""

    GUIDELINE = "guideline"
    RESEARCH = "research"


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """The words of the source document that an item transcribes, and their line."""

    line: int = declared(WholeNumber(minimum=1))
    text: str = declared(Text())


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """Bibliographic details of a citation; every field is None when the source gives none."""

    title: str | None = declared(Text(), default=None)
    journal: str | None = declared(Text(), default=None)
    year: int | None = declared(WholeNumber(), default=None)
    doi: str | None = declared(Text(), default=None)
    pmid: str | None = declared(Text(), default=None)
    url: str | None = declared(Text(), default=None)
    authors: tuple[str, ...] = declared(ListOf(Text(), item_label="an author"), default=())

    @property
    def is_given(self) -> bool:
        return any(getattr(self, name) for name in self.__slots__)

    def summary(self) -> str | None:
        """One line naming the reference, or None when the source gave no details."""
        if not self.is_given:
            return None
        parts = [
            ", ".join(self.authors) if self.authors else None,
            self.title,
            self.journal,
            str(self.year) if self.year is not None else None,
            f"doi:{self.doi}" if self.doi else None,
            f"PMID {self.pmid}" if self.pmid else None,
            self.url,
        ]
        return ". ".join(part for part in parts if part)


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    number: int = declared(WholeNumber(defines="citation"), key="id")
    source: EvidenceSource = declared(Source())
    reference: Reference = declared(
        Record(Reference, noun="a reference", prefix="reference"),
        factory=Reference,
        write_null=True,  # export has always written `reference: null` for "not given"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """A cause or an associated condition."""

    kind: EntryKind  # which list holds it
    id: str = declared(Identifier(unique=True))
    name: str = declared(Text())
    source: EvidenceSource = declared(Source())
    category: str | None = declared(CategoryRef(), default=None, only_for=("kind", "cause"))
    description: str | None = declared(Text(), default=None, label="description")
    examples: tuple[str, ...] = declared(ListOf(Text(), item_label="an example"), default=())
    citations: tuple[int, ...] = declared(CitationNumbers())
    quote: Quote | None = declared(
        Record(Quote, noun="a quote", prefix="quote"), default=None, since=2
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """One sourced sentence about a topic, such as the guidelines' account of the mechanism."""

    topic: str  # the id of the topic that holds it
    id: str = declared(Identifier(unique=True))
    source: EvidenceSource = declared(Source())
    text: str = declared(Text())
    citations: tuple[int, ...] = declared(CitationNumbers())
    quote: Quote | None = declared(
        Record(Quote, noun="a quote", prefix="quote"), default=None, since=2
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic:
    id: str = declared(Identifier(unique=True))
    title: str = declared(Text())
    statements: tuple[Statement, ...] = declared(
        ListOf(
            Record(
                Statement, noun="a statement", prefix="statement", context={"topic": Parent("id")}
            )
        )
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    """An editorial grouping of causes that name the same thing in different words."""

    id: str = declared(Identifier(defines="category"))
    name: str = declared(Text())


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    document: str = declared(Text())
    sha256: str | None = declared(Text(), default=None, since=2)
    note: str | None = declared(Text(), default=None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Dataset:
    schema_version: int = declared(WholeNumber())
    title: str = declared(Text())
    version: str = declared(Text())
    provenance: Provenance = declared(Record(Provenance, noun="provenance", prefix="provenance"))
    categories: tuple[Category, ...] = declared(
        ListOf(Record(Category, noun="a category", prefix="category")),
        default=(),
    )
    topics: tuple[Topic, ...] = declared(ListOf(Record(Topic, noun="a topic", prefix="topic")))
    causes: tuple[Entry, ...] = declared(
        ListOf(Record(Entry, noun="a cause", prefix="cause", context={"kind": "cause"}))
    )
    conditions: tuple[Entry, ...] = declared(
        ListOf(Record(Entry, noun="a condition", prefix="condition", context={"kind": "condition"}))
    )
    citations: tuple[Citation, ...] = declared(  # in number order
        ListOf(Record(Citation, noun="a citation", prefix="citation"))
    )

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.causes + self.conditions

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(statement for topic in self.topics for statement in topic.statements)


DATASET = Record(Dataset, noun="the dataset")
"""The top of every dataset file."""
