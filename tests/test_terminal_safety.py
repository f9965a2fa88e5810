"""Dataset text is printed, never interpreted: no markup, emoji codes, control or bidi
characters reach the terminal from a human view; closed pipes and narrow or ASCII-only
terminals are handled quietly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dyscalc.cli import app

MARKUP = "[bold red]loud[/]"
EMOJI_CODE = ":smile:"
ESC = "\x1b[2J"
BEL = "\x07"
C1 = "\x9b"
RTL_OVERRIDE = "\u202e"
HOSTILE = f"{MARKUP} {EMOJI_CODE} {ESC}{BEL}{C1}{RTL_OVERRIDE}end"
RAW_CHARACTERS = ["\x1b", "\x07", "\x9b", "\u202e"]
HUMAN_VIEWS = [
    ["causes"],
    ["search", "loud"],
    ["show", "trauma"],
    ["show", "mechanism-guideline"],
    ["explain", "mechanism"],
    ["citations"],
    ["info"],
    ["compare"],
    ["overview"],
]


@pytest.fixture
def hostile_dataset(bundled_text: str, write_dataset) -> Path:
    document = yaml.safe_load(bundled_text)
    document["title"] = HOSTILE
    trauma = next(c for c in document["causes"] if c["id"] == "trauma")
    trauma["name"] = HOSTILE
    mechanism = next(t for t in document["topics"] if t["id"] == "mechanism")
    mechanism["title"] = HOSTILE
    mechanism["statements"][0]["text"] = HOSTILE + " " + mechanism["statements"][0]["text"]
    return write_dataset(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


@pytest.mark.parametrize("output_format", ["table", "markdown"])
@pytest.mark.parametrize("command", HUMAN_VIEWS, ids=" ".join)
def test_human_views_show_data_literally(
    hostile_dataset: Path, command: list[str], output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # no wrapping, so each text stays on one line
    result = CliRunner().invoke(
        app, ["--data", str(hostile_dataset), *command, "-f", output_format]
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    flat = "".join(out.split())  # tables wrap long cells
    assert "loud" in out
    if output_format == "table":
        assert "[boldred]loud[/]" in flat
        assert ":smile:" in flat
    else:
        assert r"\[boldred\]loud\[/\]" in flat
    assert "\U0001f604" not in out  # no emoji made from :smile:
    for raw in RAW_CHARACTERS:
        assert raw not in out
    assert "\\x1b[2J" in flat.replace("\\[", "[")
    assert "\\u202e" in flat


def test_json_escapes_control_characters_and_keeps_the_text(hostile_dataset: Path) -> None:
    result = CliRunner().invoke(app, ["--data", str(hostile_dataset), "show", "trauma", "--json"])
    assert "\x1b" not in result.stdout
    assert json.loads(result.stdout)["name"] == HOSTILE


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "dyscalc", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def test_a_reader_that_closes_the_pipe_early_gets_no_traceback(tmp_path: Path) -> None:
    # A large dataset, so that the JSON does not fit in the pipe's buffer.
    big = tmp_path / "big.yaml"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from make_dataset import dataset_text

    big.write_text(dataset_text(3000), encoding="utf-8")
    script = (
        f"{sys.executable} -m dyscalc --data {big} causes --json | head -c 10; "
        f"{sys.executable} -m dyscalc causes | true; "
        f"{sys.executable} -m dyscalc causes -f csv | head -n 1"
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert result.stderr == ""
    assert result.stdout.startswith("[\n  {\n    ")
    assert "id,kind,name" in result.stdout


@pytest.mark.parametrize("valid", [True, False], ids=["valid", "invalid"])
def test_validate_shows_a_hostile_file_name_literally(
    bundled_text: str, write_dataset, valid: bool
) -> None:
    name = f"data{ESC}{BEL}{RTL_OVERRIDE}.yaml"
    path = write_dataset(bundled_text if valid else "schema_version: 1\n", name=name)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == (0 if valid else 1)
    shown, silent = (result.stdout, result.stderr) if valid else (result.stderr, result.stdout)
    assert silent == ""
    assert "data\\x1b[2J\\x07\\u202e.yaml: " in shown
    assert not any(raw in shown for raw in RAW_CHARACTERS)


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "LANG": "C"},
        {"COLUMNS": "30"},
        {"TERM": "dumb"},
    ],
    ids=["ascii", "C locale", "30 columns", "dumb terminal"],
)
def test_narrow_and_ascii_terminals_still_work(env: dict[str, str]) -> None:
    for args in (["compare"], ["overview"], ["causes"], ["info"], ["search", "trauma"]):
        result = _run(args, **env)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert (
            "Trauma" in result.stdout or "guideline" in result.stdout or "dyscalc" in result.stdout
        )


def test_ascii_stream_keeps_json_valid() -> None:
    result = _run(["search", "trauma", "--json"], PYTHONIOENCODING="ascii")
    assert result.returncode == 0
    assert json.loads(result.stdout)[0]["id"] == "physical-trauma"


def test_unexpected_errors_are_one_line_unless_debugging(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("dyscalc.queries.entries.causes", explode)
    result = CliRunner().invoke(app, ["causes"])
    assert result.exit_code == 1
    assert result.stderr == "dyscalc: internal error: RuntimeError: boom (--debug shows more)\n"
    debugging = CliRunner().invoke(app, ["--debug", "causes"])
    assert isinstance(debugging.exception, RuntimeError)
    monkeypatch.setenv("DYSCALC_DEBUG", "1")
    assert isinstance(CliRunner().invoke(app, ["causes"]).exception, RuntimeError)
