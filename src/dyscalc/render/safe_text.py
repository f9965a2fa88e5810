"""Make dataset text safe to show on a terminal: control and bidi characters become visible.

Data is printed, never interpreted: an ESC byte in a dataset must not become a
terminal command, and a right-to-left override must not reorder what a reader sees.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates.
# A string, not a compiled pattern: re compiles it on first use and caches it, and most
# runs (a JSON answer) never show text through here.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def visible(text: str) -> str:
    """`text` with each unsafe character written as its escape, e.g. ESC as `\\x1b`."""
    return re.sub(_UNSAFE, _escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
