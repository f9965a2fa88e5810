"""Turn a dataset file's bytes into a YAML node tree that keeps every node's line and column.

Composing (not constructing) means no tag is ever acted on, no alias is expanded and
nothing is converted yet: the schema module decides what each scalar may be.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dyscalc.errors import DatasetError
from dyscalc.problems import Problem
from dyscalc.wording import readable

if TYPE_CHECKING:
    import yaml

# Errors whose "problem" is found at the end of the file but whose cause is where
# the construct was opened: point there, as a compiler would.
_UNCLOSED_CONTEXTS = (
    "while parsing a flow sequence",
    "while parsing a flow mapping",
    "while scanning a quoted scalar",
)
# What YAML 1.1 forbids in a stream (PyYAML's Reader.NON_PRINTABLE; libyaml refuses the
# same characters), and what it counts as a line break.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def decode_utf8(data: bytes, path: str, *, what: str = "file") -> str:
    """The text of a file (a dataset, or `what` else); bytes that are not UTF-8 are
    refused at their own line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex()
        raise DatasetError(
            [Problem(path, line, column, f"the {what} is not UTF-8 (byte 0x{byte})")]
        ) from None
    return text.removeprefix("\ufeff")


def compose(text: str, path: str) -> yaml.Node:
    """The document's root node, or DatasetError for a syntax error or an empty document."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        raise DatasetError([_syntax_problem(error, text, path)]) from None
    except yaml.reader.ReaderError:
        raise DatasetError([_character_problem(text, path)]) from None
    except yaml.YAMLError as error:  # unmarked, and no other kind is known
        problem = Problem(path, None, None, f"YAML error: {readable(str(error))}")
        raise DatasetError([problem]) from None
    except RecursionError:  # the pure-Python composer recurses once a nesting level
        problem = Problem(path, None, None, "the document is nested too deeply to read")
        raise DatasetError([problem]) from None
    if root is None:
        raise DatasetError([Problem(path, None, None, "the document is empty")])
    return root


def _character_problem(text: str, path: str) -> Problem:
    """The first character YAML forbids, at its own line and column.

    PyYAML's reader error gives an offset (libyaml's counts bytes, PyYAML's characters),
    so the character is found again in the text instead."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:  # cannot happen while the pattern matches the readers' rule
        return Problem(path, None, None, "YAML error: a character YAML does not allow")
    code = ord(found.group())
    line, column = _line_and_column(text, found.start())
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return Problem(
        path,
        line,
        column,
        f"the character U+{code:04X} is not allowed in YAML "
        f"(inside double quotes, write it as {escape})",
    )


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of text[index], with line breaks counted as YAML counts them."""
    line, line_start = 1, 0
    for found in _LINE_BREAK.finditer(text, 0, index):
        line += 1
        line_start = found.end()
    return line, index - line_start + 1


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    context = readable(error.context or "")
    problem = readable(error.problem or "invalid YAML")
    mark = error.problem_mark
    opened = None
    if error.context_mark is not None and context in _UNCLOSED_CONTEXTS:
        what = context.removeprefix("while parsing ").removeprefix("while scanning ")
        opened = (error.context_mark, what)
    if (
        context == "while parsing a flow node"
        and mark is not None
        and (mark.line + 1, mark.column + 1) >= _line_and_column(text, len(text))
    ):
        # The file ended where a node was due: PyYAML marks the end of the file, but the
        # collection left open is further back.
        opened = _innermost_open_flow(text, mark)
    if opened is not None:
        at, what = opened
        found_at = f" (at line {mark.line + 1})" if mark is not None else ""
        return Problem(
            path,
            at.line + 1,
            at.column + 1,
            f"{what} opened here is never closed: {problem}{found_at}",
        )
    message = f"{context}: {problem}" if context else problem
    if context.endswith("; first occurrence") and error.context_mark is not None:
        first = error.context_mark.line + 1
        message = f"{context.removesuffix('; first occurrence')} (first at line {first})"
    if mark is None:
        return Problem(path, None, None, f"YAML syntax error: {message}")
    return Problem(path, mark.line + 1, mark.column + 1, f"YAML syntax error: {message}")


def _innermost_open_flow(text: str, before: yaml.Mark) -> tuple[yaml.Mark, str] | None:
    """Where the innermost flow collection still open at `before` was opened, and its kind."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    kinds = {
        yaml.FlowSequenceStartToken: "a flow sequence",
        yaml.FlowMappingStartToken: "a flow mapping",
    }
    ends = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
    open_flows: list[tuple[yaml.Mark, str]] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if (token.start_mark.line, token.start_mark.column) >= (before.line, before.column):
                break
            if type(token) in kinds:
                open_flows.append((token.start_mark, kinds[type(token)]))
            elif isinstance(token, ends) and open_flows:
                open_flows.pop()
    except yaml.YAMLError:
        pass  # the tokens up to the error are all this needs
    return open_flows[-1] if open_flows else None
