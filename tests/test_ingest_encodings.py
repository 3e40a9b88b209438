"""WARC records as crawlers really write them: compressed bodies, bracketed target URIs, saved pages without a URL."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from beritascrape.cli import cli
from test_ingest import rows
from test_ingest_roundtrip import ARTICLE_COLUMNS
from warcs import Rec, fixture, write_warc

SINGLE = "prmn/single"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def ingest(warc: Path, db: Path) -> tuple[Result, dict]:
    return ingest_with(warc, db)


def ingest_with(warc: Path, db: Path, *options: str) -> tuple[Result, dict]:
    result = run("ingest", str(warc), "--db", str(db), "--json", "-q", "--jobs", "1", *options)
    return result, json.loads(result.stdout)


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-15)
    return packer.compress(data) + packer.flush()


def archived_as_plain(tmp_path: Path, body: bytes, headers: tuple[tuple[str, str], ...]) -> None:
    """Ingest the single fixture page sent as `body` with `headers`: the archive is the one its plain record gives."""
    url, raw, _ = fixture(SINGLE)
    write_warc(tmp_path / "plain.warc.gz", [Rec(url, raw)])
    write_warc(tmp_path / "sent.warc.gz", [Rec(url, body, http_headers=headers)])
    plain, sent = tmp_path / "plain.db", tmp_path / "sent.db"
    assert ingest(tmp_path / "plain.warc.gz", plain)[0].exit_code == 0
    result, data = ingest(tmp_path / "sent.warc.gz", sent)
    assert result.exit_code == 0, result.stderr
    assert data["sites"] == {"pikiran-rakyat.com": {"pages": 1, "new": 1}}
    sql = f"SELECT {ARTICLE_COLUMNS} FROM articles"
    assert rows(sent, sql) == rows(plain, sql)
    # The page is kept as the page, as `scrape` keeps it: its headers no longer say it was framed or compressed.
    assert rows(sent, "SELECT sha256, size, headers FROM pages") == [
        (hashlib.sha256(raw).hexdigest(), len(raw), '{"Content-Type": "text/html; charset=utf-8"}')
    ]


@pytest.mark.parametrize(
    ("coding", "encode"),
    [("gzip", gzip.compress), ("x-gzip", gzip.compress), ("deflate", zlib.compress), ("deflate", raw_deflate)],
)
def test_a_compressed_body_is_decoded_and_archived_as_the_plain_one(tmp_path: Path, coding: str, encode) -> None:
    archived_as_plain(tmp_path, encode(fixture(SINGLE)[1]), (("Content-Encoding", coding),))


def test_a_brotli_body_is_decoded(tmp_path: Path) -> None:
    brotli = pytest.importorskip("brotli")  # FastWARC requires it
    url, body, _ = fixture(SINGLE)
    write_warc(tmp_path / "a.warc.gz", [Rec(url, brotli.compress(body), http_headers=(("Content-Encoding", "br"),))])
    result, data = ingest(tmp_path / "a.warc.gz", tmp_path / "a.db")
    assert result.exit_code == 0, result.stderr
    assert data["sites"] == {"pikiran-rakyat.com": {"pages": 1, "new": 1}}
    assert rows(tmp_path / "a.db", "SELECT sha256, size FROM pages") == [(hashlib.sha256(body).hexdigest(), len(body))]


def test_a_body_that_does_not_decode_is_one_error_line_and_the_file_goes_on(tmp_path: Path) -> None:
    url = fixture(SINGLE)[0]
    other_url, other, _ = fixture("generic/wordpress")
    broken = Rec(url, b"\x1f\x8b\x08\x00 not gzip at all", http_headers=(("Content-Encoding", "gzip"),))
    offset = write_warc(tmp_path / "a.warc.gz", [broken, Rec(other_url, other)])[0]
    result, data = ingest(tmp_path / "a.warc.gz", tmp_path / "a.db")
    assert result.exit_code == 1
    assert data["errors"] == [
        f"{url} ({tmp_path / 'a.warc.gz'} at {offset}): "
        "the body cannot be gzip-decoded (Content-Encoding: gzip): damaged or not gzip"
    ]
    assert data["sites"] == {"kabarlembah.id": {"pages": 1, "new": 1}, "pikiran-rakyat.com": {"failed": 1}}


def test_an_unknown_content_coding_is_named(tmp_path: Path) -> None:
    url, body, _ = fixture(SINGLE)
    packed = zlib.compress(body)  # not zstd, and not HTML either: nothing to read
    write_warc(tmp_path / "a.warc.gz", [Rec(url, packed, http_headers=(("Content-Encoding", "zstd"),))])
    result, data = ingest(tmp_path / "a.warc.gz", tmp_path / "a.db")
    assert result.exit_code == 1
    assert data["errors"] == [
        f"{url} ({tmp_path / 'a.warc.gz'} at 0): the body is in a Content-Encoding beritascrape cannot decode: zstd"
    ]


def test_a_target_uri_in_angle_brackets_is_read_without_them(tmp_path: Path) -> None:
    # WARC 1.0's grammar (and wget's --warc-file) writes WARC-Target-URI: <http://...>.
    url, body, _ = fixture(SINGLE)
    write_warc(tmp_path / "a.warc.gz", [Rec(f"<{url}>", body)])
    result, _ = ingest(tmp_path / "a.warc.gz", tmp_path / "a.db")
    assert result.exit_code == 0, result.stderr
    assert rows(tmp_path / "a.db", "SELECT url FROM pages") == [(url,)]
    shown = run("show", url, "--db", str(tmp_path / "a.db"), "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["url"] == url


def test_saved_pages_that_name_no_url_come_back_as_the_articles_scrape_made(tmp_path: Path) -> None:
    # Neither page has a canonical link: scrape keys each by its file:// URI, and so must ingest of the export.
    saved = tmp_path / "saved"
    saved.mkdir()
    for name in ("generic/gallery", "generic/video"):
        (saved / f"{name.replace('/', '-')}.html").write_bytes(fixture(name)[1])
    source, back, warc = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "a.warc.gz"
    assert run("scrape", str(saved), "--db", str(source), "-q").exit_code == 0
    assert run("export", "--format", "warc", "-o", str(warc), "--db", str(source)).exit_code == 0
    result, _ = ingest(warc, back)
    assert result.exit_code == 0, result.stderr
    sql = f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY key"
    assert [r[0] for r in rows(source, sql)] == [
        (saved / n).as_uri() for n in ("generic-gallery.html", "generic-video.html")
    ]
    assert rows(back, sql) == rows(source, sql)
    assert rows(back, "SELECT COUNT(*) FROM article_versions") == [(0,)]


def test_a_warc_url_that_cannot_be_reached_says_why(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once the socket is closed
    url = f"http://127.0.0.1:{port}/a.warc.gz"
    result = run("ingest", url, "--db", str(tmp_path / "a.db"), "-q")
    assert result.exit_code == 1
    assert result.stderr == f"error: {url}: cannot connect to 127.0.0.1:{port}: connection refused\n"


def chunked(data: bytes, size: int = 1000) -> bytes:
    """HTTP/1.1 chunked framing, as wget's --warc-file keeps it."""
    parts = [b"%x\r\n%s\r\n" % (len(data[i : i + size]), data[i : i + size]) for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (lambda b: chunked(b), (("Transfer-Encoding", "chunked"),)),
        (lambda b: chunked(gzip.compress(b)), (("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip"))),
        # An archiver that undid the framing or the compression but kept the header: the body is read as it is.
        (lambda b: b, (("Transfer-Encoding", "chunked"),)),
        (lambda b: b, (("Content-Encoding", "gzip"),)),
    ],
)
def test_a_body_as_wget_stores_it_is_the_page_itself(tmp_path: Path, body, headers) -> None:
    archived_as_plain(tmp_path, body(fixture(SINGLE)[1]), headers)


