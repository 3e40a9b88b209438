"""One crawl per archive: an fcntl lock on `<db>.lock`, which the kernel drops even when the process is SIGKILLed."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from beritascrape.errors import ArchiveError, ArchiveLocked


@contextlib.contextmanager
def crawl_lock(db_path: str | Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the archive's crawl lock (`<db>.lock`); ArchiveLocked at once if another crawl holds it, unless `wait`."""
    lock_path = Path(f"{db_path}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ArchiveError(f"cannot create lock file {lock_path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise ArchiveLocked(
                    f"another crawl is writing to {db_path} (lock {lock_path}); try later or pass --wait"
                ) from None
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock
