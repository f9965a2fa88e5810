"""A parse cache: validated datasets kept as JSON, keyed by the sha256 of the file's bytes.

Keying by content (plus the schema and package versions) means an edited file is never
served stale, even when its size and modification time did not change. An entry is used
only after it is checked: it must be a regular file (a FIFO or a device at its path is
never opened for a blocking read), of a bounded size, whose payload matches the checksum
written with it, and whose every field has the type the model declares. Anything else is
a miss, and the entry is written afresh: the cache may only ever make dyscalc faster.

The cache keeps the `MAX_ENTRIES` most recently written entries, `MAX_TOTAL_BYTES` at
most; older ones are removed after each write.
"""

from __future__ import annotations

import importlib
import json
import os
import stat
from pathlib import Path
from typing import Any, Protocol

from dyscalc import __version__
from dyscalc.codec import from_document, to_document
from dyscalc.model import SCHEMA_VERSION, Dataset

MAX_ENTRIES = 16
MAX_TOTAL_BYTES = 256 * 1024 * 1024
# A writer killed mid-write leaves its temporary file; one this old is not being written.
_STALE_TEMPORARY_SECONDS = 24 * 60 * 60


def cache_directory() -> Path | None:
    """Where cached datasets live, or None when caching is switched off.

    A relative XDG_CACHE_HOME is ignored, as the XDG Base Directory spec requires: it
    would put the cache wherever dyscalc happens to run."""
    if os.environ.get("DYSCALC_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
        if not os.path.isabs(base):  # no home directory to be found
            return None
    return Path(base) / "dyscalc"


class _Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


# From this size on, hashlib's sha256 (OpenSSL's) pays for loading libcrypto: it hashes
# about 5 times as fast as CPython's builtin one. benchmarks/hash_threshold.py measures the
# crossover in fresh processes; on 2026-11-25 (2 cores, load average 2.5) hashlib was
# 0.6 ms slower at 1 MiB and 1.2 ms faster at 1.5 MiB. The bundled dataset is 7 KiB.
_HASHLIB_FROM_BYTES = 1 << 20


def _sha256(data: bytes) -> _Digest:
    """hashlib.sha256(data): CPython's builtin sha256 for small data, OpenSSL's for large.

    `import hashlib` loads OpenSSL's libcrypto, about 2 ms of every run; CPython's builtin
    module (named _sha2 since 3.12, _sha256 before) computes the same digest, slower."""
    if len(data) < _HASHLIB_FROM_BYTES:
        for builtin in ("_sha2", "_sha256"):
            try:
                digest: _Digest = importlib.import_module(builtin).sha256(data)
                return digest
            except ImportError:
                continue
    import hashlib  # large data, or a CPython built without its own sha256

    return hashlib.sha256(data)


def cache_key(data: bytes) -> str:
    """The sha256 of the file's bytes, with the schema and package versions mixed in."""
    digest = _sha256(data)
    digest.update(f"\0schema={SCHEMA_VERSION}\0dyscalc={__version__}".encode())
    return digest.hexdigest()


def _checksum(payload: bytes) -> str:
    return _sha256(payload).hexdigest()


def pack(key: str, payload: bytes) -> bytes:
    """A cache entry: one header line naming the key and the payload's checksum, then the
    payload (the dataset as JSON, on one line)."""
    header = json.dumps({"key": key, "sha256": _checksum(payload)}).encode()
    return header + b"\n" + payload


def unpack(key: str, entry: bytes) -> bytes | None:
    """The payload of an entry for `key`, or None if the entry is not whole and unaltered."""
    header, _, payload = entry.partition(b"\n")
    try:
        written = json.loads(header)
    except ValueError:
        return None
    if written != {"key": key, "sha256": _checksum(payload)}:
        return None
    return payload


def _decode(document: Any) -> Dataset:
    """The Dataset in a cache entry's payload, built by code that checks every type
    (codec.NotADataset, a ValueError, when the document is not a dataset)."""
    return from_document(document)


def read(key: str, max_bytes: int) -> Dataset | None:
    """The cached dataset for `key`, or None (a miss) for anything short of a whole,
    unaltered, well-typed entry no larger than `max_bytes`."""
    directory = cache_directory()
    if directory is None:
        return None
    try:
        entry = _read_regular_file(directory / f"{key}.json", max_bytes)
        payload = None if entry is None else unpack(key, entry)
        if payload is None:
            return None
        return _decode(json.loads(payload))
    except Exception:  # noqa: BLE001 - any unreadable, corrupt or ill-typed entry is a miss
        return None


def _read_regular_file(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of the regular file at `path`, or None if it is anything else (a FIFO, a
    device, a directory) or larger than `max_bytes`. Never blocks: a FIFO is opened with
    O_NONBLOCK and refused on sight."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(status.st_size + 1)  # one byte more shows a file still growing
        return data if len(data) == status.st_size else None
    finally:
        os.close(descriptor)


def write(key: str, dataset: Dataset) -> None:
    directory = cache_directory()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing: most runs only read

        payload = json.dumps(to_document(dataset), ensure_ascii=False).encode()
        # Write whole, then rename: a reader or a second writer never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{key[:16]}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(pack(key, payload))
            os.replace(temporary, directory / f"{key}.json")
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(directory, key)
    except (OSError, ValueError):
        return


def _prune(directory: Path, newest: str) -> None:
    """Remove the least recently written entries beyond MAX_ENTRIES or MAX_TOTAL_BYTES
    (never `newest`, the one just written), and temporary files a killed writer left."""
    import time

    entries: list[tuple[float, int, Path]] = []
    now = time.time()
    for path in directory.iterdir():
        try:
            status = path.lstat()
        except OSError:
            continue
        if path.name.startswith(".") and path.suffix == ".tmp":
            if now - status.st_mtime > _STALE_TEMPORARY_SECONDS:
                path.unlink(missing_ok=True)
        elif path.suffix == ".json" and path.stem != newest:
            entries.append((status.st_mtime, status.st_size, path))
    entries.sort(reverse=True)  # newest first
    kept_count, kept_bytes = 1, (directory / f"{newest}.json").stat().st_size
    for _, size, path in entries:
        kept_count += 1
        kept_bytes += size
        if kept_count > MAX_ENTRIES or kept_bytes > MAX_TOTAL_BYTES:
            path.unlink(missing_ok=True)
