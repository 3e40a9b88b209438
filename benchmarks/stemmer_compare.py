"""Speed of whichever Sastrawi-module stemmer is installed (PySastrawi or the original Sastrawi), per new word.

Both packages install the module `Sastrawi`, so compare them in two virtual environments:
  python3 -m venv /tmp/v1 && /tmp/v1/bin/pip install Sastrawi && /tmp/v1/bin/python benchmarks/stemmer_compare.py
  python3 -m venv /tmp/v2 && /tmp/v2/bin/pip install PySastrawi && /tmp/v2/bin/python benchmarks/stemmer_compare.py
Words are the distinct words of the real pages in ../shared/corpus (read at run time), else of tests/fixtures.
"""

from __future__ import annotations

import argparse
import re
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"


def distinct_words(limit: int) -> list[str]:
    """Distinct lower-case words (letters only, 4 or more) of the pages' text, sorted, at most `limit`."""
    folder = CORPUS if CORPUS.is_dir() else ROOT / "tests" / "fixtures"
    text = " ".join(p.read_text("utf-8", errors="replace") for p in sorted(folder.rglob("*.html")))
    text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", text, flags=re.S)
    return sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)})[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500)
    args = parser.parse_args()
    started = time.perf_counter()
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = StemmerFactory().create_stemmer()
    ready = time.perf_counter()
    words = distinct_words(args.words)
    plain = getattr(stemmer, "delegatedStemmer", stemmer)  # past the factory's cache: every word is new
    start = time.perf_counter()
    for word in words:
        plain.stem(word)
    took = time.perf_counter() - start
    names = [
        d.metadata["Name"]
        for d in metadata.distributions()
        if (d.read_text("top_level.txt") or "").strip() == "Sastrawi"
    ]
    print(
        f"{', '.join(names) or 'Sastrawi module'}: start-up {(ready - started) * 1e3:.0f} ms, "
        f"{took * 1e3 / len(words):.3f} ms per new word over {len(words)} words; "
        f"kebanjiran -> {stemmer.stem('kebanjiran')}, dibanjiri -> {stemmer.stem('dibanjiri')}"
    )


if __name__ == "__main__":
    main()
