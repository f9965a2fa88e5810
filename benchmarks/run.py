"""Benchmark dyscalc against bare Typer apps and a plain CSafeLoader script, side by side.

    python benchmarks/run.py                 # the full suite, a markdown report on stdout
    python benchmarks/run.py --quick         # fewer runs and sizes, for a first look
    python benchmarks/run.py --output run.md   # the report, for docs/performance.md

Each pair of commands runs alternately (A B A B ...) after a warm-up, so that a noisy
machine slows both sides alike; the report gives medians, the ratio of each pair and each
process's peak RSS (from os.wait4). Run it from a checkout with dyscalc installed in the
current Python. A separate virtual environment with Typer 0.28.0 is made once under the
work folder, for the fixed reference floor. This is not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_dataset import dataset_text

REFERENCE_TYPER = "0.28.0"
# Below this, time above start-up is lost in the noise of start-up itself: no ratio.
_NOISE = 0.020

JSON_FLOOR = """
import json
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    rows = [{"id": f"cause-{i}", "kind": "cause", "name": "Cause name", "source": "research",
             "citations": [2, 5], "examples": [], "description": "A description of it.",
             "category": "category"} for i in range(6)]
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    app()
"""

TABLE_FLOOR = """
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Causes", show_lines=True)
    for column in ("Name / ID", "Source", "Citations", "Details"):
        table.add_column(column)
    for i in range(13):
        table.add_row(f"Cause {i}\\ncause-{i}", "research", "2, 5", "A description of it. " * 3)
    Console().print(table)


if __name__ == "__main__":
    app()
"""

LOAD_SCRIPT = """
import json
import sys

import yaml

with open(sys.argv[1], "rb") as file:
    data = yaml.load(file, Loader=yaml.CSafeLoader)
