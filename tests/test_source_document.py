"""The document parser: each rule of dyscalc.source_document on small documents about
made-up widgets (placeholder text, never a medical claim), and properties that hold for
any text."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyscalc.errors import DatasetError
from dyscalc.loader import bundled_dataset_path
from dyscalc.model import EvidenceSource
from dyscalc.source_document import (
    HEADING_SEPARATOR,
    LineKind,
    QuoteLocation,
    locate_quote,
    parse_document,
    parse_lines,
    read_document,
    split_lines,
)

GUIDELINE = EvidenceSource.GUIDELINE
RESEARCH = EvidenceSource.RESEARCH

LINE_KINDS = [
    ("", LineKind.BLANK),
    ("   \t", LineKind.BLANK),
    ("From the Guidelines", LineKind.SECTION),
    ("From the Research", LineKind.SECTION),
    ("  From the Research  ", LineKind.SECTION),
    ("from the research", LineKind.HEADING),  # a section is written exactly so
    ("From the Research.", LineKind.PROSE),
    ("- Blue widgets 1", LineKind.BULLET),
    ("  - Blue widgets", LineKind.BULLET),
    ("-", LineKind.BULLET),
    ("-Blue widgets", LineKind.HEADING),  # a bullet marker is "- "
    ("Widget Care", LineKind.HEADING),
    ("Widget Care (Overview)", LineKind.HEADING),
    ("Widgets hum at night.", LineKind.PROSE),
    ("Do widgets hum?", LineKind.PROSE),
    ("Widgets hum at night 2", LineKind.PROSE),  # ends with citation numbers
    ("Widget Phase 2", LineKind.PROSE),  # a final number is always a citation
    ("The widgets include:", LineKind.LEAD_IN),
    ("Widgets hum. The widgets include:", LineKind.PROSE),
]


@pytest.mark.parametrize(("text", "kind"), LINE_KINDS, ids=[repr(t) for t, _ in LINE_KINDS])
def test_each_line_is_classified_by_the_documented_rules(text: str, kind: LineKind) -> None:
    (line,) = parse_lines(text + "\n")
    assert (line.number, line.text, line.kind) == (1, text, kind)


# (line, [(passage kind, text, citations)])
PASSAGES = [
    (
        "- Sprocket: Sprockets turn slowly 2, 3",
        [("bullet", "Sprocket: Sprockets turn slowly", (2, 3))],
    ),
    ("- Sprockets turn slowly", [("bullet", "Sprockets turn slowly", ())]),
    ("- Sprockets turn slowly 12,4", [("bullet", "Sprockets turn slowly", (12, 4))]),
    ("- Sprockets turn slowly \t 2 ,3", [("bullet", "Sprockets turn slowly", (2, 3))]),
    ("- Sprockets turn slowly.", [("bullet", "Sprockets turn slowly.", ())]),
    ("- Sprockets turn slowly 7.", [("bullet", "Sprockets turn slowly", (7,))]),
    ("- The sprockets include:", [("lead-in", "The sprockets include:", ())]),
    ("-", [("bullet", "", ())]),
    ("Gears mesh.", [("sentence", "Gears mesh.", ())]),
    ("Gears mesh 4", [("sentence", "Gears mesh", (4,))]),
    ("Gears mesh. Cogs spin.", [("sentence", "Gears mesh.", ()), ("sentence", "Cogs spin.", ())]),
    (
        "Gears mesh 1. Cogs spin 2, 3.",
        [("sentence", "Gears mesh", (1,)), ("sentence", "Cogs spin", (2, 3))],
    ),
    (
        "Gears mesh. 1 Cogs spin. 2, 3",
        [("sentence", "Gears mesh.", (1,)), ("sentence", "Cogs spin.", (2, 3))],
    ),
    (
        "Gears mesh! Do cogs spin? Yes.",
        [
            ("sentence", "Gears mesh!", ()),
            ("sentence", "Do cogs spin?", ()),
            ("sentence", "Yes.", ()),
        ],
    ),
    ("Gears mesh, e.g. cogs spin.", [("sentence", "Gears mesh, e.g. cogs spin.", ())]),
    ("Ask Dr. Gear.", [("sentence", "Ask Dr.", ()), ("sentence", "Gear.", ())]),  # documented
    ("Gears mesh 1.5 times.", [("sentence", "Gears mesh 1.5 times.", ())]),
    ("Gears mesh at 5.", [("sentence", "Gears mesh at", (5,))]),  # documented
    ("Note: gears mesh.", [("sentence", "Note: gears mesh.", ())]),
    (
        "Gears mesh. The gears include:",
        [("sentence", "Gears mesh.", ()), ("lead-in", "The gears include:", ())],
    ),
    ("The gears include:", [("lead-in", "The gears include:", ())]),
    ("The gears include: 3", [("sentence", "The gears include:", (3,))]),
    ("Gear Care", []),
    ("From the Research", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), PASSAGES, ids=[repr(t) for t, _ in PASSAGES])
def test_passages_and_their_citation_numbers(
    text: str, expected: list[tuple[str, str, tuple[int, ...]]]
) -> None:
    (line,) = parse_lines(text + "\n")
    assert [(p.kind, p.text, p.citations) for p in line.passages] == expected
    for passage in line.passages:  # the text is verbatim, where the passage says it is
        assert text[passage.start : passage.start + len(passage.text)] == passage.text


BULLET_NAMES = [
    ("- Sprocket: Sprockets turn slowly 2", "Sprocket", "Sprockets turn slowly"),
    ("- Sprockets turn slowly 2", None, "Sprockets turn slowly"),
    ("- Ratio 3:1 gears 2", None, "Ratio 3:1 gears"),
    ("- Ratio 3:1: Gears turn 2", "Ratio 3:1", "Gears turn"),
    ("- Big sprocket: Turns: slowly", "Big sprocket", "Turns: slowly"),
    ("- : Turns slowly", None, ": Turns slowly"),
]


@pytest.mark.parametrize(("text", "name", "detail"), BULLET_NAMES)
def test_a_bullets_name_is_the_text_before_its_first_colon_and_space(
    text: str, name: str | None, detail: str
) -> None:
    (bullet,) = parse_lines(text)[0].passages
    assert (bullet.name, bullet.detail) == (name, detail)


def test_a_sentence_has_no_name_even_with_a_colon() -> None:
    (sentence,) = parse_lines("Note: gears mesh.")[0].passages
    assert (sentence.name, sentence.detail) == (None, "Note: gears mesh.")


ALMANAC = """\
Widget Almanac
From the Guidelines
Widgets hum 1.
Care and Feeding
The steps include:
- Oil them 2

