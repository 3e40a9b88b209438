"""A WARC file cut off anywhere inside a record (a copy that stopped, a download that broke) is one error line,
exit 1, and the file is not recorded as ingested; a file that ends between two records is whole."""

from __future__ import annotations

import gzip
import io
import sqlite3
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from beritascrape.cli import cli
from beritascrape.ingest.warc import read_warc
from warcs import Rec, page, write_warc

KINDS = ["other_record", "html", "request", "html"]


def records() -> list[Rec]:
    single, wordpress = page("prmn/single"), page("generic/wordpress")
    return [Rec("", kind="warcinfo"), single, Rec(single.url, kind="request"), wordpress]


def member_ends(data: bytes) -> list[int]:
    """Where each gzip member of a record-gzipped file ends."""
    ends, at = [], 0
    while at < len(data):
        inflater = zlib.decompressobj(31)
        inflater.decompress(data[at:])
        at = len(data) - len(inflater.unused_data)
        ends.append(at)
    return ends


def entries(data: bytes) -> list[tuple[str, int, str]]:
    return [(e.kind, e.offset, e.message) for e in read_warc(io.BytesIO(data))]


def cut_off(offset: int) -> tuple[str, int, str]:
    return ("corrupt", offset, f"WARC record at offset {offset} is cut off by the end of the file")


@pytest.mark.parametrize("member", [1, 2, 3])  # a page, a request record (its body is never read), the last page
def test_a_record_gzipped_file_cut_anywhere_in_a_member_says_which_record(tmp_path: Path, member: int) -> None:
    warc = tmp_path / "a.warc.gz"
    offsets = write_warc(warc, records())
    data = warc.read_bytes()
    start, end = offsets[member], member_ends(data)[member]
    before = [(kind, offset, "") for kind, offset in zip(KINDS[:member], offsets, strict=False)]
    # In the member's gzip header, at the start of its deflate data (FastWARC stopped there without a word), in the
    # middle of it, and in its 8-byte trailer (the record decompresses whole, but the file is cut).
    for cut in (start + 5, start + 20, (start + end) // 2, end - 6, end - 1):
        assert entries(data[:cut]) == [*before, cut_off(start)], cut


def test_a_record_gzipped_file_that_ends_between_members_is_whole(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    offsets = write_warc(warc, records())
    data = warc.read_bytes()
    for n, end in enumerate(member_ends(data), 1):
        assert entries(data[:end]) == [(k, o, "") for k, o in zip(KINDS[:n], offsets, strict=False)], end


def test_a_plain_warc_cut_anywhere_in_a_record_says_which_record(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc"
    offsets = write_warc(warc, records(), compress="none")
    data = warc.read_bytes()
    ends = [*offsets[1:], len(data)]
    for n in (1, 2, 3):
        start, end = offsets[n], ends[n]
        before = [(kind, offset, "") for kind, offset in zip(KINDS[:n], offsets, strict=False)]
        # In its WARC header, in its block, in the CRLF CRLF that ends it.
        for cut in (start + 3, start + 40, (start + end) // 2, end - 2):
            assert entries(data[:cut]) == [*before, cut_off(start)], cut
        assert entries(data[:end]) == [*before, (KINDS[n], start, "")]


def test_a_file_gzipped_whole_and_cut_says_which_record(tmp_path: Path) -> None:
    plain = tmp_path / "a.warc"
    offsets = write_warc(plain, records(), compress="none")
    data = plain.read_bytes()
    whole = gzip.compress(data)
    # Cut in the deflate data inside the last record, and in the gzip trailer (every record decompresses whole).
    inside = [(k, o, "") for k, o in zip(KINDS[:3], offsets, strict=False)]
    assert entries(whole[: len(whole) * 9 // 10]) == [*inside, cut_off(offsets[3])]
    assert entries(whole[:-4]) == [*inside, cut_off(offsets[3])]
    assert entries(whole) == [(k, o, "") for k, o in zip(KINDS, offsets, strict=False)]


def test_ingest_of_a_cut_file_is_one_error_line_and_the_file_is_not_recorded(tmp_path: Path) -> None:
    warc, db = tmp_path / "a.warc.gz", tmp_path / "berita.db"
    offsets = write_warc(warc, records())
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc.read_bytes()[: offsets[3] + 20])  # FastWARC read nothing of the last member and said nothing
    result = CliRunner().invoke(cli, ["ingest", str(cut), "--db", str(db), "--quiet", "--jobs", "1"])
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {cut}: WARC record at offset {offsets[3]} is cut off by the end of the file\n",
    )
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM warc_files").fetchall() == [(0,)]
        assert conn.execute("SELECT url FROM articles").fetchall() == [(records()[1].url,)]
        assert conn.execute("SELECT ok, failed, status FROM runs").fetchall() == [(1, 1, "partial")]
