"""Split articles: how many pages a page says there are, their URLs, and stitching them into one Article."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

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


def read_pagination(doc: etree._Element, profile: SiteProfile | None, url: str | None = None) -> Pagination:
    """Read the page navigation a profile names; one page when there is none.

    With the article's `url`, a numbered link counts only when it leads to a page of this article: Kompas pages
    carry the pager of a headline list ("Terkini") in the same markup, whose page 2 is another page's.
    """
    if profile is None or not profile.paging_links:
        return Pagination()
    article = _article_path(url)
    numbers: list[int] = []
    current = 1
    for link in profile.select("paging_links", doc):
        if article is not None and not _links_to(article, url or "", (link.get("href") or "").strip()):
            continue
        n = _page_number(link, profile.page_param if profile else None)
        if n is None:
            continue
        numbers.append(n)
        marks = f"{link.get('class') or ''} {link.get('id') or ''}"
        if any(word in marks for word in CURRENT_PAGE_MARKS) or link.get("href") == "#":
            current = n
    return Pagination(max([*numbers, current, 1]), current)


# A page of a split article on the same host: the same path, or the path with its page number (detik's /judul/2).
_PAGE_SEGMENT = re.compile(r"/\d{1,3}$")


def _article_path(url: str | None) -> tuple[str, str] | None:
    """(host, path) of an article URL with www./m. and a trailing page number dropped, or None without one."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if not host:
        return None
    return host, _PAGE_SEGMENT.sub("", parts.path.rstrip("/"))


def _links_to(article: tuple[str, str], url: str, href: str) -> bool:
    """Whether a navigation link stays on the page (#, javascript:) or leads to a page of this article."""
    if not href or href.startswith(("#", "javascript:")):
        return True
    try:
        target = _article_path(urljoin(url, href))
    except ValueError:
        return False
    return target == article


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


# Links of page navigation on sites no profile knows: "Halaman 1 2 3", "Selanjutnya", rel=next.
_NEXT_WORDS = re.compile(r"^\W*(?:selanjutnya|berikutnya|halaman\s+berikutnya|lanjut|next(?:\s+page)?|›|»|>)\W*$", re.I)
_LINKS = etree.XPath("descendant::a[@href] | //link[@rel='next' or @rel='prev'][@href]")
# The path form of a page number: /judul/2, /judul/2/, /judul-2 is not taken (slugs end in numbers).
_PATH_PAGE = re.compile(r"^(?P<base>.*?)/(?P<n>\d{1,2})/?$")
MAX_PAGES = 50


def discover_pages(scope: etree._Element, url: str) -> list[str]:
    """The URLs of every page of a split article on a site no profile knows, page 1 first; [] for one page.

    A link counts when its text is its page's number, "Selanjutnya"/"Next", or its rel is next/prev, and its
    URL is this page's URL with a page number added or changed: a query parameter (?page=2, WordPress's
    ?page=N with a self-referencing canonical) or a last path segment (/2).
    """
    current = urlsplit(url)
    if not current.hostname:
        return []
    found: dict[tuple[str, str], dict[int, str]] = {}
    navs: list[etree._Element] = []  # the elements around numbered page links
    for link in _LINKS(scope):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        text = "".join(link.itertext()).strip()
        numbered = _DIGITS.match(text)
        if not (numbered or _NEXT_WORDS.match(text) or (link.get("rel") or "").lower() in ("next", "prev")):
            continue
        try:
            target = urlsplit(urljoin(url, href))
        except ValueError:
            continue
        for pattern, n, base in _page_forms(current, target):
            if numbered and int(numbered.group(1)) != n:
                continue
            pages = found.setdefault(pattern, {})
            pages.setdefault(n, base if n == 1 else urlunsplit(target._replace(fragment="")))
            if numbered:
                nav = _nav_of(link)
                if nav is not None and nav not in navs:
                    navs.append(nav)
    if not found:
        return []
    pattern, pages = max(found.items(), key=lambda item: len(item[1]))
    kind, key = pattern
    first = _page_one(current, kind, key)
    pages.setdefault(1, first)
    here = _own_number(current, kind, key)
    if here:
        pages.setdefault(here, urlunsplit(current._replace(fragment="")))
    # The page being read is often a number without a link ("1 2 <span class=current>3</span>"): it counts, even
    # where this page's URL does not carry its number (a saved copy, a canonical naming page 1).
    for n in _unlinked_numbers(navs):
        if n <= max(pages) + 1 and n <= MAX_PAGES:
            pages.setdefault(n, _page_n(first, kind, key, n))
    count = min(max(pages), MAX_PAGES)
    if count < 2 or any(n not in pages for n in range(2, count + 1)):
        # A gap ("1 2 ... 9"): the pages between are numbered the same way.
        pages.update({n: _page_n(first, kind, key, n) for n in range(2, count + 1) if n not in pages})
    return [pages[n] for n in range(1, count + 1)] if count >= 2 else []


