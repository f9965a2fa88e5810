"""The dataset as immutable dataclasses: what the loader builds and the queries read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

SCHEMA_VERSION = 1

EntryKind = Literal["cause", "condition"]


class EvidenceSource(str, Enum):
    """Where a statement comes from, as the source document separates them."""

    GUIDELINE = "guideline"
    RESEARCH = "research"


@dataclass(frozen=True, slots=True)
class Reference:
    """Bibliographic details of a citation; every field is None when the source gives none."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None

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


@dataclass(frozen=True, slots=True)
class Citation:
    number: int
    source: EvidenceSource
    reference: Reference = field(default_factory=Reference)


@dataclass(frozen=True, slots=True)
class Entry:
    """A cause or an associated condition."""

    kind: EntryKind
    id: str
    name: str
    source: EvidenceSource
    citations: tuple[int, ...]
    examples: tuple[str, ...] = ()
    description: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """One sourced sentence about a topic, such as the guidelines' account of the mechanism."""

    id: str
    topic: str
    source: EvidenceSource
    text: str
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Category:
    """An editorial grouping of causes that name the same thing in different words."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Provenance:
    document: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Dataset:
    schema_version: int
    title: str
    version: str
    provenance: Provenance
    topics: tuple[Topic, ...]
    causes: tuple[Entry, ...]
    conditions: tuple[Entry, ...]
    citations: tuple[Citation, ...]
    categories: tuple[Category, ...] = ()

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.causes + self.conditions

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(statement for topic in self.topics for statement in topic.statements)
