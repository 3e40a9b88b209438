"""HTTP: one polite session with retries, size and time limits, robots.txt and the address guard.

Decoding lives in decoding.py and the address tests in addresses.py."""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

import requests
import urllib3.exceptions
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from beritascrape.addresses import private_address
from beritascrape.decoding import decode_html, require_html_bytes
from beritascrape.errors import (
    BlockedAddress,
    FetchError,
    HTTPStatusError,
    InputError,
    NotHTML,
    ResponseTooLarge,
    RobotsDisallowed,
)
from beritascrape.model import Page


def _package_version() -> str:
    # Installed metadata, not beritascrape/__init__: this module must not depend on the package API.
    try:
        return version("beritascrape")
    except PackageNotFoundError:
        return "0.1.0"


DEFAULT_USER_AGENT = f"beritascrape/{_package_version()} (+https://github.com/beritascrape/beritascrape)"

_CHUNK_SIZE = 64 * 1024
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# RFC 9309 2.5: parsers must read at least 500 KiB and may ignore the rest.
_ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class FetchConfig:
    """Limits and politeness settings for a Fetcher."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 3
    backoff_factor: float = 0.5
    max_retry_after: float = 30.0
    max_redirects: int = 10
    obey_robots: bool = True
    allow_private: bool = False
    min_delay: float = 0.0
    # True: the delay also runs from each answer (gentle on slow servers). A crawl, one request at a time per host,
    # sets False: the delay runs from request start to request start, as Scrapy's DOWNLOAD_DELAY and Crawl-delay do.
    delay_from_answer: bool = True


class _PoliteRetry(Retry):
    """urllib3 Retry whose Retry-After wait is capped, so one header cannot stall a crawl for hours."""

    def __init__(self, *args: Any, max_retry_after: float = 30.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after

    def new(self, **kw: Any) -> Any:
        # urllib3 builds a fresh Retry after every attempt; carry the cap over.
        kw.setdefault("max_retry_after", self.max_retry_after)
        return super().new(**kw)

    def get_retry_after(self, response: Any) -> float | None:
        try:
            seconds = super().get_retry_after(response)
        except urllib3.exceptions.InvalidHeader:
            return None  # a garbled Retry-After falls back to the normal backoff
        return None if seconds is None else min(seconds, self.max_retry_after)


class _NetworkError(FetchError):
    """The host could not be reached or the connection broke (not an HTTP status)."""


@dataclass(frozen=True)
class _Robots:
    parser: Protego | None  # None: no robots.txt, everything allowed
    failed_status: int | None = None  # robots.txt answered 429/5xx: everything disallowed (RFC 9309 2.3.1.4)


@dataclass(frozen=True)
class _Download:
    """What one download brought back, before it becomes a Page."""

    status: int
    mime: str
    charset: str | None
    content: bytes
    final_url: str
    headers: dict[str, str]

    def page(self, url: str, content: bytes, text: str, encoding: str, content_type: str) -> Page:
        """The Page of this download, as fetched now."""
        return Page(
            url=url,
            final_url=self.final_url,
            status=self.status,
            headers=self.headers,
            content=content,
            text=text,
            encoding=encoding,
            fetched_at=datetime.now(timezone.utc),
            content_type=content_type,
        )


class Fetcher:
    """Fetches HTML pages politely and safely; one instance may be shared by the threads of a crawl."""

    def __init__(self, config: FetchConfig | None = None) -> None:
        self.config = config or FetchConfig()
        retry = _PoliteRetry(
            total=self.config.retries,
            connect=0,
            read=False,
            other=0,
            redirect=False,
            status=self.config.retries,
            status_forcelist=_RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            backoff_factor=self.config.backoff_factor,
            respect_retry_after_header=True,
            raise_on_status=False,
            max_retry_after=self.config.max_retry_after,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self._session = requests.Session()
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers.update(
            {
                "User-Agent": self.config.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                "Accept-Language": "id,en;q=0.8",
            }
        )
        self._lock = threading.Lock()
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._next_slot: dict[str, float] = {}
        self._host_delays: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP session and its pooled connections."""
        self._session.close()

    def fetch(
        self, url: str, *, user_given: bool = True, etag: str | None = None, last_modified: str | None = None
    ) -> Page:
        """Fetch one HTML page, following redirects; `user_given=False` also guards the first URL.

        With `etag` / `last_modified` the request is conditional: a 304 answer is a Page with status 304 and no content.
        """
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified

        def html_only(mime: str) -> None:
            if mime and mime not in _HTML_TYPES:
                raise NotHTML(f"{url} is not HTML ({mime})")

        got = self._download(url, user_given=user_given, headers=conditional, check_type=html_only)
        if got.status == 304:
            return got.page(url, b"", "", "", got.mime or "text/html")
        require_html_bytes(got.content, url)
        text, encoding = decode_html(got.content, got.charset)
        return got.page(url, got.content, text, encoding, got.mime or "text/html")

    def fetch_raw(self, url: str, *, user_given: bool = True, accept: tuple[str, ...] = ()) -> Page:
        """Fetch any response (sitemap, feed, gzip, robots.txt) as bytes; `accept` limits the MIME types taken."""

        def accepted(mime: str) -> None:
            if accept and mime not in accept:
                raise FetchError(f"{url} is {mime or 'of no stated type'}, not one of {', '.join(accept)}")

        got = self._download(url, user_given=user_given, check_type=accepted)
        text, encoding = decode_html(got.content, got.charset) if _is_textual(got.mime, got.content) else ("", "")
        return got.page(url, got.content, text, encoding, got.mime or "application/octet-stream")

    def _download(
        self,
        url: str,
        *,
        user_given: bool,
        check_type: Callable[[str], None],
        headers: dict[str, str] | None = None,
    ) -> _Download:
        """The one path of fetch() and fetch_raw(): robots, guard, redirects, retries, type check, size, deadline."""
        _require_http_url(url)
        response, deadline = self._open(
            url, guard_first=not user_given, obey_robots=self.config.obey_robots, headers=headers or {}
        )
        with response:
            status = response.status_code
            mime, charset = _parse_content_type(response.headers.get("content-type"))
            answer_headers = {name.lower(): value for name, value in response.headers.items()}
            if status == 304 and headers:
                return _Download(304, mime, charset, b"", response.url, answer_headers)
            if status >= 400:
                raise HTTPStatusError(url, status)
            if not 200 <= status < 300:
                raise FetchError(f"HTTP {status} from {url} is neither a page nor a redirect")
            check_type(mime)
            content = self._read_body(response, url, deadline, self.config.max_bytes)
            return _Download(status, mime, charset, content, response.url, answer_headers)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt of `url`'s host asks of us (fetching robots.txt once), or None."""
        _require_http_url(url)
        if not self.config.obey_robots:
            return None
        robots = self._robots_for(url)
        return None if robots.parser is None else robots.parser.crawl_delay(self.config.user_agent)

    def set_host_delay(self, url: str, seconds: float) -> None:
        """Space requests to `url`'s host at least `seconds` apart (or `min_delay`, whichever is larger)."""
        host = _netloc(urlsplit(url)).lower()
        with self._lock:
            self._host_delays[host] = seconds

    def _delay(self, host: str) -> float:
        """The minimum gap between two requests to `host` (host:port, as robots.txt is); call with `_lock` held."""
        return max(self.config.min_delay, self._host_delays.get(host, 0.0))

    def _open(
        self, url: str, *, guard_first: bool, obey_robots: bool, headers: dict[str, str] | None = None
    ) -> tuple[requests.Response, float]:
        """Send GET and follow redirects by hand, checking every hop; returns the open final response."""
        current = url
        for hop in range(self.config.max_redirects + 1):
            if hop or guard_first:
                self._guard(current)
            if obey_robots:
                self._check_robots(current)
            response, deadline = self._get(current, headers)
            target = self._session.get_redirect_target(response)
            if response.status_code not in _REDIRECT_STATUSES:
                return response, deadline
            response.close()
            if not target:
                raise FetchError(f"HTTP {response.status_code} redirect from {current} has no Location header")
            current = _redirect_target(current, target)
        raise FetchError(f"too many redirects (more than {self.config.max_redirects}) starting at {url}")

    def _get(self, url: str, headers: dict[str, str] | None = None) -> tuple[requests.Response, float]:
        """One GET (retried by urllib3 on 429/5xx) with the body left unread; returns it and its deadline."""
        self._wait_turn(url)
        deadline = time.monotonic() + self.config.deadline
        read_timeout = min(self.config.read_timeout, self.config.deadline)
        try:
            response = self._session.get(
                url,
                stream=True,
                allow_redirects=False,
                timeout=(self.config.connect_timeout, read_timeout),
                headers=headers or None,
            )
        except _TRANSPORT_ERRORS as exc:
            raise _network_error(exc, url) from exc
        finally:
            self._done_turn(url)
        return response, deadline

    def _read_body(
        self, response: requests.Response, url: str, deadline: float, limit: int, *, truncate: bool = False
    ) -> bytes:
        """Stream the body, enforcing the size cap and the wall-clock deadline."""
        length = response.headers.get("content-length", "").strip()
        if not truncate and length.isdigit() and int(length) > limit:
            raise ResponseTooLarge(f"{url} is larger than the {_size(limit)} limit (Content-Length {length})")
        body = bytearray()
        try:
            for chunk in response.iter_content(_CHUNK_SIZE):
                body += chunk
                if len(body) > limit:
                    if truncate:
                        return bytes(body[:limit])
                    raise ResponseTooLarge(f"{url} is larger than the {_size(limit)} limit")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out: {url} took longer than {self.config.deadline:g} s")
        except _TRANSPORT_ERRORS as exc:
            if time.monotonic() > deadline:
                raise FetchError(f"timed out: {url} took longer than {self.config.deadline:g} s") from exc
            raise _network_error(exc, url) from exc
        return bytes(body)

    def _wait_turn(self, url: str) -> None:
        """Sleep until the host's delay has passed since the last request to it was sent."""
        host = _netloc(urlsplit(url)).lower()
        with self._lock:
            delay = self._delay(host)
            if delay <= 0:
                return
            now = time.monotonic()
            start = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = start + delay
        if start > now:
            time.sleep(start - now)

    def _done_turn(self, url: str) -> None:
        # Count the delay from the answer too, so a slow server (or urllib3 retries) is not hit back to back.
        if not self.config.delay_from_answer:
            return
        host = _netloc(urlsplit(url)).lower()
        with self._lock:
            delay = self._delay(host)
            if delay <= 0:
                return
            ready = time.monotonic() + delay
            self._next_slot[host] = max(self._next_slot.get(host, ready), ready)

    def _guard(self, url: str) -> None:
        if self.config.allow_private:
            return
        host = urlsplit(url).hostname or ""
        address = private_address(host)
        if address is not None:
            raise BlockedAddress(f"{url} points at a private or local address ({address}); refused")

    def _check_robots(self, url: str) -> None:
        robots = self._robots_for(url)
        host = _netloc(urlsplit(url))
        if robots.failed_status is not None:
            raise RobotsDisallowed(
                f"robots.txt of {host} answered HTTP {robots.failed_status}, "
                f"so {url} is treated as disallowed until it recovers"
            )
        if robots.parser is not None and not robots.parser.can_fetch(url, self.config.user_agent):
            raise RobotsDisallowed(f"robots.txt of {host} disallows {url}")

    def _robots_for(self, url: str) -> _Robots:
        """The parsed robots.txt for `url`'s scheme, host and port, fetched once and cached."""
        parts = urlsplit(url)
        key = f"{parts.scheme.lower()}://{_netloc(parts)}"
        with self._lock:
            if key in self._robots:
                return self._robots[key]
            key_lock = self._robots_locks.setdefault(key, threading.Lock())
        # One lock per host: other threads wait for the first fetch instead of repeating it.
        with key_lock:
            with self._lock:
                if key in self._robots:
                    return self._robots[key]
            robots = self._load_robots(key + "/robots.txt", _netloc(parts))
            with self._lock:
                self._robots[key] = robots
        return robots

    def _load_robots(self, robots_url: str, host: str) -> _Robots:
        try:
            response, deadline = self._open(robots_url, guard_first=False, obey_robots=False)
            with response:
                status = response.status_code
                if status == 429 or status >= 500:
                    return _Robots(None, status)
                if not 200 <= status < 300:
                    return _Robots(None)
                body = self._read_body(response, robots_url, deadline, _ROBOTS_MAX_BYTES, truncate=True)
        except _NetworkError as exc:
            raise FetchError(f"host {host} is unreachable (fetching robots.txt): {exc}") from exc
        return _Robots(Protego.parse(body.decode("utf-8-sig", errors="replace")))


