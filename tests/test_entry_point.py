"""The console script's own wrapper (`dyscalc.__main__.main`), run in-process, and the
optional bibliographic fields that a richer dataset may carry."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from dyscalc.__main__ import main
from dyscalc.cli import app


@pytest.mark.parametrize(
    ("argv", "exit_code"),
    [(["causes", "--json"], 0), (["show", "nope"], 1), (["explain", "nope"], 2)],
)
def test_main_exits_with_the_commands_code(
    argv: list[str],
    exit_code: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.argv", ["dyscalc", *argv])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == exit_code
    captured = capsys.readouterr()
    if exit_code == 0:
        assert len(json.loads(captured.out)) == 13
    else:
        assert captured.out == ""
        assert len(captured.err.splitlines()) == 1


def test_references_are_shown_when_a_dataset_has_them(bundled_text: str, write_dataset) -> None:
    document = yaml.safe_load(bundled_text)
    document["citations"][1]["reference"] = {
        "title": "A study",
        "authors": ["Doe J", "Roe R"],
        "journal": "Journal",
        "year": 2020,
        "doi": "10.0000/example",
    }
    path = write_dataset(yaml.safe_dump(document, sort_keys=False))
    citations = json.loads(
        CliRunner().invoke(app, ["--data", str(path), "citations", "--json"]).stdout
    )
    assert citations[1]["reference"] == "Doe J, Roe R. A study. Journal. 2020. doi:10.0000/example"
    assert citations[0]["reference"] is None
    table = CliRunner().invoke(app, ["--data", str(path), "citations"]).stdout
    assert "Doe J, Roe R" in table
    assert table.count("not given in source") == 5
