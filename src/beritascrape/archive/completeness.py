"""Whether an archived article holds every page of a split article, and the one rule for replacing a copy of it.

An article's `page_count` is how many pages the article has (its page navigation's count, or the pages stitched);
`pages_missing` is how many of them its body lacks: 0 for a complete copy. Scrape and crawl archive a split article
whole (a page that fails fails the article), but for a drifted profile, whose generic read of page 1 follows no page
link; ingest archives what its input holds (pages 1-2 of 3, say) when the other pages never come; reparse re-reads
the pages that are stored. The rule (`keeps_archived`), held by every save
(save_batch: scrape, crawl, ingest, reparse) and by merge: a copy known to be partial never replaces a copy that is
complete or holds more of the article's pages; any other copy replaces an older one as before (newer wins).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, urlsplit

# (page_count, pages_missing) of one copy of an article.
Extent = tuple[int, int]


def keeps_archived(new: Extent, archived: Extent) -> bool:
    """Whether the archived copy stays when `new` comes: new lacks pages and archived is whole or holds more."""
    new_count, new_missing = new
    count, missing = archived
    if new_missing <= 0:
        return False
    return missing <= 0 or count - missing > new_count - new_missing


def pages_held(extractor: str, page_count: int, urls: Iterable[str]) -> int:
    """How many of an article's `page_count` pages the stored pages fetched from `urls` hold.

    A family that keeps every page in one HTML (merdeka) or whose all-pages view is among them (Kompas ?page=all)
    holds them all; otherwise each page counts once, by the family's page number in an http(s) URL (page 1 under
    two links is one page), else by its URL (a site no profile knows, a saved file). No stored page tells nothing:
    the copy is taken as whole, as the archive took it before it could tell.
    """
    if page_count <= 1:
        return page_count
    from beritascrape.sites import get_profile  # the registry loads every profile: only for split articles

    profile = get_profile(extractor.removeprefix("profile:")) if extractor.startswith("profile:") else None
    if profile is not None and profile.pages_inline:
        return page_count
    view = set(parse_qsl(profile.page_all, keep_blank_values=True)) if profile and profile.page_all else None
    param = profile.page_param if profile is not None else None
    seen: set[object] = set()
    for url in urls:
        query = set(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        if view and view <= query:
            return page_count
        if param and url.startswith(("http://", "https://")):
            number = dict(query).get(param, "1")
            seen.add(int(number) if number.isdigit() and int(number) > 0 else 1)
        else:
            seen.add(url)
    return min(page_count, len(seen)) if seen else page_count


def missing_pages(extractor: str, page_count: int, urls: Iterable[str]) -> int:
    """How many of the article's pages the stored pages from `urls` lack (pages_held's count)."""
    return max(0, page_count - pages_held(extractor, page_count, urls))


def stored_missing(conn: sqlite3.Connection, article_id: int, extractor: str, page_count: int) -> int:
    """pages_missing of an archived article judged by every page stored for it (an archive from before the column)."""
    if page_count <= 1:
        return 0
    urls = [row[0] for row in conn.execute("SELECT url FROM pages WHERE article_id = ?", [article_id])]
    return missing_pages(extractor, page_count, urls)


def fill(conn: sqlite3.Connection, progress: Callable[[int, int], None] | None = None) -> None:
    """Set pages_missing of every split article of an archive from the pages stored for it (migration 12)."""
    split = conn.execute("SELECT id, extractor, page_count FROM articles WHERE page_count > 1 ORDER BY id").fetchall()
    found = []
    for done, (article_id, extractor, page_count) in enumerate(split, 1):
        missing = stored_missing(conn, article_id, extractor, page_count)
        if missing:
            found.append((missing, article_id))
        if progress is not None:
            progress(done, len(split))
    # Only partial rows are written: every update of articles rewrites the row's full-text entries (FTS5 trigger).
    conn.executemany("UPDATE articles SET pages_missing = ? WHERE id = ?", found)
