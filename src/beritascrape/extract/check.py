"""`sites --check`: how a page is read, selector by selector, beside what the generic path makes of it.

The tool a user runs when a site redesigns: which profile matched the page (by its domain or by its markup),
which of the profile's selectors still hit, whether the body fell back to the generic path (drift), and the
record that the generic path alone would give.
"""

from __future__ import annotations

from dataclasses import dataclass

from beritascrape.errors import BeritaError
from beritascrape.extract.metadata import collect_evidence
from beritascrape.extract.parse import _parse_document, parse_html
from beritascrape.model import Article
from beritascrape.sites import find_profile
from beritascrape.sites.base import compile_css

# The selector groups a profile reads an article with, in the order `sites --check` lists them.
GROUPS = ("title", "body", "authors", "date", "captions", "tags", "credit_lines", "paging_links")


@dataclass(frozen=True)
class SelectorHit:
    """One selector of a profile and how many elements of the page it matched."""

    group: str
    selector: str
    hits: int


@dataclass(frozen=True)
class PageCheck:
    """How one page is read: the profile and its selectors, the result, and the generic path's result."""

    profile: str | None
    matched_by: str | None  # "domain", "fingerprint" or None
    selectors: tuple[SelectorHit, ...]
    article: Article | None
    error: str | None
    generic: Article | None
    generic_error: str | None

    @property
    def drifted(self) -> bool:
        """True when the profile matched but the generic path read the body."""
        return self.article is not None and self.article.extractor.startswith("generic (profile")


def check_page(html: str | bytes, url: str | None = None) -> PageCheck:
    """Read one page with its profile and without, and count the hits of every selector of the profile."""
    doc = _parse_document(html)
    if not url:
        ev = collect_evidence(doc)
        url = ev.canonical or ev.first_meta("og:url")
    profile = find_profile(url, None) if url else None
    matched_by = "domain" if profile is not None else None
    if profile is None:
        profile = find_profile(None, doc)
        matched_by = "fingerprint" if profile is not None else None
    hits: list[SelectorHit] = []
    if profile is not None:
        for group in GROUPS:
            for selector in getattr(profile, group):
                xpath = compile_css((selector,))
                hits.append(SelectorHit(group, selector, len(xpath(doc)) if xpath is not None else 0))
    article, error = _attempt(html, url, True)
    generic, generic_error = _attempt(html, url, False)
    return PageCheck(profile.name if profile else None, matched_by, tuple(hits), article, error, generic, generic_error)


def _attempt(html: str | bytes, url: str | None, use_profiles: bool) -> tuple[Article | None, str | None]:
    try:
        return parse_html(html, url, use_profiles=use_profiles), None
    except BeritaError as exc:
        return None, str(exc)
