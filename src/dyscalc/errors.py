"""The project's exceptions and exit codes; the CLI translates the first into the second."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dyscalc.problems import Problem


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # bad dataset, unknown id, unexpected error
    USAGE = 2  # bad option value or unknown topic


EXIT_CODE_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "success (a search with no hit included)",
    ExitCode.FAILURE: (
        "the dataset is missing or invalid, an id is not found (with a did-you-mean where "
        "one is close), or an unexpected error"
    ),
    ExitCode.USAGE: (
        "usage error: a bad option value, an unknown command or topic (the message names "
        "the allowed values), or empty search text"
    ),
}
"""What each exit code means, for the man page; the README's table says the same."""


class DyscalcError(Exception):
    """Base of the errors that the CLI reports as one line, without a traceback."""

    exit_code: ExitCode = ExitCode.FAILURE

    def one_line(self) -> str:
        """The message a user reads, from the CLI on stderr or from the MCP server."""
        return f"dyscalc: error: {self}"


class DatasetError(DyscalcError):
    """A dataset that cannot be used. Carries every problem found, first one first."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("a DatasetError needs at least one problem")
        self.problems = problems
        super().__init__(str(problems[0]))

    def one_line(self) -> str:
        first = str(self.problems[0])
        more = len(self.problems) - 1
        if more:
            first += f" (and {more} more; 'dyscalc validate' lists them all)"
        return first


class NotFound(DyscalcError):
    """An id or name that the dataset does not hold."""


class UsageError(DyscalcError):
    """A value the user typed that is not allowed, such as an unknown topic."""

    exit_code = ExitCode.USAGE
