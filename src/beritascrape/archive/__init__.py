"""The archive's newer parts: learnt template text, the reads `reparse` needs, Indonesian stems for search,
filters, history, statistics, the Parquet and WARC exports, and merging archives (merge.py).

store.py (opening, upserts, FTS search) and schema.py (tables and migrations) are its core; this package and
crawl/frontier.py (the crawl queue's queries) are the only places with SQL; queue.py batches a run's writes.
"""
