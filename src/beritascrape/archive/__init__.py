"""The archive's newer parts: learnt template text, the reads `reparse` needs, Indonesian stems for search,
filters, history, statistics, the Parquet and WARC exports, and merging archives (merge.py).

store.py and schema.py stay at the package's top level for now (STYLE's move to this package is for later); they are,
with frontier.py and this package, the only places with SQL.
"""
