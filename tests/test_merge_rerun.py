"""`merge` of a source merged before (directly or through another archive) adds no runs and no failures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from beritascrape.archive import store
from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from test_ingest import rows

RUN_COLUMNS = "command, args, started_at, finished_at, status, ok, failed"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Every run starts at a time of its own, as on a real machine; two runs of one second are tested apart.
    ticks = iter(f"2024-08-01T{h:02d}:{m:02d}:00Z" for h in range(24) for m in range(60))
    monkeypatch.setattr(store, "_utcnow", lambda: next(ticks))
    yield


def crawl_archive(path: Path, name: str, runs: int) -> None:
    """An archive with `runs` crawl runs, each with two failures."""
    with Archive(path) as archive:
        for n in range(runs):
            run_id = archive.start_run("crawl", [f"{name}.toml"])
            archive.record_failure(run_id, f"https://{name}.example/{n}/a", "HTTP 404")
            archive.record_failure(run_id, f"https://{name}.example/{n}/b", "timed out")
            archive.finish_run(run_id, ok=3, failed=2, status="partial")


def history(db: Path) -> dict[str, Any]:
    return {
        "runs": rows(db, f"SELECT {RUN_COLUMNS} FROM runs WHERE command != 'merge' ORDER BY started_at"),
        "failures": rows(
            db,
            "SELECT r.started_at, f.url, f.message, f.at FROM failures f JOIN runs r ON r.id = f.run_id ORDER BY 1, 2",
        ),
    }


def test_merging_the_same_sources_again_adds_no_runs_and_no_failures(tmp_path: Path) -> None:
    c2, f, everything, target = (tmp_path / n for n in ("c2.db", "f.db", "all.db", "m.db"))
    crawl_archive(c2, "c2", 3)
    crawl_archive(f, "f", 1)
    assert run("merge", str(c2), str(f), "--db", str(everything), "--quiet").exit_code == 0
    first = run("merge", str(c2), str(f), str(everything), "--db", str(target), "--json", "--quiet")
    assert first.exit_code == 0, first.stderr
    once = history(target)
    assert len(once["runs"]) == 4 and len(once["failures"]) == 8
    assert once == history(everything)
    again = run("merge", str(c2), str(f), str(everything), "--db", str(target), "--json", "--quiet")
    assert again.exit_code == 0, again.stderr
    assert history(target) == once
    # --json says what each source really added; all.db's runs are c2's and f's (known by then) and its merge run.
    added = [{name: (c["runs"], c["failures"]) for name, c in json.loads(r.stdout).items()} for r in (first, again)]
    assert added == [
        {str(c2): (3, 6), str(f): (1, 2), str(everything): (1, 0)},
        {str(c2): (0, 0), str(f): (0, 0), str(everything): (0, 0)},
    ]
    # The merge runs themselves: all.db's one, and one per merge into m.db.
    assert rows(target, "SELECT count(*) FROM runs WHERE command = 'merge'") == [(3,)]
    assert rows(target, "SELECT count(*) FROM failures") == [(8,)]


def test_a_run_merged_before_it_ended_is_completed_and_a_twin_of_another_machine_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, twin, target = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "m.db"
    monkeypatch.setattr(store, "_utcnow", lambda: "2024-08-02T05:30:00Z")
    with Archive(source) as archive:
        run_id = archive.start_run("crawl", ["daily.toml"])
        archive.record_failure(run_id, "https://a.example/1", "HTTP 500")
    with Archive(twin) as archive:
        # Another machine's cron started the same command in the same second; it ended otherwise.
        other = archive.start_run("crawl", ["daily.toml"])
        archive.finish_run(other, ok=9, failed=0, status="ok")
    assert run("merge", str(source), "--db", str(target), "--quiet").exit_code == 0
    with Archive(source) as archive:
        archive.record_failure(run_id, "https://a.example/2", "HTTP 502")
        archive.finish_run(run_id, ok=4, failed=2, status="partial")
    result = run("merge", str(source), str(twin), "--db", str(target), "--json", "--quiet")
    assert result.exit_code == 0, result.stderr
    when = "2024-08-02T05:30:00Z"
    assert rows(target, f"SELECT {RUN_COLUMNS} FROM runs WHERE command = 'crawl' ORDER BY id") == [
        ("crawl", '["daily.toml"]', when, when, "partial", 4, 2),
        ("crawl", '["daily.toml"]', when, when, "ok", 9, 0),
    ]
    assert rows(target, "SELECT url FROM failures ORDER BY id") == [("https://a.example/1",), ("https://a.example/2",)]
    added = {name: (counts["runs"], counts["failures"]) for name, counts in json.loads(result.stdout).items()}
    assert added == {str(source): (0, 1), str(twin): (1, 0)}


def test_twin_runs_of_one_archive_stay_two_and_are_not_copied_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = tmp_path / "a.db", tmp_path / "m.db"
    monkeypatch.setattr(store, "_utcnow", lambda: "2024-08-03T06:00:00Z")
    with Archive(source) as archive:
        # The same command twice in one second, ending alike: two runs all the same.
        for _ in range(2):
            run_id = archive.start_run("scrape", ["urls.txt"])
            archive.record_failure(run_id, "https://a.example/x", "HTTP 404")
            archive.finish_run(run_id, ok=1, failed=1, status="partial")
    for _ in range(2):
        assert run("merge", str(source), "--db", str(target), "--quiet").exit_code == 0
        assert rows(target, "SELECT count(*) FROM runs WHERE command = 'scrape'") == [(2,)]
        assert rows(target, "SELECT count(*), count(DISTINCT run_id) FROM failures") == [(2, 2)]
