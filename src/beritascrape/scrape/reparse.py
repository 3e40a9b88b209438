"""Re-extract archived articles from the raw pages kept in `pages`, without fetching: after an upgrade, a profile
fix or newly learnt template text (archive/boilerplate.py).

Each article is rebuilt the way it was scraped (article.complete_article, its split pages read from the archive
instead of the network) and saved through Archive.save_batch, so a changed article keeps its previous content in
article_versions and its host's blocks are counted. A page that no longer yields an article fails that article only;
its row stays as it was.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from beritascrape import parse_html, workers
from beritascrape.archive.boilerplate import host_key
from beritascrape.archive.completeness import keeps_archived, pages_held
from beritascrape.archive.queue import BatchQueue, Written
from beritascrape.archive.rows import PreparedArticle, prepare_article
from beritascrape.archive.store import Archive, SaveResult
from beritascrape.archive.stored import article_pages, last_pages
from beritascrape.errors import BeritaError, FetchError
from beritascrape.extract.pagination import merge_pages, split_page_number
from beritascrape.model import ARTICLE_KEYS, Article, Page
from beritascrape.scrape.article import TemplateFor, complete_article, extract_saved_page

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

    def __init__(self, pages: list[Page], earlier: Callable[[], Sequence[Page]] = tuple) -> None:
        self._by_url: dict[str, Page] = {}
        for page in pages:
            self._by_url.setdefault(page.final_url, page)
        for page in pages:
            self._by_url[page.url] = page  # the URL asked for wins over where a redirect led
        self._earlier = earlier

    def fetch(self, url: str, *, user_given: bool = False) -> Page:
        """The stored page fetched as `url`; FetchError when the archive has none (reparse never fetches)."""
        page = self._by_url.get(url)
        if page is None:
            # A page the last save lacks may be one of the article's earlier saves (ingest completes an article
            # from pages of several runs); read only then.
            page = next((p for p in self._earlier() if p.url == url), None)
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


def reextract(
    archive: Archive,
    pages: list[Page],
    template_for: TemplateFor | None = None,
    earlier: Callable[[], Sequence[Page]] = tuple,
) -> tuple[Article, int]:
    """The article of stored pages, as scrape or crawl would extract it today, with the host's learnt template, and
    how many of its pages it was made from (archive/completeness.py).

    `template_for` gives the template keys of a page's host (default: the archive's as they stand now); `earlier()`
    gives the article's pages of earlier saves, read only when a split article's page is not in the last save.
    """
    template_for = template_for or archive.template_keys
    first = pages[0]
    if split_page_number(first.final_url) != 1:
        # The last save began on a later page: its page 1, archived by an earlier run, names the article.
        first = next((p for p in earlier() if p.url != first.url and split_page_number(p.url) == 1), first)
    if first.final_url.startswith(("http://", "https://")):
        try:
            article, used = complete_article(_StoredPages(pages, earlier), first, template_for)
        except FetchError:
            if any(page.warc is None for page in pages):
                raise
            # Read out of web archives, a split article keeps the pages its WARC files held (ingest says so in its
            # summary): they are stitched again as ingest stitched them.
            article, used = _stitch_ingested(pages, earlier, template_for)
        return article, pages_held(article.extractor, article.page_count, (p.url for p in used))
    # Saved files scraped without --url: each page names the article (article.load_article); the pages of a split
    # article were stored in page order, and are stitched as scrape stitched them.
    parts = [extract_saved_page(page, None, template_for=template_for) for page in pages]
    article = parts[0] if len(parts) == 1 else merge_pages(parts)
    return article, pages_held(article.extractor, article.page_count, (p.url for p in pages))


def _stitch_ingested(
    pages: list[Page], earlier: Callable[[], Sequence[Page]], template_for: TemplateFor
) -> tuple[Article, list[Page]]:
    """The last save's pages of a split article read from web archives and, for the page numbers they lack, the
    pages of earlier saves (ingest completes a group from archived pages, which its save does not store again),
    stitched in page order; with the pages used."""
    numbers = [split_page_number(page.final_url) for page in pages]
    if len(set(numbers)) < len(pages):
        # A family whose URLs do not number its pages (ingest told them by their navigation): as they were saved.
        return merge_pages([_ingested_part(page, template_for) for page in pages]), pages
    parts = {n: (page, _ingested_part(page, template_for)) for n, page in zip(numbers, pages, strict=True)}
    total = max(article.page_count for _, article in parts.values())
    if any(n not in parts for n in range(1, total + 1)):
        for page in earlier():
            number = split_page_number(page.url)
            if number in parts or number > total:
                continue
            try:
                parts[number] = (page, _ingested_part(page, template_for))
            except BeritaError:
                continue  # a page that no longer reads is left out, as ingest leaves it out
    ordered = [parts[n] for n in sorted(parts)]
    return merge_pages([article for _, article in ordered]), [page for page, _ in ordered]


def _ingested_part(page: Page, template_for: TemplateFor) -> Article:
    # What ingest's extract_entry reads from one page: a later page is short by nature, not judged on its own.
    first = split_page_number(page.final_url) == 1
    return parse_html(
        page.text, page.final_url, now=page.fetched_at, require_article=first, template=template_for(page.final_url)
    )


@dataclass(frozen=True)
class _Work:
    """What every article of a reparse run is re-extracted with: the archive (or its file, opened read-only in a
    worker process), the template text learnt when the run began, and whether the run writes."""

    path: str
    templates: dict[str, frozenset[str]]
    dry_run: bool

    def template_for(self, url: str) -> Collection[str]:
        return self.templates.get(host_key(url) or "", ())


_work: _Work | None = None
_archive: Archive | None = None  # this process's connection to the archive being re-extracted


def _start(work: _Work, archive: Archive | None = None) -> None:
    """Set the run's work in this process: a worker opens the archive read-only on first use; one job uses the
    caller's own connection."""
    global _work, _archive
    _work, _archive = work, archive


