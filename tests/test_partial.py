"""Split articles archived from only some of their pages: `articles.pages_missing` on every save path, migration 12
filling it in an old archive, exports and `show` carrying it, and the one rule that a partial copy never replaces a
whole one (archive/completeness.py) in save (scrape, ingest, reparse) and merge."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from beritascrape.archive import store
from beritascrape.archive.completeness import keeps_archived
from beritascrape.archive.schema import SCHEMA_VERSION
from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from beritascrape.ingest import writer as ingest_writer
from beritascrape.model import Article, Page
from beritascrape.scrape import article as scrape_article
from httpserver import serve
from test_ingest import rows
from test_reparse import DRIFTED, MULTI, SINGLE, drifting, site_routes
from warcs import Rec, fixture, page, write_warc

PAGES = ("prmn/multi-p1", "prmn/multi-p2", "prmn/multi-p3")
BASE = fixture(PAGES[0])[0]
BODIES = [fixture(name)[2]["body"] for name in PAGES]
WHOLE = "\n\n".join(BODIES)
TWO = "\n\n".join(BODIES[:2])


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def ingest(db: Path, warc: Path, *names: str) -> Result:
    write_warc(warc, [page(name) for name in names])
    result = run("ingest", str(warc), "--db", str(db), "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def ticks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every archive write a minute after the one before: the order of saves decides which copy is newest."""
    clock = iter(f"2024-08-01T{h:02d}:{m:02d}:00Z" for h in range(24) for m in range(60))
    monkeypatch.setattr(store, "_utcnow", lambda: next(clock))


def test_the_rule_keeps_a_whole_or_larger_copy_against_a_partial_one() -> None:
    # (page_count, pages_missing): new copy first, archived copy second.
    assert keeps_archived((3, 1), (3, 0)) is True  # partial over whole
    assert keeps_archived((3, 2), (3, 1)) is True  # 1 page over 2
    assert keeps_archived((3, 1), (1, 0)) is True  # the archived one-page copy was whole
    assert keeps_archived((3, 1), (3, 1)) is False  # as many pages: the newer wins
    assert keeps_archived((3, 1), (3, 2)) is False  # more pages
    assert keeps_archived((3, 0), (3, 0)) is False  # a whole copy always replaces
    assert keeps_archived((2, 0), (3, 1)) is False


