"""Read an evidence summary, written in the shape of the source document, into numbered,
classified lines and the facts they state.

`dyscalc verify` checks a dataset's quotes against these lines, `dyscalc source` shows
them, and `dyscalc import` drafts a dataset from them. The rules, one line at a time
(the first that applies wins; a line is compared without its surrounding whitespace):

1. Blank: nothing but whitespace.
2. Section: exactly "From the Guidelines" or "From the Research". It sets the evidence
   source of everything below it, up to the next section, and starts a new heading path.
3. Bullet: starts with "- ". Its text is written `Name: text N, M` or `text N`: the part
   before the first ": " is the bullet's name (a bullet without ": " has none).
4. Prose: ends with ".", "!", "?" or ":", or with citation numbers. It is split into
   sentences: a sentence ends at ".", "!" or "?" (and any citation numbers right after
   it) followed by a space and an upper-case letter, or at the end of the line. (So an
   abbreviation such as "Dr. Smith" splits a sentence: write the sentence on one line of
   its own or quote both halves.) A colon ends a sentence only at the end of the line.
   A line whose only sentence ends with ":" is a lead-in line.
5. Heading: any other line, such as "Mechanism" or "Associated Conditions". It sits under
   the current section and replaces the heading before it (headings do not nest).

Each bullet and each sentence is a passage. Citation numbers are whole numbers separated
by commas (`2, 3, 4, 5`) at the end of a passage, after a space, before or after its full
stop; a passage without them cites nothing. A number at the end of a passage is always
read as a citation: the shape cannot tell "dose 5" from a citation, so write such a
number elsewhere in the sentence. A passage whose text ends with ":" is a lead-in: it
introduces what follows and states no fact. Every other passage is a fact, and a fact's
`text` is the passage verbatim, without its bullet marker and without its trailing
citation numbers (nor anything after them, such as a full stop): exactly what a
dataset's `quote.text` holds when it quotes the whole fact.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Literal

from dyscalc.errors import DatasetError
from dyscalc.model import EvidenceSource
from dyscalc.problems import Problem
from dyscalc.yamlparse import decode_utf8

SECTIONS = {
    "From the Guidelines": EvidenceSource.GUIDELINE,
    "From the Research": EvidenceSource.RESEARCH,
}
"""The section lines, and the evidence source of what stands under each."""

BULLET_MARKER = "- "
NAME_SEPARATOR = ": "
LEAD_IN_END = ":"
HEADING_SEPARATOR = " \u203a "
"""Joins a heading path: "From the Research", U+203A, "Associated Conditions"."""

_SENTENCE_ENDS = ".!?"
# Citation numbers after a sentence's full stop: whole numbers separated by commas, after
# a space.
_NUMBERS_AFTER_STOP = re.compile(r"\s+[0-9]+(?:[ \t]*,[ \t]*[0-9]+)*")
# The same at the end of a passage, matched on the reversed passage so that the match is
# anchored and a long line costs linear time: whitespace and a stop, the numbers, a space.
_REVERSED_TRAILING_NUMBERS = re.compile(r"\s*[.!?]?[0-9]+(?:[ \t]*,[ \t]*[0-9]+)*\s+")
_NUMBER = re.compile(r"[0-9]+")


class LineKind(str, Enum):
    """What a line of the document is, by the rules in this module's docstring."""

    BLANK = "blank"
    SECTION = "section"
    BULLET = "bullet"
    PROSE = "prose"
    LEAD_IN = "lead-in"
    HEADING = "heading"


