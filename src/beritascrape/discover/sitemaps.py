"""Sitemaps, sitemap indexes (recursive, gzip-aware) and Google News sitemaps, parsed as a stream."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from beritascrape.discover.base import _READ_CHUNK, Discovered, ErrorCallback, Window, body_stream, not_a, sniff
from beritascrape.discover.feeds import read_feed
from beritascrape.discover.urls import article_url_of
from beritascrape.errors import BeritaError, DiscoveryError
from beritascrape.extract.dates import parse_date
from beritascrape.extract.text import squash
from beritascrape.fetch.http import Fetcher
from beritascrape.model import Page

_log = logging.getLogger(__name__)


# A sitemap index may point at further indexes; deeper than this is a loop or a trap.
MAX_SITEMAP_DEPTH = 3
# A <url> holds a handful of elements (up to 1000 images); far more is an attack on memory.
_MAX_ENTRY_ELEMENTS = 10_000


@dataclass(frozen=True)
class _Entry:
    loc: str
    published: datetime | None  # Google News publication_date
    modified: datetime | None  # lastmod
    child: bool  # a <sitemap> of an index, not a <url>


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _parse_sitemap(page: Page) -> Iterator[_Entry]:
    """Stream the entries of one sitemap or sitemap index; a malformed document raises DiscoveryError."""
    parser = etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root: etree._Element | None = None
    depth = size = 0  # depth of the open element; elements inside the current entry
    with body_stream(page) as stream:
        while True:
            chunk = stream.read(_READ_CHUNK)
            try:
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
            except etree.XMLSyntaxError as exc:
                raise DiscoveryError(f"{page.url} is not a valid sitemap: {exc}") from None
            for event, el in parser.read_events():
                if event == "start":
                    depth += 1
                    size += 1
                    if root is None:
                        root = el
                    elif size > _MAX_ENTRY_ELEMENTS:
                        raise DiscoveryError(f"{page.url} has an entry of more than {_MAX_ENTRY_ELEMENTS} elements")
                    continue
                depth -= 1
                if depth != 1:
                    continue
                name = _local(el.tag)
                entry = _entry(el, child=name == "sitemap") if name in ("url", "sitemap") else None
                # Free every finished entry (and any other child of the root): memory holds one entry at a time.
                el.clear(keep_tail=False)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
                size = 0
                if entry is not None:
                    yield entry
            if not chunk:
                return


def _entry(el: etree._Element, *, child: bool) -> _Entry | None:
    loc = lastmod = published = None
    for sub in el:
        name = _local(sub.tag)
        if name == "loc":
            loc = squash("".join(sub.itertext()))
        elif name == "lastmod":
            lastmod = squash(sub.text)
        elif name == "news":
            # Google News: <news:news><news:publication_date> is the publication time; lastmod is only a change.
            published = next((squash(d.text) for d in sub.iter() if _local(d.tag) == "publication_date"), None)
    if not loc:
        return None
    return _Entry(loc, parse_date(published), parse_date(lastmod), child)


def walk_sitemap(
    page: Page, fetcher: Fetcher, window: Window, report: ErrorCallback, *, depth: int, visited: set[str]
) -> Iterator[Discovered]:
    children: list[_Entry] = []
    unusable = 0
    for entry in _parse_sitemap(page):
        if entry.child:
            children.append(entry)
            continue
        url = article_url_of(entry.loc, page.final_url)
        if url is None:
            unusable += 1
        elif window.wants(url, entry.published, entry.modified):
            yield Discovered(url, entry.published, page.url, "sitemap", entry.modified)
    if unusable:
        report(f"{page.url}: skipped {unusable} {'entry' if unusable == 1 else 'entries'} without an http(s) URL")
    # Undated children first (they may be the live ones), then the newest: a crawl reaches recent news soonest.
    children.sort(key=lambda c: (c.modified is not None, -c.modified.timestamp() if c.modified else 0.0))
    for child in children:
        if child.modified is not None and window.since is not None and child.modified < window.since:
            continue  # nothing in it changed since then
        url = article_url_of(child.loc, page.final_url)
        if url is None or url in visited:
            continue
        visited.add(url)
        if depth + 1 > MAX_SITEMAP_DEPTH:
            report(f"{url}: skipped, sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH} levels")
            continue
        try:
            child_page = fetcher.fetch_raw(url, user_given=False)
            found = sniff(child_page)
            if found == "sitemap":
                yield from walk_sitemap(child_page, fetcher, window, report, depth=depth + 1, visited=visited)
            elif found == "feed":
                yield from read_feed(child_page, window)
            else:
                raise not_a(url, "sitemap", child_page, found)
        except BeritaError as exc:
            message = str(exc)
            report(message if url in message else f"{url}: {message}")
