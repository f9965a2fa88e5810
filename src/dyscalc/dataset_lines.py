"""Where a dataset file writes each item and each of its fields: the lines that
`dyscalc verify` names when it finds a quote, a citation or a source to be wrong.

The model keeps no line numbers (a Dataset also comes from the parse cache, which stores
JSON), so this composes the file's YAML once more and reads the marks of its nodes. The
file has already passed the checks when this runs; anything shaped otherwise is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dyscalc.yamlparse import compose

if TYPE_CHECKING:
    from yaml import Node

_ITEM_LISTS = ("causes", "conditions")
_NESTED = ("quote",)  # fields that are mappings whose own keys are located too


def dataset_lines(text: str, path: str) -> dict[str, int]:
    """Lines (counted from 1) of the dataset in `text`, by name:

    - "provenance" (its key) and "provenance.FIELD", such as "provenance.sha256";
    - for each statement, cause and condition, its id (the line its mapping starts on),
      "ID.FIELD" for each field it writes ("trauma.citations") and "ID.quote.FIELD" for
      the fields of its quote ("trauma.quote.text").

    A field's line is that of its key, where a folded value such as `text: >-` starts."""
    lines: dict[str, int] = {}
    for key, key_line, value in _pairs(compose(text, path)):
        if key == "provenance":
            _locate(value, "provenance", key_line, lines)
        elif key in _ITEM_LISTS:
            for item in _items(value):
                _locate_item(item, lines)
        elif key == "topics":
            for topic in _items(value):
                for topic_key, _, statements in _pairs(topic):
                    if topic_key == "statements":
                        for statement in _items(statements):
                            _locate_item(statement, lines)
    return lines


def line_of(lines: dict[str, int], *names: str) -> int | None:
    """The line of the first of `names` that the file writes, or None."""
    for name in names:
        if name in lines:
            return lines[name]
    return None


def _locate_item(item: Node, lines: dict[str, int]) -> None:
    for key, _, value in _pairs(item):
        if key == "id" and _is_text(value):
            _locate(item, str(value.value), item.start_mark.line + 1, lines)
            return


def _locate(mapping: Node, name: str, line: int, lines: dict[str, int]) -> None:
    lines.setdefault(name, line)
    for key, key_line, value in _pairs(mapping):
        lines.setdefault(f"{name}.{key}", key_line)
        if key in _NESTED:
            _locate(value, f"{name}.{key}", key_line, lines)


def _pairs(node: Node) -> list[tuple[str, int, Node]]:
    """The mapping's text keys, the line of each key, and their values; nothing for any
    other node."""
    if node.tag != "tag:yaml.org,2002:map":
        return []
    return [
        (str(key.value), key.start_mark.line + 1, value)
        for key, value in node.value
        if _is_text(key)
    ]


def _items(node: Node) -> list[Node]:
    return list(node.value) if node.tag == "tag:yaml.org,2002:seq" else []


def _is_text(node: Node) -> bool:
    return node.tag == "tag:yaml.org,2002:str"
