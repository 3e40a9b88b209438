"""A real HTTP/1.1 server on 127.0.0.1 for tests: fixed, scripted or computed answers per path."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Response:
    """One scripted answer; a Content-Length in `headers` is sent as is (it may lie, to cut a body short)."""

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunks: int = 1
    chunk_delay: float = 0.0


@dataclass(frozen=True)
class RequestInfo:
    """One request as the server saw it; header names are lower-cased."""

    method: str
    path: str
    headers: dict[str, str]
    time: float


# A list answers successive requests in order and repeats its last item.
Route = Response | Callable[[RequestInfo], Response] | list[Response]

_NOT_FOUND = Response(404, b"not found", {"Content-Type": "text/plain; charset=utf-8"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, *, send_body: bool) -> None:
        info = RequestInfo(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            time=time.monotonic(),
        )
        response = self.server.owner._respond(info)
        stopping = self.server.stopping
        if response.delay and stopping.wait(response.delay):
            self.close_connection = True
            return
        body = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
        headers = dict(response.headers)
        given_length = next((v for k, v in headers.items() if k.lower() == "content-length"), None)
        chunked = given_length is None and response.chunks > 1
        if chunked:
            headers["Transfer-Encoding"] = "chunked"
        elif given_length is None:
            headers["Content-Length"] = str(len(body))
        elif int(given_length) != len(body):
            # The body was cut short on purpose: close so the client sees a truncated body.
            self.close_connection = True
        self.send_response(response.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not send_body:
            return
        for index, part in enumerate(_split(body, response.chunks)):
            if index and response.chunk_delay and stopping.wait(response.chunk_delay):
                self.close_connection = True
                return
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            else:
                self.wfile.write(part)
            self.wfile.flush()
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()


def _split(body: bytes, parts: int) -> list[bytes]:
    """Cut `body` into `parts` non-empty pieces (fewer if it is shorter)."""
    parts = max(1, min(parts, len(body))) if body else 1
    size, extra = divmod(len(body), parts)
    pieces, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        pieces.append(body[start:end])
        start = end
    return pieces


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: TestServer) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._handlers: list[threading.Thread] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(target=self.process_request_thread, args=(request, client_address))
        thread.daemon = True
        with self._lock:
            self._open.add(request)
            self._handlers = [t for t in self._handlers if t.is_alive()]
            self._handlers.append(thread)
        thread.start()

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hang up mid-body on purpose (size caps, time-outs); that is not a test failure.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def stop(self) -> None:
        """Stop accepting, wake every handler (sleeping or waiting on keep-alive) and wait for them."""
        self.stopping.set()
        self.shutdown()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            threads = list(self._handlers)
        for thread in threads:
            thread.join(timeout=5)
        self.server_close()


class TestServer:
    """A loopback HTTP server run in a background thread; use as a context manager."""

    __test__ = False  # not a pytest test class despite the name

    def __init__(self, routes: Mapping[str, Route] | None = None) -> None:
        self._routes: dict[str, Route] = dict(routes or {})
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self.requests: list[RequestInfo] = []
        self.errors: list[Exception] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    def __enter__(self) -> TestServer:
        self._server = _Server(self)
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None
        if self.errors and exc_type is None:
            # A callable route failed inside the server thread; fail the test that set it up.
            raise self.errors[0]

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return urlsplit(self.base_url).port or 0

    def url(self, path: str) -> str:
        """The absolute URL of `path` on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, route: Route) -> None:
        """Answer requests for `path` (path plus query, or path alone) with `route`."""
        with self._lock:
            self._routes[path] = route
            self._counts.pop(path, None)

    def paths(self) -> list[str]:
        """The paths of every request seen so far, in order."""
        with self._lock:
            return [r.path for r in self.requests]

    def _respond(self, info: RequestInfo) -> Response:
        with self._lock:
            self.requests.append(info)
            key = info.path if info.path in self._routes else info.path.split("?", 1)[0]
            route = self._routes.get(key)
            if route is None:
                return _NOT_FOUND
            if isinstance(route, list):
                count = self._counts.get(key, 0)
                self._counts[key] = count + 1
                return route[min(count, len(route) - 1)]
        if isinstance(route, Response):
            return route
        try:
            return route(info)
        except Exception as exc:
            with self._lock:
                self.errors.append(exc)
            return Response(500, traceback.format_exc(), {"Content-Type": "text/plain; charset=utf-8"})


def serve(routes: Mapping[str, Route] | None = None) -> TestServer:
    """A TestServer answering `routes`; use as `with serve({...}) as srv:`."""
    return TestServer(routes)
