"""Long answers on a terminal go through a pager, as git and gh do: $DYSCALC_PAGER, else
$PAGER, else `less -R` where it is installed. Imported only for an answer that is taller
than the terminal; rich_view decides that, and only on a terminal."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
from typing import TextIO


def pager_command() -> list[str] | None:
    """The pager's command line, or None for none: a variable set empty (or to `cat`, as
    git reads it) turns paging off."""
    chosen = os.environ.get("DYSCALC_PAGER")
    if chosen is None:
        chosen = os.environ.get("PAGER")
    if chosen is None:
        return ["less", "-R"] if shutil.which("less") else None
    words = shlex.split(chosen)  # ValueError for an unclosed quote
    return None if words in ([], ["cat"]) else words


def page(text: str, stream: TextIO) -> None:
    """Show `text`, escape codes and all, through the pager; print it if there is none or
    it cannot start."""
    try:
        command = pager_command()
    except ValueError as error:
        _cannot_page(f"cannot read the pager's command ({error})")
        command = None
    if command is None:
        stream.write(text)
        return
    # As git does: quit if it fits after all, keep the colours, leave the text on screen.
    environment = {"LESS": "FRX", **os.environ}
    stream.flush()
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=stream, env=environment)
    except OSError as error:
        _cannot_page(f"cannot start the pager {command[0]!r}: {error.strerror or error}")
        stream.write(text)
        return
    encoding = getattr(stream, "encoding", None) or "utf-8"
    # ^C is for the pager (less stops a search with it); dyscalc waits until it quits.
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # communicate() stops writing, without an error, when the reader quits early.
        pager.communicate(text.encode(encoding, "backslashreplace"))
    finally:
        signal.signal(signal.SIGINT, interrupt)


def _cannot_page(reason: str) -> None:
    sys.stderr.write(f"dyscalc: {reason}; printing instead\n")
