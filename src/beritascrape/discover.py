"""Discovery: sitemaps, RSS/Atom feeds and index pages in, article URLs out, streamed.

Sitemaps are read with lxml's XMLPullParser, not ultimate-sitemap-parser. USP can parse a string
(`sitemap_from_str`), but it wants the whole document as str, builds its own page list (swapped to temporary
files) and turns an index's children into InvalidSitemap objects. Recursion, gzip, date filters and per-child
error reports would still be ours, and the library would add a dependency. The pull parser streams the bytes
our Fetcher got (robots.txt, User-Agent and limits kept), matches tags by local name whatever the namespace,
and clears every `<url>` once it has been read. Feeds go through feedparser, fed from memory.
"""

from __future__ import annotations

import calendar
import gzip
import io
import logging
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import BinaryIO, Literal, cast
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

import feedparser
from lxml import etree
from protego import Protego

from beritascrape.errors import BeritaError, DiscoveryError, HTTPStatusError, InputError
from beritascrape.extract.dates import parse_date
from beritascrape.extract.text import squash, text_of
from beritascrape.fetch import Fetcher
from beritascrape.model import Page
from beritascrape.sites import find_profile, get_profile
from beritascrape.sites.base import SiteProfile

Kind = Literal["sitemap", "feed", "index"]
KINDS: tuple[Kind, ...] = ("sitemap", "feed", "index")

# Query parameters that only track where a click came from; the same article must get one URL.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref",
        "ref_src",
        "amp",
        # detik.com: ?tagfrom=framebar / ?tag_from=wp_nhl_...
        "tagfrom",
        "tag_from",
        # liputan6.com: ?medium=Headline&campaign=Headline_click_1, ?source=search
        "medium",
        "campaign",
        "source",
    }
)
TRACKING_PREFIXES = ("utm_",)

# A sitemap index may point at further indexes; deeper than this is a loop or a trap.
MAX_SITEMAP_DEPTH = 3
# Google caps a sitemap at 50 MB uncompressed; more from a small .gz is a zip bomb.
MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024
_READ_CHUNK = 64 * 1024
_SNIFF_BYTES = 8 * 1024
# A <url> holds a handful of elements (up to 1000 images); far more is an attack on memory.
_MAX_ENTRY_ELEMENTS = 10_000
# How far up from a link an index item (the box holding its title, picture and date) may reach.
_ITEM_DEPTH = 6

_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_HTML_ROOTS = frozenset({"html", "head", "body", "meta", "title", "link", "script", "div"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.S | re.I)
_FIRST_TAG = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)

# A URL path that names a feed or a sitemap rather than a page.
_FEED_PATH = re.compile(r"(?:^|[/_.-])(?:rss|feeds?|atom)(?:[/_.-]|$)", re.I)
_SITEMAP_PATH = re.compile(r"(?:\.xml(?:\.gz)?|\.gz)$|sitemap[^/]*$", re.I)

# Without a profile, a link is an article when its path has a long slug plus an id or a date ...
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")
_ARTICLE_ID = re.compile(r"\d{5,}")
_PATH_DATE = re.compile(r"/(?:19|20)\d\d/[01]?\d/[0-3]?\d(?:/|$)|(?<!\d)(?:19|20)\d\d[01]\d[0-3]\d(?!\d)")
# ... and no path segment says it is a list, a tag, a gallery or a person.
_NOT_ARTICLE_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "topik",
        "topic",
        "kategori",
        "category",
        "kanal",
        "rubrik",
        "foto",
        "photo",
        "photos",
        "galeri",
        "gallery",
        "video",
        "videos",
        "author",
        "penulis",
        "editor",
        "profil",
        "search",
        "cari",
        "indeks",
        "index",
        "login",
        "register",
    }
)
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
# Two-letter country domains sell names one level down (detik.co.id is not "co.id").
_SECOND_LEVEL = frozenset({"co", "or", "go", "ac", "sch", "web", "my", "net", "com", "org", "mil", "biz", "ponpes"})

_log = logging.getLogger(__name__)
ErrorCallback = Callable[[str], None]


