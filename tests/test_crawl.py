"""The crawl end to end: the `crawl` command against a fake news network of three hosts on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from beritascrape.cli import cli
from beritascrape.crawl import run as crawl_module
from beritascrape.crawl.run import CrawlEvent, crawl, crawl_lock
from beritascrape.discover import Discovered, canonicalize_url
from beritascrape.fetch.hosts import HostPacer
from beritascrape.fetch.http import FetchConfig, Fetcher
from beritascrape.model import Page
from fakenet import WIB, XML, FakeArticle, FakeNet, GeneratedNet, article_html, paragraphs, urlset
from httpserver import Response, TestServer, serve

DELAY = 0.05
CRAWL_DELAY = 0.15  # alpha's robots.txt


@pytest.fixture
def net() -> Iterator[FakeNet]:
    with FakeNet(crawl_delay=CRAWL_DELAY) as network:
        yield network


def sources(net: FakeNet) -> list[str]:
    return [net.source("alpha"), net.source("beta"), net.base("beta") + "/indeks", net.source("gamma")]


def crawl_args(net: FakeNet, db: Path, *extra: str) -> list[str]:
    return ["crawl", "--db", str(db), "--allow-private", "--retries", "0", "--delay", str(DELAY), *extra, *sources(net)]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def article_rows(db: Path) -> list[tuple]:
    return rows(db, "SELECT key, url, title, body, page_count, content_hash FROM articles ORDER BY key")


def frontier_rows(db: Path) -> list[tuple]:
    return rows(db, "SELECT url, state, kind, last_error FROM frontier ORDER BY url")


def article_requests(net: FakeNet) -> list[tuple[str, str]]:
    return [(h.name, p) for h in net.hosts.values() for p in h.article_paths()]


def expected_articles(net: FakeNet) -> set[tuple]:
    out = set()
    for host in ("alpha", "beta", "gamma"):
        for art in net.articles[host].values():
            art = net.current(host, art)
            out.add((net.base(host) + art.path, art.title, art.body, len(art.pages)))
    return out


def test_full_crawl_archives_every_article_once_politely(
    net: FakeNet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "berita.db"
    granted: list[tuple[str, float]] = []
    monkeypatch.setattr(HostPacer, "request_log", granted)
    result = run(*crawl_args(net, db, "--json"))
    assert result.exit_code == 0, result.output  # the 404 in alpha's sitemap is gone, not a failure
    a, b, g = net.base("alpha"), net.base("beta"), net.base("gamma")

    # Every article once, exactly as served: 3-page article stitched, windows-1252 text decoded, alias stored once.
    archived = rows(db, "SELECT key, title, body, page_count FROM articles")
    assert len(archived) == 12
    assert set(archived) == expected_articles(net)
    assert rows(db, f"SELECT url FROM articles WHERE key = '{g}/daerah/pr-0000302/panen-raya'") == [
        (f"{g}/amp/pr-0000302/panen",)
    ]
    assert rows(db, f"SELECT title FROM articles WHERE key LIKE '{b}%braga'") == [("Kafé di Braga “Ramai”",)]
    assert rows(db, "SELECT count(*) FROM pages") == [(14,)]

    # (kafe-di-braga is in both the feed and the index: whichever source reads first names its kind.)
    assert [(u, st, e) for u, st, _, e in frontier_rows(db)] == sorted(
        [
            (f"{a}/bandung/pr-0000101/pasar-kosambi-ramai", "done", None),
            (f"{a}/bandung/pr-0000102/jembatan-cikawung-dibuka", "done", None),
            (
                f"{a}/rahasia/pr-0000103/draf-belum-terbit",
                "skipped",
                f"robots.txt of {a.removeprefix('http://')} disallows {a}/rahasia/pr-0000103/draf-belum-terbit",
            ),
            (
                f"{a}/bandung/pr-0000199/berita-yang-hilang",
                "failed",
                f"HTTP 404 for {a}/bandung/pr-0000199/berita-yang-hilang (gone, not retried)",
            ),
            (f"{a}/lama/pr-0000104/taman-lansia", "done", None),
            (f"{a}/bandung/pr-0000104/taman-lansia-dipugar", "done", None),
            (f"{a}/jabar/pr-0000105/hujan-deras-di-garut", "done", None),
            (f"{a}/jabar/pr-0000106/festival-kopi-priangan", "done", None),
            (f"{b}/nasional/pr-0000201/kafe-di-braga", "done", None),
            (f"{b}/nasional/pr-0000202/rumah-adat-sunda", "done", None),
            (f"{b}/nasional/pr-0000203/angkot-listrik-diuji", "done", None),
            (f"{b}/nasional/pr-0000204/sekolah-alam-dibuka", "done", None),
            (f"{b}/nasional/pr-0000205/kereta-cepat-penuh", "done", None),
            (f"{g}/daerah/pr-0000301/banjir-surut", "done", None),
            (f"{g}/amp/pr-0000302/panen", "done", None),
            (f"{g}/daerah/pr-0000302/panen-raya", "done", None),
        ]
    )
    assert rows(db, "SELECT kind, count(*) FROM frontier GROUP BY kind ORDER BY kind") == [
        ("feed", 1 + (rows(db, "SELECT kind FROM frontier WHERE url LIKE '%braga'") == [("feed",)])),
        ("index", 3 + (rows(db, "SELECT kind FROM frontier WHERE url LIKE '%braga'") == [("index",)])),
        ("redirect", 1),
        ("sitemap", 10),
    ]
    # The alias's canonical URL was marked done by the alias: never requested itself.
    assert ("gamma", "/daerah/pr-0000302/panen-raya") not in article_requests(net)
    # Nothing disallowed was requested; the tracking duplicate was fetched once, without its parameters.
    assert not [p for h in net.hosts.values() for p in h.paths() if "rahasia" in p]
    assert [p for n, p in article_requests(net) if "kosambi" in p] == ["/bandung/pr-0000101/pasar-kosambi-ramai"]
    # A request per host at a time, each host at its pace: the delay, and alpha's Crawl-delay from its robots.txt
    # request on. Measured as the fetcher granted each request its turn (arrival times at a server carry the
    # machine's scheduling jitter, which only a margin would absorb).
    for host in net.hosts.values():
        times = [t for h, t in granted if h == net.base(host.name).removeprefix("http://")]
        assert len(times) == len(host.requests), host.name
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        floor = CRAWL_DELAY if host.name == "alpha" else DELAY
        assert all(gap >= floor for gap in gaps), (host.name, gaps)
    # Hosts ran side by side: beta and gamma finished before alpha's slower pace let it finish.
    last = {h.name: max(r.time for r in h.requests) for h in net.hosts.values()}
    assert last["beta"] < last["alpha"] and last["gamma"] < last["alpha"]
    # (Order, not margins: beta's and gamma's first requests came before alpha's third, 0.2 s in at least.)
    third_alpha = sorted(r.time for r in net.hosts["alpha"].requests)[2]
    assert min(r.time for r in net.hosts["beta"].requests) < third_alpha
    assert min(r.time for r in net.hosts["gamma"].requests) < third_alpha

    summary = json.loads(result.stdout)
    by_site = {s.pop("site"): s for s in summary["sites"]}
    host = {name: net.base(name).removeprefix("http://") for name in ("alpha", "beta", "gamma")}
    assert by_site == {
        host["alpha"]: {
            "found": 7,
            "new": 5,
            "updated": 0,
            "unchanged": 0,
            "skipped": 0,
            "disallowed": 1,
            "gone": 1,
            "failed": 0,
        },
        host["beta"]: {
            "found": 5,
            "new": 5,
            "updated": 0,
            "unchanged": 0,
            "skipped": 0,
            "disallowed": 0,
            "gone": 0,
            "failed": 0,
        },
        # gamma's canonical URL is skipped: it was archived as its alias's article, never fetched itself.
        host["gamma"]: {
            "found": 3,
            "new": 2,
            "updated": 0,
            "unchanged": 0,
            "skipped": 1,
            "disallowed": 0,
            "gone": 0,
            "failed": 0,
        },
    }
    assert summary["source_failures"] == []
    # The PRMN profile's guessed /sitemap.xml and /rss are missing on some hosts: warnings, not failures, said once.
    later = " (a path the site profile guesses: not asked again for 30 days)"
    assert sorted(summary["warnings"]) == sorted(
        [
            f"HTTP 404 for {a}/sitemap.xml{later}",
            f"HTTP 404 for {a}/rss{later}",
            f"HTTP 404 for {b}/sitemap.xml{later}",
            f"HTTP 404 for {g}/rss{later}",
        ]
    )
    assert (summary["interrupted"], summary["capped"], summary["pending"]) == (False, False, 0)
    assert rows(db, "SELECT command, status, ok, failed FROM runs") == [("crawl", "ok", 12, 0)]
    assert rows(db, "SELECT url FROM failures") == [(f"{a}/bandung/pr-0000199/berita-yang-hilang",)]
    gone = f"{a}/bandung/pr-0000199/berita-yang-hilang"
    assert f"warning: HTTP 404 for {gone} (gone: recorded, not retried)" in result.stderr
    # Attempts are real fetches: the 404 was asked once, the disallowed URL never.
    assert rows(db, "SELECT url, attempts FROM frontier WHERE state != 'done' ORDER BY url") == [
        (f"{a}/bandung/pr-0000199/berita-yang-hilang", 1),
        (f"{a}/rahasia/pr-0000103/draf-belum-terbit", 0),
    ]


def test_second_run_fetches_nothing_and_refresh_is_conditional(net: FakeNet, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run(*crawl_args(net, db)).exit_code == 0
    first = article_rows(db)
    seen = len(article_requests(net))

    asked_before = {h.name: len(h.requests) for h in net.hosts.values()}
    again = run(*crawl_args(net, db, "--json", "--quiet"))
    assert again.exit_code == 0, again.output  # the 404 is not retried: a gone page stays gone
    assert article_requests(net)[seen:] == []
    # The profile's guessed targets that answered 404 are neither asked nor warned about again (a daily cron run).
    assert json.loads(again.stdout)["warnings"] == []
    asked_again = sorted((h.name, r.path) for h in net.hosts.values() for r in h.requests[asked_before[h.name] :])
    assert asked_again == [
        ("alpha", "/robots.txt"),
        ("alpha", "/sitemap_index.xml"),
        ("alpha", "/sitemaps/artikel.xml.gz"),
        ("alpha", "/sitemaps/news.xml"),
        ("beta", "/indeks"),
        ("beta", "/indeks?page=2"),
        ("beta", "/robots.txt"),
        ("beta", "/rss"),
        ("gamma", "/robots.txt"),
        ("gamma", "/sitemap.xml"),
    ]
    # Every URL found again was settled by the first run (archived, gone): skipped; the one robots.txt refused is
    # judged again by the rules of the day (no request: refused again).
    assert json.loads(again.stdout)["total"] == {
        "found": 15, "new": 0, "updated": 0, "unchanged": 0, "skipped": 14, "disallowed": 1, "gone": 0, "failed": 0
    }  # fmt: skip
    assert "┃" not in again.stderr  # --quiet: no table
    assert article_rows(db) == first

    # --refresh: every archived URL is asked again with its validators; all answer 304 (the alias: same content).
    net.gamma_edition = 1
    for host in net.hosts.values():
        host.requests.clear()
    refreshed = run(*crawl_args(net, db, "--json", "--refresh"))
    assert refreshed.exit_code == 0, refreshed.output
    asked = [r for h in net.hosts.values() for r in h.requests if "/pr-" in r.path and "page=" not in r.path]
    assert {r.path for r in asked if "if-none-match" not in r.headers} == {"/daerah/pr-0000302/panen-raya"}
    total = json.loads(refreshed.stdout)["total"]
    assert (total["new"], total["updated"], total["unchanged"], total["disallowed"]) == (0, 0, 13, 1)
    assert article_rows(db) == first
    assert rows(db, "SELECT count(*) FROM article_versions") == [(0,)]

    # A changed article: updated, its old text kept as version 1.
    net.gamma_edition = 2
    changed = run(*crawl_args(net, db, "--json", "--refresh"))
    assert json.loads(changed.stdout)["total"]["updated"] == 1
    g = net.base("gamma")
    key = f"{g}/daerah/pr-0000301/banjir-surut"
    old, new = (
        net.articles["gamma"]["/daerah/pr-0000301/banjir-surut"],
        net.current("gamma", net.articles["gamma"]["/daerah/pr-0000301/banjir-surut"]),
    )
    assert rows(db, f"SELECT body FROM articles WHERE key = '{key}'") == [(new.body,)]
    versions = rows(db, "SELECT article_id, version, record FROM article_versions")
    assert [(v[1], json.loads(v[2])["body"]) for v in versions] == [(1, old.body)]


def test_since_until_and_max_articles(net: FakeNet, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    a = net.base("alpha")
    args = ["crawl", "--db", str(db), "--allow-private", "--retries", "0", "--delay", str(DELAY), "--json"]
    result = run(*args, "--since", "2024-03-05", "--until", "7 Maret 2024", net.source("alpha"))
    # Dated 4 March and 1 February: left out; 5-7 March and the undated redirect: in.
    assert rows(db, "SELECT key FROM articles ORDER BY key") == [
        (f"{a}/bandung/pr-0000102/jembatan-cikawung-dibuka",),
        (f"{a}/bandung/pr-0000104/taman-lansia-dipugar",),
        (f"{a}/jabar/pr-0000105/hujan-deras-di-garut",),
    ]
    assert json.loads(result.stdout)["total"]["found"] == 5

    capped = tmp_path / "capped.db"
    index = net.base("beta") + "/indeks"
    base = ["crawl", "--db", str(capped), "--allow-private", "--delay", str(DELAY)]
    result = run(*base, "--json", "--max-articles", "3", index)
    summary = json.loads(result.stdout)
    assert (result.exit_code, summary["capped"], summary["pending"], summary["total"]["new"]) == (0, True, 1, 3)
    assert "1 URL(s) left for the next run; stopped at --max-articles" in result.stderr
    assert run(*base, index).exit_code == 0
    assert rows(capped, "SELECT count(*) FROM articles") == [(4,)]
    assert rows(capped, "SELECT state, count(*) FROM frontier GROUP BY state") == [("done", 4)]


def test_bad_dates_and_missing_sources_are_usage_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    assert run("crawl", "--db", db).exit_code == 2
    bad = run("crawl", "--db", db, "--since", "besok lusa", "http://127.0.0.1:9/sitemap.xml")
    assert bad.exit_code == 2
    assert "--since: not a date: 'besok lusa'" in bad.output


FORMS = "2024-03-05, 2024-03-05T10:00, 2024-03-05T10:00+07:00, 5 Maret 2024 or 5 March 2024"


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-05 garbage",
        "5 Maret 2024 blah",
        "kemarin lusa",
        "2 jam yang lalu",
        "garbage",
        "5 Maret",
        "Selasa, 5 Maret 2024",
        "5 kemarin 2024",
        "31 Februari 2024",
        "2024/03/05",
    ],
)
@pytest.mark.parametrize("command", ["crawl", "stats", "export", "reparse", "ingest"])
def test_since_and_until_take_only_a_whole_date(tmp_path: Path, command: str, value: str) -> None:
    db = tmp_path / "b.db"
    rest = {"crawl": ["http://127.0.0.1:9/"], "ingest": [str(tmp_path / "x.warc.gz")]}.get(command, [])
    option = "--since" if command == "reparse" else "--until"
    result = run(command, "--db", str(db), option, value, *rest)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == (
        f"Error: {option}: not a date: {value!r} (use {FORMS}; nothing before or after it)"
    )
    assert not db.exists()


def test_since_and_until_read_the_forms_the_help_names() -> None:
    from beritascrape.cli.bounds import parse_bound_option

    wib = timezone(timedelta(hours=7))
    for value, since, until in [
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=wib), datetime(2024, 3, 5, 23, 59, 59, 999999, tzinfo=wib)),
        (" 2024-03-05T10:00 ", datetime(2024, 3, 5, 10, tzinfo=wib), datetime(2024, 3, 5, 10, tzinfo=wib)),
        ("2024-03-05T10:00:30Z", datetime(2024, 3, 5, 10, 0, 30, tzinfo=timezone.utc), None),
        ("2024-03-05 10:00 WITA", datetime(2024, 3, 5, 10, tzinfo=timezone(timedelta(hours=8))), None),
        ("5 Maret 2024", datetime(2024, 3, 5, tzinfo=wib), datetime(2024, 3, 5, 23, 59, 59, 999999, tzinfo=wib)),
        ("05 August 2024", datetime(2024, 8, 5, tzinfo=wib), None),
        ("5 Agt. 2024", datetime(2024, 8, 5, tzinfo=wib), None),
    ]:
        assert parse_bound_option(value, "--since") == since, value
        if until is not None:
            assert parse_bound_option(value, "--until", end_of_day=True) == until, value
    assert parse_bound_option(None, "--since") is None
    with pytest.raises(click.UsageError):
        parse_bound_option("kemarin", "--since")
    help_text = " ".join(run("crawl", "--help").output.split())
    assert (
        "--since DATE Only articles published on or after this date: 2024-03-05, 2024-03-05T10:00[+07:00] or 5 "
        "Maret 2024 (WIB unless it says; nothing else: no relative words)." in help_text
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("ftp://x.example/y", "unsupported URL scheme 'ftp' in crawl source 'ftp://x.example/y' (only http and https)"),
        ("foo:bar.com", "unknown site family 'foo' in crawl source 'foo:bar.com' (`beritascrape sites` lists them)"),
        ("prmn", "site family 'prmn' needs a host: write prmn:HOST, e.g. prmn:www.example.com"),
        ("http:///berita", "malformed host in crawl source 'http:///berita'"),
    ],
)  # fmt: skip
def test_an_unusable_source_is_a_usage_error_before_anything_runs(tmp_path: Path, source: str, message: str) -> None:
    db = tmp_path / "b.db"
    result = run("crawl", "--db", str(db), "http://127.0.0.1:9/sitemap.xml", source)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")
    config = tmp_path / "crawl.toml"
    config.write_text(f"sources = [{source!r}]\n".replace("'", '"'), encoding="utf-8")
    from_config = run("crawl", "--db", str(db), "--config", str(config))
    assert (from_config.exit_code, from_config.stderr) == (2, f"error: {message}\n")
    assert not db.exists()


def test_nothing_reachable_exits_3(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    result = run("crawl", "--db", str(db), "--allow-private", "--retries", "0", "http://127.0.0.1:9/sitemap.xml")
    assert result.exit_code == 3, result.output
    assert "error: source http://127.0.0.1:9/sitemap.xml: host 127.0.0.1:9 is unreachable" in result.stderr


def test_config_file_and_log_file(net: FakeNet, tmp_path: Path) -> None:
    db, log = tmp_path / "berita.db", tmp_path / "crawl.log"
    config = tmp_path / "crawl.toml"
    config.write_text(
        f'sources = ["{net.source("gamma")}"]\ndb = "{db}"\ndelay = {DELAY}\nallow-private = true\n'
        f'quiet = true\nlog_file = "{log}"\ncontact = "redaksi@example.com"\nmax_articles = 50\n',
        encoding="utf-8",
    )
    result = run("crawl", "--config", str(config), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["new"] == 2
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]
    agents = {r.headers["user-agent"] for r in net.hosts["gamma"].requests}
    assert agents == {
        "beritascrape/0.1.0 (+https://github.com/beritascrape/beritascrape; contact: redaksi@example.com)"
    }
    logged = log.read_text(encoding="utf-8")
    assert f"INFO new {net.base('gamma')}/daerah/pr-0000301/banjir-surut" in logged
    assert f"WARNING discovery: HTTP 404 for {net.base('gamma')}/rss" in logged
    # The command line wins over the file.
    other = tmp_path / "other.db"
    assert run("crawl", "--config", str(config), "--db", str(other)).exit_code == 0
    assert rows(other, "SELECT count(*) FROM articles") == [(2,)]

    config.write_text('sources = ["x"]\ndelays = 3\n', encoding="utf-8")
    result = run("crawl", "--config", str(config))
    assert (result.exit_code, result.stderr.strip()) == (2, f"error: config file {config}: unknown key(s) delays")


def test_second_concurrent_crawl_exits_75_or_waits(net: FakeNet, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    with crawl_lock(db):
        busy = run(*crawl_args(net, db))
    assert busy.exit_code == 75
    assert busy.stderr.strip() == (
        f"error: another crawl is writing to {db} (lock {db}.lock); try later or pass --wait"
    )
    assert not db.exists() or rows(db, "SELECT count(*) FROM runs") == [(0,)]

    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with crawl_lock(db):
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    waited = run("crawl", "--db", str(db), "--allow-private", "--delay", str(DELAY), "--wait", net.source("gamma"))
    holder.join()
    assert waited.exit_code == 0, waited.output
    assert time.monotonic() - started >= 0.3


def spawn_crawl(net: FakeNet, db: Path, *extra: str) -> subprocess.Popen[str]:
    args = crawl_args(net, db, *extra)
    return subprocess.Popen(
        [sys.executable, "-m", "beritascrape", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def wait_for_articles(db: Path, proc: subprocess.Popen[str], n: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if db.exists() and rows(db, "SELECT count(*) FROM articles")[0][0] >= n:
                return
        except sqlite3.OperationalError:
            pass  # the schema is being created
        time.sleep(0.01)
    raise AssertionError(f"the crawl never archived {n} articles")


def test_killed_crawl_resumes_to_the_same_archive(net: FakeNet, tmp_path: Path) -> None:
    reference = tmp_path / "reference.db"
    assert run(*crawl_args(net, reference)).exit_code == 0

    db = tmp_path / "killed.db"
    # A slow pace keeps articles pending when the kill lands, however fast the machine (the result is the same).
    proc = spawn_crawl(net, db, "--delay", "1")
    wait_for_articles(db, proc, 4)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    left = rows(db, "SELECT count(*) FROM frontier WHERE state = 'pending'")[0][0]
    assert left > 0
    assert rows(db, "SELECT status FROM runs") == [(None,)]  # the killed run never finished

    resumed = run(*crawl_args(net, db))
    assert resumed.exit_code in (0, 1), resumed.output
    assert [r[:5] for r in article_rows(db)] == [r[:5] for r in article_rows(reference)]
    assert rows(db, "SELECT key, count(*) FROM articles GROUP BY key HAVING count(*) > 1") == []
    assert [r[:2] for r in frontier_rows(db)] == [r[:2] for r in frontier_rows(reference)]


def test_sigint_finishes_the_article_in_hand_and_exits_130(net: FakeNet, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    proc = spawn_crawl(net, db, "--delay", "1")  # slow enough that articles stay pending when the signal lands
    wait_for_articles(db, proc, 2)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    # Its own line, the first one when the signal lands before any warning (a guessed /rss answering 404).
    assert re.search(
        r"(?:^|\n)warning: stopping: finishing the \d article\(s\) in hand; press Ctrl-C again to stop now\n", stderr
    )
    assert "stay queued and the next crawl resumes them" in stderr
    assert "beritascrape crawl ->" in stderr  # the summary table
    assert rows(db, "SELECT status FROM runs") == [("interrupted",)]
    # Every archived article has its frontier row done: nothing was left half-recorded.
    archived = rows(db, "SELECT count(*) FROM articles")[0][0]
    done = rows(db, "SELECT count(DISTINCT article_id) FROM frontier WHERE state = 'done'")[0][0]
    assert archived == done
    assert rows(db, "SELECT count(*) FROM frontier WHERE state = 'pending'")[0][0] > 0

    assert run(*crawl_args(net, db)).exit_code == 0
    assert set(rows(db, "SELECT key, title, body, page_count FROM articles")) == expected_articles(net)


def stub_discovery(net: GeneratedNet) -> dict:
    """Discovery injected into crawl(): each source is one host's sitemap, listing its articles undated."""

    def sources_for(source: str, fetcher: object) -> list[tuple[str, str]]:
        return [(source, "sitemap")]

    def discover(url: str, kind: str, fetcher: object, **options: object) -> Iterator[Discovered]:
        base = url.removesuffix("/sitemap.xml")
        for n in range(net.per_host):
            yield Discovered(base + net.path(n) + "?utm_source=stub", None, url, "sitemap")

    return {"sources_fn": sources_for, "discover_fn": discover, "canonicalize": canonicalize_url}


