"""Per-host politeness: each host's turn (its delay between requests), its failures in a row, and its pause."""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

from beritascrape.errors import FetchError, HostPaused
from beritascrape.fetch.transport import netloc


def host_key(url: str) -> str:
    """The key a host is paced, counted and paused by: host:port, lower-cased (as robots.txt is per host:port)."""
    return netloc(urlsplit(url)).lower()


class HostPacer:
    """The turns, failure counts and pauses of every host one Fetcher talks to; safe to share between threads."""

    # When a list: (host:port, monotonic time) of every request as its turn was granted, for tests of the pacing.
    request_log: list[tuple[str, float]] | None = None

    def __init__(self, min_delay: float, max_failures: int, *, delay_from_answer: bool) -> None:
        self.min_delay = min_delay
        self.max_failures = max_failures
        self.delay_from_answer = delay_from_answer
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._last_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._failures: dict[str, int] = {}
        self._paused: dict[str, str] = {}  # host -> why it is paused for the rest of the run

    def set_delay(self, url: str, seconds: float) -> None:
        """Space requests to `url`'s host at least `seconds` apart (or `min_delay`, whichever is larger)."""
        host = host_key(url)
        with self._lock:
            self._delays[host] = seconds
            # The request that read robots.txt (its Crawl-delay) counts: the next one waits the new delay from it.
            if host in self._last_start:
                after = self._last_start[host] + self._delay(host)
                self._next_slot[host] = max(self._next_slot.get(host, after), after)

    def paused(self, url: str) -> str | None:
        """Why `url`'s host is paused for the rest of this run, or None."""
        with self._lock:
            return self._paused.get(host_key(url))

    def pause(self, host: str, why: str) -> None:
        """Pause `host` (a host_key) for the rest of the run; the first reason given stays."""
        with self._lock:
            if host in self._paused:
                return
            self._paused[host] = why

    def check_paused(self, url: str) -> None:
        """Raise HostPaused when `url`'s host is paused."""
        why = self.paused(url)
        if why is not None:
            raise HostPaused(f"{url} not fetched: {netloc(urlsplit(url))} is paused for this run ({why})")

    def failed(self, url: str, exc: FetchError) -> None:
        """Count a connection failure or time-out; N in a row pause the host (circuit breaking)."""
        host = host_key(url)
        with self._lock:
            n = self._failures[host] = self._failures.get(host, 0) + 1
        if n >= self.max_failures:
            self.pause(host, f"{n} failed connections or time-outs in a row, the last: {exc}")

    def ok(self, url: str) -> None:
        """The host answered: its count of failures in a row starts again."""
        host = host_key(url)
        with self._lock:
            self._failures.pop(host, None)

    def hold(self, host: str, seconds: float) -> None:
        """Let no request go to `host` for `seconds` from now (a Retry-After or a back-off)."""
        with self._lock:
            ready = time.monotonic() + seconds
            self._next_slot[host] = max(self._next_slot.get(host, ready), ready)

    def wait_turn(self, url: str) -> None:
        """Sleep until the host's delay has passed since the last request to it was sent."""
        host = host_key(url)
        while True:
            # The turn is taken when the thread is awake to use it, so a late wake-up (a loaded machine) cannot
            # bring two requests closer than the delay.
            with self._lock:
                now = time.monotonic()
                start = self._next_slot.get(host, now)
                if start <= now:
                    self._last_start[host] = now
                    self._next_slot[host] = now + self._delay(host)
                    if self.request_log is not None:
                        self.request_log.append((host, now))
                    return
            time.sleep(start - now)

    def done_turn(self, url: str) -> None:
        """A request to the host was answered (or failed)."""
        # Count the delay from the answer too, so a slow server (or urllib3 retries) is not hit back to back.
        if not self.delay_from_answer:
            return
        host = host_key(url)
        with self._lock:
            delay = self._delay(host)
            if delay <= 0:
                return
            ready = time.monotonic() + delay
            self._next_slot[host] = max(self._next_slot.get(host, ready), ready)

    def _delay(self, host: str) -> float:
        """The minimum gap between two requests to `host`; call with `_lock` held."""
        return max(self.min_delay, self._delays.get(host, 0.0))
