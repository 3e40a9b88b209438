"""The archive's schema: every table as SQL, and the numbered migrations that build and upgrade it.

store.py applies MIGRATIONS in order when an archive is opened; a new schema change is a new entry at the end,
never an edit of an applied one. This module and store.py (with crawl/frontier.py, the crawl queue's queries) are the
only places with SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only in annotations: the archive imports sqlite-utils on its first write, and readers never need it.
    import sqlite_utils

from beritascrape.archive import boilerplate, completeness, stems

# Set by Archive while it migrates: long migrations report (done, total) through it, for the CLI's progress bar.
migration_progress: ContextVar[Callable[[int, int], None] | None] = ContextVar("migration_progress", default=None)

_SCHEMA_V1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,          -- crawl, fetch, ...
    args TEXT NOT NULL,             -- JSON array of command-line arguments
    started_at TEXT NOT NULL,       -- UTC, YYYY-MM-DDTHH:MM:SSZ
    finished_at TEXT,
    status TEXT,                    -- NULL while running
    ok INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    version TEXT NOT NULL           -- beritascrape version that ran it
);
CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE NOT NULL,       -- canonical_url, else url: one row per canonical URL
    url TEXT NOT NULL,
    canonical_url TEXT,
    site TEXT,
    title TEXT,
    published_at TEXT,              -- ISO 8601 with the page's own offset
    published_utc TEXT,             -- the same instant in UTC, YYYY-MM-DDTHH:MM:SSZ, for sorting
    updated_at TEXT,
    authors TEXT NOT NULL,          -- JSON array
    editor TEXT,
    source TEXT,
    category TEXT,
    tags TEXT NOT NULL,             -- JSON array, in page order (article_tags is the queryable form)
    description TEXT,
    image_url TEXT,
    captions TEXT NOT NULL,         -- JSON array
    body TEXT NOT NULL,             -- paragraphs separated by blank lines
    word_count INTEGER NOT NULL,
    language TEXT,
    page_count INTEGER NOT NULL,
    extractor TEXT NOT NULL,        -- extraction path, e.g. profile:prmn or generic
    content_hash TEXT NOT NULL,     -- sha256 of the printed record; changes mean a real update
    first_seen_at TEXT NOT NULL,
    last_scraped_at TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL  -- run that last scraped it
);
CREATE INDEX idx_articles_site ON articles(site);
CREATE INDEX idx_articles_published_utc ON articles(published_utc);
CREATE INDEX idx_articles_url ON articles(url);
CREATE INDEX idx_articles_canonical_url ON articles(canonical_url);
CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,        -- after redirects
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,          -- JSON object
    content_type TEXT,
    encoding TEXT,
    fetched_at TEXT NOT NULL,
    size INTEGER NOT NULL,          -- raw bytes before compression
    sha256 TEXT NOT NULL,           -- of the raw bytes
    html BLOB NOT NULL,             -- zlib-compressed raw bytes (Python: zlib.decompress)
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL
);
CREATE INDEX idx_pages_article_id ON pages(article_id);
CREATE INDEX idx_pages_url ON pages(url);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT UNIQUE NOT NULL
);
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX idx_article_tags_tag_id ON article_tags(tag_id);
"""


