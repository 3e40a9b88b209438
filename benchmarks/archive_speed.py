"""Archive write speed: the store API beside bare sqlite-utils, and `scrape` beside `parse` of saved pages, one run.

1. Articles per second written by `Archive.save_article` (one call and transaction per article, as `crawl` does),
   by `Archive.save_batch` of 200 articles per call (as `scrape`, `reparse` and `ingest` write), with the rows made
   inside the timing (prepare_article: JSON, hashes, stems, block keys, compression) and made beforehand (as the
   --jobs workers make them, off the writing process), beside a bare sqlite-utils `insert_all` of the same rows
   (built by the store's own row functions, inside the timing too) into (a) a plain table with an FTS5 index over
   title and body kept by triggers, and (b) the archive's own `articles` table (its indexes and FTS triggers),
   without and with the raw page of each article. The ratio column is each writer's rate over (a)'s.
2. Wall time of `beritascrape scrape -q` (archives) and `beritascrape parse` (prints JSON) of the same saved pages,
   each a real CLI process reading the files from a list, with each `--jobs` value (default 1 and 2): scrape over
   parse at the same jobs, and the speed-up of more jobs.

Articles and pages are made from the site-profile fixtures (tests/fixtures/<family>/, generic pages left out): copy
i of a page gets its own canonical URL, so every write is a new article, and a word of its own at the end of every
paragraph, so the archive does not learn the copies' shared paragraphs as the site's template text. Rounds
interleave the contenders so that a busy machine slows them alike; medians are reported.

    python benchmarks/archive_speed.py [--n 2000] [--rounds 5] [--skip-cli | --skip-store] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from beritascrape import parse_html
from beritascrape.archive.rows import article_row, page_row_for, prepare_article
from beritascrape.archive.store import Archive
from beritascrape.errors import BeritaError
from beritascrape.model import Article, Page

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
FETCHED_AT = datetime(2024, 5, 1, 3, 0, tzinfo=timezone.utc)

Sample = tuple[str, bytes, str]  # (fixture name, raw bytes, canonical URL)


def numbered(url: str, i: int) -> str:
    """The URL of copy i: `-i` added to the last path segment, before an extension such as .html."""
    head, _, last = url.rstrip("/").rpartition("/")
    stem, dot, ext = last.rpartition(".")
    if dot and ext.isalnum() and len(ext) <= 5:
        return f"{head}/{stem}-{i}.{ext}"
    return f"{head}/{last}-{i}"


def marked(raw: bytes, url: str, i: int) -> bytes:
    """Copy i of a page: its canonical URL numbered, every paragraph ending in a word of its own."""
    content = raw.replace(url.encode(), numbered(url, i).encode())
    return re.sub(rb"</p>", f" salinan{i}</p>".encode(), content)


def samples() -> list[Sample]:
    """Fixture pages of a site profile whose copies parse as one-page articles with their own URL and paragraphs."""
    found = []
    for expected in sorted(FIXTURES.glob("*/*.json")):
        if expected.parent.name in ("generic", "misc"):
            continue
        record = json.loads(expected.read_text(encoding="utf-8"))
        canonical = record.get("canonical_url")
        html = expected.with_suffix(".html")
        if not canonical or not html.exists() or record.get("page_count") != 1:
            continue
        raw = html.read_bytes()
        copy = marked(raw, canonical, 0)
        try:
            article = parse_html(copy, numbered(canonical, 0))
        except BeritaError:
            continue
        # Pages whose paragraphs are not all <p> elements would share paragraphs between copies: left out.
        own_words = all(paragraph.endswith(" salinan0") for paragraph in article.paragraphs)
        if article.canonical_url == numbered(canonical, 0) and own_words:
            found.append((f"{expected.parent.name}/{html.name}", raw, canonical))
    return found


def copies(base: list[Sample], n: int) -> list[tuple[Article, Page]]:
    """n (Article, Page) pairs, each with its own canonical URL."""
    parsed = [(parse_html(raw, url), raw, url) for _, raw, url in base]
    made = []
    for i in range(n):
        article, raw, url = parsed[i % len(parsed)]
        new_url = numbered(url, i)
        content = marked(raw, url, i)
        page = Page(
            url=new_url,
            final_url=new_url,
            status=200,
            headers={"Content-Type": "text/html; charset=utf-8"},
            content=content,
            text=content.decode("utf-8", errors="replace"),
            encoding="utf-8",
            fetched_at=FETCHED_AT,
        )
        body = "\n\n".join(f"{paragraph} salinan{i}" for paragraph in article.paragraphs)
        made.append((replace(article, url=new_url, canonical_url=new_url, body=body), page))
    return made


def store_api(items: list[tuple[Article, Page]], db: Path, with_pages: bool) -> float:
    """Seconds for save_article of every item, one call (and transaction) per article, as scrape does."""
    with Archive(db) as archive:
        run_id = archive.start_run("benchmark", [])
        started = time.perf_counter()
        for article, page in items:
            archive.save_article(article, [page] if with_pages else (), run_id=run_id)
        return time.perf_counter() - started


def store_batches(
    items: list[tuple[Article, Page]], db: Path, with_pages: bool, *, size: int = 200, prepared: bool = False
) -> float:
    """Seconds for save_batch of every item, `size` articles per call and transaction (as scrape and ingest write).

    With `prepared`, the rows (prepare_article: JSON, hashes, stems, block keys, compression) are built before the
    clock starts, as --jobs workers build them off the writing process; otherwise they are timed too.
    """
    with Archive(db) as archive:
        run_id = archive.start_run("benchmark", [])
        rows = [prepare_article(a, [p] if with_pages else ()) for a, p in items] if prepared else None
        started = time.perf_counter()
        for start in range(0, len(items), size):
            if rows is not None:
                batch = rows[start : start + size]
            else:
                batch = [prepare_article(a, [p] if with_pages else ()) for a, p in items[start : start + size]]
            archive.save_batch(batch, run_id=run_id)
        return time.perf_counter() - started


def bare_table(db: sqlite_utils.Database, columns: dict[str, Any]) -> None:
    """A plain sqlite-utils table of the article columns, FTS5 over title and body with sync triggers."""
    db["articles"].create(columns, pk="id")
    db["articles"].enable_fts(["title", "body"], fts_version="FTS5", create_triggers=True)


def bare_insert(
    items: list[tuple[Article, Page]], db_path: Path, with_pages: bool, own_schema: bool, *, sync_normal: bool = False
) -> float:
    """Seconds to build the same rows and insert_all them (pages too, when asked) with bare sqlite-utils.

    `sync_normal` sets PRAGMA synchronous = NORMAL, as the archive sets it (sqlite-utils keeps SQLite's FULL).
    """
    if own_schema:
        Archive(db_path).close()  # the archive's own tables, indexes and triggers, empty
    db = sqlite_utils.Database(db_path, execute_plugins=False)
    db.enable_wal()
    if sync_normal:
        db.execute("PRAGMA synchronous = NORMAL")
    now = "2024-05-01T03:00:00Z"
    bookkeeping = {"first_seen_at": now, "last_scraped_at": now, "run_id": None}
    if not own_schema:
        sample = {**article_row(items[0][0]), **bookkeeping}
        bare_table(db, {key: int if isinstance(value, int) else str for key, value in sample.items()})
    started = time.perf_counter()
    db["articles"].insert_all({**article_row(article), **bookkeeping} for article, _ in items)
    if with_pages:
        db["pages"].insert_all(page_row_for(page, None, i) for i, (_, page) in enumerate(items, 1))
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def bare_same_rows(items: list[tuple[Article, Page]], db_path: Path, with_pages: bool) -> float:
    """Seconds for bare sqlite-utils to insert_all every row save_batch writes, from rows made beforehand.

    The same rows as the archive's: articles (FTS5 over title and body by triggers), tags, authors and editors with
    their link tables, the stemmed FTS5 index, the template sightings and the counts of blocks held by two articles
    or more, and the pages when asked. Plain sqlite-utils tables (primary keys, no other index), ids given in Python
    (a bare writer knows them: nothing is looked up), sqlite-utils' own transactions and pragmas.
    """
    prepared = [prepare_article(a, [p] if with_pages else ()) for a, p in items]
    db = sqlite_utils.Database(db_path, execute_plugins=False)
    db.enable_wal()
    now = "2024-05-01T03:00:00Z"
    bookkeeping = {"first_seen_at": now, "last_scraped_at": now, "run_id": None}
    sample = {"id": 1, **prepared[0].row, **bookkeeping}
    bare_table(db, {key: int if isinstance(value, int) else str for key, value in sample.items()})
    db.execute("CREATE VIRTUAL TABLE articles_stem_fts USING fts5(title, body)")
    for name, link_table, columns in (
        ("tags", "article_tags", {"article_id": int, "tag_id": int}),
        ("authors", "article_authors", {"article_id": int, "author_id": int, "position": int}),
        ("editors", "article_editors", {"article_id": int, "editor_id": int}),
    ):
        db[name].create({"id": int, "name": str}, pk="id")
        db[link_table].create(columns, pk=tuple(columns)[:2])
    db["template_sightings"].create({"host": str, "key": str, "article_id": int}, pk=("host", "key", "article_id"))
    db["template_blocks"].create({"host": str, "key": str, "articles": int}, pk=("host", "key"))
    if with_pages:
        db["pages"].create({"id": int, "article_id": int, **{k: str for k in prepared[0].pages[0]}}, pk="id")
    started = time.perf_counter()
    ids: dict[str, dict[str, int]] = {"tags": {}, "authors": {}, "editors": {}}

    def link(table: str, name: str) -> int:
        return ids[table].setdefault(name, len(ids[table]) + 1)

    db["articles"].insert_all({"id": i, **p.row, **bookkeeping} for i, p in enumerate(prepared, 1))
    db["articles_stem_fts"].insert_all(
        {"rowid": i, "title": t, "body": b} for i, (t, b) in enumerate((p.stems for p in prepared), 1)
    )
    db["article_tags"].insert_all(
        {"article_id": i, "tag_id": link("tags", t)}
        for i, p in enumerate(prepared, 1)
        for t in dict.fromkeys(p.article.tags)
    )
    db["article_authors"].insert_all(
        {"article_id": i, "author_id": link("authors", n), "position": k}
        for i, p in enumerate(prepared, 1)
        for k, n in enumerate(dict.fromkeys(p.article.authors))
    )
    db["article_editors"].insert_all(
        {"article_id": i, "editor_id": link("editors", p.article.editor)}
        for i, p in enumerate(prepared, 1)
        if p.article.editor
    )
    for table in ("tags", "authors", "editors"):
        db[table].insert_all({"id": i, "name": name} for name, i in ids[table].items())
    sightings = [(p.host, key, i) for i, p in enumerate(prepared, 1) if p.host for key, _ in p.blocks]
    db["template_sightings"].insert_all({"host": h, "key": k, "article_id": i} for h, k, i in sightings)
    held = Counter((h, k) for h, k, _ in sightings)
    db["template_blocks"].insert_all({"host": h, "key": k, "articles": n} for (h, k), n in held.items() if n >= 2)
    if with_pages:
        db["pages"].insert_all({"article_id": i, **page} for i, p in enumerate(prepared, 1) for page in p.pages)
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def cli_seconds(args: list[str]) -> float:
    """Wall seconds of one `beritascrape ARGS` process, output discarded."""
    started = time.perf_counter()
    argv = [sys.executable, "-m", "beritascrape", *args]
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        # A failed page would make the timing meaningless: show why, briefly.
        first = "\n".join(done.stderr.splitlines()[:5])
        raise SystemExit(f"beritascrape {' '.join(args[:2])} ... failed ({done.returncode}):\n{first}")
    return elapsed


def write_pages(items: list[tuple[Article, Page]], folder: Path) -> Path:
    """Save every page as a file and return the list file naming them, one a line."""
    folder.mkdir()
    names = []
    for i, (_, page) in enumerate(items):
        path = folder / f"page-{i:05d}.html"
        path.write_bytes(page.content)
        names.append(str(path))
    listing = folder / "inputs.txt"
    listing.write_text("\n".join(names) + "\n", encoding="utf-8")
    return listing


def median_rounds(contenders: dict[str, Callable[[Path], float]], rounds: int, tmp: Path) -> dict[str, float]:
    """Median seconds of each contender over interleaved rounds, each run on a fresh database file in tmp."""
    tmp.mkdir()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for r in range(rounds):
        for k, (name, run) in enumerate(contenders.items()):
            times[name].append(run(tmp / f"r{r}-{k}.db"))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (and saved pages) per measurement")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds; medians are reported")
    ap.add_argument("--skip-cli", action="store_true", help="only the store API beside bare sqlite-utils")
    ap.add_argument("--skip-store", action="store_true", help="only the CLI runs")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values for the CLI runs")
    opts = ap.parse_args()
    base = samples()
    items = copies(base, opts.n)
    print(f"{opts.n} articles from {len(base)} fixture pages, median of {opts.rounds} interleaved rounds")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for with_pages in () if opts.skip_store else (False, True):
            contenders: dict[str, Callable[[Path], float]] = {
                "store API (save_article)": lambda db, p=with_pages: store_api(items, db, p),
                "store API (save_batch of 200)": lambda db, p=with_pages: store_batches(items, db, p),
                "save_batch, rows made beforehand": lambda db, p=with_pages: store_batches(items, db, p, prepared=True),
                "bare insert_all, FTS5 table": lambda db, p=with_pages: bare_insert(items, db, p, False),
                "bare insert_all, archive schema": lambda db, p=with_pages: bare_insert(items, db, p, True),
                "bare, FTS5 table, sync NORMAL": lambda db, p=with_pages: bare_insert(
                    items, db, p, False, sync_normal=True
                ),
                "bare insert_all, same rows": lambda db, p=with_pages: bare_same_rows(items, db, p),
            }
            seconds = median_rounds(contenders, opts.rounds, tmp / f"pages-{with_pages}")
            bare = seconds["bare insert_all, FTS5 table"]
            print(f"\n{'with the raw page' if with_pages else 'articles only'}:")
            print(f"  {'writer':36}{'articles/s':>11}{'rate / bare FTS5 rate':>23}")
            for name, value in seconds.items():
                print(f"  {name:36}{opts.n / value:>11.0f}{bare / value:>23.2f}")
        if opts.skip_cli:
            return
        listing = write_pages(items, tmp / "pages")
        cli_rounds(listing, tmp, opts.n, opts.rounds, opts.jobs)


def _spin(_: int) -> float:
    """Seconds of a fixed loop of pure Python work."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def free_cores() -> float:
    """How many cores this run gets now: the time of one loop over that of two at once on two processes, x 2.

    On a machine shared with other work, no --jobs speed-up can beat this; it is printed beside the speed-ups.
    """
    import multiprocessing

    one = _spin(0)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [0])  # the workers are up before the clock starts
        started = time.perf_counter()
        pool.map(_spin, [0, 1], chunksize=1)
        two = time.perf_counter() - started
    return 2 * one / two


