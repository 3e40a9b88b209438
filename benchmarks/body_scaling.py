"""A long article body on a known site: extraction time against bare lxml parsing as the body grows to 3 MB.

Run:  python benchmarks/body_scaling.py [--rounds 7] [--max-mib 3]

The page is tests/fixtures/prmn/single.html with its body replaced by N generated paragraphs of 20-60 words (no
corpus text), read through the PRMN profile. For each size it prints the median over interleaved rounds of our
parse_html and of lxml.html.fromstring on the same bytes, their ratio (issue 11 asks >= 0.4x at 3 MB) and our
milliseconds per MiB: growth is linear when that figure stays flat as the size doubles.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path

import lxml.html

from beritascrape import parse_html
from extract_scaling import WORDS  # the same generated vocabulary (benchmarks/ is on sys.path when run)

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "tests" / "fixtures" / "prmn" / "single.html"
URL = "https://www.pikiran-rakyat.com/nasional/pr-01234567/contoh-berita-panjang"


def page_of(size: int, seed: int = 11) -> tuple[bytes, int]:
    """The fixture page with its article body replaced by generated paragraphs totalling about `size` bytes."""
    rng = random.Random(seed)
    html = PAGE.read_text(encoding="utf-8")
    start = re.search(r"<article[^>]*read__content[^>]*>", html)
    end = html.index("</article>", start.end()) if start else -1
    if start is None or end < 0:
        raise SystemExit(f"{PAGE}: no article.read__content element")
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))).capitalize() + "."
        paragraph = f"<p>{sentence}</p>\n"
        paragraphs.append(paragraph)
        total += len(paragraph)
    return (html[: start.end()] + "".join(paragraphs) + html[end:]).encode("utf-8"), len(paragraphs)


def main() -> None:
    """Measure and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--max-mib", type=float, default=3.0)
    args = ap.parse_args()
    sizes = [s for s in (0.25, 0.5, 1.0, 2.0, 3.0) if s <= args.max_mib]
    print(f"{'size':>7} {'paragraphs':>10} {'ours ms':>8} {'lxml ms':>8} {'ours/lxml':>9} {'ms/MiB':>7}")
    for mib in sizes:
        raw, count = page_of(int(mib * 1024 * 1024))
        article = parse_html(raw, URL)
        assert article.extractor == "profile:prmn" and article.word_count > 100 * mib, article.extractor
        ours: list[float] = []
        bare: list[float] = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            parse_html(raw, URL)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            lxml.html.fromstring(raw)
            bare.append(time.perf_counter() - start)
        o, b = statistics.median(ours), statistics.median(bare)
        print(f"{mib:6.2f}M {count:10d} {o * 1e3:8.1f} {b * 1e3:8.1f} {b / o:9.2f} {o * 1e3 / mib:7.1f}")


if __name__ == "__main__":
    main()