@pytest.mark.parametrize("max_hosts", [1, 3])
def test_hosts_run_side_by_side_up_to_max_hosts(tmp_path: Path, max_hosts: int) -> None:
    events: list[CrawlEvent] = []
    with GeneratedNet(3, 6) as net, Fetcher(FetchConfig(allow_private=True, delay_from_answer=False)) as fetcher:
        result = crawl(
            net.sitemaps(), tmp_path / "b.db", fetcher, delay=0.1, max_hosts=max_hosts, on_event=events.append,
            **stub_discovery(net),
        )  # fmt: skip
        # Each host's article requests as the servers saw them: the order of the spans says it, whatever the load.
        spans = sorted(
            (min(times), max(times))
            for times in ([r.time for r in h.requests if "/pr-" in r.path] for h in net.hosts.values())
        )
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    if max_hosts == 1:
        # One host after another: each host's first article comes after the previous host's last.
        assert all(end < start for end, start in zip(ends, starts[1:], strict=False)), spans
    else:
        # Side by side: every host started before any host finished (6 articles at 0.1 s each take 0.5 s).
        assert max(starts) < min(ends), spans
    assert [(s.found, s.new, s.failed) for s in result.sites] == [(6, 6, 0)] * 3
    assert sum(e.count for e in events if e.kind == "found") == 18
    assert sorted(e.url for e in events if e.kind == "article") == sorted(
        h.base_url + net.path(n) for h in net.hosts.values() for n in range(6)
    )


