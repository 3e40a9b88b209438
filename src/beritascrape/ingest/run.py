"""Driving an ingest: WARC files in, one writer out, on this process, on N processes or on a Dask cluster.

With `jobs` > 1 and at least as many WARC files, each worker process reads whole files (pool.py). With fewer files,
this process reads and skips what is not chosen (cheap: no parse), worker processes parse batches of the chosen
records, and this process writes their results in input order. Either way the archive is the one `--jobs 1`
writes. With Dask, each WARC file is one task that reads, extracts and writes a shard; this process merges the
shards in input order.
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from beritascrape.archive.store import Archive
from beritascrape.errors import BeritaError, IngestError
from beritascrape.ingest.pool import BATCH, WORKER_DIED, run_per_file, worker_context
from beritascrape.ingest.records import PagePart, Tally, Templates, count_entry, extract_batch, templates_for
from beritascrape.ingest.select import Selection
from beritascrape.ingest.sources import local_size, open_stream
from beritascrape.ingest.warc import WarcEntry, read_warc
from beritascrape.ingest.writer import FileDone, Writer
from beritascrape.scrape.drift import DriftTally
from beritascrape.workers import IN_FLIGHT  # batches in flight per job, as for scrape's workers


class Progress(Protocol):
    """What the CLI's progress display is told: a file started (its size when known), records and bytes read."""

    def start_file(self, name: str, size: int | None) -> None: ...

    def advance(self, records: int, position: int) -> None: ...


class _NoProgress:
    def start_file(self, name: str, size: int | None) -> None:
        pass

    def advance(self, records: int, position: int) -> None:
        pass


@dataclass
class IngestReport:
    """What an ingest did: counts, and the WARC files done, skipped (done before) and failed."""

    tally: Tally = field(default_factory=Tally)
    files_done: list[str] = field(default_factory=list)
    files_skipped: list[str] = field(default_factory=list)
    files_failed: list[str] = field(default_factory=list)
    # Articles a drifted profile could not read (the generic path did), per family and host.
    drift: DriftTally = field(default_factory=DriftTally)

    @property
    def failed(self) -> bool:
        """True when a file failed or a record was corrupt or failed to parse."""
        return bool(self.files_failed or self.tally.errors)


@dataclass
class Reporter:
    """Where an ingest's lines for people go: errors (one line each) and warnings."""

    error: Callable[[str], None]
    warn: Callable[[str], None]
    progress: Progress = field(default_factory=_NoProgress)


def ingest(
    locations: list[str],
    archive: Archive,
    selection: Selection,
    reporter: Reporter,
    *,
    run_id: int | None = None,
    jobs: int = 1,
    dask: str | None = None,
    shards: str | None = None,
    redo: bool = False,
    report: IngestReport | None = None,
) -> IngestReport:
    """Ingest WARC files into the archive; files recorded as ingested before are skipped unless `redo`.

    The counts go into `report` (a new one by default) as the work goes, so a caller interrupted mid-run can still
    say which files failed.
    """
    report = report if report is not None else IngestReport()
    done_before = {} if redo else archive.ingested_warcs(selection.signature)
    todo: list[str] = []
    for location in locations:
        (report.files_skipped if _ingested(location, done_before) else todo).append(location)
    writer = Writer(archive, run_id, report.tally, reporter.warn, report.drift, selection=selection.signature)
    # One snapshot of the learnt template text for the whole run, so that what a page becomes does not depend on
    # which worker parsed it before which save: --jobs 2 and --dask give the archive --jobs 1 gives.
    templates = archive.template_snapshot()
    try:
        if dask is not None:
            from beritascrape.ingest.cluster import run_on_dask

            run_on_dask(dask, todo, shards or "shards", selection, templates, writer, report, reporter)
        elif jobs > 1 and len(todo) >= jobs:
            run_per_file(todo, selection, templates, writer, report, reporter, jobs)
        else:
            _run_here(todo, selection, templates, writer, report, reporter, jobs)
    finally:
        writer.close()
    return report


def _ingested(location: str, done_before: dict[str, int]) -> bool:
    """Whether a WARC file was ingested before: by its name, and for a local file by its size too.

    A local file replaced by another of a different size under the same name (a copy finished, a crawl went on)
    is read again; a URL is taken to name the same bytes (Common Crawl's files never change).
    """
    if location not in done_before:
        return False
    size = local_size(location)
    return size is None or size == done_before[location]


