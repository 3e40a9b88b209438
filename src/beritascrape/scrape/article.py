"""One input to its Article: a URL fetched (every page of a split article) or a saved file, within a time budget."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qsl, urlsplit

import lxml.html

from beritascrape.errors import BeritaError, FetchError, InputError
from beritascrape.extract import merge_pages, page_url
from beritascrape.extract.limits import call_within
from beritascrape.extract.pagination import all_pages_url, marked_page, read_pagination
from beritascrape.extract.parse import parse_html
from beritascrape.fetch.decoding import load_file
from beritascrape.model import Article, Page
from beritascrape.scrape.inputs import is_url
from beritascrape.sites import get_profile

# The learnt template keys of a page's host, by the page's URL (Archive.template_keys); see archive/boilerplate.py.
TemplateFor = Callable[[str], Collection[str]]

if TYPE_CHECKING:
    from beritascrape.fetch.http import Fetcher


class PageSource(Protocol):
    """Where the other pages of a split article come from: the network (a Fetcher) or the archive (reparse)."""

    def fetch(self, url: str, *, user_given: bool = ...) -> Page:
        """The page at `url`."""
        ...


# Wall-clock seconds one page may take to extract: past it the page fails with one line and the run goes on.
# Extraction is linear in the page's size (benchmarks/extract_scaling.py: a 10 MiB page takes 2-4 s), so
# only a pathological page meets it.
EXTRACT_BUDGET = 10.0


def extract_page(
    text: str,
    url: str | None,
    *,
    now: datetime | None = None,
    require_article: bool = True,
    template: Collection[str] = (),
) -> Article:
    """parse_html of one page's text, within EXTRACT_BUDGET; `now`: when it was fetched (relative dates count
    from it: "2 jam yang lalu")."""
    what = f"extracting {url or 'the page'}"
    return call_within(
        EXTRACT_BUDGET, what, parse_html, text, url, now=now, require_article=require_article, template=template
    )


def fetch_article(fetcher: Fetcher, url: str, template_for: TemplateFor | None = None) -> tuple[Article, list[Page]]:
    """Fetch a URL and, for a split article, every page of it, stitched in order."""
    return complete_article(fetcher, fetcher.fetch(url, user_given=True), template_for)


def complete_article(
    fetcher: PageSource, first: Page, template_for: TemplateFor | None = None
) -> tuple[Article, list[Page]]:
    """Extract the article of an already fetched page, fetching its other pages when it is split.

    `template_for` gives the learnt template keys of the page's host, dropped from every page's body.
    """
    template = template_for(first.final_url) if template_for is not None else ()
    article = extract_page(first.text, first.final_url, now=first.fetched_at, template=template)
    profile = get_profile(article.extractor.removeprefix("profile:"))
    if article.page_urls:
        # A site no profile knows: its navigation gave every page's URL, page 1 first (the given page may be any).
        return _fetch_pages(fetcher, first, article, list(article.page_urls), template)
    if article.page_count <= 1 or profile is None or profile.pages_inline:
        return article, [first]
    if profile.page_all:
        return _fetch_all_pages_view(fetcher, first, article, profile.page_all, profile.page_param, template)
    if profile.page_param is None:
        return article, [first]
    base = page_url(first.final_url, 1, profile.page_param)
    targets = [page_url(base, n, profile.page_param) for n in range(1, article.page_count + 1)]
    return _fetch_pages(fetcher, first, article, targets, template)


def _fetch_pages(
    fetcher: PageSource, first: Page, article: Article, targets: list[str], template: Collection[str]
) -> tuple[Article, list[Page]]:
    """Fetch every page of a split article in order (the one in hand is not fetched again) and stitch them."""
    pages: list[Page] = []
    articles: list[Article] = []
    for n, target in enumerate(targets, 1):
        if target in (first.final_url, first.url):
            page, part = first, article
        else:
            try:
                page = fetcher.fetch(target, user_given=False)
                part = extract_page(
                    page.text, page.final_url, now=page.fetched_at, require_article=False, template=template
                )
            except BeritaError as exc:
                # A passing failure of one page (empty, cut off): the article is retried whole, never half-kept.
                raise FetchError(f"page {n} of {len(targets)} failed: {exc}") from None
        repeated = next((m for m, seen in enumerate(articles, 1) if part.body and seen.body == part.body), None)
        if repeated is not None:
            # A site that ignores the page number, or answers a page it lacks with page 1: stitched, the text would
            # repeat itself; kept alone, one page would pass for the whole article.
            raise FetchError(
                f"page {n} of {len(targets)} ({page.final_url}) holds the text of page {repeated}: "
                f"the site did not serve page {n}"
            )
        pages.append(page)
        articles.append(part)
    return merge_pages(articles), pages


def _fetch_all_pages_view(
    fetcher: PageSource,
    first: Page,
    article: Article,
    page_all: str,
    page_param: str | None,
    template: Collection[str] = (),
) -> tuple[Article, list[Page]]:
    # One request for the family's "show all pages" view (Kompas ?page=all) instead of one per page.
    target = all_pages_url(first.final_url, page_all, page_param)
    if target == first.final_url:
        return article, [first]
    try:
        page = fetcher.fetch(target, user_given=False)
    except BeritaError as exc:
        raise BeritaError(f"the all-pages view of a {article.page_count}-page article failed: {exc}") from None
    whole = extract_page(page.text, page.final_url, now=page.fetched_at, require_article=False, template=template)
    return dataclasses.replace(whole, url=article.url, page_count=max(article.page_count, whole.page_count)), [
        first,
        page,
    ]


def load_article(
    path: str, url: str | None = None, *, whole: bool = False, template_for: TemplateFor | None = None
) -> tuple[Article, list[Page]]:
    """Extract the article of one saved HTML file (one page; split articles are not followed).

    Without `url`, the page's own canonical link names it, so its site profile is still found by domain.
    With `whole`, one page of a split article is refused (an archive must not take it for the whole article).
    """
    page = load_file(path, url)
    return extract_saved_page(page, url, whole=whole, template_for=template_for, path=path), [page]


def extract_saved_page(
    page: Page,
    url: str | None,
    *,
    whole: bool = False,
    template_for: TemplateFor | None = None,
    path: str = "",
) -> Article:
    """The article of a saved file's page (see load_article); `url` is the one given with the file, if any."""
    template = template_for(url) if template_for is not None and url else ()
    article = extract_page(page.text, url, now=page.fetched_at, template=template)
    if template_for is not None and not url and article.url:
        # Only the page itself names its host: read it again with that host's template, when it has one.
        template = template_for(article.url)
        if template:
            article = extract_page(page.text, url, now=page.fetched_at, template=template)
    if whole:
        refuse_part(path or page.url, article)
    if not article.url:
        # Nothing in the page names it: the file itself does, so two such files never share one row.
        article = dataclasses.replace(article, url=page.final_url)
    return article


