"""Transport failures (refused, unresolved, timed out, TLS, truncated...) as one clear line each."""

from __future__ import annotations

import http.client
import socket
import ssl
from urllib.parse import SplitResult, urlsplit

import requests
import urllib3.exceptions

from beritascrape.errors import FetchError


class NetworkError(FetchError):
    """The host could not be reached or the connection broke (not an HTTP status)."""


class TimedOut(NetworkError):
    """A response did not arrive whole within the deadline."""


def timed_out(url: str, seconds: float) -> TimedOut:
    return TimedOut(f"timed out: {url} took longer than {seconds:g} s")


# Everything requests, urllib3, http.client or the socket layer may raise while talking to a server.
TRANSPORT_ERRORS = (
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


def network_error(exc: BaseException, url: str) -> NetworkError:
    """One clear line for a transport failure."""
    chain = _causes(exc)

    def first(*types: type[BaseException]) -> BaseException | None:
        return next((e for e in chain if isinstance(e, types)), None)

    try:
        parts = urlsplit(url)
        where, host = netloc(parts), parts.hostname or url
    except ValueError:
        where = host = url
    if first(ConnectionRefusedError):
        return NetworkError(f"cannot connect to {where}: connection refused")
    if first(urllib3.exceptions.NameResolutionError, socket.gaierror):
        return NetworkError(f"cannot resolve host {host}")
    connect_timeout = first(requests.exceptions.ConnectTimeout, urllib3.exceptions.ConnectTimeoutError)
    if connect_timeout and not isinstance(connect_timeout, urllib3.exceptions.NewConnectionError):
        return NetworkError(f"timed out connecting to {where}")
    if first(requests.exceptions.ReadTimeout, urllib3.exceptions.ReadTimeoutError, TimeoutError):
        return NetworkError(f"timed out reading {url}")
    tls = first(ssl.SSLError)
    if tls or first(requests.exceptions.SSLError, urllib3.exceptions.SSLError):
        reason = getattr(tls, "reason", None) or "handshake failed"
        return NetworkError(f"TLS error with {where}: {reason}")
    if first(requests.exceptions.ProxyError, urllib3.exceptions.ProxyError):
        return NetworkError(f"proxy error while fetching {url}")
    if first(requests.exceptions.ContentDecodingError, urllib3.exceptions.DecodeError):
        return NetworkError(f"cannot decompress the response from {url}")
    if first(
        requests.exceptions.ChunkedEncodingError,
        urllib3.exceptions.ProtocolError,
        http.client.IncompleteRead,
        http.client.RemoteDisconnected,
    ):
        return NetworkError(f"connection to {where} broke while reading {url} (truncated response)")
    if first(ConnectionError):
        return NetworkError(f"connection to {where} was reset")
    if first(requests.exceptions.InvalidURL, urllib3.exceptions.LocationParseError, ValueError):
        return NetworkError(f"invalid URL: {url}")
    return NetworkError(f"cannot fetch {url}: {type(exc).__name__}")


def netloc(parts: SplitResult) -> str:
    """host:port with the scheme's default port filled in (brackets kept for IPv6)."""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return f"{host}:{port}"
