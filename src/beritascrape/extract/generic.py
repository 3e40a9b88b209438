"""The body of a page no site profile handles: our content finder picks the main text, our tables then clean it.

extract/content.py scores the page's containers by their prose in one walk (a few ms); only when it is unsure
(much of the page's prose lies outside what it chose) does trafilatura (F1 0.96 on a public 181-page benchmark,
~10x slower) decide instead. A page with too few words or no prose at all is answered at once, with no extractor.
Whichever of the two read the page, its paragraphs go through the same Indonesian cleaning as every profile's
body (extract/body.py + extract/clean.py), so a read-also line or a "Redaksi:" credit never reaches the body.
None of this runs when a profile matched: a profile page never pays for it.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from beritascrape.errors import ExtractionTimeout, ExtractorUnavailable
from beritascrape.extract import clean
from beritascrape.extract.body import Paragraph, read_paragraphs
from beritascrape.extract.content import block_texts, h1_texts, h1s, main_content, page_of
from beritascrape.extract.dates import parse_date
from beritascrape.extract.limits import GENERIC_BUDGET, call_within, too_many_blocks
from beritascrape.extract.metadata import Evidence
from beritascrape.extract.text import is_prose, squash

# trafilatura's XML output: blocks that start a paragraph; <lb/> is a <br> (old layouts put one between paragraphs).
_BLOCKS = frozenset(("p", "head", "item", "quote", "code", "list", "table", "row", "cell", "lb"))
# trafilatura 2.x only accepts lxml.html trees; ours are plain etree (cheaper for profile pages), so the
# generic path re-serialises the parsed tree once: ~3 ms beside ~25 ms of trafilatura, and cheaper than
# handing it the raw bytes (its own charset sniffing costs more than our already decoded tree).
_HTML_PARSER: etree.HTMLParser | None = None

# A byline label and the name after it, up to a separator or the date: "Penulis: Rosita | Kamis, ...",
# "oleh Yayan Supriatna", "By Ann Lee on 5 March", "Reporter : Budi - 10:45 WIB".
_BYLINE = re.compile(
    r"(?:^|\s)(?:penulis|reporter|pewarta|oleh|by|written\s+by)\s*:?\s+(?P<name>[^|•·,\d]+?)"
    r"\s*(?:$|[|•·,]|\s[-–—]\s|\s(?:pada|on|at)\s|\d)",
    re.IGNORECASE,
)
# How many text blocks after the headline are searched for a byline or a date line, and how long one may be.
NEAR_HEADLINE = 6
META_LINE_WORDS = 12

# trafilatura logs every page it discards at WARNING; for us "nothing found" is an answer, not news.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def _html_tree(doc: etree._Element) -> etree._Element:
    global _HTML_PARSER
    if _HTML_PARSER is None:
        import lxml.html

        _HTML_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    tree = etree.fromstring(etree.tostring(doc, encoding="utf-8"), _HTML_PARSER)
    # trafilatura keeps an embedded post's text as a quote: our body leaves it out on every path (clean.is_embed).
    clean.drop_embeds(tree)
    return tree


def main_text(doc: etree._Element, url: str | None = None) -> list[Paragraph]:
    """The page's main text as paragraphs (with their link text), or [] when the page holds none."""
    found = main_content(doc)
    if found.confident:
        return from_headline(found.paragraphs, doc)
    if not found.prose:
        return []  # no extractor finds an article where no sentence is written; the caller refuses the page
    return from_headline(trafilatura_text(doc, url), doc)


# The headline opens the article within this many blocks of a container's start, or the container starts lower.
HEADLINE_WITHIN = 6


def from_headline(paragraphs: list[Paragraph], doc: etree._Element) -> list[Paragraph]:
    """Drop the lines above the headline that are not prose: a container that starts above the <h1> holds the
    page's breadcrumb and section kicker first (a "home / metro" list over a Tempo headline)."""
    heads = {text.casefold() for text in h1_texts(doc)} - {""}
    for i, para in enumerate(paragraphs[:HEADLINE_WITHIN]):
        if para.text.casefold() in heads:
            return [p for p in paragraphs[:i] if is_prose(p.text)] + paragraphs[i:]
    return paragraphs


