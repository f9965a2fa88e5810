"""The causes and the associated conditions, by evidence source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dyscalc.model import Dataset, Entry, EntryKind
from dyscalc.queries.common import SourceFilter, is_from, wanted_source


@dataclass(frozen=True, slots=True)
class EntryList:
    kind: EntryKind
    entries: tuple[Entry, ...]


def _keep(items: Iterable[Entry], source: SourceFilter) -> tuple[Entry, ...]:
    wanted = wanted_source(source)
    return tuple(item for item in items if is_from(item.source, wanted))


def causes(dataset: Dataset, source: SourceFilter = None) -> EntryList:
    return EntryList("cause", _keep(dataset.causes, source))


def conditions(dataset: Dataset, source: SourceFilter = None) -> EntryList:
    return EntryList("condition", _keep(dataset.conditions, source))
