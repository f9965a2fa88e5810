"""Choose a function by the class of a value, naming the class by its import path.

Like functools.singledispatch, for exact classes only, but registering a function imports
nothing: the query result classes are created only when their query runs, and a renderer
that imported them all to register its functions would create every one of them on
every run (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")
Function = TypeVar("Function", bound=Callable[..., Any])


class ByClass(Generic[Result]):
    """Calls the function registered for the value's class, or `default` for any other."""

    def __init__(self, default: Callable[[Any], Result]) -> None:
        self._default = default
        self._functions: dict[str, Callable[[Any], Result]] = {}

    def register(self, class_path: str) -> Callable[[Function], Function]:
        """Register for the class at `class_path`, such as 'dyscalc.model.Topic'."""

        def add(function: Function) -> Function:
            self._functions[class_path] = function
            return function

        return add

    def __call__(self, value: object) -> Result:
        cls = type(value)
        function = self._functions.get(f"{cls.__module__}.{cls.__qualname__}", self._default)
        return function(value)

    @property
    def class_paths(self) -> frozenset[str]:
        """The classes with a function of their own, by import path."""
        return frozenset(self._functions)
