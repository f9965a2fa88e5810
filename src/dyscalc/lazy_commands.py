"""Subcommands that Typer builds only when they are used.

On every run, Typer turns each registered command into a click command: it reads the
signature, evaluates the annotations and makes every parameter. A dyscalc run uses one
command of twelve, so building the others is start-up time wasted (docs/performance.md).
LazyCommands is the group's command table: it knows every name at once, for the help
listing and the did-you-mean, and builds a command the first time it is looked up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING

from typer.main import get_command_from_info, get_command_name
from typer.models import CommandInfo

if TYPE_CHECKING:
    # Typer 0.28 vendors click as typer._click and names its Command class nowhere else.
    from typer._click import Command
    from typer.core import MarkupMode


class LazyCommands(MutableMapping[str, "Command"]):
    """Commands by name, in the order they were registered, each built on first use."""

    def __init__(
        self,
        registered: Iterable[CommandInfo],
        *,
        pretty_exceptions_short: bool,
        rich_markup_mode: MarkupMode,
    ) -> None:
        self._pretty_exceptions_short = pretty_exceptions_short
        self._rich_markup_mode = rich_markup_mode
        # One dict keeps the order: a name maps to its registration until it is built.
        self._commands: dict[str, Command | CommandInfo] = {}
        for info in registered:
            assert info.callback is not None, "a Typer command always has a callback"
            self._commands[info.name or get_command_name(info.callback.__name__)] = info

    def __getitem__(self, name: str) -> Command:
        command = self._commands[name]  # KeyError for an unknown name, as a dict raises
        if isinstance(command, CommandInfo):
            command = get_command_from_info(
                command,
                pretty_exceptions_short=self._pretty_exceptions_short,
                rich_markup_mode=self._rich_markup_mode,
            )
            self._commands[name] = command
        return command

    # Unused by dyscalc, click and Typer (only TyperGroup.add_command would set an item), but
    # TyperGroup declares `commands` a MutableMapping, whose ABC requires both methods.
    def __setitem__(self, name: str, command: Command) -> None:
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._commands))

    def __len__(self) -> int:
        return len(self._commands)

    def __contains__(self, name: object) -> bool:
        return name in self._commands  # without building it, as Mapping's own would
