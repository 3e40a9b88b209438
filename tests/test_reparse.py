"""`reparse` end to end: an archive scraped from a PRMN-like loopback site, re-extracted with the server gone."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from beritascrape.cli import cli
from beritascrape.crawl import run as crawl_module
from beritascrape.model import Article
from beritascrape.scrape import article as scrape_article
from beritascrape.scrape import reparse as reparse_module
from beritascrape.scrape.drift import DriftTally, drifted_profile
from fakenet import GeneratedNet
from httpserver import Response, serve

FIXTURES = Path(__file__).parent / "fixtures"
HTML = {"Content-Type": "text/html; charset=utf-8"}
MULTI = "/bandung-raya/pr-35512088/jembatan-gantung-sungai-cikawung-kembali-dibuka-warga-dua-desa-tak-lagi-memutar-jauh"
SINGLE = "/bandung-raya/pr-01356789/warga-sukapada-sulap-lahan-tidur-jadi-kebun-sayur"
DRIFTED = "generic (profile prmn drifted)"


def page(name: str) -> Response:
    return Response(200, (FIXTURES / "prmn" / name).read_bytes(), HTML)


def golden(name: str) -> dict:
    return json.loads((FIXTURES / "prmn" / name).read_text("utf-8"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def rows(db: Path, sql: str, args: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def site_routes() -> dict[str, Response]:
    """A PRMN-like site: the 3-page article at MULTI and the one-page article at SINGLE."""
    return {
        "/robots.txt": Response(200, "User-agent: *\n", {"Content-Type": "text/plain"}),
        MULTI: page("multi-p1.html"),
        MULTI + "?page=2": page("multi-p2.html"),
        MULTI + "?page=3": page("multi-p3.html"),
        SINGLE: page("single.html"),
    }


@pytest.fixture
def archived(tmp_path: Path) -> Path:
    """An archive holding the 3-page article (scraped from its page 2) and the one-page article; no server after."""
    db = tmp_path / "berita.db"
    with serve(site_routes()) as srv:
        result = run("scrape", "--db", str(db), "--allow-private", srv.url(MULTI + "?page=2"), srv.url(SINGLE))
    assert result.exit_code == 0, result.output
    return db


def test_reparse_restores_a_tampered_split_article_from_its_stored_pages(archived: Path) -> None:
    multi = "\n\n".join(golden(f"multi-p{n}.json")["body"] for n in (1, 2, 3))
    stored = rows(archived, "SELECT id, body, title, word_count, content_hash FROM articles ORDER BY id")
    assert stored[0][1] == multi
    rows(
        archived,
        "UPDATE articles SET body = 'Teks lama.', title = 'Judul lama', word_count = 2, content_hash = 'lama' "
        "WHERE id = 1",
    )

    result = run("reparse", "--db", str(archived), "--quiet")
    assert result.exit_code == 0, result.output
    url = rows(archived, "SELECT url FROM articles WHERE id = 1")[0][0]
    title = golden("multi-p1.json")["title"]
    assert result.stdout.splitlines()[:4] == [
        f"changed 1 {url}",
        f'  title: "Judul lama" -> {json.dumps(title, ensure_ascii=False)}',
        f"  body: 1 paragraph(s) removed, {len(multi.split(chr(10) * 2))} added",
        "    - Teks lama.",
    ]
    assert result.stdout.splitlines()[-1] == f"  word_count: 2 -> {len(multi.split())}"
    # Back to exactly what was scraped, with its stored hash; the tampered text is kept as version 1.
    assert rows(archived, "SELECT id, body, title, word_count, content_hash FROM articles ORDER BY id") == stored
    (record,) = rows(archived, "SELECT article_id, version, record FROM article_versions")
    assert (record[0], record[1]) == (1, 1)
    assert {k: json.loads(record[2])[k] for k in ("title", "body", "word_count", "extractor")} == {
        "title": "Judul lama",
        "body": "Teks lama.",
        "word_count": 2,
        "extractor": "profile:prmn",
    }
    assert rows(archived, "SELECT command, status, ok, failed FROM runs ORDER BY id") == [
        ("scrape", "ok", 2, 0),
        ("reparse", "ok", 2, 0),
    ]
    # Re-extraction saved no page of its own.
    assert rows(archived, "SELECT count(*) FROM pages") == [(4,)]


@pytest.mark.parametrize("folder", ["prmn", "generic"])
def test_a_split_article_scraped_from_saved_files_is_reparsed_whole(folder: str, tmp_path: Path) -> None:
    db, saved = tmp_path / "berita.db", tmp_path / "saved"
    saved.mkdir()
    names = ["multi-p1.html", "multi-p2.html", "multi-p3.html"] if folder == "prmn" else ["split-p1.html",
             "split-p2.html", "split-p3.html"]  # fmt: skip
    for name in reversed(names):  # given in any order, stitched in page order
        (saved / name).write_bytes((FIXTURES / folder / name).read_bytes())
    assert run("scrape", "--db", str(db), "-q", *(str(saved / n) for n in reversed(names))).exit_code == 0
    before = rows(db, "SELECT body, word_count, page_count, captions, content_hash FROM articles")
    assert len(before) == 1 and before[0][2] == 3
    result = run("reparse", "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # nothing changed: all three pages were read again
    assert rows(db, "SELECT body, word_count, page_count, captions, content_hash FROM articles") == before
    assert rows(db, "SELECT count(*) FROM article_versions") == [(0,)]


def test_a_page_that_no_longer_parses_fails_and_the_article_stays(archived: Path) -> None:
    before = rows(archived, "SELECT * FROM articles ORDER BY id")
    single_url = before[1][2]
    rows(archived, "UPDATE pages SET html = ? WHERE article_id = 2", (zlib.compress(b"<html><body></body></html>"),))

    dry = run("reparse", "--db", str(archived), "--dry-run", "--quiet")
    assert (dry.exit_code, dry.stdout) == (1, "")
    assert dry.stderr.splitlines() == [f"error: {single_url}: no article text found; kept as it was"]

    result = run("reparse", "--db", str(archived), "--quiet")
    assert result.exit_code == 1
    assert result.stderr == dry.stderr
    assert rows(archived, "SELECT * FROM articles ORDER BY id") == before
    assert rows(archived, "SELECT count(*) FROM article_versions") == [(0,)]
    assert rows(archived, "SELECT url, message FROM failures") == [
        (single_url, "no article text found; kept as it was")
    ]
    assert rows(archived, "SELECT command, status, ok, failed FROM runs ORDER BY id") == [
        ("scrape", "ok", 2, 0),
        ("reparse", "partial", 1, 1),
    ]


def test_a_damaged_or_missing_stored_page_fails_its_article_only(archived: Path) -> None:
    rows(archived, "UPDATE pages SET html = x'00ff' WHERE article_id = 2")
    rows(archived, "DELETE FROM pages WHERE article_id = 1")
    urls = [row[0] for row in rows(archived, "SELECT url FROM articles ORDER BY id")]
    page = rows(archived, "SELECT url FROM pages WHERE article_id = 2")[0][0]
    result = run("reparse", "--db", str(archived), "--quiet")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"error: {urls[0]}: no stored page to re-extract; kept as it was",
        f"error: {urls[1]}: the stored page {page} is damaged (not zlib-compressed bytes); kept as it was",
    ]
    assert rows(archived, "SELECT count(*) FROM article_versions") == [(0,)]


def test_a_missing_page_of_a_split_article_fails_it(archived: Path) -> None:
    rows(archived, "DELETE FROM pages WHERE url LIKE '%?page=3'")
    result = run("reparse", "--db", str(archived), "--quiet", "--json")
    assert result.exit_code == 1
    url = rows(archived, "SELECT url FROM articles WHERE id = 1")[0][0]
    base = url.split("?")[0]
    message = (
        f"page 3 of 3 failed: {base}?page=3 is not in the archive (reparse reads stored pages only); kept as it was"
    )
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"article_id": 1, "url": url, "status": "failed", "message": message}
    ]


def test_site_and_since_choose_the_articles(archived: Path) -> None:
    rows(archived, "UPDATE articles SET body = 'Teks lama.'")
    dates = rows(archived, "SELECT site, published_utc FROM articles ORDER BY id")
    later = max(dates, key=lambda d: d[1])
    # The later article only (--since is the article's own date), then only what is on another site: nothing.
    since = run("reparse", "--db", str(archived), "--dry-run", "--quiet", "--since", later[1])
    assert [line.split()[2] for line in since.stdout.splitlines() if line.startswith("would")] == [
        str(1 + dates.index(later))
    ]
    other = run("reparse", "--db", str(archived), "--dry-run", "--site", "example.com")
    assert (other.exit_code, other.stdout, other.stderr) == (0, "", "no archived article matches\n")
    # A site's sub-domains are in it: galamedia.pikiran-rakyat.com is part of pikiran-rakyat.com.
    both = run("reparse", "--db", str(archived), "--dry-run", "--quiet", "--site", "www.pikiran-rakyat.com")
    assert len([line for line in both.stdout.splitlines() if line.startswith("would")]) == 2
    # Articles named by id or by the URL of any of their pages; --site still filters them.
    url = rows(archived, "SELECT url FROM pages WHERE article_id = 2")[0][0]
    named = run("reparse", "--db", str(archived), "--dry-run", "--quiet", "1", url)
    assert [line.split()[2] for line in named.stdout.splitlines() if line.startswith("would")] == ["1", "2"]
    named = run("reparse", "--db", str(archived), "--dry-run", "--site", "example.com", "1")
    assert (named.exit_code, named.stdout, named.stderr) == (0, "", "no archived article matches\n")
    unknown = run("reparse", "--db", str(archived), "--dry-run", "99")
    assert unknown.exit_code == 2 and "no archived article with id or URL 99" in unknown.output
    bad = run("reparse", "--db", str(archived), "--since", "bukan tanggal")
    assert bad.exit_code == 2 and "--since" in bad.output


def test_no_archive_is_one_line(tmp_path: Path) -> None:
    result = run("reparse", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: no archive at {tmp_path / 'none.db'} (run `beritascrape scrape` first, or pass --db)\n"
    )


# -- drift warnings -----------------------------------------------------------------------------------------------


def drifting(real: Any) -> Any:
    """Wrap an extraction function so that every article it returns says its profile drifted."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        if isinstance(found, tuple):
            return dataclasses.replace(found[0], extractor=DRIFTED), *found[1:]
        return dataclasses.replace(found, extractor=DRIFTED)

    return wrapper


