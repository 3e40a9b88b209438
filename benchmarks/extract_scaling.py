"""Extraction time against page size: pages of many paragraphs, 64 KiB to 10 MiB, through the whole scrape path.

Run:  python benchmarks/extract_scaling.py [--max-mib 10] [--shape short|long|both]

Each page is built here (generated words, no corpus text): a generic page (no site profile, so trafilatura runs)
made of N paragraphs. `short` paragraphs are 6-9 words (many blocks: the shape that made trafilatura quadratic),
`long` ones are sentences. For each size it prints the seconds and the seconds per MiB; growth is linear when the
per-MiB figure stays flat as the size doubles. Pages go through scrape/article.py: extract_page, so the per-page budget
(EXTRACT_BUDGET) applies: a page over it would print "budget".
"""

from __future__ import annotations

import argparse
import random
import time

from beritascrape.errors import BeritaError, ExtractionTimeout
from beritascrape.scrape.article import EXTRACT_BUDGET, extract_page

WORDS = [
    "kota",
    "warga",
    "jalan",
    "banjir",
    "pemerintah",
    "daerah",
    "rumah",
    "sakit",
    "pasar",
    "harga",
    "beras",
    "sekolah",
    "anak",
    "guru",
    "polisi",
]
HEAD = (
    "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>Judul Berita Panjang - Contoh</title>"
    "<meta property='og:type' content='article'>"
    "<meta property='article:published_time' content='2024-03-05T10:00:00+07:00'></head>"
    "<body><header><nav><a href='/'>Beranda</a></nav></header><main><article><h1>Judul Berita Panjang</h1>"
)
TAIL = "</article></main><footer>Hak cipta</footer></body></html>"


def page_of(size: int, shape: str, rng: random.Random) -> str:
    """A page of about `size` bytes made of paragraphs of the given shape."""
    parts = [HEAD]
    length = len(HEAD) + len(TAIL)
    while length < size:
        n = rng.randint(6, 9) if shape == "short" else rng.randint(12, 30)
        words = " ".join(rng.choice(WORDS) for _ in range(n))
        para = f"<p>{words.capitalize()}.</p>\n"
        parts.append(para)
        length += len(para)
    parts.append(TAIL)
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mib", type=float, default=10.0)
    parser.add_argument("--shape", choices=["short", "long", "both"], default="both")
    args = parser.parse_args()
    shapes = ["short", "long"] if args.shape == "both" else [args.shape]
    rng = random.Random(8)
    extract_page(page_of(20_000, "long", rng), "https://contoh.invalid/berita/1")  # warm up the imports
    print(f"budget per page: {EXTRACT_BUDGET:g} s")
    print(f"{'shape':<6} {'size':>9} {'paragraphs':>10} {'seconds':>8} {'s/MiB':>6}  result")
    for shape in shapes:
        top = int(args.max_mib * 1024 * 1024)
        sizes = [64 * 1024 << n for n in range(12) if 64 * 1024 << n < top] + [top]
        for size in sizes:
            html = page_of(size, shape, rng)
            started = time.perf_counter()
            try:
                article = extract_page(html, "https://contoh.invalid/berita/1")
                result = f"{article.word_count} words ({article.extractor})"
            except ExtractionTimeout:
                result = "budget"
            except BeritaError as exc:
                result = f"{type(exc).__name__}: {exc}"
            seconds = time.perf_counter() - started
            mib = len(html) / 1024 / 1024
            print(
                f"{shape:<6} {mib:>7.2f}Mi {html.count('<p>'):>10} {seconds:>8.2f} {seconds / mib:>6.2f}  {result}",
                flush=True,
            )


if __name__ == "__main__":
    main()
