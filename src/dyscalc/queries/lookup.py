"""Anything in the dataset found by its id: an entry, a topic or a statement."""

from __future__ import annotations

from dataclasses import dataclass

from dyscalc.errors import NotFound
from dyscalc.model import Dataset, Entry, Statement, Topic
from dyscalc.queries.common import did_you_mean


@dataclass(frozen=True, slots=True)
class ShownItem:
    """One item found by id, whatever its kind."""

    item: Entry | Statement | Topic


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
    raise NotFound(f"no entry with id {item_id!r}" + did_you_mean(item_id, [i.id for i in items]))


def all_items(dataset: Dataset) -> list[Entry | Statement | Topic]:
    """Everything that has an id, in the order `show` looks for it."""
    return [*dataset.entries, *dataset.topics, *dataset.statements]
