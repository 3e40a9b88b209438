"""One WARC record to one archivable page: count what is skipped, parse what is chosen, say how it fits an article.

This is what runs in a worker (a `--jobs` process or a Dask task): pure work on plain records, no archive.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from beritascrape.archive import boilerplate
from beritascrape.archive.rows import PreparedArticle, page_row, prepare_article
from beritascrape.errors import BeritaError, NotAnArticle, NotHTML, ResponseTooLarge
from beritascrape.extract.pagination import all_pages_url, page_param_of, page_url, url_page_number
from beritascrape.extract.parse import parse_html
from beritascrape.fetch.decoding import decode_html, parse_content_type, require_html_bytes
from beritascrape.ingest.select import Selection
from beritascrape.ingest.warc import WarcEntry, starts_as_html
from beritascrape.model import NO_SITE, Article, Page, WarcOrigin, site_of
from beritascrape.scrape.article import split_key
from beritascrape.sites import find_profile

# Record outcomes counted for the whole run, in the order the summary shows them.
RECORD_COUNTS = (
    "html",
    "non_html",
    "revisit",
    "request",
    "other_record",
    "truncated",
    "redirect",
    "http_error",
    "corrupt",
    "filtered",
    "out_of_window",
)
# Per-site outcomes of the pages that were parsed, then of the articles archived from them.
SITE_COUNTS = ("pages", "not_article", "failed", "new", "updated", "unchanged", "partial")


@dataclass
class Tally:
    """Counters of one ingest (or one WARC file): records by outcome, pages and articles by site, error lines."""

    records: int = 0
    bytes: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    sites: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # (the record's URI or the file, its error line): the run's `failures` rows.
    failed: list[tuple[str, str]] = field(default_factory=list)

    def error(self, where: str, line: str) -> None:
        """One error line of the run, about a record (its URI) or a WARC file."""
        self.errors.append(line)
        self.failed.append((where, line))

    def site(self, name: str | None, outcome: str, n: int = 1) -> None:
        """Count one outcome for a site (a host)."""
        self.sites.setdefault(name or NO_SITE, Counter())[outcome] += n

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.records += other.records
        self.bytes += other.bytes
        self.counts.update(other.counts)
        for name, counts in other.sites.items():
            self.sites.setdefault(name, Counter()).update(counts)
        self.errors.extend(other.errors)
        self.failed.extend(other.failed)

    @property
    def damaged(self) -> bool:
        """True when part of the WARC data could not be read (a corrupt member, a cut-off record, not WARC at all).

        Such a file is not recorded as ingested: the next run reads it again (what it archived is not stored twice).
        """
        return self.counts["corrupt"] > 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able counts (the `--json` summary and a shard's metadata)."""
        return {
            "records": self.records,
            "bytes": self.bytes,
            "counts": {k: self.counts[k] for k in RECORD_COUNTS if self.counts[k]},
            "sites": {s: {k: c[k] for k in SITE_COUNTS if c[k]} for s, c in sorted(self.sites.items())},
            "errors": list(self.errors),
            **({"failed": [list(f) for f in self.failed]} if self.failed else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tally:
        """Rebuild a tally from `to_dict()` output."""
        return cls(
            records=int(data.get("records", 0)),
            bytes=int(data.get("bytes", 0)),
            counts=Counter(data.get("counts", {})),
            sites={s: Counter(c) for s, c in data.get("sites", {}).items()},
            errors=list(data.get("errors", [])),
            failed=[(str(w), str(line)) for w, line in data.get("failed", [])],
        )


@dataclass(frozen=True)
class PagePart:
    """One page to archive, as archive rows built by the worker, and the article read from it.

    `group` is the first-page URL of a split article this page belongs to; a page of no group also carries its
    article's row, so the writer only runs SQL.
    """

    article: Article
    page_row: dict[str, Any]
    warc_file: str
    group: str | None = None
    number: int = 1
    # Set on a family's all-pages view (Kompas ?page=all): the article it holds whole, by its canonical URL.
    whole_of: str | None = None
    prepared: PreparedArticle | None = None


def count_entry(entry: WarcEntry, tally: Tally, name: str) -> bool:
    """Count a record that is not parsed and say False; True for a chosen HTML response (it has a body)."""
    tally.records += 1
    tally.counts[entry.kind] += 1
    if entry.kind == "html" and entry.content is not None:
        return True
    if entry.kind == "html":
        tally.counts["filtered"] += 1
    if entry.kind == "corrupt":
        tally.error(name, f"{name}: {entry.message}")
    return False


# The learnt template keys per host (archive/boilerplate.py), as the archive had them when the run began.
Templates = Mapping[str, Collection[str]]


def extract_batch(
    entries: Iterable[WarcEntry], name: str, selection: Selection, templates: Templates
) -> tuple[list[PagePart], Tally]:
    """The pages to archive from chosen HTML responses (counted already) of WARC file `name`, with their tally."""
    tally = Tally()
    parts = []
    for entry in entries:
        part = extract_entry(entry, name, selection, tally, templates)
        if part is not None:
            parts.append(part)
    return parts, tally


def extract_entry(
    entry: WarcEntry, name: str, selection: Selection, tally: Tally, templates: Templates
) -> PagePart | None:
    """Parse one chosen HTML response; not an article, out of --since/--until or not chosen counts and gives None."""
    # The site an article is counted under, as parse_html names it.
    host = site_of(entry.uri) or ""
    try:
        entry, content = decoded_body(entry)
    except BeritaError as exc:
        tally.site(host, "failed")
        tally.error(entry.uri, f"{entry.uri} ({name} at {entry.offset}): {exc}")
        return None
    if not selection.wanted_page(entry.uri, content):
        tally.counts["filtered"] += 1
        return None
    try:
        page = _page(entry, content, name)
        profile = find_profile(entry.uri)
        param = page_param_of(profile)
        number = url_page_number(entry.uri, param)
        # A later page of a split article is short by nature: it is not judged on its own as an article.
        template = templates.get(boilerplate.host_key(entry.uri) or "", ())
        # A file:// target URI (a saved file, as `export --format warc` writes it) is no web address: the page's
        # own canonical link names the article and picks its profile, as `scrape FILE` reads it.
        saved = entry.uri.startswith("file:")
        url = None if saved else page.final_url
        # Relative dates ("2 jam yang lalu") count from the record's WARC-Date, when the page was read.
        article = parse_html(page.text, url, now=page.fetched_at, require_article=number == 1, template=template)
        if saved and (found := templates.get(boilerplate.host_key(article.url) or "")):
            # Only the page itself names its host: read it again with that host's template text, as scrape does.
            article = parse_html(page.text, None, now=page.fetched_at, require_article=number == 1, template=found)
        if not article.url:
            # Nothing in a saved page names it: its file:// URI does, as `scrape FILE` keys it, so two such pages
            # never share one row.
            article = dataclasses.replace(article, url=entry.uri)
    except (NotAnArticle, NotHTML):
        tally.site(host, "not_article")
        return None
    except BeritaError as exc:
        tally.site(host, "failed")
        tally.error(entry.uri, f"{entry.uri} ({name} at {entry.offset}): {exc}")
        return None
    except Exception as exc:
        tally.site(host, "failed")
        tally.error(entry.uri, f"{entry.uri} ({name} at {entry.offset}): unexpected error: {type(exc).__name__}: {exc}")
        return None
    if not selection.wanted_article(entry.uri, article):
        tally.counts["filtered"] += 1
        return None
    if not selection.in_window(article):
        tally.counts["out_of_window"] += 1
        return None
    tally.site(article.site or host, "pages")
    row = page_row(page)
    view_base = page_url(entry.uri, 1, param) if param else entry.uri
    if profile is not None and profile.page_all and entry.uri == all_pages_url(view_base, profile.page_all, param):
        # The family's all-pages view holds the whole split article in one record.
        whole = article.canonical_url or article.url
        return PagePart(article, row, name, whole_of=whole, prepared=prepare_article(article, page_rows=[row]))
    # Which page of which split article this is, as `scrape` tells it for saved pages given together.
    key = split_key(article, page)
    if key is None:
        return PagePart(article, row, name, prepared=prepare_article(article, page_rows=[row]))
    return PagePart(article, row, name, group=key[0], number=key[1])


def _page(entry: WarcEntry, content: bytes, name: str) -> Page:
    """The Page a WARC response holds, with its provenance; fetched_at is the record's WARC-Date."""
    require_html_bytes(content, entry.uri)
    content_type = next((v for k, v in entry.headers.items() if k.lower() == "content-type"), "")
    mime, charset = parse_content_type(content_type)
    text, encoding = decode_html(content, charset)
    date = entry.date or datetime.now(timezone.utc)
    return Page(
        url=entry.uri,
        final_url=entry.uri,
        status=entry.status,
        headers=entry.headers,
        content=content,
        text=text,
        encoding=encoding,
        fetched_at=date,
        content_type=mime or "text/html",
        warc=WarcOrigin(name, entry.offset, date),
    )


def templates_for(entries: Iterable[WarcEntry], templates: Templates) -> dict[str, Collection[str]]:
    """The part of a template snapshot that a batch of records needs (only their hosts cross to a worker)."""
    if not templates:
        return {}  # nothing learnt yet (a new archive): no host to look up
    entries = list(entries)
    if any(e.uri.startswith("file:") for e in entries):
        return dict(templates)  # a saved file's host is known only once it is parsed
    hosts = {boilerplate.host_key(e.uri) for e in entries}
    return {h: templates[h] for h in hosts if h is not None and h in templates}


# A decoded body past this is refused, as the fetcher stops reading a response past 10 MiB.
MAX_DECODED_BYTES = 10 * 1024 * 1024


def decoded_body(entry: WarcEntry) -> tuple[WarcEntry, bytes]:
    """The entry's body as the page: chunked framing and HTTP Content-Encoding (gzip, deflate, br) undone.

    A WARC response keeps the body as the server sent it: wget stores `Transfer-Encoding: chunked` framing, and
    browser archivers and `wget --compression=auto` compressed bodies; the archive keeps pages decoded (as `scrape`
    does), so the headers lose what was undone. Some archivers undo it themselves and keep the header: a body that
    is not framed as chunked, or a "compressed" one that is plain HTML, is taken as it is.
    """
    content = entry.content or b""
    if not any(k.lower() in ("transfer-encoding", "content-encoding") for k in entry.headers):
        return entry, content  # the body is the page (nearly every record)
    headers = dict(entry.headers)
    transfer = next((k for k in headers if k.lower() == "transfer-encoding"), None)
    if transfer is not None and "chunked" in headers[transfer].lower():
        unframed = _dechunked(content)
        if unframed is not None:
            content = unframed
        del headers[transfer]  # what the archive keeps is never framed
    name = next((k for k in headers if k.lower() == "content-encoding"), None)
    if name is not None:
        codings = [c.strip().lower() for c in headers[name].split(",")]
        try:
            for coding in reversed([c for c in codings if c and c != "identity"]):
                content = _undo(coding, content, entry.uri)
        except NotHTML:
            if not starts_as_html(content):
                raise
        del headers[name]
    return dataclasses.replace(entry, headers=headers, content=content), content


def _dechunked(body: bytes) -> bytes | None:
    """The data of a body in HTTP/1.1 chunked framing (hex size CRLF, data CRLF, ..., 0 CRLF), or None if it is not."""
    parts: list[bytes] = []
    at = total = 0
    while True:
        end = body.find(b"\r\n", at, at + 1024)
        if end < 0:
            return None
        size_field = body[at:end].split(b";", 1)[0].strip()  # a chunk extension after ";" is ignored
        try:
            size = int(size_field, 16)
        except ValueError:
            return None
        if size == 0:
            return b"".join(parts)  # trailers, if any, are no part of the page
        start = end + 2
        if body[start + size : start + size + 2] != b"\r\n":
            return None
        parts.append(body[start : start + size])
        total += size
        if total > MAX_DECODED_BYTES:
            return None
        at = start + size + 2


def _undo(coding: str, content: bytes, uri: str) -> bytes:
    """One content coding undone, within MAX_DECODED_BYTES."""
    if coding in ("gzip", "x-gzip", "deflate"):
        # wbits 47 reads a gzip or zlib header; "deflate" is sent as raw deflate too, often enough to try it.
        for wbits in (47, -15) if coding == "deflate" else (47,):
            decoder = zlib.decompressobj(wbits)
            try:
                out = decoder.decompress(content, MAX_DECODED_BYTES)
            except zlib.error:
                continue
            if decoder.unconsumed_tail:
                raise ResponseTooLarge(f"the body, {coding}-decoded, is larger than 10 MiB")
            return out
        raise NotHTML(f"the body cannot be {coding}-decoded (Content-Encoding: {coding}): damaged or not {coding}")
    if coding == "br":
        try:
            import brotli  # type: ignore[import-not-found,unused-ignore]  # optional: present where urllib3's brotli support is
        except ImportError:
            raise NotHTML("the body is brotli-compressed (Content-Encoding: br): pip install brotli") from None
        try:
            out = brotli.decompress(content)
        except brotli.error:
            raise NotHTML("the body cannot be brotli-decoded (Content-Encoding: br): damaged") from None
        if len(out) > MAX_DECODED_BYTES:
            raise ResponseTooLarge("the body, br-decoded, is larger than 10 MiB")
        return bytes(out)
    raise NotHTML(f"the body is in a Content-Encoding beritascrape cannot decode: {coding}")
