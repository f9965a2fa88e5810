"""Byte-stable formats for scripts: JSON, JSON Lines and CSV. Never coloured or wrapped."""

from __future__ import annotations

import io
import json
from typing import Any

from dyscalc.render.records import to_record, to_rows


def to_json(result: object, *, ascii_only: bool = False) -> str:
    return json.dumps(to_record(result), indent=2, ensure_ascii=ascii_only) + "\n"


def to_jsonl(result: object, *, ascii_only: bool = False) -> str:
    return "".join(json.dumps(row, ensure_ascii=ascii_only) + "\n" for row in to_rows(result))


def to_yaml(result: object, *, ascii_only: bool = False) -> str:
    """YAML in the dataset's own style: keys in schema order, text quoted where YAML
    would otherwise read it as something else."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(
        yaml.dump(
            to_record(result),
            Dumper=dumper,
            sort_keys=False,
            allow_unicode=not ascii_only,
            default_flow_style=False,
            width=88,
        )
    )


def to_csv(result: object, *, ascii_only: bool = False) -> str:
    """CSV with a header row; lists are joined with ';' and nested objects flattened.

    `ascii_only` escapes what an ASCII-only stream cannot carry, as backslash escapes."""
    import csv  # only for this format

    rows = [_flatten(row) for row in to_rows(result)]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = buffer.getvalue()
    if ascii_only:
        text = text.encode("ascii", "backslashreplace").decode("ascii")
    return text


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
