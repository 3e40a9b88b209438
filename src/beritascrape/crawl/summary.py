"""What a crawl did: counters per site, failed sources, warnings, and the progress events it streams."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ArticleStatus = Literal["new", "updated", "unchanged", "skipped", "disallowed", "gone", "failed"]

# A crawl's `failures` rows for a SOURCE or a host (not an article URL) start their message with one of these, so
# `retry` (which scrapes article URLs) tells them apart: the failures table has no column for it.
SOURCE_FAILED = "crawl source: "
HOST_FAILED = "crawl host: "


def is_crawl_failure(message: str) -> bool:
    """Whether a `failures` row is a crawl's failed SOURCE or host (retried by crawling again), not an input."""
    return message.startswith((SOURCE_FAILED, HOST_FAILED))


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
    # Answered 404 or 410: recorded (frontier and failures tables) and never retried, but no failure of the run:
    # sitemaps list deleted articles every day.
    gone: int = 0
    failed: int = 0

    @property
    def settled(self) -> int:
        """URLs that ended any way but failed."""
        return self.new + self.updated + self.unchanged + self.skipped + self.disallowed + self.gone

    def to_dict(self) -> dict[str, Any]:
        """The counters as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class SourceFailure:
    """A SOURCE (or one of its sitemaps, feeds, index pages) that could not be read."""

    source: str
    message: str
    empty: bool = False  # it was read, and listed no article URL at all


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
    hard_stop: bool = False  # a second Ctrl-C: threads were left behind (the CLI exits without waiting for them)
    capped: bool = False
    pending: int = 0  # URLs left in the frontier for the next run
    drifted: int = 0  # articles read by the generic path because their site profile drifted (scrape/drift.py)
    # Hosts paused for the run (connections failing, or a Retry-After beyond the cap) and hosts where every URL
    # failed: one line each, and each a failure of the run.
    host_failures: list[SourceFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Failed articles plus unreadable sources and failed hosts."""
        return sum(s.failed for s in self.sites) + len(self.source_failures) + len(self.host_failures)

    @property
    def nothing_reachable(self) -> bool:
        """True when every source failed (nothing could be discovered at all)."""
        unread = [f for f in self.source_failures if not f.empty]
        return self.sources > 0 and len(unread) == self.sources

    def to_dict(self) -> dict[str, Any]:
        """The result as the CLI's --json prints it."""
        totals = CrawlSummary("total")
        for s in self.sites:
            for key in ("found", "new", "updated", "unchanged", "skipped", "disallowed", "gone", "failed"):
                setattr(totals, key, getattr(totals, key) + getattr(s, key))
        return {
            "run_id": self.run_id,
            "sites": [s.to_dict() for s in self.sites],
            "total": {k: v for k, v in totals.to_dict().items() if k != "site"},
            "sources": self.sources,
            "source_failures": [asdict(f) for f in self.source_failures],
            "host_failures": [{"host": f.source, "message": f.message} for f in self.host_failures],
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
    # host: `count` queued URLs of a private or local host refused at once, with one `message`, or a host paused
    # or failed whole (status "paused"/"failed"); notice: the crawl waits or is stopping (one line for a person).
    kind: Literal["found", "article", "source", "host", "notice"]
    site: str
    url: str = ""
    status: str = ""
    message: str = ""
    count: int = 0
