"""Reliability: nothing a server, the archive's disk or a keystroke does holds a run up or breaks it.

Servers are tests/faultserver.py on 127.0.0.1 (slow drips, silence, resets, Retry-After, bombs, UTF-16); bytes are
tests/mutate.py's seeded mutations of the fixture pages. No assertion depends on how fast the machine is: limits are
shown by the message that names them and by what the servers saw, never by a stopwatch.
"""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from beritascrape.crawl.run import crawl
from beritascrape.discover import Discovered, canonicalize_url
from beritascrape.errors import FetchError, HTTPStatusError, InputError, ResponseTooLarge
from beritascrape.extract.limits import MAX_JSON_DEPTH, loads_bounded
from beritascrape.fetch.decoding import decode_html
from beritascrape.fetch.http import FetchConfig, Fetcher
from beritascrape.scrape import article as scrape_article
from beritascrape.scrape.inputs import read_inputs
from beritascrape.scrape.pipeline import ArchiveUnwritable, Outcome, scrape
from faultserver import ARTICLE, PARAGRAPHS, FaultServer
from mutate import extract_bytes, mutants

FIXTURES = Path(__file__).parent / "fixtures"
FAST = FetchConfig(allow_private=True, obey_robots=False, backoff_factor=0, deadline=0.5, read_timeout=0.3)
BODY = "\n\n".join(PARAGRAPHS)


@pytest.fixture
def srv() -> Iterator[FaultServer]:
    with FaultServer(drip=0.05) as server:
        yield server


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def fetch_error(srv: FaultServer, path: str, config: FetchConfig = FAST) -> str:
    with Fetcher(config) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(srv.url(path))
    return str(info.value)


# -- case 2: one deadline per response, in headers and body -----------------------------------------------------


@pytest.mark.parametrize("path", ["/drip-headers", "/drip-body"])
def test_a_slow_drip_is_cut_at_the_deadline(srv: FaultServer, path: str) -> None:
    # Every read succeeds within the 0.3 s read time-out: only the overall deadline can stop it.
    assert fetch_error(srv, path) == f"timed out: {srv.url(path)} took longer than 0.5 s"


def test_silence_and_a_reset_are_one_line_each(srv: FaultServer) -> None:
    assert fetch_error(srv, "/silent") == f"timed out reading {srv.url('/silent')}"
    host = srv.base_url.removeprefix("http://")
    assert (
        fetch_error(srv, "/reset")
        == f"connection to {host} broke while reading {srv.url('/reset')} (truncated response)"
    )


def test_huge_and_bomb_bodies_stop_at_the_size_cap(srv: FaultServer) -> None:
    config = replace(FAST, deadline=30.0, read_timeout=10.0)
    with Fetcher(config) as fetcher:
        for path in ("/huge", "/bomb"):
            with pytest.raises(ResponseTooLarge) as info:
                fetcher.fetch(srv.url(path))
            assert str(info.value) == f"{srv.url(path)} is larger than the 10 MiB limit"


def test_utf16_page_with_a_bom_is_read(srv: FaultServer) -> None:
    with Fetcher(FAST) as fetcher:
        page = fetcher.fetch(srv.url("/utf16"))
        article, _ = scrape_article.complete_article(fetcher, page)
    assert (page.encoding, article.title, article.body) == ("utf-16-le", "Judul Berita", BODY)


# -- case 3: circuit breaking and Retry-After for the host ------------------------------------------------------


def test_a_dead_host_costs_three_time_outs_not_one_per_url(srv: FaultServer) -> None:
    urls = [srv.url(f"/silent/{n}") for n in range(20)]
    outcomes = list(scrape(urls, Fetcher(FAST), None))
    host = srv.base_url.removeprefix("http://")
    last = f"timed out reading {urls[2]}"
    assert [o.message for o in outcomes] == [f"timed out reading {u}" for u in urls[:3]] + [
        f"{u} not fetched: {host} is paused for this run (3 failed connections or time-outs in a row, the last: {last})"
        for u in urls[3:]
    ]
    assert srv.paths() == [f"/silent/{n}" for n in range(3)]


