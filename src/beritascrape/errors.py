"""Typed errors raised by the core; cli.py turns each into one clear line and an exit code."""

from __future__ import annotations


class BeritaError(Exception):
    """Base of every expected failure; its message is one plain line for a person."""


class FetchError(BeritaError):
    """The page could not be fetched (network error, HTTP error status, time-out)."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(f"HTTP {status} for {url}")
        self.url = url
        self.status = status


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching this URL for our User-Agent."""


class BlockedAddress(FetchError):
    """The URL points at a loopback, private or link-local address (SSRF guard)."""


class ResponseTooLarge(FetchError):
    """The response body exceeded the size cap."""


class NotHTML(BeritaError):
    """The response or file is not an HTML page."""


class NotAPage(NotHTML):
    """The URL answers a file that is no web page (an image, audio, video, a PDF): no article, whatever it holds."""


class NotAnArticle(BeritaError):
    """The page parsed, but holds no article (an index page, an empty or garbage page)."""

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        # What the page is instead: "index" for home, index and tag pages, "other" for empty or unknown pages.
        self.kind = kind


class InputError(BeritaError):
    """A command-line input is unusable (missing file, bad URL scheme)."""


class ArchiveError(BeritaError):
    """The SQLite archive cannot be opened or written."""


class DiscoveryError(BeritaError):
    """A sitemap, feed or index page could not be read as a list of articles."""


class ArchiveLocked(ArchiveError):
    """Another crawl holds the archive's lock file."""


class BadQuery(ArchiveError):
    """A search query that is not valid FTS5 syntax: the user's error, not the archive's."""


class ExtractorUnavailable(BeritaError):
    """A library an extraction path needs could not be loaded (a broken install)."""


class MissingExtra(BeritaError):
    """A feature needs an optional package that is not installed; the message names the extra to install."""


class IngestError(BeritaError):
    """An ingest cannot go on (its worker processes died)."""


class ExtractionTimeout(BeritaError):
    """Extracting one page took longer than its time budget."""


class HostPaused(FetchError):
    """The host failed too often in a row (or asked us to stay away): no more requests to it this run."""
