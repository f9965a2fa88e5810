"""Property: whatever a curator's edit does to the dataset, the loader either returns a
Dataset or raises DatasetError; it never fails in any other way."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyscalc.errors import DatasetError
from dyscalc.loader import bundled_dataset_path, parse_dataset
from dyscalc.model import Dataset

BUNDLED_TEXT = bundled_dataset_path().read_text(encoding="utf-8")
BUNDLED = yaml.safe_load(BUNDLED_TEXT)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["no", "yes", "off", "2026-11-24", "0x1f", "~", "guideline", "research", "1"]),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def assert_loads_or_refuses(data: bytes, path: str) -> None:
    """A Dataset, or a DatasetError whose every problem is located in `path`."""
    problems = []
    try:
        result = parse_dataset(data, path)
    except DatasetError as error:
        problems = error.problems
    else:
        assert isinstance(result, Dataset)
    assert all(str(problem).startswith(path) for problem in problems)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


ALL_PATHS = _paths(BUNDLED)[1:]


def _mutated(document: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])
    elif action == "duplicate":
        parent[f"{last}-copy"] = parent[last]
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    return document


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(ALL_PATHS),
            st.sampled_from(["delete", "replace", "duplicate", "rename"]),
            values,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_structural_mutations_load_or_raise_dataset_error(
    edits: list[tuple[tuple[Any, ...], str, Any]],
) -> None:
    document = copy.deepcopy(BUNDLED)
    for path, action, value in edits:
        try:
            document = _mutated(document, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed this path
    text = yaml.dump(document, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
    assert_loads_or_refuses(text.encode("utf-8"), "mutated.yaml")


@settings(max_examples=500, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(BUNDLED_TEXT)),
    cut=st.integers(min_value=0, max_value=40),
    injected=st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
    | st.sampled_from(
        ["\n", ": ", "- ", "[", "{", '"', "'", "&a ", "*a", "!!python/name:os.system", "\t"]
    ),
)
def test_text_edits_load_or_raise_dataset_error(position: int, cut: int, injected: str) -> None:
    text = BUNDLED_TEXT[:position] + injected + BUNDLED_TEXT[position + cut :]
    assert_loads_or_refuses(text.encode("utf-8", "surrogatepass"), "edited.yaml")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_load_or_raise_dataset_error(data: bytes) -> None:
    assert_loads_or_refuses(data, "bytes.yaml")
