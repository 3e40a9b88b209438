"""Frozen records of what the archive holds, as readers get them: an article with its row id, a stored page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from beritascrape.model import ARTICLE_KEYS, Article

# The keys of every export format: the row id, the `parse` keys, when the archive first saw the article, and how
# many of a split article's pages its body lacks (0: complete; archive/completeness.py).
EXPORT_KEYS: tuple[str, ...] = ("id", *ARTICLE_KEYS, "first_seen_at", "pages_missing")


@dataclass(frozen=True)
class StoredArticle:
    """An archived article with its row id, when the archive first saw it and the pages it lacks (what exports
    carry)."""

    id: int
    first_seen_at: str
    article: Article
    pages_missing: int = 0


@dataclass(frozen=True)
class StoredPage:
    """One fetched page as archived: raw bytes (decompressed) with the response's status and headers."""

    id: int
    article_id: int
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content_type: str | None
    fetched_at: str
    content: bytes


def export_row(record: StoredArticle) -> dict[str, Any]:
    """The record as every export writes it: EXPORT_KEYS in order, ISO dates, lists for sequences."""
    return {
        "id": record.id,
        **record.article.to_dict(),
        "first_seen_at": record.first_seen_at,
        "pages_missing": record.pages_missing,
    }
