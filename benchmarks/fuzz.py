"""Fuzz extraction: mutated pages through what `scrape` does with a saved file (check, decode, extract).

Run:  python benchmarks/fuzz.py [--pages 10000] [--seed 8]

Pages are the fixture pages, plus ../shared/corpus/pages when present, mutated by tests/mutate.py (flipped and
inserted bytes, cuts, deep nesting, deep or broken JSON-LD, bad charset labels, UTF-16/32, 20,000 paragraphs, bad
dates; one to three per page). Prints the outcomes by type (NotAnArticle and NotHTML are the expected refusals),
every other exception type with an example, the slowest page and its time against the extraction budget, and the
peak memory (ru_maxrss, interpreter included). The goal: no exception but the two refusals, no page over budget.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from beritascrape.scrape.article import EXTRACT_BUDGET  # noqa: E402
from mutate import extract_bytes, mutants  # noqa: E402  (tests/ is put on the path just above)

EXPECTED = {"ok", "NotAnArticle", "NotHTML"}


def source_pages() -> list[bytes]:
    """The pages mutations start from: every fixture page, and the corpus pages when ../shared is there."""
    paths = sorted((ROOT / "tests" / "fixtures").rglob("*.html"))
    paths += sorted((ROOT.parent / "shared" / "corpus" / "pages").rglob("*.html"))
    return [p.read_bytes() for p in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    pages = source_pages()
    print(f"{len(pages)} source pages, {args.pages} mutants, seed {args.seed}, budget {EXTRACT_BUDGET:g} s per page")
    outcomes: Counter[str] = Counter()
    examples: dict[str, tuple[str, str]] = {}
    slowest = (0.0, "", 0)
    over = 0
    started = time.perf_counter()
    for n, (name, page) in enumerate(mutants(pages, args.pages, args.seed), 1):
        t = time.perf_counter()
        result = extract_bytes(page)
        seconds = time.perf_counter() - t
        outcomes[result.outcome] += 1
        if result.outcome not in EXPECTED:
            examples.setdefault(result.outcome, (name, result.message))
        over += seconds > EXTRACT_BUDGET
        if seconds > slowest[0]:
            slowest = (seconds, name, len(page))
        if n % 1000 == 0:
            print(f"  {n} pages, {time.perf_counter() - started:.0f} s", flush=True)
    total = time.perf_counter() - started
    unexpected = sum(n for k, n in outcomes.items() if k not in EXPECTED)
    print(f"\n{args.pages} pages in {total:.0f} s ({total / args.pages * 1000:.1f} ms per page)")
    print("outcomes: " + ", ".join(f"{k} {n}" for k, n in outcomes.most_common()))
    print(f"unexpected exceptions: {unexpected}")
    for kind, (name, message) in sorted(examples.items()):
        print(f"  {kind} ({outcomes[kind]}), e.g. after {name}: {message}")
    print(f"slowest page: {slowest[0]:.2f} s ({slowest[1]}, {slowest[2] / 1024:.0f} KiB); over budget: {over}")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (ru_maxrss)")


if __name__ == "__main__":
    main()
