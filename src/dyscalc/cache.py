"""A parse cache: validated datasets kept as JSON, keyed by the sha256 of the file's bytes.

Keying by content (plus the schema and package versions) means an edited file is never
served stale, even when its size and modification time did not change. Every failure
here is a silent cache miss: the cache may only ever make dyscalc faster.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Protocol

from dyscalc import __version__
from dyscalc.codec import from_document, to_document
from dyscalc.model import SCHEMA_VERSION, Dataset


def cache_directory() -> Path | None:
    """Where cached datasets live, or None when caching is switched off."""
    if os.environ.get("DYSCALC_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
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


def read(key: str) -> Dataset | None:
    directory = cache_directory()
    if directory is None:
        return None
    try:
        with open(directory / f"{key}.json", encoding="utf-8") as file:
            stored = json.load(file)
        if stored.get("key") != key:
            return None
        return from_document(stored["dataset"])
    except Exception:  # noqa: BLE001 - any unreadable or corrupt entry is only a miss
        return None


def write(key: str, dataset: Dataset) -> None:
    directory = cache_directory()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing: most runs only read

        # Write whole, then rename: a reader or a second writer never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{key[:16]}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                # One string, one write: json.dump to a file uses json's pure-Python encoder.
                stored = {"key": key, "dataset": to_document(dataset)}
                file.write(json.dumps(stored, ensure_ascii=False))
            os.replace(temporary, directory / f"{key}.json")
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return
