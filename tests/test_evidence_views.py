"""compare, overview and export: the two sources side by side, the whole topic at once,
and a lossless round trip of the dataset."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dyscalc.cli import app
from dyscalc.loader import bundled_dataset_path

BOTH = ["trauma", "infection", "inflammation", "neoplasia"]
GUIDELINE_ONLY = ["autoimmune-tissue-damage", "vascular-disorders", "fetal-brain-injury"]
RESEARCH_ONLY = ["soft-tissue-degeneration", "systemic-disorders"]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_compare_groups_causes_into_nine_categories() -> None:
    rows = json.loads(invoke("compare", "--json"))
    by_category = {row["category"]: row for row in rows}
    assert list(by_category) == BOTH + GUIDELINE_ONLY + RESEARCH_ONLY
    assert [c for c, r in by_category.items() if r["guideline"] and r["research"]] == BOTH
    assert [c for c, r in by_category.items() if not r["research"]] == GUIDELINE_ONLY
    assert [c for c, r in by_category.items() if not r["guideline"]] == RESEARCH_ONLY
    assert by_category["neoplasia"] == {
        "category": "neoplasia",
        "name": "Neoplasia / tumours",
        "guideline": ["tumors"],
        "research": ["neoplasia"],
    }


def test_compare_plain_text_on_an_ascii_terminal() -> None:
    # The check mark becomes a word the terminal can show, never a backslash escape.
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "dyscalc", "compare"],
        capture_output=True,
        text=True,
        env={"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        check=False,
    )
    assert result.returncode == 0
    assert "yes [2, 3, 4, 5] Trauma" in result.stdout
    assert "\\u2713" not in result.stdout


def _labels(node: dict[str, object]) -> list[str]:
    children = node["children"]
    assert isinstance(children, list)
    return [str(child["label"]) for child in children]


def test_overview_tree_holds_every_section_in_order() -> None:
    tree = json.loads(invoke("overview", "--json"))
    assert tree["label"] == "Dystrophic calcification"
    assert _labels(tree) == [
        "Definition",
        "Causes",
        "Mechanism",
        "Treatment",
        "Associated conditions",
        "Recent findings",
    ]
    causes = tree["children"][1]
    assert _labels(causes) == ["From the guidelines", "From the research"]
    assert [len(group["children"]) for group in causes["children"]] == [7, 6]
    research_trauma = causes["children"][1]["children"][0]
    assert research_trauma["citations"] == [2, 3, 4, 5]
    assert research_trauma["source"] == "research"


def test_json_export_is_one_object_with_the_same_data_as_yaml() -> None:
    as_json = json.loads(invoke("export", "--format", "json"))
    as_yaml = yaml.safe_load(invoke("export"))
    assert as_json == as_yaml
    assert as_json["schema_version"] == 2


COMMANDS = [
    ["causes"],
    ["conditions"],
    ["explain"],
    ["explain", "definition"],
    ["explain", "recent-findings", "--source", "guideline"],
    ["citations"],
    ["search", "calcification"],
    ["show", "fetal-brain-injury"],
    ["show", "definition"],
    ["info"],
    ["compare"],
    ["overview"],
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "exported.yaml"
    path.write_text(invoke("export"), encoding="utf-8")
    # The export names its source document by a path relative to itself: put it there.
    document = bundled_dataset_path().parent / "dystrophic-calcification.txt"
    shutil.copy(document, path.parent / document.name)
    return path


def test_yaml_export_validates(exported: Path) -> None:
    assert invoke("validate", str(exported)).startswith(f"{exported}: valid (13 causes")


@pytest.mark.parametrize("output_format", ["table", "json", "jsonl", "csv", "markdown"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_exported_dataset_answers_exactly_like_the_bundled_one(
    exported: Path, command: list[str], output_format: str
) -> None:
    bundled = invoke(*command, "--format", output_format)
    reloaded = invoke("--data", str(exported), *command, "--format", output_format)
    assert reloaded == bundled


def test_the_export_verifies_against_the_document_beside_it(exported: Path) -> None:
    assert invoke("--data", str(exported), "verify").startswith(f"{exported}: 22 of 22 facts")


def test_export_of_the_export_is_identical(exported: Path) -> None:
    assert invoke("--data", str(exported), "export") == exported.read_text(encoding="utf-8")
