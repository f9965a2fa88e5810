"""dyscalc on a real terminal: a pseudo-terminal that the program writes to as it would to
the user's, with TERM set and NO_COLOR unset. The evidence source is in colour, and only
where colour is wanted."""

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

import pytest
from rich.style import Style

from dyscalc.model import EvidenceSource
from dyscalc.render import palette

# What the user's environment might hold that would change what a run shows.
_USER_SETTINGS = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "DYSCALC_PAGER", "PAGER", "LESS")


@dataclass(frozen=True)
class TerminalRun:
    shown: str  # what reached the terminal, escape codes and all
    stderr: str
    returncode: int


def run_on_terminal(
    *args: str, rows: int = 40, columns: int = 100, env: dict[str, str] | None = None
) -> TerminalRun:
    """Run dyscalc with stdin and stdout on a terminal of this size; stderr is kept apart."""
    environment = {k: v for k, v in os.environ.items() if k not in _USER_SETTINGS}
    environment.update({"TERM": "xterm-256color", **(env or {})})
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "dyscalc", *args],
        stdin=terminal,
        stdout=terminal,
        stderr=subprocess.PIPE,
        env=environment,
    )
    os.close(terminal)
    shown = _read_until_closed(controller)
    os.close(controller)
    _, stderr = process.communicate(timeout=30)
    return TerminalRun(shown.decode(), stderr.decode(), process.returncode)


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
