"""A fault-injecting HTTP server on 127.0.0.1, on raw sockets: it misbehaves in ways http.server cannot.

Paths: /drip-headers (a header byte every `drip` seconds, forever), /drip-body (a body byte every `drip`
seconds), /silent (reads the request, never answers), /reset (half a body, then a TCP reset), /retry-after/N
(429 with Retry-After: N), /busy (503 with Retry-After: 1, then a page), /huge (an endless chunked body),
/bomb (a gzip bomb: 1 MiB on the wire, 1 GiB inflated), /utf16 (a UTF-16 page with a BOM), /page/N (an article),
/empty (an empty 200), /etag/N (an article with an ETag, 304 when asked with it), /sitemap.xml (the URLs in
`sitemap`), /robots.txt (`robots`, or 404). Every request is logged with its monotonic arrival time.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import struct
import threading
import time
from types import TracebackType

PARAGRAPHS = [f"Warga kampung {n} berkumpul di alun-alun merayakan hari jadi kota yang ke seratus." for n in range(6)]
ARTICLE = (
    "<html><head><title>Judul Berita</title><meta property='og:type' content='article'>"
    "<meta property='article:published_time' content='2024-03-05T10:00:00+07:00'></head><body><article>"
    "<h1>Judul Berita</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"
)


def _bomb() -> bytes:
    # 1 GiB of zeros, compressed once per process: about 1 MiB.
    out = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    return out * 16  # concatenated gzip members inflate one after another


class FaultServer:
    """Start with `with FaultServer() as srv:`; `srv.url(path)`; `srv.log` holds (path, time) per request."""

    def __init__(self, drip: float = 0.2) -> None:
        self.drip = drip
        self.log: list[tuple[str, float]] = []
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self._port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._busy_seen = 0
        self.sitemap: list[str] = []
        self.robots: str | None = None

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self._port}"

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base_url + path

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        with self._lock:
            return [p for p, _ in self.log]

    def __enter__(self) -> FaultServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(5)
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(1.0)
            request = b""
            while b"\r\n\r\n" not in request and not self._stop.is_set():
                try:
                    chunk = conn.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ", 2)[1].decode("latin-1") if request.count(b" ") >= 2 else "/"
            with self._lock:
                self.log.append((path, time.monotonic()))
            etag = next(
                (
                    line.split(b":", 1)[1].strip()
                    for line in request.split(b"\r\n")
                    if line.lower().startswith(b"if-none-match:")
                ),
                b"",
            ).decode("latin-1")
            with contextlib.suppress(OSError):  # the client gave up: that is what most faults are for
                self._answer(conn, path, etag)

    def _send(self, conn: socket.socket, status: str, body: bytes, *headers: str) -> None:
        head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close", *headers]
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)

    def _wait(self, seconds: float) -> bool:
        """Sleep; True when the server is stopping."""
        return self._stop.wait(seconds)

    def _answer(self, conn: socket.socket, path: str, if_none_match: str = "") -> None:
        html = "Content-Type: text/html; charset=utf-8"
        if path == "/robots.txt" and self.robots is not None:
            self._send(conn, "200 OK", self.robots.encode(), "Content-Type: text/plain")
        elif path == "/sitemap.xml":
            locs = "".join(f"<url><loc>{u}</loc></url>" for u in self.sitemap)
            xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
            self._send(conn, "200 OK", xml.encode(), "Content-Type: application/xml")
        elif path == "/empty":
            self._send(conn, "200 OK", b"", html)
        elif path.startswith("/etag/"):
            tag = f'"v{path[6:]}"'
            if if_none_match == tag:
                conn.sendall(f"HTTP/1.1 304 Not Modified\r\nETag: {tag}\r\nConnection: close\r\n\r\n".encode())
            else:
                self._send(conn, "200 OK", ARTICLE.encode(), html, f"ETag: {tag}")
        elif path == "/drip-headers":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            while not self._wait(self.drip):
                conn.sendall(b"X")  # one endless header line
        elif path == "/drip-body":
            conn.sendall(f"HTTP/1.1 200 OK\r\n{html}\r\nContent-Length: 100000\r\n\r\n<html><body>".encode())
            while not self._wait(self.drip):
                conn.sendall(b"x")
        elif path == "/silent" or path.startswith("/silent/"):
            self._wait(60)
        elif path == "/reset":
            conn.sendall(f"HTTP/1.1 200 OK\r\n{html}\r\nContent-Length: 5000\r\n\r\n<html><body><p>sepa".encode())
            time.sleep(0.05)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif path.startswith("/retry-after/"):
            self._send(conn, "429 Too Many Requests", b"slow down", f"Retry-After: {path.rsplit('/', 1)[1]}")
        elif path == "/busy":
            with self._lock:
                self._busy_seen += 1
                first = self._busy_seen == 1
            if first:
                self._send(conn, "503 Service Unavailable", b"busy", "Retry-After: 1")
            else:
                self._send(conn, "200 OK", ARTICLE.encode(), html)
        elif path == "/huge":
            conn.sendall(f"HTTP/1.1 200 OK\r\n{html}\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            while not self._stop.is_set():
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        elif path == "/bomb":
            self._send(conn, "200 OK", _bomb(), html, "Content-Encoding: gzip")
        elif path == "/utf16":
            self._send(conn, "200 OK", ARTICLE.encode("utf-16"), "Content-Type: text/html")
        elif path.startswith(("/page/", "/berita/")):
            name = path.rsplit("/", 1)[1]
            self._send(conn, "200 OK", ARTICLE.replace("Judul Berita", f"Judul Berita {name}").encode(), html)
        else:
            self._send(conn, "404 Not Found", b"not found", "Content-Type: text/plain")
