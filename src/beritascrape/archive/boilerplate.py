"""Learnt site boilerplate: text blocks that repeat word for word across the archived articles of one host.

Every saved article's short body paragraphs (at most clean.TEMPLATE_MAX_WORDS words) are counted per host, once per
article: template_sightings remembers which article held which block, so saving an article again counts nothing
twice, and template_blocks holds the count of each block that two articles or more held. A block held by
MIN_ARTICLES distinct articles of a host is that host's template text: parse_html drops it (its `template`
argument) from the host's later pages, and `beritascrape reparse` from the earlier ones.

Counts only grow. Once learnt, a block is dropped from new bodies and stops being counted, and it stays learnt; a
re-extracted body without it takes back no sighting. A block seen in fewer articles is never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from beritascrape.archive.times import utc_text

if TYPE_CHECKING:
    import sqlite_utils

# Distinct articles of one host that must hold a block before it is template text. Two is too few: a follow-up story
# may quote its predecessor's paragraph word for word; a site's prompt is on nearly every article.
MIN_ARTICLES = 3


def host_key(url: str | None) -> str | None:
    """The host a page's blocks are learnt under: lower-cased host[:port] without "www."; None for a non-web URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:  # a malformed link names no host
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    host = host.removeprefix("www.")
    return f"{host}:{port}" if port else host


def blocks(paragraphs: Iterable[str]) -> dict[str, str]:
    """The countable blocks of a body, by key: its paragraphs of at most TEMPLATE_MAX_WORDS words."""
    # Imported here: the archive imports this module, and importing extract loads lxml and every site profile,
    # which `show` and `search` do not need.
    from beritascrape.extract.clean import TEMPLATE_MAX_WORDS, block_key

    return {block_key(p): p for p in paragraphs if p.strip() and len(p.split()) <= TEMPLATE_MAX_WORDS}


def learn(db: sqlite_utils.Database, host: str, article_id: int, paragraphs: Iterable[str], now: str) -> int:
    """Count an article's blocks under its host (once per article); how many became template text with it."""
    learnt = 0
    for key, text in blocks(paragraphs).items():
        sighted = db.execute(
            "INSERT OR IGNORE INTO template_sightings (host, key, article_id) VALUES (?, ?, ?)", [host, key, article_id]
        )
        if sighted.rowcount != 1:
            continue  # this article was counted already
        counted = db.execute(
            "UPDATE template_blocks SET articles = articles + 1, last_seen_at = ? WHERE host = ? AND key = ?",
            [now, host, key],
        )
        if counted.rowcount != 1:
            # Most blocks are in one article only: they get a row once a second article holds them, which keeps the
            # table (and the archive) small. Without a row, the sightings are few, so counting them is cheap.
            seen = db.execute(
                "SELECT count(*) FROM template_sightings WHERE host = ? AND key = ?", [host, key]
            ).fetchone()[0]
            if seen < 2:
                continue
            db.execute(
                "INSERT INTO template_blocks (host, key, articles, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                [host, key, seen, now, now],
            )
        # The text is kept only for blocks that became template text: people read those; the others stay digests.
        reached = db.execute(
            "UPDATE template_blocks SET text = ? WHERE host = ? AND key = ? AND articles >= ? AND text IS NULL",
            [text, host, key, MIN_ARTICLES],
        )
        learnt += reached.rowcount
    return learnt


def learnt_keys(db: sqlite_utils.Database, host: str) -> frozenset[str]:
    """The keys of the host's template text: blocks held by MIN_ARTICLES articles or more, not marked `keep`."""
    rows = db.execute(
        "SELECT key FROM template_blocks WHERE host = ? AND articles >= ? AND keep = 0", [host, MIN_ARTICLES]
    )
    return frozenset(row[0] for row in rows)


def learn_archived(db: sqlite_utils.Database, batch_size: int = 500) -> None:
    """Count the blocks of every article already archived (the upgrade to the schema that learns them)."""
    now = utc_text()
    last_id = 0
    while True:
        rows = db.execute(
            "SELECT id, url, body FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last_id, batch_size]
        ).fetchall()
        if not rows:
            return
        for article_id, url, body in rows:
            host = host_key(url)
            if host is not None:
                learn(db, host, article_id, body.split("\n\n"), now)
        last_id = rows[-1][0]