def refuse_part(path: str, article: Article) -> None:
    """Refuse one saved page of a split article: archived alone, it would pass for the whole text."""
    if article.page_count > 1:
        where = article.canonical_url or article.url
        raise InputError(
            f"{path} is one page of a {article.page_count}-page article; scrape its URL ({where}) or give all "
            f"{article.page_count} saved pages together to archive every page (`parse` prints a single saved page)"
        )


def extract_input(
    item: str,
    fetcher: Fetcher,
    url: str | None = None,
    *,
    whole: bool = False,
    template_for: TemplateFor | None = None,
) -> tuple[Article, list[Page]]:
    """One input, URL or file, to its Article and the pages it came from (`whole`: see load_article)."""
    if is_url(item):
        return fetch_article(fetcher, item, template_for)
    return load_article(item, url, whole=whole, template_for=template_for)


def split_key(article: Article, page: Page) -> tuple[str, int] | None:
    """For a saved page of a split article: the article's page-1 URL and this page's number (None otherwise)."""
    if article.page_urls:
        # A site no profile knows: the page's navigation listed every page, page 1 (the article's page-number-free
        # URL) first, whichever page was read; which page this is comes from the page itself.
        position = _position(article, page)
        return (article.page_urls[0], position) if position is not None else None
    profile = get_profile(article.extractor.removeprefix("profile:"))
    if article.page_count <= 1 or profile is None or profile.pages_inline:
        return None
    base = article.canonical_url or article.url
    number = None
    if profile.page_param:
        base = page_url(base, 1, profile.page_param)
        number = dict(parse_qsl(urlsplit(page.final_url).query)).get(profile.page_param)
    if number is None or not number.isdigit():
        # The page itself says which page it is (its navigation's current mark).
        current = read_pagination(
            lxml.html.fromstring(page.content), profile, article.canonical_url or article.url
        ).current
        return base, current
    return base, int(number)


def _position(article: Article, page: Page) -> int | None:
    """Which of `article.page_urls` a page of a site no profile knows is.

    By the address it was read from first; a saved file has none, and its canonical link may name page 1 on every
    page (many sites do): then its navigation's current mark says, and the link it names only when that is silent.
    """
    urls = article.page_urls
    for own in (page.final_url, page.url):
        if own in urls:
            return urls.index(own) + 1
    marked = marked_page(lxml.html.fromstring(page.content), article.url, urls)
    if marked is not None:
        return marked
    return next((n for n, u in enumerate(urls, 1) if u in (article.canonical_url, article.url)), None)
