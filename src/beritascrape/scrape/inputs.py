"""What a scrape reads: URLs and files from the command line, `-i` lists, stdin, folders and globs."""

from __future__ import annotations

import glob
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from beritascrape.errors import InputError

_COMMENT = re.compile(r"\s+#.*$")


def is_url(value: str) -> bool:
    """True for http(s) URLs; any other scheme is refused, anything without one is a file path."""
    scheme = urlsplit(value).scheme.lower()
    if scheme in ("http", "https"):
        return True
    if len(scheme) > 1 and "://" in value:
        raise InputError(f"unsupported URL scheme {scheme!r} in {value} (only http and https)")
    return False


HTML_SUFFIXES = (".html", ".htm")


_GLOB = re.compile(r"[*?\[]")


def expand_folder(path: str) -> list[str]:
    """Every .html/.htm file under a folder, recursively, sorted by path (what a browser or wget saved)."""
    folder = Path(path)
    try:
        found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
    except OSError as exc:
        raise InputError(f"cannot read folder {folder}: {exc.strerror or exc}") from None
    if not found:
        raise InputError(f"no .html or .htm files under {folder}")
    return [str(p) for p in found]


def expand_glob(pattern: str) -> list[str]:
    """The files a quoted glob names ("saved/**/*.html"; ** goes into sub-folders), sorted; folders are expanded."""
    found: list[str] = []
    for name in sorted(glob.glob(pattern, recursive=True)):
        found.extend(expand_folder(name) if Path(name).is_dir() else [name])
    if not found:
        raise InputError(f"no files match {pattern}")
    return found


def read_inputs(args: Iterable[str], input_files: Iterable[str] = ()) -> list[str]:
    """Inputs from the command line plus `-i FILE` lists; `-` reads URLs from stdin, a folder gives its pages."""
    items: list[str] = []

    def add_lines(lines: Iterable[str]) -> None:
        # A comment is a line starting with "#", or " #..." after an input (a URL's own fragment has no space).
        # A byte-order mark (Notepad's "UTF-8 with BOM") is no part of the first input.
        items.extend(
            s for line in lines if (s := _COMMENT.sub("", line).strip().lstrip("\ufeff")) and not s.startswith("#")
        )

    for name in input_files:
        if name == "-":
            add_lines(sys.stdin)
            continue
        try:
            add_lines(Path(name).read_text(encoding="utf-8").splitlines())
        except OSError as exc:
            raise InputError(f"cannot read input list {name}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise InputError(f"cannot read input list {name}: it is not UTF-8 text") from None
    for arg in args:
        if arg == "-":
            add_lines(sys.stdin)
        else:
            items.append(arg)
    expanded: list[str] = []
    for item in items:
        path = Path(item)
        if "://" in item or not (path.is_dir() or (_GLOB.search(item) and not path.exists())):
            # URLs (a bad scheme fails as that one input) and files, even missing ones, are read one by one.
            expanded.append(item)
        elif path.is_dir():
            expanded.extend(expand_folder(item))
        else:
            expanded.extend(expand_glob(item))
    return expanded


def url_forms(key: str) -> list[str]:
    """The forms an archived article's URL may have been typed in: as given, canonical, with or without a slash,
    then over the other scheme and with or without `www.` (a link copied from a browser or another site)."""
    from beritascrape.discover.urls import canonicalize_url

    forms = [key]
    try:
        canonical = canonicalize_url(key) if is_url(key) else None
    except InputError:
        canonical = None
    if canonical is not None:
        forms.append(canonical)
        if "?" not in canonical:
            path = urlsplit(canonical).path
            forms.append(canonical[:-1] if canonical.endswith("/") and path != "/" else canonical + "/")
        for form in list(forms[1:]):
            forms.extend(_origin_variants(form))
    return list(dict.fromkeys(forms))


def _origin_variants(url: str) -> list[str]:
    """`url` over the other of http/https, and with `www.` added or dropped, each way."""
    parts = urlsplit(url)
    host = parts.netloc
    other_host = host[4:] if host.startswith("www.") else f"www.{host}"
    other_scheme = "http" if parts.scheme == "https" else "https"
    return [
        parts._replace(scheme=scheme, netloc=netloc).geturl()
        for scheme, netloc in ((other_scheme, host), (parts.scheme, other_host), (other_scheme, other_host))
    ]


def file_count(items: Iterable[str]) -> int:
    """How many inputs are saved files (the rest are URLs, fetched by the run's own process)."""
    return sum("://" not in item for item in items)