@dataclass(frozen=True)
class Discovered:
    """One article URL as a source lists it."""

    url: str
    published_at: datetime | None
    via: str
    kind: Kind


def canonicalize_url(url: str) -> str:
    """Drop tracking parameters, the fragment and a default port; lower-case scheme and host; keep other params."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InputError(f"malformed URL: {url}") from exc
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host
    if parts.username is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{host}"
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        netloc += f":{port}"
    path = parts.path or ("/" if host else "")
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p.partition("=")[0]))
    return urlunsplit((scheme, netloc, path, query, ""))


def _is_tracking(name: str) -> bool:
    name = unquote_plus(name).strip().lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def sources_for(source: str, fetcher: Fetcher) -> list[tuple[str, Kind]]:
    """Expand a crawl source into (URL, kind) pairs: a URL as itself, a site into its sitemaps, feeds and indexes.

    `FAMILY:HOST` (`prmn:www.pikiran-rakyat.com`, or `prmn:http://HOST:PORT` for a non-https origin) and a bare
    `HOST` give the host's robots.txt `Sitemap:` lines plus the profile's sitemaps, feeds and index pages (the
    profile found by domain for a bare host); a site that lists none of them gives its home page as an index.
    """
    source = source.strip()
    if not source:
        raise InputError("empty crawl source")
    if _SCHEME.match(source):
        return [(source, guess_kind(source))]
    name, sep, rest = source.partition(":")
    profile: SiteProfile | None = None
    if sep and not rest.isdigit():
        profile = get_profile(name)
        if profile is None:
            raise InputError(f"unknown site family {name!r} in crawl source {source!r}")
        origin = _origin(rest, source)
    else:
        if get_profile(source) is not None:
            raise InputError(f"site family {source!r} needs a host: write {source}:HOST, e.g. {source}:www.example.com")
        origin = _origin(source, source)
        profile = find_profile(origin + "/")
    found: list[tuple[str, Kind]] = []

    def add(url: str, kind: Kind) -> None:
        if all(canonicalize_url(url) != canonicalize_url(u) for u, _ in found):
            found.append((url, kind))

    for url in _robots_sitemaps(origin, fetcher):
        add(url, "sitemap")
    if profile is not None:
        for paths, kind in ((profile.sitemaps, "sitemap"), (profile.feeds, "feed"), (profile.index_pages, "index")):
            for path in paths:
                add(urljoin(origin + "/", path), cast(Kind, kind))
    if not found:
        add(origin + "/", "index")
    return found


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


def _origin(host: str, source: str) -> str:
    """scheme://host[:port] from a host or an origin URL; https when no scheme is given."""
    host = host.strip().rstrip("/")
    origin = host if _SCHEME.match(host) else "https://" + host
    try:
        parts = urlsplit(origin)
        _ = parts.port
    except ValueError as exc:
        raise InputError(f"malformed host in crawl source {source!r}") from exc
    if not parts.hostname or parts.path or parts.query:
        raise InputError(f"crawl source {source!r} must name a host (or a URL to read as it is)")
    return canonicalize_url(origin).rstrip("/")


def _robots_sitemaps(origin: str, fetcher: Fetcher) -> list[str]:
    """The `Sitemap:` lines of a host's robots.txt; none when it has no robots.txt."""
    # Fetcher caches robots.txt but does not expose its Sitemap lines, so it is fetched once more here.
    robots_url = origin + "/robots.txt"
    try:
        page = fetcher.fetch_raw(robots_url, user_given=False)
    except HTTPStatusError as exc:
        if 400 <= exc.status < 500:
            return []
        raise
    text = page.content.decode("utf-8-sig", errors="replace")
    return [urljoin(robots_url, url.strip()) for url in Protego.parse(text).sitemaps if url.strip()]


