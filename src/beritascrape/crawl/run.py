"""The crawl: discover -> frontier -> fetch (every page) -> extract -> archive, incremental, resumable and polite.

Threads: one discovery job per SOURCE (discovery.py) and one fetch worker per host (at most `max_hosts` at a time),
all sharing one Fetcher, whose per-host slots keep each host at its own pace (the larger of `delay` and robots.txt
Crawl-delay, from request start to request start). So a crawl over many sites is bound by politeness, not by one
slow site. What the threads share (counters, lines said once, pacing) is state.py's RunState.

SQLite: each job opens its own Archive connection (sqlite3 connections must stay in their thread); WAL lets readers
run beside the writer, and one process-wide lock serialises the short write transactions, so writers queue in
Python instead of spinning in SQLite's busy handler. Discovery streams into the frontier in batches; workers take one
row at a time from the database, so memory stays flat however many URLs are found.

One crawl per archive: lock.py's crawl_lock.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from beritascrape.archive.rows import prepare_article
from beritascrape.archive.store import Archive
from beritascrape.crawl.discovery import DiscoverFn, Discovery, SourcesFn
from beritascrape.crawl.frontier import Frontier, FrontierRow, host_of
from beritascrape.crawl.lock import crawl_lock
from beritascrape.crawl.state import RunState, Window
from beritascrape.crawl.summary import (
    HOST_FAILED,
    ArticleStatus,
    CrawlEvent,
    CrawlResult,
    CrawlSummary,
    SourceFailure,
)
from beritascrape.errors import (
    BeritaError,
    HostPaused,
    HTTPStatusError,
    NotAnArticle,
    NotAPage,
    RobotsDisallowed,
)
from beritascrape.fetch.addresses import private_address
from beritascrape.fetch.http import Fetcher
from beritascrape.scrape.article import complete_article
from beritascrape.scrape.drift import DriftTally

log = logging.getLogger(__name__)
# A library does not print: without this, logging's last-resort handler would write warnings to stderr.
logging.getLogger("beritascrape").addHandler(logging.NullHandler())

_POLL_SECONDS = 0.05

__all__ = ["CrawlEvent", "CrawlResult", "CrawlSummary", "SourceFailure", "crawl", "crawl_lock"]


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
        state = RunState(
            db_path=Path(db_path), fetcher=fetcher, delay=delay, on_event=on_event, stop=stop or threading.Event()
        )
        window = Window(since, until)
        engine = _Crawl(
            state=state,
            window=window,
            sources=list(sources),
            max_articles=max_articles,
            refresh=refresh,
            max_hosts=max_hosts,
            canonicalize=canonicalize,
            discovery=Discovery(state, window, refresh, discover_fn, sources_fn, canonicalize),
        )
        return engine.run(run_args)


@dataclass
class _Crawl:
    """One crawl run: its discovery jobs, one fetch worker per host, and how the run ended."""

    state: RunState
    window: Window
    sources: list[str]
    max_articles: int | None
    refresh: bool
    max_hosts: int
    canonicalize: Callable[[str], str]
    discovery: Discovery
    fetched: int = 0
    capped: bool = False
    drift: DriftTally = field(default_factory=DriftTally)  # articles whose profile drifted, per family and host
    paused: dict[str, str] = field(default_factory=dict)  # frontier host -> why the fetcher paused it
    refused: dict[str, str] = field(default_factory=dict)  # private host refused whole -> its one line (said)
    hard_stop: bool = False  # a second Ctrl-C: the threads still working are left behind

    # -- the run ----------------------------------------------------------------------------------------------

    def run(self, run_args: Sequence[str]) -> CrawlResult:
        """Start the discovery jobs, keep one worker per host with pending URLs, and wait for all of them."""
        with Archive(self.state.db_path) as archive:
            self.state.run_id = archive.start_run("crawl", run_args)
            # URLs that failed for a passing reason get their next attempt even if no source lists them again.
            Frontier(archive).requeue_failed()
            self.state.fetcher.on_notice = self._notice
            interrupted = False
            try:
                self._schedule(Frontier(archive))
            except KeyboardInterrupt:
                interrupted = True
            except BaseException:
                with contextlib.suppress(BeritaError):
                    archive.finish_run(self.state.run_id, ok=0, failed=0, status="error")
                raise
            finally:
                self.state.fetcher.on_notice = None
            interrupted = interrupted or self.state.stop.is_set()
            self._warn_drift()
            frontier = Frontier(archive)
            result = CrawlResult(
                run_id=self.state.run_id,
                sites=[self.state.summaries[k] for k in sorted(self.state.summaries)],
                sources=len(self.sources),
                source_failures=list(self.state.source_failures),
                warnings=list(self.state.warnings),
                interrupted=interrupted,
                hard_stop=self.hard_stop,
                capped=self.capped,
                pending=frontier.count_pending(),
                drifted=self.drift.total,
                host_failures=self._host_failures(frontier, interrupted),
            )
            ok = sum(s.new + s.updated + s.unchanged for s in result.sites)
            status = "interrupted" if interrupted else ("partial" if result.failed else "ok")
            archive.finish_run(self.state.run_id, ok=ok, failed=result.failed, status=status)
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
        for site in sorted(self.state.summaries):
            summary = self.state.summaries[site]
            said = site in self.paused or site in self.refused
            if not said and summary.failed and not summary.settled and not interrupted:
                failures.append(SourceFailure(site, f"every URL of {site} failed ({summary.failed})"))
        for failure in failures:
            log.error("host %s", failure.message)
            self.state.emit(CrawlEvent("host", failure.source, status="failed", message=failure.message))
        refused = [SourceFailure(host, message) for host, message in sorted(self.refused.items())]
        held = [f for f in failures if f.source in self.paused] + refused
        with self.state.write_lock, frontier.archive.transaction():
            for failure in held:
                frontier.archive.record_failure(self.state.run_id, failure.source, HOST_FAILED + failure.message)
        return [*failures, *refused]

    def _notice(self, message: str) -> None:
        """A line from the fetcher: a host makes us wait, or is paused."""
        log.warning("%s", message)
        self.state.emit(CrawlEvent("notice", "", message=message))

    def _schedule(self, frontier: Frontier) -> None:
        """The main thread's loop: it only waits and hands out hosts, so Ctrl-C lands here, never mid-write.

        The first Ctrl-C (or `stop`) lets every thread finish its article in hand; a second one leaves them
        behind at once (`hard_stop`): what is archived stays whole, since every write is one transaction.
        """
        discovery = ThreadPoolExecutor(max(1, min(len(self.sources), self.max_hosts)), "discover")
        workers = ThreadPoolExecutor(self.max_hosts, "crawl")
        jobs = [discovery.submit(self.discovery.source, s) for s in self.sources]
        active: dict[str, Future[None]] = {}
        try:
            while True:
                try:
                    for future in [*jobs, *active.values()]:
                        error = future.exception() if future.done() else None
                        if error is not None:
                            raise error  # a bug or a broken archive: stop everything
                    active = {h: f for h, f in active.items() if not f.done()}
                    stopping = self.state.stop.is_set() or self._cap_reached()
                    pending = [] if stopping else frontier.pending_hosts()
                    with self.state.lock:
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
                    if self.state.stop.is_set():
                        raise  # the second Ctrl-C
                    self.state.stop.set()
                    busy = sum(not f.done() for f in active.values())
                    in_hand = f"finishing the {busy} article(s) in hand" if busy else "ending discovery"
                    message = f"stopping: {in_hand}; press Ctrl-C again to stop now"
                    self.state.emit(CrawlEvent("notice", "", message=message))
        except BaseException:
            self.state.stop.set()
            self.hard_stop = True
            raise
        finally:
            # Never wait here for threads on a hard stop: a slow server would hold the exit.
            discovery.shutdown(wait=not self.hard_stop, cancel_futures=True)
            workers.shutdown(wait=not self.hard_stop, cancel_futures=True)

    def _cap_reached(self) -> bool:
        with self.state.lock:
            return self.capped

    def _take_slot(self) -> bool:
        """Reserve one fetch under --max-articles; False once the cap is reached."""
        with self.state.lock:
            if self.max_articles is not None and self.fetched >= self.max_articles:
                self.capped = True
                return False
            self.fetched += 1
            return True

    def _warn_drift(self) -> None:
        """One warning per family and host whose profile drifted in this run, with its count (scrape/drift.py)."""
        for message in self.drift.warnings():
            self.state.warn(message, prefix="drift", once=False)

    # -- fetching -----------------------------------------------------------------------------------------------

    def _drain(self, host: str) -> None:
        """Fetch the host's pending URLs one by one until none is left, the cap is reached or the crawl stops."""
        with Archive(self.state.db_path) as archive:
            frontier = Frontier(archive)
            checked = False
            while not self.state.stop.is_set():
                row = frontier.next_pending(host)
                if row is None:
                    return
                if not checked and self._refuse_host(archive, frontier, host, row):
                    return
                checked = True  # one address check per host, not per URL (it may resolve a name)
                self.state.pace(row.url)
                try:
                    status, message = self._process(archive, frontier, row)
                except HostPaused:
                    # Its URLs stay pending for the next run; the fetcher said why, _host_failures says it once.
                    with self.state.lock:
                        self.paused[host] = self.state.fetcher.paused(row.url) or "paused"
                    return
                if status is None:
                    return  # --max-articles reached
                self.state.count(host, status)
                level = logging.WARNING if status in ("failed", "gone") else logging.INFO
                log.log(level, "%s %s%s", status, row.url, f": {message}" if message else "")
                self.state.emit(CrawlEvent("article", host, url=row.url, status=status, message=message))

    def _refuse_host(self, archive: Archive, frontier: Frontier, host: str, row: FrontierRow) -> bool:
        """Refuse a private or local host whole, with one line for it; False to go on.

        Discovered links are guarded (a public sitemap must not steer the crawl into the local network); the
        whole host is refused, so the reason and its remedy are said once, not once per URL. Its URLs stay
        queued, untouched: a refusal by policy is no failure of the site, and a run with --allow-private takes
        them as they were.
        """
        if self.state.fetcher.config.allow_private:
            return False
        address = private_address(urlsplit(row.url).hostname or "")
        if address is None:
            return False
        n = frontier.counts().get((host, "pending"), 0)
        message = (
            f"{n} discovered URL(s) on {host} refused: it points at a private or local address ({address}); "
            "pass --allow-private to allow it (they stay queued)"
        )
        with self.state.lock:
            self.refused[host] = message
        log.warning("failed %s", message)
        self.state.emit(CrawlEvent("host", host, status="failed", message=message, count=n))
        return True

    def _process(self, archive: Archive, frontier: Frontier, row: FrontierRow) -> tuple[ArticleStatus | None, str]:
        """Fetch, extract and archive one frontier URL and mark it; (None, "") when the fetch cap is reached."""
        url, run_id = row.url, self.state.run_id
        # A row that names its article was queued again on purpose (--refresh, a newer lastmod): fetched, if
        # conditionally; any other URL already archived (by scrape, under another row) is not fetched again.
        if not self.refresh and row.article_id is None and archive.has_url(url):
            with self.state.write_lock:
                frontier.mark_done(url, run_id=run_id, article_id=archive.get_article_id(url), fetched=False)
            return "skipped", "already archived"
        if not self._take_slot():
            return None, ""
        conditional = row.article_id is not None
        try:
            first = self.state.fetcher.fetch(
                url,
                user_given=False,
                etag=row.etag if conditional else None,
                last_modified=row.last_modified if conditional else None,
            )
            if first.status == 304:
                with self.state.write_lock:
                    frontier.mark_done(url, run_id=run_id, article_id=row.article_id)
                return "unchanged", "not modified (304)"
            article, pages = complete_article(self.state.fetcher, first, archive.template_keys)
        except RobotsDisallowed as exc:
            with self.state.write_lock:
                frontier.mark_skipped(url, str(exc), run_id=run_id, fetched=False)
            return "disallowed", str(exc)
        except (NotAnArticle, NotAPage) as exc:
            # An image or a PDF a sitemap lists is no article either: settled, not retried by every later run.
            with self.state.write_lock:
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
            with self.state.write_lock, archive.transaction():
                frontier.mark_failed(url, message, run_id=run_id, permanent=gone)
                archive.record_failure(run_id, url, message)
            return ("gone" if gone else "failed"), message
        outside = self.window.outside(article.published_at)
        if outside is not None:
            # The listed date only pre-filters (a lastmod is no publication date): the article's own date decides.
            with self.state.write_lock:
                frontier.mark_skipped(url, outside, run_id=run_id)
            return "skipped", outside
        aliases = [(self.canonicalize(first.final_url), "redirect")]
        if article.canonical_url:
            aliases.append((self.canonicalize(article.canonical_url), "canonical"))
        # Rows, stems and the compressed page are made before the lock: the other hosts' threads write meanwhile.
        prepared = prepare_article(article, pages)
        # The article and its frontier rows change in one transaction: a kill leaves both or neither.
        with self.state.write_lock, archive.transaction():
            saved = archive.save_prepared(prepared, run_id)
            settled = frontier.mark_done(
                url,
                run_id=run_id,
                article_id=saved.article_id,
                etag=first.headers.get("etag"),
                last_modified=first.headers.get("last-modified"),
                aliases=aliases,
            )
        with self.state.lock:
            self.drift.note(article)
        for alias in settled:
            # Found and queued by this run, now done as this article: skipped, never fetched itself.
            self.state.count(host_of(alias), "skipped")
            log.info("skipped %s: same as %s", alias, url)
            self.state.emit(
                CrawlEvent("article", host_of(alias), url=alias, status="skipped", message=f"same as {url}")
            )
        return saved.status, ""
