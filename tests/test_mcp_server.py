"""The MCP server behind `dyscalc mcp`, driven in-process through the SDK's own client (no
network, no subprocess): every tool answers as the CLI's JSON does, wrapped as
{"result": ...}, with the CLI's markdown as text; bad requests are tool errors carrying
the CLI's one-line message and leave the session running; and the resources and the
instructions say what an assistant needs."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from jsonschema import Draft202012Validator
from mcp import Client, MCPError
from mcp.types import CallToolResult
from typer.testing import CliRunner

import dyscalc
from dyscalc.cli import app
from dyscalc.loader import bundled_dataset_path
from dyscalc.mcp_server import QUOTE_CHECK_SCHEMA, build_server
from dyscalc.queries.summaries import DISCLAIMER
from dyscalc.source_file import SourceDocument, find_source_document

T = TypeVar("T")
TOOLS = ["causes", "conditions", "explain", "citations", "search", "show", "info", "check_quote"]
DOCUMENT_NAME = "dystrophic-calcification.txt"  # the bundled dataset's provenance.document


def talk(steps: Callable[[Client], Awaitable[T]], document: SourceDocument | None = None) -> T:
    """Connect the SDK's client to a fresh server on the bundled dataset and run `steps`."""

    async def session() -> T:
        # "legacy": the initialize handshake over JSON-RPC messages, as desktop assistants do.
        async with Client(build_server(dyscalc.load(), document), mode="legacy") as client:
            return await steps(client)

    return anyio.run(session)


def call(name: str, arguments: dict[str, Any] | None = None) -> CallToolResult:
    return talk(lambda client: client.call_tool(name, arguments or {}))


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def text_of(result: CallToolResult) -> str:
    (block,) = result.content
    assert block.type == "text"
    return block.text


# -- the tools ---------------------------------------------------------------


def test_every_tool_is_listed_read_only_and_closed_world_with_an_output_schema() -> None:
    tools = talk(lambda client: client.list_tools()).tools
    assert [tool.name for tool in tools] == TOOLS
    for tool in tools:
        assert tool.annotations is not None
        assert tool.annotations.read_only_hint is True, tool.name
        assert tool.annotations.open_world_hint is False, tool.name
        assert tool.annotations.destructive_hint is False, tool.name
        assert tool.output_schema is not None, tool.name
        assert tool.output_schema["required"] == ["result"], tool.name
        assert tool.description, tool.name


def test_the_source_parameter_advertises_its_values() -> None:
    tools = {tool.name: tool for tool in talk(lambda client: client.list_tools()).tools}
    source = tools["causes"].input_schema["properties"]["source"]
    assert source["enum"] == ["guideline", "research", "all"]
    assert source["default"] == "all"
    assert tools["show"].input_schema["required"] == ["id"]
    assert tools["search"].input_schema["required"] == ["text"]