@dataclass(frozen=True)
class _Window:
    since: datetime | None
    until: datetime | None
    # With a profile, sitemap and feed URLs must match its article_url (sitemaps also list sections and tags).
    article: re.Pattern[str] | None = None

    def keeps(self, when: datetime | None) -> bool:
        """An undated URL is always kept: its age is unknown."""
        if when is None:
            return True
        return not (self.since and when < self.since) and not (self.until and when > self.until)

    def wants(self, url: str, when: datetime | None) -> bool:
        """True for a listed URL inside the window that the profile (if any) takes for an article."""
        return self.keeps(when) and (self.article is None or self.article.search(url) is not None)


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
) -> Iterator[Discovered]:
    """Stream the article URLs one source lists, in the source's order (index pages newest first).

    The body decides how it is read: a sitemap, a feed or (for kind "index") an HTML page. A source that cannot
    be fetched or read raises a BeritaError; a failing child sitemap or later index page goes to `on_error`
    (one line each, logged when no callback is given) and the rest still yield. `since`/`until` (aware) drop
    dated URLs outside the window; undated ones are kept. `profile` defaults to the one matching the site; with
    one, only URLs matching its `article_url` are yielded. Nothing is deduplicated across sitemaps (that would hold
    every URL in memory): the caller keeps its own seen set.
    """
    if kind not in KINDS:
        raise InputError(f"unknown source kind {kind!r} (expected one of {', '.join(KINDS)})")
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.utcoffset() is None:
            raise InputError(f"{name} must be a time-zone aware datetime")
    report = on_error or _log.warning
    page = fetcher.fetch_raw(source_url, user_given=False)
    profile = profile or find_profile(page.final_url)
    window = _Window(since, until, re.compile(profile.article_url) if profile and profile.article_url else None)
    found = _sniff(page)
    if found == "sitemap":
        yield from _walk_sitemap(page, fetcher, window, report, depth=0, visited={canonicalize_url(source_url)})
    elif found == "feed":
        yield from _read_feed(page, window)
    elif kind != "index":
        raise _not_a(source_url, kind, page, found)
    else:
        yield from _walk_index(page, fetcher, window, profile, max_index_pages, report)


def _not_a(url: str, kind: str, page: Page, found: str | None) -> DiscoveryError:
    if found is not None:
        return DiscoveryError(f"{url} is {'an HTML page' if found == 'html' else 'a ' + found}, not a {kind}")
    return DiscoveryError(f"{url} is not a sitemap, a feed or an HTML page ({page.content_type})")


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


def _body(page: Page) -> BinaryIO:
    """The response body as a stream, inflated when it is gzip (by magic bytes: `.gz` names lie both ways)."""
    if page.content.startswith(b"\x1f\x8b"):
        return cast(BinaryIO, io.BufferedReader(_CappedReader(page.content, MAX_DECOMPRESSED_BYTES, page.url)))
    return io.BytesIO(page.content)


def _sniff(page: Page) -> str | None:
    """The kind of body (sitemap, feed or html) from its first element, or None when it is none of those."""
    with _body(page) as stream:
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


@dataclass(frozen=True)
class _Entry:
    loc: str
    date: datetime | None
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
    with _body(page) as stream:
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
            # Google News: <news:news><news:publication_date> is the publication time; lastmod is the fallback.
            published = next((squash(d.text) for d in sub.iter() if _local(d.tag) == "publication_date"), None)
    if not loc:
        return None
    return _Entry(loc, parse_date(published) or parse_date(lastmod), child)