def test_stop_event_leaves_the_rest_pending(tmp_path: Path) -> None:
    stop = threading.Event()

    def on_event(event: CrawlEvent) -> None:
        if event.kind == "article":
            stop.set()

    with GeneratedNet(1, 6) as net, Fetcher(FetchConfig(allow_private=True, delay_from_answer=False)) as fetcher:
        result = crawl(
            net.sitemaps(), tmp_path / "b.db", fetcher, delay=0.05, stop=stop, on_event=on_event, **stub_discovery(net)
        )
        assert (result.interrupted, result.pending, result.sites[0].new) == (True, 5, 1)
        again = crawl(net.sitemaps(), tmp_path / "b.db", fetcher, delay=0.05, **stub_discovery(net))
    assert (again.interrupted, again.pending, again.sites[0].new, again.sites[0].found) == (False, 0, 5, 6)
    assert rows(tmp_path / "b.db", "SELECT status, ok FROM runs ORDER BY id") == [("interrupted", 1), ("ok", 5)]


def test_a_bug_on_one_page_fails_that_url_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = crawl_module.complete_article

    def flaky(fetcher: Fetcher, first: Page, *rest: Any) -> tuple:
        if first.url.endswith("nomor-2"):
            raise RuntimeError("boom")
        return real(fetcher, first, *rest)

    monkeypatch.setattr(crawl_module, "complete_article", flaky)
    with GeneratedNet(1, 4) as net, Fetcher(FetchConfig(allow_private=True, delay_from_answer=False)) as fetcher:
        result = crawl(net.sitemaps(), tmp_path / "b.db", fetcher, delay=0.01, **stub_discovery(net))
        url = net.hosts["h0"].base_url + net.path(2)
    assert [(s.new, s.failed) for s in result.sites] == [(3, 1)]
    assert rows(tmp_path / "b.db", "SELECT url, message FROM failures") == [
        (url, "unexpected error: RuntimeError: boom")
    ]
    assert rows(tmp_path / "b.db", f"SELECT state, attempts FROM frontier WHERE url = '{url}'") == [("failed", 1)]


