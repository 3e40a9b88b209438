"""Two fetches of one article in a WARC (two response records, two dates): the later one is the archived content,
and reading the same input again changes nothing and adds no version."""

from __future__ import annotations

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
