"""Frozen records passed between stages: Page (what was fetched) and Article (what was extracted)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

# What tables, charts and summaries call the site of an article whose page names none (a saved file without a URL).
NO_SITE = "(no site)"
# The keys `beritascrape parse` prints, in this order; export and the archive use the same list.
ARTICLE_KEYS: tuple[str, ...] = (
    "url",
    "canonical_url",
    "site",
    "title",
    "published_at",
    "updated_at",
    "authors",
    "editor",
    "source",
    "category",
    "tags",
    "description",
    "image_url",
    "captions",
    "body",
    "word_count",
    "language",
    "page_count",
    "kind",
)


def site_of(url: str | None) -> str | None:
    """The site an article belongs to, as Article.site and the archive's `site` column name it: its URL's host,
    lower-cased, without the port and without "www."."""
    host = urlsplit(url).hostname if url else None
    return host[4:] if host and host.startswith("www.") else host


@dataclass(frozen=True)
class WarcOrigin:
    """Where a page was read from in a web archive: the WARC file, the record's byte offset and its WARC-Date."""

    file: str
    offset: int
    date: datetime


@dataclass(frozen=True)
class Page:
    """One HTTP response (or saved file) as fetched: raw bytes plus the decoded text."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    text: str
    encoding: str
    fetched_at: datetime
    content_type: str = "text/html"
    # Set when the page came out of a WARC file (`ingest`) rather than from the network or a saved file.
    warc: WarcOrigin | None = None


@dataclass(frozen=True)
class Article:
    """One extracted news article; datetimes are always time-zone aware."""

    url: str
    canonical_url: str | None = None
    site: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: tuple[str, ...] = ()
    editor: str | None = None
    source: str | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None
    image_url: str | None = None
    captions: tuple[str, ...] = ()
    body: str = ""
    word_count: int = 0
    language: str | None = None
    page_count: int = 1
    # What the page is: "article", or "gallery" / "video" for a photo or video page (extract/kind.py).
    kind: str = "article"
    # Not part of the printed record: which extraction path produced the body ("profile:prmn", "generic").
    extractor: str = field(default="", compare=False)
    # Not part of the printed record: every page of a split article on a site no profile knows, page 1 first, as
    # its navigation links them (the pipeline fetches and stitches them); () for one page or a profiled site.
    page_urls: tuple[str, ...] = field(default=(), compare=False)

    @property
    def paragraphs(self) -> list[str]:
        """The body split back into its paragraphs."""
        return [p for p in self.body.split("\n\n") if p]

    def to_dict(self) -> dict[str, Any]:
        """The record as `beritascrape parse` prints it: ISO 8601 dates, lists for sequences."""
        out: dict[str, Any] = {}
        for key in ARTICLE_KEYS:
            value = getattr(self, key)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Rebuild an Article from `to_dict()` output (as the archive stores it)."""
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                continue
            if key in ("published_at", "updated_at") and isinstance(value, str):
                value = datetime.fromisoformat(value)
            elif key in ("authors", "tags", "captions") and value is not None:
                value = tuple(value)
            kwargs[key] = value
        return cls(**kwargs)
