"""The scrape path: input (URL or saved file) -> Page(s) -> Article -> archive, one outcome per input."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from beritascrape import workers
from beritascrape.archive.boilerplate import host_key
from beritascrape.archive.queue import BATCH_SECONDS, BATCH_SIZE, BatchQueue, Place, Written
from beritascrape.archive.rows import PreparedArticle, prepare_article
from beritascrape.archive.store import Archive, SaveResult
from beritascrape.errors import ArchiveError, BeritaError
from beritascrape.extract import merge_pages
from beritascrape.model import Article, Page
from beritascrape.scrape.article import (
    TemplateFor,
    complete_article,
    fetch_article,
    load_article,
    refuse_part,
    split_key,
)
from beritascrape.scrape.inputs import is_url

# "stitched": a saved page whose text went into the article of an earlier input (the first page of its set).
Status = Literal["new", "updated", "unchanged", "parsed", "stitched", "failed"]

if TYPE_CHECKING:
    from beritascrape.fetch.http import Fetcher


# Archive writes failing this many times in a row, for a reason other than another writer's lock, stop the run.
MAX_WRITE_FAILURES = 3
# A split article's saved pages wait for the others this many inputs after its first one came: the outcomes of the
# inputs between wait with them (in input order), so their memory is bounded; a set still incomplete is then taken
# page by page, as at the end of the run. The pages of one article saved together sit next to each other.
SPLIT_WAIT = 5000


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: its status, the article (when extracted) and a message on failure."""

    input: str
    status: Status
    article: Article | None = None
    message: str | None = None
    article_id: int | None = None


@dataclass
class _SplitSet:
    """Saved pages of one split article met so far, by page number, each with the place its outcome keeps among
    the run's outcomes (input order): stitched once every page is in."""

    count: int
    first: int = 0  # the input number of its first page met
    pages: dict[int, tuple[str, Article, list[Page], Place[Outcome]]] = dataclasses.field(default_factory=dict)


class ArchiveUnwritable(ArchiveError):
    """Writes to the archive keep failing (disk full, read-only): the run stops, with this one line."""


@dataclass(frozen=True)
class Extracted:
    """One input read and extracted (in a worker process or here): the rows to write, or why it failed."""

    item: str
    article: Article | None = None
    prepared: PreparedArticle | None = None  # a whole article, ready for the writer
    pages: tuple[Page, ...] = ()  # a page of a split article: the writer stitches it with the others
    key: tuple[str, int] | None = None  # its split_key
    message: str | None = None  # why the input failed
    is_url: bool = False  # a URL: fetched by the writing process itself, in its turn


@dataclass(frozen=True)
class _FileWork:
    """What every saved file of a run is read with: its --url, the learnt template snapshot, whether it archives."""

    url: str | None
    templates: dict[str, frozenset[str]] | None
    archiving: bool

    def template_for(self, url: str) -> Collection[str]:
        return (self.templates or {}).get(host_key(url) or "", ())


_work = _FileWork(None, None, False)


def _start_files(work: _FileWork) -> None:
    """Set the run's file work in this process (a worker, or the writer itself with one job)."""
    global _work
    _work = work


def extract_saved(item: str) -> Extracted:
    """One input of scrape/parse in a worker: a saved file parsed and, when archiving, made into rows."""
    work = _work
    try:
        if is_url(item):
            return Extracted(item, is_url=True)
        template_for = work.template_for if work.templates is not None else None
        article, pages = load_article(item, work.url, template_for=template_for)
        key = None if work.url else split_key(article, pages[0])
        if key is not None:
            return Extracted(item, article, pages=tuple(pages), key=key)
        if not work.archiving:
            return Extracted(item, article)
        refuse_part(item, article)
        return Extracted(item, article, prepare_article(article, pages))
    except ArchiveError as exc:  # a record the archive refuses (a date out of range)
        return Extracted(item, message=f"not archived: {exc}")
    except BeritaError as exc:
        # An index page (NotAnArticle) is a counted failure too: never archived as an article.
        return Extracted(item, message=str(exc))
    except Exception as exc:
        return Extracted(item, message=f"unexpected error: {type(exc).__name__}: {exc}")


