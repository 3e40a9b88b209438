"""`--jobs N` and batched archive writes: the same archive and output as one job, whole batches, nothing half kept."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from beritascrape.archive.queue import after_interrupt
from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from beritascrape.fetch.http import FetchConfig, Fetcher
from beritascrape.scrape.pipeline import Outcome, scrape
from faultserver import FaultServer
from newspages import PAGES

FIXTURES = Path(__file__).parent / "fixtures"
FAST = FetchConfig(allow_private=True, obey_robots=False)
SHARED = "Warga diminta tetap waspada terhadap cuaca buruk sepanjang pekan ini di seluruh wilayah."
# Columns that say when a row was written or a file read: they differ between any two runs.
CLOCK = {
    "first_seen_at",
    "last_seen_at",
    "last_scraped_at",
    "scraped_at",
    "fetched_at",
    "at",
    "started_at",
    "finished_at",
    "applied_at",
}
TABLES = (
    "articles",
    "pages",
    "tags",
    "article_tags",
    "authors",
    "article_authors",
    "editors",
    "article_editors",
    "articles_stem_fts",
    "template_sightings",
    "template_blocks",
    "article_versions",
    "failures",
)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def pages_folder(folder: Path) -> Path:
    """Fixture pages of several kinds: a split article in three files, an index page, a page with no article."""
    folder.mkdir()
    for family in ("generic", "prmn", "kompas"):
        for page in sorted((FIXTURES / family).glob("*.html")):
            shutil.copy(page, folder / f"{family}-{page.name}")
    (folder / "zz-empty.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    return folder


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of the archive's content tables, less the columns that hold the clock."""
    conn = sqlite3.connect(db)
    try:
        found = {}
        for table in TABLES:
            order = {"template_sightings": "host, key, article_id", "template_blocks": "host, key"}.get(table, "rowid")
            cursor = conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
            keep = [i for i, column in enumerate(cursor.description) if column[0] not in CLOCK]
            found[table] = [tuple(row[i] for i in keep) for row in cursor]
        return found
    finally:
        conn.close()


def test_jobs_2_parses_and_archives_exactly_what_jobs_1_does(tmp_path: Path) -> None:
    folder = pages_folder(tmp_path / "pages")
    parsed = {jobs: run("parse", str(folder), "--jobs", jobs) for jobs in ("1", "2")}
    assert parsed["1"].exit_code == parsed["2"].exit_code == 1
    assert parsed["2"].stdout_bytes == parsed["1"].stdout_bytes
    assert (
        parsed["2"].stderr
        == parsed["1"].stderr
        == (
            f"error: {folder}/prmn-index.html: index or home page, not an article\n"
            f"error: {folder}/zz-empty.html: no article text found\n"
        )
    )
    urls = [line.split('"url": "')[1].split('"')[0] for line in parsed["1"].stdout.splitlines()]
    assert len(urls) == len(set(urls)) == 30  # 36 files: two fail, the three pages of each split article are one

    for jobs in ("1", "2"):
        result = run("scrape", str(folder), "--db", str(tmp_path / f"jobs{jobs}.db"), "--quiet", "--jobs", jobs)
        assert result.exit_code == 1, result.output
    one, two = dump(tmp_path / "jobs1.db"), dump(tmp_path / "jobs2.db")
    assert two == one
    # Archived in input order; the one saved page of a two-page Kompas article is refused, as parse says it is one
    # (desktop and mobile copies), and so is page 3 of generic/split-unlinked.html, whose pages 1 and 2 are not there.
    two_pages = "https://megapolitan.kompas.com/read/2024/05/02/08300021/perpustakaan-keliling-sambangi-kampung-nelayan-di-muara-angke"
    alone = (
        two_pages,
        two_pages.replace("08300021", "08300099"),
        "https://kabarpesisir.id/2024/06/nelayan-pangandaran-kembali-melaut-lagi/",
    )
    assert [row[2] for row in one["articles"]] == [u for u in urls if u not in alone]
    # A page of a split article whose other pages never came is refused alone, in its place among the inputs.
    assert [(row[2], row[3][:40]) for row in one["failures"]] == [
        (f"{folder}/generic-split-unlinked.html", f"{folder}/generic-split-unlinked.html is one page"[:40]),
        (f"{folder}/kompas-article.html", f"{folder}/kompas-article.html is one page"[:40]),
        (f"{folder}/kompas-mobile.html", f"{folder}/kompas-mobile.html is one page"[:40]),
        (f"{folder}/prmn-index.html", "index or home page, not an article"),
        (f"{folder}/zz-empty.html", "no article text found"),
    ]
    split = [row for row in one["pages"] if "split-p" in row[2]]
    assert [(row[1], row[2].rsplit("/", 1)[1]) for row in split] == [
        (split[0][1], f"generic-split-p{n}.html") for n in (1, 2, 3)
    ]


