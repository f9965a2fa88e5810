"""Plain text for the commands that print neither tables nor records: the reports of
`validate` and `verify`, which list the problems on stderr as a compiler does, and
`schema`'s JSON Schema, which ships as text. Each result becomes its text for stdout and
for stderr."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dyscalc.render.dispatch import ByClass
from dyscalc.render.safe_text import visible
from dyscalc.wording import counted

if TYPE_CHECKING:
    # Only for the annotations, which choose each function's class: see dispatch.py.
    from dyscalc.validation import ValidationReport
    from dyscalc.verification import Verification

PlainText = tuple[str, str]
"""What goes to stdout, and what goes to stderr."""


def _no_plain_text(result: object) -> PlainText:
    raise TypeError(f"no plain text for {type(result).__name__}")


to_plain_text = ByClass[PlainText](_no_plain_text)
"""The text of a result, for stdout and for stderr."""


@to_plain_text.register
def _text(text: str) -> PlainText:
    return text, ""


@to_plain_text.register
def _validation(report: ValidationReport) -> PlainText:
    if report.valid:
        # The counts are named by regular plurals: causes, conditions, topics, statements...
        summary = ", ".join(
            counted(count, name.removesuffix("s"), name) for name, count in report.counts.items()
        )
        return f"{visible(report.path)}: valid ({summary})\n", ""
    lines = [
        *(str(problem) for problem in report.problems),
        f"{report.path}: {counted(len(report.problems), 'problem')} found",
    ]
    return "", "".join(visible(line) + "\n" for line in lines)


@to_plain_text.register
def _verification(report: Verification) -> PlainText:
    summary = visible(f"{report.dataset}: {report.summary}") + "\n"
    if report.verified:
        return summary, ""
    return "", "".join(visible(str(problem)) + "\n" for problem in report.problems) + summary