def scrape(
    items: Iterable[str],
    fetcher: Fetcher,
    archive: Archive | None,
    *,
    run_id: int | None = None,
    url: str | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    jobs: int = 1,
    batch_size: int = BATCH_SIZE,
    batch_seconds: float = BATCH_SECONDS,
) -> Iterator[Outcome]:
    """Extract (and, given an archive, store) each input; a failure is an outcome, never an exception.

    Saved files are read and extracted on `jobs` worker processes (1: here), the articles written by this process
    in batches (archive/queue.py: `batch_size` articles or `batch_seconds`, and always at the end or on Ctrl-C), and the
    outcomes come in input order. URLs are fetched here, one after another, as before. Every file of a run is read
    with the template text learnt when it began, so that what a page becomes does not depend on `jobs`.

    Saved pages of one split article given together (in any order) are stitched into one article when the last
    of them is read, and each of those inputs gets that article's outcome, in its place. A set that stays
    incomplete is taken page by page at the end, or SPLIT_WAIT inputs after its first page: `scrape` refuses each
    such page, `parse` prints each.

    A failed archive write fails its input only, and is recorded as soon as the archive takes writes again;
    MAX_WRITE_FAILURES in a row (other than a lock held by another writer) raise ArchiveUnwritable, as nothing
    more could be kept.
    """
    split: dict[str, _SplitSet] = {}
    unrecorded: list[tuple[str, str]] = []  # failures the archive could not take when they happened
    write_failures = 0
    queue: BatchQueue[Outcome] = BatchQueue(archive, run_id, size=batch_size, seconds=batch_seconds)

    def emit() -> Iterator[Outcome]:
        nonlocal unrecorded, write_failures
        for outcome, written in queue.flush():
            if isinstance(written, ArchiveError):
                # A lock held by another writer passes; a full disk or a read-only file does not.
                message = str(written)
                unwritable = message.startswith("cannot write archive") and "locked" not in message
                write_failures = write_failures + 1 if unwritable else 0
            elif isinstance(written, SaveResult):
                write_failures = 0
            if outcome.status == "failed" and archive is not None:
                unrecorded.append((outcome.input, outcome.message or "failed"))
            if on_outcome is not None:
                on_outcome(outcome)
            yield outcome
            if write_failures >= MAX_WRITE_FAILURES:
                raise ArchiveUnwritable(
                    f"stopped: {write_failures} writes in a row to archive {archive.path if archive else ''} failed "
                    f"({(outcome.message or '').removeprefix('not archived: ')})"
                )
        if archive is not None and unrecorded:
            unrecorded = _record(archive, run_id, unrecorded)

    def saved(item: str, article: Article) -> Callable[[Written], list[Outcome]]:
        def resolve(written: Written) -> list[Outcome]:
            return [_written_outcome(item, article, written)]

        return resolve

    def one_page(item: str, article: Article, pages: list[Page], place: Place[Outcome] | None = None) -> None:
        if archive is None:
            queue.done(Outcome(item, "parsed", article), place=place)
            return
        try:
            refuse_part(item, article)
            prepared = prepare_article(article, pages)
        except ArchiveError as exc:
            queue.done(Outcome(item, "failed", message=f"not archived: {exc}"), written=exc, place=place)
        except BeritaError as exc:
            queue.done(Outcome(item, "failed", message=str(exc)), place=place)
        else:
            queue.save(prepared, saved(item, article), place=place)

    def stitch(group: _SplitSet) -> None:
        # Each page's outcome goes to the place its input kept: the outcomes stay in input order.
        ordered = [group.pages[n] for n in sorted(group.pages)]
        head, _, _, head_place = ordered[0]
        whole = merge_pages([article for _, article, _, _ in ordered])
        followers = [(n, item, place) for n, (item, _, _, place) in enumerate(ordered[1:], start=2)]

        def follow(n: int, item: str) -> Callable[[Written], list[Outcome]]:
            return lambda written: [_follower(_written_outcome(head, whole, written), head, item, n, len(ordered))]

        if archive is None:
            first = Outcome(head, "parsed", whole)
            queue.done(first, place=head_place)
            for n, item, place in followers:
                queue.done(_follower(first, head, item, n, len(ordered)), place=place)
            return
        try:
            prepared = prepare_article(whole, [p for _, _, ps, _ in ordered for p in ps])
        except ArchiveError as exc:
            first = _written_outcome(head, whole, exc)
            queue.done(first, written=exc, place=head_place)
            for n, item, place in followers:
                queue.done(_follower(first, head, item, n, len(ordered)), place=place)
            return
        source = queue.save(prepared, lambda written: [_written_outcome(head, whole, written)], place=head_place)
        for n, item, place in followers:
            queue.follow(place, source, follow(n, item))

    def give_up(before: int) -> None:
        # Sets whose first page came SPLIT_WAIT inputs ago: taken page by page, as at the end of the run.
        while split and next(iter(split.values())).first <= before:
            group = split.pop(next(iter(split)))
            for number in sorted(group.pages):
                one_page(*group.pages[number])

    def take(found: Extracted, taken: int) -> None:
        if found.message is not None:
            queue.done(Outcome(found.item, "failed", message=found.message))
            return
        assert found.article is not None
        if found.prepared is not None:
            queue.save(found.prepared, saved(found.item, found.article))
            return
        key = found.key
        if key is None or key[1] in split.get(key[0], _SplitSet(0)).pages:
            one_page(found.item, found.article, list(found.pages))
            return
        group = split.setdefault(key[0], _SplitSet(found.article.page_count, taken))
        # The last page may not link to itself (a "1 2" navigation on page 3): the most any page tells stands.
        group.count = max(group.count, found.article.page_count, key[1])
        group.pages[key[1]] = (found.item, found.article, list(found.pages), queue.reserve())
        if set(group.pages) == set(range(1, group.count + 1)):
            del split[key[0]]
            stitch(group)

    # Every file of the run is read with the host template text learnt when it began (archive/boilerplate.py).
    templates = archive.template_snapshot() if archive is not None else None
    work = _FileWork(url, templates, archive is not None)
    found_all = workers.ordered_map(
        extract_saved, items, jobs, preload=["beritascrape.scrape.pipeline"], initializer=_start_files, initargs=(work,)
    )
    try:
        try:
            for taken, found in enumerate(found_all):
                give_up(taken - SPLIT_WAIT)
                if found.is_url:
                    # A URL is fetched and archived here, on its own: what it writes may be what a later input asks.
                    yield from emit()
                    outcome, written = _settle_url(found.item, fetcher, archive, run_id)
                    queue.done(outcome, written=written)
                else:
                    take(found, taken)
                if queue.due():
                    yield from emit()
            for group in split.values():
                for number in sorted(group.pages):
                    one_page(*group.pages[number])
            yield from emit()
        except (KeyboardInterrupt, workers.WorkerDied):
            # The articles in hand are written and reported before the interrupt (or the lost worker) stops the run;
            # pages of split articles still waiting for the others get no outcome.
            queue.drop_open()
            yield from emit()
            raise
    finally:
        found_all.close()
        if archive is not None and unrecorded:
            _record(archive, run_id, unrecorded)


