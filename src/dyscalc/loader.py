"""Find a dataset file, read it, and return the validated Dataset (through the parse cache)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dyscalc import cache
from dyscalc.errors import DatasetError
from dyscalc.model import Dataset

BUNDLED_DATASET = "calcifications.yaml"


def bundled_dataset_path() -> Path:
    """The dataset that ships inside the package."""
    beside_code = Path(__file__).parent / "data" / BUNDLED_DATASET
    if beside_code.is_file():
        # What importlib.resources.files() returns for a package on disk, without the
        # ~8 ms it costs at start-up (it imports tempfile and zipfile).
        return beside_code
    from importlib.resources import files  # a package loader that keeps it elsewhere

    return Path(str(files("dyscalc") / "data" / BUNDLED_DATASET))


def read_dataset_bytes(path: Path) -> bytes:
    shown = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problem = "no such file"
    except IsADirectoryError:
        problem = "is a directory, not a dataset file"
    except PermissionError:
        problem = "cannot be read (permission denied)"
    except OSError as error:
        problem = f"cannot be read ({error.strerror or error})"
    from dyscalc.problems import Problem  # only when there is one to report

    raise DatasetError([Problem(shown, None, None, problem)])


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
        from dyscalc.errors import readable
        from dyscalc.problems import Problem

        message = f"the dataset cannot be read: {readable(str(error))}"
        raise DatasetError([Problem(path, None, None, message)]) from None


def load(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Dataset:
    """The dataset at `path`, or the bundled one; raises DatasetError if it is not valid."""
    file = Path(path) if path is not None else bundled_dataset_path()
    data = read_dataset_bytes(file)
    if not use_cache:
        with _without_cyclic_gc():
            return parse_dataset(data, str(file))
    key = cache.cache_key(data)
    with _without_cyclic_gc():
        dataset = cache.read(key)
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
