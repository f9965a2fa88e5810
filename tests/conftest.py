"""Shared fixtures: an isolated cache and environment for every test, a CLI runner, and
helpers to write datasets."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyscalc.loader import bundled_dataset_path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ and the shipped JSON Schemas from the current code "
        "(see tests/test_golden.py).",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("update_golden"):
        # The shipped schemas are generated too, and `dyscalc schema` prints them: rewrite
        # them first, so that one command brings every generated file up to date.
        from dyscalc.schema_generation import main as write_schemas

        write_schemas()


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test reads or writes the user's cache, or inherits their dataset, colour or pager."""
    cache_home = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    # TTY_COMPATIBLE (set on some CI runners) makes rich style a pipe as a terminal.
    inherited = ("DYSCALC_DATA", "DYSCALC_DEBUG", "DYSCALC_NO_CACHE", "FORCE_COLOR")
    for name in (*inherited, "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv(
        "DYSCALC_PAGER", ""
    )  # never a pager in tests (tests/test_terminal.py sets one)
    monkeypatch.setenv("COLUMNS", "100")
    return cache_home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def bundled_text() -> str:
    return bundled_dataset_path().read_text(encoding="utf-8")


@pytest.fixture
def write_dataset(tmp_path: Path) -> DatasetWriter:
    return DatasetWriter(tmp_path)


class DatasetWriter:
    """Writes dataset files into a test's own folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def __call__(self, content: str | bytes, name: str | None = None) -> Path:
        self.count += 1
        path = self.folder / (name or f"dataset-{self.count}.yaml")
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path
