"""Benchmark dyscalc against what a user could run instead, and check every target of
issue 14 in one run.

    python benchmarks/run.py                  # every target (10-20 minutes on 2 quiet cores)
    python benchmarks/run.py --quick          # fewer runs, up to 10,000 entries: a first look
    python benchmarks/run.py --big            # also a round at 1,000,000 entries (~10 GiB RAM)
    python benchmarks/run.py --output run.md  # also write the report to a file

What it compares, each time in the same run on the same machine:
- floors: one-command Typer apps (the Typer dyscalc runs on) that print the same JSON
  as `dyscalc causes --source research --json`, or a rich table of the same 13 causes;
- a plain script that loads a dataset with PyYAML's C loader, the garbage collector off
  as in dyscalc, and prints it as JSON;
- `jq .causes` over the file `dyscalc export --format json` wrote.

Commands of a group run alternately (A B C A B C ...) after one warm-up round, so a busy
machine slows every side alike; a ratio is the ratio of two medians of such paired runs.
Where a ratio lands within 5 % of its target, the pair runs again, twice as often, and the
ratio is taken over all its runs. Peak RSS comes from os.wait4. Absolute times vary from
machine to machine and with load (the load average is in the report): read the ratios.
This is not a test: it asserts nothing, and the suite never runs it.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_dataset import dataset_text

CLOSE = 0.05  # a ratio this near its target gets more runs
JSON_ANSWER = ["causes", "--source", "research", "--json"]
SHOWN_ID = "systemic-disorders"

JSON_FLOOR = """
import json

import typer

ANSWER = {answer!r}

app = typer.Typer()


