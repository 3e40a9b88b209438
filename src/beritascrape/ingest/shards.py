"""Parquet shards: what one Dask task extracted from one WARC file, waiting to be merged into an archive.

A shard holds one row per page to archive (the page with its compressed raw bytes and provenance, plus the
article read from it as JSON) and, in its metadata, the WARC file's name and counts. It is written under a
temporary name and moved into place, so a shard that exists is whole. pyarrow and fsspec come with the
`cluster` extra; shards can live in a local folder or at any fsspec URL (s3://bucket/prefix).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from beritascrape.errors import InputError, MissingExtra
from beritascrape.ingest.pool import file_parts
from beritascrape.ingest.records import PagePart, Tally, Templates
from beritascrape.ingest.select import Selection
from beritascrape.model import Article

HINT = "pip install 'beritascrape[cluster]'"
_META_KEY = b"beritascrape"
# The pages row of each page (rows.page_row: raw bytes zlib-compressed), then the article and its place in a split one.
_PAGE_COLUMNS = (
    "url",
    "final_url",
    "status",
    "headers",
    "content_type",
    "encoding",
    "fetched_at",
    "size",
    "sha256",
    "html",
    "warc_file",
    "warc_offset",
    "warc_date",
)
_COLUMNS = (*_PAGE_COLUMNS, "record", "group_url", "page_number", "whole_of")


def _arrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtra(f"Parquet shards need pyarrow: {HINT}") from None
    return pyarrow


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec filesystem and root path of a shard folder (a local path or any fsspec URL)."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise MissingExtra(f"shard folders need fsspec: {HINT}") from None
    try:
        return url_to_fs(url)
    except (ValueError, ImportError, OSError) as exc:
        raise InputError(f"cannot use shard folder {url}: {exc}") from None


def shard_name(location: str) -> str:
    """The shard file name of a WARC file: its base name plus a short digest of the full location (unique)."""
    base = re.sub(r"(\.warc)?(\.gz)?$", "", location.rstrip("/").rsplit("/", 1)[-1])
    safe = re.sub(r"[^\w.-]+", "_", base)[:120] or "warc"
    return f"{safe}-{hashlib.sha256(location.encode()).hexdigest()[:10]}.parquet"


def write_shard(location: str, shards: str, selection: Selection, templates: Templates) -> dict[str, Any]:
    """Read, filter and extract one WARC file into its shard under `shards`; returns the file's counts.

    This is the Dask task: it raises on a file that cannot be read, so Dask retries it.
    """
    pa = _arrow()
    fs, root = filesystem(shards)
    tally = Tally()
    rows: dict[str, list[Any]] = {c: [] for c in _COLUMNS}
    for parts in file_parts(location, selection, templates, tally):
        _add_rows(rows, parts)
    table = pa.table(
        {c: pa.array(v, type=pa.binary() if c == "html" else None) for c, v in rows.items()},
    ).replace_schema_metadata({_META_KEY: json.dumps({"location": location, "tally": tally.to_dict()})})
    fs.makedirs(root, exist_ok=True)
    final = f"{root.rstrip('/')}/{shard_name(location)}"
    with fs.open(final + ".part", "wb") as out:
        pa.parquet.write_table(table, out, compression="zstd")
    fs.mv(final + ".part", final)
    return tally.to_dict()


def _add_rows(rows: dict[str, list[Any]], parts: list[PagePart]) -> None:
    for part in parts:
        record = {**part.article.to_dict(), "extractor": part.article.extractor}
        values = (*(part.page_row[c] for c in _PAGE_COLUMNS), json.dumps(record, ensure_ascii=False))
        for column, value in zip(_COLUMNS, (*values, part.group, part.number, part.whole_of), strict=True):
            rows[column].append(value)


def shard_paths(shards: str) -> list[str]:
    """The finished shards in a shard folder, in name order."""
    local = urlsplit(shards).path if shards.startswith("file://") else None if "://" in shards else shards
    if local is not None and not Path(local).is_dir():
        # Said whatever is installed: a missing folder is missing, not a reason to install fsspec.
        raise InputError(f"no shard folder at {shards}")
    fs, root = filesystem(shards)
    if not fs.isdir(root):
        raise InputError(f"no shard folder at {shards}")
    return sorted(p for p in fs.ls(root, detail=False) if str(p).endswith(".parquet"))


def shard_location(shards: str, path: str) -> str:
    """The WARC file a shard was extracted from (its metadata says)."""
    return str(_metadata(shards, path)["location"])


def shard_damaged(shards: str, path: str) -> bool:
    """Whether a shard was written from a WARC file that could not be read whole (it is written again)."""
    return Tally.from_dict(_metadata(shards, path)["tally"]).damaged


def _metadata(shards: str, path: str) -> dict[str, Any]:
    pa = _arrow()
    fs, _ = filesystem(shards)
    try:
        with fs.open(path, "rb") as handle:
            meta = pa.parquet.ParquetFile(handle).schema_arrow.metadata or {}
        return dict(json.loads(meta[_META_KEY]))
    except (KeyError, ValueError, OSError, pa.ArrowException) as exc:
        raise InputError(f"{path} is not a beritascrape shard ({type(exc).__name__})") from None


def read_shard(shards: str, path: str) -> tuple[str, Tally, Iterator[list[PagePart]]]:
    """A shard's WARC location, its counts and its pages in batches (read lazily, a row group at a time)."""
    pa = _arrow()
    meta = _metadata(shards, path)
    fs, _ = filesystem(shards)

    def batches() -> Iterator[list[PagePart]]:
        with fs.open(path, "rb") as handle:
            for batch in pa.parquet.ParquetFile(handle).iter_batches(batch_size=256):
                yield [_part(row) for row in batch.to_pylist()]

    return str(meta["location"]), Tally.from_dict(meta["tally"]), batches()


def _part(row: dict[str, Any]) -> PagePart:
    """One shard row back to the page row and article it holds (the page stays compressed)."""
    article = Article.from_dict(json.loads(row["record"]))
    page = {c: row[c] for c in _PAGE_COLUMNS}
    return PagePart(article, page, row["warc_file"], row["group_url"], row["page_number"], row["whole_of"])
