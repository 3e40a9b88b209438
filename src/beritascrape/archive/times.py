"""The archive's own times (first_seen_at, last_scraped_at, runs, failures, frontier, published_utc): UTC text to
the second, `2024-03-05T01:30:00Z`, which sorts as time and compares as text in SQL."""

from __future__ import annotations

from datetime import datetime, timezone

FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_text(when: datetime | None = None) -> str:
    """An aware time (now when None) as the archive writes its own times."""
    return (when or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime(FORMAT)
