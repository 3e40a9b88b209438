"""What a page labels itself with, beside its text: its tags, its section (breadcrumbs) and its language's words."""

from __future__ import annotations

import re

from lxml import etree

from beritascrape.extract.credits import CLASSED
from beritascrape.extract.text import text_of, unique

_TAG_CLASS = re.compile(r"(^|[ _-])(tags?|topik|topics?|keywords?|kata-kunci|tagging)([ _-]|$)")
_TAG_LABEL = re.compile(r"^\s*(?:tags?|topik|topics?|kata\s+kunci|keywords?)\s*[:：]?\s*$", re.I)


def links_somewhere(a: etree._Element) -> bool:
    href = (a.get("href") or "").strip()
    return bool(href) and not href.startswith(("#", "javascript:"))


_PRECEDING = etree.XPath("count(preceding::*)")


def visible_tags(scope: etree._Element, headline: etree._Element | None) -> list[str]:
    """Unknown sites: the article's tag links, from the first tag list after the headline (a tag bar above it is
    the site's menu): links marked rel=tag, or the links of an element classed as the tags (div.tags, .tags-links,
    .mob-tagging) or labelled "Tags:"."""
    start = _PRECEDING(headline) if headline is not None else -1

    def after(el: etree._Element) -> bool:
        return start < 0 or _PRECEDING(el) > start

    found = [a for a in scope.iter("a") if "tag" in (a.get("rel") or "").lower().split() and links_somewhere(a)]
    found = [a for a in found if after(a)]
    if not found:
        for el in CLASSED(scope):
            if el.tag == "a" or not _TAG_CLASS.search(el.get("class", "").lower()) or not after(el):
                continue
            found = [a for a in el.iter("a") if links_somewhere(a)]
            if found:
                break
    if not found:
        for el in scope.iter("span", "strong", "b", "h3", "h4", "div", "label"):
            if el.text and _TAG_LABEL.match(el.text) and len(el) == 0 and (up := el.getparent()) is not None:
                found = [a for a in up.iter("a") if links_somewhere(a)] if after(el) else []
                if found:
                    break
    return unique([t for a in found if (t := text_of(a).lstrip("#").strip())])


# Words that name no section: the page type, the home page, the news itself (merdeka's article:section "Article").
GENERIC_SECTIONS = frozenset(
    ("home", "beranda", "article", "articles", "artikel", "read", "index", "indeks", "post", "posts", "blog",
     "detail", "halaman", "page", "main", "homepage", "home page")
)  # fmt: skip
# In a breadcrumb, the level above the sections ("Kompas.com > News > Megapolitan") is no section either; elsewhere
# "News" may be a channel's name (liputan6.com/news).
CRUMB_LEVELS = frozenset(("news", "berita", "kanal"))
CRUMB_NAME = re.compile(r"(^|[ _-])(breadcrumbs?|bread-crumbs?|breadcum(-new)?|crumbs?|bc)([ _-]|$)")
# The words tested in C first (contains()): a Python test of every classed block costs ~5% of a profile page's parse.
CRUMB_BLOCKS = etree.XPath(
    "descendant::*[self::div or self::nav or self::ul or self::ol or self::p]"
    "[contains(@class, 'crumb') or contains(@class, 'Crumb') or contains(@id, 'crumb') or contains(@class, 'breadcum')"
    " or contains(@class, 'bc') or contains(@id, 'bc')]"
)


# The commonest function words of Indonesian and of English: a body's own words tell its language where the template
# declares another. Few enough that a page in a third language (German) scores low on both.
_ID_STOPWORDS = frozenset(
    ("yang", "dan", "di", "ini", "itu", "dengan", "untuk", "tidak", "dari", "dalam", "akan", "pada", "juga", "ke",
     "karena", "ada", "adalah", "bahwa", "oleh", "atau", "sudah", "saat", "mereka", "kami", "telah", "bisa", "lebih",
     "para", "tersebut", "menjadi", "hingga", "setelah", "namun", "kata", "ujar", "sebagai", "masih", "kepada")
)  # fmt: skip
_EN_STOPWORDS = frozenset(
    ("the", "and", "of", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as", "be", "by", "at", "are",
     "this", "have", "from", "his", "her", "they", "not", "but", "an", "which", "has", "said", "were", "would", "will")
)  # fmt: skip
LANGUAGE_SAMPLE_WORDS = 400


def reads_indonesian(paragraphs: list[str]) -> bool:
    """True when the text's function words are clearly Indonesian: many of them, and several times the English."""
    words: list[str] = []
    for para in paragraphs:
        words.extend(para.lower().split())
        if len(words) >= LANGUAGE_SAMPLE_WORDS:
            break
    ours = sum(1 for w in words if w.strip(".,;:!?\"'()“”") in _ID_STOPWORDS)
    english = sum(1 for w in words if w.strip(".,;:!?\"'()“”") in _EN_STOPWORDS)
    return ours >= 10 and ours >= 0.08 * len(words) and ours >= 4 * english
