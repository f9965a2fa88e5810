"""The man page and the completion scripts: generated from the app, committed, current,
complete, and shipped in the wheel where man and the shells look for them."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.main import get_command

from dyscalc import __version__
from dyscalc.cli import app
from dyscalc.errors import EXIT_CODE_MEANINGS, ExitCode
from dyscalc.queries.summaries import DISCLAIMER

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GENERATOR = DOCS / "make_unix_files.py"
INSTALLED: dict[str, tuple[Any, str]] = runpy.run_path(str(GENERATOR))["INSTALLED"]
MANPAGE = (DOCS / "dyscalc.1").read_text()


def test_the_committed_files_are_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The documented command, run in this process (so that coverage sees the man page).
    monkeypatch.setattr(sys, "argv", [str(GENERATOR), str(tmp_path)])
    runpy.run_path(str(GENERATOR), run_name="__main__")
    for name in INSTALLED:
        assert (tmp_path / name).read_text() == (DOCS / name).read_text(), (
            f"docs/{name} is stale: run  python docs/make_unix_files.py"
        )


def test_the_wheel_installs_each_file_where_it_belongs(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("dyscalc-*.whl")
    data = f"dyscalc-{__version__}.data/data/"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            name.removeprefix(data): archive.read(name)
            for name in archive.namelist()
            if name.startswith(data)
        }
    assert shipped == {
        installed: (DOCS / name).read_bytes() for name, (_, installed) in INSTALLED.items()
    }
    assert set(shipped) == {
        "share/man/man1/dyscalc.1",
        "share/bash-completion/completions/dyscalc",
        "share/zsh/site-functions/_dyscalc",
        "share/fish/vendor_completions.d/dyscalc.fish",
    }


# -- what the man page says --------------------------------------------------


def _roff(text: str) -> str:
    return text.replace("\\", r"\e").replace("-", r"\-")


def _commands() -> list[tuple[str, Any, typer.Context]]:
    group = get_command(app)
    root = typer.Context(group, info_name="dyscalc", **group.context_settings)
    commands = [("", group, root)]
    for name in group.commands:  # type: ignore[attr-defined]
        command = group.commands[name]  # type: ignore[attr-defined]
        commands.append((name, command, typer.Context(command, info_name=name, parent=root)))
    return commands


@pytest.mark.parametrize(
    ("name", "command", "context"),
    [pytest.param(*command, id=command[0] or "global") for command in _commands()],
)
def test_the_man_page_has_every_command_and_option(
    name: str, command: Any, context: typer.Context
) -> None:
    if name:
        section = re.search(rf'\n\.SS "dyscalc {name}\b.*?(?=\n\.S[SH] |\Z)', MANPAGE, re.S)
        assert section, f"no section for dyscalc {name}"
        text = section.group()
        assert _roff(command.help.split("\n\n")[0]) in text
    else:
        text = MANPAGE.split('\n.SH "COMMANDS"')[0]
    for param in command.get_params(context):
        if name and param.name == "help":
            continue
        if param.param_type_name == "argument":
            names = [param.human_readable_name]
        else:
            names = [*param.opts, *param.secondary_opts]
        for option in names:
            assert _roff(option) in text, f"{option} of dyscalc {name}"


def test_the_man_page_has_every_exit_code_and_the_disclaimer() -> None:
    status = MANPAGE.split('.SH "EXIT STATUS"')[1].split(".SH")[0]
    assert re.findall(r"\\fB(\d+)\\fR", status) == [str(code.value) for code in ExitCode]
    for meaning in EXIT_CODE_MEANINGS.values():
        assert _roff(meaning[1:]) in status
    disclaimer = MANPAGE.split('.SH "DISCLAIMER"')[1]
    assert " ".join(DISCLAIMER.split()) in " ".join(disclaimer.split())


def test_the_readme_gives_the_exit_codes_as_the_man_page_does() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| (\d) \| (.*) \|$", section, re.M)
    assert rows == [(str(code.value), meaning) for code, meaning in EXIT_CODE_MEANINGS.items()]


def _variables_read(source: str) -> set[str]:
    patterns = (
        r'environ\.get\(\s*"([A-Z_]+)"',
        r'environ\[\s*"([A-Z_]+)"\]',
        r'"([A-Z_]+)"\s+(?:not\s+)?in\s+os\.environ',
        r'envvar="([A-Z_]+)"',
    )
    return {name for pattern in patterns for name in re.findall(pattern, source)}


def test_the_man_page_names_every_environment_variable_dyscalc_reads() -> None:
    read: set[str] = set()
    for path in (ROOT / "src" / "dyscalc").rglob("*.py"):
        read |= _variables_read(path.read_text())
    assert {"DYSCALC_DATA", "DYSCALC_PAGER", "XDG_CACHE_HOME"} <= read  # the search works
    environment = MANPAGE.split('.SH "ENVIRONMENT"')[1].split(".SH")[0]
    listed = set(re.findall(r"^\\fB([A-Z_]+)\\fR$", environment, re.M))
    assert read <= listed
    assert {"NO_COLOR", "TERM", "LESS"} <= listed  # read by rich, or set for the pager


# The requests the man page uses. A line of help text read as a request, or a backslash
# read as an escape, would be a mistake in escaping that man shows as garbage or drops.
_REQUESTS = {"TH", "SH", "SS", "PP", "TP", "nh", "ad"}


def test_the_man_page_is_plain_man_macros() -> None:
    for line in MANPAGE.splitlines():
        if line.startswith((".", "'")):
            assert line[1:].split(" ")[0] in _REQUESTS, line
        escapes = re.findall(r"\\(?:f[BIR]|[-e&])", line)  # fonts, minus, backslash, nothing
        assert len(escapes) == line.count("\\"), line
