"""`dyscalc validate`: every problem in a dataset file, read afresh."""

from __future__ import annotations

import os
from dataclasses import dataclass

from dyscalc.errors import DatasetError
from dyscalc.loader import load
from dyscalc.problems import Problem
from dyscalc.queries.summaries import counts


@dataclass(frozen=True, slots=True)
class ValidationReport:
    path: str
    problems: tuple[Problem, ...]
    counts: dict[str, int]

    @property
    def valid(self) -> bool:
        return not self.problems


def check_file(path: str | os.PathLike[str]) -> ValidationReport:
    """Every problem in the dataset at `path`, read afresh (never from the cache)."""
    try:
        dataset = load(path, use_cache=False)
    except DatasetError as error:
        return ValidationReport(str(path), tuple(error.problems), {})
    return ValidationReport(str(path), (), counts(dataset))