# (tool, its arguments, the CLI command that asks the same question)
SAME_QUESTIONS = [
    ("causes", {}, ["causes"]),
    ("causes", {"source": "research"}, ["causes", "--source", "research"]),
    ("conditions", {"source": "guideline"}, ["conditions", "--source", "guideline"]),
    ("conditions", {}, ["conditions"]),
    ("explain", {}, ["explain"]),
    ("explain", {"topic": "mechanism"}, ["explain", "mechanism"]),
    ("explain", {"topic": "definition", "source": "research"}, ["explain", "definition", "-s",
                                                                "research"]),
    ("citations", {"source": "research"}, ["citations", "--source", "research"]),
    ("search", {"text": "inflam"}, ["search", "inflam"]),
    ("search", {"text": "kidney", "source": "guideline"}, ["search", "kidney", "-s", "guideline"]),
    ("search", {"text": "no such words"}, ["search", "no such words"]),
    ("show", {"id": "trauma"}, ["show", "trauma"]),
    ("show", {"id": "mechanism-guideline"}, ["show", "mechanism-guideline"]),
    ("show", {"id": "treatment"}, ["show", "treatment"]),
    ("info", {}, ["info"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("tool", "arguments", "command"), SAME_QUESTIONS, ids=[" ".join(c) for *_, c in SAME_QUESTIONS]
)
def test_a_tool_answers_exactly_what_the_cli_prints_in_the_shape_it_publishes(
    tool: str, arguments: dict[str, Any], command: list[str]
) -> None:
    async def listed_and_called(client: Client) -> tuple[dict[str, Any], CallToolResult]:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        schema = tools[tool].output_schema
        assert schema is not None
        return schema, await client.call_tool(tool, arguments)

    # The server gets the shipped document as `dyscalc mcp` does, and `dyscalc show` reads it.
    shipped = find_source_document(bundled_dataset_path(), dyscalc.load().provenance)
    schema, result = talk(listed_and_called, shipped)
    assert result.is_error is False
    code, as_json, _ = cli(*command, "--json")
    assert code == 0
    assert result.structured_content == {"result": json.loads(as_json)}
    code, as_markdown, _ = cli(*command, "--format", "markdown")
    assert text_of(result) == as_markdown
    # The published schema is the CLI's, and takes no other shape.
    validator = Draft202012Validator(schema)
    assert list(validator.iter_errors(result.structured_content)) == []
    assert not validator.is_valid({"result": "a paraphrase"})


def test_causes_from_the_research_are_six_each_with_citations() -> None:
    causes = call("causes", {"source": "research"}).structured_content
    assert causes is not None
    assert [c["id"] for c in causes["result"]] == [
        "trauma",
        "infection",
        "inflammation",
        "neoplasia",
        "soft-tissue-degeneration",
        "systemic-disorders",
    ]
    assert all(c["source"] == "research" and c["citations"] for c in causes["result"])


# (tool, arguments, the CLI command with the same mistake, or None, and the message)
EMPTY = "dyscalc: error: empty text: give some text to look for"
BAD_REQUESTS = [
    ("show", {"id": "infektion"}, ["show", "infektion"],
     "dyscalc: error: no entry with id 'infektion'; did you mean 'infection' or "
     "'previous-infections'?"),
    ("explain", {"topic": "mechansim"}, ["explain", "mechansim"],
     "dyscalc: error: unknown topic 'mechansim' (choose from: definition, mechanism, treatment, "
     "recent-findings); did you mean 'mechanism'?"),
    ("search", {"text": ""}, ["search", ""], EMPTY),
    ("search", {"text": "  "}, ["search", "  "], EMPTY),
    ("check_quote", {"text": ""}, ["search", ""], EMPTY),
    ("check_quote", {"text": "\n"}, ["search", "\n"], EMPTY),
    # The CLI's --source is checked by its option parser, whose message names the option;
    # the server's is the query's, as the Python API raises it.
    ("causes", {"source": "books"}, None,
     "dyscalc: error: unknown source 'books' (choose from: guideline, research, all)"),
    ("explain", {"topic": "mechanism", "source": "Research"}, None,
     "dyscalc: error: unknown source 'Research' (choose from: guideline, research, all)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("tool", "arguments", "command", "message"),
    BAD_REQUESTS,
    ids=[f"{tool} {arguments}" for tool, arguments, *_ in BAD_REQUESTS],
)
def test_a_bad_request_is_a_tool_error_with_the_clis_message_and_the_session_goes_on(
    tool: str, arguments: dict[str, Any], command: list[str] | None, message: str
) -> None:
    async def mistake_then_question(client: Client) -> tuple[CallToolResult, CallToolResult]:
        return await client.call_tool(tool, arguments), await client.call_tool("info", {})

    error, after = talk(mistake_then_question)
    assert error.is_error is True
    assert error.structured_content is None
    assert text_of(error) == message
    if command is not None:
        code, out, err = cli(*command)
        assert (code, out, err) == (2 if tool != "show" else 1, "", message + "\n")
    assert after.is_error is False
    assert after.structured_content is not None
    assert after.structured_content["result"]["disclaimer"] == DISCLAIMER


# -- check_quote -------------------------------------------------------------

DOCUMENT = """Causes
- Trauma: Dystrophic calcification can occur after injury to soft tissue 2, 3, 4, 5
Mechanism
The underlying mechanism involves damaged cell membranes releasing
phosphate-containing molecules.
"""

# (passage, in the dataset, in the document, the items that carry it)
QUOTES = [
    ("Dystrophic calcification can occur after injury to soft tissue", True, True, ["trauma"]),
    ("Dystrophic calcification can occur after injury to soft tissue.", True, False, ["trauma"]),
    ("  Dystrophic calcification can occur\n after injury  ", True, True, ["trauma"]),
    ("dystrophic calcification can occur after injury", False, False, []),
    ("Causes - Trauma: Dystrophic calcification can occur", False, True, []),
    ("involves damaged cell membranes releasing phosphate-containing", True, True,
     ["mechanism-guideline"]),
    ("pseudoxanthoma elasticum", True, False, ["systemic-disorders"]),
    ("Masseter muscle calcification", True, False, ["masseter-muscle-calcification"]),
    ("calcium phosphate crystals", True, False, ["mechanism-guideline"]),
    ("Damaged tissue causes calcification", False, False, []),
]  # fmt: skip


@pytest.mark.parametrize(("passage", "in_dataset", "in_source", "items"), QUOTES)
def test_check_quote_says_where_a_passage_occurs_verbatim(
    passage: str, in_dataset: bool, in_source: bool, items: list[str]
) -> None:
    document = SourceDocument(DOCUMENT_NAME, Path(DOCUMENT_NAME), DOCUMENT)
    result = talk(lambda client: client.call_tool("check_quote", {"text": passage}), document)
    assert result.structured_content == {
        "result": {
            "text": passage,
            "in_dataset": in_dataset,
            "in_source": in_source,
            "items": items,
        }
    }
    assert Draft202012Validator(QUOTE_CHECK_SCHEMA).is_valid(result.structured_content["result"])
    assert "In the source document:** " + ("yes" if in_source else "no") in text_of(result)


def test_check_quote_names_every_item_that_carries_a_passage() -> None:
    result = call("check_quote", {"text": "calcium"}).structured_content
    assert result is not None
    assert result["result"]["items"] == [
        "definition-guideline",
        "definition-research",
        "mechanism-guideline",
    ]


def test_check_quote_without_a_source_document_says_null_not_false() -> None:
    result = call("check_quote", {"text": "Previous infections"})
    assert result.structured_content == {
        "result": {
            "text": "Previous infections",
            "in_dataset": True,
            "in_source": None,
            "items": ["previous-infections"],
        }
    }
    assert "no source document ships with this dataset" in text_of(result)


# -- instructions and resources ----------------------------------------------


def test_the_instructions_set_the_rules_of_quoting() -> None:
    async def instructions(client: Client) -> str | None:
        return client.instructions

    text = talk(instructions)
    assert text is not None
    assert "This dataset is your only source" in text
    assert "Quote, don't paraphrase" in text
    assert "evidence tag (guideline or research) and the citation numbers with every fact" in text
    assert "Never add a bibliographic reference" in text
    assert text.endswith(DISCLAIMER)


def read(uri: str, document: SourceDocument | None = None) -> str:
    async def contents(client: Client) -> str:
        (content,) = (await client.read_resource(uri)).contents
        assert hasattr(content, "text")
        text: str = content.text
        return text

    return talk(contents, document)


def test_the_dataset_resource_is_what_info_prints() -> None:
    assert read("dyscalc://dataset") == cli("info", "--json")[1]


@pytest.mark.parametrize(
    "item_id", ["trauma", "rheumatic-diseases", "mechanism", "definition-research"]
)
def test_an_item_resource_is_what_show_prints(item_id: str) -> None:
    assert read(f"dyscalc://item/{item_id}") == cli("show", item_id, "--json")[1]


def test_an_unknown_item_resource_is_an_error_with_the_clis_message() -> None:
    async def refused(client: Client) -> MCPError:
        with pytest.raises(MCPError) as raised:
            await client.read_resource("dyscalc://item/infektion")
        return raised.value

    error = talk(refused)
    assert error.error.message == cli("show", "infektion")[2].strip()


def listed_resources(document: SourceDocument | None) -> list[str]:
    async def uris(client: Client) -> list[str]:
        return [str(resource.uri) for resource in (await client.list_resources()).resources]

    return talk(uris, document)


def test_the_source_document_is_a_resource_only_when_it_ships() -> None:
    assert listed_resources(None) == ["dyscalc://dataset"]
    document = SourceDocument(DOCUMENT_NAME, Path(DOCUMENT_NAME), DOCUMENT)
    assert listed_resources(document) == ["dyscalc://dataset", "dyscalc://source"]
    assert read("dyscalc://source", document) == DOCUMENT
