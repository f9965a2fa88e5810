"""dyscalc on a real terminal: a pseudo-terminal that the program writes to as it would to
the user's, with TERM set and NO_COLOR unset. The evidence source is in colour, and only
where colour is wanted; an answer taller than the terminal goes through a pager."""

from __future__ import annotations

import fcntl
import functools
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.style import Style

from dyscalc import load
from dyscalc.model import EvidenceSource
from dyscalc.queries.citation_index import citation_uses
from dyscalc.render import OutputFormat, palette, render
from dyscalc.render.pager import page, pager_command

# What the user's environment might hold that would change what a run shows.
_USER_SETTINGS = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "DYSCALC_PAGER", "PAGER", "LESS")


@dataclass(frozen=True)
class TerminalRun:
    shown: str  # what reached the terminal, escape codes and all
    stderr: str
    returncode: int


def run_on_terminal(
    *args: str,
    rows: int = 200,  # taller than any answer: only the pager's tests make it shorter
    columns: int = 100,
    env: dict[str, str] | None = None,
    piped: bool = False,
) -> TerminalRun:
    """Run dyscalc with stdin and stdout on a terminal of this size; stderr is kept apart.
    `piped` sends stdout to a pipe instead, as `dyscalc ... | less` does."""
    environment = {k: v for k, v in os.environ.items() if k not in _USER_SETTINGS}
    environment.update({"TERM": "xterm-256color", **(env or {})})
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "dyscalc", *args],
        stdin=terminal,
        stdout=subprocess.PIPE if piped else terminal,
        stderr=subprocess.PIPE,
        env=environment,
    )
    os.close(terminal)
    shown = b"" if piped else _read_until_closed(controller)
    stdout, stderr = process.communicate(timeout=30)
    os.close(controller)
    return TerminalRun((stdout or shown).decode(), stderr.decode(), process.returncode)


def _read_until_closed(controller: int, timeout: float = 30) -> bytes:
    received = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], deadline - time.monotonic())
        if not ready:
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # Linux: the program closed the terminal
            break
        if not chunk:
            break
        received += chunk
    return received


# An SGR sequence and the word it styles, as rich writes them: ESC[<codes>m word ESC[0m.
_STYLED_WORD = re.compile(
    r"\x1b\[([0-9;]*)m(guideline|research|Guidelines|Research|\u2713)\x1b\[0m"
)
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _colour(codes: str) -> str:
    """The colour that SGR codes such as '1;38;5;32' set ('38;5;32'), or ''."""
    numbers = [int(n) for n in codes.split(";") if n]
    colour: list[int] = []
    while numbers:
        n = numbers.pop(0)
        if n in (38, 48):  # 256 colours (5;N) or true colour (2;R;G;B)
            length = 2 if numbers[:1] == [5] else 4
            colour += [n, *numbers[:length]]
            del numbers[:length]
        elif 30 <= n <= 49 or 90 <= n <= 107:
            colour.append(n)
    return ";".join(str(n) for n in colour)


def _colours_by_word(shown: str) -> dict[str, set[str]]:
    """Each styled word, with the colours it is shown in."""
    colours: dict[str, set[str]] = {}
    for codes, word in _STYLED_WORD.findall(shown):
        colours.setdefault(word, set()).add(_colour(codes))
    return colours


# Views that show both sources, and the words that name a source in each.
BOTH_SOURCES = {
    "causes": ("guideline", "research"),
    "citations": ("guideline", "research"),
    "search calcification": ("guideline", "research"),
    "explain definition": ("guideline", "research"),
    "explain": ("guideline", "research"),
    "show definition": ("guideline", "research"),
    "compare": ("Guidelines", "Research"),
    "overview": ("guideline", "research"),
}


@functools.cache
def coloured(command: str) -> TerminalRun:
    return run_on_terminal(*command.split())


@pytest.mark.parametrize("command", list(BOTH_SOURCES))
def test_guideline_and_research_are_in_two_colours(command: str) -> None:
    run = coloured(command)
    assert run.returncode == 0, run.stderr
    colours = _colours_by_word(run.shown)
    guideline, research = (colours.get(word, set()) for word in BOTH_SOURCES[command])
    # Every guideline is shown in one style and every research in another, both coloured.
    assert len(guideline) == 1, colours
    assert len(research) == 1, colours
    assert guideline != research
    assert "" not in guideline | research


def test_a_view_of_one_source_shows_its_colour_and_no_legend() -> None:
    research = run_on_terminal("show", "trauma")
    guideline = run_on_terminal("show", "fetal-brain-injury")
    assert _colours_by_word(research.shown).keys() == {"research"}
    assert _colours_by_word(guideline.shown).keys() == {"guideline"}
    assert _colours_by_word(research.shown) != _colours_by_word(guideline.shown)
    assert "evidence source" not in research.shown + guideline.shown


