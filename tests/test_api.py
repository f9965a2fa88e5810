"""The Python API: dyscalc.load() and the query functions return dataclasses, and never
import typer or rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

import dyscalc
from dyscalc.model import Entry, EvidenceSource, Topic


def test_load_and_query() -> None:
    dataset = dyscalc.load()
    research = dyscalc.causes(dataset, "research").entries
    assert [c.name for c in research][:2] == ["Trauma", "Infection"]
    assert all(isinstance(c, Entry) for c in research)
    assert dyscalc.causes(dataset, EvidenceSource.GUIDELINE).entries[-1].citations == (1,)
    assert [c.id for c in dyscalc.conditions(dataset).entries][-1] == "rheumatic-diseases"
    mechanism = dyscalc.topic(dataset, "mechanism", "research")
    assert isinstance(mechanism, Topic)
    assert (mechanism.id, mechanism.title, mechanism.statements) == ("mechanism", "Mechanism", ())
    assert dyscalc.topic(dataset, "mechanism").statements[0].citations == ()
    uses = {u.citation.number: u for u in dyscalc.citation_uses(dataset).uses}
    assert [item.id for item in uses[5].cited_by] == [
        "trauma",
        "infection",
        "inflammation",
        "rheumatic-diseases",
    ]
    assert [hit.id for hit in dyscalc.search(dataset, "masseter").hits] == [
        "masseter-muscle-calcification"
    ]
    assert dyscalc.find(dataset, "trauma") == research[0]
    assert dyscalc.find(dataset, "mechanism") == dataset.topics[1]
    assert dyscalc.find(dataset, "mechanism-guideline") == dataset.topics[1].statements[0]


def test_errors_are_the_projects_own() -> None:
    dataset = dyscalc.load()
    with pytest.raises(dyscalc.NotFound, match="did you mean 'trauma'"):
        dyscalc.find(dataset, "trauma-")
    with pytest.raises(dyscalc.DatasetError):
        dyscalc.load("/nonexistent.yaml")


def test_the_api_never_imports_typer_or_rich() -> None:
    code = (
        "import sys, dyscalc; d = dyscalc.load(); dyscalc.causes(d, 'research'); "
        "dyscalc.search(d, 'x'); print(sorted(m for m in ('typer', 'rich') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_package_docstring_example_runs() -> None:
    import doctest

    assert doctest.testmod(dyscalc).attempted == 3
    assert doctest.testmod(dyscalc).failed == 0


def test_the_package_is_typed() -> None:
    from importlib.resources import files

    assert (files("dyscalc") / "py.typed").is_file()
