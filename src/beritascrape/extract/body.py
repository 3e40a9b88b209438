"""The article body: paragraphs read from a container element, then cleaned with the shared tables."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
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
_WORD = re.compile(r"\w")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# A dateline left alone by markup ("<strong>Jakarta</strong> - <p>Text"): it belongs to the next paragraph.
_DATELINE = re.compile(r"^[A-Z][\w.,() ]{0,40}\s[-–—]+$")


@dataclass(frozen=True)
class Paragraph:
    """One block of text and how much of it sits inside links."""

    text: str
    link_chars: int = 0
    # Text of an <h1>-<h6>: a sub-heading, kept unless nothing follows it.
    heading: bool = False

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
    in_heading = [0]

    def flush() -> None:
        text = squash("".join(buf))
        if text:
            out.append(Paragraph(text, min(link_chars[0], len(text)), in_heading[0] > 0))
        buf.clear()
        link_chars[0] = 0

    def walk(el: etree._Element, in_link: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP_TAGS or (skip is not None and skip(el)):
            return
        block = tag in BLOCK_TAGS
        in_link = in_link or tag == "a"
        heading = tag in _HEADINGS
        if block:
            flush()
        in_heading[0] += heading
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
        in_heading[0] -= heading

    walk(container, False)
    flush()
    return out


def clean_paragraphs(
    paragraphs: list[Paragraph], captions: Iterable[str] = (), template: Collection[str] = ()
) -> BodyResult:
    """Drop read-also insertions, credit lines, boilerplate and captions; strip the end mark.

    `template` holds the block keys (clean.block_key) of text the archive learnt as the site's template.
    """
    result = BodyResult()
    caption_set = {c.casefold() for c in captions}
    expect_headline = False
    headings: list[bool] = []  # per kept paragraph: was it a sub-heading
    dateline = ""
    for para in paragraphs:
        text = clean.strip_end_mark(para.text)
        if not text:
            continue
        if clean.is_read_also(text):
            # "Baca juga:" alone on its line means the linked headlines are the next paragraphs.
            # ("JANGAN LEWATKAN!!!" on kapanlagi__anpandu-singlepage2.html: punctuation is not a headline.)
            expect_headline = _WORD.search(clean.READ_ALSO.sub("", text)) is None
            continue
        if expect_headline and para.link_ratio > 0.8:
            # merdeka lists several, one link per <p> (merdeka__m-kasus-aktif-covid-19.html): drop the whole run.
            continue
        expect_headline = False
        credits = clean.credits_of(text)
        if credits:
            for credit in credits:
                if credit.value:
                    result.credits.setdefault(credit.field, credit.value)
            continue
        if clean.is_boilerplate(text) or clean.is_sign_off(text) or text.casefold() in caption_set:
            continue
        if template and len(text.split()) <= clean.TEMPLATE_MAX_WORDS and clean.block_key(text) in template:
            continue
        if not result.paragraphs and not dateline and _DATELINE.match(text):
            dateline = text + " "
            continue
        result.paragraphs.append(dateline + text)
        headings.append(para.heading)
        dateline = ""
    # A lone sub-heading after the prose, with nothing below it, titles a photo or video block (liputan6's
    # "Infografis ..." section); a run of headings is a photo list whose titles are the text (liputan6 "5 Potret").
    if len(headings) > 2 and headings[-1] and not headings[-2]:
        result.paragraphs.pop()
    if result.paragraphs:
        last = clean.strip_sign_off(result.paragraphs[-1])
        if last:
            result.paragraphs[-1] = last
        else:
            result.paragraphs.pop()
    return result


def take_closing_credit(result: BodyResult) -> None:
    """Move a closing all-capitals credit line out of the body: an agency is the source, a name the writer."""
    if len(result.paragraphs) < 2 or not clean.CLOSING_CREDIT.match(result.paragraphs[-1]):
        return
    names = [squash(n) for n in re.split(r"[|/]", result.paragraphs.pop())]
    agencies = [n for n in names if n in clean.AGENCIES]
    writers = [n for n in names if n not in clean.AGENCIES]
    if agencies:
        result.credits.setdefault("source", ", ".join(a.title() if len(a) > 3 else a for a in agencies))
    if writers:
        result.credits.setdefault("authors", ", ".join(w.title() for w in writers))
