"""The last rough edges of issue 13, each as a user meets it: completion with the ways
people write --data, explain's source filter, validate's help, plurals, CSV without rows
and nested values, invisible characters, and terminals of any width."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dyscalc.cli import app

CAUSE = "  - id: trauma\n    name: Trauma\n    source: research"


def bash_complete(words: list[str], env: dict[str, str] | None = None) -> list[str]:
    """What bash's completion gets for `words`, the last being the word being completed.

    bash splits words at the characters in COMP_WORDBREAKS, '=' among them, so that
    `--data=x.yaml` reaches the completion as three words: '--data', '=', 'x.yaml'."""
    result = CliRunner().invoke(
        app,
        [],
        prog_name="dyscalc",
        env={
            "_DYSCALC_COMPLETE": "complete_bash",
            "COMP_WORDS": " ".join(words),
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


@pytest.fixture
def renamed_dataset(bundled_text: str, write_dataset) -> Path:
    path: Path = write_dataset(bundled_text.replace(CAUSE, CAUSE.replace("trauma", "trauma-x", 1)))
    return path


def test_ids_complete_with_data_written_with_an_equals_sign(renamed_dataset: Path) -> None:
    words = ["dyscalc", "--data", "=", str(renamed_dataset), "show", "trauma"]
    assert bash_complete(words) == ["trauma-x"]
    topics = ["dyscalc", "--data", "=", str(renamed_dataset), "explain", "mech"]
    assert bash_complete(topics) == ["mechanism"]


def test_ids_complete_with_data_under_the_home_directory(renamed_dataset: Path) -> None:
    home = str(renamed_dataset.parent)
    for words in (
        ["dyscalc", "--data", f"~/{renamed_dataset.name}", "show", "trauma"],
        ["dyscalc", "--data", "=", f"~/{renamed_dataset.name}", "show", "trauma"],
    ):
        assert bash_complete(words, env={"HOME": home}) == ["trauma-x"]


def test_explain_without_a_topic_applies_the_source_filter(runner: CliRunner) -> None:
    import json

    every = json.loads(runner.invoke(app, ["explain", "--json"]).stdout)
    research = json.loads(runner.invoke(app, ["explain", "--source", "research", "--json"]).stdout)
    guideline = json.loads(
        runner.invoke(app, ["explain", "--source", "guideline", "--json"]).stdout
    )
    assert [t["topic"] for t in every] == [
        "definition",
        "mechanism",
        "treatment",
        "recent-findings",
    ]
    assert research == [
        {"topic": "definition", "title": "Definition", "sources": ["research"], "statements": 1}
    ]
    assert [t["topic"] for t in guideline] == [t["topic"] for t in every]
    assert all(t["sources"] == ["guideline"] for t in guideline)
    assert guideline[0]["statements"] == 1  # the definition's guideline statement only


def _command_names() -> list[str]:
    from typer.main import get_command

    return sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _command_names())
def test_a_commands_help_names_only_the_options_it_has(command: str, runner: CliRunner) -> None:
    from typer.main import get_command

    group = get_command(app)
    options = {  # the command's own, and the global ones its text may refer to
        name
        for parameter in [*group.params, *group.commands[command].params]  # type: ignore[attr-defined]
        for name in parameter.opts
        if name.startswith("--")
    }
    help_text = runner.invoke(app, [command, "--help"]).stdout
    for named in set(re.findall(r"--[a-z][a-z-]*", help_text)):
        assert named in options | {"--help"}, f"{command} --help names {named}"


def test_validate_help_says_what_json_does(runner: CliRunner) -> None:
    help_text = runner.invoke(app, ["validate", "--help"]).stdout
    assert "Print the report as JSON." in help_text


# -- terminals of any width ------------------------------------------------------------

HUMAN_VIEWS = [
    ["info"],
    ["causes"],
    ["conditions"],
    ["explain"],
    ["explain", "mechanism"],
    ["citations"],
    ["search", "calcification"],
    ["show", "trauma"],
    ["show", "mechanism"],
    ["show", "mechanism-guideline"],
    ["compare"],
    ["overview"],
]


def _table(args: list[str], columns: str) -> str:
    result = CliRunner().invoke(app, args, env={"COLUMNS": columns})
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "", "1.5", "80x", "99999999999"])
@pytest.mark.parametrize("args", HUMAN_VIEWS, ids=" ".join)
def test_a_nonsense_width_draws_to_80_columns(args: list[str], columns: str) -> None:
    shown = _table(args, columns)
    assert shown.strip()
    assert shown == _table(args, "80")


@pytest.mark.parametrize("columns", ["1", "7", "19"])
def test_a_width_below_20_draws_to_20_columns(columns: str) -> None:
    for args in (["show", "trauma"], ["causes"], ["info"]):
        assert _table(args, columns) == _table(args, "20")


def _fields(args: list[str]) -> list[tuple[str, str]]:
    """The labels of the human view of `args` with their values, read from its markdown
    (the same view, as text): a list of fields, or a table's column titles with each
    row's cells. An outline has none."""
    result = CliRunner().invoke(app, [*args, "--format", "markdown"])
    assert result.exit_code == 0, result.stderr

    def plain(markdown: str) -> str:
        return re.sub(r"\\([\\`*_\[\]<>|~])", r"\1", markdown).replace("<br>", "\n")

    lines = result.stdout.splitlines()
    fields = [
        (plain(line[4 : line.index(":**")]), plain(line[line.index(":**") + 4 :]))
        for line in lines
        if line.startswith("- **")
    ]
    table = [line for line in lines if line.startswith("| ")]
    if table:
        cells = [re.split(r"(?<!\\) \| ", row[2:-2]) for row in table]
        columns, *rows = cells
        fields += [(plain(c), plain(v)) for row in rows for c, v in zip(columns, row, strict=True)]
    return fields


