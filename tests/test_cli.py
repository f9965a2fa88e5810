"""What the commands answer, read as data (parsed JSON), through Typer's CliRunner. The whole
output of every command in every format, and of the errors, is pinned by test_golden.py."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dyscalc import __version__
from dyscalc.cli import app
from dyscalc.loader import bundled_dataset_path


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_json(runner: CliRunner, *args: str) -> object:
    code, out, err = run(runner, *args, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


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
    # dyscalc 1.0's keys keep their order and values; later fields only add keys after them.
    assert list(trauma.items())[:8] == [
        ("id", "trauma"),
        ("kind", "cause"),
        ("name", "Trauma"),
        ("source", "research"),
        ("citations", [2, 3, 4, 5]),
        ("examples", []),
        ("description", "Dystrophic calcification can occur after injury to soft tissue."),
        ("category", "trauma"),
    ]
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


def test_version_names_package_and_dataset(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--version")
    assert code == 0
    assert out.splitlines() == [f"dyscalc {__version__}", "dataset 1.0.0 (schema 2)"]


def test_bare_dyscalc_shows_help(runner: CliRunner) -> None:
    code, out, _ = run(runner)
    assert code == 0
    assert "Usage: dyscalc" in out
    assert "causes" in out


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
    counted = "13 causes, 4 conditions, 4 topics, 5 statements, 6 citations"
    assert out == f"{expected}: valid ({counted})\n"


def test_validate_counts_what_info_counts(runner: CliRunner) -> None:
    validated = run_json(runner, "validate")
    described = run_json(runner, "info")
    assert validated["counts"] == described["counts"]  # type: ignore[index]


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
