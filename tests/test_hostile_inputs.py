"""Nothing from the user's world breaks dyscalc: each hostile input below is refused with
its exit code, one readable line on stderr (located as PATH:LINE:COLUMN where the input
has a place), nothing on stdout, and never a traceback or an "internal error"."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import dyscalc
from dyscalc.cli import app
from dyscalc.loader import bundled_dataset_path, parse_dataset

BUNDLED = bundled_dataset_path().read_text(encoding="utf-8")
TRAUMA = "  - id: trauma\n    name: Trauma\n"
LAST_CITATION = "  - id: 6\n    source: research\n"
# Longer than this, a stderr line is not one a person reads.
READABLE_LINE = 400


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """Where text[index] is, counted from 1 (the file has only \\n line breaks)."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def assert_one_line_refusal(stderr: str, pattern: str) -> str:
    """stderr is one readable line that matches `pattern` and shows no Python internals."""
    assert stderr.endswith("\n"), stderr
    assert stderr.count("\n") == 1, stderr
    line = stderr[:-1]
    assert "Traceback" not in line, line
    assert "internal error" not in line, line
    assert len(line) <= READABLE_LINE, line[:READABLE_LINE]
    assert re.fullmatch(pattern, line), line
    return line


# -- hostile datasets ---------------------------------------------------------------------
# (case, the dataset's bytes, where the problem is as (line, column) or None when a file
# has no place to point at, a pattern for the message after the location)


def _with_character(character: str) -> tuple[bytes, tuple[int, int]]:
    index = BUNDLED.index(TRAUMA) + TRAUMA.index("Trauma") + 2
    text = BUNDLED[:index] + character + BUNDLED[index:]
    return text.encode("utf-8"), line_and_column(text, index)


def _opened_at_the_end(replacement: str, opener: str) -> tuple[bytes, tuple[int, int]]:
    text = BUNDLED.replace(LAST_CITATION, replacement)
    return text.encode(), line_and_column(text, text.rindex(opener))


