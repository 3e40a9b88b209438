"""The SQLite archive: opening and migrating it, full-text search, atomic upserts and reads.

Tables (schema.py has every column and the numbered migrations): `articles` (one row per canonical URL), `pages` (every
fetched response, zlib-compressed), `tags` + `article_tags`, `runs` + `failures` (command history), `articles_fts`
(FTS5 over title and body, kept in sync by triggers), `migrations` (applied schema versions), `frontier` (the crawl
queue; its queries live in frontier.py), `article_versions` (earlier contents of articles that changed) and
`template_blocks` + `template_sightings` (learnt site boilerplate; archive/boilerplate.py).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, cast

from beritascrape.archive import boilerplate, query
from beritascrape.archive.batch import write_batch
from beritascrape.archive.files import connect_read_only, open_error
from beritascrape.archive.query import HIGHLIGHT_END, HIGHLIGHT_START, ArticleFilter, Period, PeriodCount, SearchHit
from beritascrape.archive.records import StoredArticle, StoredPage
from beritascrape.archive.rows import (
    PreparedArticle,
    json_text,
    page_row_for,
    prepare_article,
    row_to_article,
)
from beritascrape.archive.schema import MIGRATIONS, SCHEMA_VERSION, migration_progress
from beritascrape.archive.times import utc_text
from beritascrape.errors import ArchiveError
from beritascrape.model import Article, Page

__all__ = ["HIGHLIGHT_END", "HIGHLIGHT_START", "Archive", "ArticleFilter", "SaveResult", "SearchHit"]

if TYPE_CHECKING:
    import sqlite_utils

# A page a crawl found gone (404/410) has its failures row, as README says, but failed nothing and is never asked
# again (crawl/frontier.py's GONE_NOTE ends its last_error): `retry` leaves it alone.
_RETRYABLE = "url NOT IN (SELECT url FROM frontier WHERE state = 'failed' AND last_error LIKE '%(gone, not retried)')"

# Disk set aside by start_run (`<db>-reserve`) and given back by finish_run: room to close the run on a full disk.
_RESERVE_BYTES = 256 * 1024


@dataclass(frozen=True)
class SaveResult:
    """What save_article did: the article's row id and whether its content was new, changed or the same."""

    article_id: int
    status: Literal["new", "updated", "unchanged"]
    learnt: int = 0  # blocks of the article's host that became template text with this save
    # The save was a partial copy and the archived one, whole or holding more pages, was kept (completeness.py).
    kept: bool = False


@dataclass(frozen=True)
class RunSummary:
    """One row of the runs table."""

    id: int
    command: str
    started_at: str
    finished_at: str | None
    status: str | None
    ok: int
    failed: int


@dataclass(frozen=True)
class FailureRow:
    """One row of the failures table: an input that failed in a run, and why."""

    id: int
    run_id: int | None
    url: str
    message: str
    at: str


def _utcnow() -> str:
    """The current time in UTC as YYYY-MM-DDTHH:MM:SSZ."""
    return utc_text()


