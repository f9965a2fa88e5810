"""How dyscalc words what it tells people: values quoted and cut to a readable length,
other programs' messages made one readable line, and counts with their noun."""

from __future__ import annotations

# How much of a value an error message quotes: enough to recognise it, never a whole
# 10 MB scalar on one line.
QUOTE_LIMIT = 60
# Longer messages lose their middle before their quotes are cut, which keeps the cut fast.
_MESSAGE_LIMIT = 2000
_ELLIPSIS = "\u2026"


def quoted(value: str) -> str:
    """`value` quoted as repr() quotes it, cut to QUOTE_LIMIT characters with an ellipsis."""
    if len(value) <= QUOTE_LIMIT:
        return repr(value)
    return repr(value[:QUOTE_LIMIT]) + _ELLIPSIS


# A quoted value in a message, as repr() writes one: a backslash escapes the next character.
# The "unrolled loop" form, so a 10 MB value is matched in one linear pass.
_QUOTED_VALUE = r"'[^'\\]*(?:\\.[^'\\]*)*'|\"[^\"\\]*(?:\\.[^\"\\]*)*\""


def readable(message: str) -> str:
    """Someone else's message (PyYAML's, click's, Python's) as one line, every quoted value
    in it cut to QUOTE_LIMIT characters."""
    import re  # only when there is a message to show

    def cut(match: re.Match[str]) -> str:
        value = match.group()
        if len(value) <= QUOTE_LIMIT + 2:
            return value
        return value[: QUOTE_LIMIT + 1] + value[0] + _ELLIPSIS

    one_line = " ".join(message.splitlines())
    if len(one_line) > _MESSAGE_LIMIT:
        half = _MESSAGE_LIMIT // 2
        one_line = one_line[:half] + _ELLIPSIS + one_line[-half:]
    return re.sub(_QUOTED_VALUE, cut, one_line)


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 cause', '2 causes': the count with its noun in the right number."""
    if count == 1:
        return f"{count} {singular}"
    return f"{count} {plural or singular + 's'}"