HTML = {"Content-Type": "text/html; charset=utf-8"}


def undated_html(base: str, art: FakeArticle) -> str:
    """An article page that shows no date anywhere."""
    page = re.sub(r'<meta property="article:published_time"[^>]*>', "", article_html(base, art, 1))
    return re.sub(r'<div class="read__info__date">[^<]*</div>', "", page)


@pytest.fixture
def archive_site() -> Iterator[TestServer]:
    """A sitemap of old and new articles whose listed dates lie or are missing."""

    def art(n: int, slug: str, when: datetime) -> FakeArticle:
        return FakeArticle(f"/daerah/pr-000040{n}/{slug}", slug.capitalize(), when, [paragraphs(slug)])

    with serve() as srv:
        b = srv.base_url
        old = art(1, "arsip", datetime(2021, 6, 14, 10, tzinfo=WIB))
        edited = art(2, "sunting", datetime(2022, 1, 3, 8, tzinfo=WIB))
        fresh = art(3, "maret", datetime(2024, 3, 5, 9, 30, tzinfo=WIB))
        undated = art(4, "tanpa", datetime(2024, 3, 6, tzinfo=WIB))
        stale = art(5, "basi", datetime(2024, 1, 9, tzinfo=WIB))
        listed = [
            (b + old.path, None),  # no date in the sitemap: published 2021
            (b + edited.path, datetime(2024, 3, 10, tzinfo=WIB)),  # lastmod 2024, published 2022
            (b + fresh.path, fresh.published),
            (b + undated.path, None),
            (b + stale.path, datetime(2024, 2, 1, tzinfo=WIB)),  # last changed before --since
        ]
        srv.route("/sitemap.xml", Response(200, urlset(listed), XML))
        for page in (old, edited, fresh, stale):
            srv.route(page.path, Response(200, article_html(b, page, 1), HTML))
        srv.route(undated.path, Response(200, undated_html(b, undated), HTML))
        yield srv


