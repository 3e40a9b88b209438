"""Which WARC records `ingest` extracts: --site, --domain and --indonesian, judged before any parse when possible."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from beritascrape.model import Article
from beritascrape.sites import find_profile

# The most frequent Indonesian function words: a page with no declared language is Indonesian when they make up
# a good share of its words (English and Malay-free news text scores under 1%; Indonesian news 15-25%).
INDONESIAN_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "dari",
        "dalam",
        "tidak",
        "akan",
        "pada",
        "juga",
        "ke",
        "ada",
        "karena",
        "oleh",
        "atau",
        "bisa",
        "sudah",
        "telah",
        "kata",
        "saat",
        "para",
        "menjadi",
        "lebih",
        "tersebut",
        "adalah",
        "bahwa",
        "kami",
        "mereka",
    ]
)
INDONESIAN_SHARE = 0.08
_WORD = re.compile(r"[a-z]+")
# <html lang="en"> in the first bytes: read before parsing, so an English page costs no parse under --indonesian.
_HTML_LANG = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.I)
_INDONESIAN_CODES = frozenset({"id", "in", "ind"})


@dataclass(frozen=True)
class Selection:
    """The choice of records to extract; with no criterion every HTML response is extracted.

    Criteria add up: a record is extracted when it is on a chosen family's domain, under a chosen domain
    suffix, or (with `indonesian`) Indonesian by profile domain, page fingerprint or language.
    """

    sites: frozenset[str] = frozenset()
    domains: tuple[str, ...] = ()
    indonesian: bool = False
    since: datetime | None = None
    until: datetime | None = None

    @property
    def signature(self) -> str:
        """What this selection reads, as recorded with a WARC file: '' for every record, any window aside."""
        if self.everything and self.since is None and self.until is None:
            return ""
        parts = {
            "sites": sorted(self.sites),
            "domains": sorted(self.domains),
            "indonesian": self.indonesian,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
        return json.dumps(parts, sort_keys=True)

    @property
    def everything(self) -> bool:
        """True when no criterion narrows the choice."""
        return not (self.sites or self.domains or self.indonesian)

    def wanted_uri(self, uri: str) -> bool:
        """Whether a record may be wanted, from its target URI alone (False: skipped before reading its body)."""
        # Under --indonesian any other page may still be Indonesian: its markup or language decides after parse.
        # A saved file's record (file://, as `export --format warc` writes it) names its site only in the page.
        return self.everything or self.indonesian or uri.startswith("file:") or self._chosen_by_uri(uri)

    def wanted_page(self, uri: str, content: bytes) -> bool:
        """After reading the body, before parsing: False for a page whose <html lang> rules it out."""
        if not self.indonesian or self.everything or uri.startswith("file:") or self._chosen_by_uri(uri):
            return True
        found = _HTML_LANG.search(content, 0, 4096)
        return found is None or found.group(1).decode().lower() in _INDONESIAN_CODES

    def wanted_article(self, uri: str, article: Article) -> bool:
        """After parsing: under --indonesian, a page off every profile's domain is kept when it reads as Indonesian;
        a saved file's page is judged by the URL it gives itself."""
        if uri.startswith("file:") and not self.everything:
            named = article.canonical_url or article.url
            if named and not named.startswith("file:") and self._chosen_by_uri(named):
                return True
            if not self.indonesian:
                return False
        if not self.indonesian or self.everything or self._chosen_by_uri(uri):
            return True
        if article.extractor.startswith("profile:"):
            return True  # a profile's page fingerprint matched: an Indonesian outlet on a domain of its own
        if article.language:
            return article.language in _INDONESIAN_CODES
        return is_indonesian_text(article.body)

    def _chosen_by_uri(self, uri: str) -> bool:
        """Chosen by domain or family, or on any profile's domain under --indonesian."""
        host = (urlsplit(uri).hostname or "").rstrip(".").lower()
        if any(host == d or host.endswith("." + d) for d in self.domains):
            return True
        if not (self.sites or self.indonesian):
            return False
        profile = find_profile(uri)
        if profile is None:
            return False
        return self.indonesian or profile.name in self.sites

    def in_window(self, article: Article) -> bool:
        """Whether the article's own date is inside --since/--until (undated articles are kept, as in crawl)."""
        published = article.published_at
        if published is None:
            return True
        if self.since is not None and published < self.since:
            return False
        return not (self.until is not None and published > self.until)


def is_indonesian_text(text: str) -> bool:
    """Whether a text reads as Indonesian by the share of its most frequent function words."""
    words = _WORD.findall(text.lower())
    if len(words) < 20:
        return False
    return sum(w in INDONESIAN_WORDS for w in words) / len(words) >= INDONESIAN_SHARE
