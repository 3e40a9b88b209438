"""The SQLite archive: schema, migrations, upserts, tags, pages, full-text search and run history."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from beritascrape.archive import store
from beritascrape.archive.rows import PAGE_COMPRESSION
from beritascrape.archive.schema import MIGRATIONS
from beritascrape.archive.store import Archive, RunSummary, SaveResult, SearchHit
from beritascrape.errors import ArchiveError, InputError
from beritascrape.model import Article, Page

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))

BEKASI = Article(
    url="https://jabar.example.id/bekasi/pr-01/taman-kota?utm_source=feed",
    canonical_url="https://jabar.example.id/bekasi/pr-01/taman-kota",
    site="jabar.example.id",
    title="Pemkot Bekasi Resmikan Taman Kota",
    published_at=datetime(2024, 3, 5, 9, 30, 15, tzinfo=WIB),
    updated_at=datetime(2024, 3, 5, 11, 0, tzinfo=WIB),
    authors=("Ani Lestari", "Budi Santoso"),
    editor="Citra",
    source="Pemkot Bekasi",
    category="Bekasi",
    tags=("bekasi", "taman kota"),
    description="Taman baru dibuka untuk warga.",
    image_url="https://jabar.example.id/img/taman.jpg",
    captions=("Wali kota [tengah] menggunting pita.",),
    body=(
        "Wali kota meresmikan taman baru di pusat kota pada Selasa pagi bersama warga.\n\n"
        "Taman seluas dua hektare itu dibuka setiap hari."
    ),
    word_count=21,
    language="id",
    page_count=2,
    extractor="profile:prmn",
)

DENPASAR = Article(
    url="https://bali.example.id/denpasar/festival-layang",
    site="bali.example.id",
    title="Festival Layang-layang Denpasar",
    published_at=datetime(2024, 7, 20, 16, 45, tzinfo=WITA),
    authors=("Made Wirawan",),
    tags=("bali", "bekasi"),
    body="Ratusan layangan memenuhi langit Pantai Padanggalak sejak pagi.",
    word_count=8,
    language="id",
    extractor="generic",
)


def make_page(url: str, html: str, encoding: str = "utf-8") -> Page:
    """A fetched page as fetch.py would build it."""
    content = html.encode(encoding)
    return Page(
        url=url,
        final_url=url + "#final",
        status=200,
        headers={"Content-Type": f"text/html; charset={encoding}"},
        content=content,
        text=content.decode(encoding),
        encoding=encoding,
        fetched_at=datetime(2024, 3, 5, 12, 0, tzinfo=WIB),
    )


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the archive's clock tick one minute per call; returns the times handed out."""
    handed: list[str] = []

    def tick() -> str:
        value = (datetime(2024, 8, 1, tzinfo=timezone.utc) + timedelta(minutes=len(handed))).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        handed.append(value)
        return value

    monkeypatch.setattr(store, "_utcnow", tick)
    return handed


@pytest.fixture
def archive(tmp_path: Path, clock: list[str]) -> Iterator[Archive]:
    with Archive(tmp_path / "berita.db") as opened:
        yield opened


def article_row(archive: Archive, article_id: int) -> dict:
    return next(archive.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))


def tag_names(archive: Archive, article_id: int) -> list[str]:
    return [
        row[0]
        for row in archive.db.execute(
            "SELECT t.name FROM article_tags AS at JOIN tags AS t ON t.id = at.tag_id "
            "WHERE at.article_id = ? ORDER BY t.name",
            [article_id],
        )
    ]


