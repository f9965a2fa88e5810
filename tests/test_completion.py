"""Shell completion offers values, not only commands: topics, sources, formats and the ids
of the dataset in use."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyscalc.cli import app


def bash_complete(line: str, env: dict[str, str] | None = None) -> list[str]:
    words = line.split(" ")
    result = CliRunner().invoke(
        app,
        [],
        prog_name="dyscalc",
        env={
            "_DYSCALC_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("dyscalc explain ", ["definition", "mechanism", "treatment", "recent-findings"]),
        ("dyscalc explain rec", ["recent-findings"]),
        ("dyscalc show tra", ["trauma"]),
        ("dyscalc show neuro", ["neurologic-disorders"]),
        ("dyscalc causes --source ", ["guideline", "research", "all"]),
        ("dyscalc search x --format ", ["table", "json", "jsonl", "csv", "markdown"]),
        ("dyscalc export --format ", ["yaml", "json"]),
        ("dyscalc schema comp", ["compare"]),
        ("dyscalc cau", ["causes"]),
    ],
)
def test_bash_completion_of_values(line: str, expected: list[str]) -> None:
    assert bash_complete(line) == expected


def test_ids_come_from_the_dataset_in_use(bundled_text: str, write_dataset) -> None:
    cause = "  - id: trauma\n    name: Trauma\n    source: research"
    renamed = write_dataset(bundled_text.replace(cause, cause.replace("trauma", "trauma-x", 1)))
    assert bash_complete(f"dyscalc --data {renamed} show trauma") == ["trauma-x"]
    assert bash_complete("dyscalc show trauma", env={"DYSCALC_DATA": str(renamed)}) == ["trauma-x"]


def test_completion_of_ids_with_a_broken_dataset_offers_nothing(write_dataset) -> None:
    broken = write_dataset("not: [valid")
    assert bash_complete(f"dyscalc --data {broken} show tr") == []


def test_install_completion_writes_to_the_given_home(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["--install-completion", "bash"],
        prog_name="dyscalc",
        env={"HOME": str(tmp_path), "SHELL": "/bin/bash"},
    )
    assert result.exit_code == 0, result.stderr
    bashrc = (tmp_path / ".bashrc").read_text()
    assert "dyscalc" in bashrc
    script = next((tmp_path / ".bash_completions").glob("dyscalc*"))
    assert "_DYSCALC_COMPLETE=complete_bash" in script.read_text()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_a_script_for_each_shell(shell: str) -> None:
    result = CliRunner().invoke(app, ["--show-completion", shell], prog_name="dyscalc")
    assert result.exit_code == 0
    assert "_DYSCALC_COMPLETE" in result.stdout