@dataclass(frozen=True)
class _Redone:
    """One article re-extracted (in a worker or here): its outcome, and the rows to write when it changed."""

    outcome: ReparseOutcome
    prepared: PreparedArticle | None = None


def _redo(article_id: int) -> _Redone:
    """Re-extract one article from the archive (read only: the writer saves what changed)."""
    global _archive
    assert _work is not None
    if _archive is None:
        _archive = Archive(_work.path, read_only=True)
    return _reparse_one(_archive, article_id, _work)


def reparse(
    archive: Archive,
    article_ids: Iterable[int],
    *,
    dry_run: bool = False,
    run_id: int | None = None,
    on_outcome: Callable[[ReparseOutcome], None] | None = None,
    jobs: int = 1,
) -> Iterator[ReparseOutcome]:
    """Re-extract each article and save what changed (nothing under `dry_run`); a failure is an outcome.

    Articles are re-extracted on `jobs` worker processes (1: here), each reading the archive, with the template
    text learnt when the run began; this process writes the changed ones in batches (archive/queue.py), in input order.
    """
    queue: BatchQueue[ReparseOutcome] = BatchQueue(archive, run_id)
    work = _Work(str(archive.path), archive.template_snapshot(), dry_run)

    def emit() -> Iterator[ReparseOutcome]:
        for outcome, _ in queue.flush():
            if outcome.status == "failed" and not dry_run:
                archive.record_failure(run_id, outcome.url, outcome.message or "failed")
            if on_outcome is not None:
                on_outcome(outcome)
            yield outcome

    redone = workers.ordered_map(
        _redo,
        article_ids,
        jobs,
        preload=["beritascrape.scrape.reparse"],
        initializer=_start,
        initargs=(work,) if jobs > 1 else (work, archive),
    )
    try:
        try:
            for found in redone:
                if found.prepared is None:
                    queue.done(found.outcome)
                else:
                    queue.save(found.prepared, functools.partial(_saved, found.outcome))
                if queue.due():
                    yield from emit()
            yield from emit()
        except (KeyboardInterrupt, workers.WorkerDied):
            # The articles in hand are written and reported before the interrupt (or the lost worker) stops the run.
            yield from emit()
            raise
    finally:
        redone.close()
        _start(work)  # this process's reference to the caller's archive goes


def _saved(outcome: ReparseOutcome, written: Written) -> list[ReparseOutcome]:
    """The outcome of a changed article once its write is done (or failed: its row stays as it was)."""
    if isinstance(written, SaveResult):
        return [outcome]
    message = (
        str(written) if isinstance(written, BeritaError) else f"unexpected error: {type(written).__name__}: {written}"
    )
    return [dataclasses.replace(outcome, status="failed", changes=(), message=f"{message}; kept as it was")]


def _reparse_one(archive: Archive, article_id: int, work: _Work) -> _Redone:
    stored = archive.get_stored(article_id)
    if stored is None:
        return _Redone(ReparseOutcome(article_id, str(article_id), None, "failed", message="no such article"))
    old = stored.article

    def failed(message: str) -> _Redone:
        return _Redone(ReparseOutcome(article_id, old.url, old.site, "failed", message=f"{message}; kept as it was"))

    try:
        pages = last_pages(archive, article_id)
        if not pages:
            return failed("no stored page to re-extract")
        earlier = functools.cache(lambda: article_pages(archive, article_id))
        new, held = reextract(archive, pages, work.template_for, earlier)
    except BeritaError as exc:
        return failed(str(exc))
    except Exception as exc:
        return failed(f"unexpected error: {type(exc).__name__}: {exc}")
    # The URL the article was reached by is the row's, not content: a later alias does not change it.
    new = dataclasses.replace(new, url=old.url)
    if new.canonical_url != old.canonical_url:
        # Another canonical URL is another archive row: re-extraction never moves or merges articles.
        return failed(f"re-extraction names another canonical URL ({new.canonical_url}, was {old.canonical_url})")
    missing = max(0, new.page_count - held)
    if keeps_archived((new.page_count, missing), (old.page_count, stored.pages_missing)):
        # Fewer pages read again than the row was made from (one no longer reads, or is not stored): the row stays.
        kept = old.page_count - stored.pages_missing
        return failed(f"re-extraction reads {held} of its {new.page_count} pages, the archived copy {kept}")
    diff = changes(old, new)
    status: ReparseStatus = "changed" if diff else "unchanged"
    outcome = ReparseOutcome(article_id, old.url, old.site, status, diff, new)
    if work.dry_run or not (diff or new.extractor != old.extractor or missing < stored.pages_missing):
        return _Redone(outcome)
    try:
        return _Redone(outcome, prepare_article(new, held=held))
    except BeritaError as exc:  # a record the archive refuses (a date out of range): this article only
        return failed(str(exc))
