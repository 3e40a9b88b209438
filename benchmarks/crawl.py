"""Crawl benchmark against generated news sites on 127.0.0.1 (tests/fakenet.py), every crawl a real CLI process.

1. Politeness-bound throughput: HOSTS sites x ARTICLES articles, DELAY s between requests to a host, LATENCY s added to
   every answer. The ceiling is HOSTS / DELAY requests per second; a crawl bound by politeness, not by waiting on
   one site at a time, gets close to it.
2. Memory: peak resident set size (ru_maxrss of the crawl process, interpreter included) for 2,000 and for 20,000
   discovered URLs, unthrottled (`--delay 0`), every article fetched and archived.
3. Incremental: the same 20,000-URL crawl again, polite (DELAY, LATENCY): discovery only, no article fetched.

    python benchmarks/crawl.py              # about two minutes
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fakenet import GeneratedNet

HOSTS = 4
ARTICLES = 40
DELAY = 0.25
LATENCY = 0.075


def crawl(db: Path, sources: list[str], *extra: str) -> tuple[float, dict]:
    """Run `beritascrape crawl` in a child process; (wall seconds, JSON summary)."""
    args = ["crawl", "--db", str(db), "--allow-private", "--quiet", "--json", *extra, *sources]
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "beritascrape", *args], capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"crawl failed ({done.returncode}): {done.stderr}")
    return wall, json.loads(done.stdout)


def child_peak_mib() -> float:
    """The largest peak RSS of any finished child so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def throughput(tmp: Path) -> None:
    with GeneratedNet(HOSTS, ARTICLES, latency=LATENCY) as net:
        wall, summary = crawl(tmp / "speed.db", net.sitemaps(), "--delay", str(DELAY))
        requests = [r for host in net.hosts.values() for r in host.requests]
    articles = summary["total"]["new"]
    first = min(r.time for r in requests)
    last = max(r.time for r in requests) + LATENCY  # the last answer arrives LATENCY after its request
    span = last - first
    ceiling = HOSTS / DELAY
    print(f"1. {HOSTS} hosts x {ARTICLES} articles, delay {DELAY} s, latency {LATENCY * 1000:.0f} ms per answer")
    print(f"   ceiling (hosts / delay):  {ceiling:.1f} requests/s")
    print(
        f"   articles/s:  {articles / span:.2f} ({articles / span / ceiling:.0%} of the ceiling) "
        f"over {span:.2f} s from first request to last answer"
    )
    gaps = [b.time - a.time for h in net.hosts.values() for a, b in itertools.pairwise(h.requests)]
    print(
        f"   {len(requests)} requests; gap between two requests to one host: mean {statistics.mean(gaps):.3f} s, "
        f"min {min(gaps):.3f} s (delay {DELAY} s)"
    )
    print(f"   wall time of the process (start-up included): {wall:.2f} s")


def memory_and_incremental(tmp: Path) -> None:
    print(f"2. peak RSS of the crawl process, {HOSTS} hosts, unthrottled, every article fetched and archived")
    for total in (2_000, 20_000):
        db = tmp / f"big{total}.db"
        with GeneratedNet(HOSTS, total // HOSTS) as net:
            wall, summary = crawl(db, net.sitemaps(), "--delay", "0")
            peak = child_peak_mib()
            print(
                f"   {total:>6} URLs: peak RSS {peak:.0f} MiB; {summary['total']['new']} new in {wall:.1f} s "
                f"({summary['total']['new'] / wall:.0f} articles/s unthrottled)"
            )
            if total == 20_000:
                before = sum(len(h.article_paths()) for h in net.hosts.values())
                net.latency = LATENCY
                wall, summary = crawl(db, net.sitemaps(), "--delay", str(DELAY))
                fetched = sum(len(h.article_paths()) for h in net.hosts.values()) - before
                print(f"3. second, incremental run over {total} URLs (delay {DELAY} s, latency {LATENCY:.3f} s)")
                print(
                    f"   wall time {wall:.2f} s (process start-up included); found {summary['total']['found']}, "
                    f"articles fetched {fetched}, new {summary['total']['new']}"
                )
                print(f"   archive: {count(db, 'SELECT count(*) FROM articles')} articles")


def main() -> None:
    os.environ.setdefault("COLUMNS", "120")
    with tempfile.TemporaryDirectory() as tmp:
        throughput(Path(tmp))
        memory_and_incremental(Path(tmp))


if __name__ == "__main__":
    main()