# Everything requests, urllib3, http.client or the socket layer may raise while talking to a server.
_TRANSPORT_ERRORS = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    ValueError,
)


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and everything it wraps (causes, contexts, urllib3 reasons, exception args)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo and len(seen) < 50:
        current = todo.pop(0)
        if any(current is s for s in seen):
            continue
        seen.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        todo.extend(e for e in linked if isinstance(e, BaseException))
    return seen


def _network_error(exc: BaseException, url: str) -> _NetworkError:
    """One clear line for a transport failure."""
    chain = _causes(exc)

    def first(*types: type[BaseException]) -> BaseException | None:
        return next((e for e in chain if isinstance(e, types)), None)

    try:
        parts = urlsplit(url)
        where, host = _netloc(parts), parts.hostname or url
    except ValueError:
        where = host = url
    if first(ConnectionRefusedError):
        return _NetworkError(f"cannot connect to {where}: connection refused")
    if first(urllib3.exceptions.NameResolutionError, socket.gaierror):
        return _NetworkError(f"cannot resolve host {host}")
    connect_timeout = first(requests.exceptions.ConnectTimeout, urllib3.exceptions.ConnectTimeoutError)
    if connect_timeout and not isinstance(connect_timeout, urllib3.exceptions.NewConnectionError):
        return _NetworkError(f"timed out connecting to {where}")
    if first(requests.exceptions.ReadTimeout, urllib3.exceptions.ReadTimeoutError, TimeoutError):
        return _NetworkError(f"timed out reading {url}")
    tls = first(ssl.SSLError)
    if tls or first(requests.exceptions.SSLError, urllib3.exceptions.SSLError):
        reason = getattr(tls, "reason", None) or "handshake failed"
        return _NetworkError(f"TLS error with {where}: {reason}")
    if first(requests.exceptions.ProxyError, urllib3.exceptions.ProxyError):
        return _NetworkError(f"proxy error while fetching {url}")
    if first(requests.exceptions.ContentDecodingError, urllib3.exceptions.DecodeError):
        return _NetworkError(f"cannot decompress the response from {url}")
    if first(
        requests.exceptions.ChunkedEncodingError,
        urllib3.exceptions.ProtocolError,
        http.client.IncompleteRead,
        http.client.RemoteDisconnected,
    ):
        return _NetworkError(f"connection to {where} broke while reading {url} (truncated response)")
    if first(ConnectionError):
        return _NetworkError(f"connection to {where} was reset")
    if first(requests.exceptions.InvalidURL, urllib3.exceptions.LocationParseError, ValueError):
        return _NetworkError(f"invalid URL: {url}")
    return _NetworkError(f"cannot fetch {url}: {type(exc).__name__}")


