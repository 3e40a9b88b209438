"""Learnt site boilerplate end to end: a host whose articles repeat a newsletter prompt word for word.

The pages are written here (invented text, the shape of a small WordPress-like local site) and scraped as saved files
with --url on one host; the archive counts each article's short paragraphs, and once the prompt is in three articles
it is the host's template text: gone from the next article's body, and `reparse` removes it from the earlier ones.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from beritascrape.archive import boilerplate
from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from beritascrape.crawl.run import crawl
from beritascrape.discover import Discovered, canonicalize_url
from beritascrape.extract.clean import block_key
from beritascrape.fetch.http import FetchConfig, Fetcher
from beritascrape.model import Article
from httpserver import Response, serve

HOST = "https://www.kabarbukit.test"
HTML = {"Content-Type": "text/html; charset=utf-8"}
# A newsletter prompt that names no channel or app, so only learning (not a cleaning rule) can tell it is template.
PROMPT = "Terima ringkasan kabar dari lereng bukit setiap Jumat pagi langsung di kotak masuk surel Anda."
# In two articles only: below MIN_ARTICLES, so it stays news text.
TWICE = "Hingga berita ini diturunkan, pihak kecamatan belum memberikan keterangan resmi."
# In one article only (a short editor's note): never dropped, however often that article is saved.
ONCE = "Catatan redaksi: judul berita ini diperbaiki pada Kamis sore."
STORIES = {
    1: (
        "Warga Desa Sukamaju Perbaiki Saluran Irigasi Bersama",
        [
            "Puluhan warga Desa Sukamaju bergotong royong memperbaiki saluran irigasi yang jebol akibat hujan deras "
            "sepanjang pekan lalu, agar sawah di hilir kembali teraliri air.",
            "Kepala desa mengatakan perbaikan dikerjakan tanpa menunggu bantuan dari kabupaten karena musim tanam "
            "sudah dekat dan petani tidak mau kehilangan waktu.",
            TWICE,
            PROMPT,
        ],
    ),
    2: (
        "Pasar Kaget Minggu Pagi Ramai Dikunjungi Pembeli",
        [
            "Pasar kaget yang digelar setiap Minggu pagi di lapangan kecamatan kembali ramai setelah sempat sepi "
            "selama musim hujan, kata para pedagang sayur dan jajanan.",
            "Seorang pedagang mengaku omzetnya naik hampir dua kali lipat dibandingkan bulan lalu, terutama untuk "
            "sayuran segar dan kue tradisional.",
            ONCE,
            PROMPT,
        ],
    ),
    3: (
        "Jalan Menuju Curug Cibeureum Mulai Diaspal",
        [
            "Pengaspalan jalan sepanjang tiga kilometer menuju Curug Cibeureum dimulai pekan ini, setelah "
            "bertahun-tahun warga dan wisatawan mengeluhkan jalan berbatu yang licin.",
            "Dinas pekerjaan umum menargetkan pengerjaan rampung dalam dua bulan bila cuaca mendukung dan pasokan "
            "aspal lancar.",
            TWICE,
            PROMPT,
        ],
    ),
    4: (
        "Sekolah Dasar Negeri Cikaret Terima Bantuan Buku",
        [
            "Sekolah Dasar Negeri Cikaret menerima bantuan tiga ratus buku bacaan dari komunitas pegiat literasi, "
            "yang akan ditempatkan di pojok baca setiap kelas.",
            "Kepala sekolah mengatakan murid kini punya bacaan baru untuk dibaca saat jam istirahat, setelah koleksi "
            "perpustakaan lama banyak yang rusak.",
            PROMPT,
        ],
    ),
}


def url_of(n: int) -> str:
    return f"{HOST}/berita/2024/05/{n}/kabar-bukit"


def page_html(n: int) -> str:
    title, paragraphs = STORIES[n]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{title} - Kabar Bukit</title>
<link rel="canonical" href="{url_of(n)}">
<meta property="og:type" content="article"><meta property="og:site_name" content="Kabar Bukit">
<meta property="article:published_time" content="2024-05-0{n}T08:00:00+07:00">
</head><body><header><a href="{HOST}/">Kabar Bukit</a></header>
<main><article><h1>{title}</h1><div class="entry-content">
{body}
</div></article></main><footer><p>Kabar Bukit, kabar dari lereng.</p></footer></body></html>"""


def without(paragraphs: Sequence[str], *dropped: str) -> str:
    return "\n\n".join(p for p in paragraphs if p not in dropped)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def scrape(db: Path, tmp_path: Path, n: int) -> None:
    path = tmp_path / f"kabar-{n}.html"
    path.write_text(page_html(n), encoding="utf-8")
    result = run("scrape", "--db", str(db), "--quiet", str(path), "--url", url_of(n))
    assert result.exit_code == 0, result.output


def bodies(db: Path) -> list[str]:
    return [row[0] for row in rows(db, "SELECT body FROM articles ORDER BY id")]


