"""Turn query results into text: one dispatch over the output formats.

Renderers format what a query returned; they never choose what to show. A run imports
the modules of the one format it writes.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import TextIO


class OutputFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    YAML = "yaml"  # offered by `export` only
    TEXT = "text"  # `validate`'s report and `schema`'s document, as plain text


def render(
    result: object,
    output_format: OutputFormat,
    stream: TextIO,
    *,
    messages: TextIO | None = None,
    paging: bool = False,
) -> None:
    """Write `result` to `stream` in `output_format`; with `paging`, a table taller than the
    terminal goes through a pager. Only `validate`'s plain report writes to `messages`, by
    default sys.stderr at the time of the call (as print() finds sys.stdout): its problems,
    one a line, as a compiler lists them."""
    if output_format is OutputFormat.TEXT:
        from dyscalc.render.plain import to_plain_text  # two commands of twelve use it

        text, message_text = to_plain_text(result)
        stream.write(text)
        (messages or sys.stderr).write(message_text)
        return
    if output_format is OutputFormat.TABLE:
        # rich: most of the 30 ms between the table floor and the JSON floor (performance.md)
        from dyscalc.render.rich_view import print_rich

        print_rich(result, stream, paging=paging)
        return
    if output_format is OutputFormat.MARKDOWN:
        # the human views' three dataclasses, which a JSON answer does not need
        from dyscalc.render.markdown import to_markdown

        stream.write(to_markdown(result))
        return
    from dyscalc.render import machine  # the JSON contract, which a table does not need

    writers = {
        OutputFormat.JSON: machine.to_json,
        OutputFormat.JSONL: machine.to_jsonl,
        OutputFormat.CSV: machine.to_csv,
        OutputFormat.YAML: machine.to_yaml,
    }
    from dyscalc.streams import write_utf8

    write_utf8(stream, writers[output_format](result))
