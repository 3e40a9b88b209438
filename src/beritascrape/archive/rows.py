"""Articles and pages as archive rows and back: JSON columns, the content hash, compressed raw pages, and the
PreparedArticle a worker makes so the one writer only runs SQL."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from beritascrape.archive import boilerplate, completeness, stems
from beritascrape.archive.times import utc_text
from beritascrape.errors import ArchiveError
from beritascrape.model import Article, Page

# The columns that hold a JSON array.
JSON_COLUMNS = ("authors", "tags", "captions")


def json_text(value: Any) -> str:
    """Compact JSON that keeps Indonesian text readable in the sqlite3 CLI."""
    return json.dumps(value, ensure_ascii=False)


def article_row(article: Article) -> dict[str, Any]:
    """The content columns of an article row (everything but bookkeeping)."""
    record = article.to_dict()
    published_utc = None
    if article.published_at is not None:
        if article.published_at.tzinfo is None:
            raise ArchiveError(f"cannot store {article.url}: published_at has no time zone")
        try:
            published_utc = utc_text(article.published_at)
        except (OverflowError, ValueError):
            raise ArchiveError(
                f"cannot store {article.url}: published_at {article.published_at} is out of range"
            ) from None
    # The URL it was reached by is not content: the same article under another link is "unchanged".
    content = {key: value for key, value in record.items() if key != "url"}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    row = {key: (json_text(value) if key in JSON_COLUMNS else value) for key, value in record.items()}
    row.update(
        key=article.canonical_url or article.url,
        published_utc=published_utc,
        extractor=article.extractor,
        content_hash=digest,
    )
    return row


# zlib level 1, not the default 6: on the corpus pages (140 KB on average) it compresses in 0.76 ms instead of 1.91 ms
# (as long as extracting the page) for blobs 17% bigger (22% of the raw bytes instead of 19%); every write command
# compresses every page it stores.
PAGE_COMPRESSION = 1


def page_row(page: Page) -> dict[str, Any]:
    """A pages row less its article and run ids; the raw bytes are kept (compressed) so pages can be re-extracted."""
    return {
        "url": page.url,
        "final_url": page.final_url,
        "status": page.status,
        "headers": json_text(dict(page.headers)),
        "content_type": page.content_type,
        "encoding": page.encoding,
        "fetched_at": page.fetched_at.isoformat(),
        "size": len(page.content),
        "sha256": hashlib.sha256(page.content).hexdigest(),
        "html": zlib.compress(page.content, PAGE_COMPRESSION),
        "warc_file": page.warc.file if page.warc else None,
        "warc_offset": page.warc.offset if page.warc else None,
        "warc_date": page.warc.date.isoformat() if page.warc else None,
    }


def page_row_for(page: Page, run_id: int | None, article_id: int | None) -> dict[str, Any]:
    """A whole pages row."""
    return {"article_id": article_id, **page_row(page), "run_id": run_id}


@dataclass(frozen=True)
class PreparedArticle:
    """An article and everything save_batch writes, made into rows beforehand (JSON, hashes, compression, stems,
    template block keys), so that a worker process can do the work and the one writer only runs the SQL."""

    article: Article
    row: dict[str, Any]
    pages: tuple[dict[str, Any], ...] = ()
    host: str | None = None  # the host its body blocks are counted under (boilerplate.host_key)
    blocks: tuple[tuple[str, str], ...] = ()  # (key, text) of its countable body blocks (boilerplate.blocks)
    stems: tuple[str, str] = ("", "")  # its title and body as stems, for the stemmed index
    # Set by ingest: a copy read before a page the archive holds of the article (an older WARC record of it) does
    # not replace the archived content (batch.py); scrape, crawl and reparse read the page as it is now.
    newest_wins: bool = False


def prepare_article(
    article: Article,
    pages: Sequence[Page] = (),
    page_rows: Sequence[dict[str, Any]] = (),
    *,
    held: int | None = None,
) -> PreparedArticle:
    """The rows save_batch writes; `page_rows` (from page_row) come after the rows of `pages`.

    `held` is how many of the article's pages its body was made from, where the caller knows (ingest, reparse);
    by default the pages saved with it tell (archive/completeness.py).
    """
    host = boilerplate.host_key(article.url)
    rows = (*(page_row(p) for p in pages), *page_rows)
    if held is None:
        missing = completeness.missing_pages(article.extractor, article.page_count, (r["url"] for r in rows))
    else:
        missing = max(0, article.page_count - held)
    return PreparedArticle(
        article,
        {**article_row(article), "pages_missing": missing},
        rows,
        host,
        tuple(boilerplate.blocks(article.paragraphs).items()) if host is not None else (),
        (stems.stem_text(article.title), stems.stem_text(article.body)),
    )


def row_to_article(row: dict[str, Any]) -> Article:
    """Rebuild an Article from an articles row."""
    data = dict(row)
    for key in JSON_COLUMNS:
        data[key] = json.loads(data[key])
    return Article.from_dict(data)


def fetch_order(page: Mapping[str, Any]) -> tuple[datetime, str, int]:
    """Which of two fetches of a page (rows of `pages`) came later: by when (the WARC-Date), then by WARC file name
    and offset, whatever order they were read in (README: "Several fetches of one article")."""
    when = datetime.fromisoformat(page["fetched_at"])
    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)
    offset = page.get("warc_offset")
    return when, page.get("warc_file") or "", -1 if offset is None else offset