def test_prompt_is_learnt_after_three_articles_and_reparse_removes_it(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    for n in (1, 2):
        scrape(db, tmp_path, n)
    # Two articles: the prompt is not template text yet.
    scrape(db, tmp_path, 3)
    assert bodies(db) == [without(STORIES[n][1]) for n in (1, 2, 3)]
    counted = rows(db, "SELECT host, key, articles, text FROM template_blocks WHERE articles > 1 ORDER BY articles")
    assert counted == [
        ("kabarbukit.test", block_key(TWICE), 2, None),
        ("kabarbukit.test", block_key(PROMPT), 3, PROMPT),
    ]
    # The fourth article of the host is archived without it.
    scrape(db, tmp_path, 4)
    assert bodies(db)[3] == without(STORIES[4][1], PROMPT)

    # A dry run shows what would change, field by field, and writes nothing.
    dry = run("reparse", "--db", str(db), "--dry-run", "--quiet")
    assert dry.exit_code == 0, dry.output
    expected = []
    for n in (1, 2, 3):
        words = len(without(STORIES[n][1]).split())
        expected += [
            f"would change {n} {url_of(n)}",
            "  body: 1 paragraph(s) removed, 0 added",
            f"    - {PROMPT}",
            f"  word_count: {words} -> {words - len(PROMPT.split())}",
        ]
    assert dry.stdout.splitlines() == expected
    assert bodies(db)[:3] == [without(STORIES[n][1]) for n in (1, 2, 3)]
    assert rows(db, "SELECT count(*) FROM article_versions") == [(0,)]
    assert rows(db, "SELECT command FROM runs") == [("scrape",)] * 4

    done = run("reparse", "--db", str(db))
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines() == [line.replace("would change", "changed") for line in expected]
    # The prompt is gone from every body; the blocks of one or two articles stay.
    assert bodies(db) == [without(STORIES[n][1], PROMPT) for n in (1, 2, 3, 4)]
    versions = rows(db, "SELECT article_id, version, record FROM article_versions ORDER BY article_id")
    assert [(a, v, json.loads(r)["body"]) for a, v, r in versions] == [
        (n, 1, without(STORIES[n][1])) for n in (1, 2, 3)
    ]
    assert rows(db, "SELECT command, status, ok, failed FROM runs ORDER BY id DESC LIMIT 1") == [
        ("reparse", "ok", 4, 0)
    ]
    assert (
        "│ kabarbukit.test │       3 │         1 │      0 │" in done.stderr.splitlines()
    )  # changed, unchanged, failed

    # Nothing left to change, and the learnt block stays learnt although no body holds it any more.
    again = run("reparse", "--db", str(db), "--quiet")
    assert (again.exit_code, again.stdout) == (0, "")
    assert rows(db, "SELECT count(*) FROM article_versions") == [(3,)]
    assert rows(db, f"SELECT articles FROM template_blocks WHERE key = '{block_key(PROMPT)}'") == [(3,)]


# The README's statements, run as a user would in the sqlite3 shell (no foreign keys enforced there).
KEEP = "UPDATE template_blocks SET keep = 1 WHERE host = 'kabarbukit.test' AND text LIKE 'Terima ringkasan%'"
FORGET = [
    "DELETE FROM template_sightings WHERE (host, key) IN (SELECT host, key FROM template_blocks "
    "WHERE host = 'kabarbukit.test' AND text LIKE 'Terima ringkasan%')",
    "DELETE FROM template_blocks WHERE host = 'kabarbukit.test' AND text LIKE 'Terima ringkasan%'",
]


@pytest.mark.parametrize("statements", [[KEEP], FORGET], ids=["keep", "forget"])
def test_kept_or_forgotten_block_is_not_dropped(tmp_path: Path, statements: list[str]) -> None:
    db = tmp_path / "berita.db"
    for n in (1, 2, 3):
        scrape(db, tmp_path, n)
    with sqlite3.connect(db) as conn:
        for statement in statements:
            assert conn.execute(statement).rowcount > 0
    scrape(db, tmp_path, 4)
    assert bodies(db)[3] == without(STORIES[4][1])
    done = run("reparse", "--db", str(db), "--quiet")
    assert (done.exit_code, done.stdout) == (0, "")


def article(n: int, paragraphs: Sequence[str]) -> Article:
    body = "\n\n".join(paragraphs)
    return Article(url=url_of(n), canonical_url=url_of(n), site="kabarbukit.test", body=body, extractor="generic")


def test_an_article_saved_again_is_counted_once(tmp_path: Path) -> None:
    with Archive(tmp_path / "b.db") as archive:
        for _ in range(4):
            archive.save_article(article(1, [ONCE, PROMPT]))
        archive.save_article(article(1, [ONCE, PROMPT, "Sebuah paragraf baru yang ditambahkan redaksi."]))
        assert archive.template_keys(url_of(9)) == frozenset()
        # Each block once, for the one article; a block of one article has no count row yet.
        assert archive.db.execute(
            "SELECT key, count(*) FROM template_sightings GROUP BY key ORDER BY key"
        ).fetchall() == sorted(
            (block_key(p), 1) for p in (ONCE, PROMPT, "Sebuah paragraf baru yang ditambahkan redaksi.")
        )
        assert archive.db.execute("SELECT count(*) FROM template_blocks").fetchone() == (0,)
        first = archive.save_article(article(2, [PROMPT]))
        third = archive.save_article(article(3, [PROMPT, ONCE.upper()]))
        assert (first.learnt, third.learnt) == (0, 1)
        # Case and spacing do not make another block; every host page now drops the prompt, other hosts' do not.
        assert archive.template_keys(f"{HOST}/lain") == frozenset({block_key(PROMPT)})
        assert archive.template_keys("https://kabarbukit.test/") == frozenset({block_key(PROMPT)})
        assert archive.template_keys("https://lain.test/") == frozenset()
        assert archive.db.execute(
            "SELECT articles FROM template_blocks WHERE key = ?", [block_key(ONCE)]
        ).fetchone() == (2,)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.Kabarbukit.test/a", "kabarbukit.test"),
        ("http://127.0.0.1:8080/a", "127.0.0.1:8080"),
        ("file:///tmp/a.html", None),
        ("http://[bad/x", None),
        (None, None),
    ],
)
def test_host_key(url: str | None, host: str | None) -> None:
    assert boilerplate.host_key(url) == host


