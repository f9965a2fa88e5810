"""Find a dataset file, read it, and return the validated Dataset (through the parse cache).

A dataset file is read only up to a size limit, DEFAULT_SIZE_LIMIT_MIB unless the
environment variable DYSCALC_MAX_DATASET_MB raises it: building the model takes many times
the file's size in memory, and an endless input (`--data /dev/zero`) must be refused, not
read until memory runs out.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dyscalc import cache
from dyscalc.errors import DatasetError, UsageError
from dyscalc.model import Dataset
from dyscalc.wording import quoted, readable

BUNDLED_DATASET = "calcifications.yaml"
DEFAULT_SIZE_LIMIT_MIB = 64
SIZE_LIMIT_VARIABLE = "DYSCALC_MAX_DATASET_MB"
_MIB = 1024 * 1024


def bundled_dataset_path() -> Path:
    """The dataset that ships inside the package."""
    beside_code = Path(__file__).parent / "data" / BUNDLED_DATASET
    if beside_code.is_file():
        # What importlib.resources.files() returns for a package on disk, without the
        # ~8 ms it costs at start-up (it imports tempfile and zipfile).
        return beside_code
    from importlib.resources import files  # a package loader that keeps it elsewhere

    return Path(str(files("dyscalc") / "data" / BUNDLED_DATASET))


def size_limit() -> int:
    """The largest dataset file dyscalc reads, in bytes (DYSCALC_MAX_DATASET_MB, in MiB)."""
    value = os.environ.get(SIZE_LIMIT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_SIZE_LIMIT_MIB * _MIB
    # At most 12 digits: int() of a longer string could itself be refused or slow.
    if not (value.isascii() and value.isdigit() and len(value) <= 12 and int(value) > 0):
        raise UsageError(
            f"{SIZE_LIMIT_VARIABLE} must be a whole number of MiB, such as 256, not {quoted(value)}"
        )
    return int(value) * _MIB


def read_dataset_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes; DatasetError if it cannot be read or is larger than `limit` bytes
    (by default `size_limit()`), which is checked before reading and while reading, so an
    endless input is refused as soon as it passes the limit."""
    limit = size_limit() if limit is None else limit
    try:
        with open(path, "rb") as file:
            status = os.fstat(file.fileno())
            if stat.S_ISREG(status.st_mode) and status.st_size > limit:
                problem = _too_large(limit, status.st_size)
            else:
                data = file.read(limit + 1)
                if len(data) <= limit:
                    return data
                problem = _too_large(limit, None)
    except FileNotFoundError:
        problem = "no such file"
    except IsADirectoryError:
        problem = "is a directory, not a dataset file"
    except PermissionError:
        problem = "cannot be read (permission denied)"
    except OSError as error:
        problem = f"cannot be read ({error.strerror or error})"
    except ValueError as error:  # a path with a NUL character in it
        problem = f"cannot be read ({error})"
    from dyscalc.problems import Problem  # only when there is one to report

    raise DatasetError([Problem(str(path), None, None, problem)])


def _too_large(limit: int, size: int | None) -> str:
    actual = f"is {size / _MIB:.1f} MiB, larger than" if size is not None else "is larger than"
    return (
        f"{actual} the {limit / _MIB:g} MiB limit for a dataset file "
        f"(set {SIZE_LIMIT_VARIABLE} to a number of MiB to raise it)"
    )


def parse_dataset(data: bytes, path: str) -> Dataset:
    """Validate a dataset's bytes; DatasetError lists every problem, located in `path`."""
    from dyscalc.dataset_checker import build_dataset
    from dyscalc.yamlparse import compose, decode_utf8

    root = compose(decode_utf8(data, path), path)
    try:
        return build_dataset(root, path)
    except (ValueError, RecursionError) as error:
        # The checker locates every problem it knows of; this keeps any other one a
        # DatasetError, as load() promises, rather than an error from deep inside Python.
        from dyscalc.problems import Problem

        message = f"the dataset cannot be read: {readable(str(error))}"
        raise DatasetError([Problem(path, None, None, message)]) from None


def load(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Dataset:
    """The dataset at `path`, or the bundled one; raises DatasetError if it is not valid."""
    if path is not None and not os.fspath(path):
        from dyscalc.problems import Problem

        raise DatasetError([Problem("''", None, None, "the dataset path is empty")])
    file = Path(path) if path is not None else bundled_dataset_path()
    limit = size_limit()
    data = read_dataset_bytes(file, limit)
    if not use_cache:
        with _without_cyclic_gc():
            return parse_dataset(data, str(file))
    key = cache.cache_key(data)
    with _without_cyclic_gc():
        # A cache entry is the dataset as JSON, a little larger than its YAML can be.
        dataset = cache.read(key, 2 * limit)
        if dataset is None:
            dataset = parse_dataset(data, str(file))
            cache.write(key, dataset)
    return dataset


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Building a dataset allocates many objects and no reference cycles; the cyclic
    collector's repeated passes over the growing heap cost a quarter of a 100,000-entry
    load and make it grow faster than the file."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
