"""HTTP: one polite session with retries, size and time limits, robots.txt and the address guard.

Decoding lives in decoding.py, the address tests in addresses.py, response deadlines in deadline.py, the
one-line messages of transport failures in transport.py, per-host pacing and pauses in hosts.py, and what a host's
robots.txt allows in robots.py."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from beritascrape.errors import (
    BlockedAddress,
    FetchError,
    HTTPStatusError,
    InputError,
    NotAPage,
    NotHTML,
    ResponseTooLarge,
)
from beritascrape.fetch.addresses import private_address
from beritascrape.fetch.agent import DEFAULT_USER_AGENT
from beritascrape.fetch.deadline import Deadline, WatchedHTTPPool, WatchedHTTPSPool
from beritascrape.fetch.decoding import decode_html, parse_content_type, require_html_bytes
from beritascrape.fetch.hosts import HostPacer, host_key
from beritascrape.fetch.robots import ROBOTS_MAX_BYTES, Robots, RobotsUnreachable
from beritascrape.fetch.transport import TRANSPORT_ERRORS, NetworkError, TimedOut, netloc, network_error, timed_out
from beritascrape.model import Page

_CHUNK_SIZE = 64 * 1024
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# Answers that are files, not pages: a sitemap listing them lists no article (a crawl skips them for good). Any
# other non-HTML type may be a passing error page and is retried.
_MEDIA_PREFIXES = ("image/", "audio/", "video/", "font/")
_DOCUMENT_TYPES = frozenset({"application/pdf", "application/zip", "application/msword", "application/epub+zip"})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


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
    # Connection failures and time-outs in a row after which a host is paused for the rest of the run.
    max_host_failures: int = 3
    # True: the delay also runs from each answer (gentle on slow servers). A crawl, one request at a time per host,
    # sets False: the delay runs from request start to request start, as Scrapy's DOWNLOAD_DELAY and Crawl-delay do.
    delay_from_answer: bool = True


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None when absent or garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


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
        # Retries on 429/5xx are ours (_get), so that each waits its turn at the host like any request.
        adapter = HTTPAdapter(max_retries=Retry(total=0, connect=0, read=False, redirect=False, raise_on_status=False))
        adapter.poolmanager.pool_classes_by_scheme = {"http": WatchedHTTPPool, "https": WatchedHTTPSPool}
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
        self._robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self.hosts = HostPacer(
            self.config.min_delay, self.config.max_host_failures, delay_from_answer=self.config.delay_from_answer
        )
        # Told when a host makes us wait (Retry-After); a crawl shows it as one line.
        self.on_notice: Callable[[str], None] | None = None

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
                error = NotAPage if mime.startswith(_MEDIA_PREFIXES) or mime in _DOCUMENT_TYPES else NotHTML
                raise error(f"{url} is not HTML ({mime})")

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
        try:
            with response:
                status = response.status_code
                mime, charset = parse_content_type(response.headers.get("content-type"))
                answer_headers = {name.lower(): value for name, value in response.headers.items()}
                if status == 304 and headers:
                    return _Download(304, mime, charset, b"", response.url, answer_headers)
                if status >= 400:
                    self.hosts.ok(url)  # it answered: alive, whatever it said
                    raise HTTPStatusError(url, status)
                if not 200 <= status < 300:
                    raise FetchError(f"HTTP {status} from {url} is neither a page nor a redirect")
                check_type(mime)
                content = self._read_body(response, url, deadline, self.config.max_bytes)
                return _Download(status, mime, charset, content, response.url, answer_headers)
        finally:
            deadline.cancel()

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt of `url`'s host asks of us (fetching robots.txt once), or None."""
        _require_http_url(url)
        if not self.config.obey_robots:
            return None
        return self._robots_for(url).crawl_delay(self.config.user_agent)

    def set_host_delay(self, url: str, seconds: float) -> None:
        """Space requests to `url`'s host at least `seconds` apart (or `min_delay`, whichever is larger)."""
        self.hosts.set_delay(url, seconds)

    def paused(self, url: str) -> str | None:
        """Why `url`'s host is paused for the rest of this run, or None."""
        return self.hosts.paused(url)

    def _notice(self, message: str) -> None:
        if self.on_notice is not None:
            self.on_notice(message)

    def _open(
        self, url: str, *, guard_first: bool, obey_robots: bool, headers: dict[str, str] | None = None
    ) -> tuple[requests.Response, Deadline]:
        """Send GET and follow redirects by hand, checking every hop; returns the open final response."""
        current = url
        for hop in range(self.config.max_redirects + 1):
            if hop or guard_first:
                self._guard(current, redirected_from=url if hop else None)
            if obey_robots:
                self._check_robots(current)
            response, deadline = self._get(current, headers)
            target = self._session.get_redirect_target(response)
            if response.status_code not in _REDIRECT_STATUSES:
                return response, deadline
            response.close()
            deadline.cancel()
            if not target:
                raise FetchError(f"HTTP {response.status_code} redirect from {current} has no Location header")
            current = _redirect_target(current, target)
        raise FetchError(f"too many redirects (more than {self.config.max_redirects}) starting at {url}")

    def _get(self, url: str, headers: dict[str, str] | None = None) -> tuple[requests.Response, Deadline]:
        """One GET, retried on 429/5xx, with the body left unread; returns it and its armed deadline."""
        host = host_key(url)
        for attempt in range(self.config.retries + 1):
            self.hosts.check_paused(url)
            self.hosts.wait_turn(url)
            deadline = Deadline(self.config.deadline)
            read_timeout = min(self.config.read_timeout, self.config.deadline)
            Deadline.set_active(deadline)
            try:
                response = self._session.get(
                    url,
                    stream=True,
                    allow_redirects=False,
                    timeout=(self.config.connect_timeout, read_timeout),
                    headers=headers or None,
                )
            except TRANSPORT_ERRORS as exc:
                deadline.cancel()
                error: FetchError = timed_out(url, self.config.deadline) if deadline.passed else network_error(exc, url)
                self.hosts.failed(url, error)
                raise error from exc
            finally:
                Deadline.set_active(None)
                self.hosts.done_turn(url)
            if response.status_code not in _RETRY_STATUSES or attempt == self.config.retries:
                return response, deadline
            wait = self._retry_wait(response, attempt, host)
            response.close()
            deadline.cancel()
            if wait is None:
                raise HTTPStatusError(url, response.status_code)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _retry_wait(self, response: requests.Response, attempt: int, host: str) -> float | None:
        """Hold the host before a retry: Retry-After (capped) or exponential back-off; None to give up.

        Retry-After is about the server, not the URL: every request to the host waits. One beyond the cap
        (a site asking for an hour) pauses the host for the run instead of costing each URL its retries.
        """
        asked = _retry_after(response.headers.get("retry-after"))
        if asked is not None and asked > self.config.max_retry_after:
            self.hosts.pause(
                host,
                f"HTTP {response.status_code} with Retry-After {asked:g} s, more than the "
                f"{self.config.max_retry_after:g} s we wait",
            )
            return None
        wait = asked if asked is not None else self.config.backoff_factor * (2**attempt)
        self.hosts.hold(host, wait)
        if asked is not None and asked >= 1:
            self._notice(f"{host} answered HTTP {response.status_code}: waiting {asked:g} s (Retry-After)")
        return wait

    def _read_body(
        self, response: requests.Response, url: str, deadline: Deadline, limit: int, *, truncate: bool = False
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
                        self.hosts.ok(url)
                        return bytes(body[:limit])
                    raise ResponseTooLarge(f"{url} is larger than the {_size(limit)} limit")
                if deadline.passed:
                    raise timed_out(url, self.config.deadline)
        except TRANSPORT_ERRORS as exc:
            error = timed_out(url, self.config.deadline) if deadline.passed else network_error(exc, url)
            self.hosts.failed(url, error)
            raise error from exc
        except TimedOut as exc:
            self.hosts.failed(url, exc)
            raise
        if deadline.passed:  # the socket was shut at the deadline and the read ended early
            error = timed_out(url, self.config.deadline)
            self.hosts.failed(url, error)
            raise error
        self.hosts.ok(url)
        return bytes(body)

    def _guard(self, url: str, *, redirected_from: str | None = None) -> None:
        if self.config.allow_private:
            return
        host = urlsplit(url).hostname or ""
        address = private_address(host)
        if address is None:
            return
        # Say the redirect: the URL the user gave may be public, or the very address it lands on.
        where = f"{redirected_from} redirects to {url}, which" if redirected_from else url
        raise BlockedAddress(
            f"{where} points at a private or local address ({address}); refused without --allow-private"
        )

    def _check_robots(self, url: str) -> None:
        self._robots_for(url).check(url, self.config.user_agent)

    def _robots_for(self, url: str) -> Robots:
        """The parsed robots.txt for `url`'s scheme, host and port, fetched once and cached."""
        parts = urlsplit(url)
        key = f"{parts.scheme.lower()}://{netloc(parts)}"
        with self._lock:
            if key in self._robots:
                return self._robots[key]
            key_lock = self._robots_locks.setdefault(key, threading.Lock())
        # One lock per host: other threads wait for the first fetch instead of repeating it.
        with key_lock:
            with self._lock:
                if key in self._robots:
                    return self._robots[key]
            try:
                robots = self._load_robots(key + "/robots.txt", netloc(parts))
            except RobotsUnreachable as exc:
                robots = Robots(None, unreachable=str(exc))
                self.hosts.pause(netloc(parts).lower(), str(exc))
                with self._lock:
                    self._robots[key] = robots
                raise FetchError(str(exc)) from None
            with self._lock:
                self._robots[key] = robots
        return robots

    def _load_robots(self, robots_url: str, host: str) -> Robots:
        try:
            response, deadline = self._open(robots_url, guard_first=False, obey_robots=False)
            try:
                with response:
                    status = response.status_code
                    if not 200 <= status < 300:
                        self.hosts.ok(robots_url)
                        return Robots.answered(status)
                    body = self._read_body(response, robots_url, deadline, ROBOTS_MAX_BYTES, truncate=True)
            finally:
                deadline.cancel()
        except NetworkError as exc:
            raise RobotsUnreachable(f"host {host} is unreachable (fetching robots.txt): {exc}") from exc
        return Robots.parse(body)

    def robots_sitemaps(self, url: str) -> list[str]:
        """The `Sitemap:` lines of the robots.txt of `url`'s host (read once per run, shared with the rules)."""
        _require_http_url(url)
        return self._robots_for(url).sitemaps(url)


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