def test_the_articles_own_date_decides_since_and_until(archive_site: TestServer, tmp_path: Path) -> None:
    b = archive_site.base_url + "/daerah"
    args = ["--allow-private", "--retries", "0", "--delay", "0", "--json", archive_site.url("/sitemap.xml")]
    db = tmp_path / "since.db"
    result = run("crawl", "--db", str(db), "--since", "2024-03-01", *args)
    assert result.exit_code == 0, result.output
    # Archived: the one published in the window and the one without any date.
    assert rows(db, "SELECT key FROM articles ORDER BY key") == [(f"{b}/pr-0000403/maret",), (f"{b}/pr-0000404/tanpa",)]
    since = "before --since 2024-03-01T00:00:00+07:00"
    assert frontier_rows(db) == [
        (f"{b}/pr-0000401/arsip", "skipped", "sitemap", f"published 2021-06-14T10:00:00+07:00, {since}"),
        (f"{b}/pr-0000402/sunting", "skipped", "sitemap", f"published 2022-01-03T08:00:00+07:00, {since}"),
        (f"{b}/pr-0000403/maret", "done", "sitemap", None),
        (f"{b}/pr-0000404/tanpa", "done", "sitemap", None),
    ]
    # A lastmod is no publication date: it kept a page from being fetched only when it is before --since.
    assert "/daerah/pr-0000405/basi" not in archive_site.paths()
    assert rows(db, f"SELECT published_at FROM frontier WHERE url = '{b}/pr-0000402/sunting'") == [(None,)]
    total = json.loads(result.stdout)["total"]
    assert (total["found"], total["new"], total["skipped"], total["failed"]) == (4, 2, 2, 0)

    db = tmp_path / "until.db"
    result = run("crawl", "--db", str(db), "--until", "2024-03-04", *args)
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT url, last_error FROM frontier WHERE state = 'skipped'") == [
        (f"{b}/pr-0000403/maret", "published 2024-03-05T09:30:00+07:00, after --until 2024-03-04T23:59:59+07:00")
    ]
    assert rows(db, "SELECT count(*) FROM articles") == [(4,)]


