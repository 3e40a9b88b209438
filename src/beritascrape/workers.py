"""Worker processes for `--jobs N`: a pool that starts cleanly, tasks of a few inputs, results in input order.

The one writer stays in the calling process; workers only compute (parse, extract, build rows). At most
2 x jobs tasks are in flight, so memory stays flat however many inputs, and one job runs in this process with no
pool at all (nothing pickled, tracebacks as usual).
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import multiprocessing
import multiprocessing.context
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from itertools import islice
from typing import Any, TypeVar

from beritascrape.errors import BeritaError

T = TypeVar("T")
R = TypeVar("R")

# Inputs per task: enough that pickling and scheduling cost little beside the parse, few enough that the last
# tasks of a run spread over every worker.
CHUNK = 8
WORKER_DIED = "a worker process stopped unexpectedly (out of memory?); run the same command again to go on"


class WorkerDied(BeritaError):
    """A worker process was killed (out of memory, a signal): the run stops with this one line."""


def useful_jobs(jobs: int, inputs: int) -> int:
    """The jobs worth starting for this many inputs: a pool costs more than it saves for one task's worth."""
    return max(1, min(jobs, -(-inputs // CHUNK)))


def worker_context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    """forkserver where there is one: workers start as forks of a clean process that imported `preload` once.

    Not plain fork: the progress bar runs a thread, and forking a threaded process can deadlock.
    """
    try:
        context = multiprocessing.get_context("forkserver")
    except ValueError:  # Windows
        return multiprocessing.get_context("spawn")
    context.set_forkserver_preload(list(preload))
    return context


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...], parent: int) -> None:
    # Ctrl-C reaches the whole process group: the main process handles it (writes what it has, prints the
    # summary), and workers must not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _watch(parent: int) -> None:
    """End this worker once the process that started the run is gone (killed with -9, say).

    A worker holds both ends of its task queue, so it would wait for tasks forever; nothing else tells it.
    """
    while True:
        time.sleep(1.0)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the pid was taken by another user's process: ours is gone
            os._exit(1)


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


# Tasks in flight per job (ingest's batches too): the workers still have inputs queued while the caller writes a
# batch of articles (up to 200 at once), so they do not wait on the writer.
IN_FLIGHT = 8


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    *,
    preload: Sequence[str] = (),
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    chunk: int = CHUNK,
) -> Generator[R, None, None]:
    """fn(item) for every item, in input order, on `jobs` worker processes (1: here, no pool).

    `initializer(*initargs)` runs once in each worker (and here for one job): per-run state such as the learnt
    template snapshot crosses to a worker once, not with every task. `fn` must return its failures, not raise them.
    """
    if jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, items)
        return
    executor = concurrent.futures.ProcessPoolExecutor(
        jobs,
        mp_context=worker_context(preload),
        initializer=_start_worker,
        initargs=(initializer, initargs, os.getpid()),
    )
    window: deque[concurrent.futures.Future[list[R]]] = deque()
    source = iter(items)
    try:
        while batch := list(islice(source, chunk)):
            window.append(executor.submit(_run_chunk, fn, batch))
            while len(window) > IN_FLIGHT * jobs:
                yield from _result(window.popleft())
        while window:
            yield from _result(window.popleft())
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _result(future: concurrent.futures.Future[list[R]]) -> list[R]:
    try:
        return future.result()
    except concurrent.futures.process.BrokenProcessPool:
        raise WorkerDied(WORKER_DIED) from None
