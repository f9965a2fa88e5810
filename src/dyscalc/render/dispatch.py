"""Choose a function by the class of a value, as functools.singledispatch does, for exact
classes only, without importing the classes.

A function is registered for the class its parameter is annotated with, as with
singledispatch's `register`, so mypy and ruff check every class a renderer names. The
annotation is never evaluated: a value's class is matched by its name. Registering
therefore imports nothing. The query result classes are created when their query module
is imported, and a renderer that imported every query module to register its functions
would create all of them on every run: ten times the cost of the one a run needs
(docs/performance.md).
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

    def register(self, function: Function) -> Function:
        """Register `function` for the class its one parameter is annotated with."""
        annotations = [v for k, v in function.__annotations__.items() if k != "return"]
        if len(annotations) != 1:
            raise TypeError(f"{function.__name__} must take one annotated parameter")
        annotation = annotations[0]
        # `dict[str, Any]` registers for dict; a union or a dotted name is refused.
        name = annotation if isinstance(annotation, str) else annotation.__name__
        name = name.partition("[")[0]
        if not name.isidentifier():
            raise TypeError(f"{function.__name__}: annotate with one class, not {name!r}")
        if name in self._functions:
            raise TypeError(f"{function.__name__}: {name} has a function already")
        self._functions[name] = function
        return function

    def __call__(self, value: object) -> Result:
        # __qualname__, so that a class defined inside a function or a class never matches.
        function = self._functions.get(type(value).__qualname__, self._default)
        return function(value)

    @property
    def class_names(self) -> frozenset[str]:
        """The names of the classes that have a function of their own."""
        return frozenset(self._functions)
