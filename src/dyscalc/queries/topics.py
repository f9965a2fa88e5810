"""The topics (definition, mechanism, treatment, recent findings) and their statements."""

from __future__ import annotations

from dataclasses import dataclass

from dyscalc.errors import UsageError
from dyscalc.model import Dataset, Topic
from dyscalc.queries.common import SourceFilter, did_you_mean, is_from, wanted_source
from dyscalc.wording import quoted


@dataclass(frozen=True, slots=True)
class TopicList:
    """Every topic, for `explain` without a topic. A class of its own, not a tuple, so that
    the renderers can tell it from the other lists."""

    topics: tuple[Topic, ...]


class Explanation(Topic):
    """A topic with its statements from the chosen source, as `explain TOPIC` answers it.

    A class of its own because it is shown as a table of statements, where `show TOPIC`
    shows the Topic itself as one record. A plain subclass: it adds no field, and it costs
    none of the time of creating a dataclass."""

    __slots__ = ()


def topics(dataset: Dataset, source: SourceFilter = None) -> TopicList:
    """The topics with statements from `source`, each with only those statements."""
    wanted = wanted_source(source)
    if wanted is None:
        return TopicList(dataset.topics)
    kept = (
        Topic(
            id=t.id, title=t.title, statements=tuple(s for s in t.statements if s.source == wanted)
        )
        for t in dataset.topics
    )
    return TopicList(tuple(topic for topic in kept if topic.statements))


def topic(dataset: Dataset, topic_id: str, source: SourceFilter = None) -> Explanation:
    """One topic with its statements from `source`; an unknown topic is a usage error."""
    wanted = wanted_source(source)
    for candidate in dataset.topics:
        if candidate.id == topic_id:
            kept = tuple(s for s in candidate.statements if is_from(s.source, wanted))
            return Explanation(id=candidate.id, title=candidate.title, statements=kept)
    names = [t.id for t in dataset.topics]
    raise UsageError(
        f"unknown topic {quoted(topic_id)} (choose from: {', '.join(names)})"
        + did_you_mean(topic_id, names)
    )
