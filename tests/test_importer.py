"""`dyscalc import`: each rule that places a fact, and each refusal, on small documents
about made-up widgets (placeholder text, never a medical claim); then the whole command,
and properties that hold for any document."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dyscalc.cli import app
from dyscalc.codec import to_document
from dyscalc.errors import DatasetError
from dyscalc.importer import (
    DRAFT_VERSION,
    HEADING_RULES,
    OPENING_TOPIC,
    draft_dataset,
    import_document,
    kebab_case,
    title_from_file_name,
)
from dyscalc.loader import load, parse_dataset
from dyscalc.model import SCHEMA_VERSION, Dataset, Entry, EvidenceSource, Quote, Statement
from dyscalc.source_document import locate_quote, parse_document

ROOT = Path(__file__).resolve().parent.parent
GUIDELINE = EvidenceSource.GUIDELINE
RESEARCH = EvidenceSource.RESEARCH


def draft(tmp_path: Path, text: str, name: str = "widgets.txt") -> Dataset:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_document(path)


def refusals(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(DatasetError) as refused:
        draft(tmp_path, text)
    return [str(problem).replace(str(tmp_path), "<tmp>") for problem in refused.value.problems]


def items(dataset: Dataset) -> list[Entry | Statement]:
    return [*dataset.statements, *dataset.entries]


# -- where a fact goes -------------------------------------------------------

# (heading, what a bullet under it becomes: "cause", "condition", or a topic's title)
HEADINGS = [
    ("Causes", "cause"),
    ("Causes of Widget Wobble", "cause"),
    ("causes of wobble", "cause"),  # in any case
    ("CAUSES", "cause"),
    ("  Causes  ", "cause"),
    ("Causesway Repairs", "Causesway Repairs"),  # "Causes" as a whole word
    ("Known Causes", "Known Causes"),  # at the start
    ("Associated Conditions", "condition"),
    ("associated conditions of widgets", "condition"),
    ("Associated Gadgets", "Associated Gadgets"),
    ("Conditions", "Conditions"),
    ("Widget Care (Overview)", "Widget Care (Overview)"),
]


@pytest.mark.parametrize(("heading", "becomes"), HEADINGS)
def test_a_heading_places_the_bullets_under_it_by_the_table(
    tmp_path: Path, heading: str, becomes: str
) -> None:
    dataset = draft(tmp_path, f"From the Research\n{heading}\n- Wobble: Widgets wobble 1\n")
    placed = {
        "cause": [e.name for e in dataset.causes],
        "condition": [e.name for e in dataset.conditions],
        **{t.title: [s.text for s in t.statements] for t in dataset.topics},
    }
    expected = ["Wobble"] if becomes in ("cause", "condition") else ["Wobble: Widgets wobble."]
    assert placed == {"cause": [], "condition": [], becomes: expected}


def test_the_readme_table_of_headings_is_the_one_the_importer_uses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)…` \| (\w+) \|", readme, re.MULTILINE)
    assert rows == [(rule.words, f"{rule.kind}s") for rule in HEADING_RULES]
    assert f"`{OPENING_TOPIC}`" in readme


# (bullet under a Causes heading, name, description, citations)
BULLETS = [
    ("- Wobble: Widgets wobble when spun 2, 3", "Wobble", "Widgets wobble when spun.", (2, 3)),
    ("- Wobble: Widgets wobble when spun.", "Wobble", "Widgets wobble when spun.", ()),
    ("- Wobble: Widgets wobble when spun. 4", "Wobble", "Widgets wobble when spun.", (4,)),
    ("- Wobble: Widgets wobble when spun 4.", "Wobble", "Widgets wobble when spun.", (4,)),
    ("- Wobble: Do widgets wobble? 4", "Wobble", "Do widgets wobble?", (4,)),
    ("- Wobble: Widgets wobble 4!", "Wobble", "Widgets wobble!", (4,)),  # its own mark
    ("- Grease: Kind: red 1", "Grease", "Kind: red.", (1,)),  # the first ": " names
    ("- Loose sprockets 5", "Loose sprockets", None, (5,)),
    ("- Loose sprockets", "Loose sprockets", None, ()),
    ("- Loose sprockets.", "Loose sprockets.", None, ()),  # a name is verbatim
    ("- Sprockets (both large and small)", "Sprockets (both large and small)", None, ()),
    ("- Ratio 3:1 gears 2", "Ratio 3:1 gears", None, (2,)),
    ("- Loose sprockets 12, 3", "Loose sprockets", None, (3, 12)),
]


@pytest.mark.parametrize(("bullet", "name", "description", "citations"), BULLETS)
def test_a_bullet_is_an_item_with_its_name_description_and_citations(
    tmp_path: Path, bullet: str, name: str, description: str | None, citations: tuple[int, ...]
) -> None:
    dataset = draft(tmp_path, f"From the Guidelines\nCauses\n{bullet}\n")
    (cause,) = dataset.causes
    assert (cause.name, cause.description, cause.citations) == (name, description, citations)
    assert (cause.kind, cause.source, cause.examples, cause.category) == (
        "cause",
        GUIDELINE,
        (),
        None,
    )
    text = bullet.removeprefix("- ")
    assert cause.quote is not None
    assert text.startswith(cause.quote.text)
    assert cause.quote == Quote(line=3, text=parse_document(bullet.encode(), "x").facts[0].text)


# (prose line under a topic heading, [(statement text, citations, quoted text)])
SENTENCES = [
    ("Widgets hum at night 1.", [("Widgets hum at night.", (1,), "Widgets hum at night")]),
    ("Widgets hum at night. 1", [("Widgets hum at night.", (1,), "Widgets hum at night.")]),
    ("Widgets hum at night.", [("Widgets hum at night.", (), "Widgets hum at night.")]),
    ("Widgets hum at night 1", [("Widgets hum at night.", (1,), "Widgets hum at night")]),
    ("Do widgets hum 2?", [("Do widgets hum?", (2,), "Do widgets hum")]),
    (
        "Widgets hum 1. Gadgets buzz 3, 2.",
        [("Widgets hum.", (1,), "Widgets hum"), ("Gadgets buzz.", (2, 3), "Gadgets buzz")],
    ),
    ("Widgets hum. The kinds include:", [("Widgets hum.", (), "Widgets hum.")]),
]


@pytest.mark.parametrize(("line", "statements"), SENTENCES)
def test_each_sentence_under_a_topic_heading_is_a_statement(
    tmp_path: Path, line: str, statements: list[tuple[str, tuple[int, ...], str]]
) -> None:
    dataset = draft(tmp_path, f"From the Research\nWidget Noise\n{line}\n")
    (topic,) = dataset.topics
    assert (topic.id, topic.title) == ("widget-noise", "Widget Noise")
    made = [(s.text, s.citations, s.quote) for s in topic.statements]
    assert made == [(text, cited, Quote(line=3, text=quoted)) for text, cited, quoted in statements]
    assert all(s.source == RESEARCH and s.topic == "widget-noise" for s in topic.statements)


PLACEMENT = """\
Widget Almanac
From the Guidelines
Widgets are small. They hum 1.
Causes of Wobble
The causes include:
- Loose sprockets 1
Widget Care
Oil them monthly.
- Dry them after rain
Widget Care Tips
From the Research
- Widgets hum at night 2
Causes of Wobble
Wobble is a sway 3. The causes include:
- Bent axles 3
Widget Care
Oil them weekly 2.
Overview
Widgets are round.
"""


def test_each_fact_is_placed_by_the_heading_it_stands_under(tmp_path: Path) -> None:
    dataset = draft(tmp_path, PLACEMENT)
    placed = [
        (s.quote.line if s.quote else 0, s.topic, s.id, s.source.value, s.text)
        for s in dataset.statements
    ]
    assert placed == [
        # An opening paragraph, under no heading, is filed under the opening topic...
        (3, "overview", "overview-guideline", "guideline", "Widgets are small."),
        (3, "overview", "overview-guideline-2", "guideline", "They hum."),
        # ... with a bullet under no heading, prose beside a list of causes, and facts
        # under a heading named as the opening topic is.
        (12, "overview", "overview-research", "research", "Widgets hum at night."),
        (14, "overview", "overview-research-2", "research", "Wobble is a sway."),
        (19, "overview", "overview-research-3", "research", "Widgets are round."),
        # A heading in both sections is one topic; a bullet under it is a statement.
        (8, "widget-care", "widget-care-guideline", "guideline", "Oil them monthly."),
        (9, "widget-care", "widget-care-guideline-2", "guideline", "Dry them after rain."),
        (17, "widget-care", "widget-care-research", "research", "Oil them weekly."),
    ]
    assert [(t.id, t.title) for t in dataset.topics] == [
        ("overview", OPENING_TOPIC),
        ("widget-care", "Widget Care"),  # "Widget Care Tips" holds no fact: no topic
    ]
    causes = [(e.quote.line if e.quote else 0, e.id, e.source.value) for e in dataset.causes]
    assert causes == [(6, "loose-sprockets", "guideline"), (15, "bent-axles", "research")]
    assert dataset.conditions == ()


def test_lead_ins_headings_and_blank_lines_make_nothing(tmp_path: Path) -> None:
    dataset = draft(tmp_path, "Almanac\n\nFrom the Research\nCare\nThe steps include:\n- Oil 1\n")
    assert [(s.text, s.quote) for s in dataset.statements] == [("Oil.", Quote(line=6, text="Oil"))]
    assert dataset.entries == ()


# -- ids -----------------------------------------------------------------------

KEBAB = [
    ("Loose sprockets", "loose-sprockets"),
    ("Sprockets (both large and small)", "sprockets-both-large-and-small"),
    ("Widget's wobble", "widgets-wobble"),
    ("Widget\u2019s wobble", "widgets-wobble"),
    ("Cr\u00e8me br\u00fbl\u00e9e gadget", "creme-brulee-gadget"),
    ("Stra\u00dfe gears", "strasse-gears"),
    ("  --Gadget--  ", "gadget"),
    ("Phase 2 gadgets", "phase-2-gadgets"),
    ("Ratio 3:1, or 4/1", "ratio-3-1-or-4-1"),
    ("\u2605 \u2014", ""),
]


@pytest.mark.parametrize(("name", "expected"), KEBAB)
def test_an_id_is_the_kebab_case_of_a_name(name: str, expected: str) -> None:
    assert kebab_case(name) == expected


def test_ids_are_unique_in_one_namespace_topics_first(tmp_path: Path) -> None:
    document = """\