@app.command()
def main() -> None:
    print(json.dumps(ANSWER, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    app()
"""

TABLE_FLOOR = """
import typer

ROWS = {rows!r}

app = typer.Typer()


@app.command()
def main() -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Causes of dystrophic calcification", show_lines=True)
    for column in ("Name / ID", "Source", "Citations", "Details"):
        table.add_column(column)
    for row in ROWS:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    app()
"""

LOAD_SCRIPT = """
import gc

gc.disable()  # as dyscalc does: a fair baseline

import json
import sys

import yaml

with open(sys.argv[1], "rb") as file:
    data = yaml.load(file, Loader=yaml.CSafeLoader)
print(json.dumps(data))
"""

# The parts of a JSON answer: wrapper scripts that each do one step more than the last.
# All but the last end with os._exit, as dyscalc does; the last differs from the one
# before only in taking the interpreter's normal exit (an atexit handler asks for it).
PART_START = "import os\nos._exit(0)\n"
PART_IMPORTS = """
import gc, os, sys
gc.disable()  # as dyscalc's main() does before its imports
for name in {modules!r}:
    try:
        __import__(name)  # not importlib.import_module, which -X importtime does not see
    except Exception:
        pass
sys.stdout.flush()
os._exit(0)
"""
PART_RUN = """
import sys
{before}
from dyscalc.__main__ import main
sys.argv = ["dyscalc", *{args!r}]
main()
"""
LIST_MODULES = """
import atexit, sys
from dyscalc.__main__ import main
atexit.register(lambda: sys.stderr.write("\\n".join(sys.modules) + "\\n"))
sys.argv = ["dyscalc", *{args!r}]
main()
"""


@dataclass
class Command:
    label: str
    argv: list[str]
    env: dict[str, str]
    prepare: Callable[[], None] | None = None


@dataclass
class Timing:
    label: str
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # user + system
    peak_rss_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_seconds)

    @property
    def rss(self) -> float:
        return statistics.median(self.peak_rss_kib)


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
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps([elapsed, cpu, usage.ru_maxrss, code]), flush=True)
"""


class Runner:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", RUNNER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, command: Sequence[str], env: dict[str, str]) -> tuple[float, float, int]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        executable = shutil.which(command[0]) or command[0]
        self.process.stdin.write(json.dumps([[executable, *command[1:]], env]) + "\n")
        self.process.stdin.flush()
        elapsed, cpu, peak_rss_kib, exit_code = json.loads(self.process.stdout.readline())
        if exit_code != 0:
            raise SystemExit(f"benchmark command failed ({exit_code}): {' '.join(command)}")
        return float(elapsed), float(cpu), int(peak_rss_kib)


@functools.cache
def runner() -> Runner:
    """The one runner process, started on first use."""
    return Runner()


def alternate(commands: Sequence[Command], runs: int, *, warm_up: bool = True) -> list[Timing]:
    """Run the commands in turn, `runs` rounds (after one warm-up round)."""
    timings = [Timing(command.label) for command in commands]
    for round_number in range(runs + 1 if warm_up else runs):
        for timing, command in zip(timings, commands, strict=True):
            if command.prepare is not None:
                command.prepare()
            elapsed, cpu, rss = runner().run(command.argv, command.env)
            if round_number or not warm_up:
                timing.seconds.append(elapsed)
                timing.cpu_seconds.append(cpu)
                timing.peak_rss_kib.append(rss)
    return timings


# The targets, in its order: (key, measure, the most the ratio may be).
TARGETS = [
    ("json", "JSON answer / JSON floor", 0.90),
    ("table", "table answer (`causes`) / table floor", 0.90),
    ("help", "`--help` / JSON floor", 0.95),
    ("complete", "TAB completion of ids / JSON floor", 0.95),
    ("show", f"`show {SHOWN_ID}` / table floor", 1.0),
    ("citations", "`citations` / table floor", 1.0),
    ("compare", "`compare` / table floor", 1.0),
    ("overview", "`overview` / table floor", 1.0),
    ("first-5000", "5,000 entries, first run / CSafeLoader script", 1.2),
    ("repeated-5000", "5,000 entries, repeated `causes --json` / CSafeLoader script", 0.5),
    ("search-5000", "5,000 entries, repeated `search` / CSafeLoader script", 0.5),
    ("jq-100000", "100,000 entries, repeated `causes --json` / `jq .causes`", 1.0),
    ("growth-first-1000", "growth per 10x entries, first runs, 1,000 → 10,000", 11.0),
    ("growth-first-10000", "growth per 10x entries, first runs, 10,000 → 100,000", 11.0),
    ("growth-repeated-1000", "growth per 10x entries, repeated runs, 1,000 → 10,000", 11.0),
    ("growth-repeated-10000", "growth per 10x entries, repeated runs, 10,000 → 100,000", 11.0),
    ("rss", "peak RSS of a JSON answer / JSON floor", 1.10),
]


@dataclass
class Measured:
    ratio: float
    pairs: int = 0  # 0: not a ratio of paired runs
    cpu_ratio: float | None = None  # the same ratio in CPU time (user + system)


class Bench:
    """The machine's commands and settings, and what has been measured so far."""

    def __init__(self, options: argparse.Namespace, dyscalc: str) -> None:
        self.options = options
        self.dyscalc = dyscalc
        self.python = sys.executable
        self.work: Path = options.work
        self.env = {
            **os.environ,
            "XDG_CACHE_HOME": str(self.work / "cache"),
            "NO_COLOR": "1",
            "COLUMNS": "100",
        }
        for name in ("DYSCALC_DATA", "DYSCALC_DEBUG", "DYSCALC_NO_CACHE"):
            self.env.pop(name, None)
        self.measured: dict[str, Measured] = {}
        self.notes: dict[str, str] = {}
        self.sections: list[str] = []
        self.growth_rows: list[str] = []

    def command(self, label: str, args: Sequence[str], **extra_env: str) -> Command:
        return Command(label, [self.dyscalc, *args], {**self.env, **extra_env})

    def progress(self, message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}, load {load_average()}] {message}", file=sys.stderr)

    def ratio(
        self,
        key: str,
        timings: dict[str, Timing],
        numerator: Command,
        denominator: Command,
        runs: int,
    ) -> None:
        """Record a ratio of medians; near its limit, run the pair again, twice as often."""
        limit = LIMITS[key]
        top, bottom = timings[numerator.label], timings[denominator.label]
        tops, bottoms = list(top.seconds), list(bottom.seconds)
        top_cpu, bottom_cpu = list(top.cpu_seconds), list(bottom.cpu_seconds)
        ratio = statistics.median(tops) / statistics.median(bottoms)
        if abs(ratio / limit - 1) < CLOSE:
            self.progress(f"{key}: {ratio:.3f} is near {limit}: {2 * runs} more pairs")
            more = alternate([numerator, denominator], 2 * runs, warm_up=False)
            tops += more[0].seconds
            bottoms += more[1].seconds
            top_cpu += more[0].cpu_seconds
            bottom_cpu += more[1].cpu_seconds
            ratio = statistics.median(tops) / statistics.median(bottoms)
        cpu_ratio = statistics.median(top_cpu) / statistics.median(bottom_cpu)
        self.measured[key] = Measured(ratio, len(tops), cpu_ratio)

    def table(self, title: str, timings: dict[str, Timing], baseline: str) -> None:
        base = timings[baseline]
        self.sections += [
            f"### {title}",
            "",
            f"Load average after: {load_average()}.",
            "",
            "| command | median | ratio | CPU ratio | peak RSS | RSS ratio |",
            "|---|---|---|---|---|---|",
        ]
        for timing in timings.values():
            self.sections.append(
                f"| {timing.label} | {ms(timing.median)} | {timing.median / base.median:.2f} "
                f"| {timing.cpu / base.cpu:.2f} | {timing.rss / 1024:.1f} MiB "
                f"| {timing.rss / base.rss:.2f} |"
            )
        self.sections.append("")

    def target_rows(self) -> list[str]:
        rows = [
            "| measure | target | measured | met? | in CPU time |",
            "|---|---|---|---|---|",
        ]
        for key, measure, limit in TARGETS:
            found = self.measured.get(key)
            if found is None:
                note = self.notes.get(key, "not measured in this run")
                rows.append(f"| {measure} | ≤ {limit:g} | | {note} | |")
                continue
            shown = f"{found.ratio:.2f}" + (f" ({found.pairs} pairs)" if found.pairs else "")
            met = "met" if found.ratio <= limit else "**not met**"
            cpu = "" if found.cpu_ratio is None else f"{found.cpu_ratio:.2f}"
            rows.append(f"| {measure} | ≤ {limit:g} | {shown} | {met} | {cpu} |")
        return rows


LIMITS = {key: limit for key, _, limit in TARGETS}


def load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21, help="paired runs a group (21)")
    parser.add_argument(
        "--big-runs", type=int, default=7, help="paired runs at 100,000 entries (7)"
    )
    parser.add_argument("--quick", action="store_true", help="7 runs, 1,000 to 10,000 entries")
    parser.add_argument("--big", action="store_true", help="add 1,000,000 entries (2 runs)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dyscalc-bench",
        help="where datasets, scripts and caches go (kept for the next run)",
    )
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    options = parser.parse_args()
    sizes = [1_000, 5_000, 10_000, 100_000]
    if options.quick:
        options.runs, options.big_runs, sizes = 7, 3, [1_000, 5_000, 10_000]
    if options.big:
        sizes.append(1_000_000)
    options.work.mkdir(parents=True, exist_ok=True)
    bench = Bench(options, _installed_dyscalc())
    started, load_before = time.strftime("%Y-%m-%d %H:%M"), load_average()
    # An installed package has its bytecode compiled; an editable checkout under
    # PYTHONDONTWRITEBYTECODE would otherwise recompile dyscalc on every run.
    import dyscalc as package

    folder = str(Path(package.__file__).parent)
    subprocess.run([bench.python, "-m", "compileall", "-q", folder], check=True)

    start_up_rounds(bench)
    bench.progress("the parts of a JSON answer")
    parts(bench, 2 * options.runs)
    size_rounds(bench, sizes)
    if 100_000 not in sizes:
        for key in ("jq-100000", "growth-first-10000", "growth-repeated-10000"):
            bench.notes[key] = "not in --quick"

    jq = shutil.which("jq")
    text = "\n".join(
        [
            "# dyscalc performance",
            "",
            f"Measured {started} on {platform.machine()}, {os.cpu_count()} cores, "
            f"{platform.python_implementation()} {platform.python_version()}, "
            f"Typer {_version('typer')}, rich {_version('rich')}, PyYAML {_version('pyyaml')}, "
            f"{_jq_version(jq)}. Load average before: {load_before}; after: {load_average()}.",
            f"Command: `{' '.join(['python', 'benchmarks/run.py', *sys.argv[1:]])}`. Medians "
            f"of {options.runs} alternating runs after a warm-up ({options.big_runs} at "
            "100,000 entries); a ratio is of two medians from the same rounds, with more "
            f"rounds where it was within {CLOSE:.0%} of its target.",
            "",
            "## Against the targets",
            "",
            "A target is met when the ratio of wall-clock medians is at most the target. The "
            "last column gives the same ratio in CPU time (user + system): on a busy machine "
            "a command's wall time includes its wait for a core, and the CPU ratio is the "
            "better guess of what a quiet machine would show.",
            "",
            *bench.target_rows(),
            "",
            "## Growth",
            "",
            "Time above start-up: the median, over the rounds, of a command's time on the "
            "large dataset less the same command's time on the bundled dataset in the same "
            "round. Linear growth is 10x per 10x entries.",
            "",
            "| runs | entries | above start-up, smaller | above start-up, larger | growth | "
            "in CPU time |",
            "|---|---|---|---|---|---|",
            *bench.growth_rows,
            "",
            "## Measured",
            "",
            *bench.sections,
        ]
    )
    sys.stdout.write(text + "\n")
    if options.output:
        options.output.write_text(text + "\n", encoding="utf-8")