@pytest.mark.parametrize("columns", [20, 21, 24, 28, 32, 40, 50])
@pytest.mark.parametrize("args", HUMAN_VIEWS, ids=" ".join)
def test_a_narrow_terminal_never_cuts_a_label(args: list[str], columns: int) -> None:
    shown = _table(args, str(columns))
    assert "\u2026" not in shown  # rich's ellipsis: something was cut short
    assert all(len(line) <= columns for line in shown.splitlines())
    words_shown = shown.replace("\u2502", " ").split()  # the box's sides removed
    flowing = " ".join(words_shown)
    for label, value in _fields(args):
        assert " ".join(str(label).split()) in flowing
        # Beside its label or below it, a value has at least 12 columns: every word that
        # long or shorter is shown whole.
        assert {word for word in value.split() if len(word) <= 12} <= set(words_shown)


# -- CSV: a header without rows, and lists that read back ------------------------------

NO_ENTRIES = """\
schema_version: 1
title: Nothing yet
version: "0.1"
provenance:
  document: nothing.txt
topics: []
causes: []
conditions: []
citations: []
"""
TABLE_COMMANDS = [
    ["causes"],
    ["conditions"],
    ["explain"],
    ["citations"],
    ["search", "a"],
    ["compare"],
]


def _csv(args: list[str]) -> list[list[str]]:
    import csv
    import io

    result = CliRunner().invoke(app, [*args, "--format", "csv"])
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def _with_quotes_only_on(bundled_text: str, kept: set[str]) -> str:
    """The bundled dataset with the quotes of every item but those in `kept` taken out."""
    import yaml

    document = yaml.safe_load(bundled_text)
    items = [
        *document["causes"],
        *document["conditions"],
        *(s for topic in document["topics"] for s in topic["statements"]),
    ]
    for item in items:
        if item["id"] not in kept:
            item.pop("quote", None)
    return str(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=" ".join)
def test_an_empty_csv_answer_still_prints_its_header(args: list[str], write_dataset) -> None:
    empty = write_dataset(NO_ENTRIES)
    [header] = _csv(["--data", str(empty), *args])
    full = _csv(args)
    assert len(full) > 1
    assert header == full[0]


