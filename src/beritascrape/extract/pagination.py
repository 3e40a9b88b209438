"""Split articles: how many pages a page says there are, their URLs, and stitching them into one Article."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from beritascrape.model import Article
from beritascrape.sites.base import SiteProfile

# How page navigation marks the page being read: a class or id word, or a link to "#" (PRMN: "active" and
# href "#"; Tribun: id "pagecurrent").
CURRENT_PAGE_MARKS = ("active", "current")
_DIGITS = re.compile(r"^\s*(\d{1,3})\s*$")


@dataclass(frozen=True)
class Pagination:
    """Where a page sits in its article: page `current` of `count`."""

    count: int = 1
    current: int = 1


def read_pagination(doc: etree._Element, profile: SiteProfile | None) -> Pagination:
    """Read the page navigation a profile names; one page when there is none."""
    xp = profile.xpaths["paging_links"] if profile else None
    if xp is None:
        return Pagination()
    numbers: list[int] = []
    current = 1
    for link in xp(doc):
        n = _page_number(link, profile.page_param if profile else None)
        if n is None:
            continue
        numbers.append(n)
        marks = f"{link.get('class') or ''} {link.get('id') or ''}"
        if any(word in marks for word in CURRENT_PAGE_MARKS) or link.get("href") == "#":
            current = n
    return Pagination(max([*numbers, current, 1]), current)


def _page_number(link: etree._Element, param: str | None) -> int | None:
    for raw in (link.get("data-ci-pagination-page"), "".join(link.itertext())):
        m = _DIGITS.match(raw or "")
        if m:
            return int(m.group(1))
    if param:
        for key, value in parse_qsl(urlsplit(link.get("href") or "").query):
            if key == param and value.isdigit():
                return int(value)
    return None


def page_url(base: str, n: int, param: str) -> str:
    """The URL of page n of a split article; page 1 is the base URL without the page parameter."""
    parts = urlsplit(base)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != param]
    if n > 1:
        query.append((param, str(n)))
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def all_pages_url(base: str, page_all: str, param: str | None = None) -> str:
    """The URL that returns every page of a split article at once (`page_all` is a query like "page=all")."""
    parts = urlsplit(base)
    extra = parse_qsl(page_all, keep_blank_values=True)
    drop = {param, *(k for k, _ in extra)}
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in drop]
    return urlunsplit(parts._replace(query=urlencode(query + extra), fragment=""))


def merge_pages(pages: Sequence[Article]) -> Article:
    """Stitch the pages of one article, in order, into one Article; metadata comes from the first page."""
    first = pages[0]
    body = "\n\n".join(p.body for p in pages if p.body)
    captions: list[str] = []
    for page in pages:
        captions.extend(c for c in page.captions if c not in captions)
    return dataclasses.replace(
        first,
        body=body,
        captions=tuple(captions),
        word_count=len(body.split()),
        page_count=max(len(pages), first.page_count),
    )
