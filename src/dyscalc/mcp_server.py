"""`dyscalc mcp`: the queries as a Model Context Protocol server over stdio, for AI assistants.

Each tool calls the query the CLI calls and returns two things: structured content
`{"result": X}`, where X is exactly what `dyscalc COMMAND --json` prints for the same
question (MCP wants an object there, and X may be an array), and the markdown view as
text. A bad request is a tool error carrying the CLI's own one-line message.

Only this module imports the MCP SDK, the optional extra `dyscalc[mcp]`, and only
`dyscalc mcp` imports this module: the SDK takes half a second to import.
"""

from __future__ import annotations

import gc
import inspect
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from dyscalc import __version__
from dyscalc.errors import DyscalcError
from dyscalc.model import Dataset, Entry, EvidenceSource, Statement, Topic
from dyscalc.output_schemas import schema_text
from dyscalc.queries import (
    citation_index,
    entries,
    lookup,
    quotes,
    summaries,
    text_search,
    topics,
)
from dyscalc.queries.source_view import PlacedItem, placed
from dyscalc.render.machine import to_json
from dyscalc.render.markdown import to_markdown
from dyscalc.render.records import to_record
from dyscalc.source_document import parse_document
from dyscalc.source_file import DocumentMismatch, SourceDocument, find_source_document


class SdkMissing(DyscalcError):
    """The optional extra is not installed (exit code 1, as for anything missing)."""


try:
    from mcp.server import MCPServer
    from mcp.server.mcpserver.exceptions import ResourceNotFoundError
    from mcp.server.mcpserver.resources import TextResource
    from mcp.server.mcpserver.tools import Tool
    from mcp.types import CallToolResult, TextContent, ToolAnnotations
    from pydantic import Field
except ImportError as missing:
    raise SdkMissing(
        f"dyscalc mcp needs the MCP SDK ({missing}); install it with: pip install 'dyscalc[mcp]'"
    ) from None

SOURCES = [*(source.value for source in EvidenceSource), "all"]

# The types below are what each tool's input schema is made from. `source` stays plain
# text to the validator (the enum is advertised only) so that a bad value reaches the
# query and fails with the CLI's one-line message, not a multi-line validation report.
Source = Annotated[
    str,
    Field(
        description="Keep only this evidence source: guideline, research, or all (the default).",
        json_schema_extra={"enum": SOURCES},
    ),
]
Text = Annotated[str, Field(description="The text to look for; not empty.")]
ItemId = Annotated[
    str, Field(description="The id of a cause, condition, topic or statement, such as 'trauma'.")
]
TopicId = Annotated[
    str | None,
    Field(
        description="A topic id, such as 'mechanism' or 'treatment'; leave it out to list "
        "the topics."
    ),
]

READ_ONLY = ToolAnnotations(
    read_only_hint=True,
    destructive_hint=False,
    idempotent_hint=True,
    open_world_hint=False,  # it answers from the one dataset, never from the outside world
)

# What `check_quote` returns inside {"result": ...}: it has no CLI command, so no shipped
# schema; the tests check its answers against this one.
QUOTE_CHECK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["text", "in_dataset", "in_source", "items"],
    "additionalProperties": False,
    "properties": {
        "text": {"type": "string"},
        "in_dataset": {"type": "boolean"},
        "in_source": {
            "type": ["boolean", "null"],
            "description": "null when the dataset ships no source document",
        },
        "items": {"type": "array", "items": {"type": "string"}},
    },
}

DATASET_URI = "dyscalc://dataset"
ITEM_URI = "dyscalc://item/{id}"
SOURCE_URI = "dyscalc://source"


def instructions(dataset: Dataset) -> str:
    """What the assistant reads before it uses the server."""
    return (
        f"dyscalc answers from one curated dataset, {dataset.title!r} (version "
        f"{dataset.version}), transcribed from the source document "
        f"{dataset.provenance.document!r}.\n"
        "- This dataset is your only source on this topic: answer from what these tools "
        "and resources return, and say so when they do not cover a question.\n"
        "- Quote, don't paraphrase: give the dataset's text word for word, in quotation "
        "marks. check_quote tells whether a passage is verbatim before you quote it.\n"
        "- Keep the evidence tag (guideline or research) and the citation numbers with every "
        "fact, for example: (research; citations 2, 3). A fact with no citation numbers "
        "has none in the source; say so rather than borrow a number.\n"
        "- The source gives its citations as bare numbers, with no titles, authors, "
        "journals or links. Never add a bibliographic reference, and never guess what a "
        "citation number refers to.\n"
        f"- Repeat this disclaimer with every answer: {summaries.DISCLAIMER}"
    )


def _answer(ask: Callable[[], object]) -> CallToolResult:
    """The result of a query as the CLI's JSON and its markdown view, or the CLI's one-line
    error as a tool error, which leaves the session running."""
    try:
        result = ask()
    except DyscalcError as error:
        return CallToolResult(
            content=[TextContent(type="text", text=error.one_line())], is_error=True
        )
    return CallToolResult(
        content=[TextContent(type="text", text=to_markdown(result))],
        structured_content={"result": to_record(result)},
    )


