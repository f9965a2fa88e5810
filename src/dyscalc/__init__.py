"""dyscalc: an offline, evidence-tagged reference on dystrophic calcification.

The Python API never imports typer or rich:

    >>> import dyscalc
    >>> dataset = dyscalc.load()
    >>> [cause.name for cause in dyscalc.causes(dataset, "research")][:2]
    ['Trauma', 'Infection']
"""

from __future__ import annotations

__version__ = "1.0.0"

from dyscalc.errors import DatasetError, NotFound, Problem
from dyscalc.loader import load
from dyscalc.model import Dataset, Entry, EvidenceSource, Statement, Topic
from dyscalc.queries import (
    causes,
    citation_uses,
    conditions,
    find,
    search,
    topic,
)

__all__ = [
    "Dataset",
    "DatasetError",
    "Entry",
    "EvidenceSource",
    "NotFound",
    "Problem",
    "Statement",
    "Topic",
    "__version__",
    "causes",
    "citation_uses",
    "conditions",
    "find",
    "load",
    "search",
    "topic",
]
