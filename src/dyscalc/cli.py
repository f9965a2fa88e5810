"""The Typer app: parse arguments, call a query, hand the result to a renderer, map
errors to exit codes. Nothing else happens here.

No `from __future__ import annotations` in this module: Typer reads a command's
annotations when it builds the command, and strings it would compile and evaluate first,
which doubled the time to build one (docs/performance.md).
"""

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.globals import get_current_context
from typer._completion_classes import completion_init
from typer.core import TyperGroup
from typer.models import TyperPath

from dyscalc import __version__, loader
from dyscalc.errors import DyscalcError, ExitCode, NotFound
from dyscalc.lazy_commands import LazyCommands
from dyscalc.model import Dataset
from dyscalc.render import OutputFormat, render
from dyscalc.render.safe_text import visible
from dyscalc.streams import OutputError, ReaderGone, discard_stdout, translate_write_error
from dyscalc.wording import readable

if TYPE_CHECKING:
    # Typer 0.28 vendors click as typer._click; its Context is the one groups receive.
    from typer._click import Context as ClickContext

if TYPE_CHECKING:
    from dyscalc.source_document import SourceDocument


class SourceChoice(str, Enum):
    GUIDELINE = "guideline"
    RESEARCH = "research"
    ALL = "all"


class FormatChoice(str, Enum):
    """The formats every answering command offers (export has its own)."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


class ExportFormat(str, Enum):
    YAML = "yaml"
    JSON = "json"


class Shell(str, Enum):
    """The shells dyscalc has completion scripts for."""

    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"


subcommands = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
"""Where the commands are registered; DyscalcGroup builds each one only when it runs."""


class DyscalcGroup(TyperGroup):
    """Translates every error, once, into one line on stderr and an exit code, and builds
    each subcommand only when it is looked up."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        # Typer registers its completion protocol only with its own completion options,
        # which dyscalc replaces (see _show_completion).
        completion_init()
        # The commands are registered on `subcommands`, not on `app`, so Typer hands this
        # group none and builds none of them up front.
        self.commands = LazyCommands(
            subcommands.registered_commands,
            pretty_exceptions_short=subcommands.pretty_exceptions_short,
            rich_markup_mode=self.rich_markup_mode,
        )

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        try:
            returned = super().main(
                args=argv,
                prog_name=prog_name or "dyscalc",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = returned if isinstance(returned, int) else ExitCode.OK
        except ReaderGone:  # not an error: see streams.py
            discard_stdout()
            code = ExitCode.OK
        except OutputError as error:
            _report(error.one_line())
            discard_stdout()  # what is left in its buffer would fail again at exit
            code = error.exit_code
        except DyscalcError as error:
            _report(error.one_line())
            code = error.exit_code
        except typer.TyperException as error:  # click's usage and parameter errors
            _report(f"dyscalc: error: {error.format_message()}")
            code = error.exit_code
        except typer.Abort:
            _report("dyscalc: aborted")
            code = ExitCode.FAILURE
        except Exception as error:
            if _debugging(argv):
                raise
            _report(
                f"dyscalc: internal error: {type(error).__name__}: {error} (--debug shows more)"
            )
            code = ExitCode.FAILURE
        if standalone_mode:
            sys.exit(int(code))
        return int(code)

    # Writing the output happens while a context is made (help) or a command runs. An
    # OSError without a file name there is a failed write to stdout: it is translated
    # before click's own handler turns a closed pipe into exit 1 and anything else into
    # a traceback.
    def make_context(self, *args: Any, **kwargs: Any) -> "ClickContext":
        with _writing_the_output():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: "ClickContext") -> Any:
        with _writing_the_output():
            return super().invoke(ctx)

    def parse_args(self, ctx: "ClickContext", args: list[str]) -> list[str]:
        if ctx.resilient_parsing:  # completing: bash split `--data=x.yaml` at the '='
            args = _rejoin_at_equals(args)
        return super().parse_args(ctx, args)


@contextmanager
def _writing_the_output() -> Iterator[None]:
    try:
        yield
    except OSError as error:
        if error.filename is not None:
            raise
        raise translate_write_error(error) from error


