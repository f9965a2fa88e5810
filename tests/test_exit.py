"""How a run ends: a finished command leaves with os._exit, skipping the interpreter's
teardown (docs/performance.md), unless something still has to run at exit.

Each run here is a real process with a probe installed by a sitecustomize module: an
object whose finalizer writes "teardown" to stderr, which only the interpreter's normal
teardown calls. The probe can also register an atexit handler or start a thread."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import atexit, builtins, os, threading, time


class _TeardownProbe:
    def __del__(self, write=os.write):
        write(2, b"teardown\\n")


builtins._teardown_probe = _TeardownProbe()
extra = os.environ.get("PROBE_AT_EXIT")
if extra == "atexit":
    atexit.register(os.write, 2, b"atexit handler ran\\n")
elif extra == "thread":

    def outlive_the_main_thread():
        while threading.main_thread().is_alive():
            time.sleep(0.01)
        os.write(2, b"thread finished\\n")

    threading.Thread(target=outlive_the_main_thread).start()
"""

CONSOLE_SCRIPT = str(Path(sys.executable).with_name("dyscalc"))
ENTRY_POINTS = {
    "console script": [CONSOLE_SCRIPT],
    "python -m dyscalc": [sys.executable, "-m", "dyscalc"],
}


def _run(
    tmp_path: Path, command: list[str], extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "sitecustomize.py").write_text(PROBE, encoding="utf-8")
    env = {
        name: value
        for name, value in os.environ.items()
        # Subprocess coverage would register its own atexit handler.
        if not name.startswith(("COVERAGE_", "COV_CORE_", "PYTHON", "DYSCALC_"))
    }
    env.update(PYTHONPATH=str(tmp_path), **(extra_env or {}))
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
@pytest.mark.parametrize(
    ("args", "exit_code"),
    [(["causes", "--json"], 0), (["show", "nope"], 1), (["explain", "nope"], 2)],
)
def test_a_finished_run_skips_the_teardown_and_keeps_its_output_and_exit_code(
    tmp_path: Path, entry_point: str, args: list[str], exit_code: int
) -> None:
    result = _run(tmp_path, [*ENTRY_POINTS[entry_point], *args])
    assert result.returncode == exit_code
    assert "teardown" not in result.stderr
    if exit_code == 0:
        assert len(json.loads(result.stdout)) == 13
        assert result.stderr == ""
    else:
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("command", "extra_env", "before_teardown"),
    [
        ([CONSOLE_SCRIPT, "--debug", "causes", "--json"], {}, []),
        ([CONSOLE_SCRIPT, "causes", "--json"], {"DYSCALC_DEBUG": "1"}, []),
        ([CONSOLE_SCRIPT, "causes", "--json"], {"PROBE_AT_EXIT": "atexit"}, ["atexit handler ran"]),
        ([CONSOLE_SCRIPT, "causes", "--json"], {"PROBE_AT_EXIT": "thread"}, ["thread finished"]),
        (
            [sys.executable, "-c", "import dyscalc.__main__ as e; e.main()", "causes", "--json"],
            {},
            [],
        ),
    ],
    ids=["--debug", "DYSCALC_DEBUG", "an atexit handler", "a running thread", "main() called"],
)
def test_the_normal_exit_is_kept_when_something_needs_it(
    tmp_path: Path, command: list[str], extra_env: dict[str, str], before_teardown: list[str]
) -> None:
    result = _run(tmp_path, command, extra_env)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 13
    assert result.stderr.splitlines() == [*before_teardown, "teardown"]