PassageKind = Literal["bullet", "sentence", "lead-in"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A bullet or one sentence of prose, located in its line.

    `start` and `end` are 0-based character offsets in the line's text (end exclusive),
    around the whole passage: its text, its citation numbers and its full stop, but not
    a bullet marker. `text` is the quotable part (see the module docstring)."""

    line: int
    kind: PassageKind
    start: int
    end: int
    text: str
    citations: tuple[int, ...]
    source: EvidenceSource | None
    headings: tuple[str, ...]

    @property
    def is_fact(self) -> bool:
        """Whether the passage states a fact (every bullet and sentence but a lead-in)."""
        return self.kind != "lead-in"

    @property
    def heading_path(self) -> str:
        """The section and heading it sits under, joined by HEADING_SEPARATOR."""
        return HEADING_SEPARATOR.join(self.headings)

    @property
    def name(self) -> str | None:
        """A bullet's name, the part of `text` before the first ": "; None for a bullet
        without one and for every sentence."""
        if self.kind != "bullet" or NAME_SEPARATOR not in self.text:
            return None
        name = self.text.split(NAME_SEPARATOR, 1)[0].strip()
        return name or None

    @property
    def detail(self) -> str:
        """The text after a bullet's name; the whole text when there is no name."""
        if self.name is None:
            return self.text.strip()
        return self.text.split(NAME_SEPARATOR, 1)[1].strip()


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the document, numbered from 1, with its passages (a bullet has one; a
    prose or lead-in line has one per sentence; other lines have none)."""

    number: int
    text: str  # as in the document, without its line ending
    kind: LineKind
    source: EvidenceSource | None  # from the section above it; None before any section
    headings: tuple[str, ...]  # the section and heading it sits under (a heading: itself)
    passages: tuple[Passage, ...] = ()

    @property
    def heading_path(self) -> str:
        return HEADING_SEPARATOR.join(self.headings)

    @property
    def facts(self) -> tuple[Passage, ...]:
        return tuple(passage for passage in self.passages if passage.is_fact)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A parsed document: its lines, and the bytes they were read from."""

    path: str
    lines: tuple[Line, ...]
    data: bytes = field(repr=False, default=b"")

    @property
    def facts(self) -> tuple[Passage, ...]:
        """Every fact in the document, in order: what a dataset must quote."""
        return tuple(fact for line in self.lines for fact in line.facts)

    def line(self, number: int) -> Line | None:
        """Line `number` (counted from 1), or None when the document has no such line."""
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1]
        return None

    def sha256(self) -> str:
        """The SHA-256 of the document's bytes, as a dataset's `provenance.sha256` records it."""
        import hashlib  # only when asked: it loads OpenSSL

        return hashlib.sha256(self.data).hexdigest()


def read_document(path: str | os.PathLike[str]) -> SourceDocument:
    """The document at `path`; DatasetError (located in `path`) if it cannot be read."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        problem = "no such file"
    except IsADirectoryError:
        problem = "is a directory, not a source document"
    except PermissionError:
        problem = "cannot be read (permission denied)"
    except OSError as error:
        problem = f"cannot be read ({error.strerror or error})"
    else:
        return parse_document(data, shown)
    raise DatasetError([Problem(shown, None, None, problem)])


def parse_document(data: bytes, path: str) -> SourceDocument:
    """The document in `data`; DatasetError at the first byte that is not UTF-8."""
    return SourceDocument(path, parse_lines(decode_utf8(data, path, what="document")), data)


def split_lines(text: str) -> list[str]:
    """The document's lines as an editor numbers them: split at "\\n" only (a "\\r"
    before it is dropped), with no empty last line after a final newline."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def parse_lines(text: str) -> tuple[Line, ...]:
    """Every line of `text`, numbered from 1 and classified; never fails."""
    parsed: list[Line] = []
    source: EvidenceSource | None = None
    section: tuple[str, ...] = ()
    heading: tuple[str, ...] = ()
    for number, raw in enumerate(split_lines(text), start=1):
        stripped = raw.strip()
        if not stripped:
            parsed.append(Line(number, raw, LineKind.BLANK, source, section + heading))
        elif stripped in SECTIONS:
            source, section, heading = SECTIONS[stripped], (stripped,), ()
            parsed.append(Line(number, raw, LineKind.SECTION, source, section))
        elif stripped.startswith(BULLET_MARKER) or stripped == BULLET_MARKER.strip():
            headings = section + heading
            end = len(raw.rstrip())
            start = min(raw.index(BULLET_MARKER.strip()) + len(BULLET_MARKER), end)
            start += len(raw[start:end]) - len(raw[start:end].lstrip())
            bullet = _passage(raw, number, start, end, "bullet", source, headings)
            parsed.append(Line(number, raw, LineKind.BULLET, source, headings, (bullet,)))
        elif stripped[-1] in _SENTENCE_ENDS + LEAD_IN_END or _trailing_citations(raw)[1]:
            headings = section + heading
            passages = tuple(
                _passage(raw, number, start, end, "sentence", source, headings)
                for start, end in _sentence_spans(raw)
            )
            only_lead_ins = all(not passage.is_fact for passage in passages)
            kind = LineKind.LEAD_IN if only_lead_ins else LineKind.PROSE
            parsed.append(Line(number, raw, kind, source, headings, passages))
        else:
            heading = (stripped,)
            parsed.append(Line(number, raw, LineKind.HEADING, source, section + heading))
    return tuple(parsed)


