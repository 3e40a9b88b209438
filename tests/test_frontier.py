"""The crawl frontier and article versions in the archive (store.py migration 2, frontier.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from beritascrape.archive import store
from beritascrape.archive.store import Archive
from beritascrape.crawl.frontier import GONE_NOTE, MAX_ATTEMPTS, Frontier, FrontierItem, FrontierRow, host_of
from beritascrape.model import Article

WIB = timezone(timedelta(hours=7))
SITE = "https://kabar.example.id"
ARTICLE = Article(
    url=f"{SITE}/berita/pr-01/banjir",
    canonical_url=f"{SITE}/berita/pr-01/banjir",
    title="Banjir Surut",
    published_at=datetime(2024, 3, 8, 9, 30, tzinfo=WIB),
    body="Air mulai surut sejak pagi.",
    word_count=5,
    extractor="profile:prmn",
)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive(tmp_path / "berita.db") as opened:
        yield opened


def item(path: str, when: datetime | None = None) -> FrontierItem:
    return FrontierItem(SITE + path, SITE + "/sitemap.xml", "sitemap", when)


def states(frontier: Frontier) -> list[tuple]:
    return frontier.db.execute("SELECT url, state, attempts, run_id FROM frontier ORDER BY rowid").fetchall()


def test_host_key_keeps_a_port() -> None:
    assert host_of("https://WWW.Example.id/a") == "www.example.id"
    assert host_of("http://127.0.0.1:8080/a") == "127.0.0.1:8080"


def test_enqueue_is_idempotent_and_counts_each_url_once_per_run(archive: Archive) -> None:
    frontier = Frontier(archive)
    when = datetime(2024, 3, 8, tzinfo=WIB)
    first = frontier.enqueue([item("/a", when), item("/b"), item("/a")], run_id=None)
    assert [i.url for i in first] == [SITE + "/a", SITE + "/b"]
    run = archive.start_run("crawl", [])
    assert [i.url for i in frontier.enqueue([item("/b"), item("/c")], run_id=run)] == [SITE + "/b", SITE + "/c"]
    assert frontier.enqueue([item("/b"), item("/c")], run_id=run) == []
    # seen_run_id: the run that last listed the URL (run_id is the run that last processed it).
    assert frontier.db.execute("SELECT url, state, attempts, seen_run_id FROM frontier ORDER BY rowid").fetchall() == [
        (SITE + "/a", "pending", 0, None),
        (SITE + "/b", "pending", 0, run),
        (SITE + "/c", "pending", 0, run),
    ]
    assert frontier.db.execute(
        "SELECT published_at, host, kind FROM frontier WHERE url = ?", [SITE + "/a"]
    ).fetchone() == (
        when.isoformat(),
        "kabar.example.id",
        "sitemap",
    )
    assert frontier.pending_hosts() == ["kabar.example.id"]
    assert frontier.count_pending() == 3


def test_workers_take_the_oldest_pending_and_marks_stick(archive: Archive) -> None:
    frontier = Frontier(archive)
    run = archive.start_run("crawl", [])
    frontier.enqueue([item("/a"), item("/b"), item("/c"), item("/d")], run_id=run)
    saved = archive.save_article(ARTICLE)
    assert frontier.next_pending("kabar.example.id") == FrontierRow(
        SITE + "/a", "kabar.example.id", "pending", 0, None, None, None
    )
    frontier.mark_done(
        SITE + "/a",
        run_id=run,
        article_id=saved.article_id,
        etag='"x1"',
        last_modified="Fri, 08 Mar 2024 02:30:00 GMT",
        aliases=[(ARTICLE.url, "canonical"), (SITE + "/a", "redirect")],
    )
    frontier.mark_failed(SITE + "/b", "HTTP 503 for b", run_id=run)
    frontier.mark_failed(SITE + "/c", "HTTP 404 for c", run_id=run, permanent=True)
    frontier.mark_skipped(SITE + "/d", "robots.txt disallows d", run_id=run, fetched=False)
    assert frontier.next_pending("kabar.example.id") is None
    assert frontier.get(SITE + "/a") == FrontierRow(
        SITE + "/a", "kabar.example.id", "done", 1, '"x1"', "Fri, 08 Mar 2024 02:30:00 GMT", saved.article_id
    )
    assert frontier.get(ARTICLE.url) == FrontierRow(
        ARTICLE.url, "kabar.example.id", "done", 0, '"x1"', "Fri, 08 Mar 2024 02:30:00 GMT", saved.article_id
    )
    assert frontier.counts() == {
        ("kabar.example.id", "done"): 2,
        ("kabar.example.id", "failed"): 2,
        ("kabar.example.id", "skipped"): 1,
    }
    assert list(frontier.iter_urls("failed")) == [SITE + "/b", SITE + "/c"]

    # The next run: the transient failure is retried, the 404 is not, done and skipped stay as they are; each
    # attempt counted is a real fetch (the 404 was fetched once, the disallowed URL never) ...
    later = archive.start_run("crawl", [])
    assert frontier.enqueue_states([item("/a"), item("/b"), item("/c"), item("/d")], run_id=later) == [
        (item("/a"), "done"),
        (item("/b"), "pending"),
        (item("/c"), "failed"),
        (item("/d"), "skipped"),
    ]
    assert [(u, s, a) for u, s, a, _ in states(frontier)] == [
        (SITE + "/a", "done", 1),
        (SITE + "/b", "pending", 1),
        (SITE + "/c", "failed", 1),
        (SITE + "/d", "skipped", 0),
        (ARTICLE.url, "done", 0),
    ]
    last_errors = frontier.db.execute("SELECT url, last_error FROM frontier WHERE state = 'failed'").fetchall()
    assert last_errors == [(SITE + "/c", "HTTP 404 for c (gone, not retried)")]
    # ... and a refresh run puts every done and skipped URL it finds back in the queue, validators kept.
    refresh = archive.start_run("crawl", [])
    frontier.enqueue([item("/a"), item("/d")], run_id=refresh, refresh=True)
    assert frontier.get(SITE + "/a") == FrontierRow(
        SITE + "/a", "kabar.example.id", "pending", 1, '"x1"', "Fri, 08 Mar 2024 02:30:00 GMT", saved.article_id
    )
    assert frontier.get(SITE + "/d").state == "pending"  # type: ignore[union-attr]


def test_changed_article_keeps_its_old_versions(archive: Archive) -> None:
    first = archive.save_article(ARTICLE)
    assert archive.article_versions(first.article_id) == []
    second = replace(ARTICLE, body="Air mulai surut sejak pagi. Warga kembali ke rumah.", word_count=9)
    third = replace(second, title="Banjir Surut Total")
    assert archive.save_article(second).status == "updated"
    assert archive.save_article(second).status == "unchanged"
    assert archive.save_article(third).status == "updated"
    versions = archive.article_versions(ARTICLE.url)
    assert [(v, a) for v, _, a in versions] == [(1, ARTICLE), (2, second)]
    assert archive.get_article(first.article_id) == third
    record = archive.db.execute("SELECT record FROM article_versions WHERE version = 1").fetchone()[0]
    assert json.loads(record) == {**ARTICLE.to_dict(), "extractor": "profile:prmn"}


def test_a_version_1_archive_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Archive(path) as archive:
        archive.save_article(ARTICLE)
        archive.db.execute("DROP TABLE frontier")
        archive.db.execute("DROP TABLE article_versions")
        archive.db.execute("DELETE FROM migrations WHERE version = 2")
        archive.db.conn.commit()
    with Archive(path) as upgraded:
        applied = [r[0] for r in upgraded.db.execute("SELECT version FROM migrations ORDER BY version")]
        assert applied == [version for version, _, _ in store.MIGRATIONS]
        assert upgraded.get_article(1) == ARTICLE
        assert {"frontier", "article_versions"} <= set(upgraded.db.table_names())
    conn = sqlite3.connect(path)
    try:
        indexes = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'frontier'"
        ).fetchall()
    finally:
        conn.close()
    assert ("idx_frontier_next",) in indexes


def test_attempts_count_real_fetches_only(archive: Archive) -> None:
    frontier = Frontier(archive)
    runs = [archive.start_run("crawl", []) for _ in range(MAX_ATTEMPTS + 2)]
    frontier.enqueue([item("/busy"), item("/local"), item("/gone"), item("/old")], run_id=runs[0])
    archive.save_article(ARTICLE)
    frontier.mark_done(SITE + "/old", run_id=runs[0], article_id=None, fetched=False)  # already archived
    frontier.mark_failed(SITE + "/gone", "HTTP 410 for gone", run_id=runs[0], permanent=True)
    for run in runs:
        frontier.enqueue([item("/busy"), item("/local"), item("/gone")], run_id=run)
        if frontier.get(SITE + "/busy").state == "pending":  # type: ignore[union-attr]
            frontier.mark_failed(SITE + "/busy", "HTTP 503 for busy", run_id=run)
        # Refused before any request (a private address without --allow-private): retried by every later run.
        frontier.mark_failed(SITE + "/local", "refused", run_id=run, fetched=False)
    assert [(u, s, a) for u, s, a, _ in states(frontier)] == [
        (SITE + "/busy", "failed", MAX_ATTEMPTS),
        (SITE + "/local", "failed", 0),
        (SITE + "/gone", "failed", 1),
        (SITE + "/old", "done", 0),
    ]
    assert frontier.get(SITE + "/gone").attempts == 1  # type: ignore[union-attr]
    assert GONE_NOTE == " (gone, not retried)"
    last = archive.start_run("crawl", [])
    frontier.enqueue([item("/local"), item("/gone")], run_id=last)
    assert [(u, s) for u, s, _, _ in states(frontier)][1:3] == [
        (SITE + "/local", "pending"),
        (SITE + "/gone", "failed"),
    ]


def test_mark_done_settles_the_aliases_this_run_had_queued(archive: Archive) -> None:
    frontier = Frontier(archive)
    earlier = archive.start_run("crawl", [])
    frontier.enqueue([item("/old-alias")], run_id=earlier)
    run = archive.start_run("crawl", [])
    frontier.enqueue([item("/amp"), item("/canonical")], run_id=run)
    settled = frontier.mark_done(
        SITE + "/amp",
        run_id=run,
        article_id=None,
        aliases=[(SITE + "/canonical", "canonical"), (SITE + "/old-alias", "redirect"), (SITE + "/new", "redirect")],
    )
    # Only /canonical was found and queued by this run; /old-alias waits from an earlier one, /new is new.
    assert settled == [SITE + "/canonical"]
    assert {u: s for u, s, _, _ in states(frontier)} == {
        SITE + "/old-alias": "done",
        SITE + "/amp": "done",
        SITE + "/canonical": "done",
        SITE + "/new": "done",
    }
