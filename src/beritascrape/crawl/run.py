"""The crawl: discover -> frontier -> fetch (every page) -> extract -> archive, incremental, resumable and polite.

Threads: one discovery job per SOURCE and one fetch worker per host (at most `max_hosts` at a time), all sharing one
Fetcher, whose per-host slots keep each host at its own pace (the larger of `delay` and robots.txt Crawl-delay, from
request start to request start). So a crawl over many sites is bound by politeness, not by one slow site.

SQLite: each job opens its own Archive connection (sqlite3 connections must stay in their thread); WAL lets readers
run beside the writer, and one process-wide lock serialises the short write transactions, so writers queue in
Python instead of spinning in SQLite's busy handler. Discovery streams into the frontier in batches; workers take one
row at a time from the database, so memory stays flat however many URLs are found.

One crawl per archive: an fcntl lock on `<db>.lock`, which the kernel drops even when the process is SIGKILLed.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from beritascrape.archive.rows import prepare_article
from beritascrape.archive.store import Archive
from beritascrape.crawl.frontier import Frontier, FrontierItem, FrontierRow, host_of
from beritascrape.crawl.summary import (
    HOST_FAILED,
    SOURCE_FAILED,
    ArticleStatus,
    CrawlEvent,
    CrawlResult,
    CrawlSummary,
    SourceFailure,
)
from beritascrape.errors import (
    ArchiveError,
    ArchiveLocked,
    BeritaError,
    HostPaused,
    HTTPStatusError,
    NotAnArticle,
    RobotsDisallowed,
)
from beritascrape.fetch.addresses import private_address
from beritascrape.fetch.http import Fetcher
from beritascrape.scrape.article import complete_article
from beritascrape.scrape.drift import DriftTally
from beritascrape.sites import find_profile, get_profile

if TYPE_CHECKING:
    from beritascrape.discover import Unmatched

log = logging.getLogger(__name__)
# A library does not print: without this, logging's last-resort handler would write warnings to stderr.
logging.getLogger("beritascrape").addHandler(logging.NullHandler())

_BATCH = 500
_FLUSH_SECONDS = 0.5
_POLL_SECONDS = 0.05


DiscoverFn = Callable[..., Iterable[Any]]
SourcesFn = Callable[[str, Fetcher], Sequence[tuple[str, str]]]

__all__ = ["CrawlEvent", "CrawlResult", "CrawlSummary", "SourceFailure", "crawl", "crawl_lock"]


@contextlib.contextmanager
def crawl_lock(db_path: str | Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the archive's crawl lock (`<db>.lock`); ArchiveLocked at once if another crawl holds it, unless `wait`."""
    lock_path = Path(f"{db_path}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ArchiveError(f"cannot create lock file {lock_path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise ArchiveLocked(
                    f"another crawl is writing to {db_path} (lock {lock_path}); try later or pass --wait"
                ) from None
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock


def crawl(
    sources: Sequence[str],
    db_path: str | Path,
    fetcher: Fetcher,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    max_articles: int | None = None,
    refresh: bool = False,
    delay: float = 1.0,
    max_hosts: int = 16,
    wait: bool = False,
    run_args: Sequence[str] = (),
    on_event: Callable[[CrawlEvent], None] | None = None,
    stop: threading.Event | None = None,
    discover_fn: DiscoverFn | None = None,
    sources_fn: SourcesFn | None = None,
    canonicalize: Callable[[str], str] | None = None,
) -> CrawlResult:
    """Crawl SOURCEs into the archive at `db_path`; Ctrl-C (or `stop`) ends it after the articles in hand.

    `discover_fn`, `sources_fn` and `canonicalize` default to beritascrape.discover's; tests inject their own.
    """
    if discover_fn is None or sources_fn is None or canonicalize is None:
        from beritascrape import discover  # imported late: discovery is only needed when crawling

        discover_fn = discover_fn or discover.discover
        sources_fn = sources_fn or discover.sources_for
        canonicalize = canonicalize or discover.canonicalize_url
    with crawl_lock(db_path, wait=wait):
        engine = _Crawl(
            sources=list(sources),
            db_path=Path(db_path),
            fetcher=fetcher,
            since=since,
            until=until,
            max_articles=max_articles,
            refresh=refresh,
            delay=delay,
            max_hosts=max_hosts,
            on_event=on_event,
            stop=stop or threading.Event(),
            discover_fn=discover_fn,
            sources_fn=sources_fn,
            canonicalize=canonicalize,
        )
        return engine.run(run_args)


@dataclass
class _Crawl:
    """The state of one crawl run, shared by its threads (every mutable field is guarded by `lock`)."""

    sources: list[str]
    db_path: Path
    fetcher: Fetcher
    since: datetime | None
    until: datetime | None
    max_articles: int | None
    refresh: bool
    delay: float
    max_hosts: int
    on_event: Callable[[CrawlEvent], None] | None
    stop: threading.Event
    discover_fn: DiscoverFn
    sources_fn: SourcesFn
    canonicalize: Callable[[str], str]
    run_id: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    summaries: dict[str, CrawlSummary] = field(default_factory=dict)
    source_failures: list[SourceFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    said: set[str] = field(default_factory=set)  # lines already shown: one per unreachable host, not per source
    fetched: int = 0
    capped: bool = False
    paced: set[str] = field(default_factory=set)
    drift: DriftTally = field(default_factory=DriftTally)  # articles whose profile drifted, per family and host
    paused: dict[str, str] = field(default_factory=dict)  # frontier host -> why the fetcher paused it
    refused: dict[str, str] = field(default_factory=dict)  # private host refused whole -> its one line (said)
    hard_stop: bool = False  # a second Ctrl-C: the threads still working are left behind

    # -- the run ----------------------------------------------------------------------------------------------

    def run(self, run_args: Sequence[str]) -> CrawlResult:
        """Start the discovery jobs, keep one worker per host with pending URLs, and wait for all of them."""
        with Archive(self.db_path) as archive:
            self.run_id = archive.start_run("crawl", run_args)
            # URLs that failed for a passing reason get their next attempt even if no source lists them again.
            Frontier(archive).requeue_failed()
            self.fetcher.on_notice = self._notice
            interrupted = False
            try:
                self._schedule(Frontier(archive))
            except KeyboardInterrupt:
                interrupted = True
            except BaseException:
                with contextlib.suppress(BeritaError):
                    archive.finish_run(self.run_id, ok=0, failed=0, status="error")
                raise
            finally:
                self.fetcher.on_notice = None
            interrupted = interrupted or self.stop.is_set()
            self._warn_drift()
            frontier = Frontier(archive)
            result = CrawlResult(
                run_id=self.run_id,
                sites=[self.summaries[k] for k in sorted(self.summaries)],
                sources=len(self.sources),
                source_failures=list(self.source_failures),
                warnings=list(self.warnings),
                interrupted=interrupted,
                hard_stop=self.hard_stop,
                capped=self.capped,
                pending=frontier.count_pending(),
                drifted=self.drift.total,
                host_failures=self._host_failures(frontier, interrupted),
            )
            ok = sum(s.new + s.updated + s.unchanged for s in result.sites)
            status = "interrupted" if interrupted else ("partial" if result.failed else "ok")
            archive.finish_run(self.run_id, ok=ok, failed=result.failed, status=status)
        return result

    def _host_failures(self, frontier: Frontier, interrupted: bool) -> list[SourceFailure]:
        """One line per host paused for the run, per host where every URL tried failed, and per refused host.

        A paused or refused host is a `failures` row of its own (its URLs, still queued, are not); a host where
        every URL failed has a row per URL already.
        """
        failures = []
        counts = frontier.counts()
        for host, why in sorted(self.paused.items()):
            left = counts.get((host, "pending"), 0)
            failures.append(
                SourceFailure(host, f"{host} paused for the rest of this run ({why}); {left} URL(s) stay queued")
            )
        for site in sorted(self.summaries):
            summary = self.summaries[site]
            said = site in self.paused or site in self.refused
            if not said and summary.failed and not summary.settled and not interrupted:
                failures.append(SourceFailure(site, f"every URL of {site} failed ({summary.failed})"))
        for failure in failures:
            log.error("host %s", failure.message)
            self._emit(CrawlEvent("host", failure.source, status="failed", message=failure.message))
        refused = [SourceFailure(host, message) for host, message in sorted(self.refused.items())]
        held = [f for f in failures if f.source in self.paused] + refused
        with self.write_lock, frontier.archive.transaction():
            for failure in held:
                frontier.archive.record_failure(self.run_id, failure.source, HOST_FAILED + failure.message)
        return [*failures, *refused]

    def _notice(self, message: str) -> None:
        """A line from the fetcher: a host makes us wait, or is paused."""
        log.warning("%s", message)
        self._emit(CrawlEvent("notice", "", message=message))

    def _schedule(self, frontier: Frontier) -> None:
        """The main thread's loop: it only waits and hands out hosts, so Ctrl-C lands here, never mid-write.

        The first Ctrl-C (or `stop`) lets every thread finish its article in hand; a second one leaves them
        behind at once (`hard_stop`): what is archived stays whole, since every write is one transaction.
        """
        discovery = ThreadPoolExecutor(max(1, min(len(self.sources), self.max_hosts)), "discover")
        workers = ThreadPoolExecutor(self.max_hosts, "crawl")
        jobs = [discovery.submit(self._discover_source, s) for s in self.sources]
        active: dict[str, Future[None]] = {}
        try:
            while True:
                try:
                    for future in [*jobs, *active.values()]:
                        error = future.exception() if future.done() else None
                        if error is not None:
                            raise error  # a bug or a broken archive: stop everything
                    active = {h: f for h, f in active.items() if not f.done()}
                    stopping = self.stop.is_set() or self._cap_reached()
                    pending = [] if stopping else frontier.pending_hosts()
                    with self.lock:
                        # Paused and refused hosts keep their URLs queued for the next run: no worker this run.
                        held = {*self.paused, *self.refused}
                    for host in pending:
                        if host not in active and host not in held and len(active) < self.max_hosts:
                            active[host] = workers.submit(self._drain, host)
                    discovering = any(not f.done() for f in jobs)
                    waiting = [h for h in pending if h not in held]
                    if not active and not discovering and (stopping or not waiting):
                        break
                    time.sleep(_POLL_SECONDS)
                except KeyboardInterrupt:
                    if self.stop.is_set():
                        raise  # the second Ctrl-C
                    self.stop.set()
                    busy = sum(not f.done() for f in active.values())
                    message = f"stopping: finishing the {busy} article(s) in hand; press Ctrl-C again to stop now"
                    self._emit(CrawlEvent("notice", "", message=message))
        except BaseException:
            self.stop.set()
            self.hard_stop = True
            raise
        finally:
            # Never wait here for threads on a hard stop: a slow server would hold the exit.
            discovery.shutdown(wait=not self.hard_stop, cancel_futures=True)
            workers.shutdown(wait=not self.hard_stop, cancel_futures=True)

    def _cap_reached(self) -> bool:
        with self.lock:
            return self.capped

    def _take_slot(self) -> bool:
        """Reserve one fetch under --max-articles; False once the cap is reached."""
        with self.lock:
            if self.max_articles is not None and self.fetched >= self.max_articles:
                self.capped = True
                return False
            self.fetched += 1
            return True

    def _summary(self, site: str) -> CrawlSummary:
        with self.lock:
            return self.summaries.setdefault(site, CrawlSummary(site))

    def _count(self, site: str, key: str, n: int = 1) -> None:
        summary = self._summary(site)
        with self.lock:
            setattr(summary, key, getattr(summary, key) + n)

    def _emit(self, event: CrawlEvent) -> None:
        if self.on_event is not None:
            with self.lock:
                self.on_event(event)

    def _pace(self, url: str) -> None:
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

    # -- discovery ----------------------------------------------------------------------------------------------

    def _discover_source(self, source: str) -> None:
        """Expand one SOURCE into sitemaps, feeds and index pages and stream what they list into the frontier."""
        from beritascrape.discover import Unmatched, source_origin

        if self.stop.is_set():
            return  # queued behind other sources when the crawl was stopped
        try:
            targets = self.sources_fn(source, self.fetcher)
        except BeritaError as exc:
            self._source_failed(source, str(exc))
            return
        # The site the user typed is fetched as given; what it lists keeps the private-address guard.
        typed = source_origin(source)
        errors = []
        listed = 0
        unmatched = Unmatched()
        with Archive(self.db_path) as archive:
            frontier = Frontier(archive)
            for url, kind in targets:
                if self.stop.is_set():
                    break
                given = typed is not None and source_origin(url) == typed
                error, n = self._discover_one(frontier, source, url, kind, user_given=given, unmatched=unmatched)
                listed += n
                if error is not None:
                    errors.append(error)
        # One line per failed source: its targets' errors are warnings only when something else of it was read.
        if targets and len(errors) == len(targets):
            self._source_failed(source, "; ".join(errors))
            return
        for error in errors:
            self._warn(error)
        windowed = self.since is not None or self.until is not None
        if not listed and not windowed and not self.stop.is_set():
            # An about page or a typo reads fine and lists nothing: a daily run must not archive nothing silently.
            message = f"{source} lists no article URL (is it a site, sitemap, feed or index page?)"
            if unmatched.count:
                # A family named (prmn:HOST) or matched on a site whose URLs its pattern does not fit: say so.
                message = (
                    f"{source} lists {unmatched.count} URL(s), and none matches the {unmatched.family} family's "
                    f"article pattern {unmatched.pattern} (is it a site of that family?)"
                )
            self._source_failed(source, message, empty=True)

    def _discover_one(
        self,
        frontier: Frontier,
        source: str,
        url: str,
        kind: str,
        *,
        user_given: bool = False,
        unmatched: Unmatched | None = None,
    ) -> tuple[str | None, int]:
        """Read one sitemap, feed or index page (following its children); (the error when it failed outright,
        how many URLs it listed, in the window or not)."""
        batch: list[FrontierItem] = []
        listed = 0
        flushed = time.monotonic()
        # "prmn:host" names its family before the colon; a plain host or URL is matched by domain.
        family, _, rest = source.partition(":")
        named = get_profile(family) if rest and not rest.startswith("//") else None
        profile = named or find_profile(url)
        try:
            self._pace(url)
            found = self.discover_fn(
                url,
                kind,
                self.fetcher,
                since=self.since,
                until=self.until,
                profile=profile,
                on_error=self._warn,
                user_given=user_given,
                unmatched=unmatched,
            )
            for item in found:
                listed += 1
                if not self._in_range(item.published_at, getattr(item, "modified_at", None)):
                    continue
                batch.append(FrontierItem(self.canonicalize(item.url), item.via, item.kind, item.published_at))
                if len(batch) >= _BATCH or time.monotonic() - flushed > _FLUSH_SECONDS:
                    self._enqueue(frontier, batch)
                    batch, flushed = [], time.monotonic()
                if self.stop.is_set():
                    break
        except BeritaError as exc:
            self._enqueue(frontier, batch)  # keep what was listed before the failure
            return str(exc), listed
        self._enqueue(frontier, batch)
        return None, listed

    def _in_range(self, published: datetime | None, modified: datetime | None = None) -> bool:
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

    def _outside(self, published: datetime | None) -> str | None:
        """Why an article's own date puts it outside --since/--until, or None (undated articles are kept)."""
        if published is None or published.tzinfo is None:
            return None
        if self.since is not None and published < self.since:
            return f"published {published.isoformat()}, before --since {self.since.isoformat(timespec='seconds')}"
        if self.until is not None and published > self.until:
            return f"published {published.isoformat()}, after --until {self.until.isoformat(timespec='seconds')}"
        return None

    def _enqueue(self, frontier: Frontier, batch: list[FrontierItem]) -> None:
        if not batch:
            return
        with self.write_lock:
            found = frontier.enqueue_states(batch, run_id=self.run_id, refresh=self.refresh)
        # (found, queued) per site; a URL an earlier run settled (archived, gone, not an article) is skipped.
        per_site: dict[str, list[int]] = {}
        for item, state in found:
            counts = per_site.setdefault(host_of(item.url), [0, 0])
            counts[0] += 1
            counts[1] += state == "pending"
        for site, (n, queued) in per_site.items():
            self._count(site, "found", n)
            self._count(site, "skipped", n - queued)
            if queued:
                self._emit(CrawlEvent("found", site, count=queued))

    def _warn(self, message: str) -> None:
        """A sitemap, feed or index page that failed while the rest of its source was read."""
        if not self._first_time(message):
            return
        log.warning("discovery: %s", message)
        with self.lock:
            self.warnings.append(message)
        self._emit(CrawlEvent("source", "", status="warning", message=message))

    def _warn_drift(self) -> None:
        """One warning per family and host whose profile drifted in this run, with its count (scrape/drift.py)."""
        for message in self.drift.warnings():
            log.warning("drift: %s", message)
            with self.lock:
                self.warnings.append(message)
            self._emit(CrawlEvent("source", "", status="warning", message=message))

    def _source_failed(self, source: str, message: str, *, empty: bool = False) -> None:
        with self.lock:
            self.source_failures.append(SourceFailure(source, message, empty))
        # Every failure of the run is a `failures` row (runs counts it); a discovery thread needs its own connection.
        with self.write_lock, Archive(self.db_path) as archive:
            archive.record_failure(self.run_id, source, SOURCE_FAILED + message)
        # Sources on one unreachable host fail with the same message (it names the host): shown once.
        if not self._first_time(message):
            return
        log.error("source %s failed: %s", source, message)
        self._emit(CrawlEvent("source", "", url=source, status="failed", message=message))

    def _first_time(self, message: str) -> bool:
        with self.lock:
            if message in self.said:
                return False
            self.said.add(message)
            return True

    # -- fetching -----------------------------------------------------------------------------------------------

    def _drain(self, host: str) -> None:
        """Fetch the host's pending URLs one by one until none is left, the cap is reached or the crawl stops."""
        with Archive(self.db_path) as archive:
            frontier = Frontier(archive)
            checked = False
            while not self.stop.is_set():
                row = frontier.next_pending(host)
                if row is None:
                    return
                if not checked and self._refuse_host(archive, frontier, host, row):
                    return
                checked = True  # one address check per host, not per URL (it may resolve a name)
                self._pace(row.url)
                try:
                    status, message = self._process(archive, frontier, row)
                except HostPaused:
                    # Its URLs stay pending for the next run; the fetcher said why, _host_failures says it once.
                    with self.lock:
                        self.paused[host] = self.fetcher.paused(row.url) or "paused"
                    return
                if status is None:
                    return  # --max-articles reached
                self._count(host, status)
                level = logging.WARNING if status in ("failed", "gone") else logging.INFO
                log.log(level, "%s %s%s", status, row.url, f": {message}" if message else "")
                self._emit(CrawlEvent("article", host, url=row.url, status=status, message=message))

    def _refuse_host(self, archive: Archive, frontier: Frontier, host: str, row: FrontierRow) -> bool:
        """Refuse a private or local host whole, with one line for it; False to go on.

        Discovered links are guarded (a public sitemap must not steer the crawl into the local network); the
        whole host is refused, so the reason and its remedy are said once, not once per URL. Its URLs stay
        queued, untouched: a refusal by policy is no failure of the site, and a run with --allow-private takes
        them as they were.
        """
        if self.fetcher.config.allow_private:
            return False
        address = private_address(urlsplit(row.url).hostname or "")
        if address is None:
            return False
        n = frontier.counts().get((host, "pending"), 0)
        message = (
            f"{n} discovered URL(s) on {host} refused: it points at a private or local address ({address}); "
            "pass --allow-private to allow it (they stay queued)"
        )
        with self.lock:
            self.refused[host] = message
        log.warning("failed %s", message)
        self._emit(CrawlEvent("host", host, status="failed", message=message, count=n))
        return True

    def _process(self, archive: Archive, frontier: Frontier, row: FrontierRow) -> tuple[ArticleStatus | None, str]:
        """Fetch, extract and archive one frontier URL and mark it; (None, "") when the fetch cap is reached."""
        url, run_id = row.url, self.run_id
        if not self.refresh and archive.has_url(url):
            with self.write_lock:
                frontier.mark_done(url, run_id=run_id, article_id=archive.get_article_id(url), fetched=False)
            return "skipped", "already archived"
        if not self._take_slot():
            return None, ""
        conditional = self.refresh and row.article_id is not None
        try:
            first = self.fetcher.fetch(
                url,
                user_given=False,
                etag=row.etag if conditional else None,
                last_modified=row.last_modified if conditional else None,
            )
            if first.status == 304:
                with self.write_lock:
                    frontier.mark_done(url, run_id=run_id, article_id=row.article_id)
                return "unchanged", "not modified (304)"
            article, pages = complete_article(self.fetcher, first, archive.template_keys)
        except RobotsDisallowed as exc:
            with self.write_lock:
                frontier.mark_skipped(url, str(exc), run_id=run_id, fetched=False)
            return "disallowed", str(exc)
        except NotAnArticle as exc:
            with self.write_lock:
                frontier.mark_skipped(url, str(exc), run_id=run_id)
            return "skipped", str(exc)
        except HostPaused:
            raise
        except Exception as exc:
            # A page that is gone (404, 410) is recorded and not retried by later runs, and fails nothing: sitemaps
            # list deleted articles every day. Anything else may be passing (an empty 200, an error page served as
            # text/plain: NotHTML), so it is retried by later runs. A bug (not a BeritaError) fails this URL only:
            # one odd page must not stop every daily run at the same row.
            gone = isinstance(exc, HTTPStatusError) and exc.status in (404, 410)
            message = str(exc) if isinstance(exc, BeritaError) else f"unexpected error: {type(exc).__name__}: {exc}"
            if not isinstance(exc, BeritaError):
                log.exception("unexpected error on %s", url)
            with self.write_lock, archive.transaction():
                frontier.mark_failed(url, message, run_id=run_id, permanent=gone)
                archive.record_failure(run_id, url, message)
            return ("gone" if gone else "failed"), message
        outside = self._outside(article.published_at)
        if outside is not None:
            # The listed date only pre-filters (a lastmod is no publication date): the article's own date decides.
            with self.write_lock:
                frontier.mark_skipped(url, outside, run_id=run_id)
            return "skipped", outside
        aliases = [(self.canonicalize(first.final_url), "redirect")]
        if article.canonical_url:
            aliases.append((self.canonicalize(article.canonical_url), "canonical"))
        # Rows, stems and the compressed page are made before the lock: the other hosts' threads write meanwhile.
        prepared = prepare_article(article, pages)
        # The article and its frontier rows change in one transaction: a kill leaves both or neither.
        with self.write_lock, archive.transaction():
            saved = archive.save_prepared(prepared, run_id)
            settled = frontier.mark_done(
                url,
                run_id=run_id,
                article_id=saved.article_id,
                etag=first.headers.get("etag"),
                last_modified=first.headers.get("last-modified"),
                aliases=aliases,
            )
        with self.lock:
            self.drift.note(article)
        for alias in settled:
            # Found and queued by this run, now done as this article: skipped, never fetched itself.
            self._count(host_of(alias), "skipped")
            log.info("skipped %s: same as %s", alias, url)
            self._emit(CrawlEvent("article", host_of(alias), url=alias, status="skipped", message=f"same as {url}"))
        return saved.status, ""
