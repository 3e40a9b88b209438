"""`--jobs N` over several WARC files: each worker process reads, filters and extracts whole files.

Reading past unchosen records is most of the work on CC-NEWS, so with as many files as jobs the files themselves
are spread: a worker spools the pages of its file to a temporary file, and the one writer archives the spools in
input order (the archive is the one `--jobs 1` writes). With fewer files than jobs, run.py splits the records of
one file instead.
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import multiprocessing.context
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from beritascrape import workers
from beritascrape.errors import BeritaError, IngestError
from beritascrape.ingest.records import PagePart, Tally, Templates, count_entry, extract_batch
from beritascrape.ingest.select import Selection
from beritascrape.ingest.sources import open_stream
from beritascrape.ingest.warc import WarcEntry, read_warc
from beritascrape.ingest.writer import FileDone, Writer

if TYPE_CHECKING:
    from beritascrape.ingest.run import IngestReport, Reporter

# Chosen records parsed at a time (one task in run.py's record mode, one spool frame here).
BATCH = 32
WORKER_DIED = (
    "a worker process stopped unexpectedly (out of memory?); the WARC files read to the end are recorded, run the "
    "same command again to go on"
)


def worker_context() -> multiprocessing.context.BaseContext:
    """The process context of ingest's workers (workers.worker_context, the extractor imported once)."""
    return workers.worker_context(["beritascrape.ingest.records"])


def file_parts(location: str, selection: Selection, templates: Templates, tally: Tally) -> Iterator[list[PagePart]]:
    """Read, filter and extract one WARC file here, counting into `tally`; the pages to archive, a batch at a time."""
    with open_stream(location) as (stream, size):
        batch: list[WarcEntry] = []
        for entry in read_warc(stream, selection.wanted_uri):
            tally.bytes = entry.offset
            if count_entry(entry, tally, location):
                batch.append(entry)
            if len(batch) >= BATCH:
                yield _extract(batch, location, selection, templates, tally)
                batch = []
        if batch:
            yield _extract(batch, location, selection, templates, tally)
        tally.bytes = size or tally.bytes


def _extract(
    batch: list[WarcEntry], location: str, selection: Selection, templates: Templates, tally: Tally
) -> list[PagePart]:
    parts, counted = extract_batch(batch, location, selection, templates)
    tally.add(counted)
    return parts


def extract_file(
    location: str, selection: Selection, templates: Templates, spool_dir: str
) -> tuple[str | None, Tally, str | None]:
    """In a worker: one WARC file to a spool of page batches; (spool path, counts, error line or None)."""
    tally = Tally()
    with tempfile.NamedTemporaryFile("wb", dir=spool_dir, suffix=".spool", delete=False) as spool:
        try:
            for parts in file_parts(location, selection, templates, tally):
                if parts:
                    pickle.dump(parts, spool, protocol=pickle.HIGHEST_PROTOCOL)
        except BeritaError as exc:
            # Returned, not raised: a typed error's own arguments do not always survive pickling.
            return None, tally, f"{location}: {exc}"
    return spool.name, tally, None


def _spooled(path: str) -> Iterator[list[PagePart]]:
    """The page batches of a spool file, then the file is gone."""
    try:
        with open(path, "rb") as spool:
            while True:
                try:
                    yield pickle.load(spool)
                except EOFError:
                    return
    finally:
        Path(path).unlink(missing_ok=True)


def run_per_file(
    locations: list[str],
    selection: Selection,
    templates: Templates,
    writer: Writer,
    report: IngestReport,
    reporter: Reporter,
    jobs: int,
) -> None:
    """One task per WARC file on `jobs` processes; spools archived in input order as each one is ready."""
    with tempfile.TemporaryDirectory(prefix="beritascrape-ingest-") as spool_dir:
        executor = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=worker_context())
        try:
            futures = [executor.submit(extract_file, loc, selection, templates, spool_dir) for loc in locations]
            for location, future in zip(locations, futures, strict=True):
                reporter.progress.start_file(location, None)
                try:
                    path, tally, error = future.result()
                except concurrent.futures.process.BrokenProcessPool:
                    raise IngestError(WORKER_DIED) from None
                for line in [*tally.errors, *([error] if error else [])]:
                    reporter.error(line)
                if error:
                    tally.error(location, error)  # --json's errors and `failures` name the file's failure too
                report.tally.add(tally)
                reporter.progress.advance(tally.records, tally.bytes)
                if path is None:
                    report.files_failed.append(location)
                    continue
                pages = 0
                for parts in _spooled(path):
                    writer.add(parts)
                    pages += len(parts)
                if tally.damaged:
                    report.files_failed.append(location)
                    continue
                writer.file_done(FileDone(location, tally.records, tally.bytes, pages))
                report.files_done.append(location)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
