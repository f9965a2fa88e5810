"""The parse cache only ever makes dyscalc faster: content-keyed, never stale, and every
failure a silent miss."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyscalc import __version__, cache, loader
from dyscalc.cli import app
from dyscalc.loader import load
from dyscalc.model import SCHEMA_VERSION

TRAUMA = "  - id: trauma\n    name: Trauma\n    source: research"


def names(path: Path) -> list[str]:
    result = CliRunner().invoke(app, ["--data", str(path), "causes", "--json"])
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return [cause["name"] for cause in json.loads(result.stdout)]


def cache_files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "dyscalc").glob("*.json"))


def test_a_second_load_is_served_from_the_cache_without_parsing(
    bundled_text: str, write_dataset, isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(bundled_text)
    parsed = load(path, use_cache=False)
    assert load(path) == parsed  # parses and fills the cache
    assert len(cache_files(isolated_environment)) == 1

    def parse_again(*_: object) -> None:
        raise AssertionError("parsed again instead of reading the cache")

    monkeypatch.setattr(loader, "parse_dataset", parse_again)
    assert load(path) == parsed


def test_a_load_serves_what_the_cache_holds_for_the_file(bundled_text: str, write_dataset) -> None:
    path = write_dataset(bundled_text)
    planted = replace(load(path, use_cache=False), title="Planted in the cache")
    cache.write(cache.cache_key(path.read_bytes()), planted)
    assert load(path).title == "Planted in the cache"


def test_an_edit_that_keeps_size_and_mtime_is_not_served_stale(
    bundled_text: str, write_dataset
) -> None:
    path = write_dataset(bundled_text)
    assert "Trauma" in names(path)
    before = path.stat()
    edited = bundled_text.replace(TRAUMA, TRAUMA.replace("Trauma", "Traumb"))
    assert len(edited) == len(bundled_text)
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert "Traumb" in names(path)
    assert "Trauma" not in names(path)


def test_an_edit_that_breaks_the_file_is_refused_even_after_a_cached_load(
    bundled_text: str, write_dataset
) -> None:
    path = write_dataset(bundled_text)
    names(path)
    path.write_text(bundled_text.replace(TRAUMA, TRAUMA.replace("name: Trauma", "name: no")))
    result = CliRunner().invoke(app, ["--data", str(path), "causes"])
    assert result.exit_code == 1
    assert "cause name must be text" in result.stderr


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"key": "wrong", "dataset": {}}',
        b"[1, 2, 3]",
        b"\xff\xfe garbage",
    ],
    ids=["empty", "truncated", "wrong key", "wrong shape", "not utf-8"],
)
def test_a_corrupt_cache_file_is_a_silent_miss_and_is_replaced(
    bundled_text: str, write_dataset, isolated_environment: Path, damage: bytes
) -> None:
    path = write_dataset(bundled_text)
    expected = names(path)
    [cached] = cache_files(isolated_environment)
    cached.write_bytes(damage)
    assert names(path) == expected
    assert json.loads(cached.read_text())["key"] == cached.stem  # rewritten whole


def test_a_cache_entry_with_the_right_key_but_a_wrong_dataset_is_a_miss(
    bundled_text: str, write_dataset, isolated_environment: Path
) -> None:
    path = write_dataset(bundled_text)
    expected = names(path)
    [cached] = cache_files(isolated_environment)
    cached.write_text(json.dumps({"key": cached.stem, "dataset": {"title": "half"}}))
    assert names(path) == expected


def test_a_read_only_cache_directory_is_a_silent_miss(
    bundled_text: str, write_dataset, isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(bundled_text)
    folder = isolated_environment / "dyscalc"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root ignores permissions: refuse the write instead

        def refuse(*_: object, **__: object) -> tuple[int, str]:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("tempfile.mkstemp", refuse)
    try:
        assert "Trauma" in names(path)
        assert cache_files(isolated_environment) == []
    finally:
        folder.chmod(0o755)


def test_a_cache_directory_that_cannot_be_made_is_a_silent_miss(
    bundled_text: str, write_dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert "Trauma" in names(write_dataset(bundled_text))


def test_the_cache_can_be_switched_off(
    bundled_text: str, write_dataset, isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DYSCALC_NO_CACHE", "1")
    assert "Trauma" in names(write_dataset(bundled_text))
    assert cache_files(isolated_environment) == []


# Each part of the key, changed: a function that patches a version, or returns bytes to add.
KEY_PARTS: dict[str, Callable[[pytest.MonkeyPatch], bytes | None]] = {
    "the file's bytes": lambda _: b" ",
    "the schema version": lambda patch: patch.setattr(cache, "SCHEMA_VERSION", SCHEMA_VERSION + 1),
    "the dyscalc version": lambda patch: patch.setattr(cache, "__version__", __version__ + ".1"),
}


@pytest.mark.parametrize("part", KEY_PARTS)
def test_changing_any_part_of_the_key_changes_the_key_and_misses(
    bundled_text: str, write_dataset, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    path = write_dataset(bundled_text)
    data = path.read_bytes()
    key = cache.cache_key(data)
    assert cache.cache_key(bytes(data)) == key
    with monkeypatch.context() as patch:
        added = KEY_PARTS[part](patch) or b""
        other_key = cache.cache_key(data + added)
        # What another file or another dyscalc would have cached: never served for this one.
        cache.write(other_key, replace(load(path, use_cache=False), title="Another key's"))
    assert other_key != key
    assert load(path) == load(path, use_cache=False)


@pytest.mark.parametrize("builtin_sha256", [True, False], ids=["builtin", "hashlib"])
def test_the_key_is_the_sha256_of_the_bytes_and_versions(
    bundled_text: str, builtin_sha256: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not builtin_sha256:  # a CPython built without its own sha256 module

        def no_builtin(name: str) -> None:
            raise ImportError(name)

        monkeypatch.setattr(cache.importlib, "import_module", no_builtin)
    data = bundled_text.encode()
    versions = f"\0schema={SCHEMA_VERSION}\0dyscalc={__version__}".encode()
    assert cache.cache_key(data) == hashlib.sha256(data + versions).hexdigest()


def test_two_processes_writing_at_once_leave_a_whole_entry(
    bundled_text: str, write_dataset, isolated_environment: Path
) -> None:
    path = write_dataset(bundled_text)
    racers = [
        subprocess.Popen(
            [sys.executable, "-m", "dyscalc", "--data", str(path), "causes", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "XDG_CACHE_HOME": str(isolated_environment)},
        )
        for _ in range(6)
    ]
    outputs = [racer.communicate() for racer in racers]
    assert [racer.returncode for racer in racers] == [0] * 6
    assert all(err == b"" for _, err in outputs)
    assert len({out for out, _ in outputs}) == 1
    [cached] = cache_files(isolated_environment)
    assert json.loads(cached.read_text())["key"] == cached.stem
    leftovers = [p for p in (isolated_environment / "dyscalc").iterdir() if p.suffix == ".tmp"]
    assert leftovers == []


def test_a_written_entry_reads_back_as_the_same_dataset(
    bundled_text: str, isolated_environment: Path
) -> None:
    dataset = load(use_cache=False)
    key = cache.cache_key(bundled_text.encode())
    cache.write(key, dataset)
    assert len(cache_files(isolated_environment)) == 1
    assert cache.read(key) == dataset


@pytest.mark.parametrize(
    ("size", "openssl_loaded"),
    [(7_000, False), (cache._HASHLIB_FROM_BYTES - 1, False), (cache._HASHLIB_FROM_BYTES, True)],
    ids=["small", "just below the threshold", "at the threshold"],
)
def test_large_files_are_hashed_by_openssl_with_the_same_key(
    size: int, openssl_loaded: bool
) -> None:
    # OpenSSL's sha256 is faster on large data, but loading it costs more than it saves on
    # small data (the threshold's measurement is beside it in cache.py).
    code = (
        "import sys; from dyscalc import cache; "
        f"print(cache.cache_key(bytes(range(256)) * ({size} // 256) + b'x' * ({size} % 256))); "
        "print('_hashlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    key, loaded = result.stdout.split()
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    versions = f"\0schema={SCHEMA_VERSION}\0dyscalc={__version__}".encode()
    assert key == hashlib.sha256(data + versions).hexdigest()
    assert loaded == str(openssl_loaded)
