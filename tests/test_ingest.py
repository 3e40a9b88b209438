"""`ingest` end to end: WARC files built with warcio from fixture pages, read into a temporary archive."""

from __future__ import annotations

import gzip
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from beritascrape.archive import store
from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from beritascrape.ingest.select import Selection
from beritascrape.ingest.sources import expand_sources
from beritascrape.ingest.warc import read_warc
from httpserver import Response, TestServer
from warcs import Rec, fixture, page, write_warc

SINGLE = "prmn/single"
MULTI = ("prmn/multi-p1", "prmn/multi-p2", "prmn/multi-p3")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def mixed() -> list[Rec]:
    """One of each kind of record a crawler writes, around two articles."""
    single_url, _, _ = fixture(SINGLE)
    wordpress = page("generic/wordpress")
    return [
        Rec("", kind="warcinfo"),
        page(SINGLE),
        Rec(single_url, kind="request"),
        Rec("https://www.pikiran-rakyat.com/logo.png", PNG, content_type="image/png"),
        Rec(single_url, kind="revisit"),
        Rec("https://www.pikiran-rakyat.com/hilang", b"<html>not found</html>", status=404),
        Rec("https://www.pikiran-rakyat.com/lama", b"", status=301),
        Rec(wordpress.url, wordpress.body[:3000], truncated=True),
        wordpress,
        Rec("https://www.pikiran-rakyat.com/", (Path("tests/fixtures/prmn/index.html")).read_bytes()),
    ]


MIXED_SUMMARY = {
    "records": 10,
    "counts": {
        "html": 3,
        "non_html": 1,
        "revisit": 1,
        "request": 1,
        "other_record": 1,
        "truncated": 1,
        "redirect": 1,
        "http_error": 1,
    },
    "sites": {
        "kabarlembah.id": {"pages": 1, "new": 1},
        "pikiran-rakyat.com": {"pages": 1, "not_article": 1, "new": 1},
    },
    "errors": [],
}


def summary(result: Result) -> dict[str, Any]:
    data = json.loads(result.stdout)
    data.pop("bytes")
    return data