def test_the_compare_marks_are_in_the_colour_of_their_source() -> None:
    shown = coloured("compare").shown
    colours = _colours_by_word(shown)  # the words guideline and research are in the legend
    named_by_both = next(line for line in shown.splitlines() if line.count("\u2713") == 2)
    marks = [_colour(codes) for codes, _ in _STYLED_WORD.findall(named_by_both)]
    assert marks == [*colours["guideline"], *colours["research"]]


def _plain(shown: str) -> str:
    return _SGR.sub("", shown)


def test_a_legend_of_one_line_names_both_colours() -> None:
    shown = coloured("causes").shown
    legends = [line for line in shown.splitlines() if "evidence source" in line]
    assert [_plain(line) for line in legends] == [
        "Colour shows the evidence source: guideline, research"
    ]
    legend_colours = _colours_by_word(legends[0])
    assert legend_colours == {
        word: codes for word, codes in _colours_by_word(shown).items() if word in legend_colours
    }


def test_citation_numbers_have_their_own_quiet_style() -> None:
    shown = run_on_terminal("show", "trauma").shown
    assert re.search(r"\x1b\[2m2, 3, 4, 5\x1b\[0m", shown)


@pytest.mark.parametrize(
    ("command", "setting"),
    [(command, {"NO_COLOR": "1"}) for command in BOTH_SOURCES]
    + [(command, {"TERM": "dumb"}) for command in ("causes", "overview")],
    ids=str,
)
def test_no_colour_where_colour_is_turned_off(command: str, setting: dict[str, str]) -> None:
    colour_off = run_on_terminal(*command.split(), env=setting)
    codes = _SGR.findall(colour_off.shown)
    # Only the bold (1) and italic (3) that dyscalc 1.0 showed, and their reset (0).
    assert {n for c in codes for n in c.split(";")} <= {"0", "1", "3"}, codes
    if setting.get("TERM") == "dumb":  # rich also draws it 80 columns wide, as it always has
        assert codes == []
    else:  # the same lines, without the legend that only explains colours
        shown = _plain(coloured(command).shown)
        without_legend = [line for line in shown.splitlines() if "evidence source" not in line]
        assert _plain(colour_off.shown).splitlines() == without_legend
    for word in BOTH_SOURCES[command]:
        assert word in colour_off.shown


@pytest.mark.parametrize("source", list(EvidenceSource))
def test_the_palette_colours_each_source_without_a_background(source: EvidenceSource) -> None:
    style = Style.parse(palette.COLOUR[source.value])
    assert style.color is not None
    assert style.bgcolor is None
    others = [Style.parse(palette.COLOUR[s.value]) for s in EvidenceSource if s is not source]
    assert all(other.color != style.color for other in others)


def test_no_style_has_a_background() -> None:
    for styles in (palette.COLOUR, palette.NO_COLOUR):
        assert all(Style.parse(style).bgcolor is None for style in styles.values())


# -- the pager ---------------------------------------------------------------

FAKE_PAGER = """\
import os, sys
with open(sys.argv[1], "wb") as record:
    record.write(sys.stdin.buffer.read())
with open(sys.argv[1] + ".less", "w") as record:
    record.write(os.environ.get("LESS", "(unset)"))
"""


class FakePager:
    """A pager that records what it was given, and the LESS options it was run with."""

    def __init__(self, folder: Path) -> None:
        self.script = folder / "pager.py"
        self.script.write_text(FAKE_PAGER)
        self.record = folder / "paged"

    @property
    def command(self) -> str:
        return f"{sys.executable} {self.script} {self.record}"

    @property
    def paged(self) -> str | None:
        return self.record.read_text() if self.record.exists() else None


@pytest.fixture
def pager(tmp_path: Path) -> FakePager:
    return FakePager(tmp_path)


def test_an_answer_taller_than_the_terminal_goes_through_the_pager(pager: FakePager) -> None:
    run = run_on_terminal("citations", rows=24, env={"DYSCALC_PAGER": pager.command})
    assert (run.returncode, run.stderr, run.shown) == (0, "", "")
    assert pager.paged is not None
    assert "Heart muscle and valve calcification" in pager.paged
    # In colour, as on the terminal, with the options less needs to show colours.
    assert "\x1b[38;5;166mresearch\x1b[0m" in pager.paged
    assert (pager.record.parent / "paged.less").read_text() == "FRX"


def test_an_answer_that_fits_is_printed(pager: FakePager) -> None:
    run = run_on_terminal("info", rows=40, env={"DYSCALC_PAGER": pager.command})
    assert "Dataset version" in run.shown
    assert pager.paged is None


