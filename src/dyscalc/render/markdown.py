"""Markdown for pasting into notes: pipe tables, or a list of fields."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dyscalc.render.human import Fields, Outline, Table, citation_marks, to_human
from dyscalc.render.safe_text import visible

if TYPE_CHECKING:
    from dyscalc.queries.summaries import OutlineNode
    from dyscalc.render.listing import ListingLine

# Characters that markdown would read as formatting, links or HTML: dataset text is
# shown as written, so each is escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _cell(value: str) -> str:
    # A newline would end the table row: keep it inside the cell.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(value)).replace("\n", "<br>")


def to_markdown(result: object) -> str:
    view = to_human(result)
    if isinstance(view, Outline):
        return _outline_markdown(view)
    lines = [f"## {_cell(view.title)}", ""]
    if isinstance(view, Table):
        if not view.rows:
            lines.append(_cell(view.empty))
        else:
            lines.append("| " + " | ".join(_cell(c) for c in view.columns) + " |")
            lines.append("|" + "---|" * len(view.columns))
            lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in view.rows)
    elif isinstance(view, Fields):
        lines.extend(f"- **{_cell(label)}:** {_cell(value)}" for label, value in view.fields)
    elif not view.lines:  # a Listing, whose class is created only when one is shown
        lines.append(_cell(view.empty))
    else:
        lines.extend(["| Line | | Text |", "|---:|---|---|"])
        lines.extend(
            f"| {line.number} | {_cell(line.mark)} | {_line_cell(line)} |" for line in view.lines
        )
    if view.caption:
        lines.extend(["", f"_{_cell(view.caption)}_"])
    return "\n".join(lines) + "\n"


def _line_cell(line: ListingLine) -> str:
    if line.highlight is None:
        return _cell(line.text)
    start, end = line.highlight
    quote = _cell(line.text[start:end])
    return f"{_cell(line.text[:start])}**{quote}**{_cell(line.text[end:])}"


def _outline_markdown(view: Outline) -> str:
    """A nested list that pastes into notes: the root as a heading, then one bullet a line."""

    def label(node: OutlineNode) -> str:
        # Escape the dataset's text, not dyscalc's own citation marks.
        marks = f" [{citation_marks(node.citations)}]" if node.citations else ""
        return _cell(node.label) + marks

    lines = [f"## {label(view.root)}", ""]

    def visit(node: OutlineNode, depth: int) -> None:
        lines.append(f"{'  ' * depth}- {label(node)}")
        for child in node.children:
            visit(child, depth + 1)

    for child in view.root.children:
        visit(child, 0)
    if view.caption:
        lines.extend(["", f"_{_cell(view.caption)}_"])
    return "\n".join(lines) + "\n"