def _walk_sitemap(
    page: Page, fetcher: Fetcher, window: _Window, report: ErrorCallback, *, depth: int, visited: set[str]
) -> Iterator[Discovered]:
    children: list[_Entry] = []
    unusable = 0
    for entry in _parse_sitemap(page):
        if entry.child:
            children.append(entry)
            continue
        url = _article_url(entry.loc, page.final_url)
        if url is None:
            unusable += 1
        elif window.wants(url, entry.date):
            yield Discovered(url, entry.date, page.url, "sitemap")
    if unusable:
        report(f"{page.url}: skipped {unusable} {'entry' if unusable == 1 else 'entries'} without an http(s) URL")
    # Undated children first (they may be the live ones), then the newest: a crawl reaches recent news soonest.
    children.sort(key=lambda c: (c.date is not None, -c.date.timestamp() if c.date else 0.0))
    for child in children:
        if child.date is not None and window.since is not None and child.date < window.since:
            continue  # nothing in it changed since then
        url = _article_url(child.loc, page.final_url)
        if url is None or url in visited:
            continue
        visited.add(url)
        if depth + 1 > MAX_SITEMAP_DEPTH:
            report(f"{url}: skipped, sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH} levels")
            continue
        try:
            child_page = fetcher.fetch_raw(url, user_given=False)
            found = _sniff(child_page)
            if found == "sitemap":
                yield from _walk_sitemap(child_page, fetcher, window, report, depth=depth + 1, visited=visited)
            elif found == "feed":
                yield from _read_feed(child_page, window)
            else:
                raise _not_a(url, "sitemap", child_page, found)
        except BeritaError as exc:
            message = str(exc)
            report(message if url in message else f"{url}: {message}")


def _article_url(loc: str, base: str) -> str | None:
    """The canonical absolute http(s) URL of a listed location, or None when it is not one."""
    try:
        url = canonicalize_url(urljoin(base, loc))
    except (InputError, ValueError):
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


# --- feeds ----------------------------------------------------------------------------------------------------


def _read_feed(page: Page, window: _Window) -> Iterator[Discovered]:
    """The entries of an RSS or Atom feed, in feed order."""
    with _body(page) as stream:
        data = stream.read(MAX_DECOMPRESSED_BYTES)
    headers = {"content-location": page.final_url, "content-type": page.headers.get("content-type", "")}
    # A file object, never bytes or str: feedparser opens a str that looks like a URL or a path by itself.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    found = []
    for entry in parsed.get("entries") or []:
        link = entry.get("feedburner_origlink") or entry.get("link")
        url = _article_url(link, page.final_url) if link else None
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


# --- index pages ----------------------------------------------------------------------------------------------


def _walk_index(
    page: Page,
    fetcher: Fetcher,
    window: _Window,
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
        links = _index_links(doc, base, page, profile)
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
            if (found := _sniff(page)) != "html":
                raise _not_a(next_url, "index page", page, found)
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
    doc: etree._Element, base: str, page: Page, profile: SiteProfile | None
) -> list[tuple[str, datetime | None]]:
    """(canonical URL, date) of each article linked from the page, in page order, each URL once."""
    site = _site_key(urlsplit(page.final_url).hostname or "")
    pattern = re.compile(profile.article_url) if profile is not None and profile.article_url else None
    anchors: list[tuple[etree._Element, str]] = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        url = _article_url(href, base) if href and not href.startswith("#") else None
        if url is None:
            continue
        host = urlsplit(url).hostname or ""
        if _site_key(host) != site and not (profile is not None and profile.matches_domain(host)):
            continue
        if pattern.search(url) if pattern is not None else _looks_like_article(url):
            anchors.append((a, url))
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


def _looks_like_article(url: str) -> bool:
    """A path with a long slug and an id or a date (or a date and an id), outside tag, gallery and author sections."""
    path = urlsplit(url).path
    segments = [s for s in path.lower().split("/") if s]
    if not segments or any(s in _NOT_ARTICLE_SEGMENTS for s in segments):
        return False
    words = max(len(_SLUG_WORD.findall(s)) for s in segments)
    has_id, has_date = _ARTICLE_ID.search(path) is not None, _PATH_DATE.search(path) is not None
    if (words >= 3 and (has_id or has_date)) or (words >= 1 and has_id and has_date):
        return True
    # merdeka.com and kapanlagi.com: /rubrik/a-long-slug-of-many-words.html, no id.
    return words >= 5 and segments[-1].endswith((".html", ".htm"))


def _site_key(host: str) -> str:
    """The registrable part of a host (news.detik.com -> detik.com, www.viva.co.id -> viva.co.id)."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 2 or all(label.isdigit() for label in labels) or ":" in host:
        return host.lower()
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


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
        url = _article_url(href, base)
        if url is not None:
            return url
    return None