CHARACTERS = {
    "NUL": "\x00",
    "BEL": "\x07",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "C1 CSI": "\x9b",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
}
UNCLOSED = {
    "flow mapping": ("  - {id: 6, source: research\n", "{"),
    "flow sequence": ("  - id: 6\n    source: [research\n", "["),
    "flow sequence after a comma": ("  - id: 6\n    source: [research,\n", "["),
    "empty flow sequence": ("  - id: 6\n    source: [\n", "["),
    "nested, inner open": ("  - {id: 6, source: [research\n", "["),
    "no final newline": ("  - {id: 6, source: research", "{"),
    "then blank lines and a comment": ("  - {id: 6, source: research,\n\n# end\n\n", "{"),
}
HOSTILE_DATASETS: list[tuple[str, bytes, tuple[int, int] | None, str]] = [
    *(
        (f"raw {name}", *_with_character(char), rf"the character U\+{ord(char):04X} is not allowed")
        for name, char in CHARACTERS.items()
    ),
    *(
        (f"unclosed {name}", *_opened_at_the_end(*edit), r"a flow (sequence|mapping) opened here")
        for name, edit in UNCLOSED.items()
    ),
    (
        "raw BEL in a file with CRLF line ends",
        _with_character("\x07")[0].replace(b"\n", b"\r\n"),
        _with_character("\x07")[1],
        r"the character U\+0007 is not allowed",
    ),
    (
        "raw BEL after a line separator, which YAML counts as a line break",
        BUNDLED.replace("name: Trauma", "name: Tr\u2028a\x07uma", 1).encode(),
        (_with_character("")[1][0] + 1, 2),
        r"the character U\+0007 is not allowed",
    ),
    (
        "not UTF-8",
        BUNDLED.replace("Trauma", "Tr\xe4uma", 1).encode("latin-1"),
        line_and_column(BUNDLED, BUNDLED.index(TRAUMA) + TRAUMA.index("Trauma") + 2),
        r"the file is not UTF-8 \(byte 0xe4\)",
    ),
    (
        "an integer too long to convert",
        BUNDLED.replace("[2, 3, 4, 5]", "[2, 3, 4, " + "9" * 5000 + "]", 1).encode(),
        line_and_column(BUNDLED, BUNDLED.index("[2, 3, 4, 5]") + len("[2, 3, 4, ")),
        r"a citation number .*",  # the checker's own words
    ),
    (
        "nested deeper than YAML allows",
        (BUNDLED + "extra: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
        None,
        r".*",
    ),
]


@pytest.fixture(params=HOSTILE_DATASETS, ids=[case[0] for case in HOSTILE_DATASETS])
def hostile_dataset(
    request: pytest.FixtureRequest, tmp_path: Path
) -> tuple[Path, tuple[int, int] | None, str]:
    _, data, where, message = request.param
    path = tmp_path / "hostile.yaml"
    path.write_bytes(data)
    return path, where, message


def _location(path: Path, where: tuple[int, int] | None) -> str:
    if where is None:
        return re.escape(str(path)) + r"(:\d+:\d+)?"
    return re.escape(f"{path}:{where[0]}:{where[1]}")


def test_a_command_refuses_a_hostile_dataset_in_one_located_line(
    hostile_dataset: tuple[Path, tuple[int, int] | None, str],
) -> None:
    path, where, message = hostile_dataset
    result = CliRunner().invoke(app, ["--data", str(path), "causes", "--json"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert_one_line_refusal(result.stderr, rf"{_location(path, where)}: {message}.*")


def test_validate_lists_the_located_problem(
    hostile_dataset: tuple[Path, tuple[int, int] | None, str],
) -> None:
    path, where, message = hostile_dataset
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert (result.exit_code, result.stdout) == (1, "")
    first, *rest = result.stderr.splitlines()
    assert_one_line_refusal(first + "\n", rf"{_location(path, where)}: {message}.*")
    assert rest[-1].startswith(f"{path}: ")


def test_validate_json_reports_the_problem_as_json(
    hostile_dataset: tuple[Path, tuple[int, int] | None, str],
) -> None:
    path, where, message = hostile_dataset
    result = CliRunner().invoke(app, ["validate", "--json", str(path)])
    assert (result.exit_code, result.stderr) == (1, "")
    report = json.loads(result.stdout)
    assert report["valid"] is False
    problem = report["problems"][0]
    if where is not None:
        assert (problem["line"], problem["column"]) == where
    assert re.match(message, problem["message"])
    assert "\n" not in problem["message"]


@pytest.fixture(params=["libyaml", "pure Python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Either of PyYAML's parsers: a PyYAML built without libyaml has only the second."""
    if request.param == "pure Python":
        monkeypatch.delattr("yaml.CSafeLoader")
    return str(request.param)


def test_the_python_api_raises_only_dataset_error(
    hostile_dataset: tuple[Path, tuple[int, int] | None, str], yaml_loader: str
) -> None:
    path, where, message = hostile_dataset
    with pytest.raises(dyscalc.DatasetError) as raised:
        dyscalc.load(path, use_cache=False)
    first = raised.value.problems[0]
    assert first.path == str(path)
    if where is not None:
        assert (first.line, first.column) == where
    assert re.match(message, first.message)
    assert "\n" not in first.message


LONG = "x" * 100_000


@pytest.mark.parametrize(
    ("document", "line"),
    [
        (f"title: !{LONG}!x text\n", 1),
        (f"title: *{LONG}\n", 1),
        (f"title: &{LONG} a\nversion: &{LONG} b\n", 2),
        (f"%TAG !{LONG}! tag:x,2000:\n%TAG !{LONG}! tag:x,2000:\n---\ntitle: a\n", 2),
    ],
    ids=["undefined tag handle", "undefined alias", "duplicate anchor", "duplicate tag handle"],
)
def test_yaml_messages_quote_values_cut_short(
    document: str, line: int, yaml_loader: str, write_dataset
) -> None:
    path = write_dataset(document)
    result = CliRunner().invoke(app, ["validate", "--json", str(path)])
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["line"] == line
    assert len(problem["message"]) < 200, problem["message"]
    assert "\n" not in problem["message"]
    refused = CliRunner().invoke(app, ["--data", str(path), "causes"])
    assert_one_line_refusal(refused.stderr, re.escape(str(path)) + r"(:\d+:\d+)?: .*")


NOT_ALLOWED_IN_YAML = st.sampled_from(
    [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0x85))]
    + [chr(c) for c in range(0x86, 0xA0)]
    + ["\ufffe", "\uffff"]
)


@settings(max_examples=300, deadline=None)
@given(character=NOT_ALLOWED_IN_YAML, index=st.integers(0, len(BUNDLED)))
def test_a_forbidden_character_anywhere_is_located_at_its_own_line_and_column(
    character: str, index: int
) -> None:
    text = BUNDLED[:index] + character + BUNDLED[index:]
    with pytest.raises(dyscalc.DatasetError) as raised:
        parse_dataset(text.encode("utf-8"), "edited.yaml")
    line, column = line_and_column(text, index)
    code = ord(character)
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    assert str(raised.value.problems[0]) == (
        f"edited.yaml:{line}:{column}: the character U+{code:04X} is not allowed in YAML "
        f"(inside double quotes, write it as {escape})"
    )


# -- inputs that never end, or are too large ----------------------------------------------


def _dyscalc(*args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyscalc", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=timeout,
        check=False,
    )


LIMIT = (
    r"the (64|1) MiB limit for a dataset file "
    r"\(set DYSCALC_MAX_DATASET_MB to a number of MiB to raise it\)"
)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("command", [["causes", "--json"], ["info"]], ids=" ".join)
def test_an_endless_input_is_refused_at_the_size_limit(command: list[str]) -> None:
    result = _dyscalc("--data", "/dev/zero", *command)
    assert (result.returncode, result.stdout) == (1, "")
    assert_one_line_refusal(result.stderr, rf"/dev/zero: is larger than {LIMIT}")
    validated = _dyscalc("validate", "--json", "/dev/zero")
    assert (validated.returncode, validated.stderr) == (1, "")
    assert re.fullmatch(
        f"is larger than {LIMIT}", json.loads(validated.stdout)["problems"][0]["message"]
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_the_limit_can_be_raised_and_lowered(write_dataset) -> None:
    lowered = _dyscalc("--data", "/dev/zero", "causes", DYSCALC_MAX_DATASET_MB="1")
    assert_one_line_refusal(lowered.stderr, rf"/dev/zero: is larger than {LIMIT}")
    big = write_dataset(BUNDLED + "#" * (1024 * 1024) + "\n")
    assert _dyscalc("--data", str(big), "causes", DYSCALC_MAX_DATASET_MB="1").returncode == 1
    assert _dyscalc("--data", str(big), "causes", DYSCALC_MAX_DATASET_MB="2").returncode == 0


def test_a_large_regular_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.yaml"
    with sparse.open("wb") as file:
        file.truncate(1 << 40)  # a terabyte that takes no disk space, and no time unless read
    result = CliRunner().invoke(app, ["--data", str(sparse), "causes"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert_one_line_refusal(
        result.stderr, rf"{re.escape(str(sparse))}: is 1048576\.0 MiB, larger than {LIMIT}"
    )


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5", "9" * 5000, "\u0665"])
def test_a_nonsense_size_limit_is_a_usage_error(value: str) -> None:
    result = CliRunner().invoke(app, ["causes"], env={"DYSCALC_MAX_DATASET_MB": value})
    assert (result.exit_code, result.stdout) == (2, "")
    assert_one_line_refusal(
        result.stderr,
        r"dyscalc: error: DYSCALC_MAX_DATASET_MB must be a whole number of MiB, such as 256, "
        r"not .*",
    )


@pytest.mark.parametrize(
    "error",
    [ValueError("invalid literal"), RecursionError("maximum recursion depth exceeded")],
    ids=["ValueError", "RecursionError"],
)
def test_whatever_building_the_dataset_raises_is_a_dataset_error(
    error: Exception, monkeypatch: pytest.MonkeyPatch, write_dataset
) -> None:
    # The checker locates every problem it knows of; load() still promises DatasetError
    # and nothing else for one it does not.
    def fail(*_: object) -> None:
        raise error

    monkeypatch.setattr("dyscalc.dataset_checker.build_dataset", fail)
    path = write_dataset(BUNDLED)
    with pytest.raises(dyscalc.DatasetError) as raised:
        dyscalc.load(path, use_cache=False)
    assert str(raised.value) == f"{path}: the dataset cannot be read: {error}"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "'': the dataset path is empty"),
        ("a\0b.yaml", "a\0b.yaml: cannot be read (embedded null byte)"),
        ("x" * 5000, "x" * 5000 + ": cannot be read (File name too long)"),
    ],
    ids=["empty", "NUL in the path", "name too long"],
)
def test_the_python_api_refuses_impossible_paths_with_dataset_error(
    path: str, message: str
) -> None:
    with pytest.raises(dyscalc.DatasetError) as raised:
        dyscalc.load(path)
    assert str(raised.value) == message


def test_the_readme_states_the_limit_the_loader_applies() -> None:
    from dyscalc.loader import DEFAULT_SIZE_LIMIT_MIB, SIZE_LIMIT_VARIABLE

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"A dataset file may be at most {DEFAULT_SIZE_LIMIT_MIB} MiB" in readme
    assert f"`{SIZE_LIMIT_VARIABLE}=" in readme


# -- hostile arguments and environment ------------------------------------------------
# (case, arguments, environment, exit code, the one stderr line as a pattern)

HUGE = "x" * 1_000_000
ARGUMENTS: list[tuple[str, list[str], dict[str, str], int, str]] = [
    ("unknown id", ["show", "nope"], {}, 1, r"dyscalc: error: no entry with id 'nope'"),
    (
        "a megabyte id",
        ["show", HUGE],
        {},
        1,
        r"dyscalc: error: no entry with id 'x{60}'\u2026",
    ),
    (
        "a megabyte id close to a real one",
        ["show", "trauma" * 200_000],
        {},
        1,
        r"dyscalc: error: no entry with id '(trauma){10}'\u2026",
    ),
    (
        "a megabyte topic",
        ["explain", HUGE],
        {},
        2,
        r"dyscalc: error: unknown topic 'x{60}'\u2026 \(choose from: definition, .*\)",
    ),
    (
        "a megabyte source",
        ["causes", "--source", HUGE],
        {},
        2,
        r"dyscalc: error: Invalid value for '--source' / '-s': 'x{60}'\u2026 is not one of .*",
    ),
    (
        "a megabyte schema name",
        ["schema", HUGE],
        {},
        2,
        r"dyscalc: error: no schema for 'x{60}'\u2026 \(choose from: .*\)",
    ),
    (
        "a megabyte command",
        [HUGE],
        {},
        2,
        r"dyscalc: error: No such command 'x{60}'\u2026",
    ),
    ("an empty --data", ["--data", "", "causes"], {}, 2, r"dyscalc: error: .*'--data'.*empty.*"),
    ("an empty PATH to validate", ["validate", ""], {}, 2, r"dyscalc: error: .*PATH.*empty.*"),
    (
        "an empty DYSCALC_DATA means none",
        ["show", "nope"],
        {"DYSCALC_DATA": ""},
        1,
        r"dyscalc: error: no entry with id 'nope'",
    ),
    (
        "a directory as --data",
        ["--data", "/", "causes"],
        {},
        1,
        r"/: is a directory, not a dataset file",
    ),
]


@pytest.mark.parametrize(
    ("args", "env", "exit_code", "stderr"),
    [case[1:] for case in ARGUMENTS],
    ids=[case[0] for case in ARGUMENTS],
)
def test_hostile_arguments_are_refused_in_one_readable_line(
    args: list[str], env: dict[str, str], exit_code: int, stderr: str
) -> None:
    result = CliRunner().invoke(app, args, env=env)
    assert (result.exit_code, result.stdout) == (exit_code, "")
    assert_one_line_refusal(result.stderr, stderr + ".*")


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [("show", {"id": HUGE}), ("explain", {"topic": HUGE}), ("causes", {"source": HUGE})],
    ids=["show", "explain", "causes"],
)
def test_the_mcp_server_refuses_a_megabyte_argument_in_one_readable_line(
    tool: str, arguments: dict[str, str]
) -> None:
    import anyio
    from mcp import Client

    from dyscalc.mcp_server import build_server

    async def ask() -> str:
        async with Client(build_server(dyscalc.load()), mode="legacy") as client:
            result = await client.call_tool(tool, arguments)
            assert result.is_error is True
            (block,) = result.content
            return str(getattr(block, "text", ""))

    assert_one_line_refusal(anyio.run(ask) + "\n", r"dyscalc: error: .*'x{60}'\u2026.*")


def test_an_unreadable_dataset_is_a_dataset_error_in_dyscalcs_words(
    write_dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(BUNDLED)

    def refuse(file: Path, *_: object) -> None:
        raise PermissionError(13, "Permission denied", str(file))

    # As a user without read permission sees it (tests may run as root, who reads all):
    # access() says no, and so does open().
    monkeypatch.setattr(os, "access", lambda *_, **__: False)
    monkeypatch.setattr("dyscalc.loader.open", refuse, raising=False)
    for args in (["--data", str(path), "causes"], ["validate", str(path)]):
        result = CliRunner().invoke(app, args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.splitlines()[0] == f"{path}: cannot be read (permission denied)"


@pytest.mark.parametrize("value", ["", "0", "false", "False", "no", "NO", "off", "n", "f"])
def test_dyscalc_debug_set_to_a_false_value_keeps_tracebacks_off(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("dyscalc.queries.entries.causes", explode)
    result = CliRunner().invoke(app, ["causes"], env={"DYSCALC_DEBUG": value})
    assert result.exit_code == 1
    assert result.stderr == "dyscalc: internal error: RuntimeError: boom (--debug shows more)\n"


@pytest.mark.parametrize("value", ["1", "true", "yes", "on", "Y"])
def test_dyscalc_debug_set_to_a_true_value_shows_the_traceback(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("dyscalc.queries.entries.causes", explode)
    result = CliRunner().invoke(app, ["causes"], env={"DYSCALC_DEBUG": value})
    assert isinstance(result.exception, RuntimeError)


def _synthetic_ids(count: int) -> list[str]:
    return [f"entry-{number}" for number in range(count)] + [
        "infection",
        "previous-infections",
        "trauma",
    ]


@pytest.mark.parametrize("length", [50, 150, 199, 200, 201, 10_000, 1_000_000])
def test_did_you_mean_does_bounded_work_on_a_long_guess(
    length: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import difflib

    from dyscalc.queries.common import close_matches

    full_comparisons = 0
    ratio = difflib.SequenceMatcher.ratio

    def counting(matcher: difflib.SequenceMatcher[str]) -> float:
        nonlocal full_comparisons
        full_comparisons += 1
        return ratio(matcher)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counting)
    # Against 20,000 ids, a long guess costs no quadratic comparison at all.
    assert close_matches("entry-1" * (length // 7 + 1), _synthetic_ids(20_000)) == []
    assert full_comparisons == 0


def test_did_you_mean_does_no_quadratic_work_against_long_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import difflib

    from dyscalc.queries.common import close_matches

    calls = 0
    ratio = difflib.SequenceMatcher.ratio

    def counting(matcher: difflib.SequenceMatcher[str]) -> float:
        nonlocal calls
        calls += 1
        return ratio(matcher)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counting)
    long_ids = [f"{n}-" + "a" * 5000 for n in range(50)]  # a dataset may hold such ids
    assert close_matches("b" + "a" * 5000, long_ids) == []
    assert calls == 0


def test_did_you_mean_still_suggests_close_ids_among_many() -> None:
    from dyscalc.queries.common import close_matches

    ids = _synthetic_ids(20_000)
    assert close_matches("infektion", ids)[:2] == ["infection", "previous-infections"]
    assert close_matches("trauma", ids)[0] == "trauma"
    assert close_matches("entry-19999x", ids)[0] == "entry-19999"
