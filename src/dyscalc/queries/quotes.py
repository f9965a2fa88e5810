"""Whether a passage occurs word for word in the dataset and in its source document, and
which items carry it: what an assistant checks before it quotes a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dyscalc.model import Dataset, Entry, Statement
from dyscalc.queries.common import require_text


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    text: str
    in_dataset: bool
    in_source: bool | None
    """None when the dataset ships no source document to look in."""
    items: tuple[str, ...]
    """The ids of the causes, conditions and statements whose text holds the passage."""


_WHITE_SPACE = re.compile(r"\s+")


def _spaced(text: str) -> str:
    # A passage may be wrapped or indented differently from where it was copied; its
    # words and their order, case and punctuation must still be exactly the same.
    return _WHITE_SPACE.sub(" ", text).strip()


def _texts(item: Entry | Statement) -> tuple[str, ...]:
    quote = item.quote  # dataset schema 2: the verbatim words of the source
    quoted = (quote.text,) if quote is not None else ()
    if isinstance(item, Entry):
        return (item.name, *item.examples, item.description or "", *quoted)
    return (item.text, *quoted)


def check_quote(dataset: Dataset, text: str, document: str | None = None) -> QuoteCheck:
    """Whether `text` occurs verbatim (white space aside) in the dataset's causes,
    conditions and statements, and in `document`, the source text, when there is one.
    Empty text is a usage error."""
    passage = _spaced(require_text(text))
    items: list[Entry | Statement] = [*dataset.entries, *dataset.statements]
    carriers = tuple(item.id for item in items if any(passage in _spaced(t) for t in _texts(item)))
    in_source = None if document is None else passage in _spaced(document)
    return QuoteCheck(text, bool(carriers), in_source, carriers)
