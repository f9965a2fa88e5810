"""Where a dataset file writes each item and field: the lines verify reports."""

from __future__ import annotations

import pytest

from dyscalc.dataset_lines import dataset_lines, line_of

GADGETS = """\
schema_version: 2
title: Gadgets
version: "1"
provenance:
  document: gadgets.txt
  sha256: abc
topics:
  - id: care
    title: Care
    statements:
      - id: care-research
        source: research
        text: Gears mesh.
        citations: [1]
        quote:
          line: 3
          text: >-
            Gears mesh
causes:
  - {id: rust, name: Rust, source: research, citations: [],
     quote: {line: 4, text: Rust}}
conditions: []
citations: [{id: 1, source: research}]
"""

LINES = [
    ("provenance", 4),
    ("provenance.document", 5),
    ("provenance.sha256", 6),
    ("care-research", 11),
    ("care-research.citations", 14),
    ("care-research.quote", 15),
    ("care-research.quote.line", 16),
    ("care-research.quote.text", 17),
    ("rust", 20),
    ("rust.citations", 20),
    ("rust.quote.text", 21),
]


@pytest.mark.parametrize(("name", "line"), LINES)
def test_each_item_and_field_is_found_at_its_line(name: str, line: int) -> None:
    assert dataset_lines(GADGETS, "gadgets.yaml")[name] == line


def test_topics_and_citations_are_not_items() -> None:
    names = dataset_lines(GADGETS, "gadgets.yaml")
    assert {name.split(".")[0] for name in names} == {"provenance", "care-research", "rust"}


def test_line_of_falls_back_to_the_next_name() -> None:
    lines = dataset_lines(GADGETS, "gadgets.yaml")
    assert line_of(lines, "rust.source", "rust") == 20
    assert line_of(lines, "rust.category", "rust") == 20
    assert line_of(lines, "rust.category") is None


def test_the_bundled_dataset_is_located(bundled_text: str) -> None:
    lines = dataset_lines(bundled_text, "calcifications.yaml")
    written = bundled_text.splitlines()
    assert written[lines["trauma"] - 1] == "  - id: trauma"
    assert written[lines["trauma.citations"] - 1] == "    citations: [2, 3, 4, 5]"
    assert written[lines["provenance"] - 1] == "provenance:"