def _package_version() -> str:
    """The installed beritascrape version, or the source version when running uninstalled."""
    # Imported here, when a run is recorded: importlib.metadata is slow to import, and readers never need it.
    from importlib import metadata

    try:
        return metadata.version("beritascrape")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def _dicts(cursor: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    """A cursor's rows as dicts keyed by column name."""
    keys = [column[0] for column in cursor.description]
    return (dict(zip(keys, row, strict=True)) for row in cursor)


class Archive:
    """One SQLite archive file of articles, fetched pages and run history.

    Reads go through the plain sqlite3 connection (`conn`), writes through sqlite-utils (`db`, the same connection),
    which is imported on first use: `show` and `export` do not pay for it.
    """

    def __init__(
        self, path: str | Path, *, progress: Callable[[int, int], None] | None = None, read_only: bool = False
    ) -> None:
        """Open (creating or migrating) an archive; `progress` gets (done, total) from long migrations.

        `read_only` never writes (no migration either), so an archive on read-only media reads as well.
        """
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise ArchiveError(f"cannot open archive {self.path}: directory {self.path.parent} does not exist")
        try:
            # check_same_thread off: ingest's writer thread writes while the caller waits on nothing else (one
            # thread uses the connection at a time).
            self.conn = (
                connect_read_only(self.path) if read_only else sqlite3.connect(str(self.path), check_same_thread=False)
            )
        except sqlite3.Error as exc:
            raise open_error(self.path, exc) from None
        # Learnt template keys per host, read once per host until this archive learns more (template_keys).
        self._templates: dict[str, frozenset[str]] = {}
        token = migration_progress.set(progress)
        try:
            self._check_read_only() if read_only else self._prepare()
        except sqlite3.Error as exc:
            self.conn.close()
            raise open_error(self.path, exc) from None
        except BaseException:
            self.conn.close()
            raise
        finally:
            migration_progress.reset(token)

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, for writes and migrations."""
        import sqlite_utils

        # No sqlite-utils plugins: they would change our connection, and finding them scans every installed
        # package's entry points.
        return sqlite_utils.Database(self.conn, execute_plugins=False)

    def _check_read_only(self) -> None:
        """Refuse a read-only file whose schema this version cannot read (newer, or older and not migrated)."""
        self._check_not_newer()
        applied = self._applied_versions()
        missing = [version for version, _, _ in MIGRATIONS if version not in applied]
        if not missing:
            return
        if not applied:
            # A file a first run is still creating, or one a run stopped before it had a table.
            raise ArchiveError(
                f"cannot read archive {self.path}: it holds no archive yet (another command may be creating it, or "
                "one was stopped first); wait for it, or write to it once (scrape, crawl, ingest)"
            )
        if os.access(self.path, os.W_OK):
            raise ArchiveError(
                f"cannot read archive {self.path}: it needs schema upgrade(s) {', '.join(map(str, missing))} "
                "(made by an older version, or being upgraded now); any writing command (scrape, crawl, ingest, "
                "reparse) upgrades it"
            )
        raise ArchiveError(
            f"cannot read archive {self.path}: it needs schema upgrade(s) {', '.join(map(str, missing))}, "
            "which a read-only file cannot take; open it once where it can be written"
        )

    def _prepare(self) -> None:
        """Set connection pragmas, refuse newer schemas and foreign databases, and apply pending migrations."""
        self.conn.execute("PRAGMA busy_timeout = 5000")
        self.conn.execute("PRAGMA foreign_keys = ON")
        # What sqlite-utils sets on a connection it opens; set here so reads and writes see one connection state.
        self.conn.execute("PRAGMA recursive_triggers = ON")
        self._check_not_newer()
        self._check_not_foreign()
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode = wal")
        # In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process still loses no committed
        # transaction and leaves no half of one; a power cut may lose the last few, never the file's consistency.
        # A batch's commit then costs no fsync (it was most of a fresh archive's set-up and of small batches).
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        applied = self._applied_versions()
        pending = [m for m in MIGRATIONS if m[0] not in applied]
        # One timestamp for every migration applied by this open: they are one upgrade.
        applied_at = _utcnow() if pending else ""
        for version, name, migrate in pending:
            with self._write():
                # Re-read under the write lock: another process may have applied it meanwhile.
                if version in self._applied_versions():
                    continue
                migrate(self.db)
                self.db.table("migrations").insert({"version": version, "name": name, "applied_at": applied_at})

    def _applied_versions(self) -> set[int]:
        """Schema versions recorded in the migrations table (empty for a fresh file)."""
        found = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'")
        if found.fetchone() is None:
            return set()
        return {row[0] for row in self.conn.execute("SELECT version FROM migrations")}

    def _check_not_newer(self) -> None:
        """Refuse a file whose schema was written by a newer beritascrape, rather than corrupt it."""
        newest = max(self._applied_versions(), default=0)
        if newest > SCHEMA_VERSION:
            raise ArchiveError(
                f"cannot open archive {self.path}: it has schema version {newest}, this beritascrape "
                f"supports up to {SCHEMA_VERSION}; upgrade beritascrape"
            )

    def _check_not_foreign(self) -> None:
        """Refuse a SQLite file that holds other tables and no `migrations` table: another program's database."""
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = [row[0] for row in rows]
        if "migrations" in tables:
            return
        if tables:
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise ArchiveError(
                f"{self.path} is a SQLite database but not a beritascrape archive (it has tables: {shown}); "
                "refusing to add the archive's tables to it (pass --db with an archive or a new file)"
            )

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction; BEGIN IMMEDIATE so a concurrent writer waits instead of failing midway."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.execute("COMMIT")

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn a raw sqlite3 error into an ArchiveError naming the file."""
        try:
            yield
        except sqlite3.Error as exc:
            hint = ""
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                # Another process held its write lock past the 5 s busy wait: say what to do about it.
                hint = " (another command is writing to it; try again when it is done)"
            raise ArchiveError(f"cannot {action} archive {self.path}: {exc}{hint}") from None

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row and return its id."""
        # Plain SQL: sqlite-utils' insert() reads the table's schema on every call, which cost more than the insert
        # itself on the ingest path (two rows per article). Keys are our own column names, never input.
        sql = f"INSERT INTO [{table}] ({', '.join(f'[{k}]' for k in row)}) VALUES ({', '.join('?' * len(row))})"
        return cast(int, self.db.execute(sql, list(row.values())).lastrowid)

    def close(self) -> None:
        """Close the database connection."""
        self.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start_run(self, command: str, args: Sequence[str]) -> int:
        """Record the start of a command run and return its id."""
        row = {
            "command": command,
            "args": json_text(list(args)),
            "started_at": _utcnow(),
            "version": _package_version(),
        }
        with self._errors("write"), self._write():
            run_id = self._insert("runs", row)
        self._reserve()
        return run_id

    def finish_run(self, run_id: int, *, ok: int, failed: int, status: str) -> None:
        """Record how a run ended; on a full disk, the room start_run set aside is given back for it."""
        row = {"finished_at": _utcnow(), "ok": ok, "failed": failed, "status": status}
        try:
            with self._errors("write"), self._write():
                self.db.table("runs").update(run_id, row)
        except ArchiveError:
            if not self._release_reserve():
                raise
            with self._errors("write"), self._write():
                self.db.table("runs").update(run_id, row)
        self._release_reserve()

    def _reserve_path(self) -> Path:
        return self.path.with_name(self.path.name + "-reserve")

    def _reserve(self) -> None:
        """Set aside a little disk beside the archive, so a run ended by a full disk can still record its end."""
        # A few WAL frames are all an update of one runs row needs; a file of zeros holds the room until then.
        with contextlib.suppress(OSError):
            self._reserve_path().write_bytes(bytes(_RESERVE_BYTES))

    def _release_reserve(self) -> bool:
        """Give the set-aside room back; False when there was none."""
        try:
            self._reserve_path().unlink()
        except OSError:
            return False
        return True

    def record_failure(self, run_id: int | None, url: str, message: str) -> None:
        """Record one URL that failed during a run."""
        row = {"run_id": run_id, "url": url, "message": message, "at": _utcnow()}
        with self._errors("write"), self._write():
            self.db.table("failures").insert(row)

    def save_article(self, article: Article, pages: Sequence[Page] = (), run_id: int | None = None) -> SaveResult:
        """Upsert an article by canonical URL with its tags and pages, all in one transaction."""
        return self.save_prepared(prepare_article(article, pages), run_id)

    def save_prepared(self, prepared: PreparedArticle, run_id: int | None = None) -> SaveResult:
        """save_article for rows built beforehand (prepare_article): the writer only runs the SQL."""
        return self.save_batch([prepared], run_id)[0]

    def save_batch(self, batch: Sequence[PreparedArticle], run_id: int | None = None) -> list[SaveResult]:
        """Upsert many prepared articles in one transaction, a few statements for the whole batch (batch.py).

        All or nothing: a failure leaves none of them, so no article is ever half kept.
        """
        with self._errors("write"), self._write():
            written = write_batch(self, batch, run_id, _utcnow())
        results = [SaveResult(article_id, status, learnt, kept) for article_id, status, learnt, kept in written]
        for prepared, result in zip(batch, results, strict=True):
            if result.learnt and prepared.host is not None:
                self._templates.pop(prepared.host, None)
        return results

    def _learn_blocks(self, article_id: int, article: Article, now: str) -> int:
        """Count the article's body blocks under its host; forget the cached keys when one became template text."""
        host = boilerplate.host_key(article.url)
        if host is None:
            return 0
        learnt = boilerplate.learn(self.db, host, article_id, article.paragraphs, now)
        if learnt:
            self._templates.pop(host, None)
        return learnt

    def template_keys(self, url: str) -> frozenset[str]:
        """The block keys learnt as template text of the host of `url` (cached per host until this archive learns)."""
        host = boilerplate.host_key(url)
        if host is None:
            return frozenset()
        if host not in self._templates:
            with self._errors("read"):
                self._templates[host] = boilerplate.learnt_keys(self.db, host)
        return self._templates[host]

    def template_snapshot(self) -> dict[str, frozenset[str]]:
        """Every host's learnt template keys as they stand now (an ingest extracts its whole run with one snapshot)."""
        found: dict[str, set[str]] = {}
        with self._errors("read"):
            rows = self.conn.execute(
                "SELECT host, key FROM template_blocks WHERE articles >= ? AND keep = 0", [boilerplate.MIN_ARTICLES]
            )
            for host, key in rows:
                found.setdefault(host, set()).add(key)
        return {host: frozenset(keys) for host, keys in found.items()}

    def _keep_version(self, article_id: int) -> None:
        """Copy the article's current content into article_versions before it is overwritten."""
        old = next(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        record = {**row_to_article(old).to_dict(), "extractor": old["extractor"]}
        version = self.db.execute(
            "SELECT count(*) + 1 FROM article_versions WHERE article_id = ?", [article_id]
        ).fetchone()[0]
        row = {
            "article_id": article_id,
            "version": version,
            "content_hash": old["content_hash"],
            "record": json_text(record),
            "scraped_at": old["last_scraped_at"],
        }
        self._insert("article_versions", row)

    def article_versions(self, key: str | int) -> list[tuple[int, str, Article]]:
        """Earlier contents of an article, oldest first, as (version, scraped_at, Article); [] when never changed."""
        article_id = self.get_article_id(key)
        if article_id is None:
            return []
        with self._errors("read"):
            rows = self.conn.execute(
                "SELECT version, scraped_at, record FROM article_versions WHERE article_id = ? ORDER BY version",
                [article_id],
            ).fetchall()
        return [(version, at, Article.from_dict(json.loads(record))) for version, at, record in rows]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (nested calls join the outer one); sqlite errors become ArchiveError."""
        with self._errors("write"), self._write():
            yield

    def _link_tags(self, article_id: int, tags: Sequence[str]) -> None:
        """Replace an article's tag links; tag names themselves are kept for other articles."""
        self.db.execute("DELETE FROM article_tags WHERE article_id = ?", [article_id])
        for name in tags:
            self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
            self.db.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
                [article_id, name],
            )

    def _link_people(self, article_id: int, authors: Sequence[str], editor: str | None) -> None:
        """Replace an article's author and editor links, in page order; names are kept for other articles."""
        self.db.execute("DELETE FROM article_authors WHERE article_id = ?", [article_id])
        self.db.execute("DELETE FROM article_editors WHERE article_id = ?", [article_id])
        for position, name in enumerate(authors):
            self.db.execute("INSERT OR IGNORE INTO authors (name) VALUES (?)", [name])
            self.db.execute(
                "INSERT OR IGNORE INTO article_authors (article_id, author_id, position) "
                "SELECT ?, id, ? FROM authors WHERE name = ?",
                [article_id, position, name],
            )
        if editor:
            self.db.execute("INSERT OR IGNORE INTO editors (name) VALUES (?)", [editor])
            self.db.execute(
                "INSERT INTO article_editors (article_id, editor_id) SELECT ?, id FROM editors WHERE name = ?",
                [article_id, editor],
            )

    def save_pages(self, pages: Sequence[Page], run_id: int | None = None, article_id: int | None = None) -> list[int]:
        """Store fetched pages (compressed) in one transaction and return their ids.

        A page whose bytes are already stored for the same URL and article is not stored again: a daily re-fetch
        of an unchanged page adds nothing (its id is returned).
        """
        with self._errors("write"), self._write():
            return [self._insert_page(page_row_for(page, run_id, article_id)) for page in pages]

    def _insert_page(self, row: dict[str, Any]) -> int:
        """Insert a pages row unless the same bytes are stored for the same URL and article; returns its id."""
        same = self.conn.execute(
            "SELECT id FROM pages WHERE sha256 = ? AND url = ? AND article_id IS ? LIMIT 1",
            [row["sha256"], row["url"], row["article_id"]],
        ).fetchone()
        return int(same[0]) if same else self._insert("pages", row)

    def run_articles(self, run_id: int) -> int:
        """How many articles a run has archived (new, updated or unchanged), counted in the archive itself."""
        with self._errors("read"):
            return int(self.conn.execute("SELECT count(*) FROM articles WHERE run_id = ?", [run_id]).fetchone()[0])

    def ingested_warcs(self, selection: str = "") -> dict[str, int]:
        """The WARC files an ingest has read to the end for every record or for this `selection` (a later run
        with it skips them), each with its size in bytes."""
        with self._errors("read"):
            found = self.conn.execute(
                "SELECT name, bytes FROM warc_files WHERE selection = '' OR selection = ?", [selection]
            )
            return {row[0]: row[1] for row in found}

    def mark_warc_ingested(
        self, name: str, *, records: int, size: int, pages: int, run_id: int | None, selection: str = ""
    ) -> None:
        """Record a WARC file as fully ingested for `selection` ('' = every record; again: the newest run wins)."""
        row = {
            "name": name,
            "records": records,
            "bytes": size,
            "pages": pages,
            "ingested_at": _utcnow(),
            "selection": selection,
        }
        with self._errors("write"), self._write():
            self.db.table("warc_files").upsert({**row, "run_id": run_id}, pk="name")

    def validators(self, url: str) -> tuple[int, str | None, str | None] | None:
        """(article id, ETag, Last-Modified) of the newest page fetched from `url` that became an article, or None."""
        with self._errors("read"):
            found = self.db.execute(
                "SELECT article_id, headers FROM pages WHERE (url = ?1 OR final_url = ?1) AND article_id IS NOT NULL "
                "AND status = 200 ORDER BY id DESC LIMIT 1",
                [url],
            ).fetchone()
        if found is None:
            return None
        headers = json.loads(found[1])
        etag, last_modified = headers.get("etag"), headers.get("last-modified")
        return (int(found[0]), etag, last_modified) if etag or last_modified else None

    def touch_article(self, article_id: int, run_id: int | None) -> None:
        """Record that an article was checked again and found unchanged (a 304 answer)."""
        with self._errors("write"), self._write():
            self.db.table("articles").update(article_id, {"last_scraped_at": _utcnow(), "run_id": run_id})

    def get_article_id(self, key: str | int) -> int | None:
        """The id of the article with this id, URL, canonical URL or the URL of one of its fetched pages, or None."""
        with self._errors("read"):
            if isinstance(key, int) or (key.isascii() and key.isdigit() and len(key) < 19):
                found = self.conn.execute("SELECT id FROM articles WHERE id = ?", [int(key)]).fetchone()
            else:
                found = self.conn.execute(
                    "SELECT id FROM articles WHERE key = ?1 OR url = ?1 OR canonical_url = ?1 "
                    "ORDER BY key = ?1 DESC, id LIMIT 1",
                    [key],
                ).fetchone()
                if found is None:
                    # The URL a user scraped may be page 2, a redirect or a tracking variant of the article's
                    # key: every fetched page remembers which article it became.
                    found = self.conn.execute(
                        "SELECT article_id FROM pages WHERE (url = ?1 OR final_url = ?1) AND article_id IS NOT NULL "
                        "ORDER BY id DESC LIMIT 1",
                        [key],
                    ).fetchone()
        return None if found is None else int(found[0])

    def get_article(self, key: str | int) -> Article | None:
        """The archived article with this id, URL, canonical URL or the URL of one of its fetched pages, or None."""
        stored = self.get_stored(key)
        return None if stored is None else stored.article

    def get_stored(self, key: str | int) -> StoredArticle | None:
        """get_article with the article's id and first_seen_at, as exports give them."""
        article_id = self.get_article_id(key)
        if article_id is None:
            return None
        with self._errors("read"):
            row = next(_dicts(self.conn.execute("SELECT * FROM articles WHERE id = ?", [article_id])))
        return StoredArticle(row["id"], row["first_seen_at"], row_to_article(row), row["pages_missing"])

    def iter_articles(self, batch_size: int = 200) -> Iterator[Article]:
        """Every archived article in id order, fetched in batches so memory stays flat."""
        last_id = 0
        while True:
            with self._errors("read"):
                cursor = self.conn.execute(
                    "SELECT * FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last_id, batch_size]
                )
                rows = list(_dicts(cursor))
            if not rows:
                return
            for row in rows:
                yield row_to_article(row)
            last_id = rows[-1]["id"]

    def count_articles(self) -> int:
        """How many articles the archive holds."""
        with self._errors("read"):
            return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        offset: int = 0,
        exact: bool = False,
        where: ArticleFilter | None = None,
    ) -> list[SearchHit]:
        """Full-text search over titles and bodies, best match first, with 12-word body snippets.

        By default words match their whole family through their Indonesian stem ("banjir" finds "kebanjiran");
        `exact` matches the words as written. A malformed FTS5 query is an ArchiveError, an empty one an InputError.
        """
        with self._errors("read"):
            return query.search(self.db, text, exact=exact, limit=limit, offset=offset, where=where)

    def iter_stored(self, where: ArticleFilter | None = None, batch_size: int = 200) -> Iterator[StoredArticle]:
        """The selected articles in id order with their ids and first_seen_at, in batches so memory stays flat."""
        condition, params = (where or ArticleFilter()).where("articles")
        last_id = 0
        while True:
            with self._errors("read"):
                cursor = self.conn.execute(
                    f"SELECT * FROM articles WHERE id > ? AND {condition} ORDER BY id LIMIT ?",
                    [last_id, *params, batch_size],
                )
                rows = list(_dicts(cursor))
            if not rows:
                return
            for row in rows:
                yield StoredArticle(row["id"], row["first_seen_at"], row_to_article(row), row["pages_missing"])
            last_id = rows[-1]["id"]

    def iter_pages(self, article_id: int) -> Iterator[StoredPage]:
        """The pages an article was fetched from, oldest first, decompressed."""
        with self._errors("read"):
            rows = self.conn.execute(
                "SELECT id, article_id, url, final_url, status, headers, content_type, fetched_at, html "
                "FROM pages WHERE article_id = ? ORDER BY id",
                [article_id],
            ).fetchall()
        for page_id, owner, url, final_url, status, headers, content_type, fetched_at, html in rows:
            yield StoredPage(
                page_id,
                owner,
                url,
                final_url,
                status,
                json.loads(headers),
                content_type,
                fetched_at,
                zlib.decompress(html),
            )

    def count_by_period(self, by: Period = "day", where: ArticleFilter | None = None) -> tuple[list[PeriodCount], int]:
        """Articles per site and day, week or month (the article's own date), and how many have no date."""
        with self._errors("read"):
            return query.count_by_period(self.db, by, where)

    def has_url(self, url: str) -> bool:
        """Whether this URL is already archived as an article's URL or canonical URL."""
        with self._errors("read"):
            found = self.conn.execute(
                "SELECT 1 FROM articles WHERE key = ?1 OR url = ?1 OR canonical_url = ?1 LIMIT 1", [url]
            ).fetchone()
        return found is not None

    def runs(self, limit: int = 20) -> list[RunSummary]:
        """The most recent runs, newest first."""
        with self._errors("read"):
            # A run killed before it finished never wrote its counts: what it archived and recorded says them.
            rows = self.conn.execute(
                "SELECT id, command, started_at, finished_at, status, "
                "CASE WHEN finished_at IS NULL THEN (SELECT count(*) FROM articles WHERE run_id = runs.id) "
                "ELSE ok END, "
                "CASE WHEN finished_at IS NULL THEN (SELECT count(*) FROM failures WHERE run_id = runs.id) "
                "ELSE failed END FROM runs ORDER BY id DESC LIMIT ?",
                [limit],
            ).fetchall()
        return [RunSummary(*row) for row in rows]

    def failures(self, run_id: int | None = None, limit: int = 100) -> list[FailureRow]:
        """What failed and why, newest first: every run's failures, or one run's."""
        condition, params = ("run_id = ?", [run_id]) if run_id is not None else ("1", [])
        with self._errors("read"):
            rows = self.db.execute(
                f"SELECT id, run_id, url, message, at FROM failures WHERE {condition} ORDER BY id DESC LIMIT ?",
                [*params, limit],
            ).fetchall()
        return [FailureRow(*row) for row in rows]

    def last_failed_run(self) -> int | None:
        """The id of the newest run that recorded a failure to retry, or None."""
        with self._errors("read"):
            found = self.db.execute(f"SELECT max(run_id) FROM failures WHERE {_RETRYABLE}").fetchone()
        return None if found[0] is None else int(found[0])

    def failed_inputs(self, run_id: int) -> list[str]:
        """The inputs that failed in a run and may pass now, each once, in the order they failed."""
        with self._errors("read"):
            rows = self.db.execute(
                f"SELECT url FROM failures WHERE run_id = ? AND {_RETRYABLE} GROUP BY url ORDER BY min(id)", [run_id]
            ).fetchall()
        return [row[0] for row in rows]

    def page_html(self, page_id: int) -> str:
        """The stored page decompressed and decoded with the encoding it was fetched with."""
        with self._errors("read"):
            found = self.conn.execute("SELECT html, encoding FROM pages WHERE id = ?", [page_id]).fetchone()
        if found is None:
            raise ArchiveError(f"no page {page_id} in archive {self.path}")
        raw = zlib.decompress(found[0])
        try:
            return raw.decode(found[1] or "utf-8", errors="replace")
        except LookupError:
            return raw.decode("utf-8", errors="replace")
