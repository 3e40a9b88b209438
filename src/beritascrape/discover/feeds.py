"""RSS and Atom feeds, through feedparser, fed from memory."""

from __future__ import annotations

import calendar
import io
import logging
from collections.abc import Iterator
from datetime import datetime, timezone

import feedparser

from beritascrape.discover.base import MAX_DECOMPRESSED_BYTES, Discovered, Window, body_stream
from beritascrape.discover.urls import article_url_of
from beritascrape.errors import DiscoveryError
from beritascrape.extract.dates import parse_date
from beritascrape.model import Page

_log = logging.getLogger(__name__)


# --- feeds ----------------------------------------------------------------------------------------------------


def read_feed(page: Page, window: Window) -> Iterator[Discovered]:
    """The entries of an RSS or Atom feed, in feed order."""
    with body_stream(page) as stream:
        data = stream.read(MAX_DECOMPRESSED_BYTES)
    headers = {"content-location": page.final_url, "content-type": page.headers.get("content-type", "")}
    # A file object, never bytes or str: feedparser opens a str that looks like a URL or a path by itself.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    found = []
    for entry in parsed.get("entries") or []:
        link = entry.get("feedburner_origlink") or entry.get("link")
        url = article_url_of(link, page.final_url) if link else None
        if url is not None:
            found.append((url, _entry_date(entry)))
    # feedparser reads past small errors (bad entities, a wrong charset); a feed with no link left is broken.
    if parsed.get("bozo") and not found:
        raise DiscoveryError(f"{page.url} is not a valid feed: {parsed.get('bozo_exception')}")
    for url, when in found:
        if window.wants(url, when):
            yield Discovered(url, when, page.url, "feed")


def _entry_date(entry: feedparser.FeedParserDict) -> datetime | None:
    """published, else updated: feedparser's UTC time, shown in the feed's own offset when that agrees."""
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if not parsed:
            continue
        utc = datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc)
        local = parse_date(entry.get(key))
        return local if local is not None and local == utc else utc
    return None