def test_upgrade_counts_the_articles_already_archived(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Archive(path) as archive:
        for n in (1, 2, 3):
            archive.save_article(article(n, [f"Paragraf khas artikel {n}.", PROMPT]))
        # An archive from before the table: no counts, as if version 5 had never been applied.
        archive.db.execute("DROP TABLE template_sightings")
        archive.db.execute("DROP TABLE template_blocks")
        archive.db.execute("DELETE FROM migrations WHERE version = 5")
        archive.db.conn.commit()
    with Archive(path) as upgraded:
        assert upgraded.template_keys(url_of(1)) == frozenset({block_key(PROMPT)})
        assert upgraded.db.execute("SELECT count(*) FROM template_sightings").fetchone() == (6,)


def test_crawl_learns_and_drops_the_prompt(tmp_path: Path) -> None:
    routes = {"/robots.txt": Response(200, "User-agent: *\n", {"Content-Type": "text/plain"})}
    routes.update({f"/berita/{n}": Response(200, page_html(n), HTML) for n in STORIES})

    def sources_for(source: str, fetcher: object) -> list[tuple[str, str]]:
        return [(source, "sitemap")]

    def discover(url: str, kind: str, fetcher: object, **options: object) -> Iterator[Discovered]:
        for n in sorted(STORIES):  # listed, and so fetched, in this order
            yield Discovered(url.removesuffix("/sitemap.xml") + f"/berita/{n}", None, url, "sitemap")

    db = tmp_path / "crawl.db"
    with serve(routes) as srv, Fetcher(FetchConfig(allow_private=True, delay_from_answer=False)) as fetcher:
        stubs = {"sources_fn": sources_for, "discover_fn": discover, "canonicalize": canonicalize_url}
        result = crawl([srv.url("/sitemap.xml")], db, fetcher, delay=0.0, **stubs)
    assert [(s.new, s.failed) for s in result.sites] == [(4, 0)]
    # Learnt from the first three articles, the prompt is left out of the fourth.
    assert bodies(db) == [without(STORIES[n][1]) for n in (1, 2, 3)] + [without(STORIES[4][1], PROMPT)]
    done = run("reparse", "--db", str(db), "--quiet")
    assert (done.exit_code, done.stdout.count("changed ")) == (0, 3)
    assert bodies(db) == [without(STORIES[n][1], PROMPT) for n in (1, 2, 3, 4)]


def test_a_saved_file_without_url_gets_its_host_template(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    for n in (1, 2, 3):
        scrape(db, tmp_path, n)
    # No --url: only the page's canonical link names the host, and the page is read again with its template.
    path = tmp_path / "kabar-4.html"
    path.write_text(page_html(4), encoding="utf-8")
    result = run("scrape", "--db", str(db), "--quiet", str(path))
    assert result.exit_code == 0, result.output
    assert bodies(db)[3] == without(STORIES[4][1], PROMPT)
    # reparse reads that stored page the same way (its final URL is the file's): nothing to change.
    again = run("reparse", "--db", str(db), "--quiet", "--site", "kabarbukit.test", "--since", "2024-05-04")
    assert (again.exit_code, again.stdout) == (0, "")


def test_an_article_archived_again_under_other_urls_keeps_its_text(tmp_path: Path) -> None:
    # The same story under four URLs of one host (no canonical link to join them): its short paragraphs are in
    # three articles and more, but they are the article, not the host's template beside it.
    db = tmp_path / "berita.db"
    story = STORIES[1][1]
    html = page_html(1).replace(f'<link rel="canonical" href="{url_of(1)}">\n', "")
    for copy in range(1, 5):
        path = tmp_path / f"salinan-{copy}.html"
        path.write_text(html, encoding="utf-8")
        url = f"{HOST}/salinan/{copy}/warga-desa-sukamaju"
        result = run("scrape", "--db", str(db), "--quiet", str(path), "--url", url)
        assert result.exit_code == 0, result.output
    assert bodies(db) == [without(story)] * 4
    assert run("reparse", "--db", str(db), "--quiet").stdout == ""
    assert bodies(db) == [without(story)] * 4