def test_a_window_that_ends_before_it_starts_is_a_usage_error(tmp_path: Path) -> None:
    url, body, _ = fixture(SINGLE)
    write_warc(tmp_path / "a.warc.gz", [Rec(url, body)])
    result = run("ingest", str(tmp_path / "a.warc.gz"), "--db", str(tmp_path / "a.db"), "--since", "2024-03-05",
                 "--until", "2024-03-01")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == "Error: --since is after --until: no article can be in between"
    assert not (tmp_path / "a.db").exists()  # nothing read, nothing recorded as ingested


def test_a_file_read_for_some_sites_is_read_again_for_others(tmp_path: Path) -> None:
    warc, db = tmp_path / "a.warc.gz", tmp_path / "a.db"
    write_warc(warc, [Rec(*fixture(SINGLE)[:2]), Rec(*fixture("antara/article")[:2])])
    antara, prmn = fixture("antara/article")[2]["site"], fixture(SINGLE)[2]["site"]

    def ingested(*options: str) -> dict:
        result, data = ingest_with(warc, db, *options)
        assert result.exit_code == 0, result.stderr
        return {"files": data["files"], "sites": data["sites"]}

    done, skipped = (
        {"done": [str(warc)], "skipped": [], "failed": []},
        {"done": [], "skipped": [str(warc)], "failed": []},
    )
    assert ingested("--site", "prmn")["files"] == done
    # Another selection has not been read from this file yet: it is read again, and adds its own articles.
    assert ingested("--site", "antara") == {"files": done, "sites": {antara: {"pages": 1, "new": 1}}}
    assert ingested("--site", "antara")["files"] == skipped  # the same selection again: nothing to do
    assert ingested()["files"] == done  # every record: read once more (the two articles are unchanged)
    assert ingested("--site", "prmn")["files"] == skipped  # read for every record covers any selection
    assert rows(db, "SELECT site FROM articles ORDER BY site") == sorted([(antara,), (prmn,)])