def test_drift_tally_says_one_line_per_family_and_host() -> None:
    assert drifted_profile("generic (profile kompas drifted)") == "kompas"
    assert drifted_profile("generic") is None and drifted_profile("profile:kompas") is None
    tally = DriftTally.of(
        [
            Article(
                url="https://megapolitan.kompas.com/a",
                site="megapolitan.kompas.com",
                extractor="generic (profile kompas drifted)",
            ),
            None,
            Article(
                url="https://megapolitan.kompas.com/b",
                site="megapolitan.kompas.com",
                extractor="generic (profile kompas drifted)",
            ),
            Article(url="https://news.detik.com/c", site="news.detik.com", extractor="generic (profile detik drifted)"),
            Article(url="https://news.detik.com/d", site="news.detik.com", extractor="profile:detik"),
        ]
    )
    assert tally.warnings() == [
        "kompas profile drifted on megapolitan.kompas.com (2 articles read by the generic path); "
        "run 'beritascrape sites --check https://megapolitan.kompas.com/a'",
        "detik profile drifted on news.detik.com (1 article read by the generic path); "
        "run 'beritascrape sites --check https://news.detik.com/c'",
    ]
    assert (tally.total, tally.caption()) == (3, "3 read by the generic path (profile drift)")


def test_scrape_and_reparse_warn_once_per_family_and_host(
    archived: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Drift said of the stitched article: every page of the split one is still read (the next test drifts a page).
    monkeypatch.setattr(reparse_module, "complete_article", drifting(reparse_module.complete_article))
    sites = rows(archived, "SELECT url, site FROM articles ORDER BY id")
    result = run("reparse", "--db", str(archived))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: prmn profile drifted on {site} (1 article read by the generic path); "
        f"run 'beritascrape sites --check {url}'"
        for url, site in sites
    ]
    assert "2 read by the generic path (profile drift)" in result.stderr
    # The extractor is written although the text is the same.
    assert rows(archived, "SELECT DISTINCT extractor FROM articles") == [(DRIFTED,)]

    monkeypatch.setattr(scrape_article, "parse_html", drifting(scrape_article.parse_html))
    saved = []
    for n in (1, 2):
        path = tmp_path / f"single-{n}.html"
        path.write_bytes((FIXTURES / "prmn" / "single.html").read_bytes())
        saved.append(str(path))
    scraped = run("scrape", "--db", str(tmp_path / "other.db"), "--quiet", *saved)
    assert scraped.exit_code == 0, scraped.output
    single = golden("single.json")
    # Two copies of one page are one article.
    assert scraped.stderr.splitlines() == [
        f"warning: prmn profile drifted on {single['site']} (1 article read by the generic path); "
        f"run 'beritascrape sites --check {single['url']}'"
    ]


