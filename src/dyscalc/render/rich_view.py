"""The default view for people: rich tables and panels. rich is imported only here."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from dyscalc.render.human import Fields, Table, to_human
from dyscalc.render.safe_text import visible

# Columns no wider than this (ids, names, citation marks) take their own width; the long
# text columns share what is left.
_SHORT_COLUMN = 26
# Below this many terminal columns per table column, each row is shown as a block of
# "column: value" lines instead: a table that narrow would fold every word.
_NARROWEST_COLUMN = 18
_PIPED_WIDTH = 100


def make_console(stream: TextIO) -> Console:
    """The one place consoles are built. rich decides colour from the stream and honours
    NO_COLOR, FORCE_COLOR and TERM=dumb; dataset text is never read as markup or emoji."""
    width = None
    if not stream.isatty() and "COLUMNS" not in os.environ:
        width = _PIPED_WIDTH  # piped: a stable width, wide enough for the tables
    return Console(file=stream, markup=False, emoji=False, highlight=False, width=width)


def _text(value: str, style: str = "") -> Text:
    return Text(visible(value), style=style)


def print_rich(result: object, stream: TextIO) -> None:
    console = make_console(stream)
    view = to_human(result)
    if isinstance(view, Fields):
        _print_fields(console, view.title, view.fields)
    elif not view.rows:
        console.print(_text(view.empty))
    elif console.width < _NARROWEST_COLUMN * len(view.columns):
        console.print(_text(view.title, "bold"))
        for row in view.rows:
            _print_fields(console, None, list(zip(view.columns, row, strict=True)))
    else:
        console.print(_table(view))
    if view.caption:
        console.print(_text(view.caption, "italic"))


def _table(view: Table) -> RichTable:
    table = RichTable(title=_text(view.title, "bold"), show_lines=True)
    for index, column in enumerate(view.columns):
        longest = max(len(line) for row in view.rows for line in row[index].splitlines() or [""])
        ratio = 1 if longest > _SHORT_COLUMN else None
        table.add_column(_text(column), overflow="fold", ratio=ratio)
    for row in view.rows:
        table.add_row(*(_text(cell) for cell in row))
    return table


def _print_fields(console: Console, title: str | None, fields: list[tuple[str, str]]) -> None:
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for label, value in fields:
        grid.add_row(_text(label), _text(value))
    if title is not None:  # above the box, not in its border, where it could be cut short
        console.print(_text(title, "bold"))
    console.print(Panel(grid))
