"""Every command, in every format, through Typer's CliRunner: what a user and a script see."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from dyscalc import __version__
from dyscalc.cli import app
from dyscalc.loader import bundled_dataset_path

FORMATS = ["table", "json", "jsonl", "csv", "markdown"]
COMMANDS = [
    ["causes"],
    ["causes", "--source", "guideline"],
    ["conditions"],
    ["explain"],
    ["explain", "definition"],
    ["explain", "recent-findings"],
    ["citations"],
    ["search", "trauma"],
    ["show", "systemic-disorders"],
    ["show", "mechanism-guideline"],
    ["show", "treatment"],
    ["info"],
    ["compare"],
    ["overview"],
]


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_json(runner: CliRunner, *args: str) -> object:
    code, out, err = run(runner, *args, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_answers_in_every_format(
    runner: CliRunner, command: list[str], output_format: str
) -> None:
    code, out, err = run(runner, *command, "--format", output_format)
    assert (code, err) == (0, "")
    assert out.strip()
    assert "\x1b[" not in out  # not a terminal: no ANSI codes
    if output_format == "json":
        json.loads(out)
    elif output_format == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
        assert rows
        assert all(isinstance(row, dict) for row in rows)
    elif output_format == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows


def test_causes_research_json_is_the_contract(runner: CliRunner) -> None:
    causes = run_json(runner, "causes", "--source", "research")
    assert isinstance(causes, list)
    assert [c["name"] for c in causes] == [
        "Trauma",
        "Infection",
        "Inflammation",
        "Neoplasia",
        "Soft tissue degeneration",
        "Systemic disorders",
    ]
    trauma = causes[0]
    assert trauma == {
        "id": "trauma",
        "kind": "cause",
        "name": "Trauma",
        "source": "research",
        "citations": [2, 3, 4, 5],
        "examples": [],
        "description": "Dystrophic calcification can occur after injury to soft tissue.",
        "category": "trauma",
    }
    systemic = causes[-1]
    assert systemic["examples"] == [
        "Ehlers-Danlos syndrome",
        "pseudoxanthoma elasticum",
        "arteriosclerosis obliterans",
    ]


@pytest.mark.parametrize(
    ("source", "expected"), [("guideline", 7), ("research", 6), ("all", 13), ("RESEARCH", 6)]
)
def test_source_filter_keeps_only_that_source(
    runner: CliRunner, source: str, expected: int
) -> None:
    causes = run_json(runner, "causes", "--source", source)
    assert isinstance(causes, list)
    assert len(causes) == expected
    if source != "all":
        assert {c["source"] for c in causes} == {source.lower()}


def test_conditions_are_all_research(runner: CliRunner) -> None:
    conditions = run_json(runner, "conditions")
    assert isinstance(conditions, list)
    assert [(c["id"], c["citations"]) for c in conditions] == [
        ("heart-muscle-and-valve-calcification", [2]),
        ("masseter-muscle-calcification", [3, 4]),
        ("neurologic-disorders", [6]),
        ("rheumatic-diseases", [5]),
    ]
    assert run_json(runner, "conditions", "--source", "guideline") == []


def test_explain_json_shape(runner: CliRunner) -> None:
    topic = run_json(runner, "explain", "definition")
    assert isinstance(topic, dict)
    assert (topic["topic"], topic["title"]) == ("definition", "Definition")
    assert [(s["source"], s["citations"]) for s in topic["statements"]] == [
        ("guideline", [1]),
        ("research", []),
    ]
    research_only = run_json(runner, "explain", "definition", "--source", "research")
    assert isinstance(research_only, dict)
    assert [s["source"] for s in research_only["statements"]] == ["research"]


def test_bare_explain_lists_the_topics(runner: CliRunner) -> None:
    topics = run_json(runner, "explain")
    assert isinstance(topics, list)
    assert [t["topic"] for t in topics] == [
        "definition",
        "mechanism",
        "treatment",
        "recent-findings",
    ]
    code, out, _ = run(runner, "explain")
    assert code == 0
    assert "recent-findings" in out


def test_citations_reverse_index(runner: CliRunner) -> None:
    citations = run_json(runner, "citations")
    assert isinstance(citations, list)
    by_number = {c["id"]: c for c in citations}
    assert sorted(by_number) == [1, 2, 3, 4, 5, 6]
    assert {c["reference"] for c in citations} == {None}
    assert [item["id"] for item in by_number[1]["cited_by"]] == [
        "fetal-brain-injury",
        "definition-guideline",
        "recent-findings-guideline",
    ]
    assert [item["id"] for item in by_number[6]["cited_by"]] == [
        "systemic-disorders",
        "neurologic-disorders",
    ]
    assert by_number[3]["source"] == "research"


def test_citations_table_says_reference_not_given(runner: CliRunner) -> None:
    code, out, _ = run(runner, "citations")
    assert code == 0
    assert out.count("not given in source") == 6


@pytest.mark.parametrize(
    ("text", "expected_ids"),
    [
        ("inflam", ["chronic-inflammation", "inflammation"]),
        ("INFLAM", ["chronic-inflammation", "inflammation"]),
        ("scleroderma", ["autoimmune-tissue-damage"]),  # an example
        ("pseudoxanthoma", ["systemic-disorders"]),
        ("kidney", ["recent-findings-guideline"]),  # statement text
        ("masseter", ["masseter-muscle-calcification"]),
        ("no such words", []),
    ],
)
def test_search(runner: CliRunner, text: str, expected_ids: list[str]) -> None:
    hits = run_json(runner, "search", text)
    assert isinstance(hits, list)
    assert [h["id"] for h in hits] == expected_ids


def test_search_statement_hit_carries_topic_and_text(runner: CliRunner) -> None:
    hits = run_json(runner, "search", "phosphate")
    assert isinstance(hits, list)
    assert hits[0]["kind"] == "statement"
    assert hits[0]["topic"] == "mechanism"
    assert "calcium phosphate crystals" in hits[0]["text"]


def test_search_without_hits_prints_empty_array_and_succeeds(runner: CliRunner) -> None:
    code, out, err = run(runner, "search", "zzz", "--json")
    assert (code, out, err) == (0, "[]\n", "")


@pytest.mark.parametrize(
    ("item_id", "kind"),
    [
        ("trauma", "cause"),
        ("rheumatic-diseases", "condition"),
        ("definition-research", "statement"),
        ("mechanism", "topic"),
    ],
)
def test_show_finds_every_kind_by_id(runner: CliRunner, item_id: str, kind: str) -> None:
    shown = run_json(runner, "show", item_id)
    assert isinstance(shown, dict)
    assert shown["kind"] == kind


def test_info_includes_disclaimer_and_counts(runner: CliRunner) -> None:
    shown = run_json(runner, "info")
    assert isinstance(shown, dict)
    assert "not a substitute for professional medical advice" in shown["disclaimer"]
    assert shown["counts"] == {
        "causes": 13,
        "conditions": 4,
        "topics": 4,
        "statements": 5,
        "citations": 6,
    }
    _, out, _ = run(runner, "info")
    assert "not a substitute for professional medical advice" in " ".join(out.split())


def test_version_names_package_and_dataset(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--version")
    assert code == 0
    assert out.splitlines() == [f"dyscalc {__version__}", "dataset 1.0.0 (schema 1)"]


def test_bare_dyscalc_shows_help(runner: CliRunner) -> None:
    code, out, _ = run(runner)
    assert code == 0
    assert "Usage: dyscalc" in out
    assert "causes" in out


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["explain", "mechansim"], 2, "unknown topic 'mechansim' (choose from: definition, "),
        (["explain", "mechansim"], 2, "did you mean 'mechanism'?"),
        (
            ["causes", "--source", "books"],
            2,
            "'books' is not one of 'guideline', 'research', 'all'",
        ),
        (["causes", "--format", "xml"], 2, "'xml' is not one of"),
        (["causes", "--json", "--format", "csv"], 2, "--json contradicts --format csv"),
        (["show", "infektion"], 1, "no entry with id 'infektion'; did you mean 'infection'"),
        (["show", "infektion"], 1, "'previous-infections'"),
        (["show", "zzzzzz"], 1, "no entry with id 'zzzzzz'"),
        (["frobnicate"], 2, "No such command 'frobnicate'"),
        (["search"], 2, "Missing argument 'TEXT'"),
        (["--data", "/nonexistent/x.yaml", "causes"], 1, "/nonexistent/x.yaml: no such file"),
    ],
)
def test_errors_are_one_line_on_stderr_with_documented_exit_codes(
    runner: CliRunner, args: list[str], exit_code: int, message: str
) -> None:
    code, out, err = run(runner, *args)
    assert code == exit_code
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("global_args", "validate_args", "environment", "checked"),
    [
        ([], [], None, "bundled"),
        (["--data", "<copy>"], [], None, "copy"),
        ([], [], "<copy>", "copy"),
        ([], ["<copy>"], None, "copy"),
        (["--data", "<bundled>"], ["<copy>"], None, "copy"),  # the argument wins
    ],
    ids=["bundled", "--data", "DYSCALC_DATA", "argument", "argument over --data"],
)
def test_validate_reports_the_file_it_checked(
    runner: CliRunner,
    bundled_text: str,
    write_dataset,
    monkeypatch: pytest.MonkeyPatch,
    global_args: list[str],
    validate_args: list[str],
    environment: str | None,
    checked: str,
) -> None:
    paths = {"<bundled>": str(bundled_dataset_path()), "<copy>": str(write_dataset(bundled_text))}
    if environment:
        monkeypatch.setenv("DYSCALC_DATA", paths[environment])
    args = [paths.get(arg, arg) for arg in [*global_args, "validate", *validate_args]]
    expected = paths[f"<{checked}>"]
    report = run_json(runner, *args)
    assert isinstance(report, dict)
    assert (report["path"], report["valid"]) == (expected, True)
    code, out, _ = run(runner, *args)
    assert code == 0
    assert out == f"{expected}: valid (13 causes, 4 conditions, 5 statements, 6 citations)\n"


def test_data_option_and_environment_variable_choose_the_dataset(
    runner: CliRunner, bundled_text: str, write_dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed = write_dataset(bundled_text.replace("name: Neoplasia\n", "name: Neoplasia (edited)\n"))
    names = [c["name"] for c in run_json(runner, "--data", str(renamed), "causes")]  # type: ignore[union-attr]
    assert "Neoplasia (edited)" in names
    monkeypatch.setenv("DYSCALC_DATA", str(renamed))
    names = [c["name"] for c in run_json(runner, "causes")]  # type: ignore[union-attr]
    assert "Neoplasia (edited)" in names
    code, out, _ = run(runner, "validate")
    assert code == 0
    assert out.startswith(str(renamed))


def test_markdown_table_of_causes(runner: CliRunner) -> None:
    code, out, _ = run(runner, "causes", "--source", "research", "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "## Causes of dystrophic calcification"
    assert "| Trauma<br>trauma | research | 2, 3, 4, 5 |" in out


def test_csv_joins_lists_with_semicolons(runner: CliRunner) -> None:
    _, out, _ = run(runner, "causes", "--source", "research", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["citations"] == "2;3;4;5"
    assert rows[-1]["examples"] == (
        "Ehlers-Danlos syndrome;pseudoxanthoma elasticum;arteriosclerosis obliterans"
    )
