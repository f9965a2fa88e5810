"""Anything in the dataset found by its id: an entry, a topic or a statement."""

from __future__ import annotations

from dyscalc.errors import NotFound
from dyscalc.model import Dataset, Entry, Statement, Topic
from dyscalc.queries.common import did_you_mean
from dyscalc.wording import quoted


def find(dataset: Dataset, item_id: str) -> Entry | Statement | Topic:
    """The entry, statement or topic with this id; NotFound suggests close ids."""
    items = all_items(dataset)
    for item in items:
        if item.id == item_id:
            return item
    ids = [i.id for i in items]
    raise NotFound(f"no entry with id {quoted(item_id)}" + did_you_mean(item_id, ids))


def all_items(dataset: Dataset) -> list[Entry | Statement | Topic]:
    """Everything that has an id, in the order `show` looks for it."""
    return [*dataset.entries, *dataset.topics, *dataset.statements]
