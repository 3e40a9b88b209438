"""One daemon thread that runs callbacks at deadlines: the time limits of extraction and of HTTP responses.

A heap of (deadline, token) keeps arming and disarming at a few microseconds, so every page and every response can
have its own limit; a thread per limit would cost more than a small page's extraction.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
import time
from collections.abc import Callable


class Watchdog:
    """Callbacks run at monotonic deadlines, in the watchdog's own thread, unless disarmed first."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._live: set[int] = set()
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, deadline: float, callback: Callable[[], None]) -> int:
        """Run `callback` at `deadline` (time.monotonic) unless disarmed first; returns the token to disarm it."""
        with self._cond:
            token = next(self._ids)
            heapq.heappush(self._heap, (deadline, token, callback))
            self._live.add(token)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="beritascrape-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
        return token

    def disarm(self, token: int) -> bool:
        """Cancel a deadline; False when its callback already ran."""
        with self._cond:
            if token in self._live:
                self._live.discard(token)
                return True
            return False

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._heap and self._heap[0][1] not in self._live:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                deadline, token, callback = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                self._live.discard(token)
                # Under the lock: once disarm() returns False, the callback has run (not merely been picked).
                # A callback must never kill the thread every other limit relies on.
                with contextlib.suppress(Exception):
                    callback()


WATCHDOG = Watchdog()
