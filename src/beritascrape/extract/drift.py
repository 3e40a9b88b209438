"""Layout drift: when a profile's body selector holds no article but the site's furniture, after a redesign.

A profile's selectors are written from pages of one era; a redesign can leave a selector matching a footer, a
link list or a teaser. These tests judge what the selector gave by what any article body looks like, so the
page can be read by the generic path instead, and the run can say that the profile needs a look.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from beritascrape.extract.body import Paragraph
from beritascrape.extract.text import word_count

# A body whose text is more than this share link text is a list of links (a footer, a menu, related headlines).
MAX_LINK_SHARE = 0.5
# Words of a site's footer and legal pages; a body holding this many of them is the footer.
FOOTER_WORDS = (
    "copyright", "©", "all rights reserved", "hak cipta", "pedoman media siber", "kebijakan privasi",
    "privacy policy", "tentang kami", "about us", "kontak kami", "contact us", "disclaimer",
    "syarat dan ketentuan", "terms of use", "terms of service", "karir", "info iklan", "advertise",
)  # fmt: skip
FOOTER_HITS = 3
FOOTER_MAX_WORDS = 300
# A cleaned body this short, on a page whose densest text block is this many times longer, missed the article.
SHORT_BODY_WORDS = 80
MAIN_TEXT_RATIO = 3.0
_PARAGRAPHS = etree.XPath("descendant::p")


def boilerplate_reason(raw: Sequence[Paragraph], kept: Sequence[str], doc: etree._Element) -> str | None:
    """Why the blocks a profile's body selector gave are not the article, or None when they look like one."""
    chars = sum(len(p.text) for p in raw)
    if not raw or not kept:
        return "its body selector held no text"
    if chars and sum(p.link_chars for p in raw) / chars > MAX_LINK_SHARE:
        return "its body selector holds mostly links"
    words = sum(word_count(p) for p in kept)
    # A footer is short: a long body is judged by its links and length alone (and reading it costs).
    if words < FOOTER_MAX_WORDS:
        text = " ".join(p.text for p in raw).lower()
        if sum(word in text for word in FOOTER_WORDS) >= FOOTER_HITS:
            return "its body selector holds the site's footer"
    if words < SHORT_BODY_WORDS:
        main = main_text_words(doc)
        if main >= MAIN_TEXT_RATIO * max(words, 1) and main >= SHORT_BODY_WORDS:
            return f"its body selector holds {words} words where the page's main text has {main}"
    return None


def main_text_words(doc: etree._Element) -> int:
    """Words of non-link prose in the page's densest block of paragraphs."""
    by_parent: dict[etree._Element, int] = {}
    for p in _PARAGRAPHS(doc):
        words = len("".join(p.itertext()).split())
        links = sum(len("".join(a.itertext()).split()) for a in p.iter("a"))
        if words and links * 2 < words:
            parent = p.getparent()
            by_parent[parent] = by_parent.get(parent, 0) + words - links
    return max(by_parent.values(), default=0)
