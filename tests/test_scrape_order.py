"""scrape and parse give their outcomes in input order, the pages of split articles given as saved files too
(stitched or refused), whichever order the pages come in and whichever worker read them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from beritascrape.archive.queue import BatchQueue
from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from beritascrape.fetch.http import FetchConfig, Fetcher
from beritascrape.scrape.pipeline import scrape

FIXTURES = Path(__file__).parent / "fixtures"


def saved_folder(tmp_path: Path) -> Path:
    """Pages 2, 3 and 1 of a split article with an article between them, then two of a split article's three pages
    (its page 2 is missing), then another article, sorted by name in that order."""
    folder = tmp_path / "saved"
    folder.mkdir()
    names = {
        "a-halaman-2.html": "prmn/multi-p2.html",
        "b-halaman-3.html": "prmn/multi-p3.html",
        "c-tunggal.html": "prmn/single.html",
        "d-halaman-1.html": "prmn/multi-p1.html",
        "e-bagian-1.html": "generic/split-p1.html",
        "f-bagian-3.html": "generic/split-p3.html",
        "g-wordpress.html": "generic/wordpress.html",
    }
    for name, fixture in names.items():
        shutil.copy(FIXTURES / fixture, folder / name)
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_scrape_outcomes_come_in_input_order(tmp_path: Path, jobs: int) -> None:
    folder = saved_folder(tmp_path)
    inputs = sorted(str(p) for p in folder.iterdir())
    with Archive(tmp_path / "berita.db") as archive:
        found = [
            (Path(o.input).name, o.status, o.message and o.message.split(" is one page of ")[-1].split(";")[0])
            for o in scrape(inputs, Fetcher(FetchConfig()), archive, jobs=jobs)
        ]
    head = str(folder / "d-halaman-1.html")
    assert found == [
        ("a-halaman-2.html", "stitched", f"page 2 of 3, stitched into {head}"),
        ("b-halaman-3.html", "stitched", f"page 3 of 3, stitched into {head}"),
        ("c-tunggal.html", "new", None),
        ("d-halaman-1.html", "new", None),
        ("e-bagian-1.html", "failed", "a 3-page article"),
        ("f-bagian-3.html", "failed", "a 3-page article"),
        ("g-wordpress.html", "new", None),
    ]


def test_scrape_error_lines_and_parse_records_come_in_input_order(tmp_path: Path) -> None:
    folder = saved_folder(tmp_path)
    result = CliRunner().invoke(cli, ["scrape", str(folder), "--db", str(tmp_path / "berita.db"), "-q", "--jobs", "1"])
    assert result.exit_code == 1
    assert [line.split(" is one page of")[0] for line in result.stderr.splitlines()] == [
        f"error: {folder / 'e-bagian-1.html'}",
        f"error: {folder / 'f-bagian-3.html'}",
    ]
    printed = CliRunner().invoke(cli, ["parse", str(folder), "--jobs", "1"])
    assert printed.exit_code == 0, printed.stderr
    titles = [json.loads(line)["title"] for line in printed.stdout.splitlines()]
    expected = [
        json.loads((FIXTURES / name).read_text("utf-8"))["title"]
        for name in (
            "prmn/multi-p1.json",  # the stitched article, at its first page's input (d-halaman-1)
            "prmn/single.json",
            "generic/split-p1.json",  # the incomplete set: each page printed alone
            "generic/split-p3.json",
            "generic/wordpress.json",
        )
    ]
    assert titles == [expected[1], expected[0], expected[2], expected[3], expected[4]]


def test_a_place_kept_in_the_queue_holds_back_the_outcomes_after_it() -> None:
    queue: BatchQueue[str] = BatchQueue(None, None)
    place = queue.reserve()
    queue.done("second")
    assert (queue.due(), list(queue.flush())) == (False, [])
    queue.done("first", place=place)
    assert queue.due()
    assert list(queue.flush()) == [("first", None), ("second", None)]
    queue.reserve()  # a page whose set never completed when the run stopped: it gives no outcome
    queue.done("after")
    queue.drop_open()
    assert list(queue.flush()) == [("after", None)]


def test_a_set_whose_pages_come_too_far_apart_is_taken_page_by_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from beritascrape.scrape import pipeline

    monkeypatch.setattr(pipeline, "SPLIT_WAIT", 2)  # the outcomes of at most 2 inputs wait behind a page
    folder = tmp_path / "saved"
    folder.mkdir()
    names = {
        "a-halaman-1.html": "prmn/multi-p1.html",
        "b-tunggal.html": "prmn/single.html",
        "c-wordpress.html": "generic/wordpress.html",
        "d-halaman-2.html": "prmn/multi-p2.html",
        "e-halaman-3.html": "prmn/multi-p3.html",
    }
    for name, fixture in names.items():
        shutil.copy(FIXTURES / fixture, folder / name)
    with Archive(tmp_path / "berita.db") as archive:
        found = [
            (Path(o.input).name, o.status)
            for o in scrape(sorted(str(p) for p in folder.iterdir()), Fetcher(FetchConfig()), archive, jobs=1)
        ]
    assert found == [
        ("a-halaman-1.html", "failed"),
        ("b-tunggal.html", "new"),
        ("c-wordpress.html", "new"),
        ("d-halaman-2.html", "failed"),
        ("e-halaman-3.html", "failed"),
    ]