def rows(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def dump(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row that ingest writes, less the times and run ids that differ between two runs."""
    con = sqlite3.connect(db)
    drop = {"first_seen_at", "last_scraped_at", "run_id", "ingested_at"}
    tables = ("articles", "pages", "tags", "article_tags", "article_versions", "warc_files")
    out = {}
    try:
        for table in tables:
            cursor = con.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            out[table] = [{k: v for k, v in zip(names, row, strict=True) if k not in drop} for row in cursor]
    finally:
        con.close()
    return out


def test_ingest_archives_articles_with_provenance_and_counts_the_rest(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    offsets = write_warc(warc, mixed())
    db = tmp_path / "berita.db"
    result = run("ingest", str(warc), "--db", str(db), "--json", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert summary(result) == {
        **MIXED_SUMMARY,
        "files": {"done": [str(warc)], "skipped": [], "failed": []},
        "warnings": [],
    }
    with Archive(db) as archive:
        for name in (SINGLE, "generic/wordpress"):
            url, _, expected = fixture(name)
            article = archive.get_article(url)
            assert article is not None and article.to_dict() == expected
    date = "2024-06-15T01:02:03+00:00"
    assert rows(db, "SELECT url, status, warc_file, warc_offset, warc_date, fetched_at FROM pages ORDER BY id") == [
        (fixture(SINGLE)[0], 200, str(warc), offsets[1], date, date),
        (page("generic/wordpress").url, 200, str(warc), offsets[8], date, date),
    ]
    # The raw page is kept, byte for byte.
    with Archive(db) as archive:
        assert archive.page_html(1).encode("utf-8") == fixture(SINGLE)[1]
    assert rows(db, "SELECT name, records, pages FROM warc_files") == [(str(warc), 10, 2)]
    assert rows(db, "SELECT command, ok, failed, status FROM runs") == [("ingest", 2, 0, "ok")]


def test_rerun_skips_files_already_ingested(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, mixed())
    db = tmp_path / "berita.db"
    assert run("ingest", str(warc), "--db", str(db), "--jobs", "1").exit_code == 0
    before = dump(db)
    again = run("ingest", str(warc), "--db", str(db), "--jobs", "1", "--json")
    assert again.exit_code == 0
    assert summary(again) == {
        "records": 0,
        "counts": {},
        "sites": {},
        "errors": [],
        "files": {"done": [], "skipped": [str(warc)], "failed": []},
        "warnings": [],
    }
    assert dump(db) == before


@pytest.mark.parametrize("compress", ["file", "none"])
def test_whole_file_gzip_and_plain_warc_give_the_same_articles(tmp_path: Path, compress: str) -> None:
    per_record, other = tmp_path / "a.warc.gz", tmp_path / ("b.warc.gz" if compress == "file" else "b.warc")
    write_warc(per_record, mixed())
    offsets = write_warc(other, mixed(), compress=compress)  # type: ignore[arg-type]
    run("ingest", str(per_record), "--db", str(tmp_path / "a.db"), "--jobs", "1")
    result = run("ingest", str(other), "--db", str(tmp_path / "b.db"), "--jobs", "1", "--json")
    assert summary(result)["counts"] == MIXED_SUMMARY["counts"]
    a, b = dump(tmp_path / "a.db"), dump(tmp_path / "b.db")
    assert a["articles"] == b["articles"]
    # Offsets are where each record starts in the uncompressed WARC when there is no gzip member per record.
    assert [p["warc_offset"] for p in b["pages"]] == [offsets[1], offsets[8]]


def test_corrupt_member_is_one_error_line_and_the_file_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    records = [page(SINGLE), Rec(fixture(SINGLE)[0], kind="request"), page("generic/wordpress")]
    offsets = write_warc(good, records)
    data = good.read_bytes()
    # The second member (the request) is cut to 20 bytes; the third is whole.
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[: offsets[1]] + data[offsets[1] : offsets[1] + 20] + data[offsets[2] :])
    db = tmp_path / "berita.db"
    result = run("ingest", str(bad), "--db", str(db), "--json", "--quiet", "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {bad}: corrupt WARC data after offset {offsets[0]}: Gzip decompression error: data error"
    ]
    assert summary(result)["counts"] == {"html": 2, "corrupt": 1}
    assert rows(db, "SELECT url, warc_offset FROM pages ORDER BY id") == [
        (fixture(SINGLE)[0], offsets[0]),
        (page("generic/wordpress").url, offsets[1] + 20),
    ]


def test_record_cut_off_at_the_end_of_a_plain_warc(tmp_path: Path) -> None:
    warc = tmp_path / "cut.warc"
    offsets = write_warc(warc, [page(SINGLE), page("generic/wordpress")], compress="none")
    warc.write_bytes(warc.read_bytes()[: offsets[1] + 2000])
    with warc.open("rb") as stream:
        entries = list(read_warc(stream))
    assert [(e.kind, e.offset) for e in entries] == [("html", 0), ("corrupt", offsets[1])]
    assert entries[1].message == f"WARC record at offset {offsets[1]} is cut off by the end of the file"


def test_split_article_is_stitched_across_records_and_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one.warc.gz", tmp_path / "two.warc.gz"
    write_warc(one, [page(MULTI[2]), page(SINGLE), page(MULTI[0])])
    write_warc(two, [page(MULTI[1])])
    db = tmp_path / "berita.db"
    result = run("ingest", str(one), str(two), "--db", str(db), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    expected = [fixture(name)[2] for name in MULTI]
    with Archive(db) as archive:
        article = archive.get_article(expected[0]["url"])
    assert article is not None
    assert article.to_dict() == {
        **expected[0],
        "body": "\n\n".join(e["body"] for e in expected),
        "word_count": sum(e["word_count"] for e in expected),
        "captions": list(dict.fromkeys(c for e in expected for c in e["captions"])),
    }
    assert rows(db, "SELECT url, warc_file FROM pages WHERE article_id = 2 ORDER BY id") == [
        (expected[0]["url"], str(one)),
        (expected[1]["url"], str(two)),
        (expected[2]["url"], str(one)),
    ]
    assert rows(db, "SELECT name, pages FROM warc_files ORDER BY name") == [(str(one), 3), (str(two), 1)]


def test_split_article_missing_a_page_is_archived_with_what_is_there(tmp_path: Path) -> None:
    warc = tmp_path / "part.warc.gz"
    write_warc(warc, [page(MULTI[0]), page(MULTI[1])])
    db = tmp_path / "berita.db"
    result = run("ingest", str(warc), "--db", str(db), "--json", "--quiet", "--jobs", "1")
    assert result.exit_code == 0
    base = fixture(MULTI[0])[0]
    assert result.stderr.strip().splitlines() == [
        f"warning: {base}: only page(s) 1, 2 of 3 are in the input; archived with what is there"
    ]
    assert summary(result)["sites"] == {"galamedia.pikiran-rakyat.com": {"pages": 2, "new": 1, "partial": 1}}
    expected = [fixture(name)[2] for name in MULTI[:2]]
    assert rows(db, "SELECT body, page_count FROM articles") == [("\n\n".join(e["body"] for e in expected), 3)]
    # reparse reads the same pages again as ingest read them: nothing changes, nothing fails.
    before = rows(db, "SELECT * FROM articles")
    again = run("reparse", "--db", str(db), "--quiet", "--jobs", "1")
    assert (again.exit_code, again.stdout) == (0, "")
    assert rows(db, "SELECT * FROM articles") == before


def test_indonesian_keeps_indonesian_pages_and_skips_the_english_one(tmp_path: Path) -> None:
    warc = tmp_path / "mixed-lang.warc.gz"
    names = (SINGLE, "generic/english", "generic/wordpress", "ingest/nolang-id", "ingest/nolang-en")
    write_warc(warc, [page(n) for n in names])
    db = tmp_path / "berita.db"
    result = run("ingest", str(warc), "--db", str(db), "--indonesian", "--json", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert summary(result)["counts"] == {"html": 5, "filtered": 2}
    assert rows(db, "SELECT url FROM articles ORDER BY id") == [
        (fixture(n)[0],) for n in (SINGLE, "generic/wordpress", "ingest/nolang-id")
    ]


def test_site_and_domain_choose_before_any_parse(tmp_path: Path) -> None:
    warc = tmp_path / "sites.warc.gz"
    write_warc(warc, [page(n) for n in (SINGLE, "generic/wordpress", "ingest/nolang-id", "generic/english")])
    db = tmp_path / "berita.db"
    result = run("ingest", str(warc), "--db", str(db), "--site", "prmn", "--domain", "kabarpesisir.net", "--json")
    assert result.exit_code == 0, result.stderr
    assert summary(result)["counts"] == {"html": 4, "filtered": 2}
    assert rows(db, "SELECT url FROM articles ORDER BY id") == [(fixture(n)[0],) for n in (SINGLE, "ingest/nolang-id")]
    assert Selection(frozenset({"prmn"})).wanted_uri("https://kabarlembah.id/x") is False
    bad = run("ingest", str(warc), "--db", str(db), "--site", "nosuch")
    assert bad.exit_code == 2
    assert "unknown site family nosuch" in bad.stderr


def test_since_and_until_judge_the_article_date(tmp_path: Path) -> None:
    warc = tmp_path / "dates.warc.gz"
    write_warc(warc, [page(n) for n in ("ingest/nolang-id", "ingest/nolang-en")])
    db = tmp_path / "berita.db"
    result = run("ingest", str(warc), "--db", str(db), "--since", "2024-06-12", "--json", "--jobs", "1")
    assert summary(result)["counts"] == {"html": 2, "out_of_window": 1}
    assert rows(db, "SELECT url FROM articles") == [(fixture("ingest/nolang-en")[0],)]


def test_ingest_of_a_url_and_of_a_paths_listing_on_loopback(tmp_path: Path) -> None:
    one, two = tmp_path / "one.warc.gz", tmp_path / "two.warc.gz"
    write_warc(one, mixed())
    write_warc(two, [page("ingest/nolang-id")])
    listing = gzip.compress(b"crawl-data/one.warc.gz\n\ncrawl-data/two.warc.gz\n")
    octets = {"Content-Type": "application/octet-stream"}
    with TestServer(
        {
            "/crawl-data/one.warc.gz": Response(200, one.read_bytes(), octets),
            "/crawl-data/two.warc.gz": Response(200, two.read_bytes(), octets),
            "/crawl-data/warc.paths.gz": Response(200, listing, octets),
        }
    ) as server:
        by_url = run("ingest", server.url("/crawl-data/one.warc.gz"), "--db", str(tmp_path / "url.db"), "--json")
        assert by_url.exit_code == 0, by_url.stderr
        assert summary(by_url)["counts"] == MIXED_SUMMARY["counts"]
        listed = run(
            "ingest",
            server.url("/crawl-data/warc.paths.gz"),
            "--base",
            server.base_url,
            "--db",
            str(tmp_path / "listed.db"),
            "--json",
        )
        assert listed.exit_code == 0, listed.stderr
        missing = run("ingest", server.url("/crawl-data/none.warc.gz"), "--db", str(tmp_path / "x.db"))
        as_json = run("ingest", server.url("/crawl-data/none.warc.gz"), "--db", str(tmp_path / "x.db"), "--json")
    files = [server.url("/crawl-data/one.warc.gz"), server.url("/crawl-data/two.warc.gz")]
    assert json.loads(listed.stdout)["files"] == {"done": files, "skipped": [], "failed": []}
    assert rows(tmp_path / "listed.db", "SELECT count(*) FROM articles") == [(3,)]
    assert dump(tmp_path / "url.db")["articles"] == dump(tmp_path / "listed.db")["articles"][:2]
    assert missing.exit_code == 1
    assert missing.stderr.strip().splitlines()[0] == (
        f"error: {server.url('/crawl-data/none.warc.gz')}: HTTP 404 for {server.url('/crawl-data/none.warc.gz')}"
    )
    # The file's failure is in --json's errors too, not only on stderr.
    none = server.url("/crawl-data/none.warc.gz")
    assert json.loads(as_json.stdout)["errors"] == [f"{none}: HTTP 404 for {none}"]


def test_expand_sources_reads_listings_and_drops_duplicates(tmp_path: Path) -> None:
    listing = tmp_path / "warc.paths"
    listing.write_text("# a comment\ncrawl-data/a.warc.gz\n/abs/b.warc.gz\n", encoding="utf-8")
    assert expand_sources(["x.warc", str(listing), "x.warc"], "https://data.example.org") == [
        "x.warc",
        "https://data.example.org/crawl-data/a.warc.gz",
        "/abs/b.warc.gz",
    ]


def _two_files(tmp_path: Path) -> list[str]:
    one, two = tmp_path / "one.warc.gz", tmp_path / "two.warc.gz"
    write_warc(one, [*mixed(), page(MULTI[0]), page(MULTI[2])])
    write_warc(two, [page(MULTI[1]), page("ingest/nolang-id"), page("generic/english")])
    return [str(one), str(two)]


def test_jobs_2_gives_the_same_archive_as_jobs_1(tmp_path: Path) -> None:
    # Two files and a missing one: each worker reads whole files (pool.py); the missing file is one error line.
    files = [*_two_files(tmp_path), str(tmp_path / "missing.warc.gz")]
    one = run("ingest", *files, "--db", str(tmp_path / "one.db"), "--jobs", "1", "--quiet")
    two = run("ingest", *files, "--db", str(tmp_path / "two.db"), "--jobs", "2", "--quiet")
    assert (one.exit_code, two.exit_code) == (1, 1)
    assert (
        one.stderr.strip().splitlines()
        == two.stderr.strip().splitlines()
        == [f"error: {files[2]}: no such file: {files[2]}"]
    )
    assert dump(tmp_path / "two.db") == dump(tmp_path / "one.db")
    for jobs in ("1", "2"):
        listed = run("ingest", *files, "--db", str(tmp_path / f"j{jobs}.db"), "--jobs", jobs, "--json", "-q")
        assert json.loads(listed.stdout)["errors"] == [f"{files[2]}: no such file: {files[2]}"], jobs
    # One file on two jobs: this process reads, the workers parse batches of its records.
    single = run("ingest", files[0], "--db", str(tmp_path / "single.db"), "--jobs", "2")
    assert single.exit_code == 0, single.stderr
    assert rows(tmp_path / "single.db", "SELECT url FROM articles ORDER BY id") == rows(
        tmp_path / "one.db", "SELECT url FROM articles WHERE id <= 3 ORDER BY id"
    )


def test_dask_gives_the_same_archive_as_jobs_1_and_reuses_shards(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    files = _two_files(tmp_path)
    assert run("ingest", *files, "--db", str(tmp_path / "one.db"), "--jobs", "1").exit_code == 0
    shards = tmp_path / "shards"
    # Threads, not processes, keep the test fast; the benchmark runs `--dask local:2` with real processes.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0"
    ) as c:
        result = run("ingest", *files, "--db", str(tmp_path / "dask.db"), "--dask", c.scheduler_address,
                     "--shards", str(shards), "--quiet")  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert dump(tmp_path / "dask.db") == dump(tmp_path / "one.db")
        assert sorted(p.name.split("-")[0] for p in shards.iterdir()) == ["one", "two"]
        # A WARC file whose shard exists is not read again: here it is gone, and the archive is still rebuilt.
        for name in files:
            Path(name).unlink()
        again = run("ingest", *files, "--db", str(tmp_path / "again.db"), "--dask", c.scheduler_address,
                    "--shards", str(shards), "--quiet")  # fmt: skip
        assert again.exit_code == 0, again.stderr
    assert dump(tmp_path / "again.db") == dump(tmp_path / "one.db")


def test_merge_of_a_shard_folder_twice_adds_nothing(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    files = _two_files(tmp_path)
    assert run("ingest", *files, "--db", str(tmp_path / "one.db"), "--jobs", "1").exit_code == 0
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0"
    ) as c:
        result = run("ingest", *files, "--db", str(tmp_path / "dask.db"), "--dask", c.scheduler_address,
                     "--shards", str(tmp_path / "shards"), "--quiet")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    merged = tmp_path / "merged.db"
    first = run("merge", str(tmp_path / "shards"), "--db", str(merged), "--json", "--quiet")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout) == {
        str(tmp_path / "shards"): {"new": 5, "updated": 0, "unchanged": 0, "shards_merged": 2, "shards_skipped": 0}
    }
    before = dump(merged)
    assert before == dump(tmp_path / "one.db")
    second = run("merge", str(tmp_path / "shards"), "--db", str(merged), "--json", "--quiet")
    assert json.loads(second.stdout)[str(tmp_path / "shards")]["shards_skipped"] == 2
    assert dump(merged) == before


def test_dask_without_the_cluster_extra_is_one_line_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warc = tmp_path / "a.warc.gz"
    write_warc(warc, [page(SINGLE)])
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = run("ingest", str(warc), "--db", str(tmp_path / "a.db"), "--dask", "local:2", "--shards", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: --dask needs dask.distributed: pip install 'beritascrape[cluster]'"
    )
    # Nothing ran: the archive is not even made, and no run is recorded.
    assert not (tmp_path / "a.db").exists()


def test_merge_of_two_archives_keeps_the_newest_content_and_both_histories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = iter(f"2024-08-01T00:{m:02d}:00Z" for m in range(60))
    monkeypatch.setattr(store, "_utcnow", lambda: next(ticks))
    url, body, _ = fixture(SINGLE)
    edited = body.replace(b"Ketua RW 07, Hendra Kusumah, mengatakan", b"Ketua RW 07, Hendra Kusumah, menjelaskan")
    a_warc, b_warc = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    write_warc(a_warc, [page(SINGLE), page("generic/wordpress")])
    write_warc(b_warc, [Rec(url, edited), page("generic/wordpress"), page("ingest/nolang-id")])
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert run("ingest", str(a_warc), "--db", str(a), "--quiet", "--jobs", "1").exit_code == 0
    assert run("ingest", str(b_warc), "--db", str(b), "--quiet", "--jobs", "1").exit_code == 0
    frontier = {"host": "www.pikiran-rakyat.com", "discovered_at": "x", "updated_at": "2024-08-01T00:00:00Z"}
    with Archive(a) as archive:
        archive.db.table("frontier").insert_all(
            [
                {**frontier, "url": "https://x/1", "state": "pending"},
                {**frontier, "url": "https://x/2", "state": "done"},
            ]
        )
    with Archive(b) as archive:
        archive.db.table("frontier").insert_all(
            [
                {**frontier, "url": "https://x/1", "state": "done"},
                {**frontier, "url": "https://x/2", "state": "pending"},
                {**frontier, "url": "https://x/3", "state": "failed"},
            ]
        )
    b_before = dump(b)
    [(scraped_in_a,)] = rows(a, "SELECT last_scraped_at FROM articles WHERE url = ?", url)
    result = run("merge", str(b), "--db", str(a), "--json", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        str(b): {
            "articles_new": 1,
            "articles_updated": 1,
            "articles_unchanged": 1,
            "versions_added": 1,
            "pages_added": 2,
            "pages_same": 1,
            "frontier_added": 1,
            "frontier_changed": 1,
            "runs": 1,
            "failures": 0,
        }
    }
    assert dump(b) == b_before  # the source is only read
    with Archive(a) as archive:
        newest = archive.get_article(url)
        assert newest is not None and "Hendra Kusumah, menjelaskan" in newest.body
        versions = archive.article_versions(url)
        assert [(n, at) for n, at, _ in versions] == [(1, scraped_in_a)]
        assert "Hendra Kusumah, mengatakan" in versions[0][2].body
    assert rows(a, "SELECT url, state FROM frontier ORDER BY url") == [
        ("https://x/1", "done"),
        ("https://x/2", "done"),
        ("https://x/3", "failed"),
    ]
    assert rows(a, "SELECT command FROM runs ORDER BY id") == [("ingest",), ("merge",), ("ingest",)]
    assert rows(a, "SELECT count(*), count(DISTINCT sha256) FROM pages") == [(4, 4)]
    assert rows(a, "SELECT name FROM warc_files ORDER BY name") == [(str(a_warc),), (str(b_warc),)]
    # What save_article keeps beside each article is kept for merged ones too: the stemmed index, the people.
    assert rows(a, "SELECT count(*) FROM articles_stem_fts") == [(3,)]
    assert rows(a, "SELECT count(DISTINCT article_id) FROM article_authors") == rows(
        a, "SELECT count(*) FROM articles WHERE authors != '[]'"
    )
    # Merged the other way round, the same content wins: the newest.
    assert run("merge", str(a), "--db", str(b), "--quiet").exit_code == 0
    body_of = "SELECT body FROM articles WHERE url = ?"
    assert rows(b, body_of, url) == rows(a, body_of, url)
    assert rows(b, "SELECT count(*) FROM article_versions") == [(1,)]


SHARED = "Ikuti terus kabar terbaru dari pesisir utara setiap hari hanya di Kabar Pesisir, portal berita warga."
PLACES = ("Teluk Sarang", "Tanjung Batu", "Pulau Rapat", "Muara Baru")


def variant(n: int) -> Rec:
    """Article n of one host: two paragraphs of its own, then the host's shared block (template text to learn)."""
    url, body, _ = fixture("ingest/nolang-id")
    own = [
        f"Warga {PLACES[n]} memasang rumpon baru bersama kelompok nelayan pada pagi hari, kata ketua kelompok.",
        f"Hasil tangkapan nelayan {PLACES[n]} naik sejak rumpon dipasang, dan mereka tidak lagi melaut jauh.",
    ]
    start, end = body.index(b"<p>Kelompok"), body.index(b"</article>")
    text = "".join(f"<p>{p}</p>" for p in [*own, SHARED]).encode()
    return Rec(f"{url}{n}/", body[:start].replace(url.encode(), f"{url}{n}/".encode()) + text + body[end:])


def test_learnt_template_text_is_dropped_as_scrape_drops_it(tmp_path: Path) -> None:
    url, shared = fixture("ingest/nolang-id")[0], SHARED
    db = tmp_path / "berita.db"
    first, second = tmp_path / "first.warc.gz", tmp_path / "second.warc.gz"
    write_warc(first, [variant(n) for n in range(3)])
    write_warc(second, [variant(3)])
    assert run("ingest", str(first), "--db", str(db), "--quiet").exit_code == 0
    # Three articles of the host held the block: it is template text now, and the next run drops it.
    assert run("ingest", str(second), "--db", str(db), "--quiet", "--jobs", "2").exit_code == 0
    with Archive(db) as archive:
        kept = archive.get_article(f"{url}2/")
        dropped = archive.get_article(f"{url}3/")
    assert kept is not None and kept.paragraphs[-1] == shared
    assert dropped is not None and dropped.paragraphs == [
        "Warga Muara Baru memasang rumpon baru bersama kelompok nelayan pada pagi hari, kata ketua kelompok.",
        "Hasil tangkapan nelayan Muara Baru naik sejak rumpon dipasang, dan mereka tidak lagi melaut jauh.",
    ]


def test_profile_drift_is_one_warning_per_family_and_host(tmp_path: Path) -> None:
    url, body, _ = fixture(SINGLE)
    warc = tmp_path / "drift.warc.gz"
    # The page as if PRMN had renamed its body container: the profile misses, the generic path reads it.
    write_warc(warc, [Rec(url, body.replace(b"read__content", b"isi-berita"))])
    result = run("ingest", str(warc), "--db", str(tmp_path / "berita.db"), "--json", "--quiet")
    assert result.exit_code == 0, result.stderr
    line = (
        "prmn profile drifted on pikiran-rakyat.com (1 article read by the generic path); "
        f"run 'beritascrape sites --check {url}'"
    )
    assert json.loads(result.stdout)["warnings"] == [line]
    assert result.stderr.strip().splitlines() == [f"warning: {line}"]


def test_dask_local_2_with_worker_processes_gives_the_same_archive(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    files = _two_files(tmp_path)
    assert run("ingest", *files, "--db", str(tmp_path / "one.db"), "--jobs", "1").exit_code == 0
    # The real thing, once: a LocalCluster of two worker processes started by the command (a few seconds).
    result = run("ingest", *files, "--db", str(tmp_path / "dask.db"), "--dask", "local:2",
                 "--shards", str(tmp_path / "shards"), "--quiet")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert dump(tmp_path / "dask.db") == dump(tmp_path / "one.db")


def test_merge_of_a_missing_source_is_one_line_and_the_others_go_in(tmp_path: Path) -> None:
    warc, source, target = tmp_path / "a.warc.gz", tmp_path / "a.db", tmp_path / "berita.db"
    write_warc(warc, [page(SINGLE)])
    assert run("ingest", str(warc), "--db", str(source), "--quiet", "--jobs", "1").exit_code == 0
    missing = tmp_path / "no-shards"
    result = run("merge", str(missing), str(source), "--db", str(target), "--quiet")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: no such archive or shard folder: {missing}"]
    assert rows(target, "SELECT url FROM articles") == [(fixture(SINGLE)[0],)]
    assert rows(target, "SELECT url, message FROM failures") == [
        (str(missing), f"no such archive or shard folder: {missing}")
    ]
    alone = run("merge", str(tmp_path / "typo.db"), "--db", str(tmp_path / "new.db"))
    assert (alone.exit_code, alone.stderr) == (1, f"error: no such archive or shard folder: {tmp_path / 'typo.db'}\n")
    assert not (tmp_path / "new.db").exists()
    assert rows(target, "SELECT command, ok, failed, status FROM runs WHERE command = 'merge'") == [
        ("merge", 1, 1, "partial")
    ]
    not_archive = run("merge", str(warc), "--db", str(target))
    assert not_archive.exit_code == 2
    assert f"{warc} is neither a beritascrape archive nor a folder of shards" in not_archive.stderr


def test_split_article_on_a_site_no_profile_knows_is_stitched(tmp_path: Path) -> None:
    names = ("generic/split-p1", "generic/split-p2", "generic/split-p3")
    warc = tmp_path / "split.warc.gz"
    write_warc(warc, [page(names[2]), page(names[0]), page(names[1])])
    db = tmp_path / "berita.db"
    result = run("ingest", str(warc), "--db", str(db), "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    expected = [fixture(n)[2] for n in names]
    assert rows(db, "SELECT key, body, page_count, extractor FROM articles") == [
        (expected[0]["url"], "\n\n".join(e["body"] for e in expected), 3, "generic")
    ]
    assert rows(db, "SELECT url FROM pages ORDER BY id") == [(e["url"],) for e in expected]


def test_a_write_that_fails_is_one_line_and_its_file_stays_unrecorded(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    write_warc(warc, [page(MULTI[0]), page(MULTI[1]), page(MULTI[2])])
    db = tmp_path / "berita.db"
    with Archive(db) as archive:
        archive.conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON articles BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
    result = run("ingest", str(warc), "--db", str(db), "--quiet", "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "refused by the test" in result.stderr
    assert rows(db, "SELECT count(*) FROM articles") == [(0,)]
    assert rows(db, "SELECT count(*) FROM warc_files") == [(0,)]


RELATIVE_PAGE = """<!doctype html><html lang="id"><head><title>Nelayan Kembali Melaut</title>
<meta property="og:type" content="article"></head><body><article>
<h1>Nelayan Kembali Melaut Setelah Badai Reda</h1><div class="date">2 jam yang lalu</div>
<p>Ratusan nelayan di pesisir utara kembali melaut pada Selasa pagi setelah badai yang melanda perairan itu
selama tiga hari akhirnya reda, kata ketua kelompok nelayan setempat kepada wartawan di dermaga.</p>
<p>Mereka berharap hasil tangkapan pekan ini dapat menutup kerugian selama tidak berlayar, terutama untuk
membayar utang solar dan perbaikan jaring yang rusak diterjang gelombang tinggi.</p>
</article></body></html>"""


def test_relative_dates_count_from_the_records_date_and_reparse_keeps_them(tmp_path: Path) -> None:
    warc = tmp_path / "old.warc.gz"
    url = "https://kabar.contoh.invalid/2024/03/05/nelayan-kembali-melaut"
    write_warc(warc, [Rec(url, RELATIVE_PAGE.encode("utf-8"), date="2024-03-05T03:00:00Z")])
    db = tmp_path / "berita.db"
    assert run("ingest", str(warc), "--db", str(db), "--jobs", "1", "-q").exit_code == 0
    # Read at 10:00 WIB on 5 March 2024, "2 jam yang lalu" is 08:00 WIB that day, not two hours before today.
    assert rows(db, "SELECT published_at FROM articles") == [("2024-03-05T08:00:00+07:00",)]
    again = run("reparse", "--db", str(db), "--json", "-q")
    assert (again.exit_code, again.stdout) == (0, "")  # nothing changed: no new version
    assert rows(db, "SELECT published_at, (SELECT count(*) FROM article_versions) FROM articles") == [
        ("2024-03-05T08:00:00+07:00", 0)
    ]
