"""Filtered exports end to end: JSON Lines with ids, Parquet read back by pyarrow and DuckDB, WARC by warcio."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sqlite3
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from beritascrape.cli import cli
from httpserver import Response, TestServer, serve
from newspages import PAGES, write_pages

HTML = {"Content-Type": "text/html; charset=utf-8", "X-Served-By": "loopback"}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    write_pages(tmp_path / "saved")
    path = tmp_path / "berita.db"
    assert run("scrape", "-q", "--db", str(path), str(tmp_path / "saved")).exit_code == 0
    return path


def test_jsonl_export_filters_and_carries_id_and_first_seen(db: Path) -> None:
    result = run("export", "--db", str(db), "--tag", "banjir", "--since", "2024-03-06")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    seen = dict(rows(db, "SELECT id, first_seen_at FROM articles"))
    assert [(r["id"], r["title"], r["first_seen_at"]) for r in records] == [
        (1, PAGES[1].title, seen[1]),
        (3, PAGES[3].title, seen[3]),
    ]
    assert list(records[0]) == [
        "id",
        "url",
        "canonical_url",
        "site",
        "title",
        "published_at",
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
        "kind",
        "first_seen_at",
        "pages_missing",
    ]
    assert result.stderr == "exported 2 article(s) as jsonl\n"
    by_author = run("export", "--db", str(db), "--format", "csv", "--author", "Made Wirawan", "--kind", "article")
    header, *table = list(csv.reader(io.StringIO(by_author.stdout)))
    assert (header[0], header[-3:]) == ("id", ["kind", "first_seen_at", "pages_missing"])
    assert [(row[0], row[4], row[-2], row[-1]) for row in table] == [("4", PAGES[2].title, seen[4], "0")]
    assert run("export", "--db", str(db), "--site", "nowhere.example").stderr == "exported 0 article(s) as jsonl\n"


def test_parquet_export_reads_back_in_pyarrow_and_duckdb(db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "berita.parquet"
    result = run("export", "--db", str(db), "--format", "parquet", "-o", str(out), "--site", "kabarlembah.example")
    assert (result.exit_code, result.stderr) == (0, "exported 2 article(s) as parquet\n")
    table = pq.read_table(out)
    assert table.schema.field("authors").type == pa.list_(pa.string())
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("first_seen_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("id").type == pa.int64()
    assert table.schema.field("pages_missing").type == pa.int64()
    assert table.schema.names[0] == "id" and table.schema.names[-2:] == ["first_seen_at", "pages_missing"]
    got = table.to_pylist()
    seen = dict(rows(db, "SELECT id, first_seen_at FROM articles"))
    assert [(r["id"], r["title"], r["authors"], r["tags"], r["published_at"], r["editor"]) for r in got] == [
        (
            1,
            PAGES[1].title,
            ["Dewi Anggraini", "Ani Lestari"],
            ["banjir"],
            datetime(2024, 3, 6, 13, 15, tzinfo=timezone.utc),
            "Budi Santoso",
        ),
        (
            2,
            PAGES[0].title,
            ["Ani Lestari"],
            ["cuaca", "sungai"],
            datetime(2024, 3, 5, 2, 30, tzinfo=timezone.utc),
            "Budi Santoso",
        ),
    ]
    assert [r["first_seen_at"] for r in got] == [datetime.fromisoformat(seen[i].replace("Z", "+00:00")) for i in (1, 2)]
    assert [r["updated_at"] for r in got] == [None, None]

    con = duckdb.connect()
    assert con.execute(
        "SELECT id, len(authors), list_contains(authors, 'Ani Lestari'), "
        "strftime(published_at AT TIME ZONE 'Asia/Jakarta', '%Y-%m-%d %H:%M') "
        f"FROM read_parquet('{out}') ORDER BY id"
    ).fetchall() == [(1, 2, True, "2024-03-06 20:15"), (2, 1, True, "2024-03-05 09:30")]
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out}') WHERE 'banjir' IN tags").fetchone() == (1,)


def test_parquet_of_an_empty_selection_is_a_valid_file(db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "kosong.parquet"
    assert run("export", "--db", str(db), "--format", "parquet", "-o", str(out), "--tag", "tidak-ada").exit_code == 0
    assert pq.read_table(out).num_rows == 0


@pytest.mark.parametrize(
    ("fmt", "module", "hint"),
    [
        ("parquet", "pyarrow", "error: --format parquet needs pyarrow: pip install 'beritascrape[parquet]'"),
        ("warc", "warcio", "error: --format warc needs warcio: pip install 'beritascrape[warc]'"),
    ],
)
def test_missing_extra_is_a_one_line_hint(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, module: str, hint: str
) -> None:
    for name in [m for m in sys.modules if m == module or m.startswith(f"{module}.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import now raises ImportError, as when not installed
    result = run("export", "--db", str(db), "--format", fmt, "-o", str(tmp_path / "out"))
    assert (result.exit_code, result.stderr) == (1, hint + "\n")
    assert not (tmp_path / "out").exists()


def test_missing_plot_extra_is_a_one_line_hint(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = run("stats", "--db", str(db), "--plot", str(tmp_path / "chart.png"))
    assert (result.exit_code, result.stderr) == (
        1,
        "error: --plot needs matplotlib: pip install 'beritascrape[plot]'\n",
    )


@pytest.fixture
def site() -> Iterator[TestServer]:
    with serve(
        {
            "/a": Response(200, PAGES[0].html(), HTML),
            "/lama": Response(301, b"", {"Location": "/b"}),
            "/b": Response(200, PAGES[1].html(), HTML),
            "/gz": Response(200, gzip.compress(PAGES[2].html().encode()), {**HTML, "Content-Encoding": "gzip"}),
        }
    ) as srv:
        yield srv


def test_warc_export_reads_back_with_warcio(site: TestServer, tmp_path: Path) -> None:
    warcio = pytest.importorskip("warcio.archiveiterator")
    db = tmp_path / "berita.db"
    saved = write_pages(tmp_path / "saved")[3]
    inputs = (site.url("/a"), site.url("/lama"), str(saved), site.url("/gz"))
    result = run("scrape", "-q", "--db", str(db), "--allow-private", *inputs)
    assert result.exit_code == 0, result.output
    out = tmp_path / "berita.warc.gz"
    exported = run("export", "--db", str(db), "--format", "warc", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert exported.stderr == "exported 4 page(s) of 4 article(s) as 12 WARC records\n"

    pages = rows(db, "SELECT id, article_id, url, final_url, status FROM pages ORDER BY id")
    with out.open("rb") as fp:
        records = list(warcio.ArchiveIterator(fp))
    with out.open("rb") as fp:
        # Every record parses, its block can be read whole and its digests match (as `warcio check` verifies).
        contents, digests = [], []
        for r in warcio.ArchiveIterator(fp, check_digests=True):
            contents.append(r.content_stream().read())
            digests.append(r.digest_checker.passed)
    assert [r.format for r in records] == ["warc"] * 12
    assert digests == [True] * 12
    assert {r.rec_headers.protocol for r in records} == {"WARC/1.1"}
    assert [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in records] == [
        ("warcinfo", None),
        ("response", pages[0][3]),
        ("request", pages[0][3]),
        ("metadata", pages[0][3]),
        ("response", pages[1][3]),
        ("request", pages[1][3]),
        ("metadata", pages[1][3]),
        ("resource", pages[2][3]),
        ("metadata", pages[2][3]),
        ("response", pages[3][3]),
        ("request", pages[3][3]),
        ("metadata", pages[3][3]),
    ]
    assert pages[1][2:4] == (site.url("/lama"), site.url("/b"))
    responses = [r for r in records if r.rec_type == "response"]
    assert [r.http_headers.get_statuscode() for r in responses] == ["200", "200", "200"]
    assert [r.http_headers.get_header("X-Served-By") for r in responses] == ["loopback"] * 3
    # The archive keeps the decoded body: the record says so instead of claiming gzip.
    assert [r.http_headers.get_header("Content-Encoding") for r in responses] == [None] * 3
    assert contents[9] == PAGES[2].html().encode()
    assert responses[2].http_headers.get_header("Content-Length") == str(len(contents[9]))
    assert "original-content-encoding: gzip" in contents[11].decode().splitlines()
    assert contents[1] == PAGES[0].html().encode()
    assert contents[4] == PAGES[1].html().encode()
    assert contents[7] == saved.read_bytes()
    assert records[7].rec_headers.get_header("Content-Type") == "text/html"
    # The request record names the response it goes with, the metadata record the article.
    assert records[2].rec_headers.get_header("WARC-Concurrent-To") == records[1].rec_headers.get_header(
        "WARC-Record-ID"
    )
    assert records[2].http_headers.protocol == "GET"
    assert records[6].rec_headers.get_header("WARC-Refers-To") == records[4].rec_headers.get_header("WARC-Record-ID")
    fields = contents[6].decode()
    assert fields.splitlines() == [
        "article-id: 2",
        f"article-url: {PAGES[1].url}",
        "page-id: 2",
        f"requested-url: {site.url('/lama')}",
    ]
    fetched = rows(db, "SELECT fetched_at FROM pages WHERE id = 1")[0][0]
    want = datetime.fromisoformat(fetched).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert records[1].rec_headers.get_header("WARC-Date") == want

    # Filters select the articles whose pages are written.
    one = tmp_path / "one.warc.gz"
    assert run("export", "--db", str(db), "--format", "warc", "-o", str(one), "--author", "Ani Lestari").exit_code == 0
    with one.open("rb") as fp:
        urls = [
            r.rec_headers.get_header("WARC-Target-URI") for r in warcio.ArchiveIterator(fp) if r.rec_type == "response"
        ]
    assert urls == [site.url("/a"), site.url("/b")]
