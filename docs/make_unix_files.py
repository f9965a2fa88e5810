"""Regenerate the man page and the shell completion scripts, from the app itself.

    python docs/make_unix_files.py            # writes docs/dyscalc.1 and docs/completions/
    python docs/make_unix_files.py OUT_DIR    # somewhere else (the tests compare them)

Rerun it after changing a command, an option or a help text. The wheel installs each file
where man, bash, zsh and fish look for it: INSTALLED below, which the shared-data table in
pyproject.toml must match (tests/test_unix_files.py builds a wheel to check).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from dyscalc.completion import completion_script
from dyscalc.manpage import manpage

# Each file under docs/, how to write it, and where the wheel installs it (under the
# environment's prefix: ~/.local for pipx and uv tool, whose man path includes it).
INSTALLED: dict[str, tuple[Callable[[], str], str]] = {
    "dyscalc.1": (manpage, "share/man/man1/dyscalc.1"),
    "completions/dyscalc.bash": (
        lambda: completion_script("bash"),
        "share/bash-completion/completions/dyscalc",
    ),
    "completions/_dyscalc": (lambda: completion_script("zsh"), "share/zsh/site-functions/_dyscalc"),
    "completions/dyscalc.fish": (
        lambda: completion_script("fish"),
        "share/fish/vendor_completions.d/dyscalc.fish",
    ),
}


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for name, (write, _) in INSTALLED.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(write(), encoding="utf-8")


if __name__ == "__main__":
    main()
