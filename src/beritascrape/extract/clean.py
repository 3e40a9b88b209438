"""Cleaning tables shared by every site: nodes never part of a body, and boilerplate text patterns.

Node-level rules run first (what a profile's `remove` names, plus GENERIC_REMOVE); the text-level table then
judges each paragraph. Every pattern here is shown by a fixture under tests/fixtures/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Elements that never hold article prose.
GENERIC_REMOVE: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "iframe",
    "ins",
    "form",
    "button",
    "svg",
    "figcaption",
    "template",
    "object",
    "embed",
    "video",
    "audio",
)

# A read-also insertion: the label, then the linked headline in the same paragraph (or the next one).
READ_ALSO = re.compile(
    r"^\s*(?:baca|simak|lihat|cek|tonton)\s+(?:juga|pula|selengkapnya|berita\s+lainnya)\b\s*[:：\-–—]?",
    re.IGNORECASE,
)

# Credit lines that name people or sources; their values feed `editor`, `source`, `authors`.
CREDIT_LINE = re.compile(
    r"^\s*(?P<label>editor|penyunting|redaktur|sumber|penulis|reporter|pewarta|kontributor|redaksi)\s*:\s*"
    r"(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
CREDIT_FIELD = {
    "editor": "editor",
    "penyunting": "editor",
    "redaktur": "editor",
    "redaksi": "editor",
    "sumber": "source",
    "penulis": "authors",
    "reporter": "authors",
    "pewarta": "authors",
    "kontributor": "authors",
}

# Whole paragraphs that are ad slots, widget labels or section headings of the page around the article.
BOILERPLATE = re.compile(
    r"^\s*(?:advertisement|iklan|scroll\s+to\s+continue\s+with\s+content|share\s*:?|bagikan\s*:?"
    r"|tags?\s*:?|topik\s*:?|berita\s+terkait|artikel\s+terkait|berita\s+lainnya|terkini|terpopuler"
    r"|load\s+more|foto\s+terkait|komentar)\s*$",
    re.IGNORECASE,
)

# The end mark that closes PRMN (and other) articles: "...sudah dibuat.***".
END_MARK = re.compile(r"\s*\*{3,}\s*$")


@dataclass(frozen=True)
class Credit:
    """A credit line found in the text: which field it fills and its value."""

    field: str
    value: str


def credit_of(text: str) -> Credit | None:
    """The credit ("Editor: X", "Sumber: Y") a paragraph consists of, if it is one."""
    m = CREDIT_LINE.match(text)
    if not m or len(text) > 120:
        return None
    return Credit(CREDIT_FIELD[m.group("label").lower()], m.group("value"))


def is_read_also(text: str) -> bool:
    """True when a paragraph is a read-also insertion."""
    return READ_ALSO.match(text) is not None


def is_boilerplate(text: str) -> bool:
    """True when a paragraph is an ad label or a heading of the page's furniture."""
    return BOILERPLATE.match(text) is not None


def strip_end_mark(text: str) -> str:
    """Drop the trailing `***` end mark."""
    # The endswith test spares a regex scan of every paragraph: the mark is rare and always last.
    return END_MARK.sub("", text) if text.rstrip().endswith("***") else text
