"""Web archives (WARC) -> extract -> archive, on all cores or on a Dask cluster.

`warc` reads records (FastWARC), `sources` opens files, URLs and paths listings, `select` chooses records,
`records` turns one into a page (the work a worker does), `writer` archives pages and stitches split articles,
`run` drives an ingest here or in processes, `cluster` and `shards` on Dask.
"""

from beritascrape.ingest.records import Tally
from beritascrape.ingest.run import IngestReport, Reporter, ingest
from beritascrape.ingest.select import Selection
from beritascrape.ingest.sources import DEFAULT_BASE, expand_sources

__all__ = ["DEFAULT_BASE", "IngestReport", "Reporter", "Selection", "Tally", "expand_sources", "ingest"]