From the Guidelines
Causes
- Wobble
- Wobble: Widgets wobble
- Wobble 2
Wobble
Widgets wobble. Widgets sway.
From the Research
Associated Conditions
- Wobble Research
- Wobble 3
"""
    dataset = draft(tmp_path, document)
    assert [t.id for t in dataset.topics] == ["wobble"]  # a heading's id is never altered
    assert [s.id for s in dataset.statements] == ["wobble-guideline", "wobble-guideline-2"]
    assert [e.id for e in dataset.causes] == ["wobble-2", "wobble-3", "wobble-4"]
    assert [e.id for e in dataset.conditions] == ["wobble-research", "wobble-5"]


# -- the dataset around the items -------------------------------------------

TITLES = [
    ("widget-care.txt", "Widget care"),
    ("gadget_notes.md", "Gadget notes"),
    ("Sprockets", "Sprockets"),
    ("the  widget--almanac.txt", "The widget almanac"),
    ("---.txt", "---.txt"),
]


@pytest.mark.parametrize(("file_name", "title"), TITLES)
def test_the_title_comes_from_the_file_name(tmp_path: Path, file_name: str, title: str) -> None:
    assert title_from_file_name(file_name) == title
    assert draft(tmp_path, "From the Research\nWidgets hum.\n", file_name).title == title


def test_the_draft_names_its_document_and_lists_the_citations_it_uses(tmp_path: Path) -> None:
    text = "From the Guidelines\nWidgets hum 4.\nFrom the Research\nCauses\n- Wobble 9, 2\n"
    dataset = draft(tmp_path, text, "widget-care.txt")
    assert (dataset.schema_version, dataset.version) == (SCHEMA_VERSION, DRAFT_VERSION)
    assert dataset.provenance.document == "widget-care.txt"
    assert dataset.provenance.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert dataset.provenance.note is not None
    assert "dyscalc import" in dataset.provenance.note
    cited = [(c.number, c.source, c.reference.is_given) for c in dataset.citations]
    assert cited == [(2, RESEARCH, False), (4, GUIDELINE, False), (9, RESEARCH, False)]
    assert dataset.categories == ()


# -- refusals ----------------------------------------------------------------

SECTIONS = '"From the Guidelines" or "From the Research"'
REFUSALS = [
    (
        "a bullet before any section",
        "- Widgets hum 1\nFrom the Research\nGadgets buzz.\n",
        [
            f"<tmp>/widgets.txt:1: a fact before any section: put it under {SECTIONS}, "
            "which gives its evidence source"
        ],
    ),
    (
        "a sentence under a heading before any section",
        "Widget Almanac\nWidgets hum.\n",
        [
            f"<tmp>/widgets.txt:2: a fact before any section: put it under {SECTIONS}, "
            "which gives its evidence source"
        ],
    ),
    (
        "a fact under a heading that makes no id",
        "From the Research\n***\nWidgets hum 1.\n",
        [
            "<tmp>/widgets.txt:3: it stands under the heading '***' (line 2), which makes no "
            "topic id: it has no letter or digit (a-z, 0-9)"
        ],
    ),
    (
        "two headings that make one id",
        "From the Guidelines\nWidget Care\nOil them.\nFrom the Research\nWIDGET-CARE\n"
        "Dry them.\nWipe them.\n",
        [
            "<tmp>/widgets.txt:5: the heading 'WIDGET-CARE' makes the topic id "
            "'widget-care', as the heading 'Widget Care' at line 2 does: write them alike "
            "for one topic, or apart for two"
        ],
    ),
    (
        "a heading that makes the opening topic's id",
        "From the Guidelines\nWidgets hum.\nOVERVIEW\nGadgets buzz.\n",
        [
            "<tmp>/widgets.txt:3: the heading 'OVERVIEW' makes the topic id 'overview', as "
            "the topic 'Overview' of the facts under no topic heading does: write them alike "
            "for one topic, or apart for two"
        ],
    ),
    (
        "the opening topic after a heading that makes its id",
        "From the Guidelines\nOVERVIEW\nGadgets buzz.\nFrom the Research\nWidgets hum.\n",
        [
            "<tmp>/widgets.txt:2: the heading 'OVERVIEW' makes the topic id 'overview', as "
            "the topic 'Overview' of the facts under no topic heading does: write them alike "
            "for one topic, or apart for two"
        ],
    ),
    (
        "an empty bullet",
        "From the Research\nCauses\n- \n-\n",
        [
            "<tmp>/widgets.txt:3: an empty bullet: it states nothing to import",
            "<tmp>/widgets.txt:4: an empty bullet: it states nothing to import",
        ],
    ),
    (
        "a bullet with an empty name",
        "From the Research\nCauses\n- : Widgets wobble 1\n",
        ["<tmp>/widgets.txt:3: the bullet's name before ': ' is empty"],
    ),
    (
        "a name that makes no id",
        "From the Research\nCauses\n- \u2605: Widgets wobble 1\n",
        [
            "<tmp>/widgets.txt:3: the name '\u2605' makes no id: it has no letter or digit "
            "(a-z, 0-9)"
        ],
    ),
    (
        "a cited lead-in",
        "From the Research\nWidget Care\nThe steps include: 3\n- Kinds: 4\n",
        [
            "<tmp>/widgets.txt:3: it ends with ':' as a lead-in does, yet cites 3: a lead-in "
            "states no fact, so nothing can carry the citation",
            "<tmp>/widgets.txt:4: it ends with ':' as a lead-in does, yet cites 4: a lead-in "
            "states no fact, so nothing can carry the citation",
        ],
    ),
    (
        "a number cited twice by one fact",
        "From the Research\nWidgets hum 2, 5, 2.\n",
        ["<tmp>/widgets.txt:2: it cites 2 twice"],
    ),
    (
        "a sentence whose words stand in an earlier one on its line",
        "From the Research\nWidgets hum. Widgets hum.\n",
        [
            "<tmp>/widgets.txt:2: the sentence 'Widgets hum.' also stands in an earlier "
            "sentence of this line, so its quote could not tell the two apart: give it a "
            "line of its own"
        ],
    ),
    (
        "a number cited in both sections",
        "From the Guidelines\nWidgets hum 1.\nFrom the Research\nGadgets buzz 2, 1.\n",
        [
            '<tmp>/widgets.txt:4: citation 1 is cited here under "From the Research" and at '
            'line 2 under "From the Guidelines": a citation belongs to one section'
        ],
    ),
    (
        "an empty document",
        "",
        [
            "<tmp>/widgets.txt:1: the document states no fact: no bullet or sentence stands "
            f"under {SECTIONS}"
        ],
    ),
    (
        "a document of headings and lead-ins",
        "Widget Almanac\nFrom the Research\nCauses\nThe causes include:\n- Kinds:\n",
        [
            "<tmp>/widgets.txt:1: the document states no fact: no bullet or sentence stands "
            f"under {SECTIONS}"
        ],
    ),
    (
        "every refusal, in line order",
        "- Widgets hum\nFrom the Research\nCauses\n- : Wobble\n- Sway 2, 2\n",
        [
            f"<tmp>/widgets.txt:1: a fact before any section: put it under {SECTIONS}, "
            "which gives its evidence source",
            "<tmp>/widgets.txt:4: the bullet's name before ': ' is empty",
            "<tmp>/widgets.txt:5: it cites 2 twice",
        ],
    ),
]


@pytest.mark.parametrize(
    ("document", "expected"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_what_cannot_be_placed_is_refused_at_its_line(
    tmp_path: Path, document: str, expected: list[str]
) -> None:
    assert refusals(tmp_path, document) == expected


def test_a_document_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as missing:
        import_document(tmp_path / "missing.txt")
    assert str(missing.value) == f"{tmp_path / 'missing.txt'}: no such file"
    (tmp_path / "latin1.txt").write_bytes(b"From the Research\nWidgets hum \xe0 la mode.\n")
    with pytest.raises(DatasetError) as latin1:
        import_document(tmp_path / "latin1.txt")
    assert str(latin1.value).startswith(f"{tmp_path / 'latin1.txt'}:2:13: ")


# -- the command -------------------------------------------------------------

WIDGETS = """\
From the Guidelines
Widgets are small machines that hum 1.
Causes of Wobble
- Loose sprockets
- Bent axles 1
From the Research
Associated Conditions
The conditions include:
- Sway: Widgets sway when they wobble 2, 3
Widget Care
Oil them weekly 3. Keep them dry.
"""


def test_import_writes_the_draft_as_export_writes_a_dataset(
    tmp_path: Path, runner: CliRunner
) -> None:
    document = tmp_path / "widgets.txt"
    document.write_text(WIDGETS, encoding="utf-8")
    result = runner.invoke(app, ["import", str(document)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert yaml.safe_load(result.stdout) == to_document(import_document(document))
    saved = tmp_path / "draft.yaml"
    saved.write_text(result.stdout, encoding="utf-8")
    assert load(saved, use_cache=False) == import_document(document)
    checked = runner.invoke(app, ["validate", str(saved)])
    assert (checked.exit_code, checked.stdout.split(" (")[0]) == (0, f"{saved}: valid")


def test_import_refuses_with_every_problem_on_stderr_and_writes_nothing(
    tmp_path: Path, runner: CliRunner
) -> None:
    document = tmp_path / "widgets.txt"
    document.write_text("- Widgets hum\nFrom the Research\nCauses\n- : Wobble\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(document)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{document}:1: a fact before any section: put it under {SECTIONS}, which gives "
        "its evidence source",
        f"{document}:4: the bullet's name before ': ' is empty",
    ]


def test_import_of_a_missing_document_is_a_one_line_error(
    tmp_path: Path, runner: CliRunner
) -> None:
    result = runner.invoke(app, ["import", str(tmp_path / "missing.txt")])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{tmp_path / 'missing.txt'}: no such file\n"


# -- properties ----------------------------------------------------------------

WORDS = st.sampled_from(["Widgets", "hum", "gadgets", "Sprocket", "oil", "3:1", "\u00e9t\u00e9"])
PHRASES = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
NUMBERS = st.lists(st.integers(1, 9), max_size=3).map(
    lambda numbers: (" " + ", ".join(map(str, numbers))) if numbers else ""
)
SECTION_LINES = st.sampled_from(["From the Guidelines", "From the Research"])
LINES = st.one_of(
    SECTION_LINES,
    st.sampled_from(
        [
            "",
            "Causes",
            "Associated Conditions",
            "Widget Care",
            "widget care",
            "OVERVIEW",
            "***",
            "The kinds include:",
        ]
    ),
    st.builds(lambda p, n: f"- {p}{n}", PHRASES, NUMBERS),
    st.builds(lambda name, p, n: f"- {name}: {p}{n}", PHRASES, PHRASES, NUMBERS),
    st.builds(lambda p, n, end: f"{p}{n}{end}", PHRASES, NUMBERS, st.sampled_from([".", "?"])),
    st.builds(lambda a, b: f"{a}. {b.capitalize()}.", PHRASES, PHRASES),
    st.builds(lambda p: f"{p}. {p}.", PHRASES),
)


@settings(max_examples=200, deadline=None)
@given(SECTION_LINES, st.lists(LINES, max_size=12))
def test_any_document_is_refused_at_its_lines_or_drafted_with_one_quoted_item_a_fact(
    section: str, rest: list[str]
) -> None:
    lines = [section, *rest]  # a fact before any section is refused (REFUSALS): rarely news
    text = "".join(line + "\n" for line in lines)
    document = parse_document(text.encode(), "any.txt")
    try:
        dataset = draft_dataset(document)
    except DatasetError as error:
        refused = error.problems
    else:
        refused = []
    if refused:  # each refusal at a line of the document
        assert all(1 <= (p.line or 0) <= max(len(lines), 1) for p in refused)
        return
    # Nothing is added: one item for each fact, and each quotes its own fact exactly.
    quoted = []
    for item in items(dataset):
        assert item.quote is not None
        fact = locate_quote(document, item.quote.line, item.quote.text).passage
        assert fact is not None
        assert fact.text == item.quote.text
        assert (sorted(fact.citations), fact.source) == (list(item.citations), item.source)
        quoted.append((fact.line, fact.start))
    assert sorted(quoted) == [(fact.line, fact.start) for fact in document.facts]
    # ... and the draft is a valid dataset file that loads back as the same dataset.
    written = yaml.safe_dump(to_document(dataset), sort_keys=False, allow_unicode=True)
    assert parse_dataset(written.encode(), "draft.yaml") == dataset


# -- the shipped document ------------------------------------------------------

SHIPPED_DOCUMENT = ROOT / "src" / "dyscalc" / "data" / "dystrophic-calcification.txt"

# Where the bundled dataset, transcribed by hand, differs from the draft of its own source
# document: editorial choices, each listed in README.md ("What the draft of the shipped
# document differs in"). (quoted line, field, in the bundled dataset, in the draft)
EDITORIAL = [
    (2, "id", "definition-guideline", "overview-guideline"),
    (2, "topic", "Definition", "Overview"),
    (
        5,
        "id",
        "autoimmune-tissue-damage",
        "tissue-damage-from-autoimmune-disorders-like-dermatomyositis-and-scleroderma",
    ),
    (
        5,
        "name",
        "Tissue damage from autoimmune disorders",
        "Tissue damage from autoimmune disorders like dermatomyositis and scleroderma",
    ),
    (5, "examples", ("dermatomyositis", "scleroderma"), ()),
    (8, "id", "vascular-disorders", "vascular-disorders-that-impair-blood-flow"),
    (9, "id", "tumors", "tumors-both-benign-and-malignant"),
    (
        11,
        "id",
        "fetal-brain-injury",
        "fetal-brain-injury-as-indicated-by-calcifications-on-brain-imaging",
    ),
    (
        11,
        "name",
        "Fetal brain injury",
        "Fetal brain injury, as indicated by calcifications on brain imaging",
    ),
    (11, "description", "As indicated by calcifications on brain imaging.", None),
    (17, "topic", "Recent findings", "Recent Findings"),
    (20, "id", "definition-research", "overview-research"),
    (20, "topic", "Definition", "Overview"),
    (
        26,
        "examples",
        ("Ehlers-Danlos syndrome", "pseudoxanthoma elasticum", "arteriosclerosis obliterans"),
        (),
    ),
]
SAME = ("kind", "source", "citations", "quote")  # never editorial: the facts themselves


def facts_by_line(dataset: Dataset) -> dict[int, dict[str, object]]:
    """Each item's fields, by the line it quotes (each line quoted once)."""
    titles = {topic.id: topic.title for topic in dataset.topics}
    found: dict[int, dict[str, object]] = {}
    for item in items(dataset):
        assert item.quote is not None, f"{item.id} quotes nothing"
        assert item.quote.line not in found, f"line {item.quote.line} is quoted twice"
        fields: dict[str, object] = {
            "source": item.source,
            "citations": item.citations,
            "quote": item.quote,
            "id": item.id,
        }
        if isinstance(item, Statement):
            fields.update(kind="statement", text=item.text, topic=titles[item.topic])
        else:
            fields.update(
                kind=item.kind,
                name=item.name,
                description=item.description,
                examples=item.examples,
            )
        found[item.quote.line] = fields
    return found


