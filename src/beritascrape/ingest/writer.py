"""The one writer of an ingest: pages in, articles archived, split articles stitched across records and files.

Pages of a split article wait here until every page has come (from any WARC file of the run); whatever is still
missing when the run ends is archived with what is there, and said so. A WARC file is recorded as ingested once
none of its pages is waiting, so an interrupted run never marks a file whose pages were not all archived.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from beritascrape.archive.queue import BATCH_SECONDS, BATCH_SIZE
from beritascrape.archive.rows import PreparedArticle, fetch_order, page_row, prepare_article
from beritascrape.archive.store import Archive, SaveResult
from beritascrape.errors import BeritaError
from beritascrape.extract.pagination import merge_pages, split_page_number
from beritascrape.ingest.records import PagePart, Tally
from beritascrape.scrape.article import split_key
from beritascrape.scrape.drift import DriftTally


@dataclass(frozen=True)
class FileDone:
    """One WARC file read to the end, with its counts."""

    name: str
    records: int
    size: int
    pages: int


class Writer:
    """Archives pages as articles in batches (Archive.save_batch: up to BATCH_SIZE articles or BATCH_SECONDS per
    transaction), and records WARC files once their articles are written."""

    def __init__(
        self,
        archive: Archive,
        run_id: int | None,
        tally: Tally,
        warn: Callable[[str], None],
        drift: DriftTally,
        *,
        selection: str = "",
    ) -> None:
        self.archive = archive
        self.selection = selection  # what the files are recorded as read for (Selection.signature)
        self.drift = drift
        self.run_id = run_id
        self.tally = tally
        self.warn = warn
        self._groups: dict[str, dict[int, PagePart]] = {}
        # Pages of a group another record of the same page number stood in for: stored with the article all the same
        # (their files wait for it as the group's pages do).
        self._extra: dict[str, list[PagePart]] = {}
        self._waiting: Counter[str] = Counter()  # WARC file -> its pages waiting in a group
        self._done: dict[str, FileDone] = {}  # read to the end, waiting for its pages' groups
        self._whole: set[str] = set()  # articles archived from an all-pages view: their page groups are moot
        self._batch: list[tuple[PreparedArticle, bool]] = []  # articles to write, and whether each is partial
        self._since = 0.0  # when the first of them came
        # The batch being written on the writer thread, and the thread (made on the first write).
        self._pending: tuple[list[tuple[PreparedArticle, bool]], concurrent.futures.Future[list[SaveResult]]] | None
        self._pending = None
        self._thread: concurrent.futures.ThreadPoolExecutor | None = None
        self._write_failed = False

    def add(self, parts: Iterable[PagePart]) -> None:
        """Take a batch of pages for the archive; pages of split articles wait for their group."""
        for part in parts:
            if part.group is None:
                if part.whole_of:
                    self._whole.add(part.whole_of)
                self._save(part.prepared or prepare_article(part.article, page_rows=[part.page_row]))
            else:
                self._add_to_group(part)
        if len(self._batch) >= BATCH_SIZE or (self._batch and time.monotonic() - self._since >= BATCH_SECONDS):
            self.flush()

    def flush(self, *, wait: bool = False) -> None:
        """Write the articles in hand in one transaction (a killed run loses these, and its WARC files stay
        unrecorded, so the next run reads them again).

        The write runs on a thread of its own while this one reads and parses on: SQLite works without Python's
        lock, so the full-text indexing of one batch overlaps the parsing of the next. One write is in flight at a
        time; `wait` returns only once every write is done (and raises what it raised).
        """
        if self._batch:
            # Taken off first: a batch that fails is not tried again at close, and its files stay unrecorded.
            batch, self._batch = self._batch, []
            self._finish()
            if self._thread is None:
                self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="beritascrape-writer")
            prepared = [p for p, _ in batch]
            self._pending = (batch, self._thread.submit(self.archive.save_batch, prepared, self.run_id))
        if wait:
            self._finish()

    def _finish(self) -> None:
        """Wait for the write in flight, if any, and count what it archived."""
        if self._pending is None:
            return
        batch, future = self._pending
        self._pending = None
        try:
            results = future.result()
        except BaseException:
            # Which files that batch held is not tracked: none is recorded from now on, and the next run reads
            # them all again (what was archived stays; ingesting it again adds nothing).
            self._write_failed = True
            raise
        for (prepared, partial), saved in zip(batch, results, strict=True):
            self.drift.note(prepared.article)
            site = prepared.article.site
            self.tally.site(site, saved.status)
            if partial:
                self.tally.site(site, "partial")
            if saved.kept:
                self.warn(
                    f"{prepared.row['key']}: the archived copy holds more of its {prepared.article.page_count} pages; "
                    "kept it (the pages read are stored beside it)"
                )

    def file_done(self, done: FileDone) -> None:
        """A WARC file was read to the end: record it now, or once its waiting pages are archived."""
        self._done[done.name] = done
        self._mark_ready()

    def close(self) -> None:
        """Archive split articles whose other pages never came, then record every file read to the end."""
        try:
            self._close()
        finally:
            if self._thread is not None:
                # A write still in flight (the run stopped on an error or Ctrl-C) ends before the archive closes.
                self._thread.shutdown(wait=True)
                self._thread = None

    def _close(self) -> None:
        if self._groups:
            self.flush(wait=True)  # the pages this run archived complete a group too (_archived_parts)
        for base in list(self._groups):
            parts = self._groups.pop(base)
            first = parts[min(parts)].article
            if (first.canonical_url or base) in self._whole or base in self._whole:
                # The all-pages view of this article was in the input and archived whole.
                for part in [*parts.values(), *self._extra.pop(base, [])]:
                    self._waiting[_file_of(part)] -= 1
                continue
            total = max(p.article.page_count for p in parts.values())
            have = ", ".join(str(n) for n in sorted(parts))
            # Pages an earlier run archived (Monday's file held page 1, Tuesday's pages 2 and 3) complete the article:
            # stitched from this input's pages alone, it would lose them.
            parts = {**self._archived_parts(base, parts, total), **parts}
            if all(n in parts for n in range(1, total + 1)):
                self._save_group(base, parts, partial=False)
                continue
            self.warn(f"{base}: only page(s) {have} of {total} are in the input; archived with what is there")
            self._save_group(base, parts, partial=True)
        self._mark_ready()

    def _add_to_group(self, part: PagePart) -> None:
        group = part.group
        assert group is not None
        parts = self._groups.setdefault(group, {})
        self._waiting[_file_of(part)] += 1
        held = parts.get(part.number)
        if held is not None:
            # The same page twice (two crawls of it): the later fetch stands (by WARC-Date, then record order); the
            # other's page is stored with the article, never dropped.
            stands, other = (part, held) if fetch_order(part.page_row) >= fetch_order(held.page_row) else (held, part)
            if other.page_row["url"] != stands.page_row["url"]:
                self.warn(
                    f"{group}: {other.page_row['url']} and {stands.page_row['url']} both say they are page "
                    f"{part.number}; stitched with the later fetch, {stands.page_row['url']} (both are stored)"
                )
            self._extra.setdefault(group, []).append(other)
            part = stands
        parts[part.number] = part
        total = max(p.article.page_count for p in parts.values())
        if all(n in parts for n in range(1, total + 1)):
            del self._groups[group]
            self._save_group(group, parts, partial=False)

    def _archived_parts(self, base: str, parts: dict[int, PagePart], total: int) -> dict[int, PagePart]:
        """The pages of the article at `base` that this input lacks and the archive holds, read as ingest reads."""
        from beritascrape.archive.stored import article_pages
        from beritascrape.extract.parse import parse_html

        article_id = self.archive.get_article_id(base)
        if article_id is None:
            return {}
        found: dict[int, PagePart] = {}
        for page in article_pages(self.archive, article_id):
            try:
                template = self.archive.template_keys(page.final_url)
                article = parse_html(
                    page.text, page.final_url, now=page.fetched_at, require_article=False, template=template
                )
            except BeritaError:
                continue  # a page that no longer reads is left out, as it would be missing
            # Which page it is, as the input's pages are told (a site no profile knows numbers them in its links).
            key = split_key(article, page)
            number = key[1] if key is not None and key[0] == base else split_page_number(page.url)
            if number in parts or number in found or number > total:
                continue
            found[number] = PagePart(article, page_row(page), "", group=base, number=number)
        return found

    def _save_group(self, base: str, parts: dict[int, PagePart], *, partial: bool) -> None:
        ordered = [parts[n] for n in sorted(parts)]
        for part in ordered:
            if part.warc_file:  # an archived page ("") waits for no file
                self._waiting[_file_of(part)] -= 1
        article = merge_pages([p.article for p in ordered])
        # The article is named by its first page, whichever page's record came first.
        article = dataclasses.replace(article, url=base)
        # Which pages the group holds is known by number (archived ones too): the archive records how many it lacks.
        held = sum(1 for n in parts if 1 <= n <= article.page_count)
        extra = self._extra.pop(base, [])
        for part in extra:
            self._waiting[_file_of(part)] -= 1
        rows = [*(p.page_row for p in ordered), *(p.page_row for p in extra)]
        self._save(prepare_article(article, page_rows=rows, held=held), partial=partial)

    def _save(self, prepared: PreparedArticle, *, partial: bool = False) -> None:
        # Records of one article read in any order (two fetches in one file, a rerun): the latest fetch stands.
        prepared = dataclasses.replace(prepared, newest_wins=True)
        if not self._batch:
            self._since = time.monotonic()
        self._batch.append((prepared, partial))

    def _mark_ready(self) -> None:
        # A file is recorded only once its articles are in the archive.
        self.flush(wait=True)
        if self._write_failed:
            return
        for name in [n for n in self._done if self._waiting[n] <= 0]:
            done = self._done.pop(name)
            self.archive.mark_warc_ingested(
                done.name,
                records=done.records,
                size=done.size,
                pages=done.pages,
                run_id=self.run_id,
                selection=self.selection,
            )


def _file_of(part: PagePart) -> str:
    return part.warc_file
