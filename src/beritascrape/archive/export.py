"""Write archived articles as JSON Lines or CSV, one record at a time (Parquet and WARC: the archive package)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from beritascrape.archive.records import EXPORT_KEYS, StoredArticle, export_row


def write_jsonl(records: Iterable[StoredArticle], fp: TextIO) -> int:
    """Write one JSON object per line (id, the `parse` record, first_seen_at, pages_missing); returns how many."""
    count = 0
    for record in records:
        fp.write(json.dumps(export_row(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def _csv_cell(value: Any) -> Any:
    """One CSV cell: lists as JSON arrays, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(records: Iterable[StoredArticle], fp: TextIO) -> int:
    """Write a header of EXPORT_KEYS and one row per article; return how many rows were written."""
    # "\n" rather than csv's default "\r\n": the output goes to stdout and text-mode files.
    writer = csv.writer(fp, lineterminator="\n")
    writer.writerow(EXPORT_KEYS)
    count = 0
    for record in records:
        row = export_row(record)
        writer.writerow([_csv_cell(row[key]) for key in EXPORT_KEYS])
        count += 1
    return count