def test_a_dead_robots_txt_is_remembered_for_the_run() -> None:
    with FaultServer() as dead:
        urls = [dead.url(f"/berita/{n}") for n in range(4)]
    # Stopped: its port refuses connections. robots.txt is tried once; every URL gets its one line at once.
    with Fetcher(replace(FAST, obey_robots=True)) as fetcher:
        messages = [o.message for o in scrape(urls, fetcher, None)]
    host = dead.base_url.removeprefix("http://")
    assert (
        messages
        == [f"host {host} is unreachable (fetching robots.txt): cannot connect to {host}: connection refused"] * 4
    )


def test_retry_after_holds_the_host_and_retries_wait_their_turn(srv: FaultServer) -> None:
    notices: list[str] = []
    with Fetcher(replace(FAST, deadline=10.0, read_timeout=5.0, min_delay=0.2)) as fetcher:
        fetcher.on_notice = notices.append
        page = fetcher.fetch(srv.url("/busy"))
        with pytest.raises(HTTPStatusError) as info:
            fetcher.fetch(srv.url("/retry-after/1"))
    host = srv.base_url.removeprefix("http://")
    assert page.status == 200
    assert str(info.value) == f"HTTP 429 for {srv.url('/retry-after/1')}"
    assert (
        notices
        == [f"{host} answered HTTP 503: waiting 1 s (Retry-After)"]
        + [f"{host} answered HTTP 429: waiting 1 s (Retry-After)"] * 3
    )
    # Each retry came after the Retry-After it was given (lower bounds: a loaded machine only adds to them), and
    # the first request to the next URL waited the host's delay.
    times = [t for _, t in srv.log]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert [gap >= 0.95 for gap in gaps] == [True, False, True, True, True], gaps
    assert gaps[1] >= 0.19, gaps
    assert srv.paths() == ["/busy", "/busy", *["/retry-after/1"] * 4]