def cli_rounds(listing: Path, tmp: Path, n: int, rounds: int, jobs: list[int]) -> None:
    """scrape and parse of the saved pages with each --jobs, interleaved; medians, ratios and speed-ups."""
    times: dict[tuple[str, int], list[float]] = {(c, j): [] for j in jobs for c in ("scrape", "parse")}
    cores: list[float] = []
    for r in range(rounds):
        cores.append(free_cores())
        for command, j in times:
            args = ["--jobs", str(j), "-i", str(listing)]
            if command == "scrape":
                args = ["scrape", "-q", "--db", str(tmp / f"cli-{r}-{j}.db"), *args]
            else:
                args = ["parse", *args]
            times[command, j].append(cli_seconds(args))
    seconds = {key: statistics.median(values) for key, values in times.items()}
    print(f"\nCLI on {n} saved pages (wall time of the process):")
    for (command, j), value in seconds.items():
        label = f"{command} --jobs {j}" + (" -q (archives)" if command == "scrape" else " (JSON to stdout)")
        print(f"  {label:34}{value:7.2f} s {n / value:6.0f} pages/s")
    for j in jobs:
        print(f"  scrape / parse at --jobs {j}:      {seconds['scrape', j] / seconds['parse', j]:5.2f}x")
    for j in jobs[1:]:
        for command in ("scrape", "parse"):
            speed_up = seconds[command, jobs[0]] / seconds[command, j]
            print(f"  {command} --jobs {j} speed-up over --jobs {jobs[0]}: {speed_up:5.2f}x")
    shown = ", ".join(f"{c:.2f}" for c in cores)
    print(f"  cores free for this run, measured before each round (two loops at once vs one): {shown}")


if __name__ == "__main__":
    main()