def saved_news(folder: Path, n: int) -> list[str]:
    """n saved pages of invented news, each its own article, all ending in one shared paragraph."""
    folder.mkdir()
    paths = []
    for i in range(n):
        base = PAGES[i % len(PAGES)]
        page = dataclasses.replace(
            base,
            url=f"{base.url}-{i}",
            title=f"{base.title} ({i})",
            paragraphs=(*(f"{p} Laporan {i}." for p in base.paragraphs), SHARED),
        )
        path = folder / f"berita-{i:02d}.html"
        path.write_text(page.html(), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_reparse_with_jobs_2_writes_what_jobs_1_writes(tmp_path: Path) -> None:
    first = tmp_path / "jobs1.db"
    scraped = run("scrape", *saved_news(tmp_path / "pages", 12), "--db", str(first), "--quiet", "--jobs", "2")
    assert scraped.exit_code == 0, scraped.output
    shutil.copy(first, tmp_path / "jobs2.db")
    done = {jobs: run("reparse", "--db", str(tmp_path / f"jobs{jobs}.db"), "--jobs", jobs) for jobs in ("1", "2")}
    assert done["1"].exit_code == done["2"].exit_code == 0
    assert done["2"].stdout == done["1"].stdout
    # The shared paragraph was learnt from the run's articles: every one of them loses it.
    assert done["1"].stdout.count(f"    - {SHARED}\n") == 12
    assert dump(tmp_path / "jobs2.db") == dump(first)
    with sqlite3.connect(first) as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE body LIKE ?", [f"%{SHARED}%"]).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM article_versions").fetchone() == (12,)


