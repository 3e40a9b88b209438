"""Extraction speed: pages per second of beritascrape.parse_html beside bare lxml parsing and trafilatura.

Run:  python benchmarks/parse_speed.py [--rounds 3] [--repeat 20]
trafilatura comes with the package; reads ../shared/corpus when present. Rates are medians over interleaved rounds.
Goals (issue 11): parse_html >= 0.70x the bare-lxml rate on the corpus article pages and the PRMN pages; on pages
no profile matches, >= 5x trafilatura's rate. The "generic only" rows read pages with the profiles off
(`use_profiles=False`, as accuracy.py's generic-only column does): the corpus article pages, the fundus-eval
articles (../shared/bench) and the fixture pages it refuses (index pages, garbage markup, an "about" page);
`--fallbacks` counts the pages on which the generic path asked trafilatura.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
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
BENCH = ROOT.parent / "shared" / "bench" / "fundus-eval"

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


def refused_fixture_pages() -> list[Page]:
    """The fixture pages parse_html refuses as no article (index pages, an about page, garbage markup)."""
    pages = []
    for path in sorted(FIXTURES.rglob("*.html")):
        raw = path.read_bytes()
        try:
            parse_html(raw, f"https://fixture.invalid/{path.name}", use_profiles=False)
        except BeritaError:
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


def bench_pages() -> list[Page]:
    """The 80 fundus-eval articles (English and German), with their URLs."""
    truth = BENCH / "ground_truth.json"
    if not truth.exists():
        return []
    items = json.loads(truth.read_text("utf-8"))
    return [(f"bench/{n}", gzip.decompress((BENCH / "html" / n).read_bytes()), items[n]["url"]) for n in sorted(items)]


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


def generic_only(raw: bytes, url: str) -> object:
    """The generic path alone, as for a site no profile knows."""
    try:
        return parse_html(raw, url or None, use_profiles=False)
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
    ap.add_argument("--fallbacks", action="store_true", help="count the generic pages trafilatura had to read")
    args = ap.parse_args()
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
        print("trafilatura not installed: pip install trafilatura to compare against it")

    def traf(raw: bytes, url: str) -> object:
        return trafilatura.extract(raw, url=url or None) if trafilatura else None

    fixtures, corpus, bench = fixture_pages(), corpus_pages(), bench_pages()
    if not corpus:
        print(f"{CORPUS} not found: measuring the fixtures only")
    groups = {
        "fixtures: PRMN": [p for p in fixtures if "/prmn/" in p[0]],
        "fixtures: other profiles": [p for p in fixtures if "/prmn/" not in p[0] and "/generic/" not in p[0]],
        "fixtures: generic path": [p for p in fixtures if "/generic/" in p[0]],
        "corpus: PRMN pages": [p for p in corpus if "prmn__" in p[0]],
        "corpus: all article pages": corpus,
        "generic only: corpus": corpus,
        "generic only: fundus-eval": bench,
        "generic only: refused pages": refused_fixture_pages(),
    }
    print(f"{'pages':26} {'n':>3} {'ours p/s':>9} {'lxml p/s':>9} {'traf p/s':>9} {'ours/lxml':>9} {'ours/traf':>9}")
    warnings.simplefilter("ignore")
    for name, pages in groups.items():
        if not pages:
            continue
        mine = generic_only if name.startswith("generic only") else ours
        funcs = {"ours": (mine, args.repeat), "lxml": (bare_lxml, args.repeat)}
        if trafilatura:
            funcs["traf"] = (traf, max(1, args.repeat // 5))
        measured = rates(funcs, pages, args.rounds)
        r_ours, r_lxml, r_traf = measured["ours"], measured["lxml"], measured.get("traf", float("nan"))
        print(
            f"{name:26} {len(pages):3d} {r_ours:9.1f} {r_lxml:9.1f} {r_traf:9.1f} "
            f"{r_ours / r_lxml:9.2f} {r_ours / r_traf:9.2f}"
        )
    if args.fallbacks:
        print_fallbacks({"fixtures: generic path": groups["fixtures: generic path"], "corpus": corpus, "bench": bench})


def print_fallbacks(groups: dict[str, list[Page]]) -> None:
    """How many pages of each group the generic path handed to trafilatura (it reads the others itself)."""
    from beritascrape.extract import generic

    calls: list[str] = []
    real = generic.trafilatura_text

    def counted(doc: object, url: str | None = None) -> object:
        calls.append(url or "")
        return real(doc, url)  # type: ignore[arg-type]

    generic.trafilatura_text = counted  # type: ignore[assignment]
    try:
        for name, pages in groups.items():
            calls.clear()
            for _, raw, url in pages:
                generic_only(raw, url)
            print(f"trafilatura fallback, {name}: {len(calls)} of {len(pages)} pages")
    finally:
        generic.trafilatura_text = real


if __name__ == "__main__":
    main()