def start_up_rounds(bench: Bench) -> None:
    """The bundled dataset, served from the cache: dyscalc against the two floors."""
    runs, env, python = bench.options.runs, bench.env, bench.python
    json_floor, table_floor = _write_floors(bench)

    bench.progress("start-up: a JSON answer, --help and completion against the JSON floor")
    floor = Command(
        "JSON floor: one-command Typer app printing the same JSON", [python, str(json_floor)], env
    )
    answer = bench.command(f"`dyscalc {' '.join(JSON_ANSWER)}`", JSON_ANSWER)
    help_text = bench.command("`dyscalc --help`", ["--help"])
    completion = bench.command(
        "TAB completion of ids: `dyscalc show sys<TAB>`",
        [],
        _DYSCALC_COMPLETE="complete_bash",
        COMP_WORDS="dyscalc show sys",
        COMP_CWORD="2",
    )
    timings = by_label(alternate([floor, answer, help_text, completion], runs))
    bench.ratio("json", timings, answer, floor, runs)
    bench.ratio("help", timings, help_text, floor, runs)
    bench.ratio("complete", timings, completion, floor, runs)
    bench.measured["rss"] = Measured(timings[answer.label].rss / timings[floor.label].rss)
    bench.table("Start-up: the JSON answer, help and completion", timings, floor.label)

    bench.progress("start-up: table answers against the table floor")
    table = Command(
        "table floor: one-command Typer app, rich table of the same 13 causes",
        [python, str(table_floor)],
        env,
    )
    causes = bench.command("`dyscalc causes`", ["causes"])
    others = {
        key: bench.command(f"`dyscalc {' '.join(args)}`", args)
        for key, args in (
            ("show", ["show", SHOWN_ID]),
            ("citations", ["citations"]),
            ("compare", ["compare"]),
            ("overview", ["overview"]),
        )
    }
    timings = by_label(alternate([table, causes, *others.values()], runs))
    bench.ratio("table", timings, causes, table, runs)
    for key, other in others.items():
        bench.ratio(key, timings, other, table, runs)
    bench.table("Start-up: table answers", timings, table.label)


