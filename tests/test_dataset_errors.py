"""Bad datasets are refused, each with its own message at its own PATH:LINE:COLUMN, and
never with a traceback or a partial answer."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyscalc.cli import app
from dyscalc.errors import DatasetError
from dyscalc.loader import load

HERE = "#HERE"  # marks the line a case expects the error on
TRAUMA_ID = "  - id: trauma\n"
TRAUMA = TRAUMA_ID + "    name: Trauma\n    source: research\n"  # the research cause
INFECTION_ID = "  - id: infection\n    name: Infection\n    source: research\n"


def replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"the bundled dataset no longer contains {old!r}"
        return text.replace(old, new, count)

    return edit


def whole(document: str) -> Callable[[str], str]:
    return lambda _: document


def _reuse_examples_through_an_alias(text: str) -> str:
    anchored = replace(
        "    examples: [dermatomyositis, scleroderma]\n",
        "    examples: &shared [dermatomyositis, scleroderma] #HERE\n",
    )(text)
    return anchored.replace(
        TRAUMA, TRAUMA_ID + "    name: Trauma\n    source: research\n    examples: *shared\n"
    )


# (case, edit of the bundled dataset, expected message fragment). The expected line is
# the one marked #HERE; a case without a mark expects a message with no line.
BAD_DATASETS: list[tuple[str, Callable[[str], str], str]] = [
    (
        "duplicate key",
        replace(
            TRAUMA, TRAUMA_ID + "    name: Trauma\n    source: research\n    name: Injury #HERE\n"
        ),
        "duplicate key 'name' (first given at line",
    ),
    (
        "boolean where text belongs",
        replace(TRAUMA, TRAUMA_ID + "    name: no #HERE\n    source: research\n"),
        "cause name must be text, not a boolean ('no') (quote it to make it text)",
    ),
    (
        "number where text belongs",
        replace(TRAUMA, TRAUMA_ID + "    name: 1.5 #HERE\n    source: research\n"),
        "cause name must be text, not a number ('1.5')",
    ),
    (
        "date where text belongs",
        replace('version: "1.0.0"\n', "version: 2026-11-24 #HERE\n"),
        "version must be text, not a date ('2026-11-24')",
    ),
    (
        "null where text belongs",
        replace(TRAUMA, TRAUMA_ID + "    name: #HERE\n    source: research\n"),
        "cause name must be text, not null",
    ),
    (
        "empty text",
        replace(TRAUMA, TRAUMA_ID + '    name: "  " #HERE\n    source: research\n'),
        "cause name must not be empty",
    ),
    (
        "list where text belongs",
        replace(TRAUMA, TRAUMA_ID + "    name: [Trauma] #HERE\n    source: research\n"),
        "cause name must be text, not a list",
    ),
    (
        "missing required field",
        replace(TRAUMA, "  - id: trauma #HERE\n    source: research\n"),
        "a cause is missing the required field 'name'",
    ),
    (
        "unknown field (a typo)",
        replace(
            TRAUMA, TRAUMA_ID + "    name: Trauma\n    source: research\n    nmae: Injury #HERE\n"
        ),
        "unknown field 'nmae' in a cause (allowed: category, citations, description",
    ),
    (
        "unknown top-level field",
        replace("title: Dystrophic", "titel: Other #HERE\ntitle: Dystrophic"),
        "unknown field 'titel' in the dataset",
    ),
    (
        "duplicate id",
        replace(INFECTION_ID, "  - id: trauma #HERE\n    name: Infection\n    source: research\n"),
        "duplicate id 'trauma' (first used at line",
    ),
    (
        "id shared by a statement and a cause",
        replace(
            INFECTION_ID,
            "  - id: mechanism-guideline #HERE\n    name: Infection\n    source: research\n",
        ),
        "duplicate id 'mechanism-guideline'",
    ),
    (
        "id not in kebab-case",
        replace(
            INFECTION_ID,
            "  - id: Infection_Cause #HERE\n    name: Infection\n    source: research\n",
        ),
        "cause id 'Infection_Cause' is not kebab-case",
    ),
    (
        "undefined citation deep in a list",
        replace("    citations: [2, 3, 4, 5]\n", "    citations:\n      - 2\n      - 9 #HERE\n"),
        "citation 9 is not defined under 'citations'",
    ),
    (
        "citation of the other source",
        replace("    citations: [2, 3, 4, 5]\n", "    citations: [1, 2] #HERE\n"),
        "citation 1 is a guideline citation, cited here by a research statement",
    ),
    (
        "citation listed twice",
        replace("    citations: [2, 3, 4, 5]\n", "    citations: [2, 2] #HERE\n"),
        "citation 2 is listed twice",
    ),
    (
        "citation number as text",
        replace("    citations: [2, 3, 4, 5]\n", '    citations: ["2"] #HERE\n'),
        "a citation number must be a whole number, not text",
    ),
    (
        "citation number in hexadecimal",
        replace("    citations: [2, 3, 4, 5]\n", "    citations: [0x2] #HERE\n"),
        "a citation number must be a whole number",
    ),
    (
        "citation defined twice",
        replace("  - id: 6\n", "  - id: 5 #HERE\n"),
        "citation 5 is defined twice",
    ),
    (
        "unknown evidence source",
        replace(TRAUMA, TRAUMA_ID + "    name: Trauma\n    source: studies #HERE\n"),
        "unknown evidence source 'studies' (expected guideline or research)",
    ),
    (
        "undefined category",
        replace("    category: trauma\n", "    category: injuries #HERE\n"),
        "category 'injuries' is not defined under 'categories'",
    ),
    (
        "unsupported schema_version",
        replace("schema_version: 2\n", "schema_version: 3 #HERE\n"),
        "unsupported schema_version 3 (this dyscalc reads 1 or 2)",
    ),
    (
        "schema_version as text",
        replace("schema_version: 2\n", 'schema_version: "2" #HERE\n'),
        "schema_version must be a whole number, not text",
    ),
    ("empty document", whole(""), "the document is empty"),
    ("only a comment", whole("# nothing here\n"), "the document is empty"),
    (
        "top level is a list",
        whole("- causes #HERE\n- conditions\n"),
        "the top level must be a mapping, not a list",
    ),
    ("top level is text", whole("just words #HERE\n"), "the top level must be a mapping, not text"),
    (
        "python tag",
        replace(
            TRAUMA,
            TRAUMA_ID
            + "    name: !!python/object/apply:os.system [echo hi] #HERE\n    source: research\n",
        ),
        "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    (
        "unknown tag",
        replace(TRAUMA, TRAUMA_ID + "    name: !shout Trauma #HERE\n    source: research\n"),
        "unsupported YAML tag '!shout'",
    ),
    ("alias reuse", _reuse_examples_through_an_alias, "a YAML alias reuses this node"),
    (
        "unclosed bracket",
        replace("    citations: [2, 3, 4, 5]\n", "    citations: [2, 3, 4, 5 #HERE\n"),
        "a flow sequence opened here is never closed",
    ),
    (
        "unclosed brace",
        replace("  - id: 1\n    source: guideline\n", "  - {id: 1, source: guideline #HERE\n"),
        "a flow mapping opened here is never closed",
    ),
    (
        "unclosed quote",
        replace("  - id: 6\n    source: research\n", '  - id: 6\n    source: "research #HERE\n'),
        "a quoted scalar opened here is never closed",
    ),
    (
        "tab indentation",
        replace(TRAUMA, TRAUMA_ID + "\tname: Trauma #HERE\n    source: research\n"),
        "YAML syntax error",
    ),
    (
        "two documents",
        lambda text: text + "--- #HERE\nextra: document\n",
        "but found another document",
    ),
    (
        "key that is not text",
        replace(TRAUMA, TRAUMA_ID + "    name: Trauma\n    source: research\n    7: seven #HERE\n"),
        "a key must be text, not a number ('7')",
    ),
]


def expected_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if HERE in line:
            return number
    return None


@pytest.fixture
def bad_dataset(
    request: pytest.FixtureRequest, bundled_text: str, write_dataset
) -> tuple[Path, int | None, str]:
    _, edit, message = request.param
    text = edit(bundled_text)
    return write_dataset(text), expected_line(text), message


def _located(path: Path, line: int | None) -> re.Pattern[str]:
    where = re.escape(str(path)) + (rf":{line}(:\d+)?" if line is not None else "")
    return re.compile(rf"^{where}: ")


@pytest.mark.parametrize(
    "bad_dataset", BAD_DATASETS, ids=[c[0] for c in BAD_DATASETS], indirect=True
)
def test_validate_names_the_problem_at_its_line(bad_dataset: tuple[Path, int | None, str]) -> None:
    path, line, message = bad_dataset
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    located = [row for row in result.stderr.splitlines() if message in row]
    assert located, result.stderr
    assert _located(path, line).match(located[0]), (located[0], line)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "bad_dataset", BAD_DATASETS, ids=[c[0] for c in BAD_DATASETS], indirect=True
)
def test_other_commands_refuse_a_bad_dataset_in_one_line(
    bad_dataset: tuple[Path, int | None, str],
) -> None:
    path, line, _ = bad_dataset
    result = CliRunner().invoke(app, ["--data", str(path), "causes", "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(str(path) + ":" if line else str(path))


def test_every_problem_is_reported_not_just_the_first(bundled_text: str, write_dataset) -> None:
    text = (
        bundled_text.replace(TRAUMA, TRAUMA_ID + "    name: no\n    source: research\n")
        .replace(INFECTION_ID, "  - id: trauma\n    name: Infection\n    source: research\n")
        .replace("    citations: [6]\n", "    citations: [60]\n", 1)
    )
    path = write_dataset(text)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    problems = result.stderr.splitlines()
    assert len(problems) == 4  # three problems, then the count
    assert problems[-1] == f"{path}: 3 problems found"
    lines = [int(p.split(":")[1]) for p in problems[:3]]
    assert lines == sorted(lines)
    json_report = CliRunner().invoke(app, ["validate", str(path), "--json"])

    assert [p["message"][:8] for p in json.loads(json_report.stdout)["problems"]] == [
        "cause na",
        "duplicat",
        "citation",
    ]


def test_bytes_that_are_not_utf8_are_refused_at_their_line(
    bundled_text: str, write_dataset
) -> None:
    data = bundled_text.replace(
        TRAUMA, TRAUMA_ID + "    name: Tr\xe4uma\n    source: research\n"
    ).encode("latin-1")
    path = write_dataset(data)
    line = data.decode("latin-1").splitlines().index("    name: Tr\xe4uma") + 1
    with pytest.raises(DatasetError) as raised:
        load(path, use_cache=False)
    assert str(raised.value) == f"{path}:{line}:13: the file is not UTF-8 (byte 0xe4)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda folder: folder / "missing.yaml", "no such file"),
        (lambda folder: folder, "is a directory, not a dataset file"),
    ],
    ids=["missing file", "directory"],
)
def test_paths_that_are_not_readable_files(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    result = CliRunner().invoke(app, ["--data", str(path), "causes"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{path}: {message}\n"


def test_unreadable_file(bundled_text: str, write_dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_dataset(bundled_text)

    def refuse(file: Path, *_: object) -> None:
        raise PermissionError(13, "Permission denied", str(file))

    # Tests may run as root, who can read a chmod-000 file; refuse the open instead.
    monkeypatch.setattr("dyscalc.loader.open", refuse, raising=False)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{path}: cannot be read (permission denied)"


def test_loader_never_writes_to_the_dataset(bundled_text: str, write_dataset) -> None:
    path = write_dataset(bundled_text)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load(path)
    load(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_an_alias_bomb_is_refused_quickly(write_dataset) -> None:
    # Nine levels of nine aliases: 387 million strings if anything expanded it.
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = write_dataset("\n".join(lines) + "\nschema_version: 1\ntitle: *a9\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "unknown field 'a0'" in result.stderr


def test_long_strings_and_any_unicode_survive_intact(bundled_text: str, write_dataset) -> None:
    name = "Traum\u0430 \U0001f9b4 \u05e2\u05d1\u05e8\u05d9\u05ea e\u0301 " + "x" * 100_000
    named = TRAUMA_ID + f'    name: "{name}"\n    source: research\n'
    path = write_dataset(bundled_text.replace(TRAUMA, named))
    result = CliRunner().invoke(app, ["--data", str(path), "show", "trauma", "--json"])

    assert json.loads(result.stdout)["name"] == name
