"""Articles as a Parquet file (pyarrow, the `[parquet]` extra): typed columns for pandas, DuckDB, R and Spark."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from beritascrape.archive.records import EXPORT_KEYS, StoredArticle, export_row
from beritascrape.errors import MissingExtra

_LISTS = ("authors", "tags", "captions")
_TIMES = ("published_at", "updated_at", "first_seen_at")
_INTS = ("id", "word_count", "page_count", "pages_missing")
_BATCH = 500


def require() -> None:
    """Fail with the one-line install hint now, before any output file is made, when the extra is missing."""
    _pyarrow()


def _pyarrow() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or a one-line hint to install the extra."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra("--format parquet needs pyarrow: pip install 'beritascrape[parquet]'") from None
    return pyarrow, pyarrow.parquet


def schema() -> Any:
    """The Parquet schema: id, the `parse` keys, first_seen_at, pages_missing; lists as lists, times as UTC
    timestamps."""
    pa, _ = _pyarrow()
    fields = []
    for key in EXPORT_KEYS:
        if key in _LISTS:
            kind = pa.list_(pa.string())
        elif key in _TIMES:
            # One zone per column in Arrow: UTC keeps every instant exact (the page's own offset is in JSONL/CSV).
            kind = pa.timestamp("us", tz="UTC")
        elif key in _INTS:
            kind = pa.int64()
        else:
            kind = pa.string()
        fields.append(pa.field(key, kind, nullable=key not in ("id", "url", "first_seen_at", "pages_missing", *_LISTS)))
    return pa.schema(fields)


def _cell(key: str, value: Any) -> Any:
    """A value as pyarrow takes it: ISO strings to aware datetimes."""
    if key in _TIMES and value is not None:
        # "Z" is spelt out for Python 3.10's fromisoformat.
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    return value


def write_parquet(records: Iterable[StoredArticle], where: str | Path | BinaryIO) -> int:
    """Write the records to a Parquet file in row groups of 500 and return how many were written."""
    pa, pq = _pyarrow()
    table_schema = schema()
    names = table_schema.names
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(where, table_schema) as writer:
        for record in records:
            row = export_row(record)
            batch.append({key: _cell(key, row[key]) for key in names})
            count += 1
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))
    return count
