"""What a crawl did: counters per site, failed sources, warnings, and the progress events it streams."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ArticleStatus = Literal["new", "updated", "unchanged", "skipped", "disallowed", "failed"]


@dataclass
class CrawlSummary:
    """What a crawl did on one site (host): URLs found, articles new/updated/unchanged, skipped and failed."""

    site: str
    found: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # Found but not archived on purpose: already archived (or settled by an earlier run: disallowed, gone, not an
    # article), or fetched and found not to be an article or to be published outside --since/--until.
    skipped: int = 0
    disallowed: int = 0  # robots.txt forbids it
    failed: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The counters as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class SourceFailure:
    """A SOURCE (or one of its sitemaps, feeds, index pages) that could not be read."""

    source: str
    message: str


@dataclass
class CrawlResult:
    """The whole crawl: one summary per site, the sources that failed outright, warnings, and how it ended.

    A SOURCE fails when nothing of it could be read; one of its sitemaps, feeds or index pages failing while others
    were read (a profile's guessed `/rss` answering 404) is only a warning.
    """

    run_id: int
    sites: list[CrawlSummary]
    sources: int
    source_failures: list[SourceFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    interrupted: bool = False
    capped: bool = False
    pending: int = 0  # URLs left in the frontier for the next run
    drifted: int = 0  # articles read by the generic path because their site profile drifted (drift.py)

    @property
    def failed(self) -> int:
        """Failed articles plus unreadable sources."""
        return sum(s.failed for s in self.sites) + len(self.source_failures)

    @property
    def nothing_reachable(self) -> bool:
        """True when every source failed (nothing could be discovered at all)."""
        return self.sources > 0 and len(self.source_failures) == self.sources

    def to_dict(self) -> dict[str, Any]:
        """The result as the CLI's --json prints it."""
        totals = CrawlSummary("total")
        for s in self.sites:
            for key in ("found", "new", "updated", "unchanged", "skipped", "disallowed", "failed"):
                setattr(totals, key, getattr(totals, key) + getattr(s, key))
        return {
            "run_id": self.run_id,
            "sites": [s.to_dict() for s in self.sites],
            "total": {k: v for k, v in totals.to_dict().items() if k != "site"},
            "sources": self.sources,
            "source_failures": [asdict(f) for f in self.source_failures],
            "warnings": list(self.warnings),
            "interrupted": self.interrupted,
            "capped": self.capped,
            "pending": self.pending,
            "drifted": self.drifted,
        }


@dataclass(frozen=True)
class CrawlEvent:
    """Progress for a display: URLs queued, one article's outcome, a source's trouble, or a refused host."""

    # found: `count` more URLs queued on `site`; article: one URL's `status`; source: a warning or a failed source;
    # host: `count` queued URLs of a private or local host refused at once, with one `message`.
    kind: Literal["found", "article", "source", "host"]
    site: str
    url: str = ""
    status: str = ""
    message: str = ""
    count: int = 0