def size_rounds(bench: Bench, sizes: list[int]) -> None:
    """Synthetic datasets: dyscalc against the CSafeLoader script and jq."""
    work, env, dyscalc = bench.work, bench.env, bench.dyscalc
    jq = shutil.which("jq")
    if jq is None:
        bench.notes["jq-100000"] = "skipped: jq is not installed"
    load_script = work / "load_yaml.py"
    load_script.write_text(LOAD_SCRIPT, encoding="utf-8")
    first_run_cache = work / "cache-first-run"

    def clear_first_run_cache() -> None:
        shutil.rmtree(first_run_cache, ignore_errors=True)

    # Per kind of run and size: (wall, CPU) time above start-up.
    above_start_up: dict[str, dict[int, tuple[float, float]]] = {"first": {}, "repeated": {}}
    for size in sizes:
        runs = bench.options.runs if size < 100_000 else bench.options.big_runs
        if size >= 1_000_000:
            runs = 2
        path = work / f"dataset-{size}.yaml"
        if not path.exists():
            bench.progress(f"writing the {size:,}-entry dataset")
            path.write_text(dataset_text(size), encoding="utf-8")
        data = ["--data", str(path)]
        script = Command(
            "CSafeLoader script (GC off): load, print JSON",
            [bench.python, str(load_script), str(path)],
            env,
        )
        first = bench.command(
            "`causes --json`, first run (no cache)",
            [*data, "causes", "--json"],
            XDG_CACHE_HOME=str(first_run_cache),
        )
        first.prepare = clear_first_run_cache
        repeated = bench.command("`causes --json`, repeated", [*data, "causes", "--json"])
        search = bench.command(
            "`search inflam --json`, repeated", [*data, "search", "inflam", "--json"]
        )
        start_up = bench.command(
            "`causes --json`, bundled dataset (start-up)", ["causes", "--json"]
        )
        group = [script, first, repeated, search, start_up]
        if jq is not None:
            exported = work / f"export-{size}.json"
            if not exported.exists() or exported.stat().st_mtime < path.stat().st_mtime:
                exported.write_text(_output([dyscalc, *data, "export", "--format", "json"], env))
            jq_over_export = Command(
                "`jq .causes` over the `export --format json` file",
                [jq, ".causes", str(exported)],
                env,
            )
            group.append(jq_over_export)
        bench.progress(f"{size:,} entries, {runs} runs")
        # The warm-up round fills the shared cache: the repeated runs are served from it.
        timings = by_label(alternate(group, runs))
        if size == 5_000:
            bench.ratio("first-5000", timings, first, script, runs)
            bench.ratio("repeated-5000", timings, repeated, script, runs)
            bench.ratio("search-5000", timings, search, script, runs)
        if size == 100_000 and jq is not None:
            bench.ratio("jq-100000", timings, repeated, jq_over_export, runs)
        for kind, command in (("first", first), ("repeated", repeated)):
            above_start_up[kind][size] = _above(timings[command.label], timings[start_up.label])
        bench.table(f"{size:,} entries ({runs} runs)", timings, script.label)
        if size == sizes[-1]:
            bench.progress(f"checking the JSON writer at {size:,} entries")
            bench.sections += [_json_identity(bench, data, size), ""]

    for kind, times in above_start_up.items():
        for small in sizes:
            large = 10 * small
            if large not in times:
                continue
            (small_wall, small_cpu), (large_wall, large_cpu) = times[small], times[large]
            key = f"growth-{kind}-{small}"
            if min(small_wall, small_cpu) <= 0:
                bench.notes[key] = f"not measurable: {small:,} entries within start-up noise"
                growth, cpu_growth = "", ""
            else:
                bench.measured[key] = Measured(large_wall / small_wall, 0, large_cpu / small_cpu)
                growth, cpu_growth = (
                    f"{large_wall / small_wall:.2f}x",
                    f"{large_cpu / small_cpu:.2f}x",
                )
            bench.growth_rows.append(
                f"| {kind} | {small:,} → {large:,} | {ms(small_wall)} | {ms(large_wall)} "
                f"| {growth} | {cpu_growth} |"
            )


