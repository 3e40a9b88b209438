"""Reads for `reparse`: which archived articles to re-extract, and the raw pages each was last extracted from."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from datetime import datetime

from beritascrape.archive.query import ArticleFilter
from beritascrape.archive.store import Archive
from beritascrape.errors import ArchiveError
from beritascrape.model import Page, WarcOrigin


def select_articles(
    archive: Archive,
    *,
    ids: Sequence[int] | None = None,
    sites: Sequence[str] = (),
    since: datetime | None = None,
) -> list[int]:
    """Ids of the archived articles (of `ids`, if given) of these sites (their sub-domains too) published since
    `since`, in id order."""
    condition, args = ArticleFilter(since=since, sites=tuple(sites)).where()
    if ids is not None:
        condition += f" AND articles.id IN ({', '.join('?' for _ in ids)})" if ids else " AND 0"
        args += ids
    sql = f"SELECT id FROM articles WHERE {condition} ORDER BY id"
    with _reading(archive):
        return [row[0] for row in archive.db.execute(sql, args)]


def last_pages(archive: Archive, article_id: int) -> list[Page]:
    """The pages the article was last saved with, in the order they were saved; [] when none is kept."""
    with _reading(archive):
        meta = archive.db.execute(
            "SELECT id, url, run_id FROM pages WHERE article_id = ? ORDER BY id DESC", [article_id]
        ).fetchall()
        if not meta:
            return []
        # One save writes its pages in one transaction, so they have consecutive ids and one run.
        block = meta[:1]
        for row in meta[1:]:
            if row[0] != block[-1][0] - 1 or row[2] != block[0][2]:
                break
            block.append(row)
        block.reverse()
        # The same article saved twice in a row by one run is one block: its last save starts at its first page.
        start = max((i for i, row in enumerate(block) if row[1] == block[0][1]), default=0)
        ids = [row[0] for row in block[start:]]
        rows = archive.db.execute(
            "SELECT url, final_url, status, headers, content_type, encoding, fetched_at, html, warc_file, warc_offset, "
            "warc_date FROM pages "
            f"WHERE id IN ({', '.join('?' for _ in ids)}) ORDER BY id",
            ids,
        ).fetchall()
    return [_page(*row) for row in rows]


def article_pages(archive: Archive, article_id: int) -> list[Page]:
    """Every page stored for the article, the newest of each URL, newest first (the pages of earlier saves too)."""
    with _reading(archive):
        rows = archive.db.execute(
            "SELECT url, final_url, status, headers, content_type, encoding, fetched_at, html, warc_file, warc_offset, "
            "warc_date FROM pages WHERE article_id = ? ORDER BY id DESC",
            [article_id],
        ).fetchall()
    newest: dict[str, tuple] = {}
    for row in rows:
        newest.setdefault(row[0], row)
    return [_page(*row) for row in newest.values()]


@contextlib.contextmanager
def _reading(archive: Archive) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot read archive {archive.path}: {exc}") from None


def _page(
    url: str,
    final_url: str,
    status: int,
    headers: str,
    content_type: str | None,
    encoding: str | None,
    fetched_at: str,
    html: bytes,
    warc_file: str | None = None,
    warc_offset: int | None = None,
    warc_date: str | None = None,
) -> Page:
    try:
        raw = zlib.decompress(html)
    except (zlib.error, TypeError):
        raise ArchiveError(f"the stored page {url} is damaged (not zlib-compressed bytes)") from None
    try:
        text = raw.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    return Page(
        url=url,
        final_url=final_url,
        status=status,
        headers=json.loads(headers),
        content=raw,
        text=text,
        encoding=encoding or "utf-8",
        fetched_at=datetime.fromisoformat(fetched_at),
        content_type=content_type or "text/html",
        warc=WarcOrigin(warc_file, warc_offset or 0, datetime.fromisoformat(warc_date))
        if warc_file is not None and warc_date
        else None,
    )