def test_the_draft_of_the_shipped_document_states_the_bundled_datasets_facts() -> None:
    bundled = facts_by_line(load(use_cache=False))
    drafted = facts_by_line(import_document(SHIPPED_DOCUMENT))
    assert sorted(drafted) == sorted(bundled), "an item on one side only"
    for line in bundled:
        assert {f: drafted[line][f] for f in SAME} == {f: bundled[line][f] for f in SAME}
    differences = [
        (line, field, bundled[line][field], drafted[line][field])
        for line in sorted(bundled)
        for field in bundled[line]
        if field not in SAME and bundled[line][field] != drafted[line][field]
    ]
    assert differences == EDITORIAL


def test_only_the_bundled_dataset_groups_causes_into_categories() -> None:
    bundled, drafted = load(use_cache=False), import_document(SHIPPED_DOCUMENT)
    assert bundled.categories
    assert all(cause.category for cause in bundled.causes)
    assert drafted.categories == ()
    assert not any(cause.category for cause in drafted.causes)


def test_the_readme_lists_every_editorial_difference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| (\d+) \| (\w+) \|", readme, re.MULTILINE)
    assert listed == [(str(line), field) for line, field, _, _ in EDITORIAL]


# Each document is imported by the command, saved beside it, and checked by the commands
# a user would run on the draft.
DOCUMENTS = [
    ("dystrophic-calcification.txt", SHIPPED_DOCUMENT.read_text("utf-8")),
    ("widgets.txt", WIDGETS),
]


def import_beside(tmp_path: Path, runner: CliRunner, name: str, text: str) -> Path:
    document = tmp_path / name
    document.write_bytes(text.encode("utf-8"))
    result = runner.invoke(app, ["import", str(document)])
    assert (result.exit_code, result.stderr) == (0, "")
    saved = tmp_path / "draft.yaml"
    saved.write_text(result.stdout, encoding="utf-8")
    return saved


@pytest.mark.parametrize(("name", "text"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_the_draft_passes_validate(tmp_path: Path, runner: CliRunner, name: str, text: str) -> None:
    saved = import_beside(tmp_path, runner, name, text)
    checked = runner.invoke(app, ["validate", str(saved)])
    assert (checked.exit_code, checked.stderr) == (0, "")


# The draft, saved beside its document, passes the mechanical check of every quote.
@pytest.mark.parametrize(("name", "text"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_the_draft_passes_verify(tmp_path: Path, runner: CliRunner, name: str, text: str) -> None:
    saved = import_beside(tmp_path, runner, name, text)
    checked = runner.invoke(app, ["--data", str(saved), "verify"])
    assert (checked.exit_code, checked.stderr) == (0, ""), checked.output
