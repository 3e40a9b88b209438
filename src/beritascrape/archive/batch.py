"""Writing many prepared articles in one transaction with a few statements for the whole batch.

What one article's save did in ~39 statements (its row, tags, people, stems, pages, one sighting and count per body
block) is done here for every article of the batch at once: one query finds which keys are archived already,
`executemany` inserts the rows of each table, and the template counts are read and written per host, not per block.
The result is the one saving the articles one after another would give (store.Archive.save_prepared is a batch of
one): the same rows, statuses and counts. The caller holds the write transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from beritascrape.archive.boilerplate import MIN_ARTICLES
from beritascrape.archive.completeness import Extent, keeps_archived
from beritascrape.archive.rows import fetch_order

if TYPE_CHECKING:
    from beritascrape.archive.rows import PreparedArticle
    from beritascrape.archive.store import Archive

Status = Literal["new", "updated", "unchanged"]
# What one save did: the article id, its status, the blocks it made template text, whether the archived copy was
# kept over a partial one.
Written = tuple[int, Status, int, bool]
# Host parameters per query: well under SQLite's limit of 32,766 (and the 999 of builds before 3.32).
_CHUNK = 400
# Rows per multi-row INSERT (a batch is up to 200 articles: one statement each), and the host parameters it may
# hold: SQLite's limit since 3.32, 999 before.
_BATCH_ROWS = 500
_MAX_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32) else 999


def write_batch(archive: Archive, batch: Sequence[PreparedArticle], run_id: int | None, now: str) -> list[Written]:
    """(article id, status, blocks learnt, archived copy kept) per article, in batch order; the caller holds the
    transaction."""
    results: list[Written] = []
    for part in _distinct_runs(batch):
        results.extend(_write(archive, part, run_id, now))
    return results


def _distinct_runs(batch: Sequence[PreparedArticle]) -> Iterator[Sequence[PreparedArticle]]:
    """The batch cut where an article's key comes again: the second save must see the first one's row."""
    start, keys = 0, set[str]()
    for i, prepared in enumerate(batch):
        key = prepared.row["key"]
        if key in keys:
            yield batch[start:i]
            start, keys = i, set[str]()
        keys.add(key)
    if start < len(batch):
        yield batch[start:]


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _write(archive: Archive, batch: Sequence[PreparedArticle], run_id: int | None, now: str) -> list[Written]:
    conn = archive.conn
    keys = [p.row["key"] for p in batch]
    found: dict[str, tuple[int, str]] = {}
    extents: dict[str, Extent] = {}
    _look_up(conn, keys, found, extents)
    _follow_moves(conn, batch, found, extents)
    statuses: list[Status] = [
        "new"
        if p.row["key"] not in found
        else ("updated" if found[p.row["key"]][1] != p.row["content_hash"] else "unchanged")
        for p in batch
    ]
    # A partial copy never replaces one that is whole or holds more of the article's pages (completeness.py): the
    # archived row stays as it was, untouched; the copy's pages are stored beside it (reparse can stitch them).
    kept = [
        status == "updated" and keeps_archived((p.row["page_count"], p.row["pages_missing"]), extents[p.row["key"]])
        for p, status in zip(batch, statuses, strict=True)
    ]
    # A copy from a WARC record older than a fetch of the same page the archive holds (two fetches in one file, read
    # again by a rerun) leaves the newer content as it is: its pages are stored beside it, as a kept partial copy's.
    older = [
        status == "updated" and p.newest_wins and _outdated(conn, found[p.row["key"]][0], p.pages)
        for p, status in zip(batch, statuses, strict=True)
    ]
    kept_row = [k or o for k, o in zip(kept, older, strict=True)]
    statuses = ["unchanged" if k else s for s, k in zip(statuses, kept_row, strict=True)]
    fresh = [p for p, s in zip(batch, statuses, strict=True) if s == "new"]
    if fresh:
        bookkeeping = {"first_seen_at": now, "last_scraped_at": now, "run_id": run_id}
        _insert_many(conn, "articles", ({**p.row, **bookkeeping} for p in fresh))
        fresh_keys = [p.row["key"] for p in fresh]
        for chunk in _chunks(fresh_keys):
            rows = conn.execute(f"SELECT key, id FROM articles WHERE key IN ({_marks(len(chunk))})", chunk)
            found.update((key, (article_id, "")) for key, article_id in rows)
    ids = [found[key][0] for key in keys]
    unchanged = [
        (p, i) for p, s, i, k in zip(batch, statuses, ids, kept_row, strict=True) if s == "unchanged" and not k
    ]
    # One UPDATE for many rows, not one per row: the FTS5 sync trigger fires on every update of articles, and a
    # statement per row made FTS5 write (and then merge) a segment per article, as inserts did (_insert_many).
    # The same content read from more of its pages is known whole (or less partial): the smaller count stands.
    by_extractor: dict[tuple[str, int], list[int]] = {}
    for prepared, article_id in unchanged:
        by_extractor.setdefault((prepared.article.extractor, prepared.row["pages_missing"]), []).append(article_id)
    for (extractor, missing), article_ids in by_extractor.items():
        for chunk in _chunks(article_ids):
            where = f"id IN ({_marks(len(chunk))})"
            conn.execute(
                "UPDATE articles SET extractor = ?, last_scraped_at = ?, run_id = ?, "
                f"pages_missing = min(pages_missing, ?) WHERE {where}",
                [extractor, now, run_id, missing, *chunk],
            )
    updated = [i for s, i in zip(statuses, ids, strict=True) if s == "updated"]
    for prepared, status, article_id in zip(batch, statuses, ids, strict=True):
        if status == "updated":
            archive._keep_version(article_id)
            row = {**prepared.row, "last_scraped_at": now, "run_id": run_id}
            assignments = ", ".join(f"[{column}] = ?" for column in row)
            conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?", [*row.values(), article_id])
    changed = [(p, i, s) for p, s, i in zip(batch, statuses, ids, strict=True) if s != "unchanged"]
    _index(conn, changed, updated)
    _pages(conn, batch, statuses, ids, run_id)
    learnt = _learn(conn, changed, now)
    return [(i, s, learnt.get(i, 0), k) for i, s, k in zip(ids, statuses, kept, strict=True)]


def _look_up(
    conn: sqlite3.Connection, keys: Sequence[str], found: dict[str, tuple[int, str]], extents: dict[str, Extent]
) -> None:
    """Fill `found` (key -> id, content hash) and `extents` (key -> page count, pages missing) for the archived keys."""
    for chunk in _chunks(list(keys)):
        marks = _marks(len(chunk))
        rows = conn.execute(
            f"SELECT key, id, content_hash, page_count, pages_missing FROM articles WHERE key IN ({marks})", chunk
        )
        for key, article_id, digest, page_count, missing in rows:
            found[key] = (article_id, digest)
            extents[key] = (page_count, missing)


def _follow_moves(
    conn: sqlite3.Connection,
    batch: Sequence[PreparedArticle],
    found: dict[str, tuple[int, str]],
    extents: dict[str, Extent],
) -> None:
    """An article that moved (its old URL answers a redirect to a new one, or names a new canonical) keeps its row.

    The URL asked for is the key of an archived article while the page now names another key that no article has:
    the site moved the article, and its row takes the new key (the save that follows updates it, its old text kept
    as a version), instead of a second row holding the same story (search would find it twice). Looked up for the
    whole batch at once, and only for keys the archive does not hold.
    """
    moves: dict[str, str] = {}  # the URL asked for -> the key its page now names
    for prepared in batch:
        new_key = prepared.row["key"]
        asked = prepared.pages[0]["url"] if prepared.pages else None
        if asked and asked != new_key and new_key not in found:
            moves.setdefault(asked, new_key)
    if not moves:
        return
    held: dict[str, tuple[int, str]] = {}
    held_extents: dict[str, Extent] = {}
    _look_up(conn, list(moves), held, held_extents)
    for asked, (article_id, digest) in held.items():
        new_key = moves[asked]
        if new_key in found:
            continue  # two pages of the batch name the same new key: the first move stands
        conn.execute("UPDATE articles SET key = ? WHERE id = ?", [new_key, article_id])
        found[new_key] = (article_id, digest)
        extents[new_key] = held_extents[asked]


def _outdated(conn: sqlite3.Connection, article_id: int, pages: Sequence[dict[str, Any]]) -> bool:
    """Whether the archive holds a later fetch of one of a copy's pages (`pages`: its rows), by the page's URL."""
    if not pages:
        return False
    stored: dict[str, tuple[datetime, str, int]] = {}
    for url, *fetch in conn.execute(
        "SELECT url, fetched_at, warc_file, warc_offset FROM pages WHERE article_id = ?", [article_id]
    ):
        order = fetch_order(dict(zip(("fetched_at", "warc_file", "warc_offset"), fetch, strict=True)))
        stored[url] = max(order, stored.get(url, order))
    return any(p["url"] in stored and stored[p["url"]] > fetch_order(p) for p in pages)


def _insert_many(conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Rows that share their columns (our own column names, never input), many rows per INSERT statement.

    One statement for many rows, not one execution per row: each execution of an INSERT that fires a trigger
    (articles' FTS5 sync trigger) opens a statement savepoint, and FTS5 writes out its pending index data at each
    savepoint, so row by row it wrote a tiny segment per article and spent its time merging them (3x the cost of
    the whole insert). The rows, their ids and what the index finds are the same.
    """
    by_columns: dict[tuple[str, ...], list[Any]] = {}
    for row in rows:
        by_columns.setdefault(tuple(row), []).append(row.values())
    for columns, values in by_columns.items():
        names = ", ".join(f"[{c}]" for c in columns)
        one = f"({_marks(len(columns))})"
        per_statement = max(1, min(_BATCH_ROWS, _MAX_VARIABLES // len(columns)))
        for start in range(0, len(values), per_statement):
            part = values[start : start + per_statement]
            flat = [value for row in part for value in row]
            conn.execute(f"INSERT INTO [{table}] ({names}) VALUES {', '.join([one] * len(part))}", flat)


def _index(
    conn: sqlite3.Connection, changed: Sequence[tuple[PreparedArticle, int, Status]], updated: Sequence[int]
) -> None:
    """Tags, authors, editors and the stemmed index of new and changed articles (changed ones lose their old)."""
    old = [(i,) for i in updated]
    for table in ("article_tags", "article_authors", "article_editors"):
        conn.executemany(f"DELETE FROM {table} WHERE article_id = ?", old)
    conn.executemany("DELETE FROM articles_stem_fts WHERE rowid = ?", old)
    articles = [(p.article, i) for p, i, _ in changed]
    tag_ids = _name_ids(conn, "tags", [t for a, _ in articles for t in a.tags])
    conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
        [(i, tag_ids[t]) for a, i in articles for t in a.tags],
    )
    author_ids = _name_ids(conn, "authors", [n for a, _ in articles for n in a.authors])
    conn.executemany(
        "INSERT OR IGNORE INTO article_authors (article_id, author_id, position) VALUES (?, ?, ?)",
        [(i, author_ids[n], position) for a, i in articles for position, n in enumerate(a.authors)],
    )
    edited = [(a.editor, i) for a, i in articles if a.editor]
    editor_ids = _name_ids(conn, "editors", [e for e, _ in edited])
    conn.executemany(
        "INSERT INTO article_editors (article_id, editor_id) VALUES (?, ?)", [(i, editor_ids[e]) for e, i in edited]
    )
    conn.executemany(
        "INSERT INTO articles_stem_fts (rowid, title, body) VALUES (?, ?, ?)",
        [(i, *p.stems) for p, i, _ in changed],
    )


def _name_ids(conn: sqlite3.Connection, table: str, names: Sequence[str]) -> dict[str, int]:
    """The ids of names in a name table (tags, authors, editors), adding the new ones in order of first mention.

    One lookup per distinct name and plain link rows, instead of a lookup in every link's INSERT ... SELECT.
    """
    distinct = list(dict.fromkeys(names))
    conn.executemany(f"INSERT OR IGNORE INTO {table} (name) VALUES (?)", [(n,) for n in distinct])
    ids: dict[str, int] = {}
    for chunk in _chunks(distinct):
        ids.update(
            (name, i)
            for i, name in conn.execute(f"SELECT id, name FROM {table} WHERE name IN ({_marks(len(chunk))})", chunk)
        )
    return ids


def _pages(
    conn: sqlite3.Connection,
    batch: Sequence[PreparedArticle],
    statuses: Sequence[Status],
    ids: Sequence[int],
    run_id: int | None,
) -> None:
    """Every article's pages, less those whose bytes are stored already for the same URL and article."""
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str, int]] = set()
    for prepared, status, article_id in zip(batch, statuses, ids, strict=True):
        for page in prepared.pages:
            same = (page["sha256"], page["url"], article_id)
            if same in seen:
                continue
            seen.add(same)
            # A new article's id has no pages yet; an archived one's may hold these bytes from an earlier fetch.
            if (
                status != "new"
                and conn.execute(
                    "SELECT 1 FROM pages WHERE sha256 = ? AND url = ? AND article_id IS ? LIMIT 1", same
                ).fetchone()
            ):
                continue
            rows.append({"article_id": article_id, **page, "run_id": run_id})
    _insert_many(conn, "pages", rows)


