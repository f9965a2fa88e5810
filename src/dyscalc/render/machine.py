"""Byte-stable formats for scripts: JSON, JSON Lines, CSV and YAML. Never coloured or wrapped,
and written as UTF-8 whatever the locale (streams.write_utf8)."""

from __future__ import annotations

import io
import json
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

from dyscalc.render.records import row_columns, to_record, to_rows


def to_json(result: object) -> str:
    return indented_json(to_record(result)) + "\n"


def indented_json(value: Any, *, ascii_only: bool = False) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=ascii_only)`, byte for byte, in about half
    the time.

    Given an indent, json.dumps leaves its C encoder for a pure-Python one that passes every
    piece through a chain of generators, one a level: half of a large answer's time
    (docs/performance.md). This writer appends the pieces to one list and escapes strings
    with json's own C escaper. A value it does not know exactly (a subclass of str or
    int, a key that is not a str, a cycle) is handed whole to json.dumps."""
    try:
        return _IndentedWriter(ascii_only).text(value)
    except (_NotPlainJson, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=ascii_only)


class _NotPlainJson(Exception):
    """A value the indented writer leaves to json.dumps."""


class _IndentedWriter:
    def __init__(self, ascii_only: bool) -> None:
        self.escape = encode_basestring_ascii if ascii_only else encode_basestring
        self.pieces: list[str] = []
        # Per depth: what comes before an item (the first item drops the comma), what
        # closes a container, and each key with what comes before it, made once.
        self.separators: list[str] = []
        self.closings: list[str] = []
        self.key_prefixes: list[dict[str, str]] = []

    def text(self, value: Any) -> str:
        self.write(value, 0)
        return "".join(self.pieces)

    def write(self, value: Any, depth: int) -> None:
        kind = type(value)
        if kind is dict:
            self._object(value, depth)
        elif kind is list or kind is tuple:
            self._array(value, depth)
        elif kind is str:
            self.pieces.append(self.escape(value))
        elif kind is int:
            self.pieces.append(int.__repr__(value))
        elif value is None or kind is bool:
            self.pieces.append(_CONSTANTS[value])
        elif kind is float:
            self.pieces.append(_float_text(value))
        else:
            raise _NotPlainJson

    def _object(self, value: dict[Any, Any], depth: int) -> None:
        pieces, escape = self.pieces, self.escape
        if not value:
            pieces.append("{}")
            return
        if depth >= len(self.separators):
            self._reach(depth)
        prefixes = self.key_prefixes[depth]
        pieces.append("{")
        first = len(pieces)
        for key, item in value.items():
            prefix = prefixes.get(key)
            if prefix is None:
                if type(key) is not str:
                    raise _NotPlainJson
                prefix = prefixes[key] = self.separators[depth] + escape(key) + ": "
            kind = type(item)
            if kind is str:
                pieces.append(prefix + escape(item))
            elif kind is int:
                pieces.append(prefix + int.__repr__(item))
            elif kind is list:
                pieces.append(prefix)
                self._array(item, depth + 1)
            else:
                pieces.append(prefix)
                self.write(item, depth + 1)
        pieces[first] = pieces[first][1:]
        pieces.append(self.closings[depth] + "}")

    def _array(self, value: list[Any] | tuple[Any, ...], depth: int) -> None:
        pieces, escape = self.pieces, self.escape
        if not value:
            pieces.append("[]")
            return
        if depth >= len(self.separators):
            self._reach(depth)
        separator = self.separators[depth]
        if type(value[0]) is str:
            try:  # a list of strings, the commonest list, in one join
                joined = separator.join(map(escape, value))
            except TypeError:  # not all strings after all
                pass
            else:
                pieces.append("[" + separator[1:] + joined + self.closings[depth] + "]")
                return
        pieces.append("[")
        first = len(pieces)
        for item in value:
            kind = type(item)
            if kind is str:
                pieces.append(separator + escape(item))
            elif kind is int:
                pieces.append(separator + int.__repr__(item))
            elif kind is dict:
                pieces.append(separator)
                self._object(item, depth + 1)
            else:
                pieces.append(separator)
                self.write(item, depth + 1)
        pieces[first] = pieces[first][1:]
        pieces.append(self.closings[depth] + "]")

    def _reach(self, depth: int) -> None:
        for level in range(len(self.separators), depth + 1):
            self.separators.append(",\n" + "  " * (level + 1))
            self.closings.append("\n" + "  " * level)
            self.key_prefixes.append({})


_CONSTANTS = {None: "null", True: "true", False: "false"}


def _float_text(number: float) -> str:
    """What json writes for a float, with its default allow_nan."""
    if number != number:
        return "NaN"
    if number == _INFINITY:
        return "Infinity"
    if number == -_INFINITY:
        return "-Infinity"
    return float.__repr__(number)


_INFINITY = float("inf")


def to_jsonl(result: object) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in to_rows(result))


def to_yaml(result: object) -> str:
    """YAML in the dataset's own style: keys in schema order, text quoted where YAML
    would otherwise read it as something else."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(
        yaml.dump(
            to_record(result),
            Dumper=dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=88,
        )
    )


def to_csv(result: object) -> str:
    """CSV with a header row, even for no rows. Nested objects are flattened into columns
    (`quote.line`); a list is joined with ';', each ';' or '\\' inside an item escaped with
    '\\'; references to items (`cited_by`) are written `kind:id`; any other list of objects
    is one JSON array, so that text holding ':' or ';' can always be read back."""
    import csv  # only for this format

    rows = [_flatten(row) for row in to_rows(result)]
    declared = row_columns(result)
    if declared is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    else:
        columns = list(declared)
        # A nested object that is null has no columns of its own: its flattened ones stay
        # empty. Any other key missing from the declaration is a mistake, and raises.
        rows = [{k: v for k, v in row.items() if k in declared or v != ""} for row in rows]
    buffer = io.StringIO()
    plain = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", restval="")
    # The csv module quotes a field holding a line end of its own ('\n' here) but not a
    # lone '\r', which readers take for one: a row with one is written all quoted.
    quoted = csv.DictWriter(
        buffer, fieldnames=columns, lineterminator="\n", restval="", quoting=csv.QUOTE_ALL
    )
    plain.writeheader()
    for row in rows:
        (quoted if any("\r" in value for value in row.values()) else plain).writerow(row)
    return buffer.getvalue()


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = _list_cell(value)
        else:
            flat[name] = "" if value is None else str(value)
    return flat


def _list_cell(items: list[Any]) -> str:
    if all(_is_item_reference(item) for item in items):
        return ";".join(f"{item['kind']}:{item['id']}" for item in items)
    if any(isinstance(item, (dict, list)) for item in items):
        return json.dumps(items, ensure_ascii=False)
    return ";".join(_escaped(str(item)) for item in items)


def _is_item_reference(item: object) -> bool:
    """A {kind, id, name} of `cited_by`; kinds are words and ids kebab-case, so kind:id is
    unambiguous."""
    return isinstance(item, dict) and set(item) == {"kind", "id", "name"}


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;")
