"""Split articles on sites no profile knows: pages found in the navigation, fetched and stitched."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from beritascrape.cli import cli
from beritascrape.extract.pagination import discover_pages
from httpserver import Response, serve

FIXTURES = Path(__file__).parent / "fixtures" / "generic"
ARTICLE = "/2024/06/nelayan-pangandaran-kembali-melaut/"


def pages_of(html: str, url: str) -> list[str]:
    return discover_pages(etree.fromstring(html, etree.HTMLParser()), url)


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (  # "Halaman 1 2 3 Selanjutnya" with ?page=N, read from page 1
            '<p>Halaman <a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">3</a>'
            ' <a href="?page=2">Selanjutnya</a></p>',
            "https://warta.id/berita/judul",
            [
                "https://warta.id/berita/judul",
                "https://warta.id/berita/judul?page=2",
                "https://warta.id/berita/judul?page=3",
            ],
        ),
        (  # /2 path pages, read from page 2: page 1 is the bare path
            '<a href="/berita/judul/">1</a> <a href="/berita/judul/3/">3</a>',
            "https://warta.id/berita/judul/2/",
            ["https://warta.id/berita/judul", "https://warta.id/berita/judul/2/", "https://warta.id/berita/judul/3/"],
        ),
        (  # only <link rel=next>
            '<html><head><link rel="next" href="https://warta.id/judul/?page=2"></head><body></body></html>',
            "https://warta.id/judul/",
            ["https://warta.id/judul/", "https://warta.id/judul/?page=2"],
        ),
        ('<a href="/tag/banjir?page=2">2</a>', "https://warta.id/berita/judul", []),  # another path
        ('<a href="https://lain.id/berita/judul?page=2">2</a>', "https://warta.id/berita/judul", []),  # another host
        ('<a href="?page=2">Harga cabai naik lagi</a>', "https://warta.id/berita/judul", []),  # not a nav link
    ],
)
def test_page_links_are_this_url_with_a_page_number(html: str, url: str, expected: list[str]) -> None:
    assert pages_of(html, url) == expected


def test_a_split_article_on_an_unknown_site_is_fetched_whole_from_any_of_its_pages(tmp_path: Path) -> None:
    raw = {n: (FIXTURES / f"split-p{n}.html").read_bytes() for n in (1, 2, 3)}
    html = {"Content-Type": "text/html; charset=utf-8"}
    routes = {
        ARTICLE: Response(200, raw[1], html),
        ARTICLE + "?page=2": Response(200, raw[2], html),
        ARTICLE + "?page=3": Response(200, raw[3], html),
    }
    db = tmp_path / "berita.db"
    with serve(routes) as srv:
        result = CliRunner().invoke(
            cli, ["scrape", srv.url(ARTICLE + "?page=2"), "--db", str(db), "--allow-private", "-q"]
        )
    assert result.exit_code == 0, result.output
    expected = [json.loads((FIXTURES / f"split-p{n}.json").read_text("utf-8")) for n in (1, 2, 3)]
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT key, body, page_count, extractor FROM articles").fetchall()
        pages = [r[0] for r in conn.execute("SELECT url FROM pages ORDER BY id")]
    body = "\n\n".join(e["body"] for e in expected)
    assert rows == [("https://kabarpesisir.id/2024/06/nelayan-pangandaran-kembali-melaut/", body, 3, "generic")]
    assert [p.split("/", 3)[3] for p in pages] == [
        ARTICLE.lstrip("/"),
        ARTICLE.lstrip("/") + "?page=2",
        ARTICLE.lstrip("/") + "?page=3",
    ]


# Every page's canonical link names page 1 (many sites do): the page's own address, or for a saved file its
# navigation's current mark, says which page it is.
BASE = "https://kabarpesisir.id" + ARTICLE


def _canonical_to_page_1(n: int) -> bytes:
    raw = (FIXTURES / f"split-p{n}.html").read_bytes()
    own = f'<link rel="canonical" href="{BASE}?page={n}">'.encode()
    if n > 1:
        assert own in raw
    return raw.replace(own, f'<link rel="canonical" href="{BASE}">'.encode())


def _whole_body() -> str:
    return "\n\n".join(json.loads((FIXTURES / f"split-p{n}.json").read_text("utf-8"))["body"] for n in (1, 2, 3))


def test_ingest_stitches_pages_whose_canonical_is_page_1(tmp_path: Path) -> None:
    from warcs import Rec, write_warc

    warc, db = tmp_path / "a.warc.gz", tmp_path / "berita.db"
    urls = {1: BASE, 2: BASE + "?page=2", 3: BASE + "?page=3"}
    write_warc(warc, [Rec(urls[n], _canonical_to_page_1(n)) for n in (2, 3, 1)])
    result = CliRunner().invoke(cli, ["ingest", str(warc), "--db", str(db), "--quiet", "--jobs", "1"])
    assert (result.exit_code, result.stderr) == (0, "")
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT key, body, page_count, pages_missing FROM articles").fetchall()
        pages = conn.execute("SELECT url FROM pages ORDER BY url").fetchall()
    assert articles == [(BASE, _whole_body(), 3, 0)]
    assert pages == [(BASE,), (BASE + "?page=2",), (BASE + "?page=3",)]


def test_saved_pages_whose_canonical_is_page_1_are_stitched(tmp_path: Path) -> None:
    folder, db = tmp_path / "saved", tmp_path / "berita.db"
    folder.mkdir()
    for n in (1, 2, 3):
        (folder / f"halaman-{n}.html").write_bytes(_canonical_to_page_1(n))
    result = CliRunner().invoke(cli, ["scrape", str(folder), "--db", str(db), "--quiet"])
    assert (result.exit_code, result.stderr) == (0, "")
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT key, body, page_count, pages_missing FROM articles").fetchall()
        pages = [Path(r[0]).name for r in conn.execute("SELECT url FROM pages ORDER BY id")]
    assert articles == [(BASE, _whole_body(), 3, 0)]
    assert pages == ["halaman-1.html", "halaman-2.html", "halaman-3.html"]


@pytest.mark.parametrize(
    ("nav", "expected"),
    [
        ('<a href="?page=1">1</a> <span class="current">2</span> <a href="?page=3">3</a>', 2),
        ('<a href="?page=1">1</a> <a href="?page=2">2</a> <span class="current">3</span>', 3),
        ('<ul><li><a href="?page=1">1</a></li><li class="active"><a href="?page=2">2</a></li></ul>', 2),
        ('<a href="?page=1">1</a> <a href="?page=2" class="current">2</a> <a href="?page=3">3</a>', 2),
        ('<a href="?page=2">2</a> <a href="?page=3">3</a>', 1),  # the one number not linked
        ('<a href="?page=1">1</a> <b>2</b> <a href="?page=3">3</a>', 2),  # a number beside the links, no mark
        ('<a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">3</a>', None),  # silent
    ],
)
def test_a_saved_page_tells_its_number_by_its_navigation(nav: str, expected: int | None) -> None:
    from beritascrape.extract.pagination import marked_page

    doc = etree.fromstring(f"<html><body><div>{nav}</div></body></html>", etree.HTMLParser())
    assert marked_page(doc, BASE, [BASE, BASE + "?page=2", BASE + "?page=3"]) == expected


def test_an_export_of_saved_pages_whose_canonical_is_page_1_ingests_back_whole(tmp_path: Path) -> None:
    folder, db, again = tmp_path / "saved", tmp_path / "berita.db", tmp_path / "again.db"
    folder.mkdir()
    for n in (1, 2, 3):
        (folder / f"halaman-{n}.html").write_bytes(_canonical_to_page_1(n))
    assert CliRunner().invoke(cli, ["scrape", str(folder), "--db", str(db), "--quiet"]).exit_code == 0
    warc = tmp_path / "a.warc.gz"
    exported = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "warc", "-o", str(warc)])
    assert exported.exit_code == 0, exported.stderr
    # The saved files are file:// records: each page's navigation says which page it is.
    result = CliRunner().invoke(cli, ["ingest", str(warc), "--db", str(again), "--quiet", "--jobs", "1"])
    assert (result.exit_code, result.stderr) == (0, "")
    query = "SELECT key, body, page_count, pages_missing FROM articles"
    with sqlite3.connect(db) as conn, sqlite3.connect(again) as other:
        assert other.execute(query).fetchall() == conn.execute(query).fetchall() == [(BASE, _whole_body(), 3, 0)]