def test_a_typed_url_is_fetched_as_given_and_private_links_are_refused_once_per_host(
    net: FakeNet, tmp_path: Path
) -> None:
    db = tmp_path / "berita.db"
    g = net.base("gamma")
    host = g.removeprefix("http://")
    args = ["crawl", "--db", str(db), "--retries", "0", "--delay", str(DELAY), g + "/sitemap.xml"]
    refused = run(*args, "--quiet", "--json")
    # The sitemap the user typed is read; the three article URLs it lists are on a loopback address: one line.
    assert refused.exit_code == 1, refused.output
    line = (
        f"3 discovered URL(s) on {host} refused: it points at a private or local address (127.0.0.1); "
        "pass --allow-private to allow it (they stay queued)"
    )
    assert refused.stderr.splitlines() == [f"error: {line}"]
    summary = json.loads(refused.stdout)
    assert (summary["total"]["failed"], summary["pending"], summary["host_failures"]) == (
        0,
        3,
        [{"host": host, "message": line}],
    )
    assert [r.path for r in net.hosts["gamma"].requests] == ["/robots.txt", "/sitemap.xml"]
    # Refused by policy is no failure of the site: the URLs stay queued as they were, the host is one failure.
    assert rows(db, "SELECT state, attempts, last_error, count(*) FROM frontier GROUP BY 1, 2, 3") == [
        ("pending", 0, None, 3)
    ]
    assert rows(db, "SELECT run_id, url, message FROM failures") == [(1, host, f"crawl host: {line}")]
    assert rows(db, "SELECT status, failed FROM runs") == [("partial", 1)]
    # The table counts articles; the host's failure is in its caption, as it is in the run's failed count.
    tabled = run(*args)
    assert tabled.exit_code == 1, tabled.output
    assert "3 URL(s) left for the next run; 1 host(s) failed" in tabled.stderr
    # Nothing was fetched, so nothing counts as an attempt: the same crawl with --allow-private takes them all.
    allowed = run(*args, "--allow-private", "--json")
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout)["total"]["new"] == 2
    assert rows(db, "SELECT state, count(*) FROM frontier GROUP BY 1") == [("done", 3)]


def test_a_family_source_is_read_over_https_and_a_tls_failure_says_so(net: FakeNet, tmp_path: Path) -> None:
    host = net.base("gamma").removeprefix("http://")
    result = run("crawl", "--db", str(tmp_path / "b.db"), "--allow-private", "--retries", "0", "-q", f"prmn:{host}")
    assert result.exit_code == 3, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: source prmn:{host}: host {host} is unreachable (fetching robots.txt): TLS error")
    assert line.endswith(
        "; a SOURCE without a scheme is read over https: for a plain-http site write FAMILY:http://HOST[:PORT] "
        "or the http:// URL of its sitemap, feed or index page"
    )


@pytest.mark.parametrize(
    ("path", "body", "content_type"),
    [("/kabar.txt", "bukan peta situs", "text/plain"), ("/api/kabar.json", '{"kabar": []}', "application/json")],
)
def test_a_source_that_is_no_sitemap_feed_or_index_fails(
    tmp_path: Path, path: str, body: str, content_type: str
) -> None:
    with serve({path: Response(200, body, {"Content-Type": content_type})}) as srv:
        result = run("crawl", "--db", str(tmp_path / "b.db"), "--allow-private", "--delay", "0", "-q", srv.url(path))
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == [
        f"error: {srv.url(path)} is not a sitemap, feed or index page ({content_type})"
    ]


