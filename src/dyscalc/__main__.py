"""`python -m dyscalc` and the `dyscalc` console script."""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys


def main() -> None:
    """Run the CLI; keep stdout safe for narrow encodings, closed streams and closed pipes."""
    from dyscalc.streams import flush_stdout, guard_closed_streams

    guard_closed_streams()
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower()
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            # An ASCII or C locale must not crash on a character it cannot show.
            stream.reconfigure(errors="backslashreplace")

    # One command per process, building no reference cycles worth collecting: the cyclic
    # collector's passes over a large dataset would make a run grow faster than the data,
    # and its passes over the imports below cost start-up time (`import dyscalc` above
    # imported nothing yet, for this reason).
    gc.disable()

    from dyscalc.cli import _debugging, app

    try:
        app()
    except SystemExit as exit_request:
        code = exit_request.code
    else:
        code = 0
    # What is still buffered is written now: the reader may have gone, or the disk filled.
    failed = flush_stdout()
    if failed is not None and not code:
        code = failed
    if code is None:
        code = 0
    if isinstance(code, int) and _may_skip_teardown(_debugging(sys.argv[1:])):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # closed: nothing can reach it
                stream.flush()
        os._exit(code)
    sys.exit(code)


def _may_skip_teardown(debugging: bool) -> bool:
    """Whether this process may end with os._exit, without the interpreter's teardown.

    The teardown frees every object one by one, a sixth of a JSON answer's time that a
    one-shot CLI whose output is flushed does not need (docs/performance.md). The normal
    exit is kept when dyscalc is not the program (a test or another program calling
    main() keeps its interpreter), under --debug or DYSCALC_DEBUG, and when something
    must still run at exit: an atexit handler (a pager, coverage, logging) or a thread
    that is not a daemon."""
    if debugging or getattr(sys.modules.get("__main__"), "main", None) is not main:
        return False
    registered = getattr(atexit, "_ncallbacks", None)  # CPython's; elsewhere assume some
    if registered is None or registered() > 0:
        return False
    threading = sys.modules.get("threading")
    if threading is None:
        return True
    current = threading.current_thread()
    return not any(thread is not current and not thread.daemon for thread in threading.enumerate())


if __name__ == "__main__":
    main()
