"""Two fetches of one article in a WARC (two response records, two dates): the later one is the archived content,
and reading the same input again changes nothing and adds no version."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from beritascrape.cli import cli
from beritascrape.extract.parse import parse_html
from warcs import Rec, page, write_warc

EARLY, LATE = "2024-06-15T01:00:00Z", "2024-06-16T01:00:00Z"


def fetches() -> tuple[str, bytes, bytes]:
    """The article's URL, its page as first fetched, and as fetched again after an edit."""
    first = page("prmn/single")
    edited = first.body.replace(b"</p>", b" Berita ini telah diperbarui.</p>", 1)
    assert edited != first.body
    return first.url, first.body, edited


def ingest(warc: Path, db: Path, *extra: str) -> dict:
    result = CliRunner().invoke(cli, ["ingest", str(warc), "--db", str(db), "--json", "-q", "--jobs", "1", *extra])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["sites"]


def state(db: Path) -> tuple[list[tuple], list[tuple], int]:
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT body FROM articles").fetchall(),
            conn.execute("SELECT version, json_extract(record, '$.body') FROM article_versions").fetchall(),
            conn.execute("SELECT count(*) FROM pages").fetchone()[0],
        )


@pytest.mark.parametrize("later_first", [False, True])
def test_the_later_fetch_is_archived_and_a_rerun_changes_nothing(tmp_path: Path, later_first: bool) -> None:
    url, old, new = fetches()
    old_body, new_body = parse_html(old, url).body, parse_html(new, url).body
    assert old_body != new_body
    records = [Rec(url, old, date=EARLY), Rec(url, new, date=LATE)]
    warc, db = tmp_path / "a.warc.gz", tmp_path / "berita.db"
    write_warc(warc, records[::-1] if later_first else records)
    first = ingest(warc, db)
    if later_first:
        # The older record, read second, leaves the newer content; its page is stored beside it.
        assert first == {"pikiran-rakyat.com": {"pages": 2, "new": 1, "unchanged": 1}}
        assert state(db) == ([(new_body,)], [], 2)
    else:
        assert first == {"pikiran-rakyat.com": {"pages": 2, "new": 1, "updated": 1}}
        assert state(db) == ([(new_body,)], [(1, old_body)], 2)
    after_first = state(db)
    for _ in range(2):
        assert ingest(warc, db, "--redo") == {"pikiran-rakyat.com": {"pages": 2, "unchanged": 2}}
        assert state(db) == after_first


def test_two_fetches_of_one_date_the_later_record_in_the_file_stands(tmp_path: Path) -> None:
    url, old, new = fetches()
    warc, db = tmp_path / "a.warc.gz", tmp_path / "berita.db"
    write_warc(warc, [Rec(url, old, date=LATE), Rec(url, new, date=LATE)])
    assert ingest(warc, db) == {"pikiran-rakyat.com": {"pages": 2, "new": 1, "updated": 1}}
    after_first = state(db)
    assert after_first[0] == [(parse_html(new, url).body,)]
    assert ingest(warc, db, "--redo") == {"pikiran-rakyat.com": {"pages": 2, "unchanged": 2}}
    assert state(db) == after_first


SPLIT = ("generic/split-p1", "generic/split-p2", "generic/split-p3")


@pytest.mark.parametrize("edit_is_later", [False, True])
@pytest.mark.parametrize("at_end", [False, True])  # before page 3 (the set is not complete yet), or after it
def test_a_page_of_a_split_article_fetched_twice_is_stitched_from_its_later_fetch(
    tmp_path: Path, edit_is_later: bool, at_end: bool
) -> None:
    pages = [page(name) for name in SPLIT]
    edited = pages[1].body.replace(b"</p>", b" Berita ini telah diperbarui.</p>", 1)
    bodies = [parse_html(p.body, p.url).body for p in pages]
    edited_body = parse_html(edited, pages[1].url).body
    assert edited_body != bodies[1]
    # The second fetch of page 2 comes after the first in the file, dated before or after it.
    again = Rec(pages[1].url, edited, date=LATE if edit_is_later else "2024-06-01T00:00:00Z")
    records = [Rec(p.url, p.body, date=EARLY) for p in pages]
    records.insert(3 if at_end else 2, again)
    warc, db = tmp_path / "a.warc.gz", tmp_path / "berita.db"
    write_warc(warc, records)
    result = CliRunner().invoke(cli, ["ingest", str(warc), "--db", str(db), "--json", "-q", "--jobs", "1"])
    assert (result.exit_code, result.stderr) == (0, "")
    page_2 = edited_body if edit_is_later else bodies[1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT body, page_count, pages_missing FROM articles").fetchall() == [
            ("\n\n".join([bodies[0], page_2, bodies[2]]), 3, 0)
        ]
        # Both fetches of page 2 are stored.
        stored = conn.execute("SELECT url, sha256 FROM pages ORDER BY url, fetched_at").fetchall()
    digests = [hashlib.sha256(p.body).hexdigest() for p in pages]
    edited_digest = hashlib.sha256(edited).hexdigest()
    both = [(pages[1].url, edited_digest), (pages[1].url, digests[1])]
    assert stored == [
        (pages[0].url, digests[0]),
        *(both[::-1] if edit_is_later else both),
        (pages[2].url, digests[2]),
    ]
    # Read again: nothing changes.
    before = state(db)
    assert set().union(*ingest(warc, db, "--redo").values()) == {"pages", "unchanged"}
    assert state(db) == before
