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

# Columns no wider than this (ids, names, citation marks) are kept on one line when they
# fit, so that the long text columns take the wrapping.
_SHORT_COLUMN = 26


def make_console(stream: TextIO) -> Console:
    """The one place consoles are built. rich decides colour from the stream and honours
    NO_COLOR, FORCE_COLOR and TERM=dumb; dataset text is never read as markup or emoji."""
    width = None
    if not stream.isatty() and "COLUMNS" not in os.environ:
        width = 100  # piped: a stable width, wide enough for the tables
    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        width=width,
    )


def _text(value: str, style: str = "") -> Text:
    return Text(visible(value), style=style)


def print_rich(result: object, stream: TextIO) -> None:
    console = make_console(stream)
    view = to_human(result)
    if isinstance(view, Table):
        if not view.rows:
            console.print(_text(view.empty))
            return
        table = RichTable(
            title=_text(view.title, "bold"),
            caption=_text(view.caption) if view.caption else None,
            show_lines=True,
        )
        for index, column in enumerate(view.columns):
            longest = max(
                len(line) for row in view.rows for line in row[index].splitlines() or [""]
            )
            if longest <= _SHORT_COLUMN:
                table.add_column(_text(column), no_wrap=True, overflow="fold")
            else:
                table.add_column(_text(column), overflow="fold", ratio=1)
        for row in view.rows:
            table.add_row(*(_text(cell) for cell in row))
        console.print(table)
        return
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in view.fields:
        grid.add_row(_text(label), _text(value))
    console.print(Panel(grid, title=_text(view.title, "bold"), title_align="left"))
    if view.caption:
        console.print(_text(view.caption, "italic"))


__all__ = ["Fields", "make_console", "print_rich"]
