"""`dyscalc verify`: the bundled dataset agrees with its source document, and every kind of
disagreement is reported at the right line of the right file."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyscalc.cli import app
from dyscalc.loader import bundled_dataset_path
from dyscalc.verification import verify_file

DOCUMENT = bundled_dataset_path().parent / "dystrophic-calcification.txt"
SHA256 = hashlib.sha256(DOCUMENT.read_bytes()).hexdigest()
SUMMARY = "22 of 22 facts quoted; every quote verbatim; citations, sources and texts agree"


def test_the_bundled_dataset_agrees_with_its_document(runner: CliRunner) -> None:
    result = runner.invoke(app, ["verify"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{bundled_dataset_path()}: {SUMMARY}\n"


def test_the_shipped_document_is_the_one_the_dataset_records() -> None:
    import dyscalc

    assert dyscalc.load().provenance.sha256 == SHA256


def test_the_bundled_report_as_data() -> None:
    result = CliRunner().invoke(app, ["verify", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "dataset": str(bundled_dataset_path()),
        "document": str(DOCUMENT),
        "verified": True,
        "facts": 22,
        "facts_quoted": 22,
        "items": 22,
        "problems": [],
        "summary": SUMMARY,
    }


def _unquoted(line: int, text: str) -> str:
    return f"<document>:{line}: no item quotes this bullet: {text!r}"


TRAUMA_QUOTE = "        Trauma: Dystrophic calcification can occur after injury to soft tissue\n"
TRAUMA_UNQUOTED = _unquoted(21, "Trauma: Dystrophic calcification can occur after injury to\u2026")
RESEARCH_DEFINITION_QUOTE = (
    "            Dystrophic calcification is the accumulation of calcium salts in damaged\n"
    "            tissue, and it can occur anywhere in the body.\n"
)
RESEARCH_DEFINITION_UNQUOTED = (
    "<document>:20: no item quotes this sentence: "
    "'Dystrophic calcification is the accumulation of calcium sal\u2026'"
)

# (what changes, the text replaced, its replacement, every problem reported)
MUTATIONS = [
    (
        "a quote's text",
        TRAUMA_QUOTE,
        TRAUMA_QUOTE.replace("soft tissue", "soft tissues"),
        ["<dataset>:205: the quote is not on line 21 of <document>", TRAUMA_UNQUOTED],
    ),
    (
        "a quote's case",
        TRAUMA_QUOTE,
        TRAUMA_QUOTE.replace("Trauma:", "trauma:"),
        ["<dataset>:205: the quote is not on line 21 of <document>", TRAUMA_UNQUOTED],
    ),
    (
        "a quote's line",
        "      line: 21\n",
        "      line: 22\n",
        [
            "<dataset>:204: the quote is not on line 22 of <document> (it is on line 21)",
            TRAUMA_UNQUOTED,
        ],
    ),
    (
        "a quote's line, past the end",
        "      line: 21\n",
        "      line: 40\n",
        ["<dataset>:204: quote line 40 is past the end of <document> (32 lines)", TRAUMA_UNQUOTED],
    ),
    (
        "a quote of a heading",
        "      line: 6\n      text: Previous infections\n",
        "      line: 3\n      text: Causes of Dystrophic Calcifications\n",
        [
            "<dataset>:152: line 3 of <document> is a heading, not a fact",
            _unquoted(6, "Previous infections"),
        ],
    ),
    (
        "a quote across two sentences",
        RESEARCH_DEFINITION_QUOTE,
        "            anywhere in the body. The causes\n",
        [
            "<dataset>:77: the quote runs across sentences of line 20 of <document>; quote one",
            RESEARCH_DEFINITION_UNQUOTED,
        ],
    ),
    (
        "a quote of a lead-in",
        RESEARCH_DEFINITION_QUOTE,
        "            The causes of dystrophic calcifications include:\n",
        [
            "<dataset>:77: the quote is from a lead-in of line 20 of <document> (it ends with "
            "':'), which states no fact",
            RESEARCH_DEFINITION_UNQUOTED,
        ],
    ),
    (
        "a quote removed",
        "    quote:\n      line: 21\n      text: >-\n" + TRAUMA_QUOTE,
        "",
        ["<dataset>:197: cause 'trauma' has no quote of the source document", TRAUMA_UNQUOTED],
    ),
    (
        "a citation number removed",
        "    citations: [2, 3, 4, 5]\n",
        "    citations: [2, 3, 4]\n",
        [
            "<dataset>:202: citations 2, 3, 4 differ from line 21 of <document>, "
            "which gives 2, 3, 4, 5"
        ],
    ),
    (
        "a citation number given where the document gives none",
        "          accumulate in the affected tissue.\n        citations: []\n",
        "          accumulate in the affected tissue.\n        citations: [1]\n",
        ["<dataset>:90: citations 1 differ from line 13 of <document>, which gives none"],
    ),
    (
        "a statement's text",
        "          surgical removal may be necessary if they cause functional impairment\n",
        "          surgical removal is never indicated if they cause functional impairment\n",
        [
            "<dataset>:103: text 'Treatment typically focuses on addressing the underlying "
            "ca\u2026' is not in the fact it quotes, on line 15 of <document>"
        ],
    ),
    (
        "an example added",
        "    examples: [dermatomyositis, scleroderma]\n",
        "    examples: [dermatomyositis, scleroderma, lupus]\n",
        ["<dataset>:141: examples 'lupus' is not in the fact it quotes, on line 5 of <document>"],
    ),
    (
        "a name",
        "    name: Chronic inflammation\n",
        "    name: Chronic calcinosis\n",
        [
            "<dataset>:155: name 'Chronic calcinosis' is not in the fact it quotes, on line 7 "
            "of <document>"
        ],
    ),
    (
        "a description",
        "    description: Dystrophic calcification can occur after injury to soft tissue.\n",
        "    description: Dystrophic calcification always occurs after injury to soft tissue.\n",
        [
            "<dataset>:201: description 'Dystrophic calcification always occurs after injury "
            "to soft\u2026' is not in the fact it quotes, on line 21 of <document>"
        ],
    ),
    (
        "a source tag",
        "      - id: definition-research\n        source: research\n",
        "      - id: definition-research\n        source: guideline\n",
        [
            "<dataset>:70: source guideline differs from line 20 of <document>, which is under "
            "'From the Research'"
        ],
    ),
    (
        "an item removed",
        "  - id: rheumatic-diseases\n    name: Rheumatic diseases\n    source: research\n"
        "    description: Certain rheumatic diseases can increase the risk of dystrophic "
        "calcification.\n    citations: [5]\n    quote:\n      line: 32\n      text: >-\n"
        "        Rheumatic diseases: Certain rheumatic diseases can increase the risk of\n"
        "        dystrophic calcification\n",
        "",
        [_unquoted(32, "Rheumatic diseases: Certain rheumatic diseases can increase\u2026")],
    ),
    (
        "the recorded SHA-256",
        f"  sha256: {SHA256}\n",
        f"  sha256: {'f' * 64}\n",
        [
            f"<dataset>:19: <document> is not the document this dataset quotes: its SHA-256 is "
            f"{SHA256}, provenance records {'f' * 64}"
        ],
    ),
    (
        "the recorded SHA-256 removed",
        f"  sha256: {SHA256}\n",
        "",
        [
            "<dataset>:17: provenance records no sha256 of its source document "
            f"(<document> has {SHA256})"
        ],
    ),
]


def _copy_beside(folder: Path, dataset_text: str) -> Path:
    """The dataset at `folder`/calcifications.yaml, with the document beside it."""
    shutil.copy(DOCUMENT, folder / DOCUMENT.name)
    dataset = folder / "calcifications.yaml"
    dataset.write_text(dataset_text, encoding="utf-8")
    return dataset


@pytest.mark.parametrize(
    ("old", "new", "problems"),
    [case[1:] for case in MUTATIONS],
    ids=[case[0] for case in MUTATIONS],
)
def test_a_change_is_reported_at_its_line(
    runner: CliRunner, tmp_path: Path, bundled_text: str, old: str, new: str, problems: list[str]
) -> None:
    assert bundled_text.count(old) == 1, "the mutation must name one place in the dataset"
    dataset = _copy_beside(tmp_path, bundled_text.replace(old, new))
    result = runner.invoke(app, ["--data", str(dataset), "verify"])
    shown = result.stderr.replace(str(dataset), "<dataset>").replace(
        str(tmp_path / DOCUMENT.name), "<document>"
    )
    count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'} found"
    quoted = 22 - sum(1 for p in problems if "no item quotes" in p)
    expected = [*problems, f"<dataset>: {count}; {quoted} of 22 facts quoted"]
    assert (result.exit_code, result.stdout) == (1, "")
    assert shown.splitlines() == expected


def test_a_different_document_is_reported(
    runner: CliRunner, tmp_path: Path, bundled_text: str
) -> None:
    dataset = _copy_beside(tmp_path, bundled_text)
    edited = tmp_path / "edited.txt"
    edited.write_bytes(DOCUMENT.read_bytes().replace(b"soft tissue 2", b"any tissue 2"))
    result = runner.invoke(app, ["--data", str(dataset), "verify", "--document", str(edited)])
    assert result.exit_code == 1
    sha = hashlib.sha256(edited.read_bytes()).hexdigest()
    assert result.stderr.splitlines() == [
        f"{dataset}:19: {edited} is not the document this dataset quotes: its SHA-256 is "
        f"{sha}, provenance records {SHA256}",
        f"{dataset}:205: the quote is not on line 21 of {edited}",
        f"{edited}:21: no item quotes this bullet: "
        "'Trauma: Dystrophic calcification can occur after injury to\u2026'",
        f"{dataset}: 3 problems found; 21 of 22 facts quoted",
    ]


def test_the_same_document_named_with_document_agrees(runner: CliRunner, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(DOCUMENT, copy)
    result = runner.invoke(app, ["verify", "--document", str(copy)])
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_missing_document_is_a_problem(runner: CliRunner, tmp_path: Path) -> None:
    dataset = tmp_path / "calcifications.yaml"
    shutil.copy(bundled_dataset_path(), dataset)  # without the document beside it
    result = runner.invoke(app, ["--data", str(dataset), "verify", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["verified"], report["facts"], report["problems"]) == (
        False,
        0,
        [{"path": str(tmp_path / DOCUMENT.name), "line": None, "message": "no such file"}],
    )


def test_a_document_outside_the_datasets_folder_is_a_problem(
    runner: CliRunner, tmp_path: Path, bundled_text: str
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DOCUMENT, tmp_path / DOCUMENT.name)
    outside = bundled_text.replace(
        "document: dystrophic-calcification.txt", "document: ../dystrophic-calcification.txt"
    )
    dataset = folder / "calcifications.yaml"
    dataset.write_text(outside, encoding="utf-8")
    result = runner.invoke(app, ["--data", str(dataset), "verify"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{dataset}:18: the source document '../dystrophic-calcification.txt' is not a path "
        "in the dataset's folder",
        f"{dataset}: 1 problem found; 0 of 0 facts quoted",
    ]


def test_an_invalid_dataset_is_refused_before_anything_is_verified(
    runner: CliRunner, tmp_path: Path, bundled_text: str
) -> None:
    dataset = _copy_beside(
        tmp_path, bundled_text.replace("citations: [2, 3, 4, 5]", "citations: [9]")
    )
    result = runner.invoke(app, ["--data", str(dataset), "verify"])
    assert result.exit_code == 1
    assert result.stderr == f"{dataset}:202:17: citation 9 is not defined under 'citations'\n"


def test_a_schema_1_dataset_has_nothing_verified(tmp_path: Path, bundled_text: str) -> None:
    version_1 = bundled_text.replace("schema_version: 2", "schema_version: 1")
    kept, skipping = [], False
    for line in version_1.splitlines(keepends=True):  # drop every quote block and the sha256
        stripped = line.strip()
        if stripped == "quote:":
            skipping, indent = True, len(line) - len(line.lstrip())
            continue
        if skipping and len(line) - len(line.lstrip()) > indent:
            continue
        skipping = False
        if not stripped.startswith("sha256:"):
            kept.append(line)
    report = verify_file(_copy_beside(tmp_path, "".join(kept)))
    assert (report.verified, report.facts, report.facts_quoted, report.items) == (False, 22, 0, 22)
    messages = [problem.message for problem in report.problems]
    assert sum("has no quote" in m for m in messages) == 22
    assert sum("no item quotes" in m for m in messages) == 22


def test_a_blank_quote_quotes_nothing(bundled_text: str) -> None:
    """The dataset checks refuse blank text; verify does not rely on them."""
    import dataclasses

    from dyscalc.dataset_lines import dataset_lines
    from dyscalc.loader import load
    from dyscalc.model import Quote
    from dyscalc.source_document import read_document
    from dyscalc.verification import verify

    dataset = load(use_cache=False)
    trauma = dataset.causes[7]
    assert trauma.id == "trauma"
    blank = dataclasses.replace(trauma, quote=Quote(line=21, text=" "))
    causes = (*dataset.causes[:7], blank, *dataset.causes[8:])
    report = verify(
        dataclasses.replace(dataset, causes=causes),
        read_document(DOCUMENT),
        dataset_path="calcifications.yaml",
        lines=dataset_lines(bundled_text, "calcifications.yaml"),
    )
    assert [str(p) for p in report.problems] == [
        "calcifications.yaml:205: the quote's text is empty",
        f"{DOCUMENT}:21: no item quotes this bullet: "
        "'Trauma: Dystrophic calcification can occur after injury to\u2026'",
    ]