class _Inline:
    """An executor that runs each task at once in this process (one job: no pickling, no worker)."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass


def _run_here(
    locations: list[str],
    selection: Selection,
    templates: Templates,
    writer: Writer,
    report: IngestReport,
    reporter: Reporter,
    jobs: int,
) -> None:
    """Read files here; parse in this process (jobs=1) or in a pool; write results in input order."""
    executor: _Inline | concurrent.futures.ProcessPoolExecutor = _Inline()
    if jobs > 1:
        executor = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=worker_context())
    # Results in flight, oldest first; a FileDone is written once every batch read before it is.
    window: deque[concurrent.futures.Future[tuple[list[PagePart], Tally]] | FileDone] = deque()
    pages: dict[str, int] = {}

    def drain(limit: int) -> None:
        while len(window) > limit:
            item = window.popleft()
            if isinstance(item, FileDone):
                writer.file_done(FileDone(item.name, item.records, item.size, pages.pop(item.name, 0)))
                report.files_done.append(item.name)
                continue
            try:
                parts, tally = item.result()
            except concurrent.futures.process.BrokenProcessPool:
                raise IngestError(WORKER_DIED) from None
            for line in tally.errors:
                reporter.error(line)
            report.tally.add(tally)
            for part in parts:
                pages[part.warc_file] = pages.get(part.warc_file, 0) + 1
            writer.add(parts)

    try:
        for location in locations:
            file_tally = Tally()
            try:
                with open_stream(location) as (stream, size):
                    reporter.progress.start_file(location, size)
                    batch: list[WarcEntry] = []
                    for entry in read_warc(stream, selection.wanted_uri):
                        reporter.progress.advance(1, entry.offset)
                        file_tally.bytes = entry.offset
                        if count_entry(entry, file_tally, location):
                            batch.append(entry)
                        elif entry.kind == "corrupt":
                            reporter.error(file_tally.errors[-1])
                        if len(batch) >= BATCH:
                            window.append(
                                executor.submit(
                                    extract_batch, batch, location, selection, templates_for(batch, templates)
                                )
                            )
                            batch = []
                            drain(IN_FLIGHT * jobs)
                    if batch:
                        window.append(
                            executor.submit(extract_batch, batch, location, selection, templates_for(batch, templates))
                        )
                    file_tally.bytes = size or file_tally.bytes
            except BeritaError as exc:
                reporter.error(f"{location}: {exc}")
                report.files_failed.append(location)
                file_tally.error(location, f"{location}: {exc}")  # --json's errors and `failures` name it too
                report.tally.add(file_tally)
                continue
            report.tally.add(file_tally)
            if file_tally.damaged:
                # Its pages read before and after the damage are still archived; the file is not recorded as done.
                report.files_failed.append(location)
            else:
                window.append(FileDone(location, file_tally.records, file_tally.bytes, 0))
            drain(IN_FLIGHT * jobs)
        drain(0)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def merge_shards(shards: str, archive: Archive, reporter: Reporter, *, run_id: int | None = None) -> IngestReport:
    """Merge a folder of shards (from `ingest --dask`) into the archive; shards merged before add nothing."""
    from beritascrape.ingest.cluster import merge_shard
    from beritascrape.ingest.shards import shard_location, shard_paths

    report = IngestReport()
    done_before = archive.ingested_warcs()
    writer = Writer(archive, run_id, report.tally, reporter.warn, report.drift)
    try:
        for path in shard_paths(shards):
            location = shard_location(shards, path)
            if location in done_before:
                report.files_skipped.append(location)
                continue
            reporter.progress.start_file(location, None)
            merge_shard(shards, path, writer, report, reporter)
    finally:
        writer.close()
    return report


def record_failures(archive: Archive, run_id: int | None, report: IngestReport) -> int:
    """Write the run's failed records and files to `failures` (as scrape's failed inputs are); how many failed."""
    for where, line in report.tally.failed:
        archive.record_failure(run_id, where, line)
    return len({where for where, _ in report.tally.failed} | set(report.files_failed))
