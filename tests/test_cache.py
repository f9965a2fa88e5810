"""The parse cache only ever makes dyscalc faster: content-keyed, never stale, checked
before use, bounded, and every failure a silent miss."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

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


def is_whole_entry(path: Path) -> bool:
    """A regular file holding a whole, unaltered entry for the key it is named after."""
    return path.is_file() and cache.unpack(path.stem, path.read_bytes()) is not None


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
    assert is_whole_entry(cached)  # rewritten whole


def test_a_cache_entry_with_the_right_key_but_a_wrong_dataset_is_a_miss(
    bundled_text: str, write_dataset, isolated_environment: Path
) -> None:
    path = write_dataset(bundled_text)
    expected = names(path)
    [cached] = cache_files(isolated_environment)
    cached.write_bytes(cache.pack(cached.stem, json.dumps({"title": "half"}).encode()))
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
    assert is_whole_entry(cached)
    leftovers = [p for p in (isolated_environment / "dyscalc").iterdir() if p.suffix == ".tmp"]
    assert leftovers == []


def test_a_written_entry_reads_back_as_the_same_dataset(
    bundled_text: str, isolated_environment: Path
) -> None:
    dataset = load(use_cache=False)
    key = cache.cache_key(bundled_text.encode())
    cache.write(key, dataset)
    assert len(cache_files(isolated_environment)) == 1
    assert cache.read(key, max_bytes=1 << 30) == dataset


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


# -- an entry is checked before it is used ----------------------------------------------


def _payload(path: Path) -> dict[str, Any]:
    return json.loads(cache.unpack(path.stem, path.read_bytes()) or b"null")


def _trauma(document: dict[str, Any]) -> dict[str, Any]:
    return next(cause for cause in document["causes"] if cause["id"] == "trauma")


def _set_name_to_a_number(document: dict[str, Any]) -> None:
    _trauma(document)["name"] = 7


def _set_citation_to_text(document: dict[str, Any]) -> None:
    _trauma(document)["citations"][0] = "2"


def _set_citation_to_true(document: dict[str, Any]) -> None:
    _trauma(document)["citations"][0] = True


def _change_description(document: dict[str, Any]) -> None:
    _trauma(document)["description"] = "Served from a tampered cache."


def _set_source_to_unknown(document: dict[str, Any]) -> None:
    _trauma(document)["source"] = "rumour"


def _drop_a_field(document: dict[str, Any]) -> None:
    del _trauma(document)["name"]


def _add_a_field(document: dict[str, Any]) -> None:
    document["provenance"]["extra"] = "x"


def _make_citations_a_string(document: dict[str, Any]) -> None:
    _trauma(document)["citations"] = "2345"


def _statement_text_to_list(document: dict[str, Any]) -> None:
    document["topics"][0]["statements"][0]["text"] = ["a", "list"]


# (case, edit of the cached dataset document). Each entry is written back with a checksum
# that matches, so only the type check stands between it and the user.
ILL_TYPED_EDITS = [
    ("name made a number", _set_name_to_a_number),
    ("citation made text", _set_citation_to_text),
    ("citation made a boolean", _set_citation_to_true),
    ("citations made one string", _make_citations_a_string),
    ("unknown evidence source", _set_source_to_unknown),
    ("required field dropped", _drop_a_field),
    ("unknown field added", _add_a_field),
    ("statement text made a list", _statement_text_to_list),
]
COMMANDS_THAT_READ_EVERY_FIELD = [
    ["show", "trauma", "--json"],
    ["citations", "--json"],
    ["overview", "--json"],
    ["search", "trauma", "--json"],
    ["causes", "-f", "csv"],
]


def _answers(path: Path) -> list[str]:
    answers = []
    for command in COMMANDS_THAT_READ_EVERY_FIELD:
        result = CliRunner().invoke(app, ["--data", str(path), *command])
        assert (result.exit_code, result.stderr) == (0, ""), result.stderr
        answers.append(result.stdout)
    return answers


@pytest.mark.parametrize(
    "edit", [edit for _, edit in ILL_TYPED_EDITS], ids=[case for case, _ in ILL_TYPED_EDITS]
)
def test_an_ill_typed_entry_with_a_good_checksum_is_a_miss_and_is_replaced(
    bundled_text: str, write_dataset, isolated_environment: Path, edit: Any
) -> None:
    path = write_dataset(bundled_text)
    expected = _answers(path)
    [cached] = cache_files(isolated_environment)
    document = _payload(cached)
    edit(document)
    cached.write_bytes(cache.pack(cached.stem, json.dumps(document).encode()))
    assert _answers(path) == expected
    assert is_whole_entry(cached)
    assert _payload(cached) != document  # replaced by the file's own dataset


@pytest.mark.parametrize(
    "damage",
    [
        lambda payload: payload.replace(
            b"Dystrophic calcification can occur", b"Served from cache"
        ),
        lambda payload: payload[: len(payload) // 2],
        lambda payload: payload + b" ",
    ],
    ids=["description changed", "payload truncated", "payload extended"],
)
def test_an_entry_whose_payload_does_not_match_its_checksum_is_a_miss(
    bundled_text: str, write_dataset, isolated_environment: Path, damage: Any
) -> None:
    path = write_dataset(bundled_text)
    expected = _answers(path)
    [cached] = cache_files(isolated_environment)
    header, _, payload = cached.read_bytes().partition(b"\n")
    damaged = damage(payload)
    assert damaged != payload
    cached.write_bytes(header + b"\n" + damaged)
    assert _answers(path) == expected
    assert "Served from cache" not in "".join(_answers(path))
    assert is_whole_entry(cached)


@pytest.mark.parametrize("digits", [4301, 100_000])
def test_a_huge_integer_in_an_entry_is_a_miss(
    bundled_text: str, write_dataset, isolated_environment: Path, digits: int
) -> None:
    path = write_dataset(bundled_text)
    expected = _answers(path)
    [cached] = cache_files(isolated_environment)
    payload = json.dumps(_payload(cached)).encode()
    huge = payload.replace(b'"citations": [2, 3, 4, 5]', b'"citations": [' + b"9" * digits + b"]")
    assert huge != payload
    cached.write_bytes(cache.pack(cached.stem, huge))
    assert _answers(path) == expected
    assert is_whole_entry(cached)


def test_an_entry_written_for_another_key_is_a_miss(
    bundled_text: str, write_dataset, isolated_environment: Path
) -> None:
    first = write_dataset(bundled_text)
    second = write_dataset(bundled_text.replace(TRAUMA, TRAUMA.replace("Trauma", "Injury")))
    names(first)
    assert "Injury" in names(second)
    entries = cache_files(isolated_environment)
    assert len(entries) == 2
    # Each entry copied under the other's name: neither may serve the other file's data.
    contents = [entry.read_bytes() for entry in entries]
    for entry, content in zip(entries, reversed(contents), strict=True):
        entry.write_bytes(content)
    assert "Injury" not in names(first)
    assert "Injury" in names(second)


def test_an_entry_larger_than_the_limit_is_not_read(
    bundled_text: str, write_dataset, isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DYSCALC_MAX_DATASET_MB", "1")
    path = write_dataset(bundled_text)
    expected = names(path)
    [cached] = cache_files(isolated_environment)
    with cached.open("r+b") as file:  # sparse: as large as a disk would allow, costs nothing
        file.truncate(1 << 40)
    read = cache._read_regular_file
    sizes: list[int] = []

    def recording(entry: Path, max_bytes: int) -> bytes | None:
        sizes.append(max_bytes)
        return read(entry, max_bytes)

    monkeypatch.setattr(cache, "_read_regular_file", recording)
    assert names(path) == expected
    assert sizes == [2 * 1024 * 1024]
    assert is_whole_entry(cached)


def _entry_path(cache_home: Path, dataset: Path) -> Path:
    return cache_home / "dyscalc" / f"{cache.cache_key(dataset.read_bytes())}.json"


def _link_to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _make_directory(path: Path) -> None:
    path.mkdir()


def _run_causes(dataset: Path, cache_home: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "dyscalc", "--data", str(dataset), "causes", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    return [cause["name"] for cause in json.loads(result.stdout)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs and /dev/zero")
@pytest.mark.parametrize(
    "make",
    [_link_to_dev_zero, _make_directory],
    ids=["link to /dev/zero", "directory"],
)
def test_something_not_a_regular_file_at_the_entry_path_never_blocks(
    bundled_text: str, write_dataset, isolated_environment: Path, make: Any
) -> None:
    path = write_dataset(bundled_text)
    entry = _entry_path(isolated_environment, path)
    entry.parent.mkdir()
    make(entry)
    assert "Trauma" in _run_causes(path, isolated_environment)
    if not entry.is_dir():  # a directory cannot be replaced by a file; a miss every time
        assert is_whole_entry(entry)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
@pytest.mark.parametrize("with_writer", [False, True], ids=["no writer", "a waiting writer"])
def test_a_fifo_at_the_entry_path_is_never_read(
    bundled_text: str, write_dataset, isolated_environment: Path, with_writer: bool
) -> None:
    path = write_dataset(bundled_text)
    entry = _entry_path(isolated_environment, path)
    entry.parent.mkdir()
    os.mkfifo(entry)
    if not with_writer:  # opening it for reading would wait for a writer forever
        assert "Trauma" in _run_causes(path, isolated_environment)
    else:
        # Opened for reading and writing, the FIFO holds a byte for whoever reads it next.
        fifo = os.open(entry, os.O_RDWR | os.O_NONBLOCK)
        try:
            os.write(fifo, b"x")
            assert "Trauma" in _run_causes(path, isolated_environment)
            assert os.read(fifo, 1) == b"x"  # dyscalc took nothing from it
        finally:
            os.close(fifo)
    assert is_whole_entry(entry)  # replaced by a regular file


# -- where the cache lives, and how large it grows --------------------------------------


@pytest.mark.parametrize("relative", ["cache", ".", "./here", "~/cache"])
def test_a_relative_xdg_cache_home_is_ignored(
    bundled_text: str,
    write_dataset,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    relative: str,
) -> None:
    home = tmp_path / "home"
    working = tmp_path / "working"
    working.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", relative)
    monkeypatch.chdir(working)
    assert "Trauma" in names(write_dataset(bundled_text))
    assert list(working.rglob("*.json")) == []
    assert len(cache_files(home / ".cache")) == 1


def _distinct_datasets(bundled_text: str, write_dataset, count: int) -> list[Path]:
    return [
        write_dataset(bundled_text.replace(TRAUMA, TRAUMA.replace("Trauma", f"Trauma {n}")))
        for n in range(count)
    ]


def test_the_cache_keeps_only_the_most_recently_written_entries(
    bundled_text: str, write_dataset, isolated_environment: Path
) -> None:
    datasets = _distinct_datasets(bundled_text, write_dataset, cache.MAX_ENTRIES + 4)
    for number, path in enumerate(datasets):
        load(path)
        entry = _entry_path(isolated_environment, path)
        os.utime(entry, (1_000_000 + number, 1_000_000 + number))  # written in this order
    kept = cache_files(isolated_environment)
    assert len(kept) == cache.MAX_ENTRIES
    newest = [_entry_path(isolated_environment, p) for p in datasets[-cache.MAX_ENTRIES :]]
    assert kept == sorted(newest)


def test_the_cache_keeps_at_most_its_byte_limit(
    bundled_text: str, write_dataset, isolated_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    datasets = _distinct_datasets(bundled_text, write_dataset, 6)
    entry_size = None
    for number, path in enumerate(datasets):
        load(path)
        entry = _entry_path(isolated_environment, path)
        os.utime(entry, (1_000_000 + number, 1_000_000 + number))
        entry_size = entry_size or entry.stat().st_size
        monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", int(entry_size * 2.5))
    kept = cache_files(isolated_environment)
    assert kept == sorted(_entry_path(isolated_environment, p) for p in datasets[-2:])


def test_a_write_removes_temporary_files_a_killed_writer_left(
    bundled_text: str, write_dataset, isolated_environment: Path
) -> None:
    folder = isolated_environment / "dyscalc"
    folder.mkdir()
    stale = folder / ".0123456789abcdef-killed.tmp"
    fresh = folder / ".0123456789abcdef-writing.tmp"
    for temporary in (stale, fresh):
        temporary.write_text("{half")
    os.utime(stale, (1_000_000, 1_000_000))
    load(write_dataset(bundled_text))
    assert not stale.exists()
    assert fresh.exists()  # another process may be writing it right now


def test_the_readme_states_the_limits_the_cache_applies() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    mib = cache.MAX_TOTAL_BYTES // (1024 * 1024)
    expected = f"keeps the {cache.MAX_ENTRIES} most recently written entries ({mib} MiB at most)"
    assert expected in " ".join(readme.split())
