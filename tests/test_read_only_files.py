"""Readers (show, search, export, runs, stats) leave the archive's folder as they found it: no -wal or -shm file
where there was none, the archive's bytes unchanged; beside a live writer they read what it committed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from beritascrape.archive.store import Archive
from beritascrape.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
READERS = (
    ("show", "1"),
    ("search", "Bekasi"),
    ("export", "--format", "jsonl"),
    ("export", "--format", "csv"),
    ("runs",),
    ("stats",),
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


def test_readers_leave_no_new_file_beside_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run("scrape", str(FIXTURES / "prmn" / "single.html"), "--db", str(db), "-q") == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["berita.db"]
    before = db.read_bytes()
    for args in READERS:
        assert run(*args, "--db", str(db))[0] == 0, args
        assert sorted(p.name for p in tmp_path.iterdir()) == ["berita.db"], args
    assert db.read_bytes() == before


def test_a_reader_beside_a_live_writer_reads_what_it_committed(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run("scrape", str(FIXTURES / "prmn" / "single.html"), "--db", str(db), "-q") == (0, "")
    with Archive(db) as writer:
        writer.conn.execute("UPDATE articles SET title = 'Judul Baru' WHERE id = 1")
        writer.conn.commit()
        # The writer's commit is in its WAL, not yet in the file: the reader reads it there.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["berita.db", "berita.db-shm", "berita.db-wal"]
        shown = CliRunner().invoke(cli, ["show", "1", "--db", str(db)])
        assert (shown.exit_code, shown.stdout.splitlines()[0]) == (0, "Judul Baru")
        # The reader took nothing from under the writer, which goes on writing.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["berita.db", "berita.db-shm", "berita.db-wal"]
        writer.conn.execute("UPDATE articles SET title = 'Judul Ketiga' WHERE id = 1")
        writer.conn.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["berita.db"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT title FROM articles").fetchall() == [("Judul Ketiga",)]
