"""`dyscalc source [ID]` and the quote in `dyscalc show`: a reader sees which lines of the
source document the dataset quotes, and where one item's words come from."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from dyscalc.cli import app
from dyscalc.loader import bundled_dataset_path, load
from dyscalc.queries.source_view import listing, quote_context
from dyscalc.render.markdown import to_markdown
from dyscalc.render.rich_view import print_rich
from dyscalc.source_document import read_document

DOCUMENT = bundled_dataset_path().parent / "dystrophic-calcification.txt"
HEADING = "From the Research \u203a Causes of Dystrophic Calcifications"
FACT_LINES = {2, *range(5, 12), 13, 15, 17, 20, *range(21, 27), *range(29, 33)}


def _gutter(output: str) -> dict[int, str]:
    """The mark beside each numbered line of a plain listing."""
    marks = {}
    for row in output.splitlines()[1:]:
        number, _, rest = row.strip().partition(" ")
        if number.isdigit():
            marks[int(number)] = rest[:1] if rest[:2] in ("\u2713 ", "\u2717 ", "> ") else ""
    return marks


def test_source_marks_every_fact_line_as_quoted(runner: CliRunner) -> None:
    result = runner.invoke(app, ["source"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == f"{DOCUMENT.name}: 22 of 22 facts quoted"
    marks = _gutter(result.stdout)
    assert sorted(marks) == list(range(1, 33))
    assert {n for n, mark in marks.items() if mark} == FACT_LINES
    assert set(marks.values()) == {"", "\u2713"}


def test_source_marks_a_fact_no_item_quotes(
    runner: CliRunner, tmp_path: Path, bundled_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(DOCUMENT, DOCUMENT.name)
    Path("mine.yaml").write_text(bundled_text.replace("      line: 21\n", "      line: 22\n"))
    result = runner.invoke(app, ["--data", "mine.yaml", "source"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{DOCUMENT.name}: 21 of 22 facts quoted"
    marks = _gutter(result.stdout)
    assert (marks[21], marks[22]) == ("\u2717", "\u2713")


def test_source_as_data_says_who_quotes_each_line() -> None:
    result = CliRunner().invoke(app, ["source", "--json"])
    listed = json.loads(result.stdout)
    assert (listed["document"], listed["facts"], listed["facts_quoted"]) == (str(DOCUMENT), 22, 22)
    by_line = {line["line"]: line for line in listed["lines"]}
    assert by_line[20] == {
        "line": 20,
        "kind": "prose",
        "text": DOCUMENT.read_text().splitlines()[19],
        "quoted_by": ["definition-research"],
        "unquoted_facts": 0,
    }
    assert (by_line[19]["kind"], by_line[19]["quoted_by"]) == ("heading", [])


def test_source_id_shows_the_lines_around_the_quote_marked(runner: CliRunner) -> None:
    result = runner.invoke(app, ["source", "trauma"])
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == f"cause trauma quotes line 21 of {DOCUMENT.name}"
    assert _gutter(result.stdout) == {19: "", 20: "", 21: ">", 22: "", 23: ""}
    assert lines[-1] == f"Under {HEADING}."


def test_source_id_as_data_gives_where_the_quote_starts() -> None:
    context = json.loads(CliRunner().invoke(app, ["source", "trauma", "--json"]).stdout)
    line_21 = DOCUMENT.read_text().splitlines()[20]
    quote = "Trauma: Dystrophic calcification can occur after injury to soft tissue"
    assert {key: context[key] for key in ("id", "kind", "quote", "heading_path", "start")} == {
        "id": "trauma",
        "kind": "cause",
        "quote": {"line": 21, "text": quote},
        "heading_path": HEADING,
        "start": 2,
    }
    assert line_21[2 : 2 + len(quote)] == quote
    assert [line["line"] for line in context["lines"]] == [19, 20, 21, 22, 23]


def test_the_quote_alone_is_highlighted_on_a_terminal() -> None:
    dataset = load()
    context = quote_context(dataset, read_document(DOCUMENT), "infection")
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, color_system="standard", width=200)
    print_rich(context, stream, console)
    reverse_on, off = "\x1b[7m", "\x1b[0m"
    line_22 = next(row for row in stream.getvalue().splitlines() if reverse_on in row)
    highlighted = line_22.split(reverse_on, 1)[1].split(off, 1)[0]
    assert (
        highlighted == "Infection: Infection can lead to dystrophic calcification in damaged tissue"
    )


def test_markdown_puts_the_quote_in_bold() -> None:
    context = quote_context(load(), read_document(DOCUMENT), "neoplasia")
    row = next(line for line in to_markdown(context).splitlines() if line.startswith("| 24 "))
    assert row == (
        "| 24 | \\> | - **Neoplasia: Neoplastic conditions can lead to dystrophic calcification "
        "in damaged tissue** 2 |"
    )


def test_a_quote_near_the_top_shows_the_lines_there_are() -> None:
    context = quote_context(load(), read_document(DOCUMENT), "definition-guideline")
    assert [line.number for line in context.lines] == [1, 2, 3, 4]


def test_a_listing_counts_only_quotes_that_stand_on_their_line() -> None:
    listed = listing(load(), read_document(DOCUMENT))
    assert (listed.facts, listed.facts_quoted) == (22, 22)
    assert sum(len(line.quoted_by) for line in listed.lines) == 22


REFUSALS = [
    (
        ["source", "definition"],
        2,
        "dyscalc: error: topic 'definition' quotes nothing itself; its statements do: "
        "definition-guideline, definition-research\n",
    ),
    (
        ["source", "infektion"],
        1,
        "dyscalc: error: no entry with id 'infektion'; did you mean 'infection' or "
        "'previous-infections'?\n",
    ),
]


@pytest.mark.parametrize(("args", "code", "message"), REFUSALS, ids=["topic", "unknown"])
def test_source_refuses_what_has_no_quote(
    runner: CliRunner, args: list[str], code: int, message: str
) -> None:
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)


def test_source_without_the_document_says_so(runner: CliRunner, tmp_path: Path) -> None:
    dataset = tmp_path / "calcifications.yaml"
    shutil.copy(bundled_dataset_path(), dataset)
    result = runner.invoke(app, ["--data", str(dataset), "source"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"dyscalc: error: {tmp_path / DOCUMENT.name}: no source document there, where the "
        "dataset names it\n"
    )


def test_source_refuses_a_document_that_is_not_the_recorded_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    dataset = tmp_path / "calcifications.yaml"
    shutil.copy(bundled_dataset_path(), dataset)
    (tmp_path / DOCUMENT.name).write_bytes(DOCUMENT.read_bytes() + b"\n")
    result = runner.invoke(app, ["--data", str(dataset), "source"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"dyscalc: error: {tmp_path / DOCUMENT.name}: not the source document (its SHA-256 "
        "differs)\n"
    )


def test_show_does_not_place_a_quote_in_a_document_that_is_not_the_recorded_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    dataset = tmp_path / "calcifications.yaml"
    shutil.copy(bundled_dataset_path(), dataset)
    (tmp_path / DOCUMENT.name).write_bytes(b"From the Guidelines\n" + DOCUMENT.read_bytes())
    result = runner.invoke(app, ["--data", str(dataset), "show", "trauma", "-f", "markdown"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "- **Quoted from:** line 21"


def test_show_gives_the_quote_its_line_and_heading(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "trauma", "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == [
        "- **Quote:** Trauma: Dystrophic calcification can occur after injury to soft tissue",
        f"- **Quoted from:** line 21, under {HEADING}",
    ]


def test_show_without_the_document_still_gives_the_quote_and_its_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    dataset = tmp_path / "calcifications.yaml"
    shutil.copy(bundled_dataset_path(), dataset)
    result = runner.invoke(app, ["--data", str(dataset), "show", "trauma", "-f", "markdown"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "- **Quoted from:** line 21"


def test_show_for_scripts_does_not_read_the_document(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dyscalc.source_document

    def unreadable(path: object) -> None:
        raise AssertionError("the document was read")

    monkeypatch.setattr(dyscalc.source_document, "read_document", unreadable)
    result = runner.invoke(app, ["show", "trauma", "--json"])
    assert (result.exit_code, result.stderr) == (0, "")
