"""Re-extract archived articles from the raw pages kept in `pages`, without fetching: after an upgrade, a profile
fix or newly learnt template text (archive/boilerplate.py).

Each article is rebuilt the way it was scraped (pipeline.complete_article, its split pages read from the archive
instead of the network) and saved through Archive.save_article, so a changed article keeps its previous content in
article_versions and its host's blocks are counted. A page that no longer yields an article fails that article only;
its row stays as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from beritascrape.archive.stored import last_pages
from beritascrape.errors import BeritaError, FetchError
from beritascrape.model import ARTICLE_KEYS, Article, Page
from beritascrape.pipeline import complete_article, extract_saved_page
from beritascrape.store import Archive

ReparseStatus = Literal["changed", "unchanged", "failed"]


@dataclass(frozen=True)
class Change:
    """One field of an article that re-extraction changes."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ReparseOutcome:
    """What re-extraction did (or, in a dry run, would do) to one archived article."""

    article_id: int
    url: str
    site: str | None
    status: ReparseStatus
    changes: tuple[Change, ...] = ()
    article: Article | None = None  # the re-extracted article
    message: str | None = None


class _StoredPages:
    """The pages of one save, answering complete_article's requests for the other pages of a split article."""

    def __init__(self, pages: list[Page]) -> None:
        self._by_url: dict[str, Page] = {}
        for page in pages:
            self._by_url.setdefault(page.final_url, page)
        for page in pages:
            self._by_url[page.url] = page  # the URL asked for wins over where a redirect led

    def fetch(self, url: str, *, user_given: bool = False) -> Page:
        """The stored page fetched as `url`; FetchError when the archive has none (reparse never fetches)."""
        page = self._by_url.get(url)
        if page is None:
            raise FetchError(f"{url} is not in the archive (reparse reads stored pages only)")
        return page


def changes(old: Article, new: Article) -> tuple[Change, ...]:
    """The fields that differ between two versions of an article, record order, then the extractor."""
    before, after = old.to_dict(), new.to_dict()
    found = [Change(key, before[key], after[key]) for key in ARTICLE_KEYS if before[key] != after[key]]
    if found and old.extractor != new.extractor:
        found.append(Change("extractor", old.extractor, new.extractor))
    return tuple(found)


def reextract(archive: Archive, pages: list[Page]) -> Article:
    """The article of stored pages, as scrape or crawl would extract it today, with the host's learnt template."""
    first = pages[0]
    if first.final_url.startswith(("http://", "https://")):
        return complete_article(_StoredPages(pages), first, archive.template_keys)[0]
    # A saved file scraped without --url: its page names the article (pipeline.load_article).
    return extract_saved_page(first, None, template_for=archive.template_keys)


def reparse(
    archive: Archive,
    article_ids: Iterable[int],
    *,
    dry_run: bool = False,
    run_id: int | None = None,
    on_outcome: Callable[[ReparseOutcome], None] | None = None,
) -> Iterator[ReparseOutcome]:
    """Re-extract each article and save what changed (nothing under `dry_run`); a failure is an outcome."""
    for article_id in article_ids:
        outcome = _reparse_one(archive, article_id, dry_run=dry_run, run_id=run_id)
        if outcome.status == "failed" and not dry_run:
            archive.record_failure(run_id, outcome.url, outcome.message or "failed")
        if on_outcome is not None:
            on_outcome(outcome)
        yield outcome


def _reparse_one(archive: Archive, article_id: int, *, dry_run: bool, run_id: int | None) -> ReparseOutcome:
    old = archive.get_article(article_id)
    if old is None:
        return ReparseOutcome(article_id, str(article_id), None, "failed", message="no such article")

    def failed(message: str) -> ReparseOutcome:
        return ReparseOutcome(article_id, old.url, old.site, "failed", message=f"{message}; kept as it was")

    try:
        pages = last_pages(archive, article_id)
        if not pages:
            return failed("no stored page to re-extract")
        new = reextract(archive, pages)
    except BeritaError as exc:
        return failed(str(exc))
    except Exception as exc:
        return failed(f"unexpected error: {type(exc).__name__}: {exc}")
    # The URL the article was reached by is the row's, not content: a later alias does not change it.
    new = dataclasses.replace(new, url=old.url)
    if new.canonical_url != old.canonical_url:
        # Another canonical URL is another archive row: re-extraction never moves or merges articles.
        return failed(f"re-extraction names another canonical URL ({new.canonical_url}, was {old.canonical_url})")
    diff = changes(old, new)
    if not dry_run and (diff or new.extractor != old.extractor):
        try:
            archive.save_article(new, (), run_id)
        except BeritaError as exc:  # a record the archive refuses (a date out of range): this article only
            return failed(str(exc))
    status: ReparseStatus = "changed" if diff else "unchanged"
    return ReparseOutcome(article_id, old.url, old.site, status, diff, new)
