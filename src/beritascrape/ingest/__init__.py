"""Web archives (WARC) -> extract -> archive, on all cores or on a Dask cluster.

`warc` reads records (FastWARC), `sources` opens files, URLs and paths listings, `select` chooses records,
`records` turns one into a page (the work a worker does), `writer` archives pages and stitches split articles,
`run` drives an ingest here or in processes (`pool`), `cluster` and `shards` on Dask. This module imports
nothing, so that the command line's help does not load the extractor.
"""

# Common Crawl's public data host: the paths in its warc.paths.gz listings are relative to it.
DEFAULT_BASE = "https://data.commoncrawl.org/"
