"""The raw pages of archived articles as a WARC/1.1 file (warcio, the `[warc]` extra), for web-archive tools.

Each fetched page becomes a `response` record with its original status and headers, a `request` record (the GET
we sent, as far as the archive knows it) and a `metadata` record naming the article; a saved file, which had no
HTTP exchange, becomes a `resource` record. A `warcinfo` record opens the file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from beritascrape.archive.records import StoredArticle, StoredPage
from beritascrape.errors import MissingExtra

# The archive keeps the decoded body: these headers would describe bytes that are not in the record any more.
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True)
class WarcCounts:
    """What write_warc wrote: articles, pages (response or resource records) and records in all."""

    articles: int
    pages: int
    records: int


def require() -> None:
    """Fail with the one-line install hint now, before any output file is made, when the extra is missing."""
    _warcio()


def _warcio() -> tuple[Any, Any]:
    """warcio's writer and header classes, or a one-line hint to install the extra."""
    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError:
        raise MissingExtra("--format warc needs warcio: pip install 'beritascrape[warc]'") from None
    return WARCWriter, StatusAndHeaders


def _warc_date(fetched_at: str) -> str:
    """A stored fetched_at (ISO 8601 with offset) as a WARC-Date in UTC."""
    when = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _status_line(status: int) -> str:
    """ "200 OK": the status with its standard reason phrase (requests does not keep the server's own)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _request_target(url: str) -> tuple[str, str]:
    """The request line's target and the Host header of a URL."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), parts.netloc


def _page_records(writer: Any, headers_class: Any, record: StoredArticle, page: StoredPage) -> Iterator[Any]:
    """The WARC records of one stored page: response + request (or resource), then metadata."""
    date = _warc_date(page.fetched_at)
    warc_headers = {"WARC-Date": date}
    dropped = {k: v for k, v in page.headers.items() if k.lower() in _DROPPED_HEADERS and k.lower() != "content-length"}
    if page.headers:
        http_headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _DROPPED_HEADERS]
        http_headers.append(("Content-Length", str(len(page.content))))
        main = writer.create_warc_record(
            page.final_url,
            "response",
            payload=io.BytesIO(page.content),
            length=len(page.content),
            warc_headers_dict=warc_headers,
            http_headers=headers_class(_status_line(page.status), http_headers, protocol="HTTP/1.1"),
        )
        target, host = _request_target(page.final_url)
        request = writer.create_warc_record(
            page.final_url,
            "request",
            warc_headers_dict={**warc_headers, "WARC-Concurrent-To": main.rec_headers.get_header("WARC-Record-ID")},
            http_headers=headers_class(f"GET {target} HTTP/1.1", [("Host", host)], is_http_request=True),
        )
        yield main
        yield request
    else:
        main = writer.create_warc_record(
            page.final_url,
            "resource",
            payload=io.BytesIO(page.content),
            length=len(page.content),
            warc_content_type=page.content_type or "text/html",
            warc_headers_dict=warc_headers,
        )
        yield main
    fields = [
        ("article-id", str(record.id)),
        ("article-url", record.article.canonical_url or record.article.url),
        ("page-id", str(page.id)),
    ]
    if page.url != page.final_url:
        fields.append(("requested-url", page.url))
    # Saying what was changed: the body is stored decoded, so its original coding headers are not in the record.
    fields.extend((f"original-{k.lower()}", v) for k, v in dropped.items())
    payload = "".join(f"{k}: {v}\r\n" for k, v in fields).encode("utf-8")
    yield writer.create_warc_record(
        page.final_url,
        "metadata",
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_content_type="application/warc-fields",
        warc_headers_dict={**warc_headers, "WARC-Refers-To": main.rec_headers.get_header("WARC-Record-ID")},
    )


def write_warc(
    records: Iterable[StoredArticle],
    pages_of: Callable[[int], Iterable[StoredPage]],
    fp: BinaryIO,
    *,
    software: str,
    filename: str = "beritascrape.warc.gz",
) -> WarcCounts:
    """Write the pages of each article (from `pages_of(article id)`) as gzipped WARC/1.1 records to fp."""
    writer_class, headers_class = _warcio()
    writer = writer_class(fp, gzip=True, warc_version="1.1")
    info = {"software": software, "format": "WARC File Format 1.1", "description": "pages of archived articles"}
    writer.write_record(writer.create_warcinfo_record(filename, info))
    articles = pages = written = 0
    for record in records:
        articles += 1
        for page in pages_of(record.id):
            pages += 1
            for warc_record in _page_records(writer, headers_class, record, page):
                writer.write_record(warc_record)
                written += 1
    return WarcCounts(articles, pages, written + 1)