def _result_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` (of the CLI's JSON) as the schema of the object {"result": <that JSON>}."""
    body = {key: value for key, value in schema.items() if not key.startswith("$")}
    wrapped: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["result"],
        "additionalProperties": False,
        "properties": {"result": body},
    }
    if "$defs" in schema:
        wrapped["$defs"] = schema["$defs"]  # the body's "#/$defs/..." still resolve
    return wrapped


def _tool(fn: Callable[..., CallToolResult], title: str, output: dict[str, Any]) -> Tool:
    tool = Tool.from_function(
        fn,
        title=title,
        description=inspect.cleandoc(fn.__doc__ or ""),
        annotations=READ_ONLY,
        structured_output=False,
    )
    # The SDK reads the published schema from here; clients check each answer against it.
    tool.fn_metadata.output_schema = _result_schema(output)
    return tool


def _shipped(command: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(command))
    return schema


def build_server(dataset: Dataset, document: SourceDocument | None = None) -> MCPServer[Any]:
    """An MCP server answering from `dataset`; `document` is its source text, if it ships."""
    document_text = document.text if document is not None else None
    # Its lines, so that `show` tells where each quote sits, as `dyscalc show` does.
    lines = None
    if document is not None:
        lines = parse_document(document.text.encode("utf-8"), str(document.path))

    def shown(item_id: str) -> Entry | Statement | Topic | PlacedItem:
        item = lookup.find(dataset, item_id)
        return item if lines is None else placed(item, lines)

    def causes(source: Source = "all") -> CallToolResult:
        """The causes of the topic, each with its evidence source (guideline or research),
        its citation numbers, examples and description. As `dyscalc causes --json`."""
        return _answer(lambda: entries.causes(dataset, source))

    def conditions(source: Source = "all") -> CallToolResult:
        """The associated conditions, each with its evidence source and citation numbers.
        As `dyscalc conditions --json`."""
        return _answer(lambda: entries.conditions(dataset, source))

    def explain(topic: TopicId = None, source: Source = "all") -> CallToolResult:
        """One topic's statements (such as the definition, mechanism, treatment or recent
        findings), each with its evidence source and citation numbers; without a topic,
        the list of topics. As `dyscalc explain [TOPIC] --json`."""
        if topic is None:
            return _answer(lambda: topics.topics(dataset))
        return _answer(lambda: topics.topic(dataset, topic, source))

    def citations(source: Source = "all") -> CallToolResult:
        """Every citation number with its evidence source and what cites it. The source
        gives no bibliographic reference, so each reference is null. As
        `dyscalc citations --json`."""
        return _answer(lambda: citation_index.citation_uses(dataset, source))

    def search(text: Text, source: Source = "all") -> CallToolResult:
        """Case-insensitive search over names, examples, descriptions and statements.
        As `dyscalc search TEXT --json`."""
        return _answer(lambda: text_search.search(dataset, text, source))

    def show(id: ItemId) -> CallToolResult:
        """One cause, condition, topic or statement in full, by its id. An unknown id is
        an error that suggests close ids. As `dyscalc show ID --json`."""
        return _answer(lambda: shown(id))

    def info() -> CallToolResult:
        """The dataset's title, versions, provenance, counts and disclaimer. As
        `dyscalc info --json`."""
        return _answer(lambda: summaries.info(dataset))

    def check_quote(text: Text) -> CallToolResult:
        """Whether a passage occurs verbatim (white space aside) in the dataset and in its
        source document (in_source is null when the dataset ships none), and which
        items carry it. Check a sentence before you quote it."""
        return _answer(lambda: quotes.check_quote(dataset, text, document_text))

    tools = [
        _tool(causes, "Causes", _shipped("causes")),
        _tool(conditions, "Associated conditions", _shipped("conditions")),
        _tool(explain, "Explain a topic", _shipped("explain")),
        _tool(citations, "Citations", _shipped("citations")),
        _tool(search, "Search", _shipped("search")),
        _tool(show, "Show one item", _shipped("show")),
        _tool(info, "Dataset information", _shipped("info")),
        _tool(check_quote, "Check a quote", QUOTE_CHECK_SCHEMA),
    ]
    server: MCPServer[Any] = MCPServer(
        name="dyscalc",
        title=dataset.title,
        instructions=instructions(dataset),
        version=__version__,
        tools=tools,
        log_level="WARNING",  # stderr is the client's log: tool errors are answers, not news
    )
    server.add_resource(
        TextResource(
            uri=DATASET_URI,
            name="dataset",
            title="The dataset in use",
            description="Title, versions, provenance, counts and the disclaimer, as "
            "`dyscalc info --json`.",
            mime_type="application/json",
            text=to_json(summaries.info(dataset)),
        )
    )

    @server.resource(
        ITEM_URI,
        name="item",
        title="One item by id",
        description="A cause, condition, topic or statement, as `dyscalc show ID --json`.",
        mime_type="application/json",
    )
    def item(id: str) -> str:
        try:
            return to_json(lookup.find(dataset, id))
        except DyscalcError as error:
            raise ResourceNotFoundError(error.one_line()) from None

    if document is not None:
        server.add_resource(
            TextResource(
                uri=SOURCE_URI,
                name=document.name,
                title="The source document",
                description="The text the dataset transcribes, as it ships with the dataset.",
                mime_type="text/plain",
                text=document.text,
            )
        )
    return server


def serve(dataset: Dataset, dataset_file: Path) -> None:
    """Serve `dataset` over stdio until the client closes stdin."""
    # __main__ turns the cyclic collector off for one short command; a server lives long.
    gc.enable()
    try:
        document = find_source_document(dataset_file, dataset.provenance)
    except DocumentMismatch as error:
        sys.stderr.write(f"dyscalc: warning: {error}; serving without it\n")
        document = None
    build_server(dataset, document).run("stdio")
