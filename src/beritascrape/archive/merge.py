"""Merging one archive into another: several machines' crawls become one archive (archive-level: SQL).

An article in both keeps the newest content (by when it was last scraped) and the other in `article_versions`,
unless the newest is a partial copy of a split article (pages missing) and the other is whole or holds more of its
pages: then that one is kept (archive/completeness.py, the rule every save follows). Identical pages (same URL and
bytes) are stored once; frontier states merge with done winning over failed, skipped and pending; every run of the
source is kept as a run of the target, with its failures. The source is opened read-only. Merging a source again
adds nothing: a run is known by what it was (command, arguments, start, version and how it ended), not by its id,
so runs merged before (directly or through another archive) and their failures are not copied twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beritascrape.archive import stems
from beritascrape.archive.completeness import keeps_archived, stored_missing
from beritascrape.archive.files import connect_read_only
from beritascrape.archive.rows import json_text, row_to_article
from beritascrape.archive.schema import SCHEMA_VERSION
from beritascrape.archive.store import Archive, _utcnow
from beritascrape.errors import ArchiveError

# Which frontier state wins when a URL is in both archives: settled beats tried beats untried.
_STATE_RANK = {"done": 3, "skipped": 2, "failed": 1, "pending": 0}


@dataclass
class MergeCounts:
    """What one merge added: articles new, updated (the source was newer), versions kept, pages, frontier URLs."""

    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    versions_added: int = 0
    pages_added: int = 0
    pages_same: int = 0
    frontier_added: int = 0
    frontier_changed: int = 0
    runs: int = 0
    failures: int = 0

    def to_dict(self) -> dict[str, int]:
        """The counts as a plain dict (for --json)."""
        return dict(self.__dict__)


def merge_archive(target: Archive, source: str | Path) -> MergeCounts:
    """Merge the archive at `source` into `target` in one transaction; the source is only read."""
    path = Path(source)
    try:
        src = connect_read_only(path)  # leaves no -wal/-shm beside the source (files.py)
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot open archive {path}: {exc}") from None
    src.row_factory = sqlite3.Row
    try:
        newest = src.execute("SELECT max(version) FROM migrations").fetchone()[0] or 0
        if newest > SCHEMA_VERSION:
            raise ArchiveError(f"cannot merge {path}: its schema version {newest} is newer than {SCHEMA_VERSION}")
        with target.transaction():
            return _Merge(target, src).run()
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot merge archive {path}: {exc}") from None
    finally:
        src.close()


class _Merge:
    def __init__(self, target: Archive, src: sqlite3.Connection) -> None:
        self.target = target
        self.db = target.db
        self.src = src
        self.counts = MergeCounts()
        self.runs: dict[int, int] = {}
        self.claimed: set[int] = set()  # target runs that already stand for a source run of this merge
        self.articles: dict[int, int] = {}
        self.columns = {t: set(self.db.table(t).columns_dict) for t in ("runs", "failures", "articles", "pages")}
        self.columns["frontier"] = set(self.db.table("frontier").columns_dict)
        self.src_has_versions = self._has_table("article_versions")

    def run(self) -> MergeCounts:
        known: set[int | None] = {None}  # target runs that were there before: their failures may be too
        for row in self._rows("SELECT * FROM runs ORDER BY id"):
            found = self._same_run(row)
            if found is None:
                self.runs[row["id"]] = self._insert("runs", row)
                self.claimed.add(self.runs[row["id"]])
                self.counts.runs += 1
            else:
                self.runs[row["id"]] = found
                known.add(found)
        had: dict[int | None, set[tuple[str, str, str]]] = {}
        for row in self._rows("SELECT * FROM failures ORDER BY id"):
            run_id = self._run(row["run_id"])
            if run_id in known:
                if run_id not in had:
                    had[run_id] = self._failures_of(run_id)
                if (row["url"], row["message"], row["at"]) in had[run_id]:
                    continue
            self._insert("failures", {**row, "run_id": run_id})
            self.counts.failures += 1
        for row in self._rows("SELECT * FROM articles ORDER BY id"):
            self.articles[row["id"]] = self._article(row)
        for row in self._rows("SELECT * FROM pages ORDER BY id"):
            self._page(row)
        if self._has_table("frontier"):
            for row in self._rows("SELECT * FROM frontier ORDER BY url"):
                self._frontier(row)
        if self._has_table("warc_files"):
            for row in self._rows("SELECT * FROM warc_files"):
                row = {**row, "run_id": self._run(row["run_id"])}
                self.db.execute(
                    "INSERT OR IGNORE INTO warc_files (name, records, bytes, pages, ingested_at, run_id, selection) "
                    "VALUES (:name, :records, :bytes, :pages, :ingested_at, :run_id, :selection)",
                    {"selection": "", **row},
                )
        return self.counts

    def _same_run(self, row: dict[str, Any]) -> int | None:
        """The target's copy of a source run (merged before), or None; a copy merged while unfinished is completed."""
        candidates = self.db.execute(
            "SELECT id, finished_at, status, ok, failed FROM runs WHERE command = ? AND args = ? AND started_at = ? "
            "AND version = ? ORDER BY id",
            [row["command"], row["args"], row["started_at"], row["version"]],
        ).fetchall()
        ended = (row["finished_at"], row["status"], row["ok"], row["failed"])
        # Each target run stands for one source run: twins (the same command started twice in one second, ending
        # alike) stay two, and a run this merge added is no copy of another.
        candidates = [c for c in candidates if c[0] not in self.claimed]
        for run_id, *theirs in candidates:
            if tuple(theirs) == ended:
                self.claimed.add(run_id)
                return int(run_id)
        # The same run seen before it ended (or after, from an older copy): one of the two has not finished.
        for run_id, finished_at, *_ in candidates:
            if finished_at is None or row["finished_at"] is None:
                self.claimed.add(run_id)
                if finished_at is None and row["finished_at"] is not None:
                    values = dict(zip(("finished_at", "status", "ok", "failed"), ended, strict=True))
                    self.db.table("runs").update(run_id, values)
                return int(run_id)
        return None

    def _failures_of(self, run_id: int | None) -> set[tuple[str, str, str]]:
        where = "run_id IS NULL" if run_id is None else "run_id = ?"
        sql = f"SELECT url, message, at FROM failures WHERE {where}"
        return {(r[0], r[1], r[2]) for r in self.db.execute(sql, [] if run_id is None else [run_id])}

    def _has_table(self, name: str) -> bool:
        return (
            self.src.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [name]).fetchone() is not None
        )

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.src.execute(sql, list(params))]

    def _run(self, run_id: int | None) -> int | None:
        return None if run_id is None else self.runs.get(run_id)

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert a source row into the target without its id (and without columns the target lacks)."""
        values = {k: v for k, v in row.items() if k in self.columns[table] and k != "id"}
        return int(self.db.table(table).insert(values).last_rowid or 0)

    def _versions(self, article_id: int, db: Any) -> list[tuple[str, str, str]]:
        if db is self.src and not self.src_has_versions:
            return []  # a source from before article versions (schema 1)
        rows = db.execute(
            "SELECT content_hash, record, scraped_at FROM article_versions WHERE article_id = ? ORDER BY version",
            [article_id],
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def _article(self, row: dict[str, Any]) -> int:
        """Merge one source article; returns its id in the target."""
        row = {**row, "run_id": self._run(row.get("run_id"))}
        if "pages_missing" not in row:
            # A source from before schema 12: its stored pages tell, as migration 12 tells.
            row["pages_missing"] = stored_missing(self.src, row["id"], row["extractor"], row["page_count"])
        theirs = self._versions(row["id"], self.src)
        found = next(self.db.query("SELECT * FROM articles WHERE key = ?", [row["key"]]), None)
        if found is None:
            article_id = self._insert("articles", row)
            self._index(article_id, row, new=True)
            self._write_versions(article_id, theirs)
            self.counts.articles_new += 1
            self.counts.versions_added += len(theirs)
            return article_id
        article_id = int(found["id"])
        ours = self._versions(article_id, self.db)
        versions = ours + theirs
        if found["content_hash"] == row["content_hash"]:
            self.counts.articles_unchanged += 1
            current = found
            if row["pages_missing"] < found["pages_missing"]:
                # The same content, known whole (or less partial) in the source.
                missing = row["pages_missing"]
                self.db.execute("UPDATE articles SET pages_missing = ? WHERE id = ?", [missing, article_id])
        elif self._theirs_wins(row, found):
            versions.append(_as_version(found))
            current = row
            values = {
                k: v for k, v in row.items() if k in self.columns["articles"] and k not in ("id", "first_seen_at")
            }
            self.db.table("articles").update(article_id, values)
            self._index(article_id, row, new=False)
            self.counts.articles_updated += 1
        else:
            versions.append(_as_version(row))
            current = found
            self.counts.articles_unchanged += 1
        self.db.execute(
            "UPDATE articles SET first_seen_at = min(first_seen_at, ?), last_scraped_at = max(last_scraped_at, ?) "
            "WHERE id = ?",
            [row["first_seen_at"], row["last_scraped_at"], article_id],
        )
        kept = self._write_versions(article_id, versions, current["content_hash"])
        self.counts.versions_added += kept - len(ours)
        return article_id

    @staticmethod
    def _theirs_wins(row: dict[str, Any], found: dict[str, Any]) -> bool:
        """Whether the source's content replaces the target's: the newest wins, unless it is a partial copy and the
        other is whole or holds more of the article's pages (completeness.keeps_archived)."""
        extent = (row["page_count"], row["pages_missing"])
        ours = (found["page_count"], found["pages_missing"])
        if (row["last_scraped_at"] or "") > (found["last_scraped_at"] or ""):
            return not keeps_archived(extent, ours)
        return keeps_archived(ours, extent)

    def _write_versions(self, article_id: int, versions: list[tuple[str, str, str]], current: str = "") -> int:
        """Rewrite an article's earlier versions: one per content, oldest first, never the current content."""
        unique: dict[str, tuple[str, str, str]] = {}
        for version in sorted(versions, key=lambda v: v[2]):
            if version[0] != current:
                unique.setdefault(version[0], version)
        self.db.execute("DELETE FROM article_versions WHERE article_id = ?", [article_id])
        for number, (digest, record, scraped_at) in enumerate(unique.values(), start=1):
            self.db.table("article_versions").insert(
                {
                    "article_id": article_id,
                    "version": number,
                    "content_hash": digest,
                    "record": record,
                    "scraped_at": scraped_at,
                }
            )
        return len(unique)

    def _index(self, article_id: int, row: dict[str, Any], *, new: bool) -> None:
        """What save_article keeps beside a new or changed article: tags, people, stems, learnt template text."""
        article = row_to_article(row)
        self.target._link_tags(article_id, article.tags)
        self.target._link_people(article_id, article.authors, article.editor)
        stems.index_article(self.db, article_id, article.title, article.body, new=new)
        self.target._learn_blocks(article_id, article, _utcnow())

    def _page(self, row: dict[str, Any]) -> None:
        same = self.db.execute(
            "SELECT 1 FROM pages WHERE sha256 = ? AND url = ? LIMIT 1", [row["sha256"], row["url"]]
        ).fetchone()
        if same is not None:
            self.counts.pages_same += 1
            return
        article_id = self.articles.get(row["article_id"]) if row["article_id"] is not None else None
        self._insert("pages", {**row, "article_id": article_id, "run_id": self._run(row["run_id"])})
        self.counts.pages_added += 1

    def _frontier(self, row: dict[str, Any]) -> None:
        article_id = self.articles.get(row["article_id"]) if row.get("article_id") is not None else None
        row = {**row, "article_id": article_id, "run_id": self._run(row.get("run_id"))}
        if "seen_run_id" in row:
            row["seen_run_id"] = self._run(row["seen_run_id"])
        values = {k: v for k, v in row.items() if k in self.columns["frontier"]}
        found = self.db.execute("SELECT state, updated_at FROM frontier WHERE url = ?", [row["url"]]).fetchone()
        if found is None:
            self.db.table("frontier").insert(values)
            self.counts.frontier_added += 1
            return
        mine, theirs = _STATE_RANK.get(found[0], 0), _STATE_RANK.get(row["state"], 0)
        if theirs > mine or (theirs == mine and (row["updated_at"] or "") > (found[1] or "")):
            self.db.table("frontier").update(row["url"], values)
            self.counts.frontier_changed += 1


def _as_version(row: dict[str, Any]) -> tuple[str, str, str]:
    """An articles row as an article_versions entry (content hash, record JSON, when it was scraped)."""
    record = {**row_to_article(row).to_dict(), "extractor": row["extractor"]}
    return row["content_hash"], json_text(record), row["last_scraped_at"]
