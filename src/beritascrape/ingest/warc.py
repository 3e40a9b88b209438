"""Reading WARC files with FastWARC: one plain record per WARC record, recovery past a corrupt member, and the end
of the file checked for a record it cuts off.

FastWARC (from resiliparse) reads record-gzipped Common Crawl files about 4x faster than warcio here, plain WARC
about 6x (benchmarks/warc_read.py). A corrupt gzip member (or a damaged record in a plain .warc) makes FastWARC
stop with an OSError; `read_warc` then backs up to the last good record, finds the start of the next whole member
and goes on, so one bad member is one `corrupt` entry and the rest of the file is still read.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import BinaryIO, Literal, cast

from fastwarc.stream_io import GzipReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from beritascrape.errors import FetchError
from beritascrape.ingest.warc_end import cut_off

Kind = Literal[
    "html", "non_html", "revisit", "request", "other_record", "truncated", "http_error", "redirect", "corrupt"
]
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = (b"WARC/1.0\r\n", b"WARC/1.1\r\n")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# How far a recovery scans for the next whole record before it gives up on the rest of the file.
_MAX_RESYNC_BYTES = 64 << 20
# A first gzip member longer than this is a file gzipped whole, not one member per record.
_FIRST_MEMBER_BYTES = 8 << 20
# A record ends with CRLF CRLF; a second WARC header right after means several records in one member.
_NEXT_RECORD = b"\r\n\r\nWARC/1."


@dataclass(frozen=True)
class WarcEntry:
    """One WARC record as ingest sees it; `content` is the page body, read only for wanted HTML pages."""

    kind: Kind
    offset: int
    size: int
    uri: str = ""
    date: datetime | None = None
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    message: str = ""


class _Tape:
    """A read-only stream over `raw` that keeps what it handed out since `forget_before`, so a reader can back up."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.raw = raw
        self._kept = bytearray()
        self._kept_from = 0  # stream offset of _kept[0]
        self._next = 0  # stream offset of the next byte handed out
        self.eof = False
        # False once nothing will back up over this stream again (the compressed side of a file gzipped whole).
        self.keeping = True
        # A failure of the stream itself (a dropped connection): kept here, since raising it inside FastWARC's
        # read would not come out as a Python exception; read_warc raises it once the reader has stopped.
        self.error: Exception | None = None

    def read(self, size: int = -1) -> bytes:
        """Bytes from the kept buffer first (after a rewind), then from the raw stream."""
        replay_at = self._next - self._kept_from
        if replay_at < len(self._kept):
            end = len(self._kept) if size < 0 else min(len(self._kept), replay_at + size)
            chunk = bytes(self._kept[replay_at:end])
        else:
            try:
                chunk = self._raw.read(size if size >= 0 else 1 << 20) or b""
            except Exception as exc:  # any stream's error: requests, urllib3, fsspec, OS
                self.error, chunk = exc, b""
            self.eof = not chunk
            if self.keeping:
                self._kept += chunk
            else:
                self._kept.clear()
                self._kept_from = self._next + len(chunk)
        self._next += len(chunk)
        return chunk

    def tell(self) -> int:
        """The stream offset of the next byte handed out."""
        return self._next

    def readable(self) -> bool:
        return True

    def forget_before(self, offset: int) -> None:
        """Drop kept bytes before `offset`: no backing up past a record that was read whole."""
        drop = min(offset, self._next) - self._kept_from
        if drop > 0:
            del self._kept[:drop]
            self._kept_from += drop

    def rewind(self, offset: int) -> None:
        """Hand out bytes from `offset` again (it must still be kept)."""
        self._next = max(offset, self._kept_from)

    def find(self, needles: tuple[bytes, ...], start: int) -> int:
        """The stream offset of the first needle at or after `start`, reading on as needed; -1 when none is left."""
        scanned = max(start, self._kept_from)
        while True:
            at = scanned - self._kept_from
            hits = [i for n in needles if (i := self._kept.find(n, at)) >= 0]
            if hits:
                return min(hits) + self._kept_from
            if self.eof or scanned - start > _MAX_RESYNC_BYTES:
                return -1
            scanned = max(scanned, self._kept_from + len(self._kept) - 16)
            self._next = self._kept_from + len(self._kept)
            self.read(1 << 20)

    def whole_member(self, offset: int, limit: int = _MAX_RESYNC_BYTES, *, one_record: bool = False) -> bool:
        """Whether a complete gzip member of WARC data starts at `offset` and ends within `limit` bytes.

        With `one_record`, also whether it holds a single record (no second WARC header after a record's end).
        """
        inflater = zlib.decompressobj(31)
        self.rewind(offset)
        head, tail = b"", b""
        try:
            while not inflater.eof:
                chunk = self.read(1 << 16) if self._next - offset < limit else b""
                if not chunk:
                    return False
                out = inflater.decompress(chunk)
                head = head or out[:5]
                # Only the seam between two outputs is kept: a member of 1 GB is read, never held.
                if one_record and _NEXT_RECORD in tail + out:
                    return False
                tail = (tail + out)[-len(_NEXT_RECORD) :]
        except zlib.error:
            return False
        return head.startswith(b"WARC/")


