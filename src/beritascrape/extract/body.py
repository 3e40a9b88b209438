"""The article body: paragraphs read from a container element, then cleaned with the shared tables."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from beritascrape.extract import clean
from beritascrape.extract.text import ends_sentence, is_prose, squash, word_count
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
_EMBED_CANDIDATES = clean.EMBED_CANDIDATES
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Boxes judged whole as widgets (clean.is_widget) once read; a box of few short lines only.
_BOXES = frozenset(("div", "section", "aside", "figure"))
_WIDGET_CHARS = 400
_WIDGET_LINES = 12
# A dateline left alone by markup ("<strong>Jakarta</strong> - <p>Text"): it belongs to the next paragraph.
_DATELINE = re.compile(r"^[A-Z][\w.,() ]{0,40}\s[-–—]+$")
_DATELINE_ENDS = frozenset("-–—\n")


_GLUE = re.compile(r"(?<=\w)\x00+(?=\w)")


def lines_of(el: etree._Element) -> list[str]:
    """An element's text as squashed lines: a <br> or a block element ends a line, and where two inline elements
    meet with no space between them ("<span>Name</span><span>Sabtu, ...</span>") their words stay apart."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            tag = child.tag
            if isinstance(tag, str) and tag not in _SKIP_TAGS:
                mark = "\n" if tag in BLOCK_TAGS else "\x00"
                out.append(mark)
                walk(child)
                out.append(mark)
            if child.tail:
                out.append(child.tail)

    walk(el)
    text = "".join(out)
    if "\x00" in text:
        text = _GLUE.sub(" ", text).replace("\x00", "")
    return [line for raw in text.split("\n") if (line := squash(raw))]


class Paragraph(NamedTuple):
    """One block of text and how much of it sits inside links."""

    # A named tuple, not a frozen dataclass: a long body makes one per block, and a tuple is made several times faster.
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


def read_paragraphs(
    container: etree._Element, skip: ElementTest | None = None, *, widgets: bool = True
) -> list[Paragraph]:
    """Split a container's text into paragraphs at block elements, tracking link text.

    Scripts, styles, frames and comments are passed over, and so are embedded social posts (clean.is_embed) and
    every element one of `skip` accepts (a profile's removal rules); the text that follows a skipped element is kept.
    A box that is a widget (clean.is_widget) goes whole, unless `widgets` is False (benchmarks/accuracy.py scores
    that rule apart).
    """
    out: list[Paragraph] = []
    buf: list[str] = []
    link_chars = [0]
    in_heading = [0]
    # Per open box: the lines of widgets dropped inside it, judged again with the box's own (a button's box goes
    # first, and the box around it, with the widget's title, then reads as the same widget).
    dropped_inside: list[list[str]] = [[]]

    def flush() -> None:
        if not buf:  # a block's start and end both flush: most find nothing gathered
            link_chars[0] = 0
            return
        text = squash("".join(buf))
        if text:
            out.append(Paragraph(text, min(link_chars[0], len(text)), in_heading[0] > 0))
        buf.clear()
        link_chars[0] = 0

    # Each .text and .tail read builds a new string from the tree: read once into a local (a long body has many).
    def walk(el: etree._Element, in_link: bool) -> None:
        tag = el.tag
        if (
            not isinstance(tag, str)
            or tag in _SKIP_TAGS
            or (tag in _EMBED_CANDIDATES and clean.is_embed(el))
            or (skip is not None and skip(el))
        ):
            return
        block = tag in BLOCK_TAGS
        in_link = in_link or tag == "a"
        heading = tag in _HEADINGS
        if block:
            flush()
        start = len(out)
        box = widgets and tag in _BOXES and el is not container
        if box:
            dropped_inside.append([])
        in_heading[0] += heading
        text = el.text
        if text:
            buf.append(text)
            if in_link:
                link_chars[0] += len(text.strip())
        for child in el:
            walk(child, in_link)
            tail = child.tail
            if tail:
                buf.append(tail)
                if in_link:
                    link_chars[0] += len(tail.strip())
        if block:
            flush()
        if box:
            inner = dropped_inside.pop()
            if (len(out) > start or inner) and len(out) - start + len(inner) <= _WIDGET_LINES:
                lines = [p.text for p in out[start:]] + inner
                if sum(map(len, lines)) <= _WIDGET_CHARS and clean.is_widget(lines):
                    del out[start:]
                    dropped_inside[-1].extend(lines)
        in_heading[0] -= heading

    walk(container, False)
    flush()
    return out


