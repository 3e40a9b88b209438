"""Discovery: sitemaps, RSS/Atom feeds and index pages in, article URLs out, streamed.

Sitemaps are read with lxml's XMLPullParser, not ultimate-sitemap-parser. USP can parse a string
(`sitemap_from_str`), but it wants the whole document as str, builds its own page list (swapped to temporary
files) and turns an index's children into InvalidSitemap objects. Recursion, gzip, date filters and per-child
error reports would still be ours, and the library would add a dependency. The pull parser streams the bytes
our Fetcher got (robots.txt, User-Agent and limits kept), matches tags by local name whatever the namespace,
and clears every `<url>` once it has been read. Feeds go through feedparser, fed from memory.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from typing import cast
from urllib.parse import urljoin, urlsplit

from beritascrape.discover.base import KINDS, Discovered, ErrorCallback, Kind, Unmatched, Window, not_a, sniff
from beritascrape.discover.feeds import read_feed
from beritascrape.discover.index_pages import walk_index
from beritascrape.discover.sitemaps import walk_sitemap
from beritascrape.discover.urls import SCHEME, TRACKING_PARAMS, TRACKING_PREFIXES, _site_key, canonicalize_url
from beritascrape.errors import FetchError, InputError
from beritascrape.fetch.http import Fetcher
from beritascrape.sites import find_profile, get_profile
from beritascrape.sites.base import SiteProfile

_log = logging.getLogger(__name__)


# A URL path that names a feed or a sitemap rather than a page.
_FEED_PATH = re.compile(r"(?:^|[/_.-])(?:rss|feeds?|atom)(?:[/_.-]|$)", re.I)
_SITEMAP_PATH = re.compile(r"(?:\.xml(?:\.gz)?|\.gz)$|sitemap[^/]*$", re.I)


def sources_for(source: str, fetcher: Fetcher) -> list[tuple[str, Kind]]:
    """Expand a crawl source into (URL, kind) pairs: a URL as itself, a site into its sitemaps, feeds and indexes.

    `FAMILY:HOST` (`prmn:www.pikiran-rakyat.com`, or `prmn:http://HOST:PORT` for a non-https origin) and a bare
    `HOST` give the host's robots.txt `Sitemap:` lines plus the profile's sitemaps, feeds and index pages (the
    profile found by domain for a bare host); a site that lists none of them gives its home page as an index.
    A host without a scheme is read over https. The host's robots.txt is fetched as the user's own input.
    """
    source = source.strip()
    site = _site_of(source)
    if site is None:
        return [(source, guess_kind(source))]
    origin, profile = site
    sep = source.partition(":")[1]
    found: list[tuple[str, Kind]] = []

    def add(url: str, kind: Kind) -> None:
        if all(canonicalize_url(url) != canonicalize_url(u) for u, _ in found):
            found.append((url, kind))

    try:
        listed = _robots_sitemaps(origin, fetcher)
    except FetchError as exc:
        if "TLS error" not in str(exc) or SCHEME.match(source.partition(":")[2] if sep else source):
            raise
        raise FetchError(
            f"{exc}; a SOURCE without a scheme is read over https: for a plain-http site write "
            f"FAMILY:http://HOST[:PORT] or the http:// URL of its sitemap, feed or index page"
        ) from None
    for url in listed:
        add(url, "sitemap")
    if profile is not None:
        for paths, kind in ((profile.sitemaps, "sitemap"), (profile.feeds, "feed"), (profile.index_pages, "index")):
            for path in paths:
                add(urljoin(origin + "/", path), cast(Kind, kind))
    if not found:
        add(origin + "/", "index")
    return found


def guessed_targets(source: str) -> frozenset[str]:
    """The URLs sources_for adds for SOURCE from its site profile's usual paths (the site itself lists none of them
    necessarily); nothing is fetched. A partner host of a family often lacks one, answering 404 every run."""
    try:
        site = _site_of(source.strip())
    except InputError:
        return frozenset()
    if site is None or (profile := site[1]) is None:
        return frozenset()
    origin = site[0]
    return frozenset(urljoin(origin + "/", p) for p in (*profile.sitemaps, *profile.feeds, *profile.index_pages))


def check_source(source: str) -> None:
    """Raise InputError when a crawl SOURCE names neither a site nor an http(s) URL; nothing is fetched."""
    _site_of(source.strip())


def _site_of(source: str) -> tuple[str, SiteProfile | None] | None:
    """(origin, profile) of a FAMILY:HOST or HOST source, None for a URL (read as itself); InputError if neither."""
    if not source:
        raise InputError("empty crawl source")
    if SCHEME.match(source):
        scheme = source.partition(":")[0].lower()
        if scheme not in ("http", "https"):
            raise InputError(f"unsupported URL scheme {scheme!r} in crawl source {source!r} (only http and https)")
        if not urlsplit(source).hostname or any(c.isspace() for c in urlsplit(source).netloc):
            raise InputError(f"malformed host in crawl source {source!r}")
        return None
    name, sep, rest = source.partition(":")
    if sep and not rest.isdigit():
        profile = get_profile(name)
        if profile is None:
            raise InputError(
                f"unknown site family {name!r} in crawl source {source!r} (`beritascrape sites` lists them)"
            )
        return _origin(rest, source), profile
    if get_profile(source) is not None:
        raise InputError(f"site family {source!r} needs a host: write {source}:HOST, e.g. {source}:www.example.com")
    origin = _origin(source, source)
    return origin, find_profile(origin + "/")


def guess_kind(url: str) -> Kind:
    """The kind a URL's path suggests; discover() checks the body, so a wrong guess between XML kinds is harmless."""
    path = urlsplit(url).path
    if path.lower().endswith(".gz"):
        return "sitemap"
    if _FEED_PATH.search(path):
        return "feed"
    if _SITEMAP_PATH.search(path):
        return "sitemap"
    return "index"