def test_saved_pages_in_an_export_are_chosen_by_the_site_their_page_names(tmp_path: Path) -> None:
    # `export --format warc` writes saved files as resource records with file:// target URIs: --site and --domain
    # can only judge them by the canonical URL inside the page.
    saved = tmp_path / "saved"
    saved.mkdir()
    for name in (SINGLE, "antara/article"):
        (saved / f"{name.replace('/', '-')}.html").write_bytes(fixture(name)[1])
    source, warc = tmp_path / "a.db", tmp_path / "a.warc.gz"
    assert run("scrape", str(saved), "--db", str(source), "-q").exit_code == 0
    assert run("export", "--format", "warc", "-o", str(warc), "--db", str(source)).exit_code == 0
    prmn = fixture(SINGLE)[2]
    for options in (("--site", "prmn"), ("--domain", "pikiran-rakyat.com")):
        back = tmp_path / f"{options[0]}.db"
        result, data = ingest_with(warc, back, *options)
        assert result.exit_code == 0, result.stderr
        assert data["counts"]["filtered"] == 1
        assert rows(back, "SELECT url, site FROM articles") == [(prmn["url"], prmn["site"])]


def test_a_record_that_fails_is_a_failures_row_and_counts_in_its_run(tmp_path: Path) -> None:
    url = fixture(SINGLE)[0]
    other_url, other, _ = fixture("generic/wordpress")
    broken = Rec(url, b"\x1f\x8b\x08\x00 not gzip at all", http_headers=(("Content-Encoding", "gzip"),))
    warc, db = tmp_path / "a.warc.gz", tmp_path / "a.db"
    offset = write_warc(warc, [broken, Rec(other_url, other)])[0]
    result, _ = ingest(warc, db)
    assert result.exit_code == 1
    line = f"{url} ({warc} at {offset}): the body cannot be gzip-decoded (Content-Encoding: gzip): damaged or not gzip"
    assert rows(db, "SELECT url, message FROM failures") == [(url, line)]
    assert rows(db, "SELECT command, status, ok, failed FROM runs") == [("ingest", "partial", 1, 1)]
    retried = run("retry", "--db", str(db))
    assert retried.exit_code == 1
    assert retried.stderr.strip().splitlines()[-1] == (
        "error: run 1 was an ingest: its failed records and files are in `beritascrape failures --run 1`; read a "
        "file again with `beritascrape ingest FILE --redo`"
    )


def test_a_split_article_completed_by_a_later_run_keeps_its_earlier_pages(tmp_path: Path) -> None:
    # CC-NEWS files come daily: page 1 may be in Monday's file and pages 2-3 in Tuesday's.
    multi = ("prmn/multi-p1", "prmn/multi-p2", "prmn/multi-p3")
    monday, tuesday, whole = tmp_path / "mon.warc.gz", tmp_path / "tue.warc.gz", tmp_path / "all.warc.gz"
    write_warc(monday, [Rec(*fixture(multi[0])[:2])])
    write_warc(tuesday, [Rec(*fixture(multi[1])[:2]), Rec(*fixture(multi[2])[:2])])
    write_warc(whole, [Rec(*fixture(name)[:2]) for name in multi])
    daily, once = tmp_path / "daily.db", tmp_path / "once.db"
    assert ingest(monday, daily)[0].exit_code == 0
    result, _ = ingest(tuesday, daily)
    assert result.exit_code == 0, result.stderr
    assert "only page(s)" not in result.stderr
    assert ingest(whole, once)[0].exit_code == 0
    sql = "SELECT key, title, body, word_count, page_count FROM articles"
    assert rows(daily, sql) == rows(once, sql)
    # reparse reads the article's pages of both runs and finds nothing to change.
    redone = run("reparse", "--db", str(daily), "--json")
    assert redone.exit_code == 0, redone.stderr
    assert [json.loads(line)["status"] for line in redone.stdout.splitlines()] == []
    assert rows(daily, sql) == rows(once, sql)


def test_text_with_colon_words_is_printed_as_it_is(tmp_path: Path) -> None:
    # rich reads ":x:" as an emoji code: a message (or an article's text) must come out as written.
    result = run("ingest", "a.warc.gz", "--db", str(tmp_path / "a.db"), "--dask", "local:x")
    assert result.exit_code == 1
    assert result.stderr == "error: --dask local:x: give local or local:N with N a number of workers\n"
