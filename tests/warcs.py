"""Building WARC files for tests with warcio (the other well-kept WARC library), from fixture pages."""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FIXTURES = Path(__file__).parent / "fixtures"
WARC_DATE = "2024-06-15T01:02:03Z"


@dataclass(frozen=True)
class Rec:
    """One record to write: a response (default), request, revisit, warcinfo or a truncated response."""

    url: str
    body: bytes = b""
    kind: Literal["response", "request", "revisit", "warcinfo"] = "response"
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    truncated: bool = False
    date: str = WARC_DATE
    http_headers: tuple[tuple[str, str], ...] = ()  # more response headers (Content-Encoding, say)


def fixture(name: str) -> tuple[str, bytes, dict]:
    """A fixture page's URL (from its golden JSON), raw bytes and golden JSON."""
    expected = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return expected["url"], (FIXTURES / f"{name}.html").read_bytes(), expected


def page(name: str, **kwargs: object) -> Rec:
    """A 200 response record of a fixture page at its own URL."""
    url, body, _ = fixture(name)
    return Rec(url, body, **kwargs)  # type: ignore[arg-type]


def write_warc(path: Path, records: list[Rec], compress: Literal["record", "file", "none"] = "record") -> list[int]:
    """Write records to a WARC file; returns each record's offset (compressed for per-record gzip)."""
    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=compress == "record")
    offsets = []
    for rec in records:
        offsets.append(raw.tell())
        headers = {"WARC-Date": rec.date}
        if rec.truncated:
            headers["WARC-Truncated"] = "length"
        if rec.kind == "warcinfo":
            record = writer.create_warcinfo_record(path.name, {"software": "tests/warcs.py"})
        elif rec.kind == "request":
            request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
            record = writer.create_warc_record(
                rec.url, "request", payload=io.BytesIO(request), length=len(request), warc_headers_dict=headers
            )
        elif rec.kind == "revisit":
            http = StatusAndHeaders("200 OK", [("Content-Type", rec.content_type)], protocol="HTTP/1.1")
            record = writer.create_revisit_record(
                rec.url, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", rec.url, rec.date, http_headers=http
            )
        else:
            reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}.get(rec.status, "X")
            fields = [("Content-Type", rec.content_type), *rec.http_headers]
            http = StatusAndHeaders(f"{rec.status} {reason}", fields, protocol="HTTP/1.1")
            # With its length given, warcio writes the body as is instead of spooling it through a temporary file.
            record = writer.create_warc_record(
                rec.url,
                "response",
                payload=io.BytesIO(rec.body),
                length=len(rec.body),
                http_headers=http,
                warc_headers_dict=headers,
            )
        writer.write_record(record)
    data = raw.getvalue()
    path.write_bytes(gzip.compress(data) if compress == "file" else data)
    return offsets