def _passage(
    raw: str,
    number: int,
    start: int,
    end: int,
    kind: PassageKind,
    source: EvidenceSource | None,
    headings: tuple[str, ...],
) -> Passage:
    """The passage at raw[start:end], with its citation numbers split off its text."""
    length, citations = _trailing_citations(raw[start:end])
    text = raw[start : start + length]
    if text.rstrip().endswith(LEAD_IN_END) and not citations:
        kind = "lead-in"
    return Passage(number, kind, start, end, text, citations, source, headings)


def _sentence_spans(raw: str) -> list[tuple[int, int]]:
    """Where each sentence of a prose line starts and ends (see the module docstring)."""
    end = len(raw.rstrip())
    spans: list[tuple[int, int]] = []
    start = len(raw) - len(raw.lstrip())
    index = start
    while index < end:
        if raw[index] in _SENTENCE_ENDS:
            after = index + 1
            numbers = _NUMBERS_AFTER_STOP.match(raw, after, end)
            if numbers is not None:
                after = numbers.end()
            following = after + len(raw[after:end]) - len(raw[after:end].lstrip())
            if after == end or (following > after and raw[following].isupper()):
                spans.append((start, after))
                start = index = following
                continue
        index += 1
    if start < end:
        spans.append((start, end))
    return spans


def _trailing_citations(passage: str) -> tuple[int, tuple[int, ...]]:
    """How much of `passage` comes before its trailing citation numbers, and the numbers
    (none, and the whole passage, when it does not end with any)."""
    backwards = _REVERSED_TRAILING_NUMBERS.match(passage[::-1])
    if backwards is None:
        return len(passage), ()
    numbers = backwards.group()[::-1]
    return len(passage) - len(numbers), tuple(int(n) for n in _NUMBER.findall(numbers))


@dataclass(frozen=True, slots=True)
class QuoteLocation:
    """Where a quote stands in a document. Each part is None from the first that fails:
    the line (the document has no such line), the quote's offset on it (the text is not
    on that line) and the passage that holds it whole (none does)."""

    line: Line | None
    start: int | None = None
    passage: Passage | None = None


def locate_quote(document: SourceDocument, line_number: int, text: str) -> QuoteLocation:
    """Where `text` stands on line `line_number`: verbatim, within one passage (a bullet's
    marker may be left out or kept); the first passage that holds it."""
    line = document.line(line_number)
    if line is None or not text:
        return QuoteLocation(line)
    occurrences = []
    start = line.text.find(text)
    while start != -1:
        occurrences.append(start)
        start = line.text.find(text, start + 1)
    if not occurrences:
        return QuoteLocation(line)
    for passage in line.passages:  # in line order, so a fact before a closing lead-in
        for start in occurrences:
            if _holds(line, passage, start, start + len(text)):
                return QuoteLocation(line, start, passage)
    return QuoteLocation(line, occurrences[0])


def _holds(line: Line, passage: Passage, start: int, end: int) -> bool:
    first = 0 if line.kind is LineKind.BULLET else passage.start  # the marker may be quoted
    return first <= start and end <= passage.end
