"""What keeps start-up fast (docs/performance.md): a run builds only the command it runs
and imports only the query module it asks, and the renderers match every result with its
class by name, so that registering a renderer imports no class. These guard the
behaviour, not the time: timing is for benchmarks/run.py."""

from __future__ import annotations

import builtins
import importlib
import json
import pkgutil
import subprocess
import sys
from collections import defaultdict
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import dyscalc
import dyscalc.queries
from dyscalc import lazy_commands
from dyscalc.cli import app
from dyscalc.model import Entry, Topic
from dyscalc.render.dispatch import ByClass
from dyscalc.render.human import to_human
from dyscalc.render.plain import to_plain_text
from dyscalc.render.records import to_record, to_rows

COMMANDS = [
    "causes",
    "conditions",
    "explain",
    "citations",
    "search",
    "show",
    "source",
    "info",
    "compare",
    "overview",
    "export",
    "import",
    "schema",
    "validate",
    "verify",
    "mcp",
]


def test_a_run_builds_only_the_command_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    build = lazy_commands.get_command_from_info

    def counting(info: Any, **options: Any) -> Any:
        built.append(info.callback.__name__)
        return build(info, **options)

    monkeypatch.setattr(lazy_commands, "get_command_from_info", counting)
    result = CliRunner().invoke(app, ["causes", "--json"])
    assert result.exit_code == 0
    assert built == ["causes"]


