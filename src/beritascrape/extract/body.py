"""The article body: paragraphs read from a container element, then cleaned with the shared tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from beritascrape.extract import clean
from beritascrape.extract.text import squash
from beritascrape.sites.base import ElementTest

# Tags whose start and end break a paragraph.
# fmt: off
BLOCK_TAGS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "ul", "ol", "table", "tr", "td", "th",
    "section", "article", "figure", "pre", "center", "dl", "dt", "dd", "header", "footer", "aside", "main", "nav",
    "hr", "br",
))
# fmt: on
_SKIP_TAGS = frozenset(clean.GENERIC_REMOVE)


@dataclass(frozen=True)
class Paragraph:
    """One block of text and how much of it sits inside links."""

    text: str
    link_chars: int = 0

    @property
    def link_ratio(self) -> float:
        """Share of the text that is link text."""
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class BodyResult:
    """Cleaned paragraphs plus the credits found among them."""

    paragraphs: list[str] = field(default_factory=list)
    credits: dict[str, str] = field(default_factory=dict)


def read_paragraphs(container: etree._Element, skip: ElementTest | None = None) -> list[Paragraph]:
    """Split a container's text into paragraphs at block elements, tracking link text.

    Scripts, styles, frames and comments are passed over, and so is every element one of `skip` accepts
    (a profile's removal rules); the text that follows a skipped element is kept.
    """
    out: list[Paragraph] = []
    buf: list[str] = []
    link_chars = [0]

    def flush() -> None:
        text = squash("".join(buf))
        if text:
            out.append(Paragraph(text, min(link_chars[0], len(text))))
        buf.clear()
        link_chars[0] = 0

    def walk(el: etree._Element, in_link: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP_TAGS or (skip is not None and skip(el)):
            return
        block = tag in BLOCK_TAGS
        in_link = in_link or tag == "a"
        if block:
            flush()
        if el.text:
            buf.append(el.text)
            if in_link:
                link_chars[0] += len(el.text.strip())
        for child in el:
            walk(child, in_link)
            if child.tail:
                buf.append(child.tail)
                if in_link:
                    link_chars[0] += len(child.tail.strip())
        if block:
            flush()

    walk(container, False)
    flush()
    return out


def clean_paragraphs(paragraphs: list[Paragraph], captions: Iterable[str] = ()) -> BodyResult:
    """Drop read-also insertions, credit lines, boilerplate and captions; strip the end mark."""
    result = BodyResult()
    caption_set = {c.casefold() for c in captions}
    expect_headline = False
    for para in paragraphs:
        text = clean.strip_end_mark(para.text)
        if not text:
            continue
        if clean.is_read_also(text):
            # "Baca juga:" alone on its line means the linked headline is the next paragraph.
            expect_headline = not clean.READ_ALSO.sub("", text).strip()
            continue
        if expect_headline and para.link_ratio > 0.8:
            expect_headline = False
            continue
        expect_headline = False
        credit = clean.credit_of(text)
        if credit is not None:
            if credit.value:
                result.credits.setdefault(credit.field, credit.value)
            continue
        if clean.is_boilerplate(text) or text.casefold() in caption_set:
            continue
        result.paragraphs.append(text)
    return result