def test_fresh_archive_has_full_schema(archive: Archive, clock: list[str]) -> None:
    assert set(archive.db.table_names()) == {
        "migrations",
        "runs",
        "failures",
        "articles",
        "pages",
        "tags",
        "article_tags",
        "articles_fts",
        "articles_fts_data",
        "articles_fts_idx",
        "articles_fts_docsize",
        "articles_fts_config",
        "frontier",
        "article_versions",
        "template_blocks",
        "template_sightings",
        "articles_stem_fts",
        "articles_stem_fts_data",
        "articles_stem_fts_idx",
        "articles_stem_fts_content",
        "articles_stem_fts_docsize",
        "articles_stem_fts_config",
        "authors",
        "article_authors",
        "editors",
        "article_editors",
        "warc_files",
        "absent_targets",
    }
    assert [c.name for c in archive.db.table("articles").columns] == [
        "id",
        "key",
        "url",
        "canonical_url",
        "site",
        "title",
        "published_at",
        "published_utc",
        "updated_at",
        "authors",
        "editor",
        "source",
        "category",
        "tags",
        "description",
        "image_url",
        "captions",
        "body",
        "word_count",
        "language",
        "page_count",
        "extractor",
        "content_hash",
        "first_seen_at",
        "last_scraped_at",
        "run_id",
        "kind",
        "pages_missing",
    ]
    assert [c.name for c in archive.db.table("pages").columns] == [
        "id",
        "article_id",
        "url",
        "final_url",
        "status",
        "headers",
        "content_type",
        "encoding",
        "fetched_at",
        "size",
        "sha256",
        "html",
        "run_id",
        "warc_file",
        "warc_offset",
        "warc_date",
    ]
    assert archive.db.table("articles").detect_fts() == "articles_fts"
    assert {t.name for t in archive.db.table("articles").triggers} == {
        "articles_ai",
        "articles_ad",
        "articles_au",
        "articles_stem_ad",
    }
    assert archive.db.execute("SELECT * FROM migrations ORDER BY version LIMIT 5").fetchall() == [
        (1, "initial schema", clock[0]),
        (2, "crawl frontier and article versions", clock[0]),
        (3, "page kind of articles", clock[0]),
        (4, "frontier: run that last listed a URL", clock[0]),
        (5, "learnt template blocks per host", clock[0]),
    ]
    assert archive.db.execute("SELECT * FROM migrations WHERE version IN (7, 8) ORDER BY version").fetchall() == [
        (7, "stemmed full-text index", clock[0]),
        (8, "authors and editors tables", clock[0]),
    ]
    assert store.SCHEMA_VERSION >= 8
    assert archive.db.execute("SELECT version FROM migrations").fetchall() == [(v,) for v, _, _ in store.MIGRATIONS]
    assert store.MIGRATIONS[-1][0] == store.SCHEMA_VERSION
    assert archive.db.journal_mode == "wal"
    assert archive.db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert archive.db.execute("PRAGMA busy_timeout").fetchone() == (5000,)
    indexed = {(i.name, tuple(i.columns)) for i in archive.db.table("articles").indexes}
    assert {("idx_articles_site", ("site",)), ("idx_articles_published_utc", ("published_utc",))} <= indexed


def test_reopen_is_idempotent(tmp_path: Path, clock: list[str]) -> None:
    path = tmp_path / "berita.db"
    with Archive(path) as first:
        first.save_article(BEKASI)
        schema = first.db.schema
    with Archive(str(path)) as second:
        assert second.path == path
        assert second.db.schema == schema
        assert second.db.execute("SELECT version, name FROM migrations").fetchall() == [
            (version, name) for version, name, _ in store.MIGRATIONS
        ]
        assert second.get_article(1) == BEKASI


def test_save_new_updated_unchanged(archive: Archive, clock: list[str]) -> None:
    first = archive.save_article(BEKASI)
    assert first == SaveResult(article_id=1, status="new")
    row = article_row(archive, 1)
    assert (row["first_seen_at"], row["last_scraped_at"]) == (clock[1], clock[1])

    changed = replace(BEKASI, title="Pemkot Bekasi Resmikan Taman Kota Baru")
    assert archive.save_article(changed) == SaveResult(article_id=1, status="updated")
    row = article_row(archive, 1)
    assert (row["title"], row["first_seen_at"], row["last_scraped_at"]) == (changed.title, clock[1], clock[2])

    # Only the extractor differs: not a content change, but the latest extractor is recorded.
    again = replace(changed, extractor="generic")
    assert archive.save_article(again) == SaveResult(article_id=1, status="unchanged")
    row = article_row(archive, 1)
    assert (row["first_seen_at"], row["last_scraped_at"], row["extractor"]) == (clock[1], clock[3], "generic")
    assert archive.count_articles() == 1