def test_ingest_of_pages_1_2_of_3_marks_the_article_and_a_later_page_3_completes_it(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    ingest(db, tmp_path / "a.warc.gz", PAGES[0], PAGES[1])
    assert rows(db, "SELECT body, page_count, pages_missing FROM articles") == [(TWO, 3, 1)]
    # The analysts' query of the README.
    incomplete = (
        "SELECT id, url, page_count - pages_missing AS pages_archived, page_count FROM articles "
        "WHERE pages_missing > 0 ORDER BY id"
    )
    assert rows(db, incomplete) == [(1, BASE, 2, 3)]
    ingest(db, tmp_path / "b.warc.gz", PAGES[2])
    assert rows(db, "SELECT body, page_count, pages_missing FROM articles") == [(WHOLE, 3, 0)]
    assert rows(db, incomplete) == []


def test_pages_of_two_ingest_runs_stay_partial_through_reparse(tmp_path: Path) -> None:
    # Page 1 on Monday, page 2 on Tuesday, page 3 never: Tuesday's save holds pages 1-2 but stores page 2 only.
    # reparse stitches the last save's page with the earlier one, as ingest did (it kept page 2 alone before).
    db = tmp_path / "berita.db"
    ingest(db, tmp_path / "mon.warc.gz", PAGES[0])
    assert rows(db, "SELECT body, pages_missing FROM articles") == [(BODIES[0], 2)]
    ingest(db, tmp_path / "tue.warc.gz", PAGES[1])
    assert rows(db, "SELECT body, pages_missing FROM articles") == [(TWO, 1)]
    before = rows(db, "SELECT * FROM articles")
    result = run("reparse", "--db", str(db), "--quiet", "--jobs", "1")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert rows(db, "SELECT * FROM articles") == before


def test_ingest_of_a_partial_copy_keeps_the_whole_archived_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "berita.db"
    ingest(db, tmp_path / "whole.warc.gz", *PAGES)
    before = rows(db, "SELECT * FROM articles")
    assert rows(db, "SELECT body, pages_missing FROM articles") == [(WHOLE, 0)]
    # The archived page 3 does not complete the group (a stored page that no longer reads, say).
    monkeypatch.setattr(ingest_writer.Writer, "_archived_parts", lambda *args: {})
    url, body, _ = fixture(PAGES[1])
    edited = body.replace(b"</article>", b"<p>Warga berharap jembatan itu dirawat bersama setiap tahun.</p></article>")
    assert edited != body
    warc = tmp_path / "part.warc.gz"
    write_warc(warc, [page(PAGES[0]), Rec(url, edited)])
    result = run("ingest", str(warc), "--db", str(db), "--quiet", "--jobs", "1", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"warning: {BASE}: only page(s) 1, 2 of 3 are in the input; archived with what is there",
        f"warning: {BASE}: the archived copy holds more of its 3 pages; kept it (the pages read are stored beside it)",
    ]
    assert json.loads(result.stdout)["sites"] == {
        "galamedia.pikiran-rakyat.com": {"pages": 2, "unchanged": 1, "partial": 1}
    }
    assert rows(db, "SELECT * FROM articles") == before
    assert rows(db, "SELECT count(*) FROM article_versions") == [(0,)]
    # Nothing read is lost: the edited page 2 is stored beside the article's pages.
    assert rows(db, "SELECT url FROM pages ORDER BY id") == [(fixture(n)[0],) for n in (*PAGES, PAGES[1])]


@pytest.fixture
def site() -> Any:
    with serve(site_routes()) as srv:
        yield srv


def test_scrape_marks_an_article_read_from_page_1_alone_and_a_whole_scrape_replaces_it(
    site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ticks: None
) -> None:
    # A drifted profile reads page 1 by the generic path, which follows no page link: 1 page of 3 is archived.
    db = tmp_path / "berita.db"
    scrape = ("scrape", "--db", str(db), "--allow-private", "--quiet", site.url(MULTI), site.url(SINGLE))
    with monkeypatch.context() as patch:
        patch.setattr(scrape_article, "parse_html", drifting(scrape_article.parse_html))
        assert run(*scrape).exit_code == 0
    assert rows(db, "SELECT extractor, page_count, pages_missing FROM articles ORDER BY id") == [
        (DRIFTED, 3, 2),
        (DRIFTED, 1, 0),
    ]
    # The whole article replaces the partial one (kept as its earlier version); the one-page one was whole already.
    assert run(*scrape).exit_code == 0
    assert rows(db, "SELECT body, extractor, pages_missing FROM articles ORDER BY id") == [
        (WHOLE, "profile:prmn", 0),
        (fixture("prmn/single")[2]["body"], "profile:prmn", 0),
    ]
    assert rows(db, "SELECT article_id, json_extract(record, '$.body') FROM article_versions") == [(1, BODIES[0])]


def test_scrape_of_a_partial_copy_keeps_the_whole_archived_one(
    site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ticks: None
) -> None:
    db = tmp_path / "berita.db"
    scrape = ("scrape", "--db", str(db), "--allow-private", "--quiet", site.url(MULTI))
    assert run(*scrape).exit_code == 0
    before = rows(db, "SELECT * FROM articles")
    assert rows(db, "SELECT body, pages_missing FROM articles") == [(WHOLE, 0)]
    monkeypatch.setattr(scrape_article, "parse_html", drifting(scrape_article.parse_html))
    result = run(*scrape)
    assert (result.exit_code, result.stderr) == (
        0,
        "warning: prmn profile drifted on galamedia.pikiran-rakyat.com (1 article read by the generic path); "
        f"run 'beritascrape sites --check {site.url(MULTI)}'\n",
    )
    assert rows(db, "SELECT * FROM articles") == before
    assert rows(db, "SELECT count(*) FROM article_versions") == [(0,)]


def test_reparse_lowers_a_count_its_pages_disprove(site: Any, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run("scrape", "--db", str(db), "--allow-private", "--quiet", site.url(MULTI)).exit_code == 0
    rows(db, "UPDATE articles SET pages_missing = 2")
    result = run("reparse", "--db", str(db), "--quiet")
    assert (result.exit_code, result.stderr) == (0, "")
    assert rows(db, "SELECT body, pages_missing FROM articles") == [(WHOLE, 0)]


def merged(target: Path, source: Path) -> dict[str, int]:
    result = run("merge", str(source), "--db", str(target), "--json", "--quiet")
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)[str(source)]
    return {k: counts[k] for k in ("articles_new", "articles_updated", "articles_unchanged", "versions_added")}


def test_merge_of_a_newer_partial_copy_keeps_the_whole_one(tmp_path: Path, ticks: None) -> None:
    whole, part = tmp_path / "whole.db", tmp_path / "part.db"
    ingest(whole, tmp_path / "whole.warc.gz", *PAGES)
    ingest(part, tmp_path / "part.warc.gz", PAGES[0], PAGES[1])  # scraped later
    assert merged(whole, part) == {
        "articles_new": 0,
        "articles_updated": 0,
        "articles_unchanged": 1,
        "versions_added": 1,
    }
    assert rows(whole, "SELECT body, pages_missing FROM articles") == [(WHOLE, 0)]
    # The partial copy is kept as an earlier version, as merge keeps the copy that did not win.
    with Archive(whole) as archive:
        assert [a.body for _, _, a in archive.article_versions(BASE)] == [TWO]


def test_merge_of_a_whole_copy_replaces_a_partial_one_older_or_newer(tmp_path: Path, ticks: None) -> None:
    older_whole, part, older_part, newer_whole = (tmp_path / f"{n}.db" for n in "abcd")
    ingest(older_whole, tmp_path / "a.warc.gz", *PAGES)
    ingest(part, tmp_path / "b.warc.gz", PAGES[0], PAGES[1])
    # The target's partial copy is newer than the source's whole one: the whole one replaces it all the same.
    counts = {"articles_new": 0, "articles_updated": 1, "articles_unchanged": 0, "versions_added": 1}
    assert merged(part, older_whole) == counts
    assert rows(part, "SELECT body, pages_missing FROM articles") == [(WHOLE, 0)]
    with Archive(part) as archive:
        assert [a.body for _, _, a in archive.article_versions(BASE)] == [TWO]
    # A newer whole copy replaces an older partial one, as any newer copy did.
    ingest(older_part, tmp_path / "c.warc.gz", PAGES[0], PAGES[1])
    ingest(newer_whole, tmp_path / "d.warc.gz", *PAGES)
    assert merged(older_part, newer_whole) == counts
    assert rows(older_part, "SELECT body, pages_missing FROM articles") == [(WHOLE, 0)]


def downgrade(db: Path) -> None:
    """Make an archive as a version before migration 12 left it: no pages_missing column, 11 migrations."""
    con = sqlite3.connect(db)
    try:
        con.execute("ALTER TABLE articles DROP COLUMN pages_missing")
        con.execute("DELETE FROM migrations WHERE version = 12")
        con.commit()
    finally:
        con.close()


def test_merge_of_a_partial_copy_from_an_archive_before_migration_12(tmp_path: Path, ticks: None) -> None:
    whole, part = tmp_path / "whole.db", tmp_path / "part.db"
    ingest(whole, tmp_path / "whole.warc.gz", *PAGES)
    ingest(part, tmp_path / "part.warc.gz", PAGES[0], PAGES[1])
    downgrade(part)
    assert merged(whole, part)["articles_unchanged"] == 1
    assert rows(whole, "SELECT body, pages_missing FROM articles") == [(WHOLE, 0)]
    fresh = tmp_path / "fresh.db"
    assert merged(fresh, part)["articles_new"] == 1
    assert rows(fresh, "SELECT body, pages_missing FROM articles") == [(TWO, 1)]


def stored_page(url: str) -> Page:
    return Page(
        url, url, 200, {}, b"<html></html>", "<html></html>", "utf-8", datetime(2024, 6, 1, tzinfo=timezone.utc)
    )


KOMPAS = fixture("kompas/article")[0]
MERDEKA = fixture("merdeka/article")[0]
GENERIC = fixture("generic/split-p1")[0]
# (article URL, extractor, page_count, URLs of its stored pages, pages_missing migration 12 gives it)
OLD_ROWS = [
    ("https://a.example/satu", "generic", 1, ["https://a.example/satu"], 0),
    (BASE, "profile:prmn", 3, [BASE, BASE + "?page=2", BASE + "?page=3"], 0),
    (BASE + "-dua", "profile:prmn", 3, [BASE + "-dua", BASE + "-dua?page=2"], 1),
    # Page 1 under two links is one page.
    (BASE + "-tiga", "profile:prmn", 3, [BASE + "-tiga?utm_source=x", BASE + "-tiga", BASE + "-tiga?page=3"], 1),
    (BASE + "-empat", "profile:prmn", 3, [BASE + "-empat?page=3"], 2),
    # The all-pages view holds every page; merdeka keeps every page in one HTML.
    (KOMPAS, "profile:kompas", 2, [KOMPAS, KOMPAS + "?page=all"], 0),
    (KOMPAS + "-2", "profile:kompas", 2, [KOMPAS + "-2?page=2"], 1),
    (MERDEKA, "profile:merdeka", 3, [MERDEKA], 0),
    # A site no profile knows: each stored link is a page.
    (GENERIC, "generic", 3, [GENERIC, GENERIC + "2/", GENERIC + "3/"], 0),
    (GENERIC + "x/", "generic", 3, [GENERIC + "x/", GENERIC + "x/2/"], 1),
    # Saved files read without their URL: each file is a page.
    ("file:///s/a.html", "profile:prmn", 3, ["file:///s/a.html", "file:///s/b.html", "file:///s/c.html"], 0),
    ("file:///s/d.html", "profile:prmn", 3, ["file:///s/d.html"], 2),
    # No stored page: nothing says the row is partial.
    ("https://a.example/tanpa-halaman", "generic", 2, [], 0),
]


def test_migration_12_fills_pages_missing_of_an_old_archive_from_its_stored_pages(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Archive(db) as archive:
        for url, extractor, count, urls, _ in OLD_ROWS:
            article = Article(url=url, title="Judul", body="Isi.", word_count=1, page_count=count, extractor=extractor)
            archive.save_article(article, [stored_page(u) for u in urls])
    downgrade(db)
    fts = rows(db, "SELECT rowid, title, body FROM articles_fts ORDER BY rowid")
    with Archive(db):
        pass
    assert rows(db, "SELECT max(version) FROM migrations") == [(SCHEMA_VERSION,)]
    assert rows(db, "SELECT url, pages_missing FROM articles ORDER BY id") == [(r[0], r[4]) for r in OLD_ROWS]
    assert rows(db, "SELECT rowid, title, body FROM articles_fts ORDER BY rowid") == fts
    # The same rows as saving them today gives.
    today = tmp_path / "today.db"
    with Archive(today) as archive:
        for url, extractor, count, urls, _ in OLD_ROWS:
            article = Article(url=url, title="Judul", body="Isi.", word_count=1, page_count=count, extractor=extractor)
            archive.save_article(article, [stored_page(u) for u in urls])
    assert rows(today, "SELECT url, pages_missing FROM articles ORDER BY id") == [(r[0], r[4]) for r in OLD_ROWS]


def test_show_and_every_export_carry_pages_missing(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    ingest(db, tmp_path / "a.warc.gz", PAGES[0], PAGES[1], "prmn/single")
    shown = run("show", "--db", str(db), BASE)
    assert shown.exit_code == 0
    assert "Pages: 3 (partial: 2 archived, 1 missing)\n" in shown.stdout
    single = run("show", "--db", str(db), fixture("prmn/single")[0])
    assert "Pages: 1\n" in single.stdout
    assert json.loads(run("show", "--db", str(db), "--json", BASE).stdout)["pages_missing"] == 1
    jsonl = run("export", "--db", str(db), "--format", "jsonl").stdout
    assert [(r["url"], r["page_count"], r["pages_missing"]) for r in map(json.loads, jsonl.splitlines())] == [
        (fixture("prmn/single")[0], 1, 0),
        (BASE, 3, 1),
    ]
    header, *table = list(csv.reader(io.StringIO(run("export", "--db", str(db), "--format", "csv").stdout)))
    assert header[-1] == "pages_missing" and [row[-1] for row in table] == ["0", "1"]


def test_parquet_export_carries_pages_missing(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    db = tmp_path / "berita.db"
    ingest(db, tmp_path / "a.warc.gz", PAGES[0], PAGES[1], "prmn/single")
    out = tmp_path / "berita.parquet"
    assert run("export", "--db", str(db), "--format", "parquet", "-o", str(out)).exit_code == 0
    assert pq.read_table(out).column("pages_missing").to_pylist() == [0, 1]
