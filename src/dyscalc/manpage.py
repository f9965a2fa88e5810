"""The man page, dyscalc(1), written from the app itself: every command and option with its
help text, the exit codes, the environment and the disclaimer. `python
docs/make_unix_files.py` writes it to docs/dyscalc.1, which the wheel installs as
share/man/man1/dyscalc.1; a test fails when the two differ."""

from __future__ import annotations

from typing import Any

import typer
from typer.main import get_command

import dyscalc
from dyscalc.errors import EXIT_CODE_MEANINGS

# The variables dyscalc reads besides those of its options, which are listed from the
# options themselves. tests/test_unix_files.py checks that every variable read is here.
ENVIRONMENT: tuple[tuple[str, str], ...] = (
    (
        "DYSCALC_PAGER",
        "The pager for a table taller than the terminal, such as 'less -S'. "
        "Set but empty, no pager is used.",
    ),
    (
        "PAGER",
        "The pager when DYSCALC_PAGER is not set. When neither is set, dyscalc uses "
        "'less -R' if it is installed. Empty or 'cat', no pager is used.",
    ),
    (
        "LESS",
        "Options for less. When it is not set, dyscalc sets it to FRX for the pager, as git does.",
    ),
    ("NO_COLOR", "Set and not empty: no colour. Bold and italic remain."),
    ("FORCE_COLOR", "Set and not empty: colour even when the output is not a terminal."),
    ("TERM", "dumb: no colour, no bold or italic, and no pager."),
    (
        "COLUMNS",
        "The width to draw tables to, 20 at least; 0 or not a number means 80. Piped, tables "
        "are 100 columns wide without it.",
    ),
    ("LINES", "The height of the terminal, which decides whether a table is paged."),
    (
        "DYSCALC_NO_CACHE",
        "Set and not empty: read the dataset afresh on every run, without the parse cache.",
    ),
    (
        "XDG_CACHE_HOME",
        "The parse cache is kept in $XDG_CACHE_HOME/dyscalc, or ~/.cache/dyscalc when it is "
        "not set or not an absolute path.",
    ),
    (
        "DYSCALC_MAX_DATASET_MB",
        "The largest dataset file dyscalc reads, in MiB (64 when not set). A larger file, or an "
        "endless input, is refused.",
    ),
)

SEE_ALSO = "less(1). The README, and docs/cli.md in dyscalc's source distribution."


def manpage() -> str:
    """dyscalc(1) in the man(7) macros, from the app's commands and help texts."""
    from dyscalc.cli import app

    group = get_command(app)
    root = typer.Context(group, info_name="dyscalc", **group.context_settings)
    summary = (dyscalc.__doc__ or "").splitlines()[0].removeprefix("dyscalc: ").rstrip(".")
    page = _Page()
    page.request("TH", "DYSCALC", "1", "", f"dyscalc {dyscalc.__version__}", "User Commands")
    page.raw(".nh")  # no hyphens: an option or a variable broken in two cannot be copied
    page.raw(".ad l")
    page.section("NAME")
    page.text(f"dyscalc - {summary}")
    page.section("SYNOPSIS")
    page.raw(
        r"\fBdyscalc\fR [\fIGLOBAL OPTIONS\fR] \fICOMMAND\fR [\fIOPTIONS\fR] [\fIARGUMENTS\fR]"
    )
    page.section("DESCRIPTION")
    page.help_text(group.help or "")
    page.section("GLOBAL OPTIONS")
    for param in group.get_params(root):
        page.parameter(param, root)
    page.section("COMMANDS")
    page.text("Every command also takes -h, --help, which shows its help and exits.")
    for name in group.list_commands(root):  # type: ignore[attr-defined]
        command = group.get_command(root, name)  # type: ignore[attr-defined]
        context = typer.Context(command, info_name=name, parent=root, **command.context_settings)
        params = [p for p in command.get_params(context) if p.name != "help"]
        page.subsection(f"dyscalc {name} {' '.join(_usage(p) for p in params)}".strip())
        page.help_text(command.help or "")
        for param in params:
            page.parameter(param, context)
    page.section("EXIT STATUS")
    for code, meaning in EXIT_CODE_MEANINGS.items():
        page.item(rf"\fB{code.value}\fR", meaning[0].upper() + meaning[1:] + ".")
    page.section("ENVIRONMENT")
    for param in group.get_params(root):
        if isinstance(param.envvar, str):
            page.item(rf"\fB{param.envvar}\fR", f"As {param.opts[0]}: {_help(param)}")
    for name, meaning in ENVIRONMENT:
        page.item(rf"\fB{name}\fR", meaning)
    page.section("FILES")
    page.item(
        r"\fI$XDG_CACHE_HOME/dyscalc/\fR",
        "The parse cache: datasets already checked, kept as JSON and named by the SHA-256 "
        "of the dataset file, so an edited file is never served stale. It is safe to delete.",
    )
    page.section("DISCLAIMER")
    from dyscalc.queries.summaries import DISCLAIMER

    page.text(
        f"{DISCLAIMER} dyscalc holds exactly what its one source document states; the source "
        "gives citations as bare numbers, so dyscalc shows 'not given in source' where a "
        "reference would be, and never makes one up."
    )
    page.section("SEE ALSO")
    page.text(SEE_ALSO)
    return page.source()


