"""Every command's whole output, in every format, pinned byte for byte by a golden file.

A golden file holds what one run printed: its stdout, or its stderr for a run that fails;
the other stream must be empty, and the exit code is the one in the case's row (set by
hand: regenerating never changes what a case expects of it).
Each case below names its file after its arguments, with the format as the extension
(table output in `.txt`, markdown in `.md`, then `.csv`, `.jsonl`, `.json`, `.yaml`, and
`.stderr` for an error), under `tests/golden/`: `causes--source-research.json` is
`dyscalc causes --source research --format json`.

Paths that differ per machine are written in a stable form: the bundled dataset's path as
`<bundled>`, the source document beside it as `<bundled-document>`, a test's own folder as
`<tmp>`. Tables are drawn at the width and without the
colour that conftest.py sets (COLUMNS=100, NO_COLOR=1).

When an output changes on purpose, regenerate every golden file, then read the diff:

    python -m pytest tests/test_golden.py --update-golden

That run first rewrites the shipped JSON Schemas (`python -m dyscalc.schema_generation`),
then writes each case's output exactly as the comparison reads it, and deletes golden
files no case reads. A case without its golden file fails; it is never skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyscalc.cli import FormatChoice, app
from dyscalc.loader import bundled_dataset_path

GOLDEN = Path(__file__).resolve().parent / "golden"
FORMATS = [choice.value for choice in FormatChoice]
EXTENSIONS = {"table": "txt", "markdown": "md"}  # any other format is its own extension

# A small dataset with several problems, for validate and for a dataset error.
INVALID_DATASET = """\
schema_version: 1
title: A broken dataset
version: "0.1"
causes:
  - id: trauma
    name: no
    source: books
    citations: [1, 1]
"""
# A document that `import` refuses, for its error output.
UNPLACED_DOCUMENT = """\
- Widgets hum 1
From the Research
Causes
- : Widgets wobble 2
"""


@dataclass(frozen=True)
class Case:
    name: str  # the golden file's name
    args: tuple[str, ...]  # `<tmp>` stands for the test's own folder
    exit_code: int = 0

    @property
    def stream(self) -> str:
        """The stream the golden file holds; the other one must stay empty."""
        return "stderr" if self.name.endswith(".stderr") else "stdout"


def slug(args: list[str]) -> str:
    """`causes --source research` -> `causes--source-research`."""
    words = [arg.replace(" ", "-") for arg in args]
    return "".join(w if w.startswith("-") or not i else f"-{w}" for i, w in enumerate(words))


def in_every_format(*commands: list[str]) -> list[Case]:
    return [
        Case(f"{slug(command)}.{EXTENSIONS.get(fmt, fmt)}", (*command, "--format", fmt))
        for command in commands
        for fmt in FORMATS
    ]


CASES: list[Case] = [
    *in_every_format(
        ["causes"],
        ["causes", "--source", "research"],
        ["conditions", "--source", "all"],
        ["conditions", "--source", "guideline"],
        ["explain"],
        ["explain", "definition"],
        ["explain", "mechanism"],
        ["explain", "treatment"],
        ["explain", "recent-findings"],
        ["explain", "definition", "--source", "research"],
        ["citations"],
        ["search", "inflam"],
        ["search", "no such words"],
        ["show", "systemic-disorders"],
        ["show", "rheumatic-diseases"],
        ["show", "mechanism-guideline"],
        ["show", "treatment"],
        ["source"],
        ["source", "trauma"],
        ["source", "definition-guideline"],
        ["info"],
        ["compare"],
        ["overview"],
    ),
    Case("export.yaml", ("export", "--format", "yaml")),
    Case("export.json", ("export", "--format", "json")),
    Case("validate.txt", ("validate",)),
    Case("validate--json.json", ("validate", "--json")),
    Case("validate-invalid.stderr", ("validate", "<tmp>/invalid.yaml"), exit_code=1),
    Case("validate-invalid--json.json", ("validate", "<tmp>/invalid.yaml", "--json"), 1),
    Case("verify.txt", ("verify",)),
    Case("verify--json.json", ("verify", "--json")),
    Case("schema-causes.json", ("schema", "causes")),
    Case("import-dystrophic-calcification.yaml", ("import", "<tmp>/dystrophic-calcification.txt")),
    Case("import-unplaced.stderr", ("import", "<tmp>/unplaced.txt"), exit_code=1),
    # Errors: one line on stderr and the documented exit code.
    Case("causes--data-invalid.stderr", ("--data", "<tmp>/invalid.yaml", "causes"), 1),
    Case("causes--data-missing.stderr", ("--data", "<tmp>/missing.yaml", "causes"), 1),
    Case("causes--source-books.stderr", ("causes", "--source", "books"), 2),
    Case("causes--json--format-csv.stderr", ("causes", "--json", "--format", "csv"), 2),
    Case("explain-mechansim.stderr", ("explain", "mechansim"), 2),
    Case("show-infektion.stderr", ("show", "infektion"), 1),
    Case("show-zzzzzz.stderr", ("show", "zzzzzz"), 1),
    Case("source-definition.stderr", ("source", "definition"), 2),
    Case("search.stderr", ("search",), 2),
    Case("search-empty.stderr", ("search", ""), 2),
    Case("search-blank.stderr", ("search", " \t"), 2),
    Case("schema-frobnicate.stderr", ("schema", "frobnicate"), 2),
    Case("frobnicate.stderr", ("frobnicate",), 2),
]


def stable(text: str, tmp_path: Path) -> str:
    """The output with every per-machine path replaced by its placeholder."""
    document = bundled_dataset_path().parent / "dystrophic-calcification.txt"
    return (
        text.replace(str(document), "<bundled-document>")
        .replace(str(bundled_dataset_path()), "<bundled>")
        .replace(str(tmp_path), "<tmp>")
    )


def run(case: Case, tmp_path: Path) -> str:
    """Runs the case's command and returns its golden stream, in stable form."""
    (tmp_path / "invalid.yaml").write_text(INVALID_DATASET, encoding="utf-8")
    (tmp_path / "unplaced.txt").write_text(UNPLACED_DOCUMENT, encoding="utf-8")
    shipped = bundled_dataset_path().parent / "dystrophic-calcification.txt"
    (tmp_path / shipped.name).write_bytes(shipped.read_bytes())
    args = [arg.replace("<tmp>", str(tmp_path)) for arg in case.args]
    result = CliRunner().invoke(app, args)
    streams = {"stdout": result.stdout, "stderr": result.stderr}
    shown = stable(streams.pop(case.stream), tmp_path)
    [(other, silent)] = streams.items()
    assert (result.exit_code, other, silent) == (case.exit_code, other, ""), shown
    return shown


def test_every_case_has_its_own_file() -> None:
    names = [case.name for case in CASES]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_output_matches_its_golden_file(
    case: Case, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    actual = run(case, tmp_path)
    golden = GOLDEN / case.name
    if request.config.getoption("update_golden"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(actual.encode("utf-8"))
    assert golden.exists(), f"{golden} is missing; regenerate with --update-golden"
    assert actual == golden.read_bytes().decode("utf-8")


def test_no_golden_file_is_left_unread(request: pytest.FixtureRequest) -> None:
    read = {case.name for case in CASES}
    unread = sorted(path.name for path in GOLDEN.glob("*") if path.name not in read)
    if request.config.getoption("update_golden"):
        for name in unread:
            (GOLDEN / name).unlink()
        unread = []
    assert unread == [], "golden files that no case reads"
