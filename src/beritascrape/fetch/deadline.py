"""Wall-clock deadlines of HTTP responses: the watchdog shuts a response's sockets when its time is up."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from beritascrape.watchdog import WATCHDOG


class Deadline:
    """One response's wall-clock limit: at the deadline its sockets are shut, whatever the server is doing.

    A per-read time-out cannot stop a server that drips a byte a second (each read succeeds), in the headers or in
    the body; shutting the socket from the watchdog thread wakes the blocked read at once.
    """

    _current = threading.local()

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._token = WATCHDOG.arm(self.at, self._expire)

    @property
    def passed(self) -> bool:
        """Whether the deadline has passed."""
        return time.monotonic() >= self.at

    def watch(self, sock: socket.socket | None) -> None:
        """Shut `sock` down at the deadline (at once when it has passed already)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
        if self.passed:
            self._expire()

    def _expire(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        """The response was read in time (or given up): stop watching its sockets."""
        WATCHDOG.disarm(self._token)
        with self._lock:
            self._sockets = []

    @classmethod
    def active(cls) -> Deadline | None:
        """The deadline of the request this thread is sending, if any."""
        return getattr(cls._current, "deadline", None)

    @classmethod
    def set_active(cls, deadline: Deadline | None) -> None:
        cls._current.deadline = deadline


class _WatchedHTTPConnection(HTTPConnection):
    """urllib3's connection, handing its socket to the deadline of the request in progress."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        deadline = Deadline.active()
        if deadline is not None:
            deadline.watch(sock)  # covers a TLS handshake too
        return sock

    def getresponse(self) -> Any:
        deadline = Deadline.active()
        if deadline is not None:
            deadline.watch(self.sock)  # a kept-alive connection was opened by an earlier request
        return super().getresponse()


class _WatchedHTTPSConnection(HTTPSConnection, _WatchedHTTPConnection):
    """The TLS connection with the same watch."""


class WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection
