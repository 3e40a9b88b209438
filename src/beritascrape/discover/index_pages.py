"""Index pages ("Terkini", "indeks"): article links in page order, walked back page by page."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from beritascrape.discover.base import Discovered, ErrorCallback, Unmatched, Window, not_a, sniff
from beritascrape.discover.urls import _site_key, article_url_of, canonicalize_url, looks_like_article
from beritascrape.errors import BeritaError, DiscoveryError
from beritascrape.extract.dates import parse_date
from beritascrape.extract.text import text_of
from beritascrape.fetch.http import Fetcher
from beritascrape.model import Page
from beritascrape.sites import find_profile
from beritascrape.sites.base import SiteProfile

_log = logging.getLogger(__name__)


# How far up from a link an index item (the box holding its title, picture and date) may reach.
_ITEM_DEPTH = 6

# Text of a "next page" link on Indonesian and English index pages, once arrows are stripped.
_NEXT_WORDS = frozenset({"selanjutnya", "berikutnya", "lanjut", "next", "next page", "halaman berikutnya"})
_ARROWS = "›»→>"

_REL_NEXT = etree.XPath(
    "(descendant::a | descendant::link)[@href][contains(concat(' ', normalize-space(@rel), ' '), ' next ')]/@href"
)
_TITLE_ATTR = etree.XPath("descendant-or-self::*/@title")
_BASE_HREF = etree.XPath("(descendant::base[@href])[1]/@href")
_TIME_ATTR = etree.XPath("descendant-or-self::time[@datetime]/@datetime")
_DATE_NODES = etree.XPath(
    "descendant-or-self::*[self::time or self::date or contains(@class, 'date') or contains(@class, 'time')"
    " or contains(@class, 'tanggal')]"
)
# --- index pages ----------------------------------------------------------------------------------------------


def walk_index(
    page: Page,
    fetcher: Fetcher,
    window: Window,
    profile: SiteProfile | None,
    max_pages: int,
    report: ErrorCallback,
) -> Iterator[Discovered]:
    """Article links of an index page and the pages after it, until `max_pages` or links older than `since`."""
    seen: set[str] = set()
    walked = {canonicalize_url(page.url), canonicalize_url(page.final_url)}
    for number in range(1, max(1, max_pages) + 1):
        doc = _parse_html(page)
        base = _base_url(doc, page.final_url)
        if profile is None:
            profile = find_profile(page.final_url, doc)
        links = _index_links(doc, base, page, profile, window.unmatched)
        for url, when in links:
            if url not in seen:
                seen.add(url)
                if window.keeps(when):
                    yield Discovered(url, when, page.url, "index")
        dated = [when for _, when in links if when is not None]
        if number >= max_pages or (window.since is not None and dated and all(d < window.since for d in dated)):
            return
        next_url = _next_page(doc, base, profile)
        if next_url is None or next_url in walked:
            return
        walked.add(next_url)
        try:
            page = fetcher.fetch_raw(next_url, user_given=False)
            if (found := sniff(page)) != "html":
                raise not_a(next_url, "index page", page, found)
        except BeritaError as exc:
            message = str(exc)
            report(message if next_url in message else f"{next_url}: {message}")
            return
        walked.add(canonicalize_url(page.final_url))


def _parse_html(page: Page) -> etree._Element:
    text = page.text or page.content.decode("utf-8", errors="replace")
    try:
        # A parser per page: lxml parsers serialise callers, and discovery runs in several threads.
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")
        doc = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.ParserError, ValueError):
        doc = None
    if doc is None or not isinstance(doc.tag, str):
        raise DiscoveryError(f"{page.url} cannot be parsed as HTML")
    return doc


def _base_url(doc: etree._Element, url: str) -> str:
    base = _BASE_HREF(doc)
    return urljoin(url, str(base[0]).strip()) if base else url


def _index_links(
    doc: etree._Element, base: str, page: Page, profile: SiteProfile | None, unmatched: Unmatched
) -> list[tuple[str, datetime | None]]:
    """(canonical URL, date) of each article linked from the page, in page order, each URL once; the site's links
    that the profile's article pattern turns away are counted in `unmatched`."""
    site = _site_key(urlsplit(page.final_url).hostname or "")
    pattern = re.compile(profile.article_url) if profile is not None and profile.article_url else None
    if pattern is not None and profile is not None:
        unmatched.family, unmatched.pattern = profile.name, profile.article_url
    turned_away: set[str] = set()
    anchors: list[tuple[etree._Element, str]] = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        url = article_url_of(href, base) if href and not href.startswith("#") else None
        if url is None:
            continue
        host = urlsplit(url).hostname or ""
        if _site_key(host) != site and not (profile is not None and profile.matches_domain(host)):
            continue
        if pattern.search(url) if pattern is not None else looks_like_article(url):
            anchors.append((a, url))
        elif pattern is not None:
            turned_away.add(url)
    unmatched.count += len(turned_away)
    # Which article URLs sit under each element: an item box is an ancestor that holds links to one article only.
    under: dict[etree._Element, set[str]] = {}
    for a, url in anchors:
        for ancestor in a.iterancestors():
            under.setdefault(ancestor, set()).add(url)
    dates: dict[str, datetime | None] = {}  # insertion order is page order
    for a, url in anchors:
        if dates.get(url) is None:
            dates[url] = _item_date(a, url, under, page.fetched_at)
    return list(dates.items())


def _item_date(a: etree._Element, url: str, under: dict[etree._Element, set[str]], now: datetime) -> datetime | None:
    item = a
    for level, ancestor in enumerate(a.iterancestors()):
        if level >= _ITEM_DEPTH or under.get(ancestor, {url}) != {url}:
            break
        item = ancestor
    nodes = _DATE_NODES(item)
    # Attributes first: detik shows "7 menit yang lalu" with the exact time in a title attribute.
    attributes = [str(value) for value in _TIME_ATTR(item)]
    attributes += [str(value) for node in nodes for value in _TITLE_ATTR(node)]
    for text in (*attributes, *(text_of(node) for node in nodes)):
        if when := parse_date(text, now=now):
            return when
    return None


def _next_page(doc: etree._Element, base: str, profile: SiteProfile | None) -> str | None:
    """The next index page: the profile's selector, then rel=next, then a "Selanjutnya"/"Next"/"›" link."""
    candidates: list[str] = []
    selector = profile.xpaths.get("index_next") if profile is not None else None
    if selector is not None:
        candidates += [el.get("href") or "" for el in selector(doc) if isinstance(el.tag, str)]
    candidates += [str(href) for href in _REL_NEXT(doc)]
    for a in doc.iter("a"):
        label = text_of(a).lower()
        words = label.strip(_ARROWS + " ").strip()
        if a.get("href") and (words in _NEXT_WORDS or (label and not words and label[0] in _ARROWS)):
            candidates.append(a.get("href") or "")
    for href in candidates:
        href = href.strip()
        if not href or href.startswith("#") or href.lower().startswith("javascript:"):
            continue
        url = article_url_of(href, base)
        if url is not None:
            return url
    return None