def test_article_row_columns(archive: Archive, clock: list[str]) -> None:
    run_id = archive.start_run("crawl", ["jabar"])
    archive.save_article(BEKASI, run_id=run_id)
    row = article_row(archive, 1)
    content = {k: v for k, v in BEKASI.to_dict().items() if k != "url"}  # the link it came by is not content
    expected_hash = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    assert row == {
        "id": 1,
        "key": "https://jabar.example.id/bekasi/pr-01/taman-kota",
        "url": BEKASI.url,
        "canonical_url": BEKASI.canonical_url,
        "site": "jabar.example.id",
        "title": "Pemkot Bekasi Resmikan Taman Kota",
        "published_at": "2024-03-05T09:30:15+07:00",
        "published_utc": "2024-03-05T02:30:15Z",
        "updated_at": "2024-03-05T11:00:00+07:00",
        "authors": '["Ani Lestari", "Budi Santoso"]',
        "editor": "Citra",
        "source": "Pemkot Bekasi",
        "category": "Bekasi",
        "tags": '["bekasi", "taman kota"]',
        "description": "Taman baru dibuka untuk warga.",
        "image_url": "https://jabar.example.id/img/taman.jpg",
        "captions": '["Wali kota [tengah] menggunting pita."]',
        "body": BEKASI.body,
        "word_count": 21,
        "language": "id",
        "page_count": 2,
        "extractor": "profile:prmn",
        "content_hash": expected_hash,
        "first_seen_at": clock[2],
        "last_scraped_at": clock[2],
        "run_id": run_id,
        "kind": "article",
        "pages_missing": 0,  # no stored page says otherwise (archive/completeness.py)
    }


def test_round_trip_and_lookup_keys(archive: Archive) -> None:
    assert archive.save_article(BEKASI).article_id == 1
    assert archive.save_article(DENPASAR).article_id == 2
    for key in (1, "1", BEKASI.url, BEKASI.canonical_url):
        found = archive.get_article(key)
        assert found == BEKASI
        assert found is not None and found.extractor == "profile:prmn"
        assert found.published_at is not None and found.published_at.utcoffset() == timedelta(hours=7)
        assert archive.get_article_id(key) == 1
    assert archive.get_article(DENPASAR.url) == DENPASAR
    assert archive.get_article(DENPASAR.url).to_dict() == DENPASAR.to_dict()  # type: ignore[union-attr]
    assert archive.get_article_id("https://example.id/missing") is None
    assert archive.get_article(99) is None
    assert archive.has_url(BEKASI.url) is True
    assert archive.has_url(BEKASI.canonical_url) is True  # type: ignore[arg-type]
    assert archive.has_url(DENPASAR.url) is True
    assert archive.has_url("https://example.id/missing") is False


def test_iter_articles_streams_in_id_order(archive: Archive) -> None:
    archive.save_article(BEKASI)
    archive.save_article(DENPASAR)
    third = replace(DENPASAR, url="https://bali.example.id/tiga", title="Tiga")
    archive.save_article(third)
    assert list(archive.iter_articles(batch_size=2)) == [BEKASI, DENPASAR, third]
    assert list(archive.iter_articles()) == [BEKASI, DENPASAR, third]
    assert archive.count_articles() == 3


def test_tags_are_many_to_many(archive: Archive) -> None:
    archive.save_article(BEKASI)
    archive.save_article(DENPASAR)
    assert archive.db.execute("SELECT id, name FROM tags ORDER BY id").fetchall() == [
        (1, "bekasi"),
        (2, "taman kota"),
        (3, "bali"),
    ]
    assert tag_names(archive, 1) == ["bekasi", "taman kota"]
    assert tag_names(archive, 2) == ["bali", "bekasi"]

    assert archive.save_article(replace(BEKASI, tags=("bekasi",))).status == "updated"
    assert tag_names(archive, 1) == ["bekasi"]
    assert tag_names(archive, 2) == ["bali", "bekasi"]
    assert archive.get_article(1).tags == ("bekasi",)  # type: ignore[union-attr]
    # The tag name stays for reuse; only the link went.
    assert archive.db.execute("SELECT count(*) FROM tags").fetchone() == (3,)