def _netloc(parts: SplitResult) -> str:
    """host:port with the scheme's default port filled in (brackets kept for IPv6)."""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return f"{host}:{port}"


def _require_http_url(url: str) -> None:
    """Raise InputError unless `url` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # urlsplit validates the port only when it is read
    except ValueError as exc:
        raise InputError(f"malformed URL: {url}") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"not an http(s) URL: {url}")
    if not parts.hostname:
        raise InputError(f"URL has no host: {url}")


def _redirect_target(current: str, location: str) -> str:
    """The absolute URL a redirect points at; only http(s) is followed."""
    try:
        target = urljoin(current, location.strip())
        parts = urlsplit(target)
        _ = parts.port  # urlsplit validates the port only when it is read
    except ValueError as exc:
        raise FetchError(f"redirect from {current} to a malformed URL: {location}") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"refused redirect from {current} to a non-HTTP URL: {target}")
    return target


def _parse_content_type(value: str | None) -> tuple[str, str | None]:
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


def _is_textual(mime: str, content: bytes) -> bool:
    """True when a fetch_raw body is text worth decoding (HTML, XML, feeds, JSON), not gzip or other binary."""
    if not content or b"\x00" in content[:1024] or content.startswith(b"\x1f\x8b"):
        return False
    if not mime:
        return True
    return (
        mime.startswith("text/")
        or mime.endswith(("+xml", "+json"))
        or mime in ("application/xml", "application/json", "application/xhtml+xml")
    )


def _size(n: int) -> str:
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor} {unit}"
    return f"{n} bytes"
