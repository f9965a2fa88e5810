"""Turn query results into text: one dispatch over the output formats.

Renderers format what a query returned; they never choose what to show.
"""

from __future__ import annotations

from enum import Enum
from typing import TextIO


class OutputFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    YAML = "yaml"  # offered by `export` only


def render(
    result: object, output_format: OutputFormat, stream: TextIO, *, paging: bool = False
) -> None:
    """Write `result` to `stream` in `output_format`; with `paging`, a table taller than the
    terminal goes through a pager."""
    if output_format is OutputFormat.TABLE:
        from dyscalc.render.rich_view import print_rich

        print_rich(result, stream, paging=paging)
        return
    if output_format is OutputFormat.MARKDOWN:
        from dyscalc.render.markdown import to_markdown

        stream.write(to_markdown(result))
        return
    from dyscalc.render import machine

    writers = {
        OutputFormat.JSON: machine.to_json,
        OutputFormat.JSONL: machine.to_jsonl,
        OutputFormat.CSV: machine.to_csv,
        OutputFormat.YAML: machine.to_yaml,
    }
    stream.write(writers[output_format](result, ascii_only=not _writes_unicode(stream)))


def _writes_unicode(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith("utf")
