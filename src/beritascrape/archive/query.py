"""Reading the archive the way an analyst asks: filters, stemmed or exact full-text search, counts over time."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from beritascrape.archive.stems import WORD, snippet, stem_word
from beritascrape.archive.times import utc_text
from beritascrape.errors import ArchiveError, BadQuery, InputError
from beritascrape.model import site_of

if TYPE_CHECKING:
    import sqlite_utils

# Private-use characters: scraped text may contain brackets, so the CLI turns these into highlighting.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
# A query using any FTS5 syntax is passed through; anything else is treated as plain words.
FTS_SYNTAX = re.compile(r'["*():^+{}]|\b(AND|OR|NOT|NEAR)\b')
# The pieces of an FTS5 query that stemming must leave alone (operators, column names, prefixes) or reach into.
_QUERY_TOKEN = re.compile(
    r'"(?P<phrase>[^"]*)"|\b(?P<op>AND|OR|NOT|NEAR)\b|(?P<prefix>[^\W_]+)\*|(?P<column>\w+):|(?P<word>[^\W_]+)'
)

Period = Literal["day", "week", "month"]


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a reader wants: each field narrows the set; several values in one field mean any of them."""

    since: datetime | None = None
    until: datetime | None = None
    sites: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()

    def where(self, alias: str = "articles") -> tuple[str, list[Any]]:
        """A SQL condition on the articles table (as `alias`) and its parameters; "1" when nothing is filtered."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.since is not None:
            clauses.append(f"{alias}.published_utc >= ?")
            params.append(_utc(self.since))
        if self.until is not None:
            clauses.append(f"{alias}.published_utc <= ?")
            params.append(_utc(self.until))
        if self.sites:
            # A site given as a domain covers its sub-domains: pikiran-rakyat.com takes in galamedia.pikiran-rakyat.com.
            clauses.append("(" + " OR ".join(f"{alias}.site = ? OR {alias}.site LIKE ?" for _ in self.sites) + ")")
            for site in self.sites:
                host = _site_of(site)
                params.extend([host, f"%.{host}"])
        if self.kinds:
            clauses.append(f"{alias}.kind IN ({', '.join('?' for _ in self.kinds)})")
            params.extend(self.kinds)
        if self.tags:
            clauses.append(
                f"{alias}.id IN (SELECT at.article_id FROM article_tags AS at JOIN tags AS t ON t.id = at.tag_id "
                f"WHERE t.name COLLATE NOCASE IN ({', '.join('?' for _ in self.tags)}))"
            )
            params.extend(self.tags)
        if self.authors:
            clauses.append(
                f"{alias}.id IN (SELECT aa.article_id FROM article_authors AS aa JOIN authors AS au "
                f"ON au.id = aa.author_id WHERE au.name COLLATE NOCASE IN ({', '.join('?' for _ in self.authors)}))"
            )
            params.extend(self.authors)
        return (" AND ".join(clauses) or "1"), params


@dataclass(frozen=True)
class SearchHit:
    """One full-text search result; `snippet` marks matches with HIGHLIGHT_START/HIGHLIGHT_END."""

    article_id: int
    title: str | None
    url: str
    published_at: str | None
    site: str | None
    snippet: str
    rank: float


@dataclass(frozen=True)
class PeriodCount:
    """How many articles of one site were published in one day, week (its Monday) or month."""

    period: str
    site: str
    count: int


def _utc(when: datetime) -> str:
    """An aware datetime as the archive's published_utc text."""
    return utc_text(when)


def has_words(query: str) -> bool:
    """Whether a search query has anything to look for."""
    return WORD.search(query) is not None


def _plain_query(query: str) -> str:
    """Plain words as FTS5 phrases, so hyphens and dots ("covid-19", "5.000") are not FTS syntax errors."""
    return " ".join('"{}"'.format(word.replace('"', '""')) for word in query.split())