def _open_tape(raw: BinaryIO) -> tuple[_Tape, bool]:
    """A tape over the uncompressed or record-gzipped WARC, and whether it is record-gzipped.

    Common Crawl writes one gzip member per record, so a record's offset in the compressed file is where a reader
    can seek to. A file gzipped whole (`gzip x.warc`) is one member: it is decompressed as a stream, and offsets
    are then positions in the uncompressed WARC.
    """
    tape = _Tape(raw)
    start = tape.read(3)
    if start != _GZIP_MAGIC:
        tape.rewind(0)
        return tape, False
    per_record = tape.whole_member(0, limit=_FIRST_MEMBER_BYTES, one_record=True)
    tape.rewind(0)
    if per_record:
        return tape, True
    tape.keeping = False
    return _Tape(cast(BinaryIO, _Gunzip(cast(BinaryIO, tape)))), False


class _Gunzip:
    """A file gzipped whole, decompressed; a stream that ends inside it (a cut-off file) ends, with `cut` set."""

    def __init__(self, raw: BinaryIO) -> None:
        self._file = gzip.GzipFile(fileobj=raw)
        self.cut = False

    def read(self, size: int = -1) -> bytes:
        """Decompressed bytes; b"" at the end of the data or where the compressed stream was cut off."""
        try:
            # read1: one decompression step; read() gathers steps and loses what it had when the last one fails.
            return self._file.read1(size if size > 0 else 1 << 16)
        except EOFError:
            self.cut = True
            return b""


def read_warc(raw: BinaryIO, wanted: Callable[[str], bool] = lambda uri: True) -> Iterator[WarcEntry]:
    """Every record of a WARC stream as a WarcEntry; bodies are read only for HTML pages `wanted(uri)` keeps.

    A corrupt member becomes one `corrupt` entry and reading goes on at the next whole record. A file cut off
    inside a record gives a `corrupt` entry for that record, wherever the cut is (see warc_end.py).
    """
    tape, gzipped = _open_tape(raw)
    # The last record read is given out once the next one is found or the end of the file is checked: FastWARC
    # hands out the record a cut ends as far as it got (its headers, a body shorter than its length), or stops
    # without a word when the cut is in a gzip member's first bytes.
    held: WarcEntry | None = None
    while True:
        last = tape.tell()
        try:
            # Each record is read (or skipped) before the next is asked for: FastWARC reads on lazily.
            stream = GzipReader(tape) if gzipped else tape  # type: ignore[arg-type]
            for record in ArchiveIterator(stream, parse_http=True, stream_detect=False):  # type: ignore[arg-type]
                offset = record.stream_pos
                tape.forget_before(offset)
                last = offset
                entry = _entry(record, offset, wanted)
                if held is not None:
                    yield held
                held = entry
            _raise_stream_error(tape)
            cut = cut_off(tape, last, gzipped)
            _raise_stream_error(tape)
            if cut is None and isinstance(tape.raw, _Gunzip) and tape.raw.cut:
                # The records decompressed are whole, the gzip stream around them is not: its end is lost.
                cut = (last, f"WARC record at offset {last} is cut off by the end of the file")
            if held is not None and cut is not None and cut[0] == held.offset:
                held = WarcEntry("corrupt", held.offset, held.size, held.uri, held.date, message=cut[1])
                cut = None
            if held is not None:
                yield held
            if cut is not None:
                yield WarcEntry("corrupt", cut[0], 0, message=cut[1])
            return
        except (OSError, EOFError, zlib.error) as exc:
            _raise_stream_error(tape)
            if held is not None:
                yield held
            held = None
            resume = _resync(tape, last + 1, gzipped)
            # Nothing whole after the damage: when it is the end of the file cutting a record, that is what is said.
            ending = cut_off(tape, last, gzipped) if resume < 0 else None
            _raise_stream_error(tape)
            if ending is not None and " is cut off " in ending[1]:
                yield WarcEntry("corrupt", ending[0], 0, message=ending[1])
                return
            yield WarcEntry("corrupt", last, 0, message=f"corrupt WARC data after offset {last}: {exc}")
            if resume < 0:
                return
            tape.forget_before(resume)
            tape.rewind(resume)


