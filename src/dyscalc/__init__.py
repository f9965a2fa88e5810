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

from dyscalc.errors import DatasetError, NotFound
from dyscalc.loader import load
from dyscalc.model import Dataset, Entry, EvidenceSource, Statement, Topic

# Imported when first used: `import dyscalc` runs on every CLI start, and each of these
# modules creates its classes when imported.
_LAZY = {
    "Problem": "dyscalc.problems",
    "causes": "dyscalc.queries.entries",
    "conditions": "dyscalc.queries.entries",
    "find": "dyscalc.queries.lookup",
    "topic": "dyscalc.queries.topics",
    "citation_uses": "dyscalc.queries.citation_index",
    "search": "dyscalc.queries.text_search",
}

if TYPE_CHECKING:
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