@pytest.mark.parametrize(
    "args",
    [
        ["causes"],
        ["conditions"],
        ["search", "calcification"],
        ["search", "trauma"],
        ["explain", "mechanism"],
        ["show", "trauma"],
        ["show", "infection"],
        ["show", "mechanism-guideline"],
        ["show", "definition-guideline"],
        ["show", "mechanism"],
    ],
    ids=" ".join,
)
def test_the_header_is_the_same_whether_items_have_a_quote_or_not(
    args: list[str], bundled_text: str, write_dataset
) -> None:
    all_quoted = _csv(args)
    some = write_dataset(_with_quotes_only_on(bundled_text, {"trauma", "mechanism-guideline"}))
    none = write_dataset(_with_quotes_only_on(bundled_text, set()))
    some_quoted = _csv(["--data", str(some), *args])
    none_quoted = _csv(["--data", str(none), *args])
    assert some_quoted[0] == all_quoted[0] == none_quoted[0]
    assert all(len(row) == len(all_quoted[0]) for row in all_quoted + some_quoted + none_quoted)
    for values in some_quoted[1:]:
        row = dict(zip(some_quoted[0], values, strict=True))
        if "quote.line" in row:
            assert (row["quote.line"] != "") == (row["id"] in ("trauma", "mechanism-guideline"))


def test_show_topic_csv_packs_the_statements_as_json(bundled_text: str, write_dataset) -> None:
    import json

    import yaml

    document = yaml.safe_load(bundled_text)
    mechanism = next(t for t in document["topics"] if t["id"] == "mechanism")
    mechanism["statements"][0]["text"] = 'A: text; with [1], "quotes" and: colons; \\ all'
    path = write_dataset(yaml.safe_dump(document, sort_keys=False))
    header, row = _csv(["--data", str(path), "show", "mechanism"])
    cell = dict(zip(header, row, strict=True))["statements"]
    shown = CliRunner().invoke(app, ["--data", str(path), "show", "mechanism", "--json"])
    assert json.loads(cell) == json.loads(shown.stdout)["statements"]


def _split_csv_list(cell: str) -> list[str]:
    """A CSV list cell read back: ';' between items, '\\' before a ';' or '\\' in one."""
    items: list[str] = []
    current: list[str] = []
    escaped = False
    for character in cell:
        if escaped:
            current.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(character)
    return [*items, "".join(current)] if cell else []


@settings(max_examples=300, deadline=None)
@given(
    examples=st.lists(st.text(min_size=1, max_size=12), max_size=5),
    description=st.text(min_size=1, max_size=12),
)
def test_every_csv_cell_reads_back_as_it_was(examples: list[str], description: str) -> None:
    import csv
    import io

    from dyscalc.model import Entry, EvidenceSource
    from dyscalc.queries.entries import EntryList
    from dyscalc.render.machine import to_csv

    entry = Entry(
        kind="cause",
        id="x",
        name="X",
        source=EvidenceSource.RESEARCH,
        citations=(),
        examples=tuple(examples),
        description=description,
    )
    header, values = csv.reader(io.StringIO(to_csv(EntryList("cause", (entry,))), newline=""))
    row = dict(zip(header, values, strict=True))
    assert _split_csv_list(row["examples"]) == examples
    assert row["description"] == description


# -- characters that would hide or change what a reader sees -------------------------

PREPENDED_CONCATENATION_MARKS = {
    0x0600,
    0x0601,
    0x0602,
    0x0603,
    0x0604,
    0x0605,
    0x06DD,
    0x070F,
    0x0890,
    0x0891,
    0x08E2,
    0x110BD,
    0x110CD,
}


def _must_be_escaped(code: int) -> bool:
    import unicodedata

    if code in (0x09, 0x0A) or code in PREPENDED_CONCATENATION_MARKS:
        return False
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    category = unicodedata.category(chr(code))
    return noncharacter or category in ("Cc", "Cf", "Zl", "Zp", "Cs")


def test_every_invisible_control_or_format_character_is_escaped() -> None:
    from dyscalc.render.safe_text import visible

    unsafe = [chr(code) for code in range(0x110000) if _must_be_escaped(code)]
    assert len(unsafe) > 2000
    shown = visible("".join(unsafe))
    assert not any(_must_be_escaped(ord(character)) for character in shown)
    assert shown.count("\\") == len(unsafe)  # one escape each


