"""What `ingest` reads: WARC files, http(s) URLs of WARC files (streamed) and `warc.paths(.gz)` listings."""

from __future__ import annotations

import contextlib
import gzip
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, cast
from urllib.parse import urlsplit

import requests

from beritascrape.errors import FetchError, InputError
from beritascrape.fetch.http import DEFAULT_USER_AGENT
from beritascrape.fetch.transport import network_error
from beritascrape.ingest import DEFAULT_BASE

# Seconds to wait for a WARC server to answer; a stream that stalls this long mid-file is a failed file.
TIMEOUT = 60.0


def is_listing(source: str) -> bool:
    """True for a `warc.paths` / `warc.paths.gz` listing (one WARC path per line) rather than a WARC file."""
    name = urlsplit(source).path if "://" in source else source
    return name.endswith((".paths", ".paths.gz"))


def expand_sources(sources: Iterable[str], base: str = DEFAULT_BASE) -> list[str]:
    """The WARC files to read, in order: listings expanded (each line a path under `base`), duplicates dropped."""
    found: list[str] = []
    for source in sources:
        if is_listing(source):
            found.extend(_listing(source, base))
        else:
            found.append(source)
    return list(dict.fromkeys(found))


def _listing(source: str, base: str) -> Iterator[str]:
    """The WARC locations named by one listing file (local or http)."""
    with open_stream(source) as (stream, _):
        raw = stream.read()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"cannot read listing {source}: {exc}") from None
    for line in raw.decode("utf-8", errors="replace").splitlines():
        path = line.strip()
        if not path or path.startswith("#"):
            continue
        yield path if "://" in path or Path(path).is_absolute() else base.rstrip("/") + "/" + path.lstrip("/")


def local_size(location: str) -> int | None:
    """The size of a local WARC file, or None for a URL or a file that is not there."""
    scheme = urlsplit(location).scheme.lower() if "://" in location else ""
    if scheme not in ("", "file"):
        return None
    try:
        return Path(urlsplit(location).path if scheme else location).stat().st_size
    except OSError:
        return None


@contextlib.contextmanager
def open_stream(location: str) -> Iterator[tuple[BinaryIO, int | None]]:
    """A binary stream of a local file, an http(s) URL (streamed, never saved) or an fsspec URL, and its size."""
    scheme = urlsplit(location).scheme.lower() if "://" in location else ""
    if scheme in ("http", "https"):
        with _http_stream(location) as opened:
            yield opened
        return
    if scheme and scheme != "file":
        with _fsspec_stream(location) as opened:
            yield opened
        return
    path = Path(urlsplit(location).path if scheme == "file" else location)
    try:
        file = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a WARC file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with file:
        yield cast(BinaryIO, file), path.stat().st_size


@contextlib.contextmanager
def _http_stream(url: str) -> Iterator[tuple[BinaryIO, int | None]]:
    """The body of a GET as a raw stream: bytes as sent, read as they arrive."""
    try:
        response = requests.get(url, stream=True, timeout=TIMEOUT, headers={"User-Agent": DEFAULT_USER_AGENT})
    except requests.RequestException as exc:
        raise FetchError(str(network_error(exc, url))) from None
    with response:
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code} for {url}")
        length = response.headers.get("Content-Length")
        # A .warc.gz served with Content-Encoding: gzip would otherwise be decompressed once too often.
        response.raw.decode_content = False
        yield cast(BinaryIO, response.raw), int(length) if length and length.isdigit() else None


@contextlib.contextmanager
def _fsspec_stream(location: str) -> Iterator[tuple[BinaryIO, int | None]]:
    """Any other URL (s3://, gs://, ...) through fsspec, which the cluster extra installs."""
    try:
        import fsspec
    except ImportError:
        raise InputError(f"reading {location} needs fsspec: pip install 'beritascrape[cluster]'") from None
    try:
        opened = fsspec.open(location, "rb")
        with opened as stream:
            yield cast(BinaryIO, stream), None
    except (OSError, ValueError, ImportError) as exc:
        raise InputError(f"cannot read {location}: {exc}") from None
