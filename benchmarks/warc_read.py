"""FastWARC or warcio: which reads WARC files faster, on the records `ingest` reads (the measure behind the choice).

A WARC of N responses (the PRMN fixture page) and N requests is written with warcio, once gzipped per record as
Common Crawl writes it and once plain; each library then reads every record and the body of every response, best
of --rounds.

    python benchmarks/warc_read.py [--pages 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from fastwarc.warc import ArchiveIterator as FastIterator
from fastwarc.warc import WarcRecordType
from warcio.archiveiterator import ArchiveIterator as WarcioIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "prmn" / "single.html"


def build(path: Path, pages: int, *, gzip: bool) -> None:
    """N responses of the fixture page, each followed by its request record."""
    html = PAGE.read_bytes()
    request = b"GET / HTTP/1.1\r\nHost: www.pikiran-rakyat.com\r\n\r\n"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for i in range(pages):
            url = f"https://www.pikiran-rakyat.com/nasional/pr-01{i:05d}/judul"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(html), length=len(html), http_headers=http
                )
            )
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(request), length=len(request))
            )


def read_fastwarc(path: Path) -> int:
    """Bytes of every response body, read with FastWARC."""
    total = 0
    with path.open("rb") as stream:
        for record in FastIterator(stream, record_types=WarcRecordType.response, parse_http=True):
            total += len(record.reader.read())
    return total


def read_warcio(path: Path) -> int:
    """Bytes of every response body, read with warcio."""
    total = 0
    with path.open("rb") as stream:
        for record in WarcioIterator(stream):
            if record.rec_type == "response":
                total += len(record.content_stream().read())
    return total


def main() -> None:
    """Write both files, time both readers on each, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name, gzip in (("per-record gzip", True), ("plain", False)):
            path = Path(folder) / ("bench.warc.gz" if gzip else "bench.warc")
            build(path, args.pages, gzip=gzip)
            best = {}
            for reader in (read_fastwarc, read_warcio):
                times = []
                for _ in range(args.rounds):
                    start = time.perf_counter()
                    body_bytes = reader(path)
                    times.append(time.perf_counter() - start)
                best[reader.__name__] = min(times)
            fast, slow = best["read_fastwarc"], best["read_warcio"]
            print(
                f"{name:>15} ({path.stat().st_size / 1e6:.1f} MB, {body_bytes / 1e6:.1f} MB of bodies): "
                f"fastwarc {fast * 1000:.0f} ms, warcio {slow * 1000:.0f} ms, {slow / fast:.1f}x"
            )


if __name__ == "__main__":
    main()