def _written_outcome(item: str, article: Article, written: Written) -> Outcome:
    """An input's outcome from what writing its article gave."""
    if isinstance(written, SaveResult):
        return Outcome(item, written.status, article, article_id=written.article_id)
    if isinstance(written, BeritaError):
        return Outcome(item, "failed", message=f"not archived: {written}")
    return Outcome(item, "failed", message=f"unexpected error: {type(written).__name__}: {written}")


def _follower(first: Outcome, head: str, item: str, n: int, total: int) -> Outcome:
    """The outcome of page n of a stitched article: the first page's, or a pointer to it."""
    if first.status == "failed":
        return dataclasses.replace(first, input=item)
    note = f"page {n} of {total}, stitched into {head}"
    return Outcome(item, "stitched", message=note, article_id=first.article_id)


def _settle_url(
    item: str, fetcher: Fetcher, archive: Archive | None, run_id: int | None
) -> tuple[Outcome, Written | None]:
    """One URL input, fetched and (given an archive) archived now; its failure is its outcome."""
    template_for = archive.template_keys if archive is not None else None
    try:
        if archive is not None:
            outcome = _scrape_url(item, fetcher, archive, run_id, template_for)
            # A write that went through (the status is the outcome's): it ends a run of failed writes.
            return outcome, SaveResult(outcome.article_id or 0, "unchanged")
        article, _ = fetch_article(fetcher, item, template_for)
        return Outcome(item, "parsed", article), None
    except ArchiveError as exc:
        return Outcome(item, "failed", message=f"not archived: {exc}"), exc
    except BeritaError as exc:
        return Outcome(item, "failed", message=str(exc)), None
    except Exception as exc:
        return Outcome(item, "failed", message=f"unexpected error: {type(exc).__name__}: {exc}"), None


def _record(archive: Archive, run_id: int | None, failures: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Record failures in the archive; those it cannot take now are returned, to try again later."""
    try:
        with archive.transaction():
            for item, message in failures:
                archive.record_failure(run_id, item, message)
    except ArchiveError:
        return failures
    return []


def _scrape_url(
    item: str, fetcher: Fetcher, archive: Archive, run_id: int | None, template_for: TemplateFor | None
) -> Outcome:
    """A URL input into the archive: in its canonical form, and conditionally when it was archived before."""
    from beritascrape.discover.urls import canonicalize_url  # late: discovery's imports cost a `parse` run

    # The crawl's canonical form: tracking parameters and the fragment do not make another article.
    target = canonicalize_url(item)
    known = archive.validators(target)
    if known is None:
        first = fetcher.fetch(target, user_given=True)
    else:
        # Archived before: ask whether it changed (ETag / Last-Modified) instead of downloading it again.
        article_id, etag, last_modified = known
        first = fetcher.fetch(target, user_given=True, etag=etag, last_modified=last_modified)
        if first.status == 304:
            archive.touch_article(article_id, run_id)
            return Outcome(item, "unchanged", archive.get_article(article_id), article_id=article_id)
    article, pages = complete_article(fetcher, first, template_for)
    saved = archive.save_article(article, pages, run_id)
    return Outcome(item, saved.status, article, article_id=saved.article_id)
