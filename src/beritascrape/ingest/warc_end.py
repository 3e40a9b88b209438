"""Whether a WARC file ends with a whole record: the check read_warc makes after the last record FastWARC gives.

FastWARC hands out the record a cut ends as far as it got (its headers, a body shorter than its length), and stops
without a word when the cut is in the first bytes of a gzip member, in the next member, or in a member's trailer.
So the rest of the file from the last record's offset is read again here, record by record (member by member).
"""

from __future__ import annotations

import zlib
from typing import Literal, Protocol

_GZIP_MAGIC = b"\x1f\x8b\x08"
# A WARC record's header block longer than this is no header (real ones are under 2 KB).
_MAX_HEADER_BYTES = 1 << 16


class Tape(Protocol):
    """The rewindable stream read_warc reads through (warc._Tape)."""

    def read(self, size: int = -1) -> bytes: ...

    def tell(self) -> int: ...

    def rewind(self, offset: int) -> None: ...

    def forget_before(self, offset: int) -> None: ...


# How a record read from the tape ends: whole, cut off by the end of the file, or damaged in another way.
_Ending = Literal["whole", "cut", "bad"]


def cut_off(tape: Tape, start: int, gzipped: bool) -> tuple[int, str] | None:
    """(offset, error line) of the first record from `start` (the last record FastWARC gave) to the end of the file
    that is not whole; None when the file ends with a whole record.

    Record-gzipped: every member must be whole (its trailer too) and hold its record's Content-Length, and only
    padding may follow the last one. Plain (or gzipped whole, decompressed): every record must hold its
    Content-Length and the CRLF CRLF after it.
    """
    tape.rewind(start)
    at = start
    while True:
        ending = _read_member(tape) if gzipped else _read_record(tape)
        if ending is None:
            return None  # the end of the file, after a whole record
        if ending == "cut":
            return at, f"WARC record at offset {at} is cut off by the end of the file"
        if ending == "bad":
            return at, f"corrupt WARC data at offset {at}: not a whole WARC record"
        at = tape.tell()
        tape.forget_before(at)


def _padding(tape: Tape, first: bytes) -> bool:
    """Whether `first` and the rest of the tape are only padding (line ends, spaces, NULs): no record."""
    chunk = first
    while chunk:
        if chunk.strip(b"\r\n\t \x00"):
            return False
        chunk = tape.read(1 << 16)
    return True


def _read_record(tape: Tape) -> _Ending | None:
    """Read one record of a plain WARC from the tape and say how it ends; None at the end of the file."""
    head = bytearray()
    while b"\r\n\r\n" not in head:
        chunk = tape.read(1 << 16)
        if not chunk:
            if _padding(tape, bytes(head)):
                return None
            return "cut" if b"WARC/1."[: len(head)] == bytes(head[:7]) or head.startswith(b"WARC/") else "bad"
        head += chunk
        if len(head) > _MAX_HEADER_BYTES and b"\r\n\r\n" not in head:
            return "bad"
    end = head.index(b"\r\n\r\n") + 4
    length = _content_length(bytes(head[:end]))
    if length is None:
        return None if _padding(tape, bytes(head)) else "bad"
    need = end + length + 4  # the block, then CRLF CRLF
    have = len(head)
    tail = bytes(head[-4:])
    while have < need:
        chunk = tape.read(min(1 << 20, need - have))
        if not chunk:
            return "cut"
        have += len(chunk)
        tail = (tail + chunk)[-4:]
    if have > need:
        tail = bytes(head[need - 4 : need])
        tape.rewind(tape.tell() - (have - need))  # what was read past this record is the next one's
    return "whole" if tail == b"\r\n\r\n" else "bad"


def _read_member(tape: Tape) -> _Ending | None:
    """Read one gzip member of a record-gzipped WARC from the tape and say how it ends; None at the end of the
    file."""
    first = tape.read(1 << 16)
    if not first:
        return None
    if not first.startswith(_GZIP_MAGIC[: len(first)]):
        return None if _padding(tape, first) else "bad"
    inflater = zlib.decompressobj(31)
    head = bytearray()  # the first bytes of the record, for its header
    produced = 0  # how many bytes the member holds, decompressed
    chunk = first
    try:
        while True:
            data = inflater.decompress(chunk)
            produced += len(data)
            if len(head) < _MAX_HEADER_BYTES:
                head += data[: _MAX_HEADER_BYTES - len(head)]
            if inflater.eof:
                break
            chunk = tape.read(1 << 16)
            if not chunk:
                return "cut"  # the file ends inside the member: its header, its data or its trailer
    except zlib.error:
        return "bad"
    tape.rewind(tape.tell() - len(inflater.unused_data))  # the bytes after the member are the next one's
    end = head.find(b"\r\n\r\n")
    length = _content_length(bytes(head[: end + 4])) if end >= 0 else None
    return "whole" if length is not None and produced >= end + 4 + length else "bad"


def _content_length(header: bytes) -> int | None:
    """The Content-Length of a WARC record's header block, or None when it is not one."""
    if not header.startswith(b"WARC/"):
        return None
    for line in header.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                return int(value.strip())
            except ValueError:
                return None
    return None
