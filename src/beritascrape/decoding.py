"""Decoding HTML bytes in a sound order (BOM, HTTP charset, <meta> charset, UTF-8, cp1252), and saved files."""

from __future__ import annotations

import codecs
import re
from datetime import datetime, timezone
from pathlib import Path

from beritascrape.errors import (
    InputError,
    NotHTML,
)
from beritascrape.model import Page

_META_SCAN_BYTES = 4096
_UNSAFE_CODECS = frozenset(
    {"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "charmap"}
)


def require_html_bytes(content: bytes, source: str) -> None:
    if not content:
        raise NotHTML(f"empty response from {source}")
    if b"\x00" in content[:1024]:
        raise NotHTML(f"{source} is not HTML (binary content)")


def codec_name(label: str | bytes | None) -> str | None:
    """Python's canonical codec name for a charset label, or None when unknown or unusable."""
    if isinstance(label, bytes):
        label = label.decode("ascii", errors="replace")
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _UNSAFE_CODECS:
        return None
    # WHATWG Encoding: browsers read latin-1 and its aliases as windows-1252, and pages are written that way.
    if info.name == "iso8859-1":
        return "cp1252"
    if info.name == "utf-8-sig":
        return "utf-8"
    return info.name


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_html(content: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode HTML: BOM, HTTP charset, <meta> charset, strict UTF-8, then cp1252; returns (text, codec)."""
    for bom, name in _BOMS:
        # A byte-order mark beats every declaration, as in browsers.
        if content.startswith(bom):
            try:
                return content[len(bom) :].decode(name), name
            except UnicodeDecodeError:
                break
    # bs4 knows every way a page declares its charset (<meta charset>, http-equiv, an XML declaration).
    # Imported here, on the first page without a byte-order mark: bs4 and soupsieve take ~80 ms to import.
    from bs4.dammit import EncodingDetector

    meta_codec = codec_name(EncodingDetector.find_declared_encoding(content[:_META_SCAN_BYTES], is_html=True))
    if meta_codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"):
        # A <meta> readable as ASCII cannot be in UTF-16/32; WHATWG says to read such pages as UTF-8.
        meta_codec = "utf-8"
    for codec in (codec_name(http_charset), meta_codec, "utf-8"):
        if codec is None:
            continue
        try:
            return content.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("cp1252", errors="replace"), "cp1252"


def load_file(path: str | Path, url: str | None = None) -> Page:
    """A saved HTML file as a Page (status 200, no headers); `url` defaults to the file's file:// URI."""
    file = Path(path)
    try:
        content = file.read_bytes()
    except FileNotFoundError as exc:
        # "www.site.com/path" typed without a scheme reads as a file name: say how to make it a URL.
        hint = " (for a URL, add https://)" if re.match(r"^[\w-]+(\.[\w-]+)+/", str(path)) else ""
        raise InputError(f"no such file: {file}{hint}") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{file} is a directory, not an HTML file") from exc
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from exc
    require_html_bytes(content, str(file))
    text, encoding = decode_html(content)
    page_url = url or file.resolve().as_uri()
    return Page(
        url=page_url,
        final_url=page_url,
        status=200,
        headers={},
        content=content,
        text=text,
        encoding=encoding,
        fetched_at=datetime.now(timezone.utc),
        content_type="text/html",
    )