def _help(param: Any) -> str:
    return str(getattr(param, "help", None) or "")


def _usage(param: Any) -> str:
    """How a parameter reads in the command's synopsis line."""
    if param.param_type_name == "argument":
        return param.human_readable_name if param.required else f"[{param.human_readable_name}]"
    return ""


class _Page:
    """Lines of roff, with text escaped so that nothing in a help text is read as roff."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def source(self) -> str:
        return "\n".join(self._lines) + "\n"

    def raw(self, line: str) -> None:
        self._lines.append(line)

    def request(self, name: str, *arguments: str) -> None:
        quoted = " ".join('"' + _escape(a).replace('"', '""') + '"' for a in arguments)
        self._lines.append(f".{name} {quoted}".rstrip())

    def section(self, title: str) -> None:
        self.request("SH", title)

    def subsection(self, title: str) -> None:
        self.request("SS", title)

    def text(self, text: str) -> None:
        self._lines.append(".PP")
        self._lines.extend(_escape_line(line) for line in text.splitlines())

    def help_text(self, help_text: str) -> None:
        """Paragraphs; an 'Example:' paragraph shows its command in bold."""
        for paragraph in help_text.split("\n\n"):
            example = paragraph.removeprefix("Example: ")
            if example != paragraph:
                self._lines.extend([".PP", rf"Example: \fB{_escape(example)}\fR"])
            else:
                self.text(paragraph)

    def item(self, tag: str, text: str) -> None:
        """A tagged paragraph; `tag` is roff already."""
        self._lines.extend([".TP", tag, *(_escape_line(line) for line in text.splitlines())])

    def parameter(self, param: Any, context: typer.Context) -> None:
        record = param.get_help_record(context)
        if record is None:  # a hidden parameter
            return
        names, help_text = record
        if param.name == "help":  # click's text speaks of "this message"
            help_text = "Show the help and exit."
        if param.param_type_name == "argument":
            tag = rf"\fI{_escape(names)}\fR"
        else:
            options, _, metavar = names.partition(" <")
            tag = rf"\fB{_escape(options)}\fR"
            if metavar:
                tag += rf" \fI<{_escape(metavar)}\fR"
        self.item(tag, help_text)


def _escape(text: str) -> str:
    # A backslash starts an escape; a plain '-' may print as a hyphen that cannot be
    # copied into a command line, so every dash is the minus sign '\-'.
    return text.replace("\\", r"\e").replace("-", r"\-")


def _escape_line(line: str) -> str:
    escaped = _escape(line.strip())
    # A line that starts with '.' or an apostrophe would be read as a request.
    return rf"\&{escaped}" if escaped.startswith((".", "'")) else escaped
