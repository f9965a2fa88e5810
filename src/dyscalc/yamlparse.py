"""Turn a dataset file's bytes into a YAML node tree that keeps every node's line and column.

Composing (not constructing) means no tag is ever acted on, no alias is expanded and
nothing is converted yet: the schema module decides what each scalar may be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dyscalc.errors import DatasetError
from dyscalc.problems import Problem

if TYPE_CHECKING:
    import yaml

# Errors whose "problem" is found at the end of the file but whose cause is where
# the construct was opened: point there, as a compiler would.
_UNCLOSED_CONTEXTS = ("while parsing a flow", "while scanning a quoted scalar")


def decode_utf8(data: bytes, path: str) -> str:
    """The file's text; bytes that are not UTF-8 are refused at their own line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex()
        raise DatasetError(
            [Problem(path, line, column, f"the file is not UTF-8 (byte 0x{byte})")]
        ) from None
    return text.removeprefix("\ufeff")


def compose(text: str, path: str) -> yaml.Node:
    """The document's root node, or DatasetError for a syntax error or an empty document."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        raise DatasetError([_syntax_problem(error, path)]) from None
    except yaml.YAMLError as error:  # unmarked: rare reader errors
        raise DatasetError([Problem(path, None, None, f"YAML error: {error}")]) from None
    if root is None:
        raise DatasetError([Problem(path, None, None, "the document is empty")])
    return root


def _syntax_problem(error: yaml.MarkedYAMLError, path: str) -> Problem:
    context = error.context or ""
    problem = error.problem or "invalid YAML"
    mark = error.problem_mark
    if error.context_mark is not None and context.startswith(_UNCLOSED_CONTEXTS):
        opened = error.context_mark
        found_at = f" (at line {mark.line + 1})" if mark is not None else ""
        what = context.removeprefix("while parsing ").removeprefix("while scanning ")
        return Problem(
            path,
            opened.line + 1,
            opened.column + 1,
            f"{what} opened here is never closed: {problem}{found_at}",
        )
    message = f"{context}: {problem}" if context else problem
    if mark is None:
        return Problem(path, None, None, f"YAML syntax error: {message}")
    return Problem(path, mark.line + 1, mark.column + 1, f"YAML syntax error: {message}")
