"""`python -m dyscalc` and the `dyscalc` console script."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    """Run the CLI; keep stdout safe for narrow encodings and closed pipes."""
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

    from dyscalc.cli import app

    try:
        app()
    except SystemExit as exit_request:
        code = exit_request.code
    else:
        code = 0
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`dyscalc causes | head -1`). Point stdout at devnull so the
        # interpreter's own flush at exit does not complain; see the SIGPIPE note in the
        # Python docs of the signal module.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()
