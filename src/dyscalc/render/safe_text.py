"""Make dataset text safe to show on a terminal: control, bidi and invisible characters
become visible escapes.

Data is printed, never interpreted: an ESC byte in a dataset must not become a
terminal command, a right-to-left override must not reorder what a reader sees, and a
zero-width space must not make two different words look the same.
"""

from __future__ import annotations

import re

# Every control character but tab and newline (Unicode category Cc), every format
# character (Cf: bidi controls, zero-width spaces and joiners, the soft hyphen, tags...),
# the line and paragraph separators (Zl, Zp), surrogates (Cs) and the noncharacters, as
# of Unicode 15.1; tests/test_rough_edges.py checks it against Python's unicodedata.
# The format characters that are drawn, the prepended concatenation marks (such as the
# Arabic number sign U+0600), are left as they are.
# A string, not a compiled pattern: re compiles it on first use and caches it, and most
# runs (a JSON answer) never show text through here.
_UNSAFE = (
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
    + "".join(f"\\U{plane:04x}fffe-\\U{plane:04x}ffff" for plane in range(1, 17))
    + "]"
)


def visible(text: str) -> str:
    """`text` with each unsafe character written as its escape, e.g. ESC as `\\x1b`."""
    return re.sub(_UNSAFE, _escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
