"""The crawl end to end: the `crawl` command against a fake news network of three hosts on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from beritascrape import crawl as crawl_module
from beritascrape.cli import cli
from beritascrape.crawl import CrawlEvent, crawl, crawl_lock
from beritascrape.discover import Discovered, canonicalize_url
from beritascrape.fetch import FetchConfig, Fetcher
from beritascrape.model import Page
from fakenet import FakeNet, GeneratedNet

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


def test_full_crawl_archives_every_article_once_politely(net: FakeNet, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    result = run(*crawl_args(net, db, "--json"))
    assert result.exit_code == 1, result.output  # the 404 in alpha's sitemap
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
                f"HTTP 404 for {a}/bandung/pr-0000199/berita-yang-hilang",
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
    # A request per host at a time, each host at its pace: the delay, and alpha's Crawl-delay once robots.txt is read.
    for host in net.hosts.values():
        times = [r.time for r in host.requests]
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        floor = CRAWL_DELAY if host.name == "alpha" else DELAY
        # Arrival times carry a few ms of scheduling jitter; a span of many gaps does not add it up.
        assert all(gap >= 0.6 * DELAY for gap in gaps), (host.name, gaps)
        assert all(gap >= 0.6 * floor for gap in gaps[2:]), (host.name, gaps)
        assert times[-1] - times[2] >= floor * (len(times) - 3) - 0.02, (host.name, gaps)
    # Hosts ran side by side: beta and gamma finished before alpha's slower pace let it finish.
    last = {h.name: max(r.time for r in h.requests) for h in net.hosts.values()}
    first_alpha = min(r.time for r in net.hosts["alpha"].requests)
    assert last["beta"] < last["alpha"] and last["gamma"] < last["alpha"]
    assert min(r.time for r in net.hosts["beta"].requests) < first_alpha + 0.2

    summary = json.loads(result.stdout)
    by_site = {s.pop("site"): s for s in summary["sites"]}
    host = {name: net.base(name).removeprefix("http://") for name in ("alpha", "beta", "gamma")}
    assert by_site == {
        host["alpha"]: {"found": 7, "new": 5, "updated": 0, "unchanged": 0, "skipped": 0, "disallowed": 1, "failed": 1},
        host["beta"]: {"found": 5, "new": 5, "updated": 0, "unchanged": 0, "skipped": 0, "disallowed": 0, "failed": 0},
        host["gamma"]: {"found": 3, "new": 2, "updated": 0, "unchanged": 0, "skipped": 0, "disallowed": 0, "failed": 0},
    }
    assert summary["source_failures"] == []
    # The PRMN profile's guessed /sitemap.xml and /rss are missing on some hosts: warnings, not failures.
    assert sorted(summary["warnings"]) == sorted(
        [
            f"HTTP 404 for {a}/sitemap.xml",
            f"HTTP 404 for {a}/rss",
            f"HTTP 404 for {b}/sitemap.xml",
            f"HTTP 404 for {g}/rss",
        ]
    )
    assert (summary["interrupted"], summary["capped"], summary["pending"]) == (False, False, 0)
    assert rows(db, "SELECT command, status, ok, failed FROM runs") == [("crawl", "partial", 12, 1)]
    assert rows(db, "SELECT url FROM failures") == [(f"{a}/bandung/pr-0000199/berita-yang-hilang",)]
    assert f"error: {a}/bandung/pr-0000199/berita-yang-hilang: HTTP 404" in result.stderr


def test_second_run_fetches_nothing_and_refresh_is_conditional(net: FakeNet, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run(*crawl_args(net, db)).exit_code == 1
    first = article_rows(db)
    seen = len(article_requests(net))

    again = run(*crawl_args(net, db, "--json", "--quiet"))
    assert again.exit_code == 0, again.output  # the 404 is not retried: a gone page stays gone
    assert article_requests(net)[seen:] == []
    assert json.loads(again.stdout)["total"] == {
        "found": 15, "new": 0, "updated": 0, "unchanged": 0, "skipped": 0, "disallowed": 0, "failed": 0
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
    assert (result.exit_code, result.stderr.strip()) == (1, f"error: config file {config}: unknown key(s) delays")


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
    assert run(*crawl_args(net, reference)).exit_code == 1

    db = tmp_path / "killed.db"
    proc = spawn_crawl(net, db)
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
    proc = spawn_crawl(net, db)
    wait_for_articles(db, proc, 2)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "stay queued and the next crawl resumes them" in stderr
    assert "beritascrape crawl ->" in stderr  # the summary table
    assert rows(db, "SELECT status FROM runs") == [("interrupted",)]
    # Every archived article has its frontier row done: nothing was left half-recorded.
    archived = rows(db, "SELECT count(*) FROM articles")[0][0]
    done = rows(db, "SELECT count(DISTINCT article_id) FROM frontier WHERE state = 'done'")[0][0]
    assert archived == done
    assert rows(db, "SELECT count(*) FROM frontier WHERE state = 'pending'")[0][0] > 0

    assert run(*crawl_args(net, db)).exit_code == 1
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


@pytest.mark.parametrize(("max_hosts", "slowest", "fastest"), [(1, 1.6, 99.0), (3, 0.5, 1.2)])
def test_hosts_run_side_by_side_up_to_max_hosts(tmp_path: Path, max_hosts: int, slowest: float, fastest: float) -> None:
    events: list[CrawlEvent] = []
    with GeneratedNet(3, 6) as net, Fetcher(FetchConfig(allow_private=True, delay_from_answer=False)) as fetcher:
        started = time.monotonic()
        result = crawl(
            net.sitemaps(), tmp_path / "b.db", fetcher, delay=0.1, max_hosts=max_hosts, on_event=events.append,
            **stub_discovery(net),
        )  # fmt: skip
        elapsed = time.monotonic() - started
    # 3 hosts x (robots.txt + 6 articles) at 0.1 s: 1.8 s one host after another, 0.6 s side by side.
    assert slowest <= elapsed < fastest, elapsed
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

    def flaky(fetcher: Fetcher, first: Page) -> tuple:
        if first.url.endswith("nomor-2"):
            raise RuntimeError("boom")
        return real(fetcher, first)

    monkeypatch.setattr(crawl_module, "complete_article", flaky)
    with GeneratedNet(1, 4) as net, Fetcher(FetchConfig(allow_private=True, delay_from_answer=False)) as fetcher:
        result = crawl(net.sitemaps(), tmp_path / "b.db", fetcher, delay=0.01, **stub_discovery(net))
        url = net.hosts["h0"].base_url + net.path(2)
    assert [(s.new, s.failed) for s in result.sites] == [(3, 1)]
    assert rows(tmp_path / "b.db", "SELECT url, message FROM failures") == [
        (url, "unexpected error: RuntimeError: boom")
    ]
    assert rows(tmp_path / "b.db", f"SELECT state, attempts FROM frontier WHERE url = '{url}'") == [("failed", 1)]