def _above(timing: Timing, start_up: Timing) -> tuple[float, float]:
    """Median time above start-up, in wall and CPU time, from the differences round by round."""
    wall = statistics.median(a - b for a, b in zip(timing.seconds, start_up.seconds, strict=True))
    cpu = statistics.median(
        a - b for a, b in zip(timing.cpu_seconds, start_up.cpu_seconds, strict=True)
    )
    return wall, cpu


def by_label(timings: list[Timing]) -> dict[str, Timing]:
    return {timing.label: timing for timing in timings}


def _installed_dyscalc() -> str:
    beside_python = Path(sys.executable).parent / "dyscalc"
    dyscalc = str(beside_python) if beside_python.exists() else shutil.which("dyscalc")
    if dyscalc is None:
        sys.exit("dyscalc is not installed in this environment: pip install -e . first")
    return dyscalc


def _write_floors(bench: Bench) -> tuple[Path, Path]:
    """The floors print what dyscalc prints: the same JSON, a table of the same causes."""
    answer = json.loads(_output([bench.dyscalc, *JSON_ANSWER], bench.env))
    causes = json.loads(_output([bench.dyscalc, "causes", "--json"], bench.env))
    rows = [
        (
            f"{cause['name']}\n{cause['id']}",
            cause["source"],
            ", ".join(str(number) for number in cause["citations"]) or "none",
            "; ".join(filter(None, [cause["description"], ", ".join(cause["examples"])])),
        )
        for cause in causes
    ]
    json_floor, table_floor = bench.work / "json_floor.py", bench.work / "table_floor.py"
    json_floor.write_text(JSON_FLOOR.format(answer=answer), encoding="utf-8")
    table_floor.write_text(TABLE_FLOOR.format(rows=rows), encoding="utf-8")
    return json_floor, table_floor


