"""The crawl frontier: the queue of article URLs, kept in the archive so a killed crawl resumes where it stopped.

One row per canonical URL (`frontier` table, created by archive/schema.py's migration 2). Discovery adds rows with
INSERT-or-touch, so finding a URL twice is a no-op; a worker takes the oldest pending row of its host and marks it
done, failed or skipped. A row in hand stays `pending` until it is marked, so a crawl killed at any instant leaves
nothing half-claimed: the next run simply takes the row again. Every write is one short transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from beritascrape.archive.store import Archive
from beritascrape.archive.times import utc_text

State = Literal["pending", "done", "failed", "skipped"]
# A URL that failed this many times is not retried by later runs.
MAX_ATTEMPTS = 3
# Appended to the last_error of a page that is gone (404, 410): later runs do not retry it, whatever its attempts.
# The schema has no column for it, and the note tells a person reading the table why the URL stays failed.
GONE_NOTE = " (gone, not retried)"


@dataclass(frozen=True)
class FrontierItem:
    """A URL to enqueue: where it was found and the date its source gave."""

    url: str
    source: str
    kind: str
    published_at: datetime | None = None
    modified_at: datetime | None = None  # the source's lastmod: a later edit than the archived copy refetches it


@dataclass(frozen=True)
class FrontierRow:
    """One frontier row, as a worker needs it."""

    url: str
    host: str
    state: State
    attempts: int
    etag: str | None
    last_modified: str | None
    article_id: int | None


def host_of(url: str) -> str:
    """The frontier's host key: lower-cased host, plus the port when the URL names one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def _now() -> str:
    return utc_text()


def _utc(when: datetime | None) -> str | None:
    """A lastmod in the archive's own time form (UTC, to the second), comparable as text; None if it has no zone."""
    if when is None or when.tzinfo is None:
        return None
    return utc_text(when)


_COLUMNS = "url, host, state, attempts, etag, last_modified, article_id"

# Discovery: insert, or touch a row first seen by an earlier run. An archived URL whose source now gives a lastmod
# after the copy's last scrape goes back in the queue: the article was edited (fetched conditionally, so an
# unchanged page costs a 304). A URL robots.txt refused is asked again (the rules may have changed; a refusal costs
# no request: the run reads robots.txt once per host). The WHERE makes a second sighting within one run
# a no-op (changes() = 0), so the caller counts distinct URLs found per run without keeping them in memory. A failed
# URL goes back in the queue only if this run has not tried it already (requeue_failed may have handed it to a
# worker before discovery listed it).
_ENQUEUE = """
INSERT INTO frontier (url, host, source, kind, discovered_at, published_at, state, run_id, seen_run_id, updated_at)
VALUES (:url, :host, :source, :kind, :now, :published_at, 'pending', :run_id, :run_id, :now)
ON CONFLICT (url) DO UPDATE SET
    seen_run_id = excluded.seen_run_id,
    published_at = coalesce(frontier.published_at, excluded.published_at),
    state = CASE
        WHEN :refresh AND frontier.state IN ('done', 'skipped') THEN 'pending'
        WHEN frontier.state = 'skipped' AND frontier.last_error LIKE 'robots.txt of %' THEN 'pending'
        WHEN frontier.state = 'done' AND :modified IS NOT NULL AND frontier.article_id IS NOT NULL
            AND :modified > (SELECT last_scraped_at FROM articles WHERE id = frontier.article_id) THEN 'pending'
        WHEN frontier.state = 'failed' AND frontier.attempts < :max_attempts
            AND coalesce(frontier.last_error, '') NOT LIKE :gone
            AND frontier.run_id IS NOT excluded.run_id THEN 'pending'
        ELSE frontier.state END,
    updated_at = excluded.updated_at
WHERE frontier.seen_run_id IS NOT excluded.seen_run_id
"""


