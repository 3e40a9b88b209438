"""What learning site boilerplate costs: saving articles with and without counting their blocks, the schema upgrade
that counts an archive's existing articles, and reading a host's learnt keys.

Articles are generated (ARTICLES of PARAGRAPHS paragraphs each, on HOSTS hosts, one shared prompt per host), saved
through Archive.save_article into a temporary archive.

    python benchmarks/boilerplate.py            # about half a minute
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path
from unittest import mock

from beritascrape.archive import boilerplate
from beritascrape.archive.store import Archive
from beritascrape.model import Article

ARTICLES = 4000
PARAGRAPHS = 20
HOSTS = 4


def articles() -> list[Article]:
    """Generated articles: PARAGRAPHS - 1 paragraphs of their own (30 words) and their host's prompt."""
    out = []
    for n in range(ARTICLES):
        host = f"h{n % HOSTS}.test"
        own = [
            f"Artikel {n} paragraf {i}: " + " ".join(f"kata{(n * 31 + i * 7 + j) % 997}" for j in range(30))
            for i in range(PARAGRAPHS - 1)
        ]
        body = "\n\n".join([*own, f"Ikuti kabar {host} setiap pagi."])
        url = f"https://{host}/berita/{n}"
        out.append(Article(url=url, canonical_url=url, site=host, body=body, extractor="generic"))
    return out


def save_all(path: Path, items: list[Article], *, learn: bool) -> float:
    """Seconds to save every article into a fresh archive, counting blocks or not."""
    off = mock.patch.object(boilerplate, "learn", return_value=0) if not learn else contextlib.nullcontext()
    with off, Archive(path) as archive:
        started = time.perf_counter()
        for article in items:
            archive.save_article(article)
        return time.perf_counter() - started


def main() -> None:
    items = articles()
    with tempfile.TemporaryDirectory() as tmp:
        plain = save_all(Path(tmp) / "plain.db", items, learn=False)
        learnt = save_all(Path(tmp) / "learnt.db", items, learn=True)
        print(f"save_article, {ARTICLES} articles x {PARAGRAPHS} paragraphs:")
        per_article = [seconds * 1e3 / ARTICLES for seconds in (plain, learnt)]
        print("  without counting blocks {:.2f} ms/article, counting them {:.2f} ms/article".format(*per_article))
        path = Path(tmp) / "learnt.db"
        sizes = {p.name: p.stat().st_size for p in Path(tmp).glob("*.db")}
        with Archive(path) as archive:
            archive.db.execute("VACUUM")
            started = time.perf_counter()
            for _ in range(100):
                keys = boilerplate.learnt_keys(archive.db, "h0.test")
            lookup = (time.perf_counter() - started) / 100
            sightings = archive.db.execute("SELECT count(*) FROM template_sightings").fetchone()[0]
            print(f"  {sightings} sightings; learnt keys of one host ({len(keys)}) read in {lookup * 1e6:.0f} µs")
            # The upgrade of an archive that predates the tables: count every article already archived.
            archive.db.execute("DELETE FROM template_sightings")
            archive.db.execute("DELETE FROM template_blocks")
            archive.db.conn.commit()
            started = time.perf_counter()
            with archive.transaction():
                boilerplate.learn_archived(archive.db)
            upgrade = time.perf_counter() - started
            print(f"schema upgrade counting {ARTICLES} archived articles: {upgrade:.2f} s")
        print(f"file sizes before VACUUM: {sizes}")


if __name__ == "__main__":
    main()
