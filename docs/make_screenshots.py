"""Regenerate the README's pictures of `dyscalc compare` and `dyscalc overview`.

    python docs/make_screenshots.py            # writes docs/compare.svg, docs/overview.svg
    python docs/make_screenshots.py OUT_DIR    # somewhere else (the test compares them)

Each picture is what the command prints on a 100-column colour terminal, in the palette of
src/dyscalc/render/palette.py, recorded by rich itself, from the bundled dataset.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from rich.console import Console

import dyscalc
from dyscalc.queries import summaries
from dyscalc.render.rich_view import print_rich

WIDTH = 100


def screenshot(result: object, title: str, path: Path) -> None:
    console = Console(
        record=True,
        width=WIDTH,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        no_color=False,  # the pictures are in colour, whatever NO_COLOR says where they are made
        markup=False,
        emoji=False,
        highlight=False,
    )
    print_rich(result, io.StringIO(), console=console)
    console.save_svg(str(path), title=title)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    dataset = dyscalc.load(use_cache=False)
    screenshot(summaries.compare(dataset), "dyscalc compare", folder / "compare.svg")
    screenshot(summaries.overview(dataset), "dyscalc overview", folder / "overview.svg")


if __name__ == "__main__":
    main()