class Frontier:
    """The crawl queue of one archive connection (one per thread: SQLite connections are not shared)."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.db = archive.db

    def enqueue(
        self, items: Iterable[FrontierItem], *, run_id: int | None, refresh: bool = False
    ) -> list[FrontierItem]:
        """Add items in one transaction; returns those seen for the first time in this run (found)."""
        return [item for item, _ in self.enqueue_states(items, run_id=run_id, refresh=refresh)]

    def enqueue_states(
        self, items: Iterable[FrontierItem], *, run_id: int | None, refresh: bool = False
    ) -> list[tuple[FrontierItem, State]]:
        """Like enqueue(), with each found item's state after it: `pending` (or handled by this run already), or
        the state an earlier run settled it in."""
        found: list[tuple[FrontierItem, State]] = []
        now = _now()
        with self.archive.transaction():
            for item in items:
                params = {
                    "url": item.url,
                    "host": host_of(item.url),
                    "source": item.source,
                    "kind": item.kind,
                    "now": now,
                    "published_at": item.published_at.isoformat() if item.published_at else None,
                    "modified": _utc(item.modified_at),
                    "run_id": run_id,
                    "refresh": refresh,
                    "max_attempts": MAX_ATTEMPTS,
                    "gone": "%" + GONE_NOTE,
                }
                if self.db.execute(_ENQUEUE, params).rowcount:
                    state, processed_by = self.db.execute(
                        "SELECT state, run_id FROM frontier WHERE url = ?", [item.url]
                    ).fetchone()
                    # Settled by a worker of this same run before discovery listed it again: it is this run's
                    # work (counted as new, updated...), not a URL an earlier run settled.
                    found.append((item, "pending" if processed_by == run_id and run_id is not None else state))
        return found

    def pending_hosts(self) -> list[str]:
        """Hosts with at least one pending URL."""
        rows = self.db.execute("SELECT DISTINCT host FROM frontier WHERE state = 'pending' ORDER BY host")
        return [row[0] for row in rows]

    def next_pending(self, host: str) -> FrontierRow | None:
        """The oldest pending URL of `host`, in discovery order (idx_frontier_next serves it)."""
        found = self.db.execute(
            f"SELECT {_COLUMNS} FROM frontier WHERE state = 'pending' AND host = ? ORDER BY rowid LIMIT 1", [host]
        ).fetchone()
        return None if found is None else FrontierRow(*found)

    def get(self, url: str) -> FrontierRow | None:
        """The row of this canonical URL, or None."""
        found = self.db.execute(f"SELECT {_COLUMNS} FROM frontier WHERE url = ?", [url]).fetchone()
        return None if found is None else FrontierRow(*found)

    def mark_done(
        self,
        url: str,
        *,
        run_id: int | None,
        article_id: int | None,
        etag: str | None = None,
        last_modified: str | None = None,
        aliases: Sequence[tuple[str, str]] = (),
        fetched: bool = True,
    ) -> list[str]:
        """Mark a URL archived; `aliases` (url, kind) are the redirect/canonical URLs of the same article.

        Validators are only replaced when given (a 304 answer keeps the stored ones). Aliases are added as done
        rows, so discovering the canonical URL later fetches nothing. `fetched=False` (already archived) does not
        count an attempt. Returns the aliases this run had found and queued, now settled without a fetch.
        """
        now = _now()
        with self.archive.transaction():
            self.db.execute(
                "UPDATE frontier SET state = 'done', attempts = attempts + ?, last_error = NULL, "
                "article_id = coalesce(?, article_id), etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified), run_id = ?, updated_at = ? WHERE url = ?",
                [int(fetched), article_id, etag, last_modified, run_id, now, url],
            )
            settled = []
            for alias, kind in aliases:
                if alias == url:
                    continue
                queued = self.db.execute(
                    "SELECT 1 FROM frontier WHERE url = ? AND state = 'pending' AND seen_run_id IS ?", [alias, run_id]
                ).fetchone()
                if queued is not None:
                    settled.append(alias)
                self.db.execute(
                    "INSERT INTO frontier (url, host, source, kind, discovered_at, state, article_id, etag, "
                    "last_modified, run_id, updated_at) VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, ?) "
                    "ON CONFLICT (url) DO UPDATE SET state = 'done', article_id = excluded.article_id, "
                    "run_id = excluded.run_id, updated_at = excluded.updated_at",
                    [alias, host_of(alias), url, kind, now, article_id, etag, last_modified, run_id, now],
                )
        return settled

    def mark_failed(
        self, url: str, error: str, *, run_id: int | None, permanent: bool = False, fetched: bool = True
    ) -> None:
        """Mark a URL failed with its one-line error; later runs retry it unless `permanent` (a page gone).

        A URL is retried until MAX_ATTEMPTS real fetches; `fetched=False` (refused before any request) counts none.
        """
        self._finish(url, "failed", error + (GONE_NOTE if permanent else ""), run_id, fetched)

    def mark_skipped(self, url: str, reason: str, *, run_id: int | None, fetched: bool = True) -> None:
        """Mark a URL left out on purpose: robots.txt disallows it (`fetched=False`), not an article, out of range."""
        self._finish(url, "skipped", reason, run_id, fetched)

    def _finish(self, url: str, state: State, error: str, run_id: int | None, fetched: bool) -> None:
        with self.archive.transaction():
            self.db.execute(
                "UPDATE frontier SET state = ?, attempts = attempts + ?, last_error = ?, run_id = ?, "
                "updated_at = ? WHERE url = ?",
                [state, int(fetched), error, run_id, _now(), url],
            )

    def requeue_failed(self) -> int:
        """Put URLs that failed for a passing reason (fewer than MAX_ATTEMPTS tries, not gone) back in the queue."""
        with self.archive.transaction():
            return self.db.execute(
                "UPDATE frontier SET state = 'pending' WHERE state = 'failed' AND attempts < ? "
                "AND coalesce(last_error, '') NOT LIKE ?",
                [MAX_ATTEMPTS, "%" + GONE_NOTE],
            ).rowcount

    def count_pending(self) -> int:
        """How many URLs wait for a later run."""
        return int(self.db.execute("SELECT count(*) FROM frontier WHERE state = 'pending'").fetchone()[0])

    def counts(self) -> dict[tuple[str, str], int]:
        """How many URLs each host has in each state."""
        rows = self.db.execute("SELECT host, state, count(*) FROM frontier GROUP BY host, state")
        return {(host, state): n for host, state, n in rows}

    def iter_urls(self, state: State) -> Iterator[str]:
        """Every URL in a state, in discovery order (for reports and tests)."""
        for row in self.db.execute("SELECT url FROM frontier WHERE state = ? ORDER BY rowid", [state]):
            yield row[0]

    # -- profile-guessed targets a host does not have (absent_targets, migration 13) --------------------------

    def absent_since(self, url: str) -> str | None:
        """When a guessed sitemap or feed last answered 404/410 (UTC ISO-8601), or None."""
        row = self.db.execute("SELECT checked_at FROM absent_targets WHERE url = ?", [url]).fetchone()
        return None if row is None else str(row[0])

    def mark_absent(self, url: str, status: int) -> None:
        """Remember that a guessed sitemap or feed answered 404/410, as of now."""
        with self.archive.transaction():
            self.db.execute(
                "INSERT INTO absent_targets (url, status, checked_at) VALUES (?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at",
                [url, status, _now()],
            )

    def mark_present(self, url: str) -> None:
        """A guessed target answered: forget that it was absent."""
        with self.archive.transaction():
            self.db.execute("DELETE FROM absent_targets WHERE url = ?", [url])