def _rejoin_at_equals(args: list[str]) -> list[str]:
    """['--data', '=', 'x.yaml'] as ['--data=x.yaml']: bash's COMP_WORDS splits words at
    '=', and Typer's completion passes them on so."""
    joined: list[str] = []
    for arg in args:
        if arg == "=" and joined and joined[-1].startswith("--"):
            joined[-1] += "="
        elif joined and joined[-1].startswith("--") and joined[-1].endswith("="):
            joined[-1] += arg
        else:
            joined.append(arg)
    return joined


def _report(message: str) -> None:
    sys.stderr.write(visible(readable(message)) + "\n")


# Spelled as click reads a boolean from the environment variable.
_DEBUG_OFF = {"", "0", "false", "f", "no", "n", "off"}


def _debugging(argv: Sequence[str]) -> bool:
    switched_on = os.environ.get("DYSCALC_DEBUG", "").strip().lower() not in _DEBUG_OFF
    return "--debug" in argv or switched_on


app = typer.Typer(
    name="dyscalc",
    cls=DyscalcGroup,
    help=(
        "Dystrophic calcification in the terminal: causes, mechanism, treatment, associated "
        "conditions and recent findings, each tagged with its evidence source and citations."
        "\n\nFor education and reference; not a substitute for professional medical advice."
        "\n\nExample: dyscalc causes --source research"
    ),
    rich_markup_mode=None,  # plain help keeps text such as [1] and needs no rich import
    invoke_without_command=True,
    add_completion=False,  # dyscalc's own options take the shell by name
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Settings:
    """What the global options chose, shared with every command through the context.

    A plain class, not a dataclass: `typer dyscalc.cli utils docs` (docs/cli.md) loads
    this module outside sys.modules, where dataclasses cannot be built."""

    def __init__(self, data: str | None, paging: bool = True) -> None:
        self.data = _dataset_path(data, "'--data'")
        self.paging = paging
        self._dataset: Dataset | None = None

    def dataset(self) -> Dataset:
        if self._dataset is None:
            self._dataset = loader.load(self.data)
        return self._dataset

    def dataset_path(self) -> Path:
        return self.data or loader.bundled_dataset_path()

    def source_document(self) -> "SourceDocument":
        """The document the dataset's provenance names, beside the dataset file. NotFound
        when it is not there, DocumentMismatch when it is not the one recorded."""
        from dyscalc.source_document import parse_document
        from dyscalc.source_file import document_path, find_source_document

        provenance = self.dataset().provenance
        found = find_source_document(self.dataset_path(), provenance)
        if found is None:
            path = document_path(self.dataset_path(), provenance.document)
            raise NotFound(f"{path}: no source document there, where the dataset names it")
        return parse_document(found.text.encode("utf-8"), str(found.path))


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    if not isinstance(settings, Settings):  # a completion run, before the callback
        data = ctx.find_root().params.get("data") or os.environ.get("DYSCALC_DATA") or None
        # The shell expands ~ in a command it runs, not in the words it completes.
        settings = Settings(os.path.expanduser(data) if data else None)
    return settings


# -- value completion ------------------------------------------------------


def _complete_from(names: Sequence[str], incomplete: str) -> list[str]:
    return [name for name in names if name.startswith(incomplete)]


def complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        topics = _settings(ctx).dataset().topics
    except DyscalcError:
        return []
    return _complete_from([t.id for t in topics], incomplete)


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        dataset = _settings(ctx).dataset()
    except DyscalcError:
        return []
    from dyscalc.queries.lookup import all_items

    return _complete_from([item.id for item in all_items(dataset)], incomplete)


# -- options shared by the commands ----------------------------------------

SourceOption = Annotated[
    SourceChoice,
    typer.Option("--source", "-s", help="Keep only this evidence source.", case_sensitive=False),
]
FormatOption = Annotated[
    FormatChoice | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table (the default), json, jsonl, csv or markdown.",
        case_sensitive=False,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")]
# For a command without --format, whose report is text unless asked for as JSON.
ReportJsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
# A path dyscalc opens itself, so that an unreadable file is a dataset error (exit 1) in
# dyscalc's words, not click's usage error (exit 2); and '' stays '', not '.'.
DatasetPath = TyperPath(readable=False, path_type=str)


def _dataset_path(value: str | None, param_hint: str) -> Path | None:
    if value == "":
        raise typer.BadParameter("needs a file name, not an empty one", param_hint=param_hint)
    return Path(value) if value is not None else None


def _chosen(output_format: FormatChoice | None, as_json: bool) -> OutputFormat:
    """The format that --format and --json ask for together."""
    if as_json and output_format not in (None, FormatChoice.JSON):
        raise typer.BadParameter(
            f"--json contradicts --format {output_format.value}; give one of them",
            param_hint="'--json'",
        )
    chosen = FormatChoice.JSON if as_json else output_format or FormatChoice.TABLE
    return OutputFormat(chosen.value)


def _emit(result: object, output_format: OutputFormat) -> None:
    """The one way a command's result leaves: rendered to stdout (a long table through the
    pager, unless --no-pager), or for `validate`'s problems, to stderr."""
    settings = get_current_context().find_root().obj
    paging = isinstance(settings, Settings) and settings.paging
    render(result, output_format, sys.stdout, messages=sys.stderr, paging=paging)


def _source(source: SourceChoice) -> str:
    return source.value


def _show_completion(ctx: typer.Context, shell: Shell | None) -> None:
    """Print the script for the shell named, whichever shell dyscalc runs under: Typer's
    own option would detect the shell and ignore the name."""
    if shell is None or ctx.resilient_parsing:
        return
    from dyscalc.completion import completion_script

    sys.stdout.write(completion_script(shell.value))
    raise typer.Exit()


def _install_completion(ctx: typer.Context, shell: Shell | None) -> None:
    if shell is None or ctx.resilient_parsing:
        return
    from dyscalc.completion import install_completion

    path = install_completion(shell.value)
    sys.stdout.write(f"{shell.value} completion installed in {visible(str(path))}\n")
    sys.stdout.write("It takes effect in a new shell.\n")
    raise typer.Exit()


# -- the commands ----------------------------------------------------------
# Each command imports its query module when it runs: a query module creates its result
# classes when imported, and a run needs one module's (docs/performance.md).


@app.callback()
def _global_options(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            envvar="DYSCALC_DATA",
            help="Use this dataset file instead of the bundled one (same schema).",
            show_default=False,
            click_type=DatasetPath,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", help="Show the dyscalc and dataset versions and exit.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", envvar="DYSCALC_DEBUG", help="Show a traceback for unexpected errors."
        ),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help=(
                "Print a long table straight to the terminal. Otherwise, on a terminal, "
                "one taller than the screen goes through $DYSCALC_PAGER, $PAGER or less."
            ),
        ),
    ] = False,
    install_completion: Annotated[
        Shell | None,
        typer.Option(
            "--install-completion",
            metavar="<bash|zsh|fish>",
            help="Install completion for this shell; it takes effect in a new shell.",
            callback=_install_completion,
            expose_value=False,
            is_eager=True,
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    show_completion: Annotated[
        Shell | None,
        typer.Option(
            "--show-completion",
            metavar="<bash|zsh|fish>",
            help="Print the completion script for this shell, to install it yourself.",
            callback=_show_completion,
            expose_value=False,
            is_eager=True,
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    settings = Settings(data, paging=not no_pager)
    ctx.obj = settings
    if version:
        sys.stdout.write(f"dyscalc {__version__}\n")
        dataset = settings.dataset()
        sys.stdout.write(f"dataset {dataset.version} (schema {dataset.schema_version})\n")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")
        raise typer.Exit()


@subcommands.command()
def causes(
    ctx: typer.Context,
    source: SourceOption = SourceChoice.ALL,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the causes of dystrophic calcification.

    Example: dyscalc causes --source research --json
    """
    from dyscalc.queries import entries

    found = entries.causes(_settings(ctx).dataset(), _source(source))
    _emit(found, _chosen(output_format, as_json))


@subcommands.command()
def conditions(
    ctx: typer.Context,
    source: SourceOption = SourceChoice.ALL,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the conditions associated with dystrophic calcification.

    Example: dyscalc conditions --format csv
    """
    from dyscalc.queries import entries

    found = entries.conditions(_settings(ctx).dataset(), _source(source))
    _emit(found, _chosen(output_format, as_json))


@subcommands.command()
def explain(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            help="definition, mechanism, treatment or recent-findings; none lists the topics.",
            autocompletion=complete_topic,
            show_default=False,
        ),
    ] = None,
    source: SourceOption = SourceChoice.ALL,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Explain a topic, such as the mechanism or the treatment.

    Example: dyscalc explain mechanism
    """
    from dyscalc.queries import topics

    dataset = _settings(ctx).dataset()
    if topic is None:
        _emit(topics.topics(dataset, _source(source)), _chosen(output_format, as_json))
        return
    _emit(topics.topic(dataset, topic, _source(source)), _chosen(output_format, as_json))


@subcommands.command()
def citations(
    ctx: typer.Context,
    source: SourceOption = SourceChoice.ALL,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the citations, their evidence source and what cites each.

    Example: dyscalc citations --json
    """
    from dyscalc.queries import citation_index

    index = citation_index.citation_uses(_settings(ctx).dataset(), _source(source))
    _emit(index, _chosen(output_format, as_json))


@subcommands.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Text to find, in any case.")],
    source: SourceOption = SourceChoice.ALL,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search names, examples, descriptions and statements.

    Example: dyscalc search inflammation
    """
    from dyscalc.queries import text_search

    hits = text_search.search(_settings(ctx).dataset(), text, _source(source))
    _emit(hits, _chosen(output_format, as_json))


@subcommands.command()
def show(
    ctx: typer.Context,
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The id of a cause, condition, topic or statement.",
            autocompletion=complete_id,
        ),
    ],
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one entry in full, by its id, with the words of the source it quotes.

    Example: dyscalc show systemic-disorders
    """
    from dyscalc.queries import lookup

    settings = _settings(ctx)
    chosen = _chosen(output_format, as_json)
    item = lookup.find(settings.dataset(), item_id)
    if chosen in (OutputFormat.TABLE, OutputFormat.MARKDOWN):
        # People see where the quote sits; the records carry the quote alone, and save
        # reading the document.
        try:
            document = settings.source_document()
        except DyscalcError:
            pass  # not at hand, or not the recorded one: the quote and its line still show
        else:
            from dyscalc.queries.source_view import placed

            _emit(placed(item, document), chosen)
            return
    _emit(item, chosen)


@subcommands.command()
def source(
    ctx: typer.Context,
    item_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="A statement, cause or condition: show the lines around its quote.",
            autocompletion=complete_id,
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print the source document, marking the lines the dataset quotes.

    With an ID, print the lines around that item's quote, the quote highlighted and its
    line marked '>'.

    Example: dyscalc source trauma
    """
    from dyscalc.queries import source_view

    settings = _settings(ctx)
    dataset, document = settings.dataset(), settings.source_document()
    if item_id is None:
        _emit(source_view.listing(dataset, document), _chosen(output_format, as_json))
    else:
        context = source_view.quote_context(dataset, document, item_id)
        _emit(context, _chosen(output_format, as_json))


@subcommands.command()
def info(
    ctx: typer.Context,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show versions, provenance, counts and the disclaimer.

    Example: dyscalc info
    """
    from dyscalc.queries import summaries

    _emit(summaries.info(_settings(ctx).dataset()), _chosen(output_format, as_json))


@subcommands.command()
def compare(
    ctx: typer.Context,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compare the sources: which cause categories each one names, side by side.

    The categories are dyscalc's grouping; the sources list their causes separately.

    Example: dyscalc compare
    """
    from dyscalc.queries import summaries

    _emit(summaries.compare(_settings(ctx).dataset()), _chosen(output_format, as_json))


@subcommands.command()
def overview(
    ctx: typer.Context,
    output_format: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the whole topic on one screen, as a tree with citation marks.

    Example: dyscalc overview --format markdown
    """
    from dyscalc.queries import summaries

    _emit(summaries.overview(_settings(ctx).dataset()), _chosen(output_format, as_json))


@subcommands.command()
def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="yaml (a dataset file) or json (one object).",
            case_sensitive=False,
        ),
    ] = ExportFormat.YAML,
) -> None:
    """Write the whole dataset, losslessly, as YAML or JSON.

    The YAML passes 'dyscalc validate' and loads back with --data.

    Example: dyscalc export > my-dataset.yaml
    """
    _emit(_settings(ctx).dataset(), OutputFormat(output_format.value))


@subcommands.command("import")
def import_(
    document: Annotated[
        Path,
        typer.Argument(
            metavar="DOCUMENT",
            help="An evidence summary written in the shape of dyscalc's source document.",
        ),
    ],
) -> None:
    """Draft a dataset from an evidence summary document, one quoted item a fact.

    Writes the draft as YAML, as export does; save it beside the document, so that
    'dyscalc verify' finds the document it quotes. A fact it cannot place is refused, as
    DOCUMENT:LINE: why, and nothing is written.

    Example: dyscalc import summary.txt > draft.yaml
    """
    from dyscalc.errors import DatasetError
    from dyscalc.importer import import_document

    try:
        dataset = import_document(document)
    except DatasetError as error:  # every refusal, each on its own line, as validate lists
        for problem in error.problems:
            _report(str(problem))
        raise typer.Exit(ExitCode.FAILURE) from None
    _emit(dataset, OutputFormat.YAML)  # written as export writes it


def complete_schema(incomplete: str) -> list[str]:
    from dyscalc.output_schemas import schema_names

    return _complete_from(schema_names(), incomplete)


@subcommands.command()
def schema(
    command: Annotated[
        str,
        typer.Argument(
            metavar="COMMAND",
            help="A command with JSON output, such as causes or search.",
            autocompletion=complete_schema,
        ),
    ],
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's JSON output.

    Example: dyscalc schema causes
    """
    from dyscalc.output_schemas import schema_text

    _emit(schema_text(command), OutputFormat.TEXT)


@subcommands.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            help="The dataset file to check; by default the one in use.",
            show_default=False,
            click_type=DatasetPath,
        ),
    ] = None,
    as_json: ReportJsonOption = False,
) -> None:
    """Check a dataset file and list every problem in it. Exit 0 if valid, 1 if not.

    Example: dyscalc validate data/calcifications.yaml
    """
    from dyscalc.validation import check_file

    given = _dataset_path(path, "'PATH'")
    report = check_file(given or _settings(ctx).data or loader.bundled_dataset_path())
    _emit(report, OutputFormat.JSON if as_json else OutputFormat.TEXT)
    if not report.valid:
        raise typer.Exit(ExitCode.FAILURE)


@subcommands.command()
def verify(
    ctx: typer.Context,
    document: Annotated[
        Path | None,
        typer.Option(
            "--document",
            help="Check against this file instead of the document the dataset names.",
            show_default=False,
        ),
    ] = None,
    as_json: ReportJsonOption = False,
) -> None:
    """Check the dataset against its source document. Exit 1 if they disagree.

    The document's SHA-256 must be the one the dataset records; every quote must stand
    verbatim on its line, whose citation numbers and section must be the item's; every
    bullet and sentence of the document must be quoted.

    Example: dyscalc verify
    """
    from dyscalc.verification import verify_file

    report = verify_file(_settings(ctx).dataset_path(), document)
    _emit(report, OutputFormat.JSON if as_json else OutputFormat.TEXT)
    if not report.verified:
        raise typer.Exit(ExitCode.FAILURE)


@subcommands.command()
def mcp(ctx: typer.Context) -> None:
    """Serve the dataset to AI assistants over the Model Context Protocol.

    An MCP server on stdin and stdout, answering from the dataset in use (--data or
    DYSCALC_DATA) until the client closes its stdin. Needs the optional extra:
    pip install 'dyscalc[mcp]'.

    Example: dyscalc mcp
    """
    settings = _settings(ctx)
    dataset = settings.dataset()
    from dyscalc.mcp_server import serve  # the SDK: only here, half a second to import

    serve(dataset, settings.data or loader.bundled_dataset_path())
