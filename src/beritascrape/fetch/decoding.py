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

_MAX_NULS = 8  # in the first KiB
_UNSAFE_CODECS = frozenset(
    {"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "charmap"}
)


def require_html_bytes(content: bytes, source: str, *, what: str = "response") -> None:
    """Raise NotHTML for an empty or binary body (`what` it is: a response, a file, a record); UTF-16/32 text with
    a byte-order mark is text."""
    if not content:
        raise NotHTML(f"empty {what} from {source}" if what == "response" else f"empty {what}: {source}")
    # Binary files are full of NULs; a stray one (in a <meta charset> label, say) does not make a page binary.
    if bom_codec(content) is None and content[:1024].count(b"\x00") > _MAX_NULS:
        raise NotHTML(f"{source} is not HTML (binary content)")


def codec_name(label: str | bytes | None) -> str | None:
    """Python's canonical codec name for a charset label, or None when unknown or unusable."""
    if isinstance(label, bytes):
        label = label.decode("ascii", errors="replace")
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip())
    except (LookupError, ValueError):  # ValueError: a NUL inside the label
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _UNSAFE_CODECS:
        return None
    # WHATWG Encoding: browsers read latin-1 and its aliases as windows-1252, and pages are written that way.
    if info.name == "iso8859-1":
        return "cp1252"
    if info.name == "utf-8-sig":
        return "utf-8"
    return info.name


# UTF-32-LE's mark starts with UTF-16-LE's, so it is tried first.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_codec(content: bytes) -> str | None:
    """The codec a byte-order mark at the start of `content` names, or None."""
    return next((name for bom, name in _BOMS if content.startswith(bom)), None)


# Declared in ASCII-readable markup, these cannot be what the page is in (WHATWG reads such a page as UTF-8).
_WIDE_CODECS = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})


def decode_html(content: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode HTML: BOM, HTTP charset, <meta> charset, strict UTF-8, then cp1252; returns (text, codec)."""
    for bom, name in _BOMS:
        # A byte-order mark beats every declaration, as in browsers.
        if content.startswith(bom):
            try:
                return content[len(bom) :].decode(name), name
            except UnicodeDecodeError:
                if name.startswith("utf-32"):
                    continue  # FF FE 00 00 may be UTF-16-LE text starting with a NUL; try that
                break
    meta_codec = codec_name(declared_charset(content))
    if meta_codec in _WIDE_CODECS:
        meta_codec = "utf-8"
    for codec in (codec_name(http_charset), meta_codec, "utf-8"):
        if codec is None:
            continue
        try:
            return content.decode(codec), codec
        except (UnicodeDecodeError, LookupError, ValueError):
            continue
    if meta_codec is None:
        # Neither declared in its head nor UTF-8: a declaration further down (after a long inline script or
        # style) still beats guessing cp1252.
        late = codec_name(_late_declaration(content))
        if late is not None and late != "utf-8" and late not in _WIDE_CODECS:
            try:
                return content.decode(late), late
            except (UnicodeDecodeError, LookupError, ValueError):
                pass
    return content.decode("cp1252", errors="replace"), "cp1252"


# Where a page declares its charset: an XML declaration opening the first KiB, or the first <meta ... charset=...>
# in the first 2 KiB (http-equiv content="...; charset=X" too). These are the windows bs4's EncodingDetector reads
# in a page's first 4 KiB, which decoding used before; reading them here spares its ~80 ms import on every page.
_XML_DECLARATION = re.compile(rb"""^\s*<\?.*encoding=['"](.*?)['"].*\?>""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<\s*meta[^>]+charset\s*=\s*["']?([^>]*?)[ /;'">]""", re.IGNORECASE)
_XML_WINDOW = 1024
_META_WINDOW = 2048
# A declaration below these is in the body (a code sample, a quoted page), not the page's own.
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.IGNORECASE)
_HEAD_WINDOW = 64 * 1024


def declared_charset(content: bytes) -> str | None:
    """The charset label the page's head declares (XML declaration or <meta>), lower-cased, or None."""
    found = _XML_DECLARATION.search(content, 0, _XML_WINDOW) or _META_CHARSET.search(content, 0, _META_WINDOW)
    if found is None or not found.group(1):
        return None
    return found.group(1).decode("ascii", "replace").lower()


def _late_declaration(content: bytes) -> str | None:
    """A charset declared in the page's head past its first 2 KiB (after a long inline script or style), or None."""
    # bs4 is imported only here, for the rare page neither declared early nor valid UTF-8.
    from bs4.dammit import EncodingDetector

    end = _HEAD_END.search(content, 0, _HEAD_WINDOW)
    head = content[: end.start() if end else _HEAD_WINDOW]
    try:
        return EncodingDetector.find_declared_encoding(head, is_html=True, search_entire_document=True)
    except (ValueError, LookupError):  # a garbled label must not end the page
        return None


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
    require_html_bytes(content, str(file), what="file")
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


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """(mime type lower-cased, charset or None) from a Content-Type header value."""
    if not value:
        return "", None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = param_value.strip().strip("\"'") or None
    return mime.strip().lower(), charset