def _execute_script(db: sqlite_utils.Database, script: str) -> None:
    """Run each statement of a schema script (statements end with ";" at a line's end)."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


def _migrate_v1(db: sqlite_utils.Database) -> None:
    """Create the initial tables, indexes and the FTS5 index with its sync triggers."""
    _execute_script(db, _SCHEMA_V1)
    db.table("articles").enable_fts(["title", "body"], fts_version="FTS5", create_triggers=True)


_SCHEMA_V2 = """
CREATE TABLE frontier (
    url TEXT PRIMARY KEY,           -- canonical URL (tracking parameters dropped)
    host TEXT NOT NULL,             -- lower-cased host[:port]: a crawl works one host per thread
    source TEXT,                    -- the sitemap, feed or index page it was found in
    kind TEXT,                      -- sitemap, feed, index; canonical or redirect when learnt from a fetched page
    discovered_at TEXT NOT NULL,
    published_at TEXT,              -- as the source gave it, ISO 8601, or NULL
    state TEXT NOT NULL DEFAULT 'pending',  -- pending, done, failed, skipped
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    etag TEXT,                      -- validators of the article's first page, for conditional refreshes
    last_modified TEXT,
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,  -- run that last discovered or processed it
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_frontier_next ON frontier(state, host);
CREATE TABLE article_versions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,       -- 1 is the first content archived; the articles row holds the newest
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL,           -- JSON object with the `parse` keys plus extractor
    scraped_at TEXT NOT NULL,       -- when this content was last scraped
    UNIQUE (article_id, version)
);
"""


def _migrate_v2(db: sqlite_utils.Database) -> None:
    """Add the crawl frontier and the table of earlier article versions."""
    _execute_script(db, _SCHEMA_V2)


def _migrate_v3(db: sqlite_utils.Database) -> None:
    """Add articles.kind (article, gallery, video): what sort of page the record came from."""
    db.execute("ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article'")


def _migrate_v4(db: sqlite_utils.Database) -> None:
    """Remember which run last listed each frontier URL, apart from the run that last processed it."""
    # A worker may settle a URL before this run's discovery lists it again: "found" counts must not depend on it.
    db.execute("ALTER TABLE frontier ADD COLUMN seen_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL")
    db.execute("UPDATE frontier SET seen_run_id = run_id")


_SCHEMA_V5 = """
CREATE TABLE template_blocks (
    host TEXT NOT NULL,             -- host of the articles' URL, lower-cased, without "www." (archive/boilerplate.py)
    key TEXT NOT NULL,              -- clean.block_key of the block: a digest of its case-folded text
    articles INTEGER NOT NULL,      -- distinct articles of the host whose body held the block (a row from 2 on)
    text TEXT,                      -- the block as seen when it became template text, for people reading the table
    keep INTEGER NOT NULL DEFAULT 0,  -- 1 (set by hand): news text, never dropped whatever the count
    first_seen_at TEXT NOT NULL,    -- when a second article held it
    last_seen_at TEXT NOT NULL,     -- when an article not counted before last held it
    PRIMARY KEY (host, key)
);
CREATE INDEX idx_template_blocks_count ON template_blocks(host, articles);
CREATE TABLE template_sightings (  -- which article held which block: each article counts once
    host TEXT NOT NULL,
    key TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (host, key, article_id)
) WITHOUT ROWID;
CREATE INDEX idx_template_sightings_article_id ON template_sightings(article_id);
"""


def _migrate_v5(db: sqlite_utils.Database) -> None:
    """Add the learnt template blocks per host, and count the blocks of the articles already archived."""
    _execute_script(db, _SCHEMA_V5)
    boilerplate.learn_archived(db)


def _migrate_v7(db: sqlite_utils.Database) -> None:
    """Add articles_stem_fts, a second FTS5 index over the stemmed title and body, and fill it."""
    # Stemming needs Python, so store.py writes this index in the article's own transaction (no trigger).
    stems.create_index(db)
    stems.build_index(db, migration_progress.get())


_SCHEMA_V8 = """
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name TEXT UNIQUE NOT NULL
);
CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,      -- 0 for the first author named on the page
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX idx_article_authors_author_id ON article_authors(author_id);
CREATE TABLE editors (
    id INTEGER PRIMARY KEY,
    name TEXT UNIQUE NOT NULL
);
CREATE TABLE article_editors (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    editor_id INTEGER NOT NULL REFERENCES editors(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, editor_id)
);
CREATE INDEX idx_article_editors_editor_id ON article_editors(editor_id);
"""


def _migrate_v8(db: sqlite_utils.Database) -> None:
    """Add authors and editors as tables like tags (many-to-many), filled from the articles' columns."""
    _execute_script(db, _SCHEMA_V8)
    db.execute(
        "INSERT OR IGNORE INTO authors (name) SELECT j.value FROM articles, json_each(articles.authors) AS j "
        "WHERE j.value <> '' ORDER BY articles.id, j.key"
    )
    db.execute(
        "INSERT OR IGNORE INTO article_authors (article_id, author_id, position) "
        "SELECT a.id, au.id, j.key FROM articles AS a, json_each(a.authors) AS j "
        "JOIN authors AS au ON au.name = j.value"
    )
    db.execute(
        "INSERT OR IGNORE INTO editors (name) SELECT editor FROM articles "
        "WHERE editor IS NOT NULL AND editor <> '' ORDER BY id"
    )
    db.execute(
        "INSERT INTO article_editors (article_id, editor_id) "
        "SELECT a.id, e.id FROM articles AS a JOIN editors AS e ON e.name = a.editor"
    )