def marked_page(doc: etree._Element, url: str, page_urls: Sequence[str]) -> int | None:
    """Which page of a split article (`page_urls`, page 1 first, as discover_pages gives them) a page is, by its
    own navigation: the number marked current ("active"/"current", or a number beside the others that links to
    none of them), else the one number of them not linked; None when the navigation does not say.

    A saved page whose canonical link names page 1 (many sites do so on every page) says which page it is only so.
    """
    if not page_urls:
        return None
    numbers = {u: n for n, u in enumerate(page_urls, 1)}
    first = urlsplit(page_urls[0])
    linked: dict[int, etree._Element] = {}
    for link in doc.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        try:
            parts = urlsplit(urljoin(url, href))._replace(fragment="")
        except ValueError:
            continue
        n = numbers.get(urlunsplit(parts))
        if n is None and any(form[1] == 1 for form in _page_forms(first, parts)):
            n = 1  # page 1 linked with its number (?page=1), as discover_pages reads it
        shown = _DIGITS.match("".join(link.itertext()))
        if n is None or shown is None or int(shown.group(1)) != n:
            continue
        if _is_marked(link) or _is_marked(link.getparent()):
            return n  # <a class="current" href="?page=2">2</a>, <li class="active"><a ...>2</a></li>
        linked.setdefault(n, link)
    if not linked:
        return None
    nav = _holder(list(linked.values()))
    found: dict[int, bool] = {}  # a number shown in the navigation that is no page link -> whether it is marked
    for element in nav.iter():
        if not isinstance(element.tag, str) or element in linked.values() or len(element):
            continue
        shown = _DIGITS.match(element.text or "")
        if shown and int(shown.group(1)) not in linked:
            n = int(shown.group(1))
            found[n] = found.get(n, False) or _is_marked(element) or _is_marked(element.getparent())
    marked = [n for n, mark in found.items() if mark]
    for candidates in (marked, list(found), [n for n in range(1, len(page_urls) + 1) if n not in linked]):
        if len(candidates) == 1 and 1 <= candidates[0] <= MAX_PAGES:
            return candidates[0]
    return None


def _is_marked(element: etree._Element | None) -> bool:
    if element is None or not isinstance(element.tag, str):
        return False
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return any(word in marks for word in CURRENT_PAGE_MARKS)


def _holder(links: list[etree._Element]) -> etree._Element:
    """The innermost element holding every one of `links` (a page navigation), or the parent of a lone link."""
    first = links[0]
    for ancestor in first.iterancestors():
        if all(any(a is ancestor for a in link.iterancestors()) for link in links[1:]):
            return ancestor
    parent = first.getparent()
    return parent if parent is not None else first


def _nav_of(link: etree._Element) -> etree._Element | None:
    # The navigation holding a numbered link: its parent, or the list around its <li>.
    parent = link.getparent()
    if parent is not None and parent.tag == "li":
        parent = parent.getparent()
    return parent


def _unlinked_numbers(navs: list[etree._Element]) -> list[int]:
    """Page numbers written in the navigation without a link (the current page)."""
    out = []
    for nav in navs:
        for el in nav.iter("span", "strong", "b", "em", "li", "a"):
            if len(el) or (el.tag == "a" and el.get("href")):
                continue
            m = _DIGITS.match(el.text or "")
            if m and not any(up.tag == "a" and up.get("href") for up in el.iterancestors("a")):
                out.append(int(m.group(1)))
    return out


def _page_forms(current: SplitResult, target: SplitResult) -> list[tuple[tuple[str, str], int, str]]:
    """How target is a page of current's article: (("query", key) or ("path", base), n, page-one URL)."""
    if (target.hostname or "").lower() != (current.hostname or "").lower():
        return []
    out = []
    here, there = dict(parse_qsl(current.query)), dict(parse_qsl(target.query))
    if target.path == current.path:
        changed = [k for k in set(here) | set(there) if here.get(k) != there.get(k)]
        if len(changed) == 1 and (there.get(changed[0]) or "").isdigit():
            key = changed[0]
            out.append((("query", key), int(there[key]), _page_one(current, "query", key)))
    m_here, m_there = _PATH_PAGE.match(current.path), _PATH_PAGE.match(target.path)
    base = m_here.group("base") if m_here else current.path.rstrip("/")
    if m_there and m_there.group("base") == base and target.query == current.query:
        out.append((("path", base), int(m_there.group("n")), _page_one(current, "path", base)))
    elif m_here and target.path.rstrip("/") == base and target.query == current.query:
        out.append((("path", base), 1, _page_one(current, "path", base)))
    return out


def _own_number(current: SplitResult, kind: str, key: str) -> int | None:
    if kind == "query":
        value = dict(parse_qsl(current.query)).get(key, "")
        return int(value) if value.isdigit() else None
    m = _PATH_PAGE.match(current.path)
    return int(m.group("n")) if m and m.group("base") == key else None


def _page_one(current: SplitResult, kind: str, key: str) -> str:
    if kind == "query":
        query = [(k, v) for k, v in parse_qsl(current.query, keep_blank_values=True) if k != key]
        return urlunsplit(current._replace(query=urlencode(query), fragment=""))
    return urlunsplit(current._replace(path=key, fragment=""))


def _page_n(first: str, kind: str, key: str, n: int) -> str:
    if kind == "query":
        return page_url(first, n, key)
    parts = urlsplit(first)
    return urlunsplit(parts._replace(path=f"{key}/{n}"))


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


def url_page_number(url: str, param: str | None) -> int:
    """Which page of a split article a URL is, by the family's page parameter (1 without one)."""
    if param is None:
        return 1
    for key, value in parse_qsl(urlsplit(url).query):
        if key == param and value.isdigit():
            return max(int(value), 1)
    return 1


def split_page_number(url: str) -> int:
    """Which page of a split article a URL is, by its family's page parameter (1 where the family names none or
    keeps every page in one HTML)."""
    from beritascrape.sites import find_profile  # the registry loads every profile: not at import time

    return url_page_number(url, page_param_of(find_profile(url)))


def page_param_of(profile: SiteProfile | None) -> str | None:
    """The query parameter that numbers a family's pages, or None (no family, or every page in one HTML)."""
    return profile.page_param if profile is not None and not profile.pages_inline else None