def _output(command: list[str], env: dict[str, str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout


def parts(bench: Bench, runs: int) -> None:
    """Where the time of a JSON answer goes, by wrapper scripts one step apart."""
    listed = subprocess.run(
        [bench.python, "-c", LIST_MODULES.format(args=JSON_ANSWER)],
        capture_output=True,
        text=True,
        env=bench.env,
        check=True,
    ).stderr.split()
    loaded = [name for name in listed if name != "__main__"]
    others = [name for name in loaded if not name.startswith("dyscalc")]
    steps = [
        ("interpreter start (with site), then os._exit", PART_START),
        (
            "+ the stdlib and third-party modules a JSON answer loads",
            PART_IMPORTS.format(modules=others),
        ),
        ("+ dyscalc's own modules", PART_IMPORTS.format(modules=loaded)),
        (
            "+ the run: Typer parsing, cache read, query, rendering (dyscalc as shipped)",
            PART_RUN.format(before="", args=JSON_ANSWER),
        ),
        (
            "+ the interpreter's normal exit (its teardown)",
            PART_RUN.format(before="import atexit; atexit.register(int)", args=JSON_ANSWER),
        ),
    ]
    commands = []
    for number, (label, code) in enumerate(steps):
        script = bench.work / f"part_{number}.py"
        script.write_text(code, encoding="utf-8")
        commands.append(Command(label, [bench.python, str(script)], bench.env))
    timings = alternate(commands, runs)
    rows = ["| part | ms | total |", "|---|---|---|"]
    previous = 0.0
    for timing in timings:
        part = (timing.median - previous) * 1000
        rows.append(f"| {timing.label} | {part:.1f} | {ms(timing.median)} |")
        previous = timing.median
    importtime = _import_times(bench, bench.work / "part_2.py", 11)
    bench.sections += [
        "### Where the time of a JSON answer goes",
        "",
        f"Wrapper scripts, each one step more than the one above, {runs} alternating runs; "
        "a part is the difference of two medians. All but the last end with os._exit, as "
        f"dyscalc does. `{' '.join(JSON_ANSWER)}` on the bundled dataset, from the cache. "
        f"Load average after: {load_average()}.",
        "",
        *rows,
        "",
        "dyscalc's modules by their own import time (`-X importtime`, self, median of 11 "
        "runs of the third script; -X importtime adds overhead of its own):",
        "",
        "| module | self |",
        "|---|---|",
        *(f"| {name} | {micros / 1000:.2f} ms |" for name, micros in importtime),
        "",
    ]


def _import_times(bench: Bench, script: Path, runs: int) -> list[tuple[str, float]]:
    samples: dict[str, list[int]] = {}
    for _ in range(runs):
        stderr = subprocess.run(
            [bench.python, "-X", "importtime", str(script)],
            capture_output=True,
            text=True,
            env=bench.env,
            check=True,
        ).stderr
        for match in re.finditer(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)", stderr):
            if match.group(2).startswith("dyscalc"):
                samples.setdefault(match.group(2), []).append(int(match.group(1)))
    # A module missing from a run (imported by a first run only, say) counts 0 there.
    medians = [
        (name, statistics.median(values + [0] * (runs - len(values))))
        for name, values in samples.items()
    ]
    return sorted(medians, key=lambda item: -item[1])


def _json_identity(bench: Bench, data: list[str], size: int) -> str:
    """Whether dyscalc's JSON writer wrote exactly what json.dumps(indent=2) writes."""
    verdicts = []
    for encoding in ("utf-8", "ascii"):
        command = [bench.dyscalc, *data, "causes", "--json"]
        output = _output(command, {**bench.env, "PYTHONIOENCODING": encoding})
        value = json.loads(output)
        expected = json.dumps(value, indent=2, ensure_ascii=encoding == "ascii") + "\n"
        verdict = "identical" if output == expected else "**DIFFERENT**"
        verdicts.append(f"{encoding} output {verdict} ({len(output):,} characters)")
    return (
        f"The JSON writer at {size:,} entries: `causes --json` against "
        f"`json.dumps(json.loads(output), indent=2) + newline`: {'; '.join(verdicts)}."
    )


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def _jq_version(jq: str | None) -> str:
    if jq is None:
        return "jq not installed (its target is skipped)"
    found = subprocess.run([jq, "--version"], capture_output=True, text=True, check=False)
    return found.stdout.strip()


if __name__ == "__main__":
    main()
