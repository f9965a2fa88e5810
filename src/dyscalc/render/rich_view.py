"""The default view for people: rich tables, panels and trees. rich is imported only here."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol, TextIO

from rich.console import Console
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text
from rich.tree import Tree

from dyscalc.render.human import CHECK_MARK, Fields, Outline, Table, outline_label, to_human
from dyscalc.render.safe_text import visible

if TYPE_CHECKING:
    from dyscalc.queries.views import OutlineNode

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


def print_rich(result: object, stream: TextIO, console: Console | None = None) -> None:
    """Print `result` for people; `console` lets a caller record it (screenshots)."""
    console = console or make_console(stream)
    ascii_only = not console.encoding.lower().startswith("utf")

    def text(value: str, style: str = "") -> Text:
        shown = visible(value)
        if ascii_only:  # the same content, in characters the terminal has
            shown = shown.replace(CHECK_MARK, "yes")
        return Text(shown, style=style)

    view = to_human(result)
    if isinstance(view, Outline):
        console.print(_tree(view.root, text))
    elif isinstance(view, Fields):
        _print_fields(console, text(view.title, "bold"), view.fields, text)
    elif not view.rows:
        console.print(text(view.empty))
    elif console.width < _NARROWEST_COLUMN * len(view.columns):
        console.print(text(view.title, "bold"))
        for row in view.rows:
            _print_fields(console, None, list(zip(view.columns, row, strict=True)), text)
    else:
        console.print(_table(view, text))
    if view.caption:
        console.print(text(view.caption, "italic"))


class _TextMaker(Protocol):
    def __call__(self, value: str, style: str = "") -> Text: ...


def _table(view: Table, text: _TextMaker) -> RichTable:
    table = RichTable(title=text(view.title, "bold"), show_lines=True)
    for index, column in enumerate(view.columns):
        longest = max(len(line) for row in view.rows for line in row[index].splitlines() or [""])
        ratio = 1 if longest > _SHORT_COLUMN else None
        table.add_column(text(column), overflow="fold", ratio=ratio)
    for row in view.rows:
        table.add_row(*(text(cell) for cell in row))
    return table


def _print_fields(
    console: Console, title: Text | None, fields: list[tuple[str, str]], text: _TextMaker
) -> None:
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for label, value in fields:
        grid.add_row(text(label), text(value))
    if title is not None:  # above the box, not in its border, where it could be cut short
        console.print(title)
    console.print(Panel(grid))


def _tree(node: OutlineNode, text: _TextMaker) -> Tree:
    tree = Tree(text(outline_label(node), "bold"))
    _grow(tree, node, text)
    return tree


def _grow(branch: Tree, node: OutlineNode, text: _TextMaker) -> None:
    for child in node.children:
        style = "bold" if child.children else ""
        _grow(branch.add(text(outline_label(child), style)), child, text)