From the Research
- Spin them 3
Storage
Keep them dry. They rust.
"""

# (line, kind, source, heading path)
ALMANAC_LINES = [
    (1, LineKind.HEADING, None, ("Widget Almanac",)),
    (2, LineKind.SECTION, GUIDELINE, ("From the Guidelines",)),
    (3, LineKind.PROSE, GUIDELINE, ("From the Guidelines",)),
    (4, LineKind.HEADING, GUIDELINE, ("From the Guidelines", "Care and Feeding")),
    (5, LineKind.LEAD_IN, GUIDELINE, ("From the Guidelines", "Care and Feeding")),
    (6, LineKind.BULLET, GUIDELINE, ("From the Guidelines", "Care and Feeding")),
    (7, LineKind.BLANK, GUIDELINE, ("From the Guidelines", "Care and Feeding")),
    (8, LineKind.SECTION, RESEARCH, ("From the Research",)),
    (9, LineKind.BULLET, RESEARCH, ("From the Research",)),  # a section resets the heading
    (10, LineKind.HEADING, RESEARCH, ("From the Research", "Storage")),
    (11, LineKind.PROSE, RESEARCH, ("From the Research", "Storage")),
]


def test_sections_set_the_source_and_headings_the_path() -> None:
    lines = parse_lines(ALMANAC)
    assert [(ln.number, ln.kind, ln.source, ln.headings) for ln in lines] == ALMANAC_LINES


def test_facts_are_bullets_and_sentences_with_their_source_and_heading_path() -> None:
    document = parse_document(ALMANAC.encode(), "almanac.txt")
    facts = [(f.line, f.text, f.citations, f.source, f.heading_path) for f in document.facts]
    assert facts == [
        (3, "Widgets hum", (1,), GUIDELINE, "From the Guidelines"),
        (6, "Oil them", (2,), GUIDELINE, f"From the Guidelines{HEADING_SEPARATOR}Care and Feeding"),
        (9, "Spin them", (3,), RESEARCH, "From the Research"),
        (11, "Keep them dry.", (), RESEARCH, f"From the Research{HEADING_SEPARATOR}Storage"),
        (11, "They rust.", (), RESEARCH, f"From the Research{HEADING_SEPARATOR}Storage"),
    ]


def test_the_heading_path_is_joined_with_a_right_angle_quote() -> None:
    assert HEADING_SEPARATOR == " \u203a "


LINE_SPLITS = [
    ("a\nb", ["a", "b"]),
    ("a\nb\n", ["a", "b"]),
    ("a\r\nb\r\n", ["a", "b"]),
    ("a\n\nb", ["a", "", "b"]),
    ("a\x0cb\u2028c", ["a\x0cb\u2028c"]),  # numbered as an editor and grep -n number them
    ("", []),
    ("\n", [""]),
]


@pytest.mark.parametrize(("text", "lines"), LINE_SPLITS)
def test_lines_are_numbered_as_editors_number_them(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines
    assert [line.number for line in parse_lines(text)] == list(range(1, len(lines) + 1))


def test_line_looks_up_by_number_from_one() -> None:
    document = parse_document(b"Gears\nGears mesh.", "gears.txt")
    assert [document.line(n) is not None for n in (0, 1, 2, 3)] == [False, True, True, False]
    line = document.line(2)
    assert line is not None
    assert line.text == "Gears mesh."


def test_the_sha256_is_that_of_the_bytes(tmp_path: Path) -> None:
    data = b"From the Research\r\n- Spin them 3\n"
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert read_document(path).sha256() == hashlib.sha256(data).hexdigest()


UNREADABLE = [
    ("missing.txt", None, "missing.txt: no such file"),
    ("folder", "dir", "folder: is a directory, not a source document"),
    (
        "latin1.txt",
        b"Gears\nCaf\xe9 gears.\n",
        "latin1.txt:2:4: the document is not UTF-8 (byte 0xe9)",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), UNREADABLE)
def test_a_document_that_cannot_be_read_is_refused_with_its_place(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes | str | None,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    if content == "dir":
        Path(name).mkdir()
    elif isinstance(content, bytes):
        Path(name).write_bytes(content)
    with pytest.raises(DatasetError) as raised:
        read_document(name)
    assert [str(p) for p in raised.value.problems] == [message]


# -- properties ------------------------------------------------------------------------


@given(st.text())
def test_any_text_parses_into_its_own_lines_with_verbatim_passages(text: str) -> None:
    lines = parse_lines(text)
    assert [line.text for line in lines] == split_lines(text)
    for line in lines:
        previous_end = 0
        for passage in line.passages:
            assert previous_end <= passage.start <= passage.end <= len(line.text)
            assert line.text[passage.start : passage.start + len(passage.text)] == passage.text
            assert passage.text == passage.text.strip()
            previous_end = passage.end


@given(st.binary())
def test_any_bytes_parse_or_are_refused_as_not_utf8(data: bytes) -> None:
    problems = []
    try:
        document = parse_document(data, "any.txt")
    except DatasetError as error:
        problems = error.problems
    else:
        assert document.data == data
    assert all(str(problem).startswith("any.txt:") for problem in problems)


words = st.lists(st.from_regex(r"[a-z]{1,8},?", fullmatch=True), min_size=1, max_size=6).map(
    " ".join
)
capitalised = words.map(lambda w: w[0].upper() + w[1:]).filter(lambda w: not w.endswith(","))
citation_lists = st.lists(st.integers(min_value=1, max_value=999), max_size=4).map(tuple)


@given(st.none() | capitalised, capitalised, citation_lists)
def test_a_written_bullet_reads_back(
    name: str | None, detail: str, citations: tuple[int, ...]
) -> None:
    text = f"{name}: {detail}" if name else detail
    numbers = " " + ", ".join(str(n) for n in citations) if citations else ""
    (line,) = parse_lines(f"- {text}{numbers}")
    (bullet,) = line.passages
    assert (bullet.kind, bullet.text, bullet.citations) == ("bullet", text, citations)
    assert (bullet.name, bullet.detail) == (name, detail)


sentences = st.tuples(capitalised, citation_lists, st.sampled_from([".", "!", "?"]), st.booleans())


@given(st.lists(sentences, min_size=1, max_size=4))
def test_written_prose_reads_back_sentence_by_sentence(
    written: list[tuple[str, tuple[int, ...], str, bool]],
) -> None:
    parts = []
    expected = []
    for words_, citations, stop, numbers_first in written:
        numbers = ", ".join(str(n) for n in citations)
        if not citations:
            parts.append(f"{words_}{stop}")
            expected.append((f"{words_}{stop}", ()))
        elif numbers_first:  # "text 1, 2."
            parts.append(f"{words_} {numbers}{stop}")
            expected.append((words_, citations))
        else:  # "text. 1, 2"
            parts.append(f"{words_}{stop} {numbers}")
            expected.append((f"{words_}{stop}", citations))
    (line,) = parse_lines(" ".join(parts))
    assert line.kind is LineKind.PROSE
    assert [(p.text, p.citations) for p in line.passages] == expected


def test_the_shipped_document_states_22_facts_on_these_lines() -> None:
    document = read_document(bundled_dataset_path().parent / "dystrophic-calcification.txt")
    fact_lines = [fact.line for fact in document.facts]
    assert fact_lines == [2, *range(5, 12), 13, 15, 17, 20, *range(21, 27), *range(29, 33)]
    line_20 = document.line(20)
    assert line_20 is not None
    assert [p.kind for p in line_20.passages] == ["sentence", "lead-in"]


GADGETS = parse_document(
    b"From the Research\nGadgets\nGears mesh 1. Cogs spin 2.\n- Sprocket: Sprockets turn 3\n"
    b"The parts include:\nGears mesh. Gears mesh.\nGears mesh 1. Cogs spin. Big Cogs spin.\n",
    "gadgets.txt",
)

# (line, quote) -> (offset on the line, the passage that holds it: kind and text)
QUOTE_PLACES = [
    (3, "Gears mesh", (0, ("sentence", "Gears mesh"))),
    (3, "Cogs spin", (14, ("sentence", "Cogs spin"))),
    (3, "Cogs spin 2.", (14, ("sentence", "Cogs spin"))),
    (3, "mesh 1. Cogs", (6, None)),  # across two sentences
    (4, "Sprocket: Sprockets turn", (2, ("bullet", "Sprocket: Sprockets turn"))),
    (4, "- Sprocket: Sprockets turn", (0, ("bullet", "Sprocket: Sprockets turn"))),
    (4, "turn", (22, ("bullet", "Sprocket: Sprockets turn"))),
    (5, "The parts include:", (0, ("lead-in", "The parts include:"))),
    (6, "Gears mesh.", (0, ("sentence", "Gears mesh."))),  # the first of two
    (7, " Cogs", (28, ("sentence", "Big Cogs spin."))),  # the first is between sentences
    (2, "Gadgets", (0, None)),  # a heading holds no passage
    (3, "Gears grind", (None, None)),
    (3, "gears mesh", (None, None)),  # verbatim: case counts
    (3, "Gears  mesh", (None, None)),  # verbatim: spaces count
    (3, "", (None, None)),
]


@pytest.mark.parametrize(("line", "quote", "expected"), QUOTE_PLACES)
def test_a_quote_is_found_verbatim_within_one_passage_of_its_line(
    line: int, quote: str, expected: tuple[int | None, tuple[str, str] | None]
) -> None:
    location = locate_quote(GADGETS, line, quote)
    assert location.line is GADGETS.line(line)
    passage = location.passage
    assert (location.start, passage and (passage.kind, passage.text)) == expected


@pytest.mark.parametrize("line", [0, 8, 100])
def test_a_quote_of_a_line_the_document_lacks_has_no_place(line: int) -> None:
    assert locate_quote(GADGETS, line, "Gears mesh") == QuoteLocation(None)
