"""Write articles as JSON Lines or CSV, one record at a time."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from beritascrape.model import ARTICLE_KEYS, Article


def write_jsonl(articles: Iterable[Article], fp: TextIO) -> int:
    """Write one JSON object per line (the `parse` record) and return how many were written."""
    count = 0
    for article in articles:
        fp.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def _csv_cell(value: Any) -> Any:
    """One CSV cell: lists as JSON arrays, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(articles: Iterable[Article], fp: TextIO) -> int:
    """Write a header of ARTICLE_KEYS and one row per article; return how many rows were written."""
    # "\n" rather than csv's default "\r\n": the output goes to stdout and text-mode files.
    writer = csv.writer(fp, lineterminator="\n")
    writer.writerow(ARTICLE_KEYS)
    count = 0
    for article in articles:
        record = article.to_dict()
        writer.writerow([_csv_cell(record[key]) for key in ARTICLE_KEYS])
        count += 1
    return count
