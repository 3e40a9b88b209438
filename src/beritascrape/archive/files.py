"""Archive files on disk: read-only connections (read-only media too), and whether a file is an archive or damaged."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from beritascrape.errors import ArchiveError


def connect_read_only(file: Path) -> sqlite3.Connection:
    """A connection that never writes to the archive: every statement that would is refused (PRAGMA query_only).

    Where the file and its folder can be written, it is opened as a writer opens it (mode=rw, never created): reads
    then go beside a live writer as WAL lets any reader, and the last connection to close takes away the -wal and
    -shm files that opening a WAL archive makes, as SQLite does for every last connection. Opened mode=ro, SQLite
    still makes them (a WAL reader needs the shared-memory index) but never takes them away, so each read left two
    new files beside the archive. On a file or folder that cannot be written: mode=ro, else immutable (read-only
    media, where the -shm cannot be made).
    """
    uri = file.resolve().as_uri()
    modes = ["mode=ro", "immutable=1"]
    if os.access(file, os.W_OK) and os.access(file.resolve().parent, os.W_OK):
        modes.insert(0, "mode=rw")
    error: sqlite3.Error | None = None
    for mode in modes:
        conn = sqlite3.connect(f"{uri}?{mode}", uri=True, check_same_thread=False)
        try:
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            conn.close()
            error = exc
    assert error is not None
    raise error


def damaged_message(path: Path, exc: sqlite3.Error) -> str | None:
    """The one line for a SQLite file too damaged to read (a cut-off copy, a failing disk), or None."""
    if not isinstance(exc, sqlite3.DatabaseError) or "malformed" not in str(exc):
        return None
    return f"{path} is damaged ({exc}): restore it from a backup, or save its rows with `sqlite3 {path} .recover`"


def not_an_archive(path: Path) -> str:
    """The one line for a file that is no beritascrape archive (another program's, or not SQLite at all)."""
    return f"{path} is not a beritascrape archive (pass --db with the archive's path)"


def open_error(path: Path, exc: sqlite3.Error) -> ArchiveError:
    """The one line for an archive a writer cannot open: damaged, not SQLite at all, or in a folder it cannot write."""
    damaged = damaged_message(path, exc)
    if damaged:
        return ArchiveError(damaged)
    if "file is not a database" in str(exc):
        # As readers say it (cli/common.open_archive): another program's file is never given our tables.
        return ArchiveError(not_an_archive(path))
    folder = path.parent if str(path.parent) else Path(".")
    if "unable to open database file" in str(exc) and not os.access(folder, os.W_OK):
        return ArchiveError(f"cannot open archive {path}: its folder {folder} cannot be written (read-only?)")
    return ArchiveError(f"cannot open archive {path}: {exc}")


def is_damaged(path: str | Path) -> str | None:
    """damaged_message for this file when its first pages cannot be read, else None (read-only check)."""
    try:
        connect_read_only(Path(path)).close()
    except sqlite3.Error as exc:
        return damaged_message(Path(path), exc)
    return None


def is_archive(path: str | Path) -> bool:
    """True when path is a SQLite file that a beritascrape archive was written to (read-only check)."""
    file = Path(path)
    if not file.is_file() or file.stat().st_size == 0:
        return False
    try:
        conn = connect_read_only(file)
        try:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return found is not None
