"""Shell completion offers values, not only commands: topics, sources, formats and the ids
of the dataset in use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyscalc.cli import Shell, app
from dyscalc.completion import completion_script


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


def test_install_completion_for_zsh_installs_the_script_that_is_shown(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--install-completion", "zsh"], prog_name="dyscalc", env={"HOME": str(tmp_path)}
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"zsh completion installed in {tmp_path}/.zfunc/_dyscalc")
    assert (tmp_path / ".zfunc" / "_dyscalc").read_text() == completion_script("zsh")
    assert "fpath+=~/.zfunc" in (tmp_path / ".zshrc").read_text()


# What marks each shell's own script: a script for another shell would not load.
SCRIPT_MARKS = {
    "bash": "complete -o default -F _dyscalc_completion dyscalc",
    "zsh": "#compdef dyscalc",
    "fish": "complete --command dyscalc --no-files",
}


@pytest.mark.parametrize("parent", ["/bin/sh", "bash"])
@pytest.mark.parametrize("shell", list(SCRIPT_MARKS))
def test_show_completion_prints_the_named_shells_script_from_any_shell(
    shell: str, parent: str
) -> None:
    """Packagers write the scripts from a build script, under whatever shell that runs."""
    result = subprocess.run(
        [parent, "-c", f'"{sys.executable}" -m dyscalc --show-completion {shell}'],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "SHELL": parent},
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == completion_script(shell)
    assert "_DYSCALC_COMPLETE=complete_" + shell in result.stdout
    for other, mark in SCRIPT_MARKS.items():
        assert (mark in result.stdout) == (other == shell), other


def test_every_shell_with_a_script_is_offered() -> None:
    assert [shell.value for shell in Shell] == list(SCRIPT_MARKS)


def test_the_zsh_script_completes_on_the_first_tab_when_autoloaded() -> None:
    # Shipped in site-functions, zsh autoloads the file on the first TAB: it must complete
    # then, not only register itself for the next TAB.
    script = completion_script("zsh")
    assert 'loadautofunc ]]; then\n  _dyscalc_completion "$@"' in script
    assert "\n  compdef _dyscalc_completion dyscalc\nfi\n" in script


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--show-completion", "sh"], "'sh' is not one of 'bash', 'zsh', 'fish'"),
        (["--show-completion"], "Option '--show-completion' requires an argument"),
        (["--install-completion", "tcsh"], "'tcsh' is not one of 'bash', 'zsh', 'fish'"),
    ],
)
def test_an_unsupported_or_missing_shell_is_a_usage_error(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args, prog_name="dyscalc")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