_LETTER = re.compile(r"[^\W\d_]")
# A line that is a date with little else: a list item's time stamp ("26/01/2022, 10:15 WIB"), a date line of the
# page's header ("JATENG| 10 Juni 2021 18:50 Reporter :"), a dated headline in a list of other articles.
# The numeric and day-month-year forms only (dates.has_date also takes "Month d, yyyy" and looser spellings, which
# sub-headings of real articles match).
_DATE_IN_LINE = re.compile(
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s+(?:jan|feb|mar|apr|mei|may|jun|jul|agu|ags|aug|sep|okt|oct"
    r"|nov|des|dec)[a-z]*\.?\s+\d{4}",
    re.IGNORECASE,
)
DATE_LINE_MAX_WORDS = 25
# Longer than any line the short-block rules judge (a promotion of 45 words, a legal line of 60, a caption of 40).
SHORT_BLOCK_CHARS = 600


def _is_date_line(text: str) -> bool:
    return (
        not ends_sentence(text) and word_count(text) <= DATE_LINE_MAX_WORDS and _DATE_IN_LINE.search(text) is not None
    )


# A block this much inside links is a link to elsewhere (a related headline without a label, a keyword list, a
# "next article" teaser), not prose; a one-word link ("#Tag") counts too.
LINK_BLOCK_RATIO = 0.7


def clean_paragraphs(
    paragraphs: list[Paragraph],
    captions: Iterable[str] = (),
    template: Collection[str] = (),
    *,
    closing_credit: bool = False,
    trim_tail: bool = False,
) -> BodyResult:
    """Drop read-also insertions, links to elsewhere, credit lines, promotions, interface strings, placeholders,
    captions and sign-offs; strip the end mark.

    `template` holds the block keys (clean.block_key) of text the archive learnt as the site's template;
    `closing_credit` keeps a last line in capitals for take_closing_credit (a family that signs that way);
    `trim_tail` cuts the list of other articles that a generic extractor may append (see _trim_tail).
    """
    if trim_tail:
        paragraphs = _trim_tail(paragraphs)
    result = BodyResult()
    caption_set = {c.casefold() for c in captions}
    headings: list[bool] = []  # per kept paragraph: was it a sub-heading
    dateline = ""
    learnt: list[tuple[int, str, bool]] = []  # template blocks dropped: (where they stood, text, heading)
    for para in paragraphs:
        text = para.text
        # Prose after the first kept line (the dateline rule judges only that one): one test for the whole table.
        if (
            result.paragraphs
            and not template
            and clean.plain_prose(text)
            and para.link_ratio <= LINK_BLOCK_RATIO
            and (text[0].isalpha() or _LETTER.search(text) is not None)
            and (
                len(text) >= SHORT_BLOCK_CHARS
                or ((not caption_set or text.casefold() not in caption_set) and not _is_date_line(text))
            )
        ):
            result.paragraphs.append(text)
            headings.append(para.heading)
            continue
        text = clean.strip_read_also_tail(clean.strip_placeholders(clean.strip_end_mark(text)))
        if not text:
            continue
        if clean.is_read_also(text, para.link_ratio):
            # "Baca juga:" alone on its line: the linked headlines after it go as links to elsewhere (below).
            continue
        if para.link_ratio > LINK_BLOCK_RATIO:
            # merdeka lists several read-also links, one per <p> (merdeka__m-kasus-aktif-covid-19.html); detik a
            # keyword list, Okezone a "#Tag" line: a block that is mostly a link is never prose.
            continue
        credits = clean.credits_of(text)
        if credits:
            for credit in credits:
                if credit.value:
                    result.credits.setdefault(credit.field, credit.value)
            continue
        tags = clean.tag_line(text) if ":" in text or "：" in text else []
        if tags:
            result.credits.setdefault("tags", ", ".join(tags))
            continue
        syndicated = clean.syndicated_source(text) or clean.agency_line(text)
        if syndicated:
            result.credits.setdefault("source", syndicated)
            continue
        # The line-sized rules only judge short blocks: a paragraph of prose skips them all.
        short = len(text) < SHORT_BLOCK_CHARS
        if short and (
            clean.is_boilerplate(text)
            or clean.is_sign_off(text)
            or text.casefold() in caption_set
            or clean.is_placeholder(text)
            or clean.is_promotion(text)
            or clean.is_video_prompt(text)
            or clean.is_caption_line(text)
            or clean.is_legal_line(text)
            or not _LETTER.search(text)
            or _is_date_line(text)
        ):
            continue
        if template and word_count(text) <= clean.TEMPLATE_MAX_WORDS and clean.block_key(text) in template:
            learnt.append((len(result.paragraphs), text, para.heading))
            continue
        # The dateline pattern ends in a dash (before an optional final newline, as `$` allows): tested first, the
        # last character spares the pattern's backtracking over the first paragraph.
        if not result.paragraphs and not dateline and text[-1] in _DATELINE_ENDS and _DATELINE.match(text):
            dateline = text + " "
            continue
        result.paragraphs.append(dateline + text)
        headings.append(para.heading)
        dateline = ""
    if learnt and sum(word_count(t) for _, t, _ in learnt) >= sum(map(word_count, result.paragraphs)):
        # Text the host's other pages hold too is its template only beside an article of its own: when it is most
        # of the page, it is the article, archived again under another URL (or a series retelling its background).
        for shift, (at, text, heading) in enumerate(learnt):
            result.paragraphs.insert(at + shift, text)
            headings.insert(at + shift, heading)
    _drop_ui_caps(result, headings, closing_credit)
    # A lone sub-heading after the prose, with nothing below it, titles a photo or video block (liputan6's
    # "Infografis ..." section); a run of headings is a photo list whose titles are the text (liputan6 "5 Potret").
    if len(headings) > 2 and headings[-1] and not headings[-2]:
        result.paragraphs.pop()
        headings.pop()
    if result.paragraphs:
        last = clean.strip_sign_off(clean.strip_source_mark(result.paragraphs[-1]))
        if last:
            result.paragraphs[-1] = last
        else:
            result.paragraphs.pop()
            headings.pop()
    return result


def _trim_tail(paragraphs: list[Paragraph]) -> list[Paragraph]:
    # A heading of other articles ("Rekomendasi untuk anda", "Terkini Lainnya") after the prose, followed by their
    # headlines and less prose than not: the article ended there (Kompas 2021 read by trafilatura, with its widgets
    # below). Followed by prose, the heading was a box's inside the article, its list left out by the content
    # finder (a "Terkini" box between the closing paragraphs, the new-user trial): the label goes, the prose stays.
    prose_before = 0
    kept: list[Paragraph] = []
    for i, para in enumerate(paragraphs):
        if prose_before >= 2 and clean.is_section_label(para.text):
            rest = paragraphs[i + 1 :]
            if not rest or (_lists_elsewhere(rest[0]) and sum(is_prose(p.text) for p in rest) * 2 < len(rest)):
                return kept
            continue
        kept.append(para)
        prose_before += is_prose(para.text)
    return kept


def _lists_elsewhere(para: Paragraph) -> bool:
    # The first line under the heading is another article's: a link, or a headline (no sentence ends it).
    return para.link_ratio > LINK_BLOCK_RATIO or not ends_sentence(para.text)


def _drop_ui_caps(result: BodyResult, headings: list[bool], closing_credit: bool) -> None:
    # Interface strings in capitals ("SCROLL TO RESUME CONTENT") go; a sub-heading in capitals stays (it is an
    # <h2>), and so does a last line that signs the article ("ANTARA", "DINI TEJA" where the family signs so).
    kept_p: list[str] = []
    kept_h: list[bool] = []
    last = len(result.paragraphs) - 1
    for i, (text, heading) in enumerate(zip(result.paragraphs, headings, strict=True)):
        if not heading and clean.is_ui_caps(text):
            signs = i == last and i > 0 and clean.CLOSING_CREDIT.match(text) is not None
            if not (signs and (closing_credit or _agencies(text))):
                continue
        kept_p.append(text)
        kept_h.append(heading)
    result.paragraphs[:] = kept_p
    headings[:] = kept_h


def _agencies(line: str) -> list[str]:
    return [n for n in (squash(n) for n in re.split(r"[|/]", line)) if n in clean.AGENCIES]


def take_closing_credit(result: BodyResult, *, names_are_writers: bool = True) -> None:
    """Move a closing all-capitals credit line out of the body: an agency is the source, a name the writer.

    Without `names_are_writers` (a site not known to sign so) only a line of agencies is taken.
    """
    if len(result.paragraphs) < 2 or not clean.CLOSING_CREDIT.match(result.paragraphs[-1]):
        return
    if not names_are_writers and not clean.is_ui_caps(result.paragraphs[-1]):
        return
    if not names_are_writers and len(_agencies(result.paragraphs[-1])) != len(re.split(r"[|/]", result.paragraphs[-1])):
        return
    names = [squash(n) for n in re.split(r"[|/]", result.paragraphs.pop())]
    agencies = _agencies(" | ".join(names))
    writers = [n for n in names if n not in clean.AGENCIES] if names_are_writers else []
    if agencies:
        result.credits.setdefault("source", ", ".join(a.title() if len(a) > 3 else a for a in agencies))
    if writers:
        result.credits.setdefault("authors", ", ".join(w.title() for w in writers))