print(json.dumps(data))
"""


@dataclass
class Timing:
    label: str
    seconds: list[float]
    peak_rss_kib: list[int]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def rss(self) -> int:
        return max(self.peak_rss_kib)


# Linux keeps a process's peak RSS across fork and exec, so a command spawned straight
# from this script would report at least this script's size. Commands are spawned instead
# by a small runner process (python -I -S, about 8 MiB), which times each one and reads
# its peak RSS from os.wait4.
RUNNER = """
import json, os, sys, time
for line in sys.stdin:
    command, env = json.loads(line)
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execve(command[0], command, env)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    print(json.dumps([elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]), flush=True)
"""


class Runner:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", RUNNER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, command: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        executable = shutil.which(command[0]) or command[0]
        self.process.stdin.write(json.dumps([[executable, *command[1:]], env]) + "\n")
        self.process.stdin.flush()
        elapsed, peak_rss_kib, exit_code = json.loads(self.process.stdout.readline())
        if exit_code != 0:
            raise SystemExit(f"benchmark command failed ({exit_code}): {' '.join(command)}")
        return float(elapsed), int(peak_rss_kib)


@functools.cache
def runner() -> Runner:
    """The one runner process, started on first use."""
    return Runner()


def run_once(command: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    return runner().run(command, env)


def alternate(
    pairs: Sequence[tuple[str, Sequence[str], dict[str, str]]],
    runs: int,
    before_each: dict[str, object] | None = None,
) -> list[Timing]:
    """Run the commands in turn, `runs` rounds after one warm-up round."""
    timings = [Timing(label, [], []) for label, _, _ in pairs]
    for round_number in range(runs + 1):
        for timing, (label, command, env) in zip(timings, pairs, strict=True):
            prepare = (before_each or {}).get(label)
            if callable(prepare):
                prepare()
            elapsed, rss = run_once(command, env)
            if round_number:  # round 0 warms caches and the disk
                timing.seconds.append(elapsed)
                timing.peak_rss_kib.append(rss)
    return timings


def reference_python(work: Path) -> Path:
    """A venv with Typer 0.28.0 alone (made once, reused on later runs)."""
    venv = work / f"typer-{REFERENCE_TYPER}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"typer=={REFERENCE_TYPER}"],
            check=True,
        )
    return python


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def pair_rows(timings: list[Timing], baseline: Timing) -> list[str]:
    rows = []
    for timing in timings:
        ratio = timing.median / baseline.median
        rss_ratio = timing.rss / baseline.rss
        rows.append(
            f"| {timing.label} | {ms(timing.median)} | {ratio:.2f} | "
            f"{timing.rss / 1024:.1f} MiB | {rss_ratio:.2f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed rounds per pair (>= 15)")
    parser.add_argument("--sizes", default="1000,5000,20000,100000")
    parser.add_argument(
        "--big-runs", type=int, default=5, help="timed rounds at 20,000 entries and above"
    )
    parser.add_argument("--quick", action="store_true", help="5 runs, sizes 1000 and 5000")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "dyscalc-bench")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    options = parser.parse_args()
    if options.quick:
        options.runs, options.sizes, options.big_runs = 5, "1000,5000", 3
    sizes = [int(size) for size in options.sizes.split(",")]

    work: Path = options.work
    work.mkdir(parents=True, exist_ok=True)
    beside_python = Path(sys.executable).parent / "dyscalc"
    dyscalc = str(beside_python) if beside_python.exists() else shutil.which("dyscalc")
    if dyscalc is None:
        sys.exit("dyscalc is not installed in this environment")
    python = sys.executable
    (work / "json_floor.py").write_text(JSON_FLOOR)
    (work / "table_floor.py").write_text(TABLE_FLOOR)
    (work / "load_yaml.py").write_text(LOAD_SCRIPT)
    reference = str(reference_python(work))
    # An installed package has its bytecode compiled; an editable checkout under
    # PYTHONDONTWRITEBYTECODE would otherwise recompile dyscalc on every run.
    import dyscalc as package

    subprocess.run(
        [python, "-m", "compileall", "-q", str(Path(package.__file__).parent)], check=True
    )

    cache_home = work / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "NO_COLOR": "1", "COLUMNS": "100"}
    report = [
        "# dyscalc performance",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"Typer {_version('typer')}, rich {_version('rich')}, PyYAML {_version('pyyaml')}.",
        f"Command: `{' '.join(['python', 'benchmarks/run.py', *sys.argv[1:]])}`. "
        f"Medians of {options.runs} alternating runs after a warm-up; ratios are against "
        "the first row of each table, measured in the same run.",
        "",
    ]

    def section(title: str, rows: list[str]) -> None:
        report.extend([f"## {title}", "", "| command | median | ratio | peak RSS | RSS ratio |"])
        report.append("|---|---|---|---|---|")
        report.extend(rows)
        report.append("")

    json_answer = [dyscalc, "causes", "--source", "research", "--json"]
    json_startup = [dyscalc, "causes", "--json"]
    timings = alternate(
        [
            ("JSON floor: one-command Typer app", [python, str(work / "json_floor.py")], env),
            ("`dyscalc causes --source research --json`", json_answer, env),
            (
                f"JSON floor on Typer {REFERENCE_TYPER}",
                [reference, str(work / "json_floor.py")],
                env,
            ),
            ("`dyscalc --help`", [dyscalc, "--help"], env),
        ],
        options.runs,
    )
    section("Start-up: the JSON answer", pair_rows(timings, timings[0]))
    report.append(
        f"JSON answer / Typer {REFERENCE_TYPER} floor: "
        f"{timings[1].median / timings[2].median:.2f}; `--help` / JSON answer: "
        f"{timings[3].median / timings[1].median:.2f}."
    )
    report.append("")

    timings = alternate(
        [
            (
                "table floor: one-command Typer app, rich table of 13 rows",
                [python, str(work / "table_floor.py")],
                env,
            ),
            ("`dyscalc causes`", [dyscalc, "causes"], env),
        ],
        options.runs,
    )
    section("Start-up: the table answer", pair_rows(timings, timings[0]))

    # The first runs get a cache of their own, emptied before each: emptying the shared one
    # would make every other command of the round a first run too.
    first_run_cache = work / "cache-first-run"
    first_run_env = {**env, "XDG_CACHE_HOME": str(first_run_cache)}

    def clear_cache() -> None:
        shutil.rmtree(first_run_cache, ignore_errors=True)

    growth: list[tuple[int, float]] = []
    for size in sizes:
        path = work / f"dataset-{size}.yaml"
        if not path.exists():
            path.write_text(dataset_text(size), encoding="utf-8")
        runs = options.runs if size < 20_000 else options.big_runs
        data = ["--data", str(path)]

        timings = alternate(
            [
                (
                    "CSafeLoader script: load, print JSON",
                    [python, str(work / "load_yaml.py"), str(path)],
                    env,
                ),
                (
                    "`causes --json`, first run (no cache)",
                    [dyscalc, *data, "causes", "--json"],
                    first_run_env,
                ),
                ("`causes --json`, repeated", [dyscalc, *data, "causes", "--json"], env),
                ("`causes --json`, bundled dataset (start-up)", json_startup, env),
                (
                    "`search inflam --json`, repeated",
                    [dyscalc, *data, "search", "inflam", "--json"],
                    env,
                ),
            ],
            runs,
            before_each={"`causes --json`, first run (no cache)": clear_cache},
        )
        # The warm-up round fills the shared cache: the repeated runs are served from it.
        section(f"{size:,} entries ({runs} runs)", pair_rows(timings, timings[0]))
        growth.append((size, timings[2].median - timings[3].median))

    report.extend(
        [
            "## Growth",
            "",
            "Time of repeated `causes --json` above start-up (the same command on the bundled "
            "dataset, measured in the same rounds), and its growth against the previous size. "
            "'Per 4x entries' scales the time ratio to a 4x step, assuming time grows as a "
            "power of the entries: 4.0 is linear.",
            "",
            "| entries | above start-up | entries ratio | time ratio | per 4x entries |",
            "|---|---|---|---|---|",
        ]
    )
    previous: tuple[int, float] | None = None
    for size, above in growth:
        if previous is None:
            report.append(f"| {size:,} | {ms(above)} | | | |")
        elif previous[1] < _NOISE:
            report.append(f"| {size:,} | {ms(above)} | | | (previous size within start-up noise) |")
        else:
            entries_ratio = size / previous[0]
            time_ratio = above / previous[1]
            per_four = time_ratio ** (math.log(4) / math.log(entries_ratio))
            report.append(
                f"| {size:,} | {ms(above)} | {entries_ratio:.1f} | {time_ratio:.2f} | "
                f"{per_four:.2f} |"
            )
        previous = (size, above)
    text = "\n".join(report) + "\n"
    sys.stdout.write(text)
    if options.output:
        options.output.write_text(text, encoding="utf-8")


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


if __name__ == "__main__":
    main()
