"""The JSON Schemas (draft 2020-12) of every command's JSON output, shipped in
dyscalc/schemas/. A change of output shape is a deliberate edit of a schema and its test."""

from __future__ import annotations

from importlib.resources import files

from dyscalc.errors import UsageError
from dyscalc.queries.common import close_matches
from dyscalc.wording import quoted

_SUFFIX = ".schema.json"


def schema_names() -> list[str]:
    """The commands that have a JSON schema, sorted."""
    folder = files("dyscalc") / "schemas"
    return sorted(
        p.name.removesuffix(_SUFFIX) for p in folder.iterdir() if p.name.endswith(_SUFFIX)
    )


def schema_text(command: str) -> str:
    """The JSON Schema of `command`'s JSON output, as shipped."""
    names = schema_names()
    if command not in names:
        suggestions = close_matches(command, names)
        hint = f"; did you mean {suggestions[0]!r}?" if suggestions else ""
        raise UsageError(f"no schema for {quoted(command)} (choose from: {', '.join(names)}){hint}")
    return (files("dyscalc") / "schemas" / f"{command}{_SUFFIX}").read_text(encoding="utf-8")
