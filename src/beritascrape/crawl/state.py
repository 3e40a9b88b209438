"""What the threads of one crawl run share: per-site counters, the lines said once, events, and pacing."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from beritascrape.archive.store import Archive
from beritascrape.crawl.summary import SOURCE_FAILED, CrawlEvent, CrawlSummary, SourceFailure
from beritascrape.errors import BeritaError
from beritascrape.fetch.http import Fetcher

log = logging.getLogger("beritascrape.crawl.run")


@dataclass(frozen=True)
class Window:
    """The `--since` / `--until` bounds of a run (either may be open)."""

    since: datetime | None = None
    until: datetime | None = None

    @property
    def bounded(self) -> bool:
        """Whether either bound is set."""
        return self.since is not None or self.until is not None

    def may_hold(self, published: datetime | None, modified: datetime | None = None) -> bool:
        """Whether a listed URL may be in the window; the article's own date decides once it is fetched.

        Undated items stay in: a feed without dates must not hide every article. A lastmod only rules a URL out
        when it is before `since` (a page edited inside the window may have been published long before it).
        """
        if modified is not None and modified.tzinfo is not None and self.since is not None and modified < self.since:
            return False
        if published is None or published.tzinfo is None:
            return True
        if self.since is not None and published < self.since:
            return False
        return not (self.until is not None and published > self.until)

    def outside(self, published: datetime | None) -> str | None:
        """Why an article's own date puts it outside --since/--until, or None (undated articles are kept)."""
        if published is None or published.tzinfo is None:
            return None
        if self.since is not None and published < self.since:
            return f"published {published.isoformat()}, before --since {self.since.isoformat(timespec='seconds')}"
        if self.until is not None and published > self.until:
            return f"published {published.isoformat()}, after --until {self.until.isoformat(timespec='seconds')}"
        return None


@dataclass
class RunState:
    """The shared state of one crawl run (every mutable field is guarded by `lock`; archive writes by `write_lock`)."""

    db_path: Path
    fetcher: Fetcher
    delay: float
    on_event: Callable[[CrawlEvent], None] | None
    stop: threading.Event
    run_id: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    summaries: dict[str, CrawlSummary] = field(default_factory=dict)
    source_failures: list[SourceFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    said: set[str] = field(default_factory=set)  # lines already shown: one per unreachable host, not per source
    paced: set[str] = field(default_factory=set)

    def summary(self, site: str) -> CrawlSummary:
        """The site's counters, made on first use."""
        with self.lock:
            return self.summaries.setdefault(site, CrawlSummary(site))

    def count(self, site: str, key: str, n: int = 1) -> None:
        """Add `n` to one of the site's counters."""
        summary = self.summary(site)
        with self.lock:
            setattr(summary, key, getattr(summary, key) + n)

    def emit(self, event: CrawlEvent) -> None:
        """Hand an event to the caller's callback, one at a time."""
        if self.on_event is not None:
            with self.lock:
                self.on_event(event)

    def first_time(self, message: str) -> bool:
        """True the first time a line is said in this run."""
        with self.lock:
            if message in self.said:
                return False
            self.said.add(message)
            return True

    def warn(self, message: str, *, prefix: str = "discovery", once: bool = True) -> None:
        """A warning of the run: logged, kept for the result and shown (`once`: the first time it is said)."""
        if once and not self.first_time(message):
            return
        log.warning("%s: %s", prefix, message)
        with self.lock:
            self.warnings.append(message)
        self.emit(CrawlEvent("source", "", status="warning", message=message))

    def source_failed(self, source: str, message: str, *, empty: bool = False) -> None:
        """A SOURCE of which nothing could be read (or that listed nothing): a failure of the run."""
        with self.lock:
            self.source_failures.append(SourceFailure(source, message, empty))
        # Every failure of the run is a `failures` row (runs counts it); a discovery thread needs its own connection.
        with self.write_lock, Archive(self.db_path) as archive:
            archive.record_failure(self.run_id, source, SOURCE_FAILED + message)
        # Sources on one unreachable host fail with the same message (it names the host): shown once.
        if not self.first_time(message):
            return
        log.error("source %s failed: %s", source, message)
        self.emit(CrawlEvent("source", "", url=source, status="failed", message=message))

    def pace(self, url: str) -> None:
        """Set the host's pace once: the larger of `delay` and its robots.txt Crawl-delay."""
        # Keyed like the fetcher's pacing (scheme-qualified host:port), so http and https each get robots' delay.
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc.lower()}"
        with self.lock:
            if host in self.paced:
                return
            self.paced.add(host)
        try:
            asked = self.fetcher.crawl_delay(url) or 0.0
        except BeritaError:
            asked = 0.0  # unreachable: the fetch itself will report it
        self.fetcher.set_host_delay(url, max(self.delay, asked))
