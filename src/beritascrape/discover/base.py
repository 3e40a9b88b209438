"""What every discovery source shares: the Discovered record, the date window, and sniffing what a response is."""

from __future__ import annotations

import gzip
import io
import logging
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, Literal, cast

from beritascrape.errors import DiscoveryError
from beritascrape.model import Page

_log = logging.getLogger(__name__)


Kind = Literal["sitemap", "feed", "index"]
KINDS: tuple[Kind, ...] = ("sitemap", "feed", "index")

# Google caps a sitemap at 50 MB uncompressed; more from a small .gz is a zip bomb.
MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024
_READ_CHUNK = 64 * 1024
_SNIFF_BYTES = 8 * 1024
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_HTML_ROOTS = frozenset({"html", "head", "body", "meta", "title", "link", "script", "div"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.S | re.I)
_FIRST_TAG = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")
ErrorCallback = Callable[[str], None]


@dataclass(frozen=True)
class Discovered:
    """One article URL as a source lists it: its publication date, and (sitemaps) when the page last changed."""

    url: str
    published_at: datetime | None
    via: str
    kind: Kind
    # A sitemap's plain <lastmod>: never a publication date (an old article edited today has today's lastmod).
    modified_at: datetime | None = None


@dataclass
class Unmatched:
    """How many listed URLs a site profile's article pattern turned away: a source that yields nothing says so."""

    count: int = 0
    family: str | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Window:
    since: datetime | None
    until: datetime | None
    # With a profile, sitemap and feed URLs must match its article_url (sitemaps also list sections and tags).
    article: re.Pattern[str] | None = None
    unmatched: Unmatched = field(default_factory=Unmatched)

    def keeps(self, when: datetime | None) -> bool:
        """An undated URL is always kept: its age is unknown."""
        if when is None:
            return True
        return not (self.since and when < self.since) and not (self.until and when > self.until)

    def wants(self, url: str, when: datetime | None, modified: datetime | None = None) -> bool:
        """True for a listed URL inside the window that the profile (if any) takes for an article.

        `modified` (a lastmod) only rules a URL out when it is before `since`: a page last changed before the
        window cannot have been published in it, but one changed inside it may have been published long before.
        """
        if modified is not None and self.since is not None and modified < self.since:
            return False
        if self.article is not None and self.article.search(url) is None:
            self.unmatched.count += 1
            return False
        return self.keeps(when)


def not_a(url: str, kind: str, page: Page, found: str | None) -> DiscoveryError:
    if found is not None:
        return DiscoveryError(f"{url} is {'an HTML page' if found == 'html' else 'a ' + found}, not a {kind}")
    return DiscoveryError(f"{url} is not a sitemap, feed or index page ({page.content_type})")


# --- sitemaps -------------------------------------------------------------------------------------------------


class _CappedReader(io.RawIOBase):
    """A gunzip stream that refuses to inflate past a limit (zip bombs) and reports corrupt data in one line."""

    def __init__(self, content: bytes, limit: int, url: str) -> None:
        self._gzip = gzip.GzipFile(fileobj=io.BytesIO(content))
        self._left = limit
        self._limit = limit
        self._url = url

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._gzip.read(min(len(buffer), self._left + 1))
        except (OSError, EOFError, zlib.error) as exc:
            raise DiscoveryError(f"{self._url} is not valid gzip data ({exc or type(exc).__name__})") from None
        if len(data) > self._left:
            raise DiscoveryError(f"{self._url} inflates to more than {self._limit // (1024 * 1024)} MiB; refused")
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._gzip.close()
        super().close()


def body_stream(page: Page) -> BinaryIO:
    """The response body as a stream, inflated when it is gzip (by magic bytes: `.gz` names lie both ways)."""
    if page.content.startswith(b"\x1f\x8b"):
        return cast(BinaryIO, io.BufferedReader(_CappedReader(page.content, MAX_DECOMPRESSED_BYTES, page.url)))
    return io.BytesIO(page.content)


def sniff(page: Page) -> str | None:
    """The kind of body (sitemap, feed or html) from its first element, or None when it is none of those."""
    with body_stream(page) as stream:
        head = stream.read(_SNIFF_BYTES)
    root = _root_name(head)
    if root in _SITEMAP_ROOTS:
        return "sitemap"
    if root in _FEED_ROOTS:
        return "feed"
    if root in _HTML_ROOTS or (page.content_type in _HTML_TYPES and head.strip()):
        return "html"
    return None


def _root_name(head: bytes) -> str | None:
    """The local name of the first element, past the XML declaration, comments and the doctype."""
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while (prolog := _PROLOG.match(head, pos)) and prolog.end() > pos:
        pos = prolog.end()
    match = _FIRST_TAG.match(head, pos)
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace").rpartition(":")[2].lower()