def _raise_stream_error(tape: _Tape) -> None:
    if tape.error is not None:
        raise FetchError(f"reading stopped at byte {tape.tell()}: {type(tape.error).__name__}: {tape.error}")


def _resync(tape: _Tape, start: int, gzipped: bool) -> int:
    """The offset of the next whole record at or after `start`, or -1 when the file has none left."""
    if not gzipped:
        return tape.find(_WARC_MAGIC, start)
    while (candidate := tape.find((_GZIP_MAGIC,), start)) >= 0:
        if tape.whole_member(candidate):
            return candidate
        start = candidate + 1
    return -1


def _entry(record: WarcRecord, offset: int, wanted: Callable[[str], bool]) -> WarcEntry:
    """One FastWARC record to a WarcEntry, reading its body only when it is a wanted HTML page (response, resource)."""
    kind = record.record_type
    uri = record.headers.get("WARC-Target-URI") or ""
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1].strip()  # WARC 1.0's grammar puts the URI in angle brackets, and wget writes it so
    size = record.content_length
    date = _warc_date(record)
    if kind == WarcRecordType.request:
        return WarcEntry("request", offset, size, uri, date)
    if kind == WarcRecordType.revisit:
        return WarcEntry("revisit", offset, size, uri, date)
    if kind == WarcRecordType.resource and uri:
        # A page kept as itself, with no HTTP exchange (`export --format warc` writes saved files so, as browser
        # archivers and wget's --warc-file do for some pages): a page as a 200 response is, its WARC Content-Type
        # saying what it holds.
        content_type = record.headers.get("Content-Type") or ""
        headers = {"Content-Type": content_type} if content_type else {}
        if record.headers.get("WARC-Truncated"):
            return WarcEntry("truncated", offset, size, uri, date, 200, headers)
        return _page_entry(record, offset, uri, date, 200, headers, content_type.split(";")[0].strip(), wanted)
    if kind != WarcRecordType.response or not record.is_http:
        return WarcEntry("other_record", offset, size, uri, date)
    status = record.http_headers.status_code or 0
    headers = dict(record.http_headers.items())
    if record.headers.get("WARC-Truncated"):
        return WarcEntry("truncated", offset, size, uri, date, status, headers)
    if 300 <= status < 400:
        return WarcEntry("redirect", offset, size, uri, date, status, headers)
    if status != 200:
        return WarcEntry("http_error", offset, size, uri, date, status, headers)
    return _page_entry(record, offset, uri, date, status, headers, record.http_content_type or "", wanted)


def starts_as_html(content: bytes) -> bool:
    """Whether a body starts as an HTML page does, whatever its headers say (sniffed as browsers do)."""
    return content[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def _page_entry(
    record: WarcRecord,
    offset: int,
    uri: str,
    date: datetime | None,
    status: int,
    headers: dict[str, str],
    mime: str,
    wanted: Callable[[str], bool],
) -> WarcEntry:
    """A record holding a page (a 200 response, a resource): HTML or not, and its body when it is wanted."""
    size = record.content_length
    mime = mime.lower()
    content = None
    if not mime:
        # No Content-Type at all: sniff the start of the body, as browsers do.
        content = record.reader.read()
        if not starts_as_html(content):
            return WarcEntry("non_html", offset, size, uri, date, status, headers)
    elif mime not in _HTML_TYPES:
        return WarcEntry("non_html", offset, size, uri, date, status, headers)
    if not wanted(uri):
        return WarcEntry("html", offset, size, uri, date, status, headers)
    if content is None:
        content = record.reader.read()
    if len(content) < size:
        # FastWARC hands out a record cut off by the end of the file as is: it is a damaged record, not a page.
        message = f"WARC record at offset {offset} is cut off ({len(content)} of {size} bytes)"
        return WarcEntry("corrupt", offset, size, uri, date, status, headers, message=message)
    return WarcEntry("html", offset, size, uri, date, status, headers, content)


def _warc_date(record: WarcRecord) -> datetime | None:
    try:
        found = record.record_date
    except (ValueError, OSError):
        return None
    if found is None:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=timezone.utc)
