"""Outcomes in input order, with the articles among them written to the archive in batches.

A batch closes at `size` articles or `seconds` after its first one, and whenever the caller flushes (at the end of
a run, on Ctrl-C, before work that must see the archive as it stands). It is written in one transaction
(Archive.save_batch), so a killed run loses at most the batch in hand and never half an article; the next run
does those inputs again. When the batch write fails, its articles are written one by one, so that one article the
archive refuses (or a lock that passes) fails that article only.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from beritascrape.archive.rows import PreparedArticle
from beritascrape.archive.store import Archive, SaveResult

O = TypeVar("O")  # noqa: E741 (the caller's outcome type)

# A batch closes at this many articles or this many seconds after its first one, whichever comes first.
BATCH_SIZE = 200
BATCH_SECONDS = 1.0

# What writing one article gave: its SaveResult, or the error that kept it out of the archive.
Written = SaveResult | Exception


@dataclass(eq=False)
class _Entry(Generic[O]):
    """One input's place in the queue: its outcomes once known, or an article waiting to be written."""

    done: list[O] | None = None
    prepared: PreparedArticle | None = None
    resolve: Callable[[Written], list[O]] | None = None
    written: Written | None = None
    # A place kept for an input whose outcome is not known yet (a page of a split article waiting for the others).
    open: bool = False
    # The entry whose write gives this one's outcome (a stitched page: the article's first page's entry).
    after: _Entry[O] | None = None


class Place(Generic[O]):
    """A place in the queue kept for one input (BatchQueue.reserve): the outcomes after it wait until it is filled."""

    def __init__(self, entry: _Entry[O]) -> None:
        self._entry = entry


class BatchQueue(Generic[O]):
    """Outcomes kept in input order while their articles wait to be written together; see the module doc."""

    def __init__(
        self,
        archive: Archive | None,
        run_id: int | None,
        *,
        size: int = BATCH_SIZE,
        seconds: float = BATCH_SECONDS,
    ) -> None:
        self.archive = archive
        self.run_id = run_id
        self.size = size
        self.seconds = seconds
        self._entries: deque[_Entry[O]] = deque()
        self._unwritten: list[_Entry[O]] = []  # entries whose article the next batch write takes
        self._since: float | None = None  # when the first of them came

    def done(self, *outcomes: O, written: Written | None = None, place: Place[O] | None = None) -> None:
        """Outcomes with nothing left to write (a failure, a parse, a URL archived already): they keep their place.

        `written` is what a write the caller made itself gave, told with the first outcome; `place` is one kept for
        the input by `reserve` (default: a new one at the end).
        """
        entry = self._fill(place)
        entry.done, entry.written = list(outcomes), written

    def save(
        self, prepared: PreparedArticle, resolve: Callable[[Written], list[O]], *, place: Place[O] | None = None
    ) -> Place[O]:
        """An article to write with the batch; `resolve` turns what its write gave into its outcomes."""
        assert self.archive is not None, "nothing is written without an archive"
        entry = self._fill(place)
        entry.prepared, entry.resolve = prepared, resolve
        self._unwritten.append(entry)
        if self._since is None:
            self._since = time.monotonic()
        return Place(entry)

    def reserve(self) -> Place[O]:
        """Keep the next place for an input whose outcome comes later (done, save or follow fill it)."""
        entry: _Entry[O] = _Entry(open=True)
        self._entries.append(entry)
        return Place(entry)

    def follow(self, place: Place[O], source: Place[O], resolve: Callable[[Written], list[O]]) -> None:
        """Fill `place` with outcomes made from what the write of `source` (a save) gave."""
        entry = self._fill(place)
        entry.after, entry.resolve = source._entry, resolve

    def drop_open(self) -> None:
        """Give up the places still kept (a run stopped before their inputs were settled): they give no outcome."""
        for entry in self._entries:
            if entry.open:
                entry.open, entry.done = False, []

    def _fill(self, place: Place[O] | None) -> _Entry[O]:
        if place is None:
            entry: _Entry[O] = _Entry()
            self._entries.append(entry)
            return entry
        assert place._entry.open, "a place is filled once"
        place._entry.open = False
        return place._entry

    def due(self) -> bool:
        """Whether flush would give something now: outcomes with nothing to wait for, or a full or old batch."""
        if not self._entries:
            return False
        if not self._unwritten:
            return not self._entries[0].open
        if len(self._unwritten) >= self.size:
            return True
        return self._since is not None and time.monotonic() - self._since >= self.seconds

    def flush(self) -> Iterator[tuple[O, Written | None]]:
        """Write the batch in hand, then give every outcome in order with what its write gave (None: no write), up
        to the first place still kept.

        Written article by article (as the outcomes are taken) when the batch as a whole cannot be: a caller that
        stops taking them stops the writes too.
        """
        self._write_batch()
        while self._entries and not self._entries[0].open:
            entry = self._entries[0]
            source = entry.after or entry
            if source.prepared is not None and source.written is None:
                source.written = self._write_one(source.prepared)
            self._entries.popleft()
            if entry.done is not None:
                for n, outcome in enumerate(entry.done):
                    yield outcome, entry.written if n == 0 else None
                continue
            assert entry.resolve is not None and source.written is not None
            first, *rest = entry.resolve(source.written)
            # A follower's write was told with its source's outcome.
            yield first, source.written if entry.after is None else None
            for outcome in rest:
                yield outcome, None

    def _write_batch(self) -> None:
        waiting, self._unwritten, self._since = self._unwritten, [], None
        if self.archive is None or not waiting:
            return
        try:
            results = self.archive.save_batch([e.prepared for e in waiting if e.prepared is not None], self.run_id)
        except Exception:  # whatever the failure, each article is then tried alone (flush, as it is reached)
            return
        for entry, result in zip(waiting, results, strict=True):
            entry.written = result

    def _write_one(self, prepared: PreparedArticle) -> Written:
        assert self.archive is not None
        try:
            return self.archive.save_prepared(prepared, self.run_id)
        except Exception as exc:
            return exc


def after_interrupt(outcomes: Iterator[O]) -> Iterator[O]:
    """The outcomes of the articles in hand when Ctrl-C came while the caller, not the generator, ran: written now.

    `outcomes` is a generator that, on KeyboardInterrupt, flushes its queue and raises it again (pipeline.scrape,
    reparse.reparse); one that has ended already gives nothing.
    """
    if not isinstance(outcomes, Generator):
        return
    try:
        first = outcomes.throw(KeyboardInterrupt())
    except (KeyboardInterrupt, StopIteration):
        return
    yield first
    try:
        yield from outcomes
    except KeyboardInterrupt:
        return