def test_a_failed_source_is_a_failures_row_that_retry_points_back_to_the_crawl(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    with serve({"/notes.txt": Response(200, "catatan", {"Content-Type": "text/plain"})}) as srv:
        source = srv.url("/notes.txt")
        crawled = run("crawl", "--db", db, "--allow-private", "--delay", "0", "-q", source)
        assert crawled.exit_code == 3, crawled.output
        message = f"{source} is not a sitemap, feed or index page (text/plain)"
        assert rows(Path(db), "SELECT run_id, url, message FROM failures") == [(1, source, f"crawl source: {message}")]
        listed = run("failures", "--run", "1", "--json", "--db", db)
        assert [(f["url"], f["message"]) for f in map(json.loads, listed.stdout.splitlines())] == [
            (source, f"crawl source: {message}")
        ]
        retried = run("retry", "--run", "1", "--db", db)
    assert (retried.exit_code, retried.stderr) == (
        1,
        f"error: run 1: 1 crawl source(s) or host(s) failed ({source}); `retry` scrapes article URLs only: run the "
        "crawl again to retry them (with --allow-private for a host refused as private)\n",
    )
    assert rows(Path(db), "SELECT id, command FROM runs") == [(1, "crawl")]


def test_retry_of_a_crawl_scrapes_its_failed_articles_and_names_its_failed_sources(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    with serve({"/notes.txt": Response(200, "catatan", {"Content-Type": "text/plain"})}) as srv:
        broken = srv.url("/2024/08/berita-rusak/")
        srv.route("/sitemap.xml", Response(200, urlset([(broken, None)]), XML))
        srv.route("/2024/08/berita-rusak/", Response(500, "rusak", {"Content-Type": "text/plain"}))
        args = ["--db", db, "--allow-private", "--retries", "0", "-q"]
        crawled = run("crawl", *args, "--delay", "0", srv.url("/sitemap.xml"), srv.url("/notes.txt"))
        assert crawled.exit_code == 1, crawled.output
        notes = srv.url("/notes.txt")
        assert sorted(rows(Path(db), "SELECT url, message FROM failures")) == [
            (broken, f"HTTP 500 for {broken}"),
            (notes, f"crawl source: {notes} is not a sitemap, feed or index page (text/plain)"),
        ]
        retried = run("retry", *args, "--run", "1")
    assert retried.exit_code == 1, retried.output
    assert retried.stderr.splitlines() == [
        f"warning: run 1: 1 crawl source(s) or host(s) failed ({srv.url('/notes.txt')}); `retry` scrapes article "
        "URLs only: run the crawl again to retry them (with --allow-private for a host refused as private)",
        "retrying 1 failed input(s) of run 1",
        f"error: HTTP 500 for {broken}",
    ]


def test_a_family_source_whose_urls_miss_the_familys_pattern_says_so(tmp_path: Path) -> None:
    with serve({}) as srv:
        srv.route(
            "/sitemap.xml", Response(200, urlset([(srv.url(f"/2024/08/berita-{n}/"), None) for n in (1, 2, 3)]), XML)
        )
        srv.route("/rss", Response(200, "<rss><channel><title>Kabar</title></channel></rss>", XML))
        source = f"prmn:{srv.base_url}"
        result = run("crawl", "--db", str(tmp_path / "b.db"), "--allow-private", "--delay", "0", "-q", source)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"error: {source} lists 3 URL(s), and none matches the prmn family's article pattern /pr-\\d+/ "
        "(is it a site of that family?)"
    ]


def test_one_line_per_failed_source_and_per_unreachable_host(tmp_path: Path) -> None:
    sources = ["http://127.0.0.1:9/sitemap_news.xml", "http://127.0.0.1:9/rss"]
    args = ["--allow-private", "--retries", "0", "--delay", "0"]
    result = run("crawl", "--db", str(tmp_path / "b.db"), *args, "-q", *sources)
    assert result.exit_code == 3, result.output
    [line] = result.stderr.splitlines()
    assert re.fullmatch(
        r"error: source http://127\.0\.0\.1:9/(sitemap_news\.xml|rss): host 127\.0\.0\.1:9 is unreachable "
        r"\(fetching robots\.txt\): cannot connect to 127\.0\.0\.1:9: connection refused",
        line,
    )
    result = run("crawl", "--db", str(tmp_path / "b.db"), *args, "--json", "-q", *sources)
    assert [f["source"] for f in json.loads(result.stdout)["source_failures"]] == sorted(
        sources, key=sources.index
    ) or sorted(f["source"] for f in json.loads(result.stdout)["source_failures"]) == sorted(sources)


def test_log_file_times_are_utc(net: FakeNet, tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    before = datetime.now(timezone.utc).replace(microsecond=0)
    args = ["--log-file", str(log), "--quiet", net.source("gamma")]
    result = run("crawl", "--db", str(tmp_path / "b.db"), "--allow-private", "--delay", str(DELAY), *args)
    assert result.exit_code == 0, result.output
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    for line in lines:
        stamp = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (INFO|WARNING) ", line)
        assert stamp is not None, line
        when = datetime.strptime(stamp.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        assert before <= when <= datetime.now(timezone.utc)


def test_an_inverted_window_and_a_bad_config_file_are_usage_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    inverted = run("crawl", "--db", db, "--since", "2024-03-05", "--until", "1 Maret 2024", "http://127.0.0.1:9/")
    assert (inverted.exit_code, inverted.stderr) == (
        2,
        "error: --since 2024-03-05 is after --until 1 Maret 2024: no article can be in between\n",
    )
    missing = tmp_path / "tidak-ada.toml"
    broken = tmp_path / "rusak.toml"
    broken.write_text('sources = ["a"\n', encoding="utf-8")
    for config, message in (
        (missing, f"error: cannot read config file {missing}: No such file or directory"),
        (broken, f"error: config file {broken} is not valid TOML: "),
    ):
        result = run("crawl", "--db", db, "--config", str(config))
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1, result.stderr
    assert not Path(db).exists()


def test_a_guessed_target_that_is_absent_is_asked_again_after_30_days(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    args = ["crawl", "--db", str(db), "--allow-private", "--retries", "0", "--delay", "0", "--json", "-q"]
    article = "/bandung/pr-0000101/pasar-kosambi-ramai"
    with serve({}) as srv:
        srv.route("/sitemap.xml", Response(200, urlset([(srv.url(article), None)]), XML))
        source = f"prmn:{srv.base_url}"
        first = run(*args, source)  # /rss answers 404 (no route)
        assert first.exit_code == 0, first.output
        note = " (a path the site profile guesses: not asked again for 30 days)"
        assert json.loads(first.stdout)["warnings"] == [f"HTTP 404 for {srv.url('/rss')}{note}"]
        assert rows(db, "SELECT url, status FROM absent_targets") == [(srv.url("/rss"), 404)]

        srv.requests.clear()
        assert json.loads(run(*args, source).stdout)["warnings"] == []
        assert [r.path for r in srv.requests] == ["/robots.txt", "/sitemap.xml"]

        # 31 days on, the site has added its feed: asked, read, and no longer remembered as absent.
        month_ago = (datetime.now(timezone.utc) - timedelta(days=31)).strftime("%Y-%m-%dT%H:%M:%SZ")
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE absent_targets SET checked_at = ?", [month_ago])
        srv.route("/rss", Response(200, "<rss><channel><title>Kabar</title></channel></rss>", XML))
        srv.requests.clear()
        third = run(*args, source)
        assert third.exit_code == 0, third.output
        assert json.loads(third.stdout)["warnings"] == []
        assert [r.path for r in srv.requests] == ["/robots.txt", "/sitemap.xml", "/rss"]
        assert rows(db, "SELECT count(*) FROM absent_targets") == [(0,)]


def test_a_source_whose_guessed_targets_are_all_absent_asks_them_every_run(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    args = ["crawl", "--db", str(db), "--allow-private", "--retries", "0", "--delay", "0", "-q"]
    with serve({}) as srv:
        source = f"prmn:{srv.base_url}"
        expected = [f"error: source {source}: HTTP 404 for {srv.url('/sitemap.xml')}; HTTP 404 for {srv.url('/rss')}"]
        for _ in range(2):  # nothing else to read: skipping them would hide that the source gives nothing
            srv.requests.clear()
            result = run(*args, source)
            assert result.exit_code == 3, result.output
            assert result.stderr.splitlines() == expected
            assert [r.path for r in srv.requests] == ["/robots.txt", "/sitemap.xml", "/rss"]


def test_files_a_sitemap_lists_are_skipped_for_good_not_failed(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    args = ["crawl", "--db", str(db), "--allow-private", "--retries", "0", "--delay", "0", "--json", "-q"]
    page = (Path(__file__).parent / "fixtures" / "generic" / "wordpress.html").read_bytes()
    with serve({}) as srv:
        srv.route("/berita/1", Response(200, page, {"Content-Type": "text/html; charset=utf-8"}))
        srv.route("/berkas/laporan.pdf", Response(200, b"%PDF-1.4 ...", {"Content-Type": "application/pdf"}))
        srv.route("/foto/banjir.jpg", Response(200, b"\xff\xd8\xff\xe0", {"Content-Type": "image/jpeg"}))
        listed = ["/berita/1", "/berkas/laporan.pdf", "/foto/banjir.jpg"]
        srv.route("/sitemap.xml", Response(200, urlset([(srv.url(p), None) for p in listed]), XML))
        first = run(*args, srv.url("/sitemap.xml"))
        # A PDF or an image is no article: settled as skipped, no failure of the run (exit 0), never asked again.
        assert first.exit_code == 0, first.output
        total = json.loads(first.stdout)["total"]
        assert (total["new"], total["skipped"], total["failed"]) == (1, 2, 0)
        assert rows(db, "SELECT url, state, last_error FROM frontier WHERE state != 'done' ORDER BY url") == [
            (
                srv.url("/berkas/laporan.pdf"),
                "skipped",
                f"{srv.url('/berkas/laporan.pdf')} is not HTML (application/pdf)",
            ),
            (srv.url("/foto/banjir.jpg"), "skipped", f"{srv.url('/foto/banjir.jpg')} is not HTML (image/jpeg)"),
        ]
        srv.requests.clear()
        assert run(*args, srv.url("/sitemap.xml")).exit_code == 0
        assert [r.path for r in srv.requests] == ["/robots.txt", "/sitemap.xml"]


def test_an_article_whose_lastmod_is_after_its_archived_copy_is_fetched_again(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    args = ["crawl", "--db", str(db), "--allow-private", "--retries", "0", "--delay", "0", "--json", "-q"]
    page = (Path(__file__).parent / "fixtures" / "generic" / "wordpress.html").read_text("utf-8")
    edited = page.replace("sekitar empat puluh warga", "sekitar lima puluh warga")
    html = {"Content-Type": "text/html; charset=utf-8"}
    with serve({}) as srv:
        listed = srv.url("/2024/08/jembatan-gantung-cikawung-dibuka/")
        srv.route("/2024/08/jembatan-gantung-cikawung-dibuka/", Response(200, page, html))
        first_mod = datetime(2024, 8, 14, 4, 2, tzinfo=timezone.utc)
        srv.route("/sitemap.xml", Response(200, urlset([(listed, first_mod)]), XML))
        assert json.loads(run(*args, srv.url("/sitemap.xml")).stdout)["total"]["new"] == 1
        # The site edits the article and says so in its sitemap: the next daily run (no --refresh) fetches it.
        srv.route("/2024/08/jembatan-gantung-cikawung-dibuka/", Response(200, edited, html))
        later = datetime.now(timezone.utc) + timedelta(minutes=5)
        srv.route("/sitemap.xml", Response(200, urlset([(listed, later)]), XML))
        second = json.loads(run(*args, srv.url("/sitemap.xml")).stdout)["total"]
        assert (second["updated"], second["skipped"]) == (1, 0)
        assert rows(db, "SELECT count(*) FROM articles WHERE body LIKE '%lima puluh warga%'") == [(1,)]
        assert rows(db, "SELECT count(*) FROM article_versions") == [(1,)]
        # The same lastmod again, now older than the copy: settled, not fetched.
        srv.requests.clear()
        srv.route(
            "/sitemap.xml", Response(200, urlset([(listed, datetime.now(timezone.utc) - timedelta(minutes=1))]), XML)
        )
        third = json.loads(run(*args, srv.url("/sitemap.xml")).stdout)["total"]
        assert (third["updated"], third["skipped"]) == (0, 1)
        assert [r.path for r in srv.requests] == ["/robots.txt", "/sitemap.xml"]


def test_an_article_that_moved_keeps_its_row(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    args = ["crawl", "--db", str(db), "--allow-private", "--retries", "0", "--delay", "0", "--json", "-q"]
    page = (Path(__file__).parent / "fixtures" / "generic" / "wordpress.html").read_text("utf-8")
    html = {"Content-Type": "text/html; charset=utf-8"}
    old_path, new_path = "/2024/08/jembatan-gantung-cikawung-dibuka/", "/desa/jembatan-gantung-cikawung-dibuka/"
    with serve({}) as srv:
        old, new = srv.url(old_path), srv.url(new_path)

        def at(url: str) -> str:
            return page.replace("https://kabarlembah.id/2024/08/jembatan-gantung-cikawung-dibuka/", url)

        srv.route(old_path, Response(200, at(old), html))
        srv.route("/sitemap.xml", Response(200, urlset([(old, None)]), XML))
        assert json.loads(run(*args, srv.url("/sitemap.xml")).stdout)["total"]["new"] == 1
        # The site moves the article: its old URL answers 301 to the new one, which names itself canonical.
        srv.route(old_path, Response(301, "", {"Location": new}))
        srv.route(new_path, Response(200, at(new), html))
        moved = json.loads(run(*args, "--refresh", srv.url("/sitemap.xml")).stdout)["total"]
        assert (moved["new"], moved["updated"]) == (0, 1)
    assert rows(db, "SELECT id, key FROM articles") == [(1, new)]
    assert rows(db, "SELECT article_id, json_extract(record, '$.canonical_url') FROM article_versions") == [(1, old)]
    for key in (old, new):
        shown = run("show", "--db", str(db), "--json", key)
        assert json.loads(shown.stdout)["id"] == 1, key


def test_retry_leaves_a_gone_page_alone(net: FakeNet, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run(*crawl_args(net, db)).exit_code == 0
    gone = f"{net.base('alpha')}/bandung/pr-0000199/berita-yang-hilang"
    # Recorded (a failures row, as README says), but gone is no failure to retry: the crawl never asks it again.
    assert rows(db, "SELECT url FROM failures") == [(gone,)]
    asked = len(article_requests(net))
    retried = run("retry", "--db", str(db), "--allow-private")
    assert (retried.exit_code, retried.stderr) == (0, "no failed inputs to retry\n")
    assert len(article_requests(net)) == asked
