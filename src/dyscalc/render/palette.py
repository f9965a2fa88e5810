"""The one palette of the human views: the style of each kind of text they show.

Colour marks the evidence source, and never replaces the word: the views always write
"guideline" or "research" as well. The two hues are blue and orange, which colour-blind
readers tell apart, with no background colour, so that they read on light and dark
terminals alike. Without colour (a pipe, NO_COLOR, TERM=dumb) the views keep only the
bold and italic they always had.
"""

from __future__ import annotations

# What a piece of text is. The two evidence sources are tagged by their own names, the
# values of dyscalc.model.EvidenceSource.
GUIDELINE = "guideline"
RESEARCH = "research"
CITATIONS = "citations"  # citation numbers, and the word for none
HEADING = "heading"  # titles, column headings, field names, branches of the overview
CAPTION = "caption"  # the notes under a view, and the legend's words
QUOTE = "quote"  # the words of the source document that an item quotes (dyscalc source ID)
LINE_NUMBER = "line-number"  # the numbers in the gutter of a document's lines

COLOUR: dict[str, str] = {
    # xterm-256 colours 32 and 166, shown exactly by 256-colour terminals. Contrast:
    # blue 5.5:1 on black and 3.9:1 on white, orange 5.5:1 and 3.8:1.
    GUIDELINE: "#0087d7",
    RESEARCH: "#d75f00",
    CITATIONS: "dim",
    HEADING: "bold",
    CAPTION: "italic",
    QUOTE: "reverse",
    LINE_NUMBER: "dim",
}

NO_COLOUR: dict[str, str] = {HEADING: "bold", CAPTION: "italic", QUOTE: "reverse"}
"""Where colour is off: dyscalc 1.0's styles, byte for byte, and the quote of
`dyscalc source ID` in reverse video, which is not a colour: it stays marked under
NO_COLOR."""

LEGEND: tuple[tuple[str, str], ...] = (
    ("Colour shows the evidence source: ", CAPTION),
    ("guideline", GUIDELINE),
    (", ", CAPTION),
    ("research", RESEARCH),
)
"""One line, under a view that shows both sources in colour."""
