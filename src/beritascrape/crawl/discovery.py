"""A crawl's discovery jobs: each SOURCE expanded into sitemaps, feeds and index pages, streamed into the frontier."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from beritascrape.archive.store import Archive
from beritascrape.crawl.frontier import Frontier, FrontierItem, host_of
from beritascrape.crawl.state import RunState, Window
from beritascrape.crawl.summary import CrawlEvent
from beritascrape.errors import BeritaError, HTTPStatusError
from beritascrape.fetch.http import Fetcher
from beritascrape.sites import find_profile, get_profile

if TYPE_CHECKING:
    from beritascrape.discover import Unmatched

_BATCH = 500
_FLUSH_SECONDS = 0.5
# A sitemap or feed the site profile guesses for a host, and the host answered 404/410: asked again after this long
# (a daily cron run would otherwise print the same warning every day for a partner site that has no /rss).
ABSENT_RECHECK = timedelta(days=30)
_RECHECK_DAYS = ABSENT_RECHECK.days
_GONE = (404, 410)

DiscoverFn = Callable[..., Iterable[Any]]
SourcesFn = Callable[[str, Fetcher], Sequence[tuple[str, str]]]


@dataclass
class Discovery:
    """Turns SOURCEs into frontier rows for one run; one `source()` call per discovery thread."""

    state: RunState
    window: Window
    refresh: bool
    discover_fn: DiscoverFn
    sources_fn: SourcesFn
    canonicalize: Callable[[str], str]

    def source(self, source: str) -> None:
        """Expand one SOURCE into sitemaps, feeds and index pages and stream what they list into the frontier."""
        from beritascrape.discover import Unmatched, guessed_targets, source_origin

        state = self.state
        if state.stop.is_set():
            return  # queued behind other sources when the crawl was stopped
        try:
            targets = self.sources_fn(source, state.fetcher)
        except BeritaError as exc:
            state.source_failed(source, str(exc))
            return
        # The site the user typed is fetched as given; what it lists keeps the private-address guard.
        typed = source_origin(source)
        guessed = guessed_targets(source)
        errors = []
        listed = 0
        unmatched = Unmatched()
        with Archive(state.db_path) as archive:
            frontier = Frontier(archive)
            # When each guessed target last answered 404/410 (read once: a target asked again is cleared by _one).
            absent = {url: frontier.absent_since(url) for url, _ in targets if url in guessed}
            skip = _recent(absent)
            # A source with nothing else to read asks its guessed targets every run: its failure must show.
            targets = [t for t in targets if t[0] not in skip] if len(skip) < len(targets) else targets
            for url, kind in targets:
                if state.stop.is_set():
                    break
                given = typed is not None and source_origin(url) == typed
                error, n, absent_now = self._one(
                    frontier,
                    source,
                    url,
                    kind,
                    user_given=given,
                    unmatched=unmatched,
                    guessed=url in guessed,
                    was_absent=absent.get(url) is not None,
                )
                listed += n
                if error is not None:
                    errors.append((error, absent_now))
        # One line per failed source: its targets' errors are warnings only when something else of it was read.
        if targets and len(errors) == len(targets):
            state.source_failed(source, "; ".join(error for error, _ in errors))
            return
        for error, missing in errors:
            # Said once: later runs skip it while the rest of the source is read.
            state.warn(
                f"{error} (a path the site profile guesses: not asked again for {_RECHECK_DAYS} days)"
                if missing
                else error
            )
        if not listed and not self.window.bounded and not state.stop.is_set():
            # An about page or a typo reads fine and lists nothing: a daily run must not archive nothing silently.
            message = f"{source} lists no article URL (is it a site, sitemap, feed or index page?)"
            if unmatched.count:
                # A family named (prmn:HOST) or matched on a site whose URLs its pattern does not fit: say so.
                message = (
                    f"{source} lists {unmatched.count} URL(s), and none matches the {unmatched.family} family's "
                    f"article pattern {unmatched.pattern} (is it a site of that family?)"
                )
            state.source_failed(source, message, empty=True)

    def _one(
        self,
        frontier: Frontier,
        source: str,
        url: str,
        kind: str,
        *,
        user_given: bool = False,
        unmatched: Unmatched | None = None,
        guessed: bool = False,
        was_absent: bool = False,
    ) -> tuple[str | None, int, bool]:
        """Read one sitemap, feed or index page (following its children); (the error when it failed outright,
        how many URLs it listed, in the window or not, whether it is a guessed target the host does not have).
        `guessed`: a path of the site profile, not one the site listed; `was_absent`: remembered as missing."""
        state = self.state
        batch: list[FrontierItem] = []
        listed = 0
        flushed = time.monotonic()
        # "prmn:host" names its family before the colon; a plain host or URL is matched by domain.
        family, _, rest = source.partition(":")
        named = get_profile(family) if rest and not rest.startswith("//") else None
        profile = named or find_profile(url)
        try:
            state.pace(url)
            found = self.discover_fn(
                url,
                kind,
                state.fetcher,
                since=self.window.since,
                until=self.window.until,
                profile=profile,
                on_error=state.warn,
                user_given=user_given,
                unmatched=unmatched,
            )
            for item in found:
                listed += 1
                modified = getattr(item, "modified_at", None)
                if not self.window.may_hold(item.published_at, modified):
                    continue
                batch.append(
                    FrontierItem(self.canonicalize(item.url), item.via, item.kind, item.published_at, modified)
                )
                if len(batch) >= _BATCH or time.monotonic() - flushed > _FLUSH_SECONDS:
                    self._enqueue(frontier, batch)
                    batch, flushed = [], time.monotonic()
                if state.stop.is_set():
                    break
        except HTTPStatusError as exc:
            self._enqueue(frontier, batch)  # keep what was listed before the failure
            if not guessed or exc.status not in _GONE or exc.url != url:
                return str(exc), listed, False
            with state.write_lock:
                frontier.mark_absent(url, exc.status)
            return str(exc), listed, True
        except BeritaError as exc:
            self._enqueue(frontier, batch)  # keep what was listed before the failure
            return str(exc), listed, False
        self._enqueue(frontier, batch)
        if was_absent:
            with state.write_lock:
                frontier.mark_present(url)  # it came back (or the site added it)
        return None, listed, False

    def _enqueue(self, frontier: Frontier, batch: list[FrontierItem]) -> None:
        if not batch:
            return
        state = self.state
        with state.write_lock:
            found = frontier.enqueue_states(batch, run_id=state.run_id, refresh=self.refresh)
        # (found, queued) per site; a URL an earlier run settled (archived, gone, not an article) is skipped.
        per_site: dict[str, list[int]] = {}
        for item, status in found:
            counts = per_site.setdefault(host_of(item.url), [0, 0])
            counts[0] += 1
            counts[1] += status == "pending"
        for site, (n, queued) in per_site.items():
            state.count(site, "found", n)
            state.count(site, "skipped", n - queued)
            if queued:
                state.emit(CrawlEvent("found", site, count=queued))


def _recent(absent: dict[str, str | None]) -> set[str]:
    """The targets that answered 404/410 less than ABSENT_RECHECK ago."""
    cutoff = datetime.now(timezone.utc) - ABSENT_RECHECK
    return {
        url
        for url, since in absent.items()
        if since is not None and datetime.fromisoformat(since.replace("Z", "+00:00")) > cutoff
    }