def test_help_still_lists_every_command_in_order(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    listed = [line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line]
    assert listed == COMMANDS


def test_a_mistyped_command_still_gets_a_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(app, ["serach"])
    assert result.exit_code == 2
    assert "Did you mean 'search'?" in result.stderr


def test_a_cached_json_run_imports_only_what_it_needs() -> None:
    code = (
        "import json, sys; from typer.testing import CliRunner; from dyscalc.cli import app; "
        "result = CliRunner().invoke(app, ['causes', '--json']); assert result.exit_code == 0; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('dyscalc.queries.', "
        "'dyscalc.render.', 'dyscalc.problems', 'dyscalc.validation', 'dyscalc.dataset_checker', "
        "'dyscalc.schema_generation', 'dyscalc.output_schemas', 'dyscalc.completion', 'yaml', "
        "'rich')))))"
    )
    # The first run parses the dataset and fills the (test's own) cache; the second is served
    # from it, as every run after a user's first is.
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    # One query module, and only the renderers of JSON: no human views, no plain text.
    assert json.loads(result.stdout) == [
        "dyscalc.queries.common",
        "dyscalc.queries.entries",
        "dyscalc.render.dispatch",
        "dyscalc.render.machine",
        "dyscalc.render.records",
        "dyscalc.render.safe_text",
    ]


# The MCP SDK and what it brings: only `dyscalc mcp` may import them (half a second).
SDK_PACKAGES = {"mcp", "mcp_types", "pydantic", "pydantic_core", "starlette", "anyio", "httpx2"}
EVERY_OTHER_RUN = [
    ["--help"],
    ["--version"],
    ["mcp", "--help"],
    ["causes"],
    ["causes", "--json"],
    ["conditions", "--format", "csv"],
    ["explain"],
    ["explain", "mechanism", "--format", "markdown"],
    ["citations", "--format", "jsonl"],
    ["search", "kidney"],
    ["search", ""],
    ["show", "trauma"],
    ["show", "nope"],
    ["info"],
    ["compare"],
    ["overview"],
    ["export"],
    ["export", "--format", "json"],
    ["schema", "causes"],
    ["validate"],
]


def test_no_command_but_mcp_imports_the_mcp_sdk() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from dyscalc.cli import app\n"
        f"for args in {EVERY_OTHER_RUN!r}:\n"
        "    assert CliRunner().invoke(app, args).exit_code in (0, 1, 2), args\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(SDK_PACKAGES)!r}"
        " or m == 'dyscalc.mcp_server'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_piped_table_imports_no_pager_and_only_the_palette_for_colour() -> None:
    """Colour and paging cost nothing when piped: the pager is imported only for an answer
    taller than a terminal, and colour adds only the palette's constants to rich."""
    code = (
        "import sys; from typer.testing import CliRunner; from dyscalc.cli import app; "
        "result = CliRunner().invoke(app, ['citations']); assert result.exit_code == 0; "
        "print(sorted(m for m in sys.modules if m.startswith(('dyscalc.render', "
        "'dyscalc.completion'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == str(
        [
            "dyscalc.render",
            "dyscalc.render.dispatch",
            "dyscalc.render.human",
            "dyscalc.render.palette",
            "dyscalc.render.rich_view",
            "dyscalc.render.safe_text",
        ]
    )


@pytest.mark.parametrize("command", [["causes"], ["show", "trauma", "--json"]])
def test_a_run_that_shows_no_document_reads_none(command: list[str]) -> None:
    # The document's parser and its listing view cost start-up time; `source`, `verify`
    # and a human `show` need them, nothing else does.
    code = (
        "import sys; from typer.testing import CliRunner; from dyscalc.cli import app; "
        f"result = CliRunner().invoke(app, {command!r}); assert result.exit_code == 0; "
        "print(sorted(m for m in sys.modules if m.startswith(('dyscalc.source_document', "
        "'dyscalc.render.listing', 'dyscalc.verification', 'dyscalc.dataset_lines'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr


class TestTheCommandTable:
    """The group's command table behaves as a dict for what click and Typer do with it: look
    commands up, list and count them, test a name."""

    def table(self) -> Any:
        return get_command(app).commands  # type: ignore[attr-defined]

    def test_knows_every_name_at_once(self) -> None:
        table = self.table()
        assert list(table) == COMMANDS
        assert len(table) == len(COMMANDS)
        assert "search" in table
        assert "serach" not in table

    def test_builds_a_command_once(self) -> None:
        table = self.table()
        assert table["causes"] is table["causes"]
        assert table["causes"].name == "causes"

    def test_unknown_names_are_key_errors(self) -> None:
        table = self.table()
        with pytest.raises(KeyError):
            table["serach"]


@pytest.mark.parametrize(
    "dispatch",
    [to_record, to_rows, to_human, to_plain_text],
    ids=["to_record", "to_rows", "to_human", "to_plain_text"],
)
def test_every_class_a_renderer_names_is_one_class(dispatch: ByClass[Any]) -> None:
    """mypy checks that each annotation names a class; a class name must also be unique
    among the modules whose classes reach the renderers, or one would be taken for another."""
    modules = [
        builtins,
        importlib.import_module("dyscalc.model"),
        importlib.import_module("dyscalc.validation"),
        importlib.import_module("dyscalc.verification"),
        *(
            importlib.import_module(f"dyscalc.queries.{info.name}")
            for info in pkgutil.iter_modules(dyscalc.queries.__path__)
        ),
    ]
    classes: dict[str, list[type]] = defaultdict(list)
    for module in modules:
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__:
                classes[name].append(value)
    assert dispatch.class_names
    for name in dispatch.class_names:
        assert len(classes[name]) == 1, f"{name}: {classes[name]}"


def test_a_class_is_registered_once_and_by_one_class() -> None:
    def describe(result: object) -> str:
        return "no description"

    dispatch = ByClass[str](describe)

    @dispatch.register
    def _topic(topic: Topic) -> str:
        return "a topic"

    assert dispatch(dyscalc.load().topics[0]) == "a topic"
    assert dispatch(dyscalc.load()) == "no description"

    def _again(topic: Topic) -> str:
        return "again"

    def _either(topic: Topic | Entry) -> str:
        return "either"

    def _dotted(topic: dyscalc.Topic) -> str:  # the name alone could not tell the module
        return "dotted"

    def _two(topic: Topic, entry: Entry) -> str:
        return "two"

    with pytest.raises(TypeError, match="Topic has a function already"):
        dispatch.register(_again)
    with pytest.raises(TypeError, match="annotate with one class"):
        dispatch.register(_either)
    with pytest.raises(TypeError, match="annotate with one class"):
        dispatch.register(_dotted)
    with pytest.raises(TypeError, match="must take one annotated parameter"):
        dispatch.register(_two)


def test_a_class_of_the_same_name_elsewhere_is_not_taken_for_a_result() -> None:
    class Topic:  # nested in this function, so its qualified name is not 'Topic'
        id = "mechanism"

    with pytest.raises(TypeError, match="no JSON form for Topic"):
        to_record(Topic())


def test_an_unknown_result_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="no JSON form for float"):
        to_record(1.5)
    with pytest.raises(TypeError, match="no human view for float"):
        to_human(1.5)
    with pytest.raises(TypeError, match="no plain text for float"):
        to_plain_text(1.5)


def test_the_api_imports_each_module_when_first_used() -> None:
    code = (
        "import sys, json, dyscalc; before = sorted(m for m in sys.modules if 'dyscalc.' in m); "
        "hits = dyscalc.search(dyscalc.load(), 'masseter').hits; "
        "after = sorted(m for m in sys.modules if 'queries.' in m); "
        "print(json.dumps([before, after, [hit.id for hit in hits]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    before, after, hits = json.loads(result.stdout)
    assert before == []
    assert after == ["dyscalc.queries.common", "dyscalc.queries.text_search"]
    assert hits == ["masseter-muscle-calcification"]


def test_the_api_names_what_it_has() -> None:
    assert {"causes", "search", "load", "find"} <= set(dir(dyscalc))
    from dyscalc import Problem, topic

    assert topic(dyscalc.load(), "mechanism").id == "mechanism"
    assert str(Problem("mine.yaml", 3, None, "bad")) == "mine.yaml:3: bad"
    with pytest.raises(AttributeError, match="module 'dyscalc' has no attribute 'cause'"):
        dyscalc.cause  # noqa: B018 - the attribute access is what is tested