def source_origin(source: str) -> str | None:
    """scheme://host[:port] of the site a crawl source (or any URL) names, or None when it names none."""
    source = source.strip()
    try:
        if SCHEME.match(source):
            parts = urlsplit(source)
            return canonicalize_url(f"{parts.scheme}://{parts.netloc}").rstrip("/")
        _, sep, rest = source.partition(":")
        return _origin(rest if sep and not rest.isdigit() else source, source)
    except (InputError, ValueError):
        return None


def _origin(host: str, source: str) -> str:
    """scheme://host[:port] from a host or an origin URL; https when no scheme is given."""
    host = host.strip().rstrip("/")
    origin = host if SCHEME.match(host) else "https://" + host
    try:
        parts = urlsplit(origin)
        _ = parts.port
    except ValueError as exc:
        raise InputError(f"malformed host in crawl source {source!r}") from exc
    if not parts.hostname or parts.path or parts.query:
        raise InputError(f"crawl source {source!r} must name a host (or a URL to read as it is)")
    if any(c.isspace() for c in parts.netloc):
        raise InputError(f"malformed host in crawl source {source!r}")
    return canonicalize_url(origin).rstrip("/")


def _robots_sitemaps(origin: str, fetcher: Fetcher) -> list[str]:
    """The `Sitemap:` lines of a host's robots.txt; none when it has no robots.txt."""
    # The Fetcher's own copy, which it reads once per run for its rules as well.
    robots_url = origin + "/robots.txt"
    return [urljoin(robots_url, url.strip()) for url in fetcher.robots_sitemaps(robots_url) if url.strip()]


def discover(
    source_url: str,
    kind: str,
    fetcher: Fetcher,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    profile: SiteProfile | None = None,
    max_index_pages: int = 50,
    on_error: ErrorCallback | None = None,
    user_given: bool = False,
    unmatched: Unmatched | None = None,
) -> Iterator[Discovered]:
    """Stream the article URLs one source lists, in the source's order (index pages newest first).

    The body decides how it is read: a sitemap, a feed or (for kind "index") an HTML page. A source that cannot
    be fetched or read raises a BeritaError; a failing child sitemap or later index page goes to `on_error`
    (one line each, logged when no callback is given) and the rest still yield. `since`/`until` (aware) drop
    dated URLs outside the window; undated ones are kept. `profile` defaults to the one matching the site; with
    one, only URLs matching its `article_url` are yielded. Nothing is deduplicated across sitemaps (that would hold
    every URL in memory): the caller keeps its own seen set. `user_given` fetches `source_url` as typed (no
    private-address guard); what it lists (child sitemaps, next index pages) is always guarded. `unmatched` counts
    the listed URLs the profile's article pattern turned away (and names the profile and pattern).
    """
    if kind not in KINDS:
        raise InputError(f"unknown source kind {kind!r} (expected one of {', '.join(KINDS)})")
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.utcoffset() is None:
            raise InputError(f"{name} must be a time-zone aware datetime")
    report = on_error or _log.warning
    page = fetcher.fetch_raw(source_url, user_given=user_given)
    profile = profile or find_profile(page.final_url)
    pattern = profile.article_url if profile is not None else None
    unmatched = unmatched if unmatched is not None else Unmatched()
    if profile is not None and pattern:
        unmatched.family, unmatched.pattern = profile.name, pattern
    window = Window(since, until, re.compile(pattern) if pattern else None, unmatched)
    found = sniff(page)
    if found == "sitemap":
        yield from walk_sitemap(page, fetcher, window, report, depth=0, visited={canonicalize_url(source_url)})
    elif found == "feed":
        yield from read_feed(page, window)
    elif kind != "index" or found != "html":
        # Not HTML either (text/plain, JSON): a source that reads as nothing must fail, not succeed empty.
        raise not_a(source_url, kind, page, found)
    else:
        yield from walk_index(page, fetcher, window, profile, max_index_pages, report)


__all__ = [
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "Discovered",
    "Kind",
    "Unmatched",
    "_site_key",
    "canonicalize_url",
    "check_source",
    "discover",
    "guess_kind",
    "guessed_targets",
    "source_origin",
    "sources_for",
]