def _migrate_v9(db: sqlite_utils.Database) -> None:
    """Provenance of pages read from web archives: the WARC file, the record's offset and its WARC-Date."""
    # NULL for pages fetched live or read from saved files; offset is the record's (gzip member's) byte offset.
    for column, kind in (("warc_file", "TEXT"), ("warc_offset", "INTEGER"), ("warc_date", "TEXT")):
        db.execute(f"ALTER TABLE pages ADD COLUMN {column} {kind}")
    db.execute("CREATE INDEX idx_pages_sha256 ON pages(sha256)")


_SCHEMA_V10 = """
CREATE TABLE warc_files (
    name TEXT PRIMARY KEY,          -- the WARC file as given to ingest (path or URL)
    records INTEGER NOT NULL,       -- WARC records read
    bytes INTEGER NOT NULL,         -- bytes read (compressed size)
    pages INTEGER NOT NULL,         -- article pages archived from it
    ingested_at TEXT NOT NULL,      -- UTC, YYYY-MM-DDTHH:MM:SSZ
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL
)
"""


def _migrate_v10(db: sqlite_utils.Database) -> None:
    """Add the table of WARC files ingested to the end, so a later run skips them."""
    db.execute(_SCHEMA_V10)


def _migrate_v11(db: sqlite_utils.Database) -> None:
    """Record which records a file was read for ('' = all of them; files recorded before count as that)."""
    # A run with --site/--domain/--indonesian/--since/--until leaves the other records unread: another selection
    # must read the file again (beritascrape.ingest.select.Selection.signature).
    db.execute("ALTER TABLE warc_files ADD COLUMN selection TEXT NOT NULL DEFAULT ''")


def _migrate_v12(db: sqlite_utils.Database) -> None:
    """Add articles.pages_missing: how many of a split article's pages its body lacks (0: complete; completeness.py)."""
    # DEFAULT 0 fills every row at once; only the split articles whose stored pages fall short are written after.
    db.execute("ALTER TABLE articles ADD COLUMN pages_missing INTEGER NOT NULL DEFAULT 0")
    completeness.fill(db.conn, migration_progress.get())


_SCHEMA_V13 = """
CREATE TABLE absent_targets (
    url TEXT PRIMARY KEY,           -- a sitemap, feed or index page a site profile guesses for a host
    status INTEGER NOT NULL,        -- what it answered: 404 or 410
    checked_at TEXT NOT NULL        -- UTC ISO-8601; asked again once this is old (crawl/discovery.py)
)
"""


def _migrate_v13(db: sqlite_utils.Database) -> None:
    """Add the table of profile-guessed sitemaps and feeds a host does not have."""
    db.execute(_SCHEMA_V13)


MIGRATIONS: list[tuple[int, str, Callable[[sqlite_utils.Database], None]]] = [
    (1, "initial schema", _migrate_v1),
    (2, "crawl frontier and article versions", _migrate_v2),
    (3, "page kind of articles", _migrate_v3),
    (4, "frontier: run that last listed a URL", _migrate_v4),
    (5, "learnt template blocks per host", _migrate_v5),
    (7, "stemmed full-text index", _migrate_v7),
    (8, "authors and editors tables", _migrate_v8),
    (9, "pages: WARC provenance", _migrate_v9),
    (10, "WARC files fully ingested", _migrate_v10),
    (11, "WARC files: the selection they were read with", _migrate_v11),
    (12, "articles: pages of a split article missing", _migrate_v12),
    (13, "profile-guessed discovery targets a host does not have", _migrate_v13),
]
SCHEMA_VERSION: int = MIGRATIONS[-1][0]
