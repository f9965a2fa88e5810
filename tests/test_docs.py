"""Docs that cannot drift: the CLI reference is regenerated and compared, and every
command's help has a summary and an example."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from dyscalc.cli import app

ROOT = Path(__file__).resolve().parent.parent
COMMAND_NAMES = sorted(get_command(app).commands)  # type: ignore[attr-defined]
# The exact command that wrote docs/cli.md; rerun it after changing any help text.
GENERATE = [
    "-m",
    "typer",
    "dyscalc.cli",
    "utils",
    "docs",
    "--name",
    "dyscalc",
    "--title",
    "dyscalc command reference",
]


def test_cli_reference_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "cli.md"
    subprocess.run(
        [sys.executable, *GENERATE, "--output", str(fresh)], check=True, capture_output=True
    )
    committed = ROOT / "docs" / "cli.md"
    assert committed.read_text() == fresh.read_text(), (
        "docs/cli.md is stale: run  python " + " ".join(GENERATE) + " --output docs/cli.md"
    )


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_has_a_summary_and_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    summary = lines[lines.index("") + 1]
    assert summary.endswith(".")
    assert any(line.startswith(f"Example: dyscalc {name}") for line in lines)


def test_readme_shows_every_command() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in COMMAND_NAMES:
        assert f"`dyscalc {name}" in readme, f"README has no example of dyscalc {name}"


def test_readme_screenshots_are_current(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "docs" / "make_screenshots.py"), str(tmp_path)], check=True
    )
    for name in ("compare.svg", "overview.svg"):
        assert (tmp_path / name).read_text() == (ROOT / "docs" / name).read_text(), (
            f"docs/{name} is stale: run  python docs/make_screenshots.py"
        )