def test_crawl_pauses_a_host_asking_for_more_than_the_cap_and_keeps_its_urls(srv: FaultServer, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    urls = [srv.url("/retry-after/100000"), *(srv.url(f"/berita/{n}") for n in range(5))]
    events = []
    with Fetcher(replace(FAST, deadline=5.0, read_timeout=5.0)) as fetcher:
        result = crawl([srv.url("/sitemap.xml")], db, fetcher, delay=0, on_event=events.append, **listing(urls))
    host = srv.base_url.removeprefix("http://")
    why = "HTTP 429 with Retry-After 100000 s, more than the 30 s we wait"
    assert [(f.source, f.message) for f in result.host_failures] == [
        (host, f"{host} paused for the rest of this run ({why}); 5 URL(s) stay queued")
    ]
    assert (result.failed, result.pending, result.sites[0].failed) == (2, 5, 1)
    assert srv.paths() == ["/retry-after/100000"]
    assert rows(db, "SELECT state, count(*) FROM frontier GROUP BY state") == [("failed", 1), ("pending", 5)]
    # The failed URL and the paused host are each a `failures` row; the queued URLs are not.
    assert rows(db, "SELECT url, message FROM failures ORDER BY id") == [
        (urls[0], f"HTTP 429 for {urls[0]}"),
        (host, f"crawl host: {host} paused for the rest of this run ({why}); 5 URL(s) stay queued"),
    ]


def listing(urls: list[str]) -> dict:
    """Discovery injected into crawl(): the one source lists `urls`."""

    def sources_for(source: str, fetcher: object) -> list[tuple[str, str]]:
        return [(source, "sitemap")]

    def discover(url: str, kind: str, fetcher: object, **options: object) -> Iterator[Discovered]:
        for u in urls:
            yield Discovered(u, None, url, "sitemap")

    return {"sources_fn": sources_for, "discover_fn": discover, "canonicalize": canonicalize_url}


def test_crawl_of_a_dead_host_with_many_urls_asks_once(srv: FaultServer, tmp_path: Path) -> None:
    urls = [srv.url(f"/berita/{n}") for n in range(200)]
    srv.robots = None
    with FaultServer() as dead:
        pass  # stopped: its port refuses connections
    dead_urls = [u.replace(srv.base_url, dead.base_url) for u in urls]
    with Fetcher(replace(FAST, obey_robots=True)) as fetcher:
        result = crawl([dead.url("/sitemap.xml")], tmp_path / "b.db", fetcher, delay=0, **listing(dead_urls))
    host = dead.base_url.removeprefix("http://")
    why = f"host {host} is unreachable (fetching robots.txt): cannot connect to {host}: connection refused"
    assert [f.message for f in result.host_failures] == [
        f"{host} paused for the rest of this run ({why}); 200 URL(s) stay queued"
    ]
    assert (result.pending, result.failed) == (200, 1)


# -- case 7: crawl bookkeeping ----------------------------------------------------------------------------------


def test_crawl_exit_codes_mean_something_to_cron(srv: FaultServer, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    srv.sitemap = [srv.url("/berita/1"), srv.url("/hilang/1"), srv.url("/empty")]
    args = ["crawl", "--db", str(db), "--allow-private", "--delay", "0", "--retries", "0", "-q"]
    first = run(*args, srv.url("/sitemap.xml"))
    # The empty 200 is a passing failure (exit 1), retried by the next run; the 404 is gone, not a failure.
    assert first.exit_code == 1, first.output
    assert rows(db, "SELECT url, state, attempts FROM frontier ORDER BY url") == [
        (srv.url("/berita/1"), "done", 1),
        (srv.url("/empty"), "failed", 1),
        (srv.url("/hilang/1"), "failed", 1),
    ]
    assert first.stderr.splitlines() == [
        f"warning: HTTP 404 for {srv.url('/hilang/1')} (gone: recorded, not retried)",
        f"error: empty response from {srv.url('/empty')}",
    ]
    srv.sitemap = [srv.url("/berita/1"), srv.url("/hilang/1")]
    second = run(*args, srv.url("/sitemap.xml"))
    assert second.exit_code == 1, second.output  # the empty page was asked again
    assert srv.paths().count("/empty") == 2 and srv.paths().count("/hilang/1") == 1
    # robots.txt once per run, though discovery and the fetcher both need it.
    assert srv.paths().count("/robots.txt") == 2

    srv.sitemap = []
    args[2] = str(tmp_path / "kosong.db")
    nothing = run(*args, srv.url("/sitemap.xml"))
    assert (nothing.exit_code, nothing.stderr) == (
        1,
        f"error: {srv.url('/sitemap.xml')} lists no article URL (is it a site, sitemap, feed or index page?)\n",
    )


def test_the_first_request_after_robots_txt_waits_its_crawl_delay(srv: FaultServer, tmp_path: Path) -> None:
    srv.robots = "User-agent: *\nCrawl-delay: 1\n"
    srv.sitemap = [srv.url("/berita/1"), srv.url("/berita/2")]
    with Fetcher(FetchConfig(allow_private=True, delay_from_answer=False)) as fetcher:
        crawl([srv.url("/sitemap.xml")], tmp_path / "b.db", fetcher, delay=0, **listing(srv.sitemap))
    times = dict((p, t) for p, t in reversed(srv.log))  # first request of each path
    assert srv.paths()[0] == "/robots.txt"
    assert times["/berita/1"] - times["/robots.txt"] >= 0.95
    assert times["/berita/2"] - times["/berita/1"] >= 0.95


# -- cases 1 and 6: extraction is bounded in time and takes any bytes --------------------------------------------


def test_a_page_over_the_extraction_budget_fails_alone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def spin(*args: object, **kwargs: object) -> None:
        while True:
            pass

    slow, good = tmp_path / "lambat.html", FIXTURES / "prmn" / "single.html"
    slow.write_text(ARTICLE, encoding="utf-8")
    real = scrape_article.parse_html
    monkeypatch.setattr(scrape_article, "EXTRACT_BUDGET", 0.2)
    monkeypatch.setattr(
        scrape_article, "parse_html", lambda html, url, **kw: (spin if "Judul" in html else real)(html, url, **kw)
    )
    outcomes = list(scrape([str(slow), str(good)], Fetcher(FAST), None))
    assert [(o.status, o.message) for o in outcomes] == [
        ("failed", "extracting the page took longer than the 0.2 s extraction budget"),
        ("parsed", None),
    ]


def test_many_blocks_take_the_linear_path() -> None:
    paragraphs = [f"Paragraf nomor {n} bercerita tentang warga kota yang berkumpul di alun-alun." for n in range(6000)]
    head = "<head><meta property='article:published_time' content='2024-03-05T10:00:00+07:00'></head>"
    html = (
        f"<html>{head}<body><h1>Judul</h1><div>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></body></html>"
    )
    article = scrape_article.extract_page(html, "https://contoh.invalid/berita/2024/03/05/judul")
    assert (article.extractor, article.body) == ("generic", "\n\n".join(paragraphs))


def test_deep_json_ld_and_bad_charset_labels_do_not_raise() -> None:
    deep = "[" * 1000 + "]" * 1000
    with pytest.raises(ValueError, match=r"^JSON nested too deep$"):
        loads_bounded(deep)
    with pytest.raises(ValueError, match=f"JSON nested deeper than {MAX_JSON_DEPTH} levels"):
        loads_bounded("[" * 100 + "]" * 100)
    page = ARTICLE.replace("<head>", '<head><script type="application/ld+json">' + deep + "</script>")
    assert extract_bytes(page.encode()).outcome == "ok"
    label = b'<meta charset="utf\x00-8"><p>halo</p>'
    assert decode_html(label) == (label.decode(), "utf-8")
    assert extract_bytes(ARTICLE.replace("<head>", '<head><meta charset="utf\x00-8">').encode()).outcome == "ok"
    for codec in ("utf-16", "utf-32", "utf-16-be"):
        raw = ("\ufeff" if codec == "utf-16-be" else "") + ARTICLE
        assert extract_bytes(raw.encode(codec)).outcome == "ok"


def test_fuzzed_fixture_pages_raise_nothing_unexpected() -> None:
    pages = [p.read_bytes() for p in sorted(FIXTURES.rglob("*.html"))]
    found = Counter(extract_bytes(page).outcome for _, page in mutants(pages, 300, seed=8))
    # Every page ends as an article or a one-line refusal; none raises, none runs past the budget.
    assert set(found) <= {"ok", "NotAnArticle", "NotHTML"}, found
    assert found["ok"] > 100


# -- cases 4, 5, 8, 9: the archive and the scrape command -----------------------------------------------------


def saved_pages(n: int, tmp_path: Path, pad: int = 0) -> list[str]:
    """`n` saved article files; `pad` random bytes (as a comment) make each take new pages in the archive."""
    paths = []
    for i in range(n):
        path = tmp_path / f"berita-{i}.html"
        page = ARTICLE.replace("Judul Berita", f"Judul Berita {i}").replace(
            "<head>", f"<head><link rel='canonical' href='https://contoh.invalid/berita/{i}'>"
        )
        path.write_text(page.replace("</body>", f"<!--{os.urandom(pad).hex()}--></body>"), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_a_locked_archive_fails_one_input_at_a_time_and_records_it_later(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    inputs = saved_pages(6, tmp_path)
    with Archive(db) as archive:
        archive.db.execute("PRAGMA busy_timeout = 50")
        run_id = archive.start_run("scrape", inputs)
        other = sqlite3.connect(db)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the archive

        def release(outcome: Outcome) -> None:
            if outcome.input == inputs[2]:
                other.rollback()

        outcomes = list(scrape(inputs, Fetcher(FAST), archive, run_id=run_id, on_outcome=release))
        other.close()
    locked = (
        f"not archived: cannot write archive {db}: database is locked "
        "(another command is writing to it; try again when it is done)"
    )
    assert [(o.status, o.message) for o in outcomes] == [("failed", locked)] * 3 + [("new", None)] * 3
    assert rows(db, "SELECT url, message FROM failures ORDER BY id") == [(i, locked) for i in inputs[:3]]
    assert rows(db, "SELECT count(*) FROM articles") == [(3,)]


def test_a_full_disk_stops_the_run_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    inputs = saved_pages(8, tmp_path, pad=50_000)
    with Archive(db) as archive:
        run_id = archive.start_run("scrape", inputs)
        pages = archive.db.execute("PRAGMA page_count").fetchone()[0]
        archive.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
        outcomes: list[Outcome] = []
        with pytest.raises(ArchiveUnwritable) as info:
            outcomes.extend(scrape(inputs, Fetcher(FAST), archive, run_id=run_id))
    full = f"cannot write archive {db}: database or disk is full"
    assert [(o.status, o.message) for o in outcomes] == [("failed", f"not archived: {full}")] * 3
    assert str(info.value) == f"stopped: 3 writes in a row to archive {db} failed ({full})"
    assert rows(db, "SELECT count(*) FROM articles") == [(0,)]


def test_scrape_from_cron_asks_conditionally_and_keeps_one_copy(srv: FaultServer, tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    listed = tmp_path / "urls.txt"
    url = srv.url("/etag/1")
    listed.write_text(f"# daily list\n{url}?utm_source=feed#top   # the one article\n", encoding="utf-8")
    assert read_inputs([], [str(listed)]) == [f"{url}?utm_source=feed#top"]
    for _ in range(2):
        result = run("scrape", "--db", db, "--allow-private", "-q", "-i", str(listed))
        assert result.exit_code == 0, result.output
    assert rows(Path(db), "SELECT url, title FROM articles") == [(url, "Judul Berita")]
    assert rows(Path(db), "SELECT url, status FROM pages") == [(url, 200)]  # the 304 stored nothing
    assert srv.paths() == ["/robots.txt", "/etag/1", "/robots.txt", "/etag/1"]
    for form in (url, f"{url}?utm_source=x", f"{url}/", f"{url}#top"):
        shown = run("show", "--db", db, form)
        assert (shown.exit_code, shown.stdout.splitlines()[0]) == (0, "Judul Berita"), form


def test_readers_never_write_and_a_foreign_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    assert run("scrape", "--db", str(db), "-q", *saved_pages(1, tmp_path)).exit_code == 0
    before = db.read_bytes()
    with Archive(db, read_only=True) as archive:
        assert archive.count_articles() == 1
        with pytest.raises(sqlite3.OperationalError, match="attempt to write a readonly database"):
            archive.db.execute("DELETE FROM articles")
    assert run("search", "--db", str(db), "kampung", "--json").exit_code == 0
    assert db.read_bytes() == before

    foreign = tmp_path / "lain.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE catatan (id INTEGER PRIMARY KEY)")
    conn.close()
    refused = run("scrape", "--db", str(foreign), "-q", *saved_pages(1, tmp_path))
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"error: {foreign} is a SQLite database but not a beritascrape archive (it has tables: catatan); "
        "refusing to add the archive's tables to it (pass --db with an archive or a new file)\n",
    )
    assert rows(foreign, "SELECT name FROM sqlite_master") == [("catatan",)]
    empty = tmp_path / "kosong.db"
    sqlite3.connect(empty).close()
    assert run("scrape", "--db", str(empty), "-q", *saved_pages(1, tmp_path)).exit_code == 0


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "beritascrape", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def wait_for_request(srv: FaultServer, path: str, proc: subprocess.Popen[str]) -> None:
    for _ in range(2000):
        if path in srv.paths() or proc.poll() is not None:
            return
        time.sleep(0.01)
    raise AssertionError(f"{path} was never requested")


def test_ctrl_c_in_scrape_gives_the_summary_and_130(srv: FaultServer, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    proc = spawn(
        "scrape", "--db", str(db), "--allow-private", srv.url("/berita/1"), srv.url("/silent"), srv.url("/berita/2")
    )
    wait_for_request(srv, "/silent", proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert "1 new; 2 of 3 input(s) not tried" in stderr
    assert stderr.endswith("error: interrupted; 2 input(s) not tried; everything archived before this point is kept\n")
    assert rows(db, "SELECT status, ok, failed FROM runs") == [("interrupted", 1, 0)]


def test_a_second_ctrl_c_stops_the_crawl_now(srv: FaultServer, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    srv.sitemap = [srv.url("/silent/1")]
    proc = spawn(
        "crawl", "--db", str(db), "--allow-private", "--delay", "0", "--timeout", "60", srv.url("/sitemap.xml")
    )
    wait_for_request(srv, "/silent/1", proc)
    proc.send_signal(signal.SIGINT)
    for _ in range(1000):
        if rows(db, "SELECT count(*) FROM runs") and proc.poll() is None:
            break
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    # The silent server would hold a patient exit for 60 s; communicate's timeout only guards against a hang.
    _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 130, stderr
    assert "warning: stopping: finishing the 1 article(s) in hand; press Ctrl-C again to stop now\n" in stderr
    assert "stay queued and the next crawl resumes them" in stderr
    assert rows(db, "SELECT status FROM runs") == [("interrupted",)]
    assert rows(db, "SELECT state FROM frontier") == [("pending",)]


def test_an_input_list_saved_with_a_byte_order_mark_or_not_in_utf8(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_bytes("\ufeffhttps://contoh.invalid/a\r\nhttps://contoh.invalid/b\r\n".encode())
    assert read_inputs([], [str(listed)]) == ["https://contoh.invalid/a", "https://contoh.invalid/b"]
    listed.write_bytes("https://contoh.invalid/caf\xe9\n".encode("cp1252"))
    with pytest.raises(InputError) as info:
        read_inputs([], [str(listed)])
    assert str(info.value) == f"cannot read input list {listed}: it is not UTF-8 text"
