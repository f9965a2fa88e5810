"""dyscalc: an offline, evidence-tagged reference on dystrophic calcification.

The Python API never imports typer or rich:

    >>> import dyscalc
    >>> dataset = dyscalc.load()
    >>> [cause.name for cause in dyscalc.causes(dataset, "research").entries][:2]
    ['Trauma', 'Infection']
"""

from __future__ import annotations

__version__ = "1.0.0"

from typing import TYPE_CHECKING

# Every name is imported when first used, so that `import dyscalc` costs next to nothing:
# the CLI imports this package before it can switch off the cyclic garbage collector (see
# __main__.py), and the query modules create their classes when imported.
_LAZY = {
    "Dataset": "dyscalc.model",
    "DatasetError": "dyscalc.errors",
    "Entry": "dyscalc.model",
    "EvidenceSource": "dyscalc.model",
    "NotFound": "dyscalc.errors",
    "Problem": "dyscalc.problems",
    "Statement": "dyscalc.model",
    "Topic": "dyscalc.model",
    "causes": "dyscalc.queries.entries",
    "citation_uses": "dyscalc.queries.citation_index",
    "conditions": "dyscalc.queries.entries",
    "find": "dyscalc.queries.lookup",
    "load": "dyscalc.loader",
    "search": "dyscalc.queries.text_search",
    "topic": "dyscalc.queries.topics",
}

if TYPE_CHECKING:
    from dyscalc.errors import DatasetError, NotFound
    from dyscalc.loader import load
    from dyscalc.model import Dataset, Entry, EvidenceSource, Statement, Topic
    from dyscalc.problems import Problem
    from dyscalc.queries.citation_index import citation_uses
    from dyscalc.queries.entries import causes, conditions
    from dyscalc.queries.lookup import find
    from dyscalc.queries.text_search import search
    from dyscalc.queries.topics import topic
else:

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'dyscalc' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # found directly from now on
        return value


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


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
