"""How fast `ingest` reads a WARC file, beside `parse` of the same pages, in the same run.

A WARC of N pages (default 2,000) is generated from the site-family fixture pages (every family with a one-page
golden fixture, round robin, each copy under its own URL so that every page is a new article) plus 10% non-HTML
responses, one gzip member per record as Common Crawl writes them. Then, best of --rounds:

- `parse`: the same pages as saved files through the `parse` path (pipeline.scrape, no archive);
- `ingest --jobs 1`, `--jobs 2`: the WARC into a fresh archive (one file: this process reads, two workers parse);
  `--jobs 2` again on the same records split over --parts files (each worker reads whole files);
- `ingest --dask local:2`: a LocalCluster of 2 worker processes started by the run (its start-up is counted, and
  also measured alone), shards in a temporary folder, merged into a fresh archive; once on the one WARC file and
  once on the same records split over --parts files, since Dask spreads the work one task per file.

Also `--jobs 1` with nothing chosen (every record skipped on its URI), the rate at which a filter reads past the
pages it leaves out: in CC-NEWS, most of each file.

Targets (issue 9): jobs 1 >= 0.8x parse; jobs 2 >= 1.6x jobs 1 on a 2-core machine.

    python benchmarks/ingest_speed.py [--pages 2000] [--rounds 3] [--no-dask]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from beritascrape import console
from beritascrape.archive.store import Archive
from beritascrape.fetch.http import Fetcher
from beritascrape.ingest.run import Reporter, ingest
from beritascrape.ingest.select import Selection
from beritascrape.scrape.pipeline import scrape

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
# Pages of the generic path, of other tests and a deliberately drifted layout: not family article pages.
SKIP_DIRS = {"generic", "ingest", "misc", "discover", "drift"}


def family_pages() -> list[tuple[str, bytes]]:
    """(URL, HTML) of every family fixture that is a one-page article."""
    found = []
    for path in sorted(FIXTURES.glob("*/*.json")):
        if path.parent.name in SKIP_DIRS:
            continue
        expected = json.loads(path.read_text("utf-8"))
        if expected["page_count"] == 1 and expected["kind"] == "article":
            found.append((expected["url"], path.with_suffix(".html").read_bytes()))
    return found


def build(folder: Path, pages: int, parts: int) -> tuple[list[Path], list[Path], list[tuple[Path, str]]]:
    """The WARC file, the same records split over `parts` files, and each page as a saved file with its URL."""
    sources = family_pages()
    (folder / "pages").mkdir()
    files = []
    whole = [folder / "bench.warc.gz"]
    split = [folder / f"part-{n}.warc.gz" for n in range(parts)]
    outs = [path.open("wb") for path in whole + split]
    writers = [WARCWriter(out, gzip=True) for out in outs]
    for i in range(pages):
        url, html = sources[i % len(sources)]
        unique = url.rstrip("/") + f"-b{i}"
        body = html.replace(url.encode(), unique.encode())
        saved = folder / "pages" / f"{i}.html"
        saved.write_bytes(body)
        files.append((saved, unique))
        for writer in (writers[0], writers[1 + i * parts // pages]):
            _write(writer, unique, body, "text/html; charset=utf-8")
            if i % 9 == 8:  # one non-HTML response per nine pages: 10% of the records
                _write(writer, unique + ".jpg", b"\xff\xd8\xff\xe0" + bytes(2000), "image/jpeg")
    for out in outs:
        out.close()
    return whole, split, files


def _write(writer: WARCWriter, url: str, body: bytes, content_type: str) -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http)
    writer.write_record(record)


def time_parse(files: list[tuple[Path, str]]) -> tuple[float, int]:
    """Seconds to run `parse` over every saved page (its JSON printed, to /dev/null), and how many were articles."""
    ok = 0
    with open(os.devnull, "w", encoding="utf-8") as null, Fetcher() as fetcher:
        saved, console.out.file = console.out.file, null
        start = time.perf_counter()
        try:
            for path, url in files:
                for outcome in scrape([str(path)], fetcher, None, url=url):
                    if outcome.article is not None:
                        # What `beritascrape parse` does with each article.
                        console.out.print(json.dumps(outcome.article.to_dict(), ensure_ascii=False), markup=False)
                        ok += 1
        finally:
            console.out.file = saved
        return time.perf_counter() - start, ok


def time_ingest(warcs: list[Path], folder: Path, **how: object) -> tuple[float, int, int]:
    """Seconds to ingest the WARC into a fresh archive, the records read and the articles archived."""
    db = folder / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(folder / "shards", ignore_errors=True)
    reporter = Reporter(lambda line: print(line, file=sys.stderr), lambda line: None)
    start = time.perf_counter()
    with Archive(db) as archive:
        selection = Selection(domains=("nothing.invalid",)) if how.pop("skip", False) else Selection()
        report = ingest([str(w) for w in warcs], archive, selection, reporter, shards=str(folder / "shards"), **how)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    articles = sum(c["new"] for c in report.tally.sites.values())
    return seconds, report.tally.records, articles


def time_cluster_start() -> float:
    """Seconds to start and stop a LocalCluster of 2 worker processes with nothing to do (best of 2)."""
    from beritascrape.ingest.cluster import dask_client

    times = []
    for _ in range(2):
        start = time.perf_counter()
        with dask_client("local:2") as client:
            client.wait_for_workers(2)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Build the WARC, time every mode, print the figures and the targets."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--parts", type=int, default=4, help="files the split copy has (Dask works per file)")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        whole, split, files = build(folder, args.pages, args.parts)
        print(f"{args.pages} pages, {whole[0].stat().st_size:,} bytes of WARC, {os.cpu_count()} cores")
        modes: dict[str, tuple[list[Path], dict[str, object]]] = {
            "jobs 1": (whole, {"jobs": 1}),
            "jobs 2": (whole, {"jobs": 2}),
            f"jobs 2, {args.parts} files": (split, {"jobs": 2}),
            # Every record skipped by its URI (--domain of no page here): the cost of what a filter leaves out.
            "jobs 1, none chosen": (whole, {"jobs": 1, "skip": True}),
        }
        if not args.no_dask:
            modes["dask local:2"] = (whole, {"dask": "local:2"})
            modes[f"dask local:2, {args.parts} files"] = (split, {"dask": "local:2"})
        best: dict[str, tuple[float, int, int]] = {}
        for _ in range(args.rounds):
            seconds, ok = time_parse(files)
            if "parse" not in best or seconds < best["parse"][0]:
                best["parse"] = (seconds, len(files), ok)
            for name, (warcs, how) in modes.items():
                result = time_ingest(warcs, folder, **dict(how))
                if name not in best or result[0] < best[name][0]:
                    best[name] = result
        for name, (seconds, records, articles) in best.items():
            rates = f"{records / seconds:7.0f} records/s  {articles / seconds:7.0f} articles/s"
            print(f"{name:>22}: {seconds:6.2f} s  {rates}")
        skip_seconds = best["jobs 1, none chosen"][0]
        size = whole[0].stat().st_size
        print(f"reading and skipping: {size / skip_seconds / 1e6:.1f} MB/s of WARC.gz per core")
        parse_rate = best["parse"][2] / best["parse"][0]
        one = best["jobs 1"][2] / best["jobs 1"][0]
        two = best["jobs 2"][2] / best["jobs 2"][0]
        print(f"jobs 1 / parse (articles/s): {one / parse_rate:.2f}x (target >= 0.8x)")
        print(f"jobs 2 / jobs 1: {two / one:.2f}x (target >= 1.6x)")
        split_two = best[f"jobs 2, {args.parts} files"]
        print(f"jobs 2 on {args.parts} files / jobs 1: {split_two[2] / split_two[0] / one:.2f}x")
        startup = time_cluster_start() if not args.no_dask else 0.0
        for name in [n for n in best if n.startswith("dask")]:
            seconds, _, articles = best[name]
            rate, net = articles / seconds, articles / max(seconds - startup, 1e-9)
            print(f"{name} / jobs 1: {rate / one:.2f}x; without the {startup:.1f} s cluster start: {net / one:.2f}x")
        print(f"load average while measuring: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