def test_a_drifted_page_never_cuts_an_archived_split_article(archived: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A drifted profile reads page 1 by the generic path, which follows no page link: 1 page of 3. Reparse used to
    # replace the 3-page body with it; a partial copy never replaces a whole one (archive/completeness.py).
    monkeypatch.setattr(scrape_article, "parse_html", drifting(scrape_article.parse_html))
    before = rows(archived, "SELECT * FROM articles WHERE id = 1")
    result = run("reparse", "--db", str(archived), "--quiet")
    assert result.exit_code == 1
    url = rows(archived, "SELECT url FROM articles WHERE id = 1")[0][0]
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {url}: re-extraction reads 1 of its 3 pages, the archived copy 3; kept as it was"
    ]
    assert rows(archived, "SELECT * FROM articles WHERE id = 1") == before
    assert rows(archived, "SELECT extractor, pages_missing FROM articles ORDER BY id") == [
        ("profile:prmn", 0),
        (DRIFTED, 0),
    ]


def test_crawl_warns_once_per_family_and_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crawl_module, "complete_article", drifting(crawl_module.complete_article))
    db = tmp_path / "c.db"
    with GeneratedNet(1, 3) as net:
        result = run("crawl", "--db", str(db), "--allow-private", "--delay", "0", "--json", *net.sitemaps())
        first = net.hosts["h0"].base_url + net.path(0)
    assert result.exit_code == 0, result.output
    line = (
        "prmn profile drifted on 127.0.0.1 (3 articles read by the generic path); "
        f"run 'beritascrape sites --check {first}'"
    )
    assert [w for w in result.stderr.splitlines() if w.startswith("warning:")] == [f"warning: {line}"]
    summary = json.loads(result.stdout)
    assert (summary["warnings"], summary["drifted"]) == ([line], 3)
    assert "3 read by the generic path (profile drift)" in result.stderr