def test_pages_stored_compressed(archive: Archive) -> None:
    run_id = archive.start_run("fetch", [BEKASI.url])
    html = "<html><body><p>Taman kota dibuka — warga senang.</p></body></html>"
    pages = [
        make_page(BEKASI.url, html),
        make_page(BEKASI.url + "?page=2", "<p>Halaman 2</p>", "windows-1252"),
    ]
    result = archive.save_article(BEKASI, pages, run_id=run_id)
    rows = list(archive.db.query("SELECT * FROM pages ORDER BY id"))
    raw = html.encode("utf-8")
    assert rows[0] == {
        "id": 1,
        "article_id": result.article_id,
        "url": BEKASI.url,
        "final_url": BEKASI.url + "#final",
        "status": 200,
        "headers": '{"Content-Type": "text/html; charset=utf-8"}',
        "content_type": "text/html",
        "encoding": "utf-8",
        "fetched_at": "2024-03-05T12:00:00+07:00",
        "size": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "html": zlib.compress(raw, PAGE_COMPRESSION),
        "run_id": run_id,
        "warc_file": None,
        "warc_offset": None,
        "warc_date": None,
    }
    assert [row["id"] for row in rows] == [1, 2]
    assert archive.page_html(1) == html
    assert archive.page_html(2) == "<p>Halaman 2</p>"

    # An identical re-fetch stores no second copy of the bytes; a page whose bytes changed is stored.
    assert archive.save_article(BEKASI, pages[:1]).status == "unchanged"
    assert archive.db.execute("SELECT id, article_id FROM pages ORDER BY id").fetchall() == [(1, 1), (2, 1)]
    assert archive.save_pages([make_page(BEKASI.url, html + " ")], article_id=1) == [3]
    assert archive.save_pages([make_page(BEKASI.url, html)], article_id=1) == [1]
    assert archive.save_pages([make_page("https://example.id/index", "<ul></ul>")]) == [4]
    assert archive.db.execute("SELECT article_id, run_id FROM pages WHERE id = 4").fetchone() == (None, None)
    with pytest.raises(ArchiveError, match=r"^no page 99 in archive .*berita\.db$"):
        archive.page_html(99)


def test_search_body_and_title_words(archive: Archive) -> None:
    archive.save_article(BEKASI)
    archive.save_article(DENPASAR)
    hits = archive.search("hektare")
    assert hits == [
        SearchHit(
            article_id=1,
            title="Pemkot Bekasi Resmikan Taman Kota",
            url=BEKASI.url,
            published_at="2024-03-05T09:30:15+07:00",
            site="jabar.example.id",
            snippet="…Taman seluas dua \x02hektare\x03 itu dibuka setiap hari.",
            rank=hits[0].rank,
        )
    ]
    assert hits[0].rank < 0  # bm25: more negative is better
    # A title-only match still gets a body snippet, without highlights.
    (hit,) = archive.search("festival")
    assert (hit.article_id, hit.snippet) == (
        2,
        "Ratusan layangan memenuhi langit Pantai Padanggalak sejak pagi.",
    )
    assert isinstance(hit.rank, float)
    # "pagi" is in both bodies; the shorter body ranks first.
    assert [h.article_id for h in archive.search("pagi")] == [2, 1]
    assert [h.article_id for h in archive.search("pagi", limit=1)] == [2]
    # Plain words with hyphens are quoted, not read as FTS5 syntax.
    assert archive.search("layang-layang", exact=True) == archive.search("festival", exact=True)
    # FTS5 syntax passes through; "taman" is three times in article 1, "layangan" once in article 2.
    assert [h.article_id for h in archive.search("taman OR layangan", exact=True)] == [1, 2]
    # Stemmed, "layangan" is "layang": three times in the shorter article 2 (title "Layang-layang", body).
    assert [h.article_id for h in archive.search("taman OR layangan")] == [2, 1]
    assert archive.search("kereta") == []
    with pytest.raises(InputError, match=r"^empty search query: give at least one word$"):
        archive.search("   ")
    with pytest.raises(InputError, match=r"^empty search query"):
        archive.search("-- ...", exact=True)


