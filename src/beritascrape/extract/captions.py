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


# Class words of a caption element: "caption" (wp-caption-text, photo__caption, caption-img), "keterangan" (Indonesian
# CMSes' "ket"-less name for it), and the parts of BEM names ending in "caption".
_CAPTION_WORDS = frozenset(("caption", "keterangan", "figcaption"))
_MAX_CAPTION_WORDS = 60
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


def classed_captions(region: etree._Element) -> list[etree._Element]:
    """Caption elements named by their class (no <figcaption>): text classed as a caption beside a picture of the
    article. A picture inside a link is a teaser of another article (its "caption" is that article's headline), and
    so is a caption that is mostly a link: neither counts."""
    found: list[etree._Element] = []
    for el in region.iter("*"):
        if el.tag in _HEADINGS:
            continue  # bisnis's h1.detailsTitleCaption is the headline over the photo
        cls = el.get("class")
        if not cls or ("aption" not in cls and "eterangan" not in cls):
            continue
        parts = [p for p in _CLASS_PARTS.split(cls.lower()) if p]
        if not any(p in _CAPTION_WORDS or p.endswith("caption") for p in parts) or any("credit" in p for p in parts):
            continue
        ancestors = list(el.iterancestors())
        if any(a.tag == "a" for a in ancestors) or any(f in ancestors for f in found):
            continue  # inside a teaser's link, or inside a caption already found
        text = text_of(el)
        if not text or text.count(" ") >= _MAX_CAPTION_WORDS:
            continue
        link = el.find(".//a")
        if link is not None and len(text_of(link)) * 2 > len(text):
            continue
        if _beside_a_picture(el):
            found.append(el)
    return found


def _in_link(el: etree._Element) -> bool:
    return any(a.tag == "a" for a in el.iterancestors())


# What a picture's wrapper may hold beside its caption (a credit, a "Foto" label, a zoom button) and still be the
# caption's figure rather than a block of the article.
_WRAPPER_SLACK = 80


def _beside_a_picture(el: etree._Element) -> bool:
    """A picture in the caption itself, or in its nearest wrapper (parent, else grandparent) that holds no other
    text to speak of; a picture inside a link is another article's teaser."""
    caption = len(text_of(el))
    for scope in (el, el.getparent(), el.getparent().getparent() if el.getparent() is not None else None):
        if scope is None:
            return False
        pictures = list(scope.iter("img", "picture"))
        if not pictures:
            continue
        if scope is not el and len(text_of(scope)) > caption + _WRAPPER_SLACK:
            return False
        return any(not _in_link(p) for p in pictures)
    return False
