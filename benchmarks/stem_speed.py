"""What Indonesian stemming costs on archive writes: save_article with and without the stemmed index.

Run:  python benchmarks/stem_speed.py [--articles 600] [--rounds 3]
Articles are the real article pages of ../shared/corpus (or, without it, the fixture pages), parsed once, then
written under distinct URLs. Each round writes every article into a fresh archive four ways, interleaved:
  baseline   sqlite-utils insert_all into a table with FTS5 sync triggers (issue 11's yardstick)
  no stems   Archive.save_article with the stemmed index switched off (the archive before migration 7)
  cold       Archive.save_article with stems, word cache emptied first (a new process's first articles)
  warm       the same with the word cache kept from the previous pass (a long crawl or scrape)
and prints the best round of each as articles/s, with the ratios. Stemming cost per article is timed apart.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from beritascrape import parse_html
from beritascrape.archive import stems
from beritascrape.archive.rows import article_row
from beritascrape.archive.store import Archive
from beritascrape.errors import BeritaError
from beritascrape.model import Article

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


def source_articles() -> tuple[str, list[Article]]:
    """The corpus's article pages parsed (read at run time, nothing stored), else the fixture pages."""
    found: list[Article] = []
    sources = CORPUS / "SOURCES.tsv"
    if sources.exists():
        with sources.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                notes = row["notes"].lower()
                if notes.startswith("article") or "seed article" in notes:
                    raw = (CORPUS / "pages" / row["filename"]).read_bytes()
                    found.append(parse_html(raw, row["original_url"].split(" ")[0]))
        return "../shared/corpus article pages", found
    for path in sorted(FIXTURES.rglob("*.html")):
        try:
            found.append(parse_html(path.read_bytes(), f"https://fixture.invalid/{path.name}"))
        except BeritaError:
            continue
    return "tests/fixtures pages", found


def workload(base: list[Article], n: int) -> list[Article]:
    """n articles: the base ones over and over, each under its own URL (so each is a new row)."""
    return [
        dataclasses.replace(base[i % len(base)], url=f"https://bench.invalid/{i}", canonical_url=None) for i in range(n)
    ]


def baseline(articles: list[Article], folder: Path) -> float:
    """sqlite-utils insert_all of the same rows into a table with FTS5 and its triggers, one transaction."""
    db = sqlite_utils.Database(folder / "baseline.db")
    rows = [{**article_row(a), "first_seen_at": "x", "last_scraped_at": "x"} for a in articles]
    db["articles"].create({k: type(v) if v is not None else str for k, v in rows[0].items()}, pk="key")
    db["articles"].enable_fts(["title", "body"], fts_version="FTS5", create_triggers=True)
    start = time.perf_counter()
    with db.conn:
        db["articles"].insert_all(rows, batch_size=200)
    took = time.perf_counter() - start
    db.close()
    return took


def archive_writes(articles: list[Article], folder: Path, name: str) -> float:
    """Archive.save_article of every article into a fresh archive, one transaction each (as scrape does)."""
    with Archive(folder / f"{name}.db") as archive:
        start = time.perf_counter()
        for article in articles:
            archive.save_article(article)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    label, base = source_articles()
    articles = workload(base, args.articles)
    words = sum(len(stems.WORD.findall(f"{a.title} {a.body}")) for a in base) / len(base)
    distinct = len({w.lower() for a in base for w in stems.WORD.findall(f"{a.title} {a.body}")})
    print(f"{len(base)} {label}, {words:.0f} words per article, {distinct} distinct words; {len(articles)} writes")

    # Stemming alone, per article: cold (every word new to the cache) and warm.
    stems.stem_word.cache_clear()
    stems._stemmer()  # the dictionary load is once per process; timed below apart from the words
    start = time.perf_counter()
    for a in base:
        stems.stem_text(a.title), stems.stem_text(a.body)
    cold_each = (time.perf_counter() - start) / len(base)
    start = time.perf_counter()
    for a in base:
        stems.stem_text(a.title), stems.stem_text(a.body)
    warm_each = (time.perf_counter() - start) / len(base)
    stems._stemmer.cache_clear()
    start = time.perf_counter()
    stems._stemmer()
    load = time.perf_counter() - start
    print(
        f"stemming per article: cold cache {cold_each * 1e3:.2f} ms, warm {warm_each * 1e3:.3f} ms; "
        f"stemmer start-up (dictionary) {load * 1e3:.0f} ms once per process"
    )

    real_index = stems.index_article

    def no_stems(*_: object, **__: object) -> None:
        return None

    ways: dict[str, Callable[[Path], float]] = {
        "baseline": lambda folder: baseline(articles, folder),
        "no stems": lambda folder: archive_writes(articles, folder, "plain"),
        "cold": lambda folder: archive_writes(articles, folder, "cold"),
        "warm": lambda folder: archive_writes(articles, folder, "warm"),
    }
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, way in ways.items():
            stems.index_article = no_stems if name == "no stems" else real_index  # type: ignore[assignment]
            if name == "cold":
                stems.stem_word.cache_clear()
            with tempfile.TemporaryDirectory() as tmp:
                took = way(Path(tmp))
            best[name] = min(best.get(name, took), took)
    stems.index_article = real_index  # type: ignore[assignment]
    rate = {name: len(articles) / took for name, took in best.items()}
    for name in ways:
        print(f"  {name:9} {rate[name]:8.0f} articles/s   {rate[name] / rate['baseline']:.2f}x baseline")
    print(
        f"stemmed index costs {1 - rate['warm'] / rate['no stems']:.0%} of write speed warm, "
        f"{1 - rate['cold'] / rate['no stems']:.0%} cold (best of {args.rounds} rounds)"
    )


if __name__ == "__main__":
    main()