def _learn(
    conn: sqlite3.Connection, changed: Sequence[tuple[PreparedArticle, int, Status]], now: str
) -> dict[int, int]:
    """Count the batch's body blocks per host, as boilerplate.learn would one article after another.

    Returns, per article id, the blocks that became template text with it (the article whose sighting made the
    count reach MIN_ARTICLES).
    """
    # (host, key) -> the articles newly holding it, in batch order, and its text.
    sighted: dict[tuple[str, str], list[int]] = {}
    texts: dict[tuple[str, str], str] = {}
    for prepared, article_id, status in changed:
        host = prepared.host
        if host is None or not prepared.blocks:
            continue
        counted: set[str] = set()
        if status == "updated":
            rows = conn.execute(
                "SELECT key FROM template_sightings WHERE host = ? AND article_id = ?", [host, article_id]
            )
            counted = {row[0] for row in rows}
        for key, text in prepared.blocks:
            if key not in counted:
                sighted.setdefault((host, key), []).append(article_id)
                texts.setdefault((host, key), text)
    if not sighted:
        return {}
    conn.executemany(
        "INSERT OR IGNORE INTO template_sightings (host, key, article_id) VALUES (?, ?, ?)",
        [(host, key, a) for (host, key), articles in sighted.items() for a in articles],
    )
    by_host: dict[str, list[str]] = {}
    for host, key in sighted:
        by_host.setdefault(host, []).append(key)
    rows_of: dict[tuple[str, str], tuple[int, bool]] = {}  # count before the batch, text still unset
    totals: dict[tuple[str, str], int] = {}  # sightings now, for blocks without a count row
    for host, host_keys in by_host.items():
        for chunk in _chunks(host_keys):
            marks = _marks(len(chunk))
            for key, articles, unset in conn.execute(
                f"SELECT key, articles, text IS NULL FROM template_blocks WHERE host = ? AND key IN ({marks})",
                [host, *chunk],
            ):
                rows_of[host, key] = (articles, bool(unset))
            missing = [key for key in chunk if (host, key) not in rows_of]
            if missing:
                for key, seen in conn.execute(
                    "SELECT key, count(*) FROM template_sightings "
                    f"WHERE host = ? AND key IN ({_marks(len(missing))}) GROUP BY key",
                    [host, *missing],
                ):
                    totals[host, key] = seen
    bumps, creates, texts_set = [], [], []
    learnt: dict[int, int] = {}
    for pair, articles in sighted.items():
        if pair in rows_of:
            before, unset = rows_of[pair]
            bumps.append((len(articles), now, *pair))
            after = before + len(articles)
        else:
            after = totals.get(pair, 0)
            # Most blocks are in one article only: they get a row once a second article holds them.
            if after < 2:
                continue
            before, unset = after - len(articles), True
            creates.append((*pair, after, now, now))
        if unset and after >= MIN_ARTICLES:
            # The text is kept only for blocks that became template text: people read those.
            texts_set.append((texts[pair], *pair, MIN_ARTICLES))
            credited = articles[max(0, min(MIN_ARTICLES - before - 1, len(articles) - 1))]
            learnt[credited] = learnt.get(credited, 0) + 1
    conn.executemany(
        "UPDATE template_blocks SET articles = articles + ?, last_seen_at = ? WHERE host = ? AND key = ?", bumps
    )
    conn.executemany(
        "INSERT INTO template_blocks (host, key, articles, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
        creates,
    )
    conn.executemany(
        "UPDATE template_blocks SET text = ? WHERE host = ? AND key = ? AND articles >= ? AND text IS NULL", texts_set
    )
    return learnt
