"""Photo captions read with their credit apart: "CAPTION (CREDIT)", whatever order and markup the page gives them.

A caption element often holds its photo credit in a child of its own: Kompas 2021 writes
`<span class="author">SHUTTERSTOCK/ker_vii</span>Ilustrasi virus corona` (the credit first, glued to the caption in
plain text), WordPress and other CMSes `<span class="credit">`, `span.photo__credit`, `span.e-caption__credit`, or a
child labelled "Foto: X" / "Fotografer: X" / "Photo: X" / "Photograph by X". The record keeps credits in its
captions, as the pages write most of them ("... (CNN Indonesia/Rahmat Hidayat)", "... (Foto: Dok. Pemkot)"): the
caption's own text comes first and the credit follows in parentheses, so no credit is glued to a caption's words and
every caption reads the same way. A caption with no such child is read as it is.
"""

from __future__ import annotations

import re

from lxml import etree

from beritascrape.extract.text import squash, text_of

# Class words of a credit: "author", "credit(s)", "source", "photographer", "copyright", and their Indonesian names;
# a word of the class list or a part of one between "-" and "_" (BEM names: "photo__credit", "caption-credit").
CREDIT_CLASS_WORDS = frozenset((
    "author", "credit", "credits", "source", "photographer", "fotografer", "copyright", "kredit", "sumber", "courtesy",
))  # fmt: skip
_CLASS_PARTS = re.compile(r"[\s_-]+")
# A child whose text is a labelled credit: "Foto: X", "Fotografer: X", "Sumber foto: X", "Photo: X", "Credit: X",
# "Kredit foto: X", "Image: X"; or "Photograph by X", "Foto oleh X".
CREDIT_LABEL = re.compile(
    r"^\W*(?:(?:sumber\s+)?(?:foto(?:grafer)?|gambar)|(?:pewarta|juru)\s+foto|photo(?:grapher)?s?|kredit(?:\s+foto)?"
    r"|credits?|image|picture)\s*[:：]\s*\w"
    r"|^\W*(?:photo(?:graph)?s?|illustration|foto|ilustrasi)\s+(?:by|oleh)\s+\w",
    re.IGNORECASE,
)
# A child holding only a label ("Credit" before a credit's value, Telegraph): a part of the credit, not one.
_LABEL_WORDS = frozenset(
    ("credit", "credits", "kredit", "foto", "photo", "sumber", "source", "fotografer", "photographer")
)
_LABEL_PUNCTUATION = " :：()[]"
# What separates a credit from the caption in plain text: left over at the caption's edge once the credit is apart.
_EDGE = " /|·•-–—:"


def caption_text(el: etree._Element) -> str:
    """A caption element's text, its credit child (if any) after the caption in parentheses."""
    credits = _credits(el)
    if not credits:
        return text_of(el)
    parts: list[str] = []
    _text_outside(el, credits, parts)
    caption = squash("".join(parts)).strip(_EDGE)
    credit = "; ".join(c for c in (_unwrapped(text_of(c)) for c in credits) if c)
    if not caption or not credit:
        return text_of(el)
    return f"{caption} ({credit})"


def _credits(el: etree._Element) -> list[etree._Element]:
    """The outermost descendants of `el` that hold a credit (by class word or by labelled text)."""
    found: list[etree._Element] = []
    walk = etree.iterwalk(el, events=("start",))
    for _, node in walk:
        if node is el:
            continue
        if not isinstance(node.tag, str):
            walk.skip_subtree()
            continue
        names = node.get("class")
        text = text_of(node)
        if not text or text.strip(_LABEL_PUNCTUATION).lower() in _LABEL_WORDS:
            continue
        named = bool(names) and not CREDIT_CLASS_WORDS.isdisjoint(_CLASS_PARTS.split(names.lower()))
        if named or CREDIT_LABEL.match(text):
            found.append(node)
            walk.skip_subtree()
    return found


def _text_outside(el: etree._Element, skip: list[etree._Element], parts: list[str]) -> None:
    # The element's text without the credits' subtrees (the text after a credit, its tail, is the caption's).
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and child not in skip:
            _text_outside(child, skip, parts)
        if child.tail:
            parts.append(child.tail)


def _unwrapped(credit: str) -> str:
    # "(Getty Images)" is written in parentheses already: they are not doubled.
    credit = credit.strip(_EDGE)
    if credit.startswith("(") and credit.endswith(")") and credit.count("(") == 1:
        return credit[1:-1].strip()
    return credit