@pytest.mark.parametrize(
    "character",
    ["a", "\u00e9", "\u05d0", "\u4e2d", "\U0001f9b4", "\u0600", "\t", "\n", "[", "\\"],
    ids=[
        "ascii",
        "accent",
        "hebrew",
        "han",
        "emoji",
        "arabic number sign",
        "tab",
        "newline",
        "bracket",
        "backslash",
    ],
)
def test_visible_characters_are_left_as_they_are(character: str) -> None:
    from dyscalc.render.safe_text import visible

    assert visible(f"x{character}y") == f"x{character}y"


INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "left-to-right mark": "\u200e",
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "line separator": "\u2028",
    "tag letter A": "\U000e0041",
}


@pytest.mark.parametrize("output_format", ["table", "markdown"])
@pytest.mark.parametrize("name", list(INVISIBLE))
def test_human_views_escape_invisible_characters(
    name: str, output_format: str, bundled_text: str, write_dataset
) -> None:
    character = INVISIBLE[name]
    escape = (
        f"\\x{ord(character):02x}"
        if ord(character) < 0x100
        else f"\\u{ord(character):04x}"
        if ord(character) < 0x10000
        else f"\\U{ord(character):08x}"
    )
    cause = "  - id: trauma\n    name: Trauma\n"
    path = write_dataset(bundled_text.replace(cause, cause.replace("Trauma", f'"Tra{escape}uma"')))
    result = CliRunner().invoke(
        app, ["--data", str(path), "show", "trauma", "--format", output_format]
    )
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert character not in result.stdout
    assert f"Tra{escape}uma".replace("\\", "\\\\" if output_format == "markdown" else "\\") in (
        result.stdout
    )


# -- one of a thing is singular ------------------------------------------------------

ONE_OF_EACH = """\
schema_version: 1
title: One of each
version: "0.1"
provenance:
  document: one.txt
categories:
  - {id: trauma, name: Trauma}
topics:
  - id: definition
    title: Definition
    statements:
      - {id: definition-guideline, source: guideline, text: One statement., citations: [1]}
causes:
  - {id: trauma, name: Trauma, source: guideline, category: trauma, citations: [1]}
conditions:
  - {id: fracture, name: Fracture, source: guideline, citations: []}
citations:
  - {id: 1, source: guideline}
"""


def test_one_of_a_thing_is_counted_in_the_singular(write_dataset) -> None:
    path = write_dataset(ONE_OF_EACH)
    validated = CliRunner().invoke(app, ["validate", str(path)])
    assert validated.stdout == (
        f"{path}: valid (1 cause, 1 condition, 1 topic, 1 statement, 1 citation)\n"
    )
    compared = CliRunner().invoke(app, ["--data", str(path), "compare"])
    assert "0 of 1 category are named by both sources." in " ".join(compared.stdout.split())
    found = CliRunner().invoke(app, ["--data", str(path), "search", "fracture"])
    assert "Search for 'fracture': 1 match" in found.stdout
    broken = write_dataset(ONE_OF_EACH.replace("name: Fracture", "name: no"))
    refused = CliRunner().invoke(app, ["validate", str(broken)])
    assert refused.stderr.splitlines()[-1] == f"{broken}: 1 problem found"


def test_many_of_a_thing_are_counted_in_the_plural(runner: CliRunner) -> None:
    validated = runner.invoke(app, ["validate"])
    assert "(13 causes, 4 conditions, 4 topics, 5 statements, 6 citations)" in validated.stdout
    compared = " ".join(runner.invoke(app, ["compare"]).stdout.split())
    assert "4 of 9 categories are named by both sources." in compared


@pytest.mark.parametrize("output_format", ["table", "markdown"])
def test_a_megabyte_search_is_quoted_short_in_the_answer(output_format: str) -> None:
    result = CliRunner().invoke(app, ["search", "x" * 1_000_000, "--format", output_format])
    assert (result.exit_code, result.stderr) == (0, "")
    assert "x" * 60 + "'\u2026" in result.stdout.replace("\\", "")
    assert len(result.stdout) < 1000
