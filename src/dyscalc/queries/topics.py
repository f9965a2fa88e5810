"""The topics (definition, mechanism, treatment, recent findings) and their statements."""

from __future__ import annotations

from dataclasses import dataclass

from dyscalc.errors import UsageError
from dyscalc.model import Dataset, Topic
from dyscalc.queries.common import SourceFilter, did_you_mean, is_from, wanted_source


@dataclass(frozen=True, slots=True)
class TopicList:
    topics: tuple[Topic, ...]


def topics(dataset: Dataset) -> TopicList:
    return TopicList(dataset.topics)


def topic(dataset: Dataset, topic_id: str, source: SourceFilter = None) -> Topic:
    """One topic with its statements from `source`; an unknown topic is a usage error."""
    wanted = wanted_source(source)
    for candidate in dataset.topics:
        if candidate.id == topic_id:
            kept = tuple(s for s in candidate.statements if is_from(s.source, wanted))
            return Topic(id=candidate.id, title=candidate.title, statements=kept)
    names = [t.id for t in dataset.topics]
    raise UsageError(
        f"unknown topic {topic_id!r} (choose from: {', '.join(names)})"
        + did_you_mean(topic_id, names)
    )
