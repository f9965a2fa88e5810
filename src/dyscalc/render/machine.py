"""Byte-stable formats for scripts: JSON, JSON Lines, CSV and YAML. Never coloured or wrapped,
and written as UTF-8 whatever the locale (streams.write_utf8)."""

from __future__ import annotations

import io
import json
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

from dyscalc.render.records import to_record, to_rows


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
    """CSV with a header row; lists are joined with ';' and nested objects flattened."""
    import csv  # only for this format

    rows = [_flatten(row) for row in to_rows(result)]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = ";".join(_cell(item) for item in value)
        else:
            flat[name] = _cell(value)
    return flat


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ":".join(str(v) for k, v in value.items() if k != "name")
    return str(value)
