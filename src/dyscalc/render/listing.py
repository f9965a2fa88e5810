"""The human view of a document's numbered lines (`dyscalc source`): created only when
such a view is shown, since every dataclass costs start-up time (docs/performance.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ListingLine:
    """A numbered line of a document, with a mark in the gutter."""

    number: int
    mark: str
    text: str
    heading: bool = False  # a section or heading line
    highlight: tuple[int, int] | None = None  # start and end of a quote in `text`


@dataclass(frozen=True, slots=True)
class Listing:
    """Numbered lines of a document, as a reader checks them against the dataset."""

    title: str
    lines: list[ListingLine]
    caption: str | None = None
    empty: str = "Nothing to show."
