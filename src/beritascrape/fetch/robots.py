"""robots.txt as the fetcher reads it (RFC 9309): the rules of one host and what its state means for a URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from beritascrape.errors import FetchError, HostPaused, HTTPStatusError, RobotsDisallowed
from beritascrape.fetch.transport import netloc

# RFC 9309 2.5: parsers must read at least 500 KiB and may ignore the rest.
ROBOTS_MAX_BYTES = 512 * 1024


class RobotsUnreachable(FetchError):
    """robots.txt could not be fetched for a network reason."""


@dataclass(frozen=True)
class Robots:
    """One host's robots.txt, or why there is none to obey."""

    parser: Protego | None  # None: no robots.txt, everything allowed
    failed_status: int | None = None  # robots.txt answered 429/5xx: everything disallowed (RFC 9309 2.3.1.4)
    # The host could not be reached for robots.txt: remembered for the run (the host is paused), so a dead host
    # costs one time-out, not one per queued URL.
    unreachable: str | None = None

    @classmethod
    def parse(cls, body: bytes) -> Robots:
        """The rules of a robots.txt body."""
        return cls(Protego.parse(body.decode("utf-8-sig", errors="replace")))

    @classmethod
    def answered(cls, status: int) -> Robots:
        """robots.txt answered a non-2xx status: 429/5xx disallow everything until it recovers, any other allows all."""
        return cls(None, status if status == 429 or status >= 500 else None)

    def check(self, url: str, user_agent: str) -> None:
        """Raise unless `url` may be fetched: HostPaused (unreachable) or RobotsDisallowed."""
        host = netloc(urlsplit(url))
        if self.unreachable is not None:
            raise HostPaused(self.unreachable)
        if self.failed_status is not None:
            raise RobotsDisallowed(
                f"robots.txt of {host} answered HTTP {self.failed_status}, "
                f"so {url} is treated as disallowed until it recovers"
            )
        if self.parser is not None and not self.parser.can_fetch(url, user_agent):
            raise RobotsDisallowed(f"robots.txt of {host} disallows {url}")

    def crawl_delay(self, user_agent: str) -> float | None:
        """The Crawl-delay asked of `user_agent`, or None."""
        return None if self.parser is None else self.parser.crawl_delay(user_agent)

    def sitemaps(self, url: str) -> list[str]:
        """The `Sitemap:` lines; HostPaused or HTTPStatusError when robots.txt could not be read."""
        if self.unreachable is not None:
            raise HostPaused(self.unreachable)
        if self.failed_status is not None:
            parts = urlsplit(url)
            raise HTTPStatusError(f"{parts.scheme}://{parts.netloc}/robots.txt", self.failed_status)
        return [] if self.parser is None else list(self.parser.sitemaps)
