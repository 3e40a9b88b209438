"""What kind of page this is: an article, an index or home page, a photo gallery or a video page.

The evidence is data: JSON-LD @type, og:type, URL patterns, headline titles, and the share of the page's text
that sits in headline links. An article's own JSON-LD wins over every other sign (a news article may embed a
VideoObject, a home page may say og:type "article", as merdeka's, detik's and kompas's do).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from beritascrape.extract.metadata import Evidence, states_published
from beritascrape.extract.text import is_prose, squash

ARTICLE, INDEX, GALLERY, VIDEO = "article", "index", "gallery", "video"
# Every kind `parse` reports; "other" only names a failed page that is none of these (a short "about" page).
KINDS: tuple[str, ...] = (ARTICLE, INDEX, GALLERY, VIDEO)

# JSON-LD types that name the page itself, when the page has no article JSON-LD. WebSite alone is a home page
# (detik, kompas, liputan6); article pages carry it too, beside their NewsArticle.
LD_KINDS: dict[str, str] = {
    "itemlist": INDEX,
    "collectionpage": INDEX,
    "searchresultspage": INDEX,
    "website": INDEX,
    "imagegallery": GALLERY,
    "mediagallery": GALLERY,
    "videoobject": VIDEO,
    "videogallery": VIDEO,
}

# URL paths of media pages: merdeka /foto/ and /video/, detik /readfoto/, republika /inpicture/, kompas /galeri/.
URL_MEDIA: tuple[tuple[str, re.Pattern[str]], ...] = (
    (GALLERY, re.compile(r"/(?:foto|photos?|galeri|gallery|readfoto|inpicture|potret|infografis)(?:/|$)", re.I)),
    (VIDEO, re.compile(r"/(?:video|videos|readvideo|watch)(?:/|$)", re.I)),
)
# Sub-domains of media channels: photo.liputan6.com (2016), foto.kompas.com, video.tempo.co, 20.detik.com.
HOST_MEDIA: dict[str, str] = {"photo": GALLERY, "foto": GALLERY, "video": VIDEO, "20": VIDEO}
# Headlines that announce a gallery or a video ("FOTO: ...", "Foto : ...", "In Picture: ...", "VIDEO : ...");
# only trusted when the page has little text, since "FOTO:" also heads ordinary photo-rich articles (kapanlagi).
TITLE_MEDIA: tuple[tuple[str, re.Pattern[str]], ...] = (
    (GALLERY, re.compile(r"^\s*(?:foto|galeri|in\s*picture|potret)\s*[:|]", re.I)),
    (VIDEO, re.compile(r"^\s*video\s*[:|]", re.I)),
)
MEDIA_MAX_WORDS = 150

# Paths of list pages: the home page, /indeks (detik, liputan6, viva, kompas), tag, topic and category lists.
URL_INDEX: tuple[re.Pattern[str], ...] = (
    re.compile(r"^/?$"),
    re.compile(r"^/(?:indeks|index|arsip|archive|terkini|terpopuler|search|cari|engine)(?:/[^/]*)?/?$", re.I),
    re.compile(r"^/(?:tag|tags|topik|topic|category|kategori|kanal|label)/[^/]+(?:/\d+)?/?$", re.I),
)
# What only an article's URL carries: a date (/2024/01/, /20240115) or a long number (an article id).
ARTICLE_URL_MARK = re.compile(r"/(?:19|20)\d\d/\d{1,2}(?:/|$)|(?<!\d)\d{5,}(?!\d)")
# JSON-LD types that make a page without article JSON-LD an index on their own.
DECISIVE_INDEX_TYPES = frozenset(("itemlist", "collectionpage", "searchresultspage"))
# An index must also look like one: this many headline links (>= HEADLINE_WORDS words each) on the page.
MIN_HEADLINE_LINKS = 8
# A list URL (/indeks, /tag/x) needs fewer: a small site's index lists a handful of headlines a day.
MIN_LISTED_LINKS = 4
HEADLINE_WORDS = 4
# With no metadata or URL to go by: the share of the page's words that sit in headline links. Real article
# pages in ../shared/corpus reach 0.49 (sidebars of related headlines); home pages reach 0.58-0.67.
HEADLINE_SHARE = 0.55

_BODY = etree.XPath("//body")
_SKIP = frozenset(("script", "style", "noscript", "template"))


@dataclass(frozen=True)
class LinkStats:
    """How much of a page's text sits in headline links."""

    words: int = 0
    headline_words: int = 0
    headline_links: int = 0

    @property
    def headline_share(self) -> float:
        """Share of the page's words that are headline-link words."""
        return self.headline_words / self.words if self.words else 0.0


def link_stats(doc: etree._Element) -> LinkStats:
    """Count the page's words and those inside links of HEADLINE_WORDS words or more."""
    found = _BODY(doc)
    root = found[0] if found else doc
    words = headline_words = headline_links = 0
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        words += len((el.text or "").split()) + len((el.tail or "").split())
        if tag == "a":
            text = "".join(el.itertext()) if len(el) else (el.text or "")
            # squash() only matters for the invisible characters outside ASCII; split() knows every space.
            n = len(text.split()) if text.isascii() else len(squash(text).split())
            if n >= HEADLINE_WORDS:
                headline_words += n
                headline_links += 1
    return LinkStats(words, headline_words, headline_links)


