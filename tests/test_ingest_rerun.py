"""`ingest` run again: a file read with damage is not recorded as done, and the next run reads it again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from beritascrape import console
from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from beritascrape.ingest.run import IN_FLIGHT
from test_ingest import rows, variant
from warcs import fixture, page, write_warc

NAMES = ("prmn/single", "generic/wordpress", "ingest/nolang-id", "ingest/nolang-en")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def urls(names: tuple[str, ...]) -> list[tuple[str]]:
    return sorted((fixture(n)[0],) for n in names)


def articles(db: Path) -> list[tuple[str]]:
    return rows(db, "SELECT url FROM articles ORDER BY url")


def full_and_cut(tmp_path: Path) -> tuple[Path, Path, list[int]]:
    """A whole per-record-gzip WARC of the four pages, and the same cut off inside its last record."""
    full = tmp_path / "full.warc.gz"
    offsets = write_warc(full, [page(n) for n in NAMES])
    cut = tmp_path / "crawl.warc.gz"
    cut.write_bytes(full.read_bytes()[: offsets[3] + 500])
    return full, cut, offsets


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_cut_off_file_is_not_recorded_and_its_whole_copy_is_read_next_time(tmp_path: Path, jobs: str) -> None:
    full, cut, offsets = full_and_cut(tmp_path)
    # With --jobs 2 a second file makes the workers read whole files (pool.py).
    other = tmp_path / "other.warc.gz"
    write_warc(other, [page("generic/english")])
    db = tmp_path / "berita.db"
    first = run("ingest", str(cut), str(other), "--db", str(db), "--quiet", "--json", "--jobs", jobs)
    assert first.exit_code == 1
    assert first.stderr.strip().splitlines()[0] == (
        f"error: {cut}: WARC record at offset {offsets[3]} is cut off by the end of the file"
    )
    assert json.loads(first.stdout)["files"] == {"done": [str(other)], "skipped": [], "failed": [str(cut)]}
    # What it did read stays archived; the file itself is not recorded as ingested.
    assert articles(db) == urls((*NAMES[:3], "generic/english"))
    assert rows(db, "SELECT name FROM warc_files") == [(str(other),)]
    shutil.copyfile(full, cut)
    second = run("ingest", str(cut), str(other), "--db", str(db), "--quiet", "--json", "--jobs", jobs)
    assert second.exit_code == 0, second.stderr
    data = json.loads(second.stdout)
    assert data["files"] == {"done": [str(cut)], "skipped": [str(other)], "failed": []}
    assert data["sites"] == {
        "coastlineweekly.example.com": {"pages": 1, "new": 1},
        "kabarlembah.id": {"pages": 1, "unchanged": 1},
        "kabarpesisir.net": {"pages": 1, "unchanged": 1},
        "pikiran-rakyat.com": {"pages": 1, "unchanged": 1},
    }
    assert articles(db) == urls((*NAMES, "generic/english"))
    # The pages read twice are stored once.
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM pages") == [(5, 5)]
    assert rows(db, "SELECT name, records, bytes FROM warc_files ORDER BY name") == [
        (str(cut), 4, full.stat().st_size),
        (str(other), 1, other.stat().st_size),
    ]
    third = run("ingest", str(cut), str(other), "--db", str(db), "--quiet", "--json", "--jobs", jobs)
    assert json.loads(third.stdout)["files"] == {"done": [], "skipped": [str(cut), str(other)], "failed": []}


def test_a_corrupt_member_or_a_file_that_is_not_warc_is_read_again_next_time(tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    offsets = write_warc(good, [page(n) for n in NAMES[:3]])
    data = good.read_bytes()
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[: offsets[1]] + data[offsets[1] : offsets[1] + 20] + data[offsets[2] :])
    html = tmp_path / "single.html"
    html.write_bytes(fixture(NAMES[0])[1])
    db = tmp_path / "berita.db"
    for attempt in range(2):
        result = run("ingest", str(bad), str(html), "--db", str(db), "--quiet", "--json", "--jobs", "1")
        assert result.exit_code == 1, attempt
        assert result.stderr.strip().splitlines() == [
            f"error: {bad}: corrupt WARC data after offset {offsets[0]}: Gzip decompression error: data error",
            f"error: {html}: corrupt WARC data after offset 0: Invalid WARC header",
        ]
        assert json.loads(result.stdout)["files"] == {"done": [], "skipped": [], "failed": [str(bad), str(html)]}
        assert articles(db) == urls((NAMES[0], NAMES[2]))
        assert rows(db, "SELECT count(*) FROM warc_files") == [(0,)]


def test_a_recorded_file_replaced_by_one_of_another_size_is_read_again(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [page(n) for n in NAMES[:2]])
    db = tmp_path / "berita.db"
    assert run("ingest", str(warc), "--db", str(db), "--quiet", "--jobs", "1").exit_code == 0
    # The crawl that writes the file went on: the same name, more records.
    write_warc(warc, [page(n) for n in NAMES])
    result = run("ingest", str(warc), "--db", str(db), "--quiet", "--json", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["files"] == {"done": [str(warc)], "skipped": [], "failed": []}
    assert articles(db) == urls(NAMES)
    assert rows(db, "SELECT name, records, bytes FROM warc_files") == [(str(warc), 4, warc.stat().st_size)]


def test_dask_writes_the_shard_of_a_cut_off_file_again_once_it_is_whole(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    full, cut, _ = full_and_cut(tmp_path)
    db, shards = tmp_path / "berita.db", tmp_path / "shards"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0"
    ) as c:
        args = ("ingest", str(cut), "--db", str(db), "--dask", c.scheduler_address, "--shards", str(shards), "-q")
        first = run(*args, "--json")
        assert first.exit_code == 1
        assert json.loads(first.stdout)["files"] == {"done": [], "skipped": [], "failed": [str(cut)]}
        assert articles(db) == urls(NAMES[:3])
        assert rows(db, "SELECT count(*) FROM warc_files") == [(0,)]
        shutil.copyfile(full, cut)
        second = run(*args)
        assert second.exit_code == 0, second.stderr
    assert articles(db) == urls(NAMES)
    assert rows(db, "SELECT name, records FROM warc_files") == [(str(cut), 4)]


def test_an_interrupted_run_records_the_articles_it_archived(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One page per file; with --jobs 1 each file leaves two items (its pages, its end) in the writer's window of
    # IN_FLIGHT, so when the last of these files starts, only the first file's items have been written.
    records = [*(page(n) for n in NAMES), *(variant(n) for n in range(4))][: IN_FLIGHT // 2 + 2]
    assert len(records) == IN_FLIGHT // 2 + 2
    files = [tmp_path / f"{n}.warc.gz" for n in range(len(records))]
    for path, record in zip(files, records, strict=True):
        write_warc(path, [record])
    started: list[str] = []

    def start_file(self: console.WarcProgress, name: str, size: int | None) -> None:
        started.append(name)
        if len(started) == len(files):
            raise KeyboardInterrupt

    monkeypatch.setattr(console.WarcProgress, "start_file", start_file)
    db = tmp_path / "berita.db"
    result = run("ingest", *map(str, files), "--db", str(db), "--quiet", "--jobs", "1")
    assert result.exit_code == 130
    assert result.stderr.strip().splitlines() == [
        "error: interrupted; WARC files read to the end are recorded, the next run reads the others"
    ]
    assert articles(db) == urls(NAMES[:1])
    assert rows(db, "SELECT name FROM warc_files") == [(str(files[0]),)]
    assert rows(db, "SELECT command, status, ok, failed FROM runs") == [("ingest", "interrupted", 1, 0)]


def test_ctrl_c_just_after_a_batch_is_committed_still_counts_its_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [tmp_path / f"{n}.warc.gz" for n in range(2)]
    write_warc(files[0], [page(n) for n in NAMES[:3]])
    write_warc(files[1], [page(NAMES[3])])
    save_batch = Archive.save_batch

    def committed_then_interrupted(self: Archive, *args: Any, **kwargs: Any) -> Any:
        # SIGINT arrives while COMMIT runs: Python raises as the call returns, the batch is in the archive.
        save_batch(self, *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(Archive, "save_batch", committed_then_interrupted)
    db = tmp_path / "berita.db"
    result = run("ingest", *map(str, files), "--db", str(db), "--quiet", "--jobs", "1")
    assert result.exit_code == 130
    assert articles(db) == urls(NAMES[:3])
    assert rows(db, "SELECT command, status, ok, failed FROM runs") == [("ingest", "interrupted", 3, 0)]
