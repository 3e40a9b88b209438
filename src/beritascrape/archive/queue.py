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


@dataclass
class _Entry(Generic[O]):
    """One input's place in the queue: its outcomes once known, or an article waiting to be written."""

    done: list[O] | None = None
    prepared: PreparedArticle | None = None
    resolve: Callable[[Written], list[O]] | None = None
    written: Written | None = None


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
        self._waiting = 0  # entries whose article is not written yet
        self._since: float | None = None  # when the first of them came

    def done(self, *outcomes: O, written: Written | None = None) -> None:
        """Outcomes with nothing left to write (a failure, a parse, a URL archived already): they keep their place.

        `written` is what a write the caller made itself gave, told with the first outcome.
        """
        self._entries.append(_Entry(done=list(outcomes), written=written))

    def save(self, prepared: PreparedArticle, resolve: Callable[[Written], list[O]]) -> None:
        """An article to write with the batch; `resolve` turns what its write gave into its outcomes."""
        assert self.archive is not None, "nothing is written without an archive"
        self._entries.append(_Entry(prepared=prepared, resolve=resolve))
        self._waiting += 1
        if self._since is None:
            self._since = time.monotonic()

    def due(self) -> bool:
        """Whether flush would give something now: outcomes with nothing to wait for, or a full or old batch."""
        if not self._entries:
            return False
        if not self._waiting or self._waiting >= self.size:
            return True
        return self._since is not None and time.monotonic() - self._since >= self.seconds

    def flush(self) -> Iterator[tuple[O, Written | None]]:
        """Write the batch in hand, then give every outcome in order with what its write gave (None: no write).

        Written article by article (as the outcomes are taken) when the batch as a whole cannot be: a caller that
        stops taking them stops the writes too.
        """
        self._write_batch()
        while self._entries:
            entry = self._entries[0]
            if entry.prepared is not None and entry.written is None:
                entry.written = self._write_one(entry.prepared)
            self._entries.popleft()
            if entry.done is not None:
                for n, outcome in enumerate(entry.done):
                    yield outcome, entry.written if n == 0 else None
                continue
            assert entry.resolve is not None and entry.written is not None
            self._waiting -= 1
            first, *rest = entry.resolve(entry.written)
            yield first, entry.written
            for outcome in rest:
                yield outcome, None
        self._since = None

    def _write_batch(self) -> None:
        waiting = [e for e in self._entries if e.prepared is not None and e.written is None]
        if self.archive is None or not waiting:
            return
        try:
            results = self.archive.save_batch([e.prepared for e in waiting if e.prepared is not None], self.run_id)
        except Exception:  # whatever the failure, each article is then tried alone
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