def stem_query(query: str) -> tuple[str, set[str]]:
    """The query for the stemmed index (each word by its stem) and the set of stems to highlight."""
    stems: set[str] = set()

    def stemmed(words: str) -> str:
        found = [stem_word(w) for w in WORD.findall(words.lower())]
        stems.update(found)
        return " ".join(found)

    if not FTS_SYNTAX.search(query):
        phrases = (stemmed(word) for word in query.split())
        return " ".join(f'"{p}"' for p in phrases if p), stems

    def replace(m: re.Match[str]) -> str:
        if m.group("phrase") is not None:
            return f'"{stemmed(m.group("phrase"))}"'
        if m.group("prefix") is not None:
            # The index holds stems, so a prefix is stemmed too: "pertani*" looks for "tani*".
            return f"{stemmed(m.group('prefix'))}*"
        if m.group("word") is not None:
            return stemmed(m.group("word"))
        return m.group(0)

    return _QUERY_TOKEN.sub(replace, query), stems


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    exact: bool = False,
    limit: int = 20,
    offset: int = 0,
    where: ArticleFilter | None = None,
) -> list[SearchHit]:
    """Full-text search, best match first: over stems (the word's family) or, with `exact`, the surface forms."""
    if not has_words(query):
        raise InputError("empty search query: give at least one word")
    condition, params = (where or ArticleFilter()).where("a")
    if exact:
        fts_query = query if FTS_SYNTAX.search(query) else _plain_query(query)
        sql = (
            "SELECT a.id, a.title, a.url, a.published_at, a.site, "
            "snippet(articles_fts, 1, ?, ?, '…', 12), articles_fts.rank "
            "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND {condition} ORDER BY articles_fts.rank LIMIT ? OFFSET ?"
        )
        rows = _run(db, sql, [HIGHLIGHT_START, HIGHLIGHT_END, fts_query, *params, limit, offset])
        return [SearchHit(*row) for row in rows]
    fts_query, stems = stem_query(query)
    sql = (
        "SELECT a.id, a.title, a.url, a.published_at, a.site, a.title || ' ' || a.body, articles_stem_fts.rank "
        "FROM articles_stem_fts JOIN articles AS a ON a.id = articles_stem_fts.rowid "
        f"WHERE articles_stem_fts MATCH ? AND {condition} ORDER BY articles_stem_fts.rank LIMIT ? OFFSET ?"
    )
    rows = _run(db, sql, [fts_query, *params, limit, offset])
    return [
        SearchHit(i, title, url, at, site, _family_snippet(db, i, text, stems), rank)
        for i, title, url, at, site, text, rank in rows
    ]


def _family_snippet(db: sqlite_utils.Database, article_id: int, text: str, stems: set[str]) -> str:
    """The surface index's own snippet, asked for the words of this article that are in the query's families."""
    # So both modes cut and mark snippets alike: FTS5 picks the window, we only say which surface words count.
    forms = {w for w in WORD.findall(text.lower()) if stem_word(w) in stems or any(w.startswith(p) for p in stems)}
    if not forms:
        return snippet(text, stems, start=HIGHLIGHT_START, end=HIGHLIGHT_END)
    found = db.execute(
        "SELECT snippet(articles_fts, 1, ?, ?, '…', 12) FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?",
        [HIGHLIGHT_START, HIGHLIGHT_END, " OR ".join(f'"{w}"' for w in sorted(forms)), article_id],
    ).fetchone()
    return str(found[0]) if found else snippet(text, stems, start=HIGHLIGHT_START, end=HIGHLIGHT_END)


def _run(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Run a search query; a malformed FTS5 query is the user's error, anything else the archive's."""
    try:
        return list(db.execute(sql, params).fetchall())
    except sqlite3.OperationalError as exc:
        raise BadQuery(f"bad search query: {exc}") from None
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot read archive: {exc}") from None


def _site_of(given: str) -> str:
    """A --site value as the site column stores it (model.site_of): a scheme, a path, a port (the crawl's tables
    name a host:port, as in 127.0.0.1:8765) and "www." left off."""
    given = given.strip()
    return site_of(given if "://" in given else f"//{given}") or given.lower()


# The period an article's own date (in its page's offset: a WIB evening stays that day) falls in.
_PERIOD_SQL = {
    "day": "substr(a.published_at, 1, 10)",
    "week": "date(substr(a.published_at, 1, 10), '-6 days', 'weekday 1')",
    "month": "substr(a.published_at, 1, 7)",
}


def count_by_period(
    db: sqlite_utils.Database, by: Period = "day", where: ArticleFilter | None = None
) -> tuple[list[PeriodCount], int]:
    """Articles per period and site, oldest first, and how many selected articles have no date (left out)."""
    condition, params = (where or ArticleFilter()).where("a")
    period = _PERIOD_SQL[by]
    sql = (
        f"SELECT {period} AS period, coalesce(a.site, '') AS site, count(*) FROM articles AS a "
        f"WHERE a.published_at IS NOT NULL AND {condition} GROUP BY 1, 2 ORDER BY 1, 2"
    )
    rows = [PeriodCount(*row) for row in db.execute(sql, params).fetchall()]
    undated = db.execute(f"SELECT count(*) FROM articles AS a WHERE a.published_at IS NULL AND {condition}", params)
    return rows, int(undated.fetchone()[0])
