"""What every query shares: the evidence-source filter, the check of text to look for, and
the did-you-mean."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from dyscalc.errors import UsageError
from dyscalc.model import EvidenceSource
from dyscalc.wording import quoted

SourceFilter = EvidenceSource | str | None
"""A source to keep: 'guideline', 'research', or None / 'all' for both."""


def wanted_source(source: SourceFilter) -> EvidenceSource | None:
    """The source a filter keeps, or None for both; an unknown name is a usage error."""
    if source is None or source == "all":
        return None
    try:
        return EvidenceSource(source)
    except ValueError:
        raise UsageError(
            f"unknown source {quoted(str(source))} (choose from: guideline, research, all)"
        ) from None


def require_text(text: str) -> str:
    """`text`, unless it is empty or blank: such text occurs everywhere, so asking for it is
    a usage error, not a question."""
    if not text.strip():
        raise UsageError("empty text: give some text to look for")
    return text


def is_from(source: EvidenceSource, wanted: EvidenceSource | None) -> bool:
    """Whether something from `source` passes the filter (None keeps both sources)."""
    return wanted is None or source == wanted


def did_you_mean(wrong: str, names: Iterable[str]) -> str:
    suggestions = close_matches(wrong, names)
    if not suggestions:
        return ""
    return "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"


_PART_MATCH_WEIGHT = 0.95
_CLOSE_ENOUGH = 0.75
# Nobody mistypes an id this long; and comparing it would cost time for no suggestion.
_LONGEST_GUESS = 200


def close_matches(wrong: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Names like `wrong`, whole or by one kebab-case part.

    'infektion' finds 'infection' and, through its part 'infections', 'previous-infections'.
    difflib's ratio is quadratic in the lengths compared, so each comparison is first
    bounded by its cheap upper bounds (as difflib.get_close_matches does), and a guess
    longer than _LONGEST_GUESS gets no suggestion."""
    if len(wrong) > _LONGEST_GUESS:
        return []
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(wrong.casefold())  # difflib caches what it learns about the second

    def similarity(candidate: str, at_least: float) -> float:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < at_least or matcher.quick_ratio() < at_least:
            return 0.0
        return matcher.ratio()

    scored: list[tuple[float, str]] = []
    for name in names:
        whole = similarity(name, _CLOSE_ENOUGH)
        # A match on one part counts a little less, so that a whole-name match ranks first.
        part_needed = _CLOSE_ENOUGH / _PART_MATCH_WEIGHT
        part = max(similarity(p, part_needed) for p in name.split("-"))
        score = max(whole, part * _PART_MATCH_WEIGHT)
        if score >= _CLOSE_ENOUGH:
            scored.append((score, name))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [name for _, name in scored[:limit]]
