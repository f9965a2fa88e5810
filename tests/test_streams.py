"""The standard streams as users leave them: closed, full, read by a reader that leaves
early, or in a locale narrower than UTF-8. Real processes, real file descriptors, each
with a timeout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_dataset import dataset_text  # noqa: E402

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file descriptors")

COMMANDS = [
    ["info"],
    ["info", "--json"],
    ["causes", "-f", "csv"],
    ["causes", "-f", "jsonl"],
    ["overview"],
    ["explain", "mechanism", "-f", "markdown"],
    ["export"],
    ["schema", "causes"],
    ["validate"],
    ["--version"],
    ["--help"],
    ["causes", "--help"],
]


def _dyscalc(
    args: list[str], *, preexec: Callable[[], None] | None = None, **options: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "dyscalc", *args],
        preexec_fn=preexec,
        timeout=60,
        check=False,
        **{"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options},
    )


def _close(descriptor: int) -> Callable[[], None]:
    return lambda: os.close(descriptor)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_closed_stdout_is_one_line_and_exit_1(args: list[str]) -> None:
    result = _dyscalc(args, stdout=None, preexec=_close(1))
    assert result.returncode == 1
    assert result.stderr == b"dyscalc: error: cannot write the output (Bad file descriptor)\n"


def test_a_closed_stdout_does_not_hide_an_error_of_its_own() -> None:
    result = _dyscalc(["show", "nope"], stdout=None, preexec=_close(1))
    assert result.returncode == 1
    assert result.stderr.startswith(b"dyscalc: error: no entry with id 'nope'")


@pytest.mark.parametrize(
    ("args", "code"), [(["causes", "--json"], 0), (["show", "nope"], 1), (["explain", "x"], 2)]
)
def test_a_closed_stderr_keeps_the_answer_and_the_exit_status(args: list[str], code: int) -> None:
    result = _dyscalc(args, stderr=None, preexec=_close(2))
    assert result.returncode == code
    if code == 0:
        assert len(json.loads(result.stdout)) == 13
    else:
        assert result.stdout == b""


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_reader_gone_before_the_first_write_is_exit_0_and_silent(args: list[str]) -> None:
    reading, writing = os.pipe()
    os.close(reading)  # every write now fails with EPIPE
    try:
        result = _dyscalc(args, stdout=writing)
    finally:
        os.close(writing)
    assert (result.returncode, result.stderr) == (0, b"")


@pytest.fixture(scope="module")
def big_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text(dataset_text(3000), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [["causes"], ["causes", "--json"], ["causes", "-f", "csv"], ["overview"], ["export"]],
    ids=" ".join,
)
def test_a_reader_that_leaves_midway_gets_the_same_exit_0_for_every_format(
    big_dataset: Path, args: list[str]
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "dyscalc", "--data", str(big_dataset), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.read(10)  # the answer is more than a pipe holds: it is still writing
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_is_one_line_and_exit_1(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = _dyscalc(args, stdout=full)
    assert result.returncode == 1
    assert result.stderr == b"dyscalc: error: cannot write the output (No space left on device)\n"


NON_ASCII = "Tr\u00e4uma \u2013 \u00e9t\u00e9 \U0001f9b4"


@pytest.fixture(scope="module")
def unicode_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = (ROOT / "data" / "calcifications.yaml").read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("unicode") / "unicode.yaml"
    cause = "  - id: trauma\n    name: Trauma\n"
    named = cause.replace("Trauma", f'"{NON_ASCII}"')
    path.write_text(text.replace(cause, named), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "locale",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}, {"PYTHONIOENCODING": "latin-1"}],
    ids=["ascii", "C locale", "latin-1"],
)
@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv"])
def test_formats_for_scripts_are_utf8_whatever_the_locale(
    unicode_dataset: Path, locale: dict[str, str], output_format: str
) -> None:
    result = _dyscalc(
        ["--data", str(unicode_dataset), "causes", "-f", output_format],
        env={**os.environ, "PYTHONUTF8": "0", **locale},
    )
    assert (result.returncode, result.stderr) == (0, b"")
    text = result.stdout.decode("utf-8")  # strict: every byte is UTF-8
    assert NON_ASCII in text
    assert "\\u" not in text


@pytest.mark.parametrize("locale", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}])
def test_export_is_a_utf8_dataset_whatever_the_locale(
    unicode_dataset: Path, locale: dict[str, str], tmp_path: Path
) -> None:
    environment = {**os.environ, "PYTHONUTF8": "0", **locale}
    result = _dyscalc(["--data", str(unicode_dataset), "export"], env=environment)
    exported = tmp_path / "exported.yaml"
    exported.write_bytes(result.stdout)
    # libyaml writes characters beyond the BMP as escapes such as \U0001F9B4, whatever
    # the locale; every other character is written as itself.
    assert NON_ASCII.split(" \U0001f9b4")[0] in exported.read_text(encoding="utf-8")
    shown = _dyscalc(["--data", str(exported), "show", "trauma", "--json"])
    assert json.loads(shown.stdout)["name"] == NON_ASCII


def test_the_readme_states_the_closed_pipe_policy() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "stops writing and exits 0, with nothing on stderr, whatever the format" in readme
    assert "`dyscalc: error: cannot write the output (...)`, and exit 1" in readme
