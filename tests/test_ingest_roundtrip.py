"""`export --format warc` then `ingest` of that file gives back the articles: response and resource records."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner, Result
from warcio.warcwriter import WARCWriter

from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from beritascrape.ingest.warc import read_warc
from httpserver import Response, TestServer
from test_ingest import rows, variant
from warcs import fixture, write_warc

ARTICLE_COLUMNS = "key, url, canonical_url, site, title, published_at, authors, body, content_hash, extractor"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_an_exported_warc_ingests_back_to_the_same_articles(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    for name in ("generic/wordpress", "ingest/nolang-id"):
        (saved / f"{name.replace('/', '-')}.html").write_bytes(fixture(name)[1])
    html = {"Content-Type": "text/html; charset=utf-8"}
    source, back, warc = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "a.warc.gz"
    with TestServer({"/single": Response(200, fixture("prmn/single")[1], html)}) as server:
        # A fetched page becomes a response record, a saved file a resource record.
        scraped = run("scrape", server.url("/single"), str(saved), "--db", str(source), "--allow-private", "-q")
        assert scraped.exit_code == 0, scraped.stderr
    assert run("export", "--format", "warc", "-o", str(warc), "--db", str(source)).exit_code == 0
    result = run("ingest", str(warc), "--db", str(back), "--json", "-q", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    # warcinfo and a metadata record per page are other records; the request is counted as one.
    assert data["counts"] == {"html": 3, "request": 1, "other_record": 4}
    assert data["files"] == {"done": [str(warc)], "skipped": [], "failed": []}
    sql = f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY key"
    assert len(rows(source, sql)) == 3
    assert rows(back, sql) == rows(source, sql)
    assert rows(back, "SELECT url, status, content_type FROM pages ORDER BY url") == rows(
        source, "SELECT final_url, status, content_type FROM pages ORDER BY final_url"
    )


def test_resource_records_are_pages_when_they_hold_html_at_a_target_uri() -> None:
    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=True)
    url, body, _ = fixture("prmn/single")
    for uri, content, content_type in (
        (url, body, "text/html; charset=utf-8"),
        ("https://x.example/logo.png", b"\x89PNG\r\n", "image/png"),
        ("", body, "text/html"),
    ):
        record = writer.create_warc_record(
            uri, "resource", payload=io.BytesIO(content), length=len(content), warc_content_type=content_type
        )
        writer.write_record(record)
    raw.seek(0)
    entries = list(read_warc(raw))
    assert [(e.kind, e.uri, e.status, e.headers) for e in entries] == [
        ("html", url, 200, {"Content-Type": "text/html; charset=utf-8"}),
        ("non_html", "https://x.example/logo.png", 200, {"Content-Type": "image/png"}),
        ("other_record", "", 0, {}),
    ]
    assert entries[0].content == body


def test_a_saved_file_in_a_resource_record_loses_its_hosts_template_text(tmp_path: Path) -> None:
    db, first, second = tmp_path / "berita.db", tmp_path / "first.warc.gz", tmp_path / "second.warc.gz"
    write_warc(first, [variant(n) for n in range(3)])
    assert run("ingest", str(first), "--db", str(db), "--quiet").exit_code == 0
    # The fourth article as a saved file: only its canonical link names the host whose template text it holds.
    saved = variant(3)
    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=True)
    uri = (tmp_path / "saved" / "article.html").as_uri()
    record = writer.create_warc_record(
        uri, "resource", payload=io.BytesIO(saved.body), length=len(saved.body), warc_content_type="text/html"
    )
    writer.write_record(record)
    second.write_bytes(raw.getvalue())
    # Two jobs on one file: the workers are sent the template text of the saved file's host too.
    result = run("ingest", str(second), "--db", str(db), "--quiet", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    with Archive(db) as archive:
        article = archive.get_article(saved.url)
    assert article is not None and article.paragraphs == [
        "Warga Muara Baru memasang rumpon baru bersama kelompok nelayan pada pagi hari, kata ketua kelompok.",
        "Hasil tangkapan nelayan Muara Baru naik sejak rumpon dipasang, dan mereka tidak lagi melaut jauh.",
    ]
    assert rows(db, "SELECT url FROM pages WHERE article_id = ?", article_id(db, saved.url)) == [(uri,)]


def article_id(db: Path, url: str) -> int:
    return int(rows(db, "SELECT id FROM articles WHERE url = ?", url)[0][0])