def test_search_bad_query_raises_archive_error(archive: Archive) -> None:
    with pytest.raises(ArchiveError, match=r"^bad search query: unterminated string$"):
        archive.search('"unbalanced')
    with pytest.raises(ArchiveError, match=r"^bad search query: "):
        archive.search("taman AND")


def test_fts_follows_update_and_delete(archive: Archive) -> None:
    archive.save_article(BEKASI)
    archive.save_article(replace(BEKASI, body="Jembatan penyeberangan diresmikan."))
    assert archive.search("hektare") == []
    assert [h.snippet for h in archive.search("jembatan")] == ["\x02Jembatan\x03 penyeberangan diresmikan."]
    assert [h.snippet for h in archive.search("jembatan", exact=True)] == ["\x02Jembatan\x03 penyeberangan diresmikan."]
    assert archive.db.execute("SELECT body FROM articles_stem_fts").fetchall() == [("jembatan seberang resmi",)]
    archive.db.table("articles").delete(1)
    assert archive.search("jembatan") == []
    assert archive.db.execute("SELECT count(*) FROM articles_fts").fetchone() == (0,)
    # A delete by any tool (sqlite-utils here) empties the stemmed index too, through a trigger.
    assert archive.db.execute("SELECT count(*) FROM articles_stem_fts").fetchone() == (0,)


def test_runs_and_failures(archive: Archive, clock: list[str]) -> None:
    first = archive.start_run("crawl", ["jabar", "--limit", "5"])
    archive.record_failure(first, "https://jabar.example.id/x", "HTTP 404 for https://jabar.example.id/x")
    archive.finish_run(first, ok=4, failed=1, status="failed")
    second = archive.start_run("fetch", [])
    assert (first, second) == (1, 2)
    assert archive.runs() == [
        RunSummary(id=second, command="fetch", started_at=clock[4], finished_at=None, status=None, ok=0, failed=0),
        RunSummary(
            id=first,
            command="crawl",
            started_at=clock[1],
            finished_at=clock[3],
            status="failed",
            ok=4,
            failed=1,
        ),
    ]
    assert archive.runs(limit=1) == archive.runs()[:1]
    assert archive.db.execute("SELECT args, version FROM runs WHERE id = ?", [first]).fetchone() == (
        '["jabar", "--limit", "5"]',
        "0.1.0",
    )
    archive.record_failure(None, "file.html", "not an article")
    assert archive.db.execute("SELECT * FROM failures ORDER BY id").fetchall() == [
        (1, first, "https://jabar.example.id/x", "HTTP 404 for https://jabar.example.id/x", clock[2]),
        (2, None, "file.html", "not an article", clock[5]),
    ]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with Archive(path) as archive:
        archive.db.table("migrations").insert(
            {"version": store.SCHEMA_VERSION + 1, "name": "from the future", "applied_at": "x"}
        )
    with pytest.raises(
        ArchiveError,
        match=rf"^cannot open archive .*future\.db: it has schema version {store.SCHEMA_VERSION + 1}, "
        rf"this beritascrape supports up to {store.SCHEMA_VERSION}; upgrade beritascrape$",
    ):
        Archive(path)


