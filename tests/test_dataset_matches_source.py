"""The bundled dataset says what the source document says: every fact, its evidence
source and its exact citation numbers, and nothing more."""

from __future__ import annotations

import hashlib
import re

import pytest

import dyscalc
from dyscalc.loader import bundled_dataset_path
from dyscalc.model import Dataset, Entry, EvidenceSource

GUIDELINE = EvidenceSource.GUIDELINE
RESEARCH = EvidenceSource.RESEARCH

# (id, source, citations): the list of causes, transcribed from the source.
EXPECTED_CAUSES = [
    ("autoimmune-tissue-damage", GUIDELINE, ()),
    ("previous-infections", GUIDELINE, ()),
    ("chronic-inflammation", GUIDELINE, ()),
    ("vascular-disorders", GUIDELINE, ()),
    ("tumors", GUIDELINE, ()),
    ("physical-trauma", GUIDELINE, ()),
    ("fetal-brain-injury", GUIDELINE, (1,)),
    ("trauma", RESEARCH, (2, 3, 4, 5)),
    ("infection", RESEARCH, (2, 5)),
    ("inflammation", RESEARCH, (2, 5)),
    ("neoplasia", RESEARCH, (2,)),
    ("soft-tissue-degeneration", RESEARCH, (2,)),
    ("systemic-disorders", RESEARCH, (6,)),
]
EXPECTED_CONDITIONS = [
    ("heart-muscle-and-valve-calcification", RESEARCH, (2,)),
    ("masseter-muscle-calcification", RESEARCH, (3, 4)),
    ("neurologic-disorders", RESEARCH, (6,)),
    ("rheumatic-diseases", RESEARCH, (5,)),
]
EXPECTED_STATEMENTS = [
    ("definition", GUIDELINE, (1,)),
    ("definition", RESEARCH, ()),
    ("mechanism", GUIDELINE, ()),
    ("treatment", GUIDELINE, ()),
    ("recent-findings", GUIDELINE, (1,)),
]
EXPECTED_CITATIONS = [(1, GUIDELINE)] + [(n, RESEARCH) for n in range(2, 7)]
EXPECTED_EXAMPLES = {
    "autoimmune-tissue-damage": ("dermatomyositis", "scleroderma"),
    "systemic-disorders": (
        "Ehlers-Danlos syndrome",
        "pseudoxanthoma elasticum",
        "arteriosclerosis obliterans",
    ),
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return dyscalc.load(use_cache=False)


def test_causes_are_the_sources_causes(dataset: Dataset) -> None:
    assert [(c.id, c.source, c.citations) for c in dataset.causes] == EXPECTED_CAUSES


def test_conditions_are_the_sources_conditions(dataset: Dataset) -> None:
    assert [(c.id, c.source, c.citations) for c in dataset.conditions] == EXPECTED_CONDITIONS


def test_statements_are_the_sources_statements(dataset: Dataset) -> None:
    assert [(s.topic, s.source, s.citations) for s in dataset.statements] == EXPECTED_STATEMENTS


def test_citations_are_numbers_only_with_their_sources(dataset: Dataset) -> None:
    assert [(c.number, c.source) for c in dataset.citations] == EXPECTED_CITATIONS
    assert all(not c.reference.is_given for c in dataset.citations), "no reference was given"


def test_examples_are_the_ones_the_source_names(dataset: Dataset) -> None:
    examples = {e.id: e.examples for e in dataset.entries if e.examples}
    assert examples == EXPECTED_EXAMPLES


def test_the_shipped_document_is_the_one_the_dataset_records(dataset: Dataset) -> None:
    document = bundled_dataset_path().parent / dataset.provenance.document
    assert dataset.provenance.sha256 == hashlib.sha256(document.read_bytes()).hexdigest()


def test_counts(dataset: Dataset) -> None:
    guideline_causes = [c for c in dataset.causes if c.source is GUIDELINE]
    assert (len(guideline_causes), len(dataset.causes) - len(guideline_causes)) == (7, 6)
    assert len(dataset.conditions) == 4
    assert [t.id for t in dataset.topics] == [
        "definition",
        "mechanism",
        "treatment",
        "recent-findings",
    ]


# -- against the document itself --------------------------------------------

_CITED = re.compile(r"^(?P<text>.*?)\s+(?P<numbers>\d+(?:,\s*\d+)*)\.?$")
_NOT_FACTS = {
    "From the Guidelines",
    "From the Research",
    "Causes of Dystrophic Calcifications",
    "Mechanism",
    "Treatment",
    "Recent Findings",
    "Associated Conditions",
    "The causes of dystrophic calcifications can be diverse and include:",
    "The causes of dystrophic calcifications include:",
    "Dystrophic calcification can be associated with various conditions, including:",
}


def _split_citations(line: str) -> tuple[str, tuple[int, ...]]:
    match = _CITED.match(line)
    if match is None:
        return line.rstrip("."), ()
    numbers = tuple(int(n) for n in re.findall(r"\d+", match["numbers"]))
    return match["text"].rstrip("."), numbers


def _normal(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()


def _bullet_matches(entry: Entry, bullet: str) -> bool:
    if ":" in bullet:  # research bullets: "Name: description"
        name, description = bullet.split(":", 1)
        return _normal(name) == _normal(entry.name) and _normal(description) == _normal(
            entry.description or ""
        )
    # guideline bullets: the name, then its examples or a qualifier
    return _normal(bullet).startswith(_normal(entry.name))


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    # The copy that ships beside the bundled dataset: always there, so this never skips.
    path = bundled_dataset_path().parent / "dystrophic-calcification.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_bullet_of_the_source_is_one_entry_with_its_citations(
    dataset: Dataset, source_lines: list[str]
) -> None:
    source = GUIDELINE
    kind = "cause"
    matched: list[str] = []
    for line in source_lines:
        if line == "From the Research":
            source = RESEARCH
        if line == "Associated Conditions":
            kind = "condition"
        if not line.startswith("- "):
            continue
        text, numbers = _split_citations(line[2:])
        candidates = [e for e in dataset.entries if e.kind == kind and _bullet_matches(e, text)]
        assert len(candidates) == 1, f"{line!r} matches {[c.id for c in candidates]}"
        entry = candidates[0]
        assert (entry.source, entry.citations) == (source, numbers), line
        for example in entry.examples:
            assert example.casefold() in text.casefold(), f"{example!r} is not in {line!r}"
        matched.append(entry.id)
    assert sorted(matched) == sorted(e.id for e in dataset.entries), "an entry the source lacks"


def test_every_paragraph_of_the_source_is_a_statement_with_its_citations(
    dataset: Dataset, source_lines: list[str]
) -> None:
    statements = {_normal(s.text): s for s in dataset.statements}
    source = GUIDELINE
    covered: list[str] = []
    for line in source_lines:
        if line == "From the Research":
            source = RESEARCH
        if line.startswith("- ") or line in _NOT_FACTS:
            continue
        for sentence in re.split(r"(?<=\.)\s+(?=[A-Z])", line):
            if sentence in _NOT_FACTS:
                continue
            text, numbers = _split_citations(sentence)
            statement = statements.get(_normal(text))
            assert statement is not None, f"no statement says {sentence!r}"
            assert (statement.source, statement.citations) == (source, numbers), sentence
            covered.append(statement.id)
    assert sorted(covered) == sorted(s.id for s in dataset.statements), (
        "a statement the source lacks"
    )
