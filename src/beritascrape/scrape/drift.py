"""Layout drift seen during a run: articles a site profile could not read, which the generic path read instead.

extract/ marks such an article `extractor = "generic (profile NAME drifted)"`; a run tells it once per family and
host, with the count, so a redesign shows in the daily log without a line per article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from beritascrape.model import NO_SITE, Article

_DRIFTED = re.compile(r"^generic \(profile (?P<family>[^()\s]+) drifted\)$")


def drifted_profile(extractor: str) -> str | None:
    """The family whose profile drifted, for an extractor like "generic (profile kompas drifted)"; else None."""
    found = _DRIFTED.match(extractor)
    return found.group("family") if found else None


# A photo or video page's body is its captions: a profile body that holds none there is no sign of a redesign.
_MEDIA_KINDS = ("gallery", "video")


@dataclass
class DriftTally:
    """Drifted articles of one run, per (family, host), each URL once; the first is the one `sites --check` gets."""

    seen: dict[tuple[str, str], dict[str, None]] = field(default_factory=dict)

    @classmethod
    def of(cls, articles: Iterable[Article | None]) -> DriftTally:
        """The tally of a run's extracted articles (None for an input that failed)."""
        tally = cls()
        for article in articles:
            if article is not None:
                tally.note(article)
        return tally

    def note(self, article: Article) -> bool:
        """Count the article if its profile drifted (photo and video pages aside); True when it did."""
        family = drifted_profile(article.extractor)
        if family is None or article.kind in _MEDIA_KINDS:
            return False
        host = article.site or NO_SITE
        self.seen.setdefault((family, host), {})[article.url] = None
        return True

    @property
    def total(self) -> int:
        """How many articles were read by the generic path because their profile drifted."""
        return sum(len(urls) for urls in self.seen.values())

    def warnings(self) -> list[str]:
        """One line per family and host, in the order they were first seen."""
        lines = []
        for (family, host), urls in self.seen.items():
            count, url = len(urls), next(iter(urls))
            articles = "1 article" if count == 1 else f"{count} articles"
            lines.append(
                f"{family} profile drifted on {host} ({articles} read by the generic path); "
                f"run 'beritascrape sites --check {url}'"
            )
        return lines

    def caption(self) -> str:
        """The summary's note, or "" when nothing drifted."""
        return f"{self.total} read by the generic path (profile drift)" if self.total else ""
