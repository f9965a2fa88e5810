"""The standard streams as the user's world leaves them: closed (`dyscalc info >&-`),
full (`> /dev/full`), read by a reader that goes away (`| head -1`), or narrower than
UTF-8.

The policy, documented in the README: a reader that closes the pipe early is not an
error (exit 0, nothing on stderr, whatever the format); any other failure to write the
output is one line on stderr and exit 1.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import TextIO

from dyscalc.errors import DyscalcError


class ReaderGone(Exception):
    """The reader of stdout closed the pipe: stop writing, quietly."""


class OutputError(DyscalcError):
    """stdout cannot be written (closed, full, or failing)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(f"cannot write the output ({error.strerror or error})")


def translate_write_error(error: OSError) -> Exception:
    """What an OSError raised while writing the output means to dyscalc."""
    if error.errno == errno.EPIPE:
        return ReaderGone()
    return OutputError(error)


def guard_closed_streams() -> None:
    """Give a closed stdout or stderr (Python sets them to None) a stand-in.

    A closed stdout becomes a descriptor that refuses writes, so the first write fails as
    it does on a closed descriptor, and no file dyscalc opens later takes descriptor 1. A
    closed stderr becomes the null device: messages are lost, the exit status is not."""
    if sys.stdout is None:
        sys.stdout = _text_stream(_open_null_device_at(1, os.O_RDONLY), "w")
    if sys.stderr is None:
        sys.stderr = _text_stream(_open_null_device_at(2, os.O_WRONLY), "w")


def discard_stdout() -> None:
    """Point stdout at the null device after a failed write, so that what is left in its
    buffer goes nowhere at exit instead of failing again (see the SIGPIPE note in the
    Python docs of the signal module)."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # not a real file: a test's capture
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def flush_stdout() -> int | None:
    """Flush stdout at the end of a run: None if that worked, else the exit code to use
    (after saying why on stderr)."""
    try:
        sys.stdout.flush()
    except OSError as error:
        discard_stdout()
        failure = translate_write_error(error)
        if isinstance(failure, ReaderGone):
            return 0
        sys.stderr.write(f"dyscalc: error: {failure}\n")
        return int(failure.exit_code) if isinstance(failure, DyscalcError) else 1
    return None


def write_utf8(stream: TextIO, text: str) -> None:
    """Write `text` to `stream` as UTF-8 whatever the stream's own encoding: formats for
    scripts (JSON, JSON Lines, CSV, YAML) are UTF-8 on every locale."""
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a stream of text only (a test's capture): already Unicode
        stream.write(text)
        return
    stream.flush()  # whatever was written as text goes first
    binary.write(text.encode("utf-8", "backslashreplace"))  # a lone surrogate from argv
    binary.flush()


def _open_null_device_at(descriptor: int, flags: int) -> int:
    opened = os.open(os.devnull, flags)
    if opened != descriptor:
        os.dup2(opened, descriptor)
        os.close(opened)
    return descriptor


def _text_stream(descriptor: int, mode: str) -> TextIO:
    binary = io.FileIO(descriptor, mode, closefd=False)
    return io.TextIOWrapper(io.BufferedWriter(binary), encoding="utf-8", errors="backslashreplace")
