"""The scrape path: input (URL or saved file) -> Page(s) -> Article -> archive, one outcome per input."""

from __future__ import annotations

import dataclasses
import glob
import re
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import parse_qsl, urlsplit

import lxml.html

from beritascrape import workers
from beritascrape.archive.boilerplate import host_key
from beritascrape.archive.queue import BATCH_SECONDS, BATCH_SIZE, BatchQueue, Written
from beritascrape.archive.store import Archive, PreparedArticle, SaveResult, prepare_article
from beritascrape.errors import ArchiveError, BeritaError, FetchError, InputError
from beritascrape.extract import merge_pages, page_url
from beritascrape.extract.limits import call_within
from beritascrape.extract.pagination import all_pages_url, read_pagination
from beritascrape.extract.parse import parse_html
from beritascrape.fetch.decoding import load_file
from beritascrape.fetch.http import Fetcher
from beritascrape.model import Article, Page
from beritascrape.sites import get_profile

# "stitched": a saved page whose text went into the article of an earlier input (the first page of its set).
Status = Literal["new", "updated", "unchanged", "parsed", "stitched", "failed"]
# The learnt template keys of a page's host, by the page's URL (Archive.template_keys); see archive/boilerplate.py.
TemplateFor = Callable[[str], Collection[str]]


class PageSource(Protocol):
    """Where the other pages of a split article come from: the network (a Fetcher) or the archive (reparse)."""

    def fetch(self, url: str, *, user_given: bool = ...) -> Page:
        """The page at `url`."""
        ...


_COMMENT = re.compile(r"\s+#.*$")
# Archive writes failing this many times in a row, for a reason other than another writer's lock, stop the run.
MAX_WRITE_FAILURES = 3
# Wall-clock seconds one page may take to extract: past it the page fails with one line and the run goes on.
# Extraction is linear in the page's size (benchmarks/extract_scaling.py: a 10 MiB page takes 2-4 s), so
# only a pathological page meets it.
EXTRACT_BUDGET = 10.0


