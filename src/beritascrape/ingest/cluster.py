"""Ingest on a Dask cluster: one task per WARC file writes a Parquet shard; this process merges the shards.

`local` or `local:N` starts a LocalCluster of N single-threaded worker processes here; anything else is the
address of a running `dask.distributed` scheduler (tcp://host:8786). dask[distributed] comes with the `cluster`
extra. A task that fails is retried by Dask; a WARC file whose shard exists is not sent again (unless the shard
says the file could not be read whole).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from beritascrape.errors import BeritaError, InputError, MissingExtra
from beritascrape.ingest.records import Templates
from beritascrape.ingest.select import Selection
from beritascrape.ingest.shards import HINT, filesystem, read_shard, shard_damaged, shard_name, write_shard
from beritascrape.ingest.writer import FileDone, Writer

if TYPE_CHECKING:
    from beritascrape.ingest.run import IngestReport, Reporter

# Times Dask runs a failed task again before its WARC file counts as failed.
RETRIES = 2
# Where a LocalCluster's scheduler serves HTTP (metrics; the dashboard when bokeh is installed): any free port here.
LOCAL_HTTP = "127.0.0.1:0"


def parse_address(address: str) -> tuple[str | None, int]:
    """`local[:N]` as (None, N workers; N defaults to the cores here), or (scheduler address, 0)."""
    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2] or str(os.cpu_count() or 1)
        if not count.isdigit() or int(count) < 1:
            raise InputError(f"--dask {address}: give local or local:N with N a number of workers")
        return None, int(count)
    return address, 0


def check_dask(address: str) -> None:
    """Refuse, before a run starts, a --dask address that is malformed or a cluster extra that is missing."""
    parse_address(address)
    _distributed()


def _distributed() -> Any:
    """The dask.distributed module, or the one-line hint naming it (it is what --dask needs first)."""
    try:
        import distributed
    except ImportError:
        raise MissingExtra(f"--dask needs dask.distributed: {HINT}") from None
    return distributed


@contextlib.contextmanager
def dask_client(address: str, *, processes: bool = True) -> Iterator[Any]:
    """A distributed Client on the scheduler at `address`, or on a LocalCluster started here for `local[:N]`."""
    distributed = _distributed()
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    # Dask logs every worker start and stop at INFO: our progress and summary say what matters.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    scheduler, workers = parse_address(address)
    if scheduler is None:
        # The scheduler serves HTTP whatever the dashboard setting: on a free port of this host only, so that another
        # cluster on the default 8787 is no warning (a test error) and nothing listens on other interfaces.
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=LOCAL_HTTP
        )
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        yield client


def run_on_dask(
    address: str,
    locations: list[str],
    shards: str,
    selection: Selection,
    templates: Templates,
    writer: Writer,
    report: IngestReport,
    reporter: Reporter,
) -> None:
    """Send one task per WARC file without a whole shard, then merge every shard in input order."""
    # Said first: without dask.distributed the shard folder's needs (fsspec, which dask brings) are beside the point.
    _distributed()
    fs, root = filesystem(shards)
    paths = {loc: f"{root.rstrip('/')}/{shard_name(loc)}" for loc in locations}
    with dask_client(address) as client:
        futures = {
            loc: client.submit(
                write_shard, loc, shards, selection, templates, retries=RETRIES, key=f"ingest-{shard_name(loc)}"
            )
            for loc in locations
            if not fs.exists(paths[loc]) or shard_damaged(shards, paths[loc])
        }
        for location in locations:
            future = futures.get(location)
            reporter.progress.start_file(location, None)
            if future is not None:
                try:
                    future.result()
                except BeritaError as exc:
                    _failed(location, str(exc), report, reporter)
                    continue
                except Exception as exc:  # whatever the task raised, after Dask's retries
                    _failed(location, f"{type(exc).__name__}: {exc}", report, reporter)
                    continue
            merge_shard(shards, paths[location], writer, report, reporter)


def merge_shard(shards: str, path: str, writer: Writer, report: IngestReport, reporter: Reporter) -> None:
    """Write one shard's pages through the writer and record its WARC file as ingested."""
    location, tally, batches = read_shard(shards, path)
    pages = 0
    for parts in batches:
        writer.add(parts)
        pages += len(parts)
    for line in tally.errors:
        reporter.error(line)
    report.tally.add(tally)
    reporter.progress.advance(tally.records, tally.bytes)
    if tally.damaged:
        # The WARC file could not be read whole when the shard was written: its pages are in, the file is not done.
        report.files_failed.append(location)
        return
    writer.file_done(FileDone(location, tally.records, tally.bytes, pages))
    report.files_done.append(location)


def _failed(location: str, message: str, report: IngestReport, reporter: Reporter) -> None:
    reporter.error(f"{location}: {message}")
    report.files_failed.append(location)
    report.tally.error(location, f"{location}: {message}")
