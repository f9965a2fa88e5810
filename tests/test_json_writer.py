"""The indented JSON writer writes exactly what `json.dumps(indent=2)` writes, in less time
(docs/performance.md): every JSON answer goes through it."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dyscalc.cli import app
from dyscalc.render.machine import indented_json

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities too
    | st.text()  # any code point: quotes, controls, surrogates, beyond the BMP
)
json_like = st.recursive(
    scalars,
    lambda children: (
        st.lists(children)
        | st.lists(children).map(tuple)
        | st.dictionaries(st.text(), children)
        # Keys json.dumps turns into strings itself: the writer leaves those to it.
        | st.dictionaries(st.one_of(st.text(), st.integers(), st.booleans(), st.none()), children)
    ),
    max_leaves=40,
)


@given(json_like, st.booleans())
def test_writes_what_json_dumps_writes(value: Any, ascii_only: bool) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=ascii_only)
    assert indented_json(value, ascii_only=ascii_only) == expected


class Colour(str, enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


@pytest.mark.parametrize(
    "value",
    [
        {"colour": Colour.RED, "level": Level.HIGH, "levels": [Level.HIGH]},
        [Colour.RED, "plain"],
        ["text", 1, True, None, 1.5, math.inf, -math.inf, math.nan],
        {"": {"": [[], {}, ()]}},
        {1.5: "a float key", None: "a None key"},
    ],
    ids=["subclasses", "a str subclass in a list", "mixed scalars", "empty", "odd keys"],
)
@pytest.mark.parametrize("ascii_only", [False, True], ids=["unicode", "ascii"])
def test_writes_what_json_dumps_writes_for_subclasses_and_odd_keys(
    value: Any, ascii_only: bool
) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=ascii_only)
    assert indented_json(value, ascii_only=ascii_only) == expected


def test_refuses_a_cycle_as_json_dumps_does() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference detected"):
        indented_json(cycle)


@pytest.mark.parametrize(
    "args",
    [
        ["causes"],
        ["conditions"],
        ["explain", "mechanism"],
        ["explain"],
        ["citations"],
        ["search", "calc"],
        ["show", "systemic-disorders"],
        ["info"],
        ["compare"],
        ["overview"],
    ],
    ids=lambda args: " ".join(args),
)
def test_every_json_answer_reads_back_and_reprints_the_same(args: list[str]) -> None:
    output = CliRunner().invoke(app, [*args, "--json"]).stdout
    assert output == json.dumps(json.loads(output), indent=2, ensure_ascii=False) + "\n"
