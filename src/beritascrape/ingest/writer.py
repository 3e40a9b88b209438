"""The one writer of an ingest: pages in, articles archived, split articles stitched across records and files.

Pages of a split article wait here until every page has come (from any WARC file of the run); whatever is still
missing when the run ends is archived with what is there, and said so. A WARC file is recorded as ingested once
none of its pages is waiting, so an interrupted run never marks a file whose pages were not all archived.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from beritascrape.batches import BATCH_SECONDS, BATCH_SIZE
from beritascrape.drift import DriftTally
from beritascrape.extract.pagination import merge_pages
from beritascrape.ingest.records import PagePart, Tally
from beritascrape.store import Archive, PreparedArticle, prepare_article


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
        self, archive: Archive, run_id: int | None, tally: Tally, warn: Callable[[str], None], drift: DriftTally
    ) -> None:
        self.archive = archive
        self.drift = drift
        self.run_id = run_id
        self.tally = tally
        self.warn = warn
        self._groups: dict[str, dict[int, PagePart]] = {}
        self._waiting: Counter[str] = Counter()  # WARC file -> its pages waiting in a group
        self._done: dict[str, FileDone] = {}  # read to the end, waiting for its pages' groups
        self._whole: set[str] = set()  # articles archived from an all-pages view: their page groups are moot
        self._batch: list[tuple[PreparedArticle, bool]] = []  # articles to write, and whether each is partial
        self._since = 0.0  # when the first of them came

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

    def flush(self) -> None:
        """Write the articles in hand in one transaction (a killed run loses these, and its WARC files stay
        unrecorded, so the next run reads them again)."""
        if not self._batch:
            return
        # Taken off first: a batch that fails is not tried again at close, and its files stay unrecorded.
        batch, self._batch = self._batch, []
        results = self.archive.save_batch([prepared for prepared, _ in batch], self.run_id)
        for (prepared, partial), saved in zip(batch, results, strict=True):
            self.drift.note(prepared.article)
            site = prepared.article.site
            self.tally.site(site, saved.status)
            if partial:
                self.tally.site(site, "partial")

    def file_done(self, done: FileDone) -> None:
        """A WARC file was read to the end: record it now, or once its waiting pages are archived."""
        self._done[done.name] = done
        self._mark_ready()

    def close(self) -> None:
        """Archive split articles whose other pages never came, then record every file read to the end."""
        for base in list(self._groups):
            parts = self._groups.pop(base)
            first = parts[min(parts)].article
            if (first.canonical_url or base) in self._whole or base in self._whole:
                # The all-pages view of this article was in the input and archived whole.
                for part in parts.values():
                    self._waiting[_file_of(part)] -= 1
                continue
            total = max(p.article.page_count for p in parts.values())
            have = ", ".join(str(n) for n in sorted(parts))
            self.warn(f"{base}: only page(s) {have} of {total} are in the input; archived with what is there")
            self._save_group(base, parts, partial=True)
        self._mark_ready()

    def _add_to_group(self, part: PagePart) -> None:
        assert part.group is not None
        parts = self._groups.setdefault(part.group, {})
        if part.number in parts:
            # The same page twice (two crawls of it): the later record stands.
            self._waiting[_file_of(parts[part.number])] -= 1
        parts[part.number] = part
        self._waiting[_file_of(part)] += 1
        total = max(p.article.page_count for p in parts.values())
        if all(n in parts for n in range(1, total + 1)):
            del self._groups[part.group]
            self._save_group(part.group, parts, partial=False)

    def _save_group(self, base: str, parts: dict[int, PagePart], *, partial: bool) -> None:
        ordered = [parts[n] for n in sorted(parts)]
        for part in ordered:
            self._waiting[_file_of(part)] -= 1
        article = merge_pages([p.article for p in ordered])
        # The article is named by its first page, whichever page's record came first.
        article = dataclasses.replace(article, url=base)
        self._save(prepare_article(article, page_rows=[p.page_row for p in ordered]), partial=partial)

    def _save(self, prepared: PreparedArticle, *, partial: bool = False) -> None:
        if not self._batch:
            self._since = time.monotonic()
        self._batch.append((prepared, partial))

    def _mark_ready(self) -> None:
        # A file is recorded only once its articles are in the archive.
        self.flush()
        for name in [n for n in self._done if self._waiting[n] <= 0]:
            done = self._done.pop(name)
            self.archive.mark_warc_ingested(
                done.name, records=done.records, size=done.size, pages=done.pages, run_id=self.run_id
            )


def _file_of(part: PagePart) -> str:
    return part.warc_file
