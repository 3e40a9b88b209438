"""Cleaning tables shared by every site: nodes never part of a body, and boilerplate text patterns.

Node-level rules run first (what a profile's `remove` names, plus GENERIC_REMOVE); the text-level table then
judges each paragraph. Every pattern here is shown by a fixture under tests/fixtures/.
"""

from __future__ import annotations

import hashlib
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
    r"^\s*(?:(?:baca|simak|lihat|cek|tonton)\s+(?:juga|pula|selengkapnya|berita\s+lainnya)|jangan\s+lewatkan)\b"
    r"\s*[:：\-–—]?",
    re.IGNORECASE,
)

# Credit lines that name people or sources; their values feed `editor`, `source`, `authors`.
CREDIT_LINE = re.compile(
    r"^\s*(?P<label>editor|penyunting|redaktur|red|sumber|penulis|reporter|pewarta|kontributor|redaksi)\s*:\s*"
    r"(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
CREDIT_FIELD = {
    "editor": "editor",
    "penyunting": "editor",
    "redaktur": "editor",
    "red": "editor",  # "Red: Name" closes Republika articles (republika__anpandu-singlepage.html)
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
    r"|load\s+more|foto\s+terkait|komentar|lanjutkan\s+membaca\W*|scroll\s+down\s+untuk\s+melanjutkan\s+membaca"
    r"|baca\s+artikel\s+menarik\s+lainnya|saksikan\s+video(?:\s+pilihan)?\s+di\s+bawah\s+ini)\s*:?\s*$",
    re.IGNORECASE,
)

# The end mark that closes PRMN (and other) articles: "...sudah dibuat.***".
END_MARK = re.compile(r"\s*\*{3,}\s*$")

# The desk's sign-off that closes many Indonesian articles: "(red)", "(ren)", "(mdk/ank)", "(kpl/pur/tch)"
# (kapanlagi, merdeka, CNN Indonesia), "(Z-2)" (Media Indonesia). Lower-case initials or a letter-number code only,
# so a real closing parenthesis such as "(AS)" or "(1/2)" is left alone.
SIGN_OFF = r"\(\s*(?:[a-z]{2,5}(?:\s*/\s*[a-z]{2,5}){0,3}|[A-Z]{1,3}-\d{1,3})\s*\)"
SIGN_OFF_LINE = re.compile(rf"^{SIGN_OFF}$")
SIGN_OFF_TAIL = re.compile(rf"\s+{SIGN_OFF}$")


@dataclass(frozen=True)
class Credit:
    """A credit line found in the text: which field it fills and its value."""

    field: str
    value: str


def credits_of(text: str) -> list[Credit]:
    """The credits a paragraph consists of: "Editor: X", or several joined by "|" (Kontan's
    "Reporter: A | Editor: B"); empty when the paragraph is anything else."""
    if len(text) > 160:
        return []
    parts = text.split("|") if "|" in text else [text]
    matches = [CREDIT_LINE.match(part) for part in parts]
    if not all(matches) or any(len(part) > 120 for part in parts):
        return []
    return [Credit(CREDIT_FIELD[m.group("label").lower()], m.group("value")) for m in matches if m]


def is_sign_off(text: str) -> bool:
    """True when a paragraph is only the desk's initials, "(red)" or "(mdk/ank)"."""
    return SIGN_OFF_LINE.match(text) is not None


def strip_sign_off(text: str) -> str:
    """Drop a sign-off glued to the end of the last paragraph: "... kata dia. (kpl/pur/tch)"."""
    return SIGN_OFF_TAIL.sub("", text) if text.endswith(")") else text


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


# A closing credit: one to four capitalised words alone on the last line ("DINI TEJA", "ANTARA | REUTERS");
# an agency among them is the source, a name the writer (tempo__anpandu-singlepage.html).
_CAPS_NAME = r"[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*){0,3}"
CLOSING_CREDIT = re.compile(rf"^{_CAPS_NAME}(?:\s*[|/]\s*{_CAPS_NAME})*$")
AGENCIES = frozenset(("ANTARA", "REUTERS", "AFP", "AP", "XINHUA", "BBC", "BLOOMBERG", "KYODO", "ANADOLU"))

# Companies in author fields: "PT. VIVA MEDIA BARU - VIVA.co.id" (viva__anpandu-singlepage.html).
COMPANY = re.compile(r"^PT\.?\s|\bmedia\b.*\.co", re.I)
# Keywords that are "Label:Value" pairs, not tags: "Tekno:Telko", "Editor:Name" (liputan6 2016 keywords).
PSEUDO_TAG = re.compile(r"^[\w-]+:\S")


def is_company(name: str) -> bool:
    """True when an author field names a company, not a person."""
    return COMPANY.search(name) is not None


def is_pseudo_tag(keyword: str) -> bool:
    """True when a keyword is a "Label:Value" pair rather than a tag."""
    return PSEUDO_TAG.match(keyword) is not None


# Learned template text (archive/boilerplate): blocks are compared by a digest of their folded text, so the archive
# stores no copy of them and a re-indented copy of the same prompt is the same block.
TEMPLATE_MAX_WORDS = 60


def block_key(text: str) -> str:
    """The digest by which a text block is learnt as, and recognised as, a site's template text."""
    folded = " ".join(text.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]
