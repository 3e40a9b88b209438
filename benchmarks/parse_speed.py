"""Extraction speed: pages per second of beritascrape.parse_html beside bare lxml parsing and trafilatura.

Run:  python benchmarks/parse_speed.py [--rounds 3] [--repeat 20]
trafilatura comes with the package; reads ../shared/corpus when present. Rates are medians over interleaved rounds.
Goals (issue 11): parse_html >= 0.70x the bare-lxml rate on the corpus article pages and the PRMN pages; on pages
no profile matches, >= 5x trafilatura's rate.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import lxml.html

from beritascrape import parse_html
from beritascrape.errors import BeritaError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"

Page = tuple[str, bytes, str]  # (name, raw bytes, url)


def fixture_pages() -> list[Page]:
    """Every article page under tests/fixtures (index and junk pages are left out)."""
    pages = []
    for path in sorted(FIXTURES.rglob("*.html")):
        raw = path.read_bytes()
        try:
            parse_html(raw, f"https://fixture.invalid/{path.name}")
        except BeritaError:
            continue
        pages.append((f"fixtures/{path.relative_to(FIXTURES)}", raw, ""))
    return pages


def corpus_pages() -> list[Page]:
    """The article pages of ../shared/corpus, by SOURCES.tsv notes, with their original URLs."""
    sources = CORPUS / "SOURCES.tsv"
    if not sources.exists():
        return []
    pages = []
    with sources.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            notes = row["notes"].lower()
            if not (notes.startswith("article") or "seed article" in notes):
                continue
            url = row["original_url"].split(" ")[0]
            pages.append((f"corpus/{row['filename']}", (CORPUS / "pages" / row["filename"]).read_bytes(), url))
    return pages


Timed = dict[str, tuple[Callable[[bytes, str], object], int]]


def rates(funcs: Timed, pages: list[Page], rounds: int) -> dict[str, float]:
    """Median pages per second of each function over rounds that interleave the functions, so that a busy
    machine slows them alike. Each function gets its own repeat count (trafilatura is slow)."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(rounds):
        for name, (func, repeat) in funcs.items():
            start = time.perf_counter()
            for _ in range(repeat):
                for _, raw, url in pages:
                    func(raw, url)
            times[name].append((time.perf_counter() - start) / repeat)
    return {name: len(pages) / statistics.median(seconds) for name, seconds in times.items()}


def ours(raw: bytes, url: str) -> object:
    """beritascrape's full extraction (expected failures count as work done)."""
    try:
        return parse_html(raw, url or None)
    except BeritaError:
        return None


def bare_lxml(raw: bytes, url: str) -> object:
    """Only building the lxml tree of the same bytes."""
    return lxml.html.fromstring(raw)


def main() -> None:
    """Measure and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
        print("trafilatura not installed: pip install trafilatura to compare against it")

    def traf(raw: bytes, url: str) -> object:
        return trafilatura.extract(raw, url=url or None) if trafilatura else None

    fixtures, corpus = fixture_pages(), corpus_pages()
    if not corpus:
        print(f"{CORPUS} not found: measuring the fixtures only")
    groups = {
        "fixtures: PRMN": [p for p in fixtures if "/prmn/" in p[0]],
        "fixtures: other profiles": [p for p in fixtures if "/prmn/" not in p[0] and "/generic/" not in p[0]],
        "fixtures: generic path": [p for p in fixtures if "/generic/" in p[0]],
        "corpus: PRMN pages": [p for p in corpus if "prmn__" in p[0]],
        "corpus: all article pages": corpus,
    }
    print(f"{'pages':26} {'n':>3} {'ours p/s':>9} {'lxml p/s':>9} {'traf p/s':>9} {'ours/lxml':>9} {'ours/traf':>9}")
    warnings.simplefilter("ignore")
    for name, pages in groups.items():
        if not pages:
            continue
        funcs = {"ours": (ours, args.repeat), "lxml": (bare_lxml, args.repeat)}
        if trafilatura:
            funcs["traf"] = (traf, max(1, args.repeat // 5))
        measured = rates(funcs, pages, args.rounds)
        r_ours, r_lxml, r_traf = measured["ours"], measured["lxml"], measured.get("traf", float("nan"))
        print(
            f"{name:26} {len(pages):3d} {r_ours:9.1f} {r_lxml:9.1f} {r_traf:9.1f} "
            f"{r_ours / r_lxml:9.2f} {r_ours / r_traf:9.2f}"
        )


if __name__ == "__main__":
    main()