def test_failed_page_rolls_back_new_article(archive: Archive) -> None:
    bad = replace(make_page(BEKASI.url, "<p>2</p>"), content="not bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        archive.save_article(BEKASI, [make_page(BEKASI.url, "<p>1</p>"), bad])
    for table in ("articles", "pages", "tags", "article_tags", "articles_fts"):
        assert archive.db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    assert archive.db.conn.in_transaction is False
    assert archive.save_article(BEKASI).status == "new"


def test_failed_page_keeps_previous_version(archive: Archive) -> None:
    archive.save_article(BEKASI, [make_page(BEKASI.url, "<p>v1</p>")])
    before = article_row(archive, 1)
    changed = replace(BEKASI, body="Isi yang berubah total.", tags=("lain",))
    bad = replace(make_page(BEKASI.url, "<p>2</p>"), content=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        archive.save_article(changed, [make_page(BEKASI.url, "<p>v2</p>"), bad])
    assert article_row(archive, 1) == before
    assert archive.get_article(1) == BEKASI
    assert tag_names(archive, 1) == ["bekasi", "taman kota"]
    assert archive.db.execute("SELECT id FROM pages").fetchall() == [(1,)]
    assert archive.search("berubah") == []
    assert [h.article_id for h in archive.search("hektare")] == [1]


def test_naive_datetime_is_refused(archive: Archive) -> None:
    naive = replace(BEKASI, published_at=datetime(2024, 3, 5, 9, 30))
    with pytest.raises(ArchiveError, match=r"^cannot store https://jabar\.example\.id/.*: published_at has no"):
        archive.save_article(naive)
    assert archive.count_articles() == 0


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "nope" / "berita.db"
    with pytest.raises(ArchiveError) as caught:
        Archive(path)
    assert str(caught.value) == f"cannot open archive {path}: directory {path.parent} does not exist"
    assert not path.parent.exists()


def test_non_sqlite_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not the droids\n" * 100)
    with pytest.raises(ArchiveError) as caught:
        Archive(path)
    # The same line a reader gives for it (cli/common.open_archive).
    assert str(caught.value) == f"{path} is not a beritascrape archive (pass --db with the archive's path)"
    assert caught.value.__cause__ is None
    assert path.read_text() == "these are not the droids\n" * 100


def test_sqlite_write_errors_are_archive_errors(archive: Archive) -> None:
    with pytest.raises(ArchiveError, match=r"^cannot write archive .*berita\.db: FOREIGN KEY constraint failed$"):
        archive.record_failure(42, "https://example.id/", "boom")
    with pytest.raises(sqlite3.IntegrityError):
        archive.db.execute("INSERT INTO failures (run_id, url, message, at) VALUES (42, 'u', 'm', 'a')")


def test_the_same_article_reached_by_another_url_is_unchanged(archive: Archive) -> None:
    first = archive.save_article(BEKASI)
    again = archive.save_article(dataclasses.replace(BEKASI, url=BEKASI.url + "?utm_source=wa"))
    assert (first.status, again.status, again.article_id) == ("new", "unchanged", first.article_id)
    assert archive.article_versions(BEKASI.canonical_url or BEKASI.url) == []


def test_an_out_of_range_date_is_a_clear_archive_error(archive: Archive) -> None:
    odd = dataclasses.replace(BEKASI, published_at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=7))))
    with pytest.raises(ArchiveError, match=r"published_at .* is out of range$"):
        archive.save_article(odd)


def test_reading_an_archive_a_first_run_has_not_made_yet_says_so(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    # What a first run leaves when it is stopped, or what a reader sees while it runs: no schema yet.
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    con.close()
    with pytest.raises(ArchiveError) as info:
        Archive(db, read_only=True)
    assert str(info.value) == (
        f"cannot read archive {db}: it holds no archive yet (another command may be creating it, or one was "
        "stopped first); wait for it, or write to it once (scrape, crawl, ingest)"
    )


def test_reading_an_archive_that_needs_an_upgrade_says_which_command_gives_it(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    Archive(db).close()
    newest = MIGRATIONS[-1][0]
    con = sqlite3.connect(db)
    con.execute("DELETE FROM migrations WHERE version = ?", (newest,))
    con.commit()
    con.close()
    with pytest.raises(ArchiveError) as info:
        Archive(db, read_only=True)
    assert str(info.value) == (
        f"cannot read archive {db}: it needs schema upgrade(s) {newest} (made by an older version, or being "
        "upgraded now); any writing command (scrape, crawl, ingest, reparse) upgrades it"
    )