def test_a_dumb_terminal_is_not_paged(pager: FakePager) -> None:
    # less cannot draw a screen on it, and Emacs' shell buffers say TERM=dumb.
    run = run_on_terminal("citations", rows=10, env={"TERM": "dumb", "PAGER": pager.command})
    assert "Heart muscle and valve calcification" in run.shown
    assert pager.paged is None


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-pager", "citations"], {}),
        (["citations"], {"DYSCALC_PAGER": ""}),
        (["citations"], {"DYSCALC_PAGER": "cat"}),
        (["citations", "--json"], {}),
        (["overview", "--format", "csv"], {}),
        (["overview", "--format", "jsonl"], {}),
        (["overview", "--format", "markdown"], {}),
    ],
    ids=str,
)
def test_no_pager_when_turned_off_or_for_other_formats(
    pager: FakePager, args: list[str], env: dict[str, str]
) -> None:
    # PAGER names the fake pager too: an empty DYSCALC_PAGER must not fall back to it.
    run = run_on_terminal(
        *args, rows=10, env={"DYSCALC_PAGER": pager.command, **env, "PAGER": pager.command}
    )
    assert run.returncode == 0, run.stderr
    assert pager.paged is None
    assert len(run.shown.splitlines()) > 10


def test_pager_is_the_fallback_for_dyscalc_pager(pager: FakePager) -> None:
    run = run_on_terminal("overview", rows=24, env={"PAGER": pager.command})
    assert run.shown == ""
    assert pager.paged is not None
    assert pager.paged.startswith("\x1b[1mDystrophic calcification")


@pytest.mark.parametrize("force_colour", [False, True])
def test_never_when_piped(pager: FakePager, force_colour: bool) -> None:
    env = {"DYSCALC_PAGER": pager.command, **({"FORCE_COLOR": "1"} if force_colour else {})}
    run = run_on_terminal("citations", rows=10, env=env, piped=True)
    assert pager.paged is None
    assert "Heart muscle and valve calcification" in run.shown
    # FORCE_COLOR colours a pipe, as rich promises; it still is no terminal to page on.
    assert ("\x1b[" in run.shown) == force_colour


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("/nonexistent/pager -R", "cannot start the pager '/nonexistent/pager': No such file"),
        ("{not_executable}", "Permission denied"),
        ("less '-R", "cannot read the pager's command (No closing quotation)"),
    ],
)
def test_a_pager_that_cannot_start_falls_back_to_printing(
    tmp_path: Path, command: str, reason: str
) -> None:
    not_executable = tmp_path / "pager"
    not_executable.write_text("#!/bin/sh\ncat\n")
    env = {"DYSCALC_PAGER": command.format(not_executable=not_executable)}
    run = run_on_terminal("citations", rows=10, env=env)
    assert run.returncode == 0
    assert "Heart muscle and valve calcification" in run.shown
    assert "\x1b[38;5;166mresearch" in run.shown
    assert reason in run.stderr
    assert run.stderr.endswith("; printing instead\n")
    assert len(run.stderr.splitlines()) == 1


# -- the pager, in this process ------------------------------------------------


@pytest.mark.parametrize(
    ("env", "command"),
    [
        ({"DYSCALC_PAGER": "most -s", "PAGER": "more"}, ["most", "-s"]),
        ({"PAGER": "more"}, ["more"]),
        ({"DYSCALC_PAGER": "'/opt/my pager' -x"}, ["/opt/my pager", "-x"]),
        ({"DYSCALC_PAGER": "", "PAGER": "more"}, None),
        ({"DYSCALC_PAGER": "cat", "PAGER": "more"}, None),
        ({"PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
    ],
    ids=str,
)
def test_the_pager_is_chosen_as_git_chooses_it(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], command: list[str] | None
) -> None:
    monkeypatch.delenv("DYSCALC_PAGER")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert pager_command() == command


def test_less_is_the_pager_where_it_is_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DYSCALC_PAGER")
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pager_command() is None
    less = tmp_path / "less"
    less.write_text("#!/bin/sh\n")
    less.chmod(0o755)
    assert pager_command() == ["less", "-R"]


def test_a_pager_that_cannot_start_prints_to_the_stream(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DYSCALC_PAGER", str(tmp_path / "missing"))
    shown = tmp_path / "shown"
    with shown.open("w", encoding="utf-8") as stream:
        page("\x1b[1mlong answer\x1b[0m\n", stream)
    assert shown.read_text() == "\x1b[1mlong answer\x1b[0m\n"
    assert capsys.readouterr().err.startswith("dyscalc: cannot start the pager '")


def test_a_table_taller_than_the_terminal_is_paged_in_colour(
    monkeypatch: pytest.MonkeyPatch, pager: FakePager
) -> None:
    """The same as on a real terminal above, in this process: a pty as the stream."""
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("LINES", "10")  # rich reads the size from the process's own streams
    monkeypatch.setenv("DYSCALC_PAGER", pager.command)
    controller, terminal = os.openpty()
    try:
        with open(terminal, "w", encoding="utf-8") as stream:
            render(citation_uses(load()), OutputFormat.TABLE, stream, paging=True)
    finally:
        os.close(controller)
    assert pager.paged is not None
    assert "\x1b[38;5;166mresearch\x1b[0m" in pager.paged
