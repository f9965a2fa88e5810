"""The default view for people: rich tables, panels and trees, styled by the palette
(palette.py). rich is imported only here."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol, TextIO

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text
from rich.tree import Tree

from dyscalc.render import palette
from dyscalc.render.human import (
    CHECK_MARK,
    CROSS_MARK,
    Fields,
    Outline,
    Table,
    Tagged,
    outline_label,
    to_human,
)
from dyscalc.render.safe_text import visible
from dyscalc.streams import ReaderGone

if TYPE_CHECKING:
    from dyscalc.queries.summaries import OutlineNode
    from dyscalc.render.listing import Listing, ListingLine

# Columns no wider than this (ids, names, citation marks) take their own width; the long
# text columns share what is left.
_SHORT_COLUMN = 26
# Below this many terminal columns per table column, each row is shown as a block of
# "column: value" lines instead: a table that narrow would fold every word.
_NARROWEST_COLUMN = 18
_PIPED_WIDTH = 100
# COLUMNS set to 0, to something that is not a number or to more than any screen holds
# means nothing: draw to the classic width. Narrower than the narrowest width, where a
# field's label and its value no longer fit side by side, draw to that width.
_FALLBACK_WIDTH = 80
_NARROWEST_WIDTH = 20
_WIDEST_WIDTH = 10_000
# A field's value beside its label gets at least this many columns, or goes below it.
_NARROWEST_VALUE = 12


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 itself; a closed pipe is the CLI's to judge (streams.py).
        self.quiet = True
        raise ReaderGone


def make_console(stream: TextIO) -> Console:
    """The one place consoles are built. rich decides colour from the stream and honours
    NO_COLOR, FORCE_COLOR and TERM=dumb; dataset text is never read as markup or emoji."""
    width = _width_from_environment()
    if width is None and not stream.isatty():
        width = _PIPED_WIDTH  # piped: a stable width, wide enough for the tables
    console = _Console(file=stream, markup=False, emoji=False, highlight=False, width=width)
    if console.width < _NARROWEST_WIDTH:  # as asked, or as a terminal reports its size
        console.width = _NARROWEST_WIDTH
    return console


def _width_from_environment() -> int | None:
    """The width COLUMNS asks for, made sensible; None when it is not set."""
    value = os.environ.get("COLUMNS")
    if value is None:
        return None
    try:
        columns = int(value)
    except ValueError:
        return _FALLBACK_WIDTH
    return columns if 0 < columns <= _WIDEST_WIDTH else _FALLBACK_WIDTH


def print_rich(
    result: object, stream: TextIO, console: Console | None = None, *, paging: bool = False
) -> None:
    """Print `result` for people; `console` lets a caller record it (screenshots). With
    `paging`, an answer taller than the terminal goes through a pager (pager.py)."""
    console = console or make_console(stream)
    # FORCE_COLOR makes rich treat a pipe as a terminal; a pager needs a real one.
    if not (paging and stream.isatty()) or console.is_dumb_terminal:
        _print_view(result, console)
        return
    with console.capture() as captured:
        _print_view(result, console)
    shown = captured.get()
    if shown.count("\n") < console.height:  # fits, with a line left for the prompt
        stream.write(shown)
        return
    from dyscalc.render.pager import page

    page(shown, stream)


def _print_view(result: object, console: Console) -> None:
    ascii_only = not console.encoding.lower().startswith("utf")
    colour = console.color_system is not None and not console.no_color
    styles = palette.COLOUR if colour else palette.NO_COLOUR
    tags_shown: set[str] = set()

    def text(value: str, tag: str = "") -> Text:
        """`value` made safe to show, in the style of `tag` and of its own tagged parts."""
        shown = Text(style=styles.get(tag, ""))
        for part, part_tag in value.parts if isinstance(value, Tagged) else [(value, "")]:
            part = visible(part)
            if ascii_only:  # the same content, in characters the terminal has
                part = part.replace(CHECK_MARK, "yes").replace(CROSS_MARK, "no")
            shown.append(part, styles.get(part_tag, ""))
            tags_shown.add(part_tag)
        return shown

    view = to_human(result)
    if isinstance(view, Outline):
        console.print(_tree(view.root, text, styles))
    elif isinstance(view, Fields):
        title = text(view.title, palette.HEADING)
        _print_fields(console, title, view.fields, text, styles[palette.HEADING])
    elif isinstance(view, Table):
        if not view.rows:
            console.print(text(view.empty))
        elif console.width < _NARROWEST_COLUMN * len(view.columns):
            console.print(text(view.title, palette.HEADING))
            for row in view.rows:
                fields = list(zip(view.columns, row, strict=True))
                _print_fields(console, None, fields, text, styles[palette.HEADING])
        else:
            console.print(_table(view, text))
    else:  # a Listing, whose class is created only when one is shown
        console.print(text(view.title, palette.HEADING))
        console.print(_listing(view, text) if view.lines else text(view.empty))
    if colour and {palette.GUIDELINE, palette.RESEARCH} <= tags_shown:
        console.print(Text.assemble(*((part, styles[tag]) for part, tag in palette.LEGEND)))
    if view.caption:
        console.print(text(view.caption, palette.CAPTION))


class _TextMaker(Protocol):
    def __call__(self, value: str, tag: str = "") -> Text: ...


def _table(view: Table, text: _TextMaker) -> RichTable:
    table = RichTable(title=text(view.title, palette.HEADING), show_lines=True)
    for index, column in enumerate(view.columns):
        longest = max(len(line) for row in view.rows for line in row[index].splitlines() or [""])
        ratio = 1 if longest > _SHORT_COLUMN else None
        table.add_column(text(column), overflow="fold", ratio=ratio)
    for row in view.rows:
        table.add_row(*(text(cell) for cell in row))
    return table


def _listing(view: Listing, text: _TextMaker) -> RichTable:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(justify="right")
    grid.add_column()
    grid.add_column(overflow="fold")
    for line in view.lines:
        number = text(str(line.number), palette.LINE_NUMBER)
        grid.add_row(number, text(line.mark), _line_text(line, text))
    return grid


def _line_text(line: ListingLine, text: _TextMaker) -> Text:
    if line.highlight is None:
        return text(line.text, palette.HEADING if line.heading else "")
    start, end = line.highlight
    parts = (line.text[:start], ""), (line.text[start:end], palette.QUOTE), (line.text[end:], "")
    return text(Tagged(*parts))


def _print_fields(
    console: Console,
    title: Text | None,
    fields: list[tuple[str, str]],
    text: _TextMaker,
    heading_style: str,
) -> None:
    labels = [text(label) for label, _ in fields]
    widest_label = max((label.cell_len for label in labels), default=0)
    inside_the_box = console.width - 4  # the panel's border and padding
    grid = RichTable.grid(padding=(0, 2))
    if widest_label + 2 + _NARROWEST_VALUE <= inside_the_box:
        grid.add_column(style=heading_style)
        grid.add_column(overflow="fold")
        for label, (_, value) in zip(labels, fields, strict=True):
            grid.add_row(label, text(value))
    else:  # too narrow to put them side by side: each label above its value, never cut
        grid.add_column(overflow="fold")
        for label, (_, value) in zip(labels, fields, strict=True):
            label.stylize(heading_style)
            grid.add_row(label)
            grid.add_row(Padding(text(value), (0, 0, 0, 2)))
    if title is not None:  # above the box, not in its border, where it could be cut short
        console.print(title)
    console.print(Panel(grid))


def _tree(node: OutlineNode, text: _TextMaker, styles: dict[str, str]) -> Tree:
    tree = Tree(text(outline_label(node), palette.HEADING))

    def grow(branch: Tree, node: OutlineNode) -> None:
        for child in node.children:
            tag = palette.HEADING if child.children else ""
            # The lines to the children of one source's branch are in that source's colour.
            lines = styles.get(child.source.value, "") if child.source else ""
            grow(branch.add(text(outline_label(child), tag), guide_style=lines), child)

    grow(tree, node)
    return tree
