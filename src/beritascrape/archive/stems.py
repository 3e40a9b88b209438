"""Indonesian stems for the second full-text index: "kebanjiran", "dibanjiri" and "banjir" all index as "banjir".

The stemmer is PySastrawi's (Nazief-Adriani with the ECS improvements, over its dictionary of ~30,000 root words).
It costs ~0.07 ms per new word, so stems are cached per word: news text repeats its words, and after the first few
hundred articles nearly every word is a cache hit (benchmarks/stem_speed.py measures it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

# Word characters as FTS5's unicode61 tokenizer splits them, so the stems line up with the surface index.
WORD = re.compile(r"[^\W_]+")
# Words the stemmer must not touch: numbers and anything with a digit ("covid19", "5g").
_HAS_DIGIT = re.compile(r"\d")
_CACHE_SIZE = 200_000

Progress = Callable[[int, int], None]


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """PySastrawi's stemmer, built once (it reads its dictionary file) and only when a text is first stemmed."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    # The plain Stemmer, not the factory's CachedStemmer: our own bounded cache below replaces its unbounded one.
    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


@lru_cache(maxsize=_CACHE_SIZE)
def stem_word(word: str) -> str:
    """The root of one lower-cased word ("kebanjiran" -> "banjir"); numbers and short words are kept as they are."""
    if len(word) <= 3 or _HAS_DIGIT.search(word):
        return word
    return str(_stemmer().stem_word(word)) or word


def stem_text(text: str | None) -> str:
    """The text as space-separated stems of its words, lower-cased: what the stemmed index holds."""
    if not text:
        return ""
    return " ".join(map(stem_word, WORD.findall(text.lower())))


def snippet(text: str, stems: set[str], *, start: str, end: str, size: int = 12) -> str:
    """A window of `size` words of text with the most words whose stem is in `stems`, matches marked start/end."""
    words = list(WORD.finditer(text))
    if not words:
        return ""
    hits = [stem_word(m.group().lower()) in stems for m in words]
    prefix = [0]
    for hit in hits:
        prefix.append(prefix[-1] + hit)
    last_start = max(0, len(words) - size)
    best = max(range(last_start + 1), key=lambda s: (prefix[min(s + size, len(words))] - prefix[s], -s))
    if any(hits):
        # Lead in with two words before the first match rather than start on it.
        first_hit = next(i for i in range(best, len(words)) if hits[i])
        best = max(0, min(first_hit - 2, last_start))
    window = range(best, min(best + size, len(words)))
    out = ["…" if best > 0 else ""]
    cursor = words[best].start() if best else 0
    for i in window:
        m = words[i]
        out.append(text[cursor : m.start()])
        out.append(f"{start}{m.group()}{end}" if hits[i] else m.group())
        cursor = m.end()
    if window[-1] < len(words) - 1:
        out.append("…")
    else:
        out.append(text[cursor:].rstrip())
    return "".join(out)


def create_index(db: sqlite_utils.Database) -> None:
    """Create the stemmed FTS5 table; the rowid is the article's id."""
    # No content= option: Datasette and sqlite-utils pick an FTS table for `articles` by its content='articles',
    # so this one never takes the place of articles_fts in their search box.
    db.execute("CREATE VIRTUAL TABLE articles_stem_fts USING fts5(title, body, tokenize = 'unicode61')")
    # Writing stems needs Python, so store.py does it in the article's transaction; a delete needs none, so a
    # trigger keeps the index clean whichever tool deletes an article.
    db.execute(
        "CREATE TRIGGER articles_stem_ad AFTER DELETE ON articles BEGIN "
        "DELETE FROM articles_stem_fts WHERE rowid = old.id; END"
    )


def index_article(
    db: sqlite_utils.Database, article_id: int, title: str | None, body: str | None, *, new: bool = False
) -> None:
    """Write (or, unless `new`, rewrite) one article's stems; the caller holds the write transaction."""
    if not new:
        db.execute("DELETE FROM articles_stem_fts WHERE rowid = ?", [article_id])
    db.execute(
        "INSERT INTO articles_stem_fts (rowid, title, body) VALUES (?, ?, ?)",
        [article_id, stem_text(title), stem_text(body)],
    )


def build_index(db: sqlite_utils.Database, progress: Progress | None = None, batch: int = 200) -> None:
    """Stem every archived article into the stemmed index, in id order, reporting (done, total)."""
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    done, last_id = 0, 0
    if progress is not None:
        progress(0, total)
    while True:
        rows: Iterable[tuple[int, str | None, str | None]] = db.execute(
            "SELECT id, title, body FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last_id, batch]
        ).fetchall()
        rows = list(rows)
        if not rows:
            return
        for article_id, title, body in rows:
            index_article(db, article_id, title, body, new=True)
        done += len(rows)
        last_id = rows[-1][0]
        if progress is not None:
            progress(done, total)