def trafilatura_text(doc: etree._Element, url: str | None = None) -> list[Paragraph]:
    """The main text trafilatura finds, as paragraphs, or [] when it finds none."""
    # Imported here: trafilatura (and its htmldate/justext imports) costs ~0.3 s to load, paid only by
    # runs that meet a page without a profile.
    try:
        from trafilatura import bare_extraction
    except ImportError as exc:
        # A broken install (e.g. lxml_html_clean missing) must not end every generic page in a traceback.
        raise ExtractorUnavailable(f"the generic extractor cannot load ({exc}); reinstall beritascrape") from None

    if too_many_blocks(doc):
        return []  # the caller's linear container heuristic takes over
    try:
        found = call_within(
            GENERIC_BUDGET,
            "trafilatura",
            bare_extraction,
            _html_tree(doc),
            url=url or None,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_formatting=False,
            include_links=True,  # link text tells a read-also headline from prose
            fast=True,  # its own second opinions (readability, jusText) skipped: our content finder was the first
            with_metadata=False,
        )
    except (ValueError, TypeError, etree.LxmlError, ExtractionTimeout):
        return []
    body = getattr(found, "body", None)
    return paragraphs_of(body) if body is not None else []


def paragraphs_of(body: etree._Element) -> list[Paragraph]:
    """Split trafilatura's XML body into paragraphs at its block elements, counting link (<ref>) text."""
    out: list[Paragraph] = []
    buf: list[str] = []
    link_chars = 0

    def flush() -> None:
        nonlocal link_chars
        text = squash("".join(buf))
        if text:
            out.append(Paragraph(text, min(link_chars, len(text))))
        buf.clear()
        link_chars = 0

    def walk(el: etree._Element, in_link: bool) -> None:
        nonlocal link_chars
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag in _BLOCKS
        in_link = in_link or tag == "ref"
        if block:
            flush()
        if el.text:
            buf.append(el.text)
            if in_link:
                link_chars += len(el.text.strip())
        for child in el:
            walk(child, in_link)
            if child.tail:
                buf.append(child.tail)
                if in_link:
                    link_chars += len(child.tail.strip())
        if block:
            flush()

    walk(body, False)
    flush()
    return out


def not_body(doc: etree._Element, ev: Evidence) -> list[str]:
    """Lines trafilatura may keep that are not prose: the headline (h1, og:title, <title>) and the date or
    byline lines right under it."""
    found = list(h1_texts(doc))
    found += [ev.first_meta("og:title", "twitter:title") or "", ev.title_tag or ""]
    found += [line for line in meta_lines(doc) if _BYLINE.search(line) or parse_date(line)]
    return [h for h in found if h]


def meta_lines(doc: etree._Element) -> list[str]:
    """The short, unpunctuated lines around the page's first <h1>: where bylines and date lines sit.

    A lead sentence that happens to hold a date or the word "oleh" is longer, or ends with a full stop.
    """
    return [b for b in _after_headline(doc) if len(b.split()) <= META_LINE_WORDS and not b.endswith(".")]


def visible_byline(doc: etree._Element) -> list[str]:
    """The writer a byline under the headline names ("Penulis: X", "oleh X", "By X"), else []."""
    for line in meta_lines(doc):
        m = _BYLINE.search(line)
        name = squash(m.group("name")) if m else ""
        if name[:1].isupper() and len(name.split()) <= 6:
            return [name]
    return []


def _after_headline(doc: etree._Element) -> list[str]:
    # The body cleaner, the date reader and the byline reader each ask for these lines: read once per page.
    page = page_of(doc)
    if page.after_headline is None:
        page.after_headline = _read_after_headline(doc)
    return list(page.after_headline)


def _read_after_headline(doc: etree._Element) -> list[str]:
    found = h1s(doc)
    if not found:
        return []
    headline = h1_texts(doc)[0]
    scope = found[0].getparent()
    # Climb until the headline has a few blocks after it: the byline often sits beside the h1's own wrapper.
    for _ in range(3):
        if scope is None:
            return []
        blocks = block_texts(doc, scope)
        if blocks is None:
            blocks = [p.text for p in read_paragraphs(scope)]
        at = blocks.index(headline) if headline in blocks else len(blocks)
        after = blocks[at + 1 :]
        if len(after) >= 3 or scope.getparent() is None:
            # The lines under the headline first; then the two above it (okezone and detik put the date there).
            return after[:NEAR_HEADLINE] + blocks[max(0, at - 2) : at][::-1]
        scope = scope.getparent()
    return []