def counting(db: Path, seen: list[int]):
    """An on_outcome that notes how many articles the archive holds, as another reader sees it, at each outcome."""

    def note(outcome: Outcome) -> None:
        with sqlite3.connect(db) as conn:
            seen.append(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    return note


def test_a_batch_is_written_whole_when_it_is_full(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    inputs = saved_news(tmp_path / "pages", 5)
    seen: list[int] = []
    with Archive(db) as archive:
        outcomes = list(
            scrape(inputs, Fetcher(FAST), archive, on_outcome=counting(db, seen), batch_size=2, batch_seconds=3600)
        )
    assert [o.status for o in outcomes] == ["new"] * 5
    # Each outcome comes once its batch is committed: two articles, two more, then the last one at the end.
    assert seen == [2, 2, 4, 4, 5]


def test_an_article_the_archive_refuses_fails_alone_and_its_batch_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    inputs = saved_news(tmp_path / "pages", 5)
    with Archive(db) as archive:
        archive.db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.title LIKE '%(2)' "
            "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"
        )
        run_id = archive.start_run("scrape", inputs)
        outcomes = list(scrape(inputs, Fetcher(FAST), archive, run_id=run_id))
    refused = f"not archived: cannot write archive {db}: refused by a trigger"
    assert [(o.status, o.message) for o in outcomes] == [("new", None)] * 2 + [("failed", refused)] + [
        ("new", None)
    ] * 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT url, message FROM failures").fetchall() == [(inputs[2], refused)]
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (4,)
        # Nothing of the refused article is half kept: no page, no tag link, no stems.
        assert conn.execute("SELECT count(DISTINCT article_id), count(*) FROM pages").fetchone() == (4, 4)
        assert conn.execute("SELECT count(*) FROM articles_stem_fts").fetchone() == (4,)


def interrupting(items: list[str], after: int) -> Iterator[str]:
    """The inputs, with Ctrl-C pressed once `after` of them were read."""
    yield from items[:after]
    raise KeyboardInterrupt


def test_ctrl_c_writes_and_reports_the_batch_in_hand(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    inputs = saved_news(tmp_path / "pages", 5)
    outcomes: list[Outcome] = []
    with Archive(db) as archive, pytest.raises(KeyboardInterrupt):
        outcomes.extend(scrape(interrupting(inputs, 3), Fetcher(FAST), archive, batch_seconds=3600))
    assert [(o.input, o.status) for o in outcomes] == [(i, "new") for i in inputs[:3]]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (3,)


def test_ctrl_c_while_the_caller_runs_still_writes_the_batch_in_hand(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    inputs = saved_news(tmp_path / "pages", 5)
    with Archive(db) as archive:
        found = scrape(inputs, Fetcher(FAST), archive, batch_size=2, batch_seconds=3600)
        first = next(found)  # the first batch of two is written; the caller is pressed Ctrl-C now
        rest = list(after_interrupt(found))
        assert list(after_interrupt(found)) == []  # once ended, nothing more
    assert [o.input for o in [first, *rest]] == inputs[:2]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (2,)


def test_ctrl_c_with_worker_processes_gives_the_summary_and_130(tmp_path: Path) -> None:
    inputs = saved_news(tmp_path / "pages", 12)
    db = tmp_path / "b.db"
    with FaultServer(drip=0.05) as srv:
        # The files are extracted by the workers and written before the URL, which then never answers.
        args = ["scrape", "--db", str(db), "--allow-private", "--jobs", "2", *inputs, srv.url("/silent")]
        proc = subprocess.Popen(
            [sys.executable, "-m", "beritascrape", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
            start_new_session=True,
        )
        for _ in range(3000):
            if "/silent" in srv.paths() or proc.poll() is not None:
                break
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the workers get it too
        _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "12 new; 1 of 13 input(s) not tried" in stderr
    assert stderr.endswith("error: interrupted; 1 input(s) not tried; everything archived before this point is kept\n")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status, ok, failed FROM runs").fetchall() == [("interrupted", 12, 0)]


def test_save_batch_writes_what_saving_one_by_one_writes(tmp_path: Path) -> None:
    import random

    from beritascrape.archive.rows import prepare_article
    from beritascrape.model import Article

    rng = random.Random(11)
    blocks = [f"Kalimat pendek nomor {n} untuk pembaca setia kami." for n in range(12)]
    articles = []
    for _ in range(120):
        # Keys repeat, each in one of two versions: a later save updates an article or leaves it unchanged.
        n, version = rng.randrange(40), rng.randrange(2)
        own = random.Random(n * 2 + version)
        body = "\n\n".join([*own.sample(blocks, 4), f"Paragraf khusus artikel {n} versi {version}."])
        host = ("kabarbukit.test", "wartalembah.test")[n % 2]
        articles.append(
            Article(
                url=f"https://{host}/berita/{n}",
                canonical_url=f"https://{host}/berita/{n}",
                site=host,
                title=f"Judul {n}",
                body=body,
                tags=tuple(own.sample(["banjir", "cuaca", "desa", "pasar"], 2)),
                authors=tuple(own.sample(["Ani", "Budi", "Citra"], own.randrange(3))),
                editor=own.choice([None, "Dewi"]),
                extractor="generic",
            )
        )
    one, many = tmp_path / "one.db", tmp_path / "many.db"
    with Archive(one) as archive:
        singles = [archive.save_article(a) for a in articles]
    with Archive(many) as archive:
        batched = []
        for start in range(0, len(articles), 50):
            batched += archive.save_batch([prepare_article(a) for a in articles[start : start + 50]])
    assert [(r.article_id, r.status, r.learnt) for r in batched] == [
        (r.article_id, r.status, r.learnt) for r in singles
    ]
    assert {s.status for s in singles} == {"new", "updated", "unchanged"}
    assert sum(s.learnt for s in singles) > 0
    assert dump(many) == dump(one)


def test_a_run_of_urls_only_starts_no_worker_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    # URLs are fetched by the run's own process: a pool would only cost its start (and its resource tracker).
    from beritascrape.scrape import pipeline

    asked: list[int] = []
    real = pipeline.workers.ordered_map

    def spy(fn, items, jobs, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(jobs)
        return real(fn, items, jobs, **kwargs)

    monkeypatch.setattr(pipeline.workers, "ordered_map", spy)
    urls = [f"http://127.0.0.1:9/{n}" for n in range(20)]
    result = CliRunner().invoke(cli, ["parse", *urls, "--jobs", "2", "--retries", "0", "--allow-private"])
    assert result.exit_code == 1
    assert asked == [1]