def extract_page(
    text: str, url: str | None, *, require_article: bool = True, template: Collection[str] = ()
) -> Article:
    """parse_html of one page's text, within EXTRACT_BUDGET."""
    what = f"extracting {url or 'the page'}"
    return call_within(EXTRACT_BUDGET, what, parse_html, text, url, require_article=require_article, template=template)


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: its status, the article (when extracted) and a message on failure."""

    input: str
    status: Status
    article: Article | None = None
    message: str | None = None
    article_id: int | None = None


def is_url(value: str) -> bool:
    """True for http(s) URLs; any other scheme is refused, anything without one is a file path."""
    scheme = urlsplit(value).scheme.lower()
    if scheme in ("http", "https"):
        return True
    if len(scheme) > 1 and "://" in value:
        raise InputError(f"unsupported URL scheme {scheme!r} in {value} (only http and https)")
    return False


HTML_SUFFIXES = (".html", ".htm")
_GLOB = re.compile(r"[*?\[]")


def expand_folder(path: str) -> list[str]:
    """Every .html/.htm file under a folder, recursively, sorted by path (what a browser or wget saved)."""
    folder = Path(path)
    try:
        found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
    except OSError as exc:
        raise InputError(f"cannot read folder {folder}: {exc.strerror or exc}") from None
    if not found:
        raise InputError(f"no .html or .htm files under {folder}")
    return [str(p) for p in found]


def expand_glob(pattern: str) -> list[str]:
    """The files a quoted glob names ("saved/**/*.html"; ** goes into sub-folders), sorted; folders are expanded."""
    found: list[str] = []
    for name in sorted(glob.glob(pattern, recursive=True)):
        found.extend(expand_folder(name) if Path(name).is_dir() else [name])
    if not found:
        raise InputError(f"no files match {pattern}")
    return found


def read_inputs(args: Iterable[str], input_files: Iterable[str] = ()) -> list[str]:
    """Inputs from the command line plus `-i FILE` lists; `-` reads URLs from stdin, a folder gives its pages."""
    items: list[str] = []

    def add_lines(lines: Iterable[str]) -> None:
        # A comment is a line starting with "#", or " #..." after an input (a URL's own fragment has no space).
        items.extend(s for line in lines if (s := _COMMENT.sub("", line).strip()) and not s.startswith("#"))

    for name in input_files:
        if name == "-":
            add_lines(sys.stdin)
            continue
        try:
            add_lines(Path(name).read_text(encoding="utf-8").splitlines())
        except OSError as exc:
            raise InputError(f"cannot read input list {name}: {exc.strerror}") from None
    for arg in args:
        if arg == "-":
            add_lines(sys.stdin)
        else:
            items.append(arg)
    expanded: list[str] = []
    for item in items:
        path = Path(item)
        if "://" in item or not (path.is_dir() or (_GLOB.search(item) and not path.exists())):
            # URLs (a bad scheme fails as that one input) and files, even missing ones, are read one by one.
            expanded.append(item)
        elif path.is_dir():
            expanded.extend(expand_folder(item))
        else:
            expanded.extend(expand_glob(item))
    return expanded


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
    article = extract_page(first.text, first.final_url, template=template)
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
                part = extract_page(page.text, page.final_url, require_article=False, template=template)
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
    whole = extract_page(page.text, page.final_url, require_article=False, template=template)
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
    article = extract_page(page.text, url, template=template)
    if template_for is not None and not url and article.url:
        # Only the page itself names its host: read it again with that host's template, when it has one.
        template = template_for(article.url)
        if template:
            article = extract_page(page.text, url, template=template)
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


@dataclass
class _SplitSet:
    """Saved pages of one split article met so far, by page number: stitched once every page is in."""

    count: int
    pages: dict[int, tuple[str, Article, list[Page]]] = dataclasses.field(default_factory=dict)


def split_key(article: Article, page: Page) -> tuple[str, int] | None:
    """For a saved page of a split article: the article's page-1 URL and this page's number (None otherwise)."""
    if article.page_urls:
        # A site no profile knows: the page's navigation listed every page; its own URL says which it is.
        own = [u for u in (article.canonical_url, article.url, page.final_url) if u]
        position = next((n for n, u in enumerate(article.page_urls, 1) if u in own), None)
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
        current = read_pagination(lxml.html.fromstring(page.content), profile).current
        return base, current
    return base, int(number)


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
    of them is read, and each of those inputs gets that article's outcome. A set that stays incomplete is taken
    page by page at the end: `scrape` refuses each such page, `parse` prints each.

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

    def one_page(item: str, article: Article, pages: list[Page]) -> None:
        if archive is None:
            queue.done(Outcome(item, "parsed", article))
            return
        try:
            refuse_part(item, article)
            prepared = prepare_article(article, pages)
        except ArchiveError as exc:
            queue.done(Outcome(item, "failed", message=f"not archived: {exc}"), written=exc)
        except BeritaError as exc:
            queue.done(Outcome(item, "failed", message=str(exc)))
        else:
            queue.save(prepared, saved(item, article))

    def stitch(group: _SplitSet) -> None:
        ordered = [group.pages[n] for n in sorted(group.pages)]
        head = ordered[0][0]
        whole = merge_pages([article for _, article, _ in ordered])

        def resolve(first: Outcome) -> list[Outcome]:
            rest = enumerate(ordered[1:], start=2)
            return [first, *(_follower(first, head, item, n, len(ordered)) for n, (item, *_) in rest)]

        if archive is None:
            queue.done(*resolve(Outcome(head, "parsed", whole)))
            return
        try:
            prepared = prepare_article(whole, [p for *_, ps in ordered for p in ps])
        except ArchiveError as exc:
            queue.done(*resolve(_written_outcome(head, whole, exc)), written=exc)
        else:
            queue.save(prepared, lambda written: resolve(_written_outcome(head, whole, written)))

    def take(found: Extracted) -> None:
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
        group = split.setdefault(key[0], _SplitSet(found.article.page_count))
        group.pages[key[1]] = (found.item, found.article, list(found.pages))
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
            for found in found_all:
                if found.is_url:
                    # A URL is fetched and archived here, on its own: what it writes may be what a later input asks.
                    yield from emit()
                    outcome, written = _settle_url(found.item, fetcher, archive, run_id)
                    queue.done(outcome, written=written)
                else:
                    take(found)
                if queue.due():
                    yield from emit()
            for group in split.values():
                for number in sorted(group.pages):
                    one_page(*group.pages[number])
            yield from emit()
        except (KeyboardInterrupt, workers.WorkerDied):
            # The articles in hand are written and reported before the interrupt (or the lost worker) stops the run.
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


def url_forms(key: str) -> list[str]:
    """The forms an archived article's URL may have been typed in: as given, canonical, with or without a slash."""
    from beritascrape.discover.urls import canonicalize_url

    forms = [key]
    try:
        canonical = canonicalize_url(key) if is_url(key) else None
    except InputError:
        canonical = None
    if canonical is not None:
        forms.append(canonical)
        if "?" not in canonical:
            path = urlsplit(canonical).path
            forms.append(canonical[:-1] if canonical.endswith("/") and path != "/" else canonical + "/")
    return list(dict.fromkeys(forms))
