"""Problem: one thing wrong with a dataset, located like a compiler error.

It lives apart from errors.py, which every run imports: a run that finds nothing wrong
never needs it, and creating a dataclass costs about 0.4 ms (docs/performance.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a dataset, located like a compiler error."""

    path: str
    line: int | None  # counted from 1
    column: int | None  # counted from 1
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"