# Root elements of XML documents that HTML parsing wraps in <body>: a feed or a sitemap is never an article.
XML_ROOTS = frozenset(("rss", "feed", "rdf", "urlset", "sitemapindex"))


def is_xml_listing(doc: etree._Element) -> bool:
    """True when the page is an RSS/Atom feed or a sitemap that was parsed as HTML."""
    body = doc.find("body")
    first = next(iter(body if body is not None else doc), None)
    return first is not None and isinstance(first.tag, str) and first.tag.split(":")[-1] in XML_ROOTS


def ld_types(ev: Evidence) -> set[str]:
    """Every JSON-LD @type on the page, lower-cased."""
    out: set[str] = set()
    for obj in ev.jsonld:
        t = obj.get("@type")
        out.update(str(x).lower() for x in (t if isinstance(t, list) else [t]) if x)
    return out


def media_kind(url: str | None, title: str | None, words: int, types: Iterable[str] = ()) -> str | None:
    """GALLERY or VIDEO when the URL, the JSON-LD or (for a short page) the headline says so, else None."""
    parts = urlsplit(url or "")
    for kind, pattern in URL_MEDIA:
        if pattern.search(parts.path):
            return kind
    label = (parts.hostname or "").split(".")[0]
    if label in HOST_MEDIA:
        return HOST_MEDIA[label]
    for t in types:
        if LD_KINDS.get(t) in (GALLERY, VIDEO):
            return LD_KINDS[t]
    if title and words < MEDIA_MAX_WORDS:
        for kind, pattern in TITLE_MEDIA:
            if pattern.search(title):
                return kind
    return None


def is_article_page(ev: Evidence, url: str | None, article_url: str | None = None) -> bool:
    """True when the page's own JSON-LD, or the profile's article URL pattern, says it is one article."""
    return bool(ev.article_ld) or bool(article_url and url and re.search(article_url, url))


def is_index(doc: etree._Element, ev: Evidence, url: str | None, article_url: str | None = None) -> bool:
    """True for a home, index, tag or search page: a list of headlines, not an article."""
    if ev.article_ld:
        return False
    types = ld_types(ev)
    # An article-looking URL loses to a page that calls itself a website: liputan6__homepage-desktop.html is a
    # home page saved under an article's URL.
    if article_url and url and re.search(article_url, url) and not _declares_website(ev, types):
        return False
    return _looks_like_index(doc, ev, url, types)


def _declares_website(ev: Evidence, types: set[str]) -> bool:
    # A JSON-LD WebSite object sits on every page of many sites; beside og:type "article" it names the site, not
    # the page (thenation.com articles in ../shared/bench/fundus-eval).
    og_type = (ev.first_meta("og:type") or "").lower()
    return og_type == "website" or ("website" in types and og_type != "article")


def content_kind(ev: Evidence, url: str | None, title: str | None, words: int, article_url: str | None = None) -> str:
    """ARTICLE, GALLERY or VIDEO for a page that is not an index; `words` is its cleaned body's word count."""
    types = () if is_article_page(ev, url, article_url) else ld_types(ev)
    return media_kind(url, title, words, types) or ARTICLE


def _looks_like_index(doc: etree._Element, ev: Evidence, url: str | None, types: set[str]) -> bool:
    if types & DECISIVE_INDEX_TYPES:
        return True
    # A hint (og:type website, JSON-LD WebSite, a list URL) needs the page to be a list of headlines too:
    # a small "about" page on a site's root is neither article nor index.
    path = urlsplit(url).path if url is not None else ""
    listed = url is not None and any(p.search(path) for p in URL_INDEX)
    # og:type "website" under an article's URL (a date, an id) is a template's default, not a claim: Blogger posts
    # say it (gelora.co). There the share of headline links alone decides, as for a page that claims nothing.
    website = _declares_website(ev, types) and not (
        "website" not in types and ARTICLE_URL_MARK.search(path) is not None
    )
    hinted = website or listed
    if not hinted:
        # Link share alone only judges a page that claims nothing: a photo page is mostly captions and links too.
        # og:type "article" with no publication time in the metadata and no date or id in the URL is a CMS's
        # default for every page, the home page included (kompas__homepage-2017.html): it claims nothing.
        # (Tested before the link counts, which walk the whole page.)
        title = ev.first_meta("og:title") or ev.title_tag
        claims_article = (ev.first_meta("og:type") or "").lower() == "article" and (
            states_published(ev) or (url is not None and ARTICLE_URL_MARK.search(urlsplit(url).path) is not None)
        )
        if claims_article or media_kind(url, title, 0, types) is not None:
            return False
    stats = link_stats(doc)
    if listed and stats.headline_links >= MIN_LISTED_LINKS:
        return True
    if stats.headline_links < MIN_HEADLINE_LINKS:
        return False
    return hinted or stats.headline_share >= HEADLINE_SHARE


def has_prose(paragraphs: Iterable[str]) -> bool:
    """True when some paragraph is written in sentences: an article has prose, an index only headlines."""
    return any(is_prose(p) for p in paragraphs)
