"""End to end on archives built from fixture pages: stemmed search, filters, run history, stats, folders."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from beritascrape.archive.stems import stem_text
from beritascrape.archive.store import Archive
from beritascrape.cli import cli
from httpserver import Response, TestServer, serve
from newspages import PAGES, write_pages

FIXTURES = Path(__file__).parent / "fixtures"
HTML = {"Content-Type": "text/html; charset=utf-8"}
# Ids as `scrape DIR` gives them: files in sorted path order.
SURUT, KEBANJIRAN, TANGGUL, PASAR = 1, 2, 3, 4


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An archive of the four news pages, scraped as one folder."""
    write_pages(tmp_path / "saved")
    path = tmp_path / "berita.db"
    result = run("scrape", "-q", "--db", str(path), str(tmp_path / "saved"))
    assert result.exit_code == 0, result.output
    return path


def hits(db: Path, *args: str) -> list[tuple[int, str]]:
    result = run("search", "--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    return [(h["id"], h["snippet"]) for h in map(json.loads, result.stdout.splitlines())]


def test_stems_of_indonesian_affixes() -> None:
    assert stem_text("Kebanjiran, dibanjiri, membanjiri; banjir-nya 5.000 warga COVID-19") == (
        "banjir banjir banjir banjir nya 5 000 warga covid 19"
    )


def test_folder_is_read_recursively_in_sorted_order(db: Path) -> None:
    assert rows(db, "SELECT id, url FROM articles ORDER BY id") == [
        (SURUT, PAGES[1].url),
        (KEBANJIRAN, PAGES[0].url),
        (TANGGUL, PAGES[3].url),
        (PASAR, PAGES[2].url),
    ]


def test_parse_reads_a_folder_too(tmp_path: Path) -> None:
    write_pages(tmp_path / "saved")
    result = run("parse", str(tmp_path / "saved"))
    assert result.exit_code == 0
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == [
        PAGES[1].url,
        PAGES[0].url,
        PAGES[3].url,
        PAGES[2].url,
    ]


def test_search_finds_the_word_family(db: Path) -> None:
    family = [
        (KEBANJIRAN, "Hujan deras sejak pagi membuat ratusan rumah di tepi sungai kebanjiran hingga…"),
        (SURUT, "Banjir yang merendam kampung di tepi sungai surut pada Rabu sore setelah…"),
        (TANGGUL, "Air sungai membanjiri puluhan hektare sawah setelah tanggul di hulu jebol pada…"),
    ]
    assert hits(db, "banjir") == family
    assert hits(db, "kebanjiran") == family
    assert hits(db, "dibanjiri") == family
    # --exact: the surface form only.
    assert hits(db, "kebanjiran", "--exact") == [family[0]]
    assert hits(db, "banjir", "--exact") == [family[1]]
    # FTS5 syntax still works over stems: phrases, OR, NOT, prefixes.
    # (KEBANJIRAN says "tanggul yang jebol": not the phrase.)
    assert [i for i, _ in hits(db, '"tanggul jebol" OR pasar')] == [PASAR, TANGGUL]
    assert [i for i, _ in hits(db, "banjir NOT sawah")] == [KEBANJIRAN, SURUT]
    assert [i for i, _ in hits(db, "pertani*")] == [TANGGUL]


def test_search_table_marks_the_family_in_snippets(db: Path) -> None:
    result = run("search", "--db", str(db), "membanjiri", "--limit", "1")
    assert result.exit_code == 0
    assert "1 hit(s) for 'membanjiri'" in result.stdout
    assert result.stdout.splitlines()[4].startswith(f"│ {KEBANJIRAN}  │ 2024-03-05T09:30 │ Ratusan Rumah")


def test_search_filters_and_offset(db: Path) -> None:
    assert [i for i, _ in hits(db, "banjir", "--offset", "1")] == [SURUT, TANGGUL]
    assert [i for i, _ in hits(db, "banjir", "--offset", "1", "--limit", "1")] == [SURUT]
    assert [i for i, _ in hits(db, "banjir", "--site", "kabarlembah.example")] == [KEBANJIRAN, SURUT]
    # A domain takes in its sub-domains.
    assert [i for i, _ in hits(db, "banjir", "--site", "wartatepian.example")] == [TANGGUL]
    assert [i for i, _ in hits(db, "banjir", "--site", "jabar.wartatepian.example")] == [TANGGUL]
    # The article's own date, WIB unless the bound says otherwise; a bare --until takes in that whole day.
    assert [i for i, _ in hits(db, "banjir", "--since", "2024-03-06")] == [SURUT, TANGGUL]
    assert [i for i, _ in hits(db, "banjir", "--until", "2024-03-06")] == [KEBANJIRAN, SURUT]
    assert [i for i, _ in hits(db, "banjir", "--since", "2024-03-06T20:16+07:00")] == [TANGGUL]
    assert [i for i, _ in hits(db, "banjir", "--tag", "BANJIR")] == [SURUT, TANGGUL]
    assert [i for i, _ in hits(db, "banjir", "--tag", "cuaca", "--tag", "pertanian")] == [KEBANJIRAN, TANGGUL]
    assert [i for i, _ in hits(db, "banjir", "--author", "ani lestari")] == [KEBANJIRAN, SURUT]
    assert [i for i, _ in hits(db, "banjir", "--author", "Ani Lestari", "--author", "Dewi Anggraini")] == [
        KEBANJIRAN,
        SURUT,
        TANGGUL,
    ]
    assert hits(db, "banjir", "--kind", "video") == []
    assert [i for i, _ in hits(db, "banjir", "--kind", "article", "--site", "kabarlembah.example")] == [
        KEBANJIRAN,
        SURUT,
    ]
    # A site as the crawl's tables write it (host:port), as a URL, or with www.: the same site.
    for given in ("kabarlembah.example:8765", "https://www.kabarlembah.example/berita", "WWW.KABARLEMBAH.EXAMPLE"):
        assert [i for i, _ in hits(db, "banjir", "--kind", "article", "--site", given)] == [KEBANJIRAN, SURUT], given


def test_search_usage_errors_exit_2(db: Path) -> None:
    for args in ([""], ["   "], ["..."], ["banjir", "--since", "bukan tanggal"], ["banjir", "--offset", "-1"]):
        result = run("search", "--db", str(db), *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
    result = run("search", "--db", str(db), "")
    assert result.stderr.splitlines()[-1] == "Error: give a search query with at least one word"
    result = run("search", "--db", str(db), "banjir", "--since", "2024-04-01", "--until", "2024-03-01")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: --since is after --until: no article can be in between"
    # A query that is not FTS5 syntax, or a word typed like an option, is a usage error too, with the way out.
    bad = run("search", "--db", str(db), "AND")
    assert (bad.exit_code, bad.stderr.splitlines()[-1]) == (
        2,
        'Error: bad search query: fts5: syntax error near "AND" '
        '(FTS5 syntax: words, "a phrase", OR, NOT, NEAR, title:, prefix*)',
    )
    minus = run("search", "--db", str(db), "-covid")
    assert (minus.exit_code, minus.stderr.splitlines()[-1]) == (
        2,
        "Error: no such option: -covid (to leave a word out of the hits, write beritascrape search 'WORDS NOT covid')",
    )


def test_authors_and_editors_tables(db: Path) -> None:
    assert rows(
        db,
        "SELECT a.id, au.name, aa.position FROM articles a JOIN article_authors aa ON aa.article_id = a.id "
        "JOIN authors au ON au.id = aa.author_id ORDER BY a.id, aa.position",
    ) == [
        (SURUT, "Dewi Anggraini", 0),
        (SURUT, "Ani Lestari", 1),
        (KEBANJIRAN, "Ani Lestari", 0),
        (TANGGUL, "Dewi Anggraini", 0),
        (PASAR, "Made Wirawan", 0),
    ]
    assert rows(
        db,
        "SELECT e.name, count(*) FROM editors e JOIN article_editors ae ON ae.editor_id = e.id GROUP BY e.id "
        "ORDER BY e.name",
    ) == [("Budi Santoso", 2), ("Citra Dewi", 1)]


def test_migrations_fill_the_stemmed_index_and_people_of_an_older_archive(db: Path) -> None:
    # Take the archive back to before migrations 7 and 8, as an archive written by the previous release.
    with sqlite3.connect(db) as conn:
        conn.executescript(
            "DROP TRIGGER articles_stem_ad; DROP TABLE articles_stem_fts; DROP TABLE article_authors; "
            "DROP TABLE authors; DROP TABLE article_editors; DROP TABLE editors; "
            "DELETE FROM migrations WHERE version IN (7, 8);"
        )
    calls: list[tuple[int, int]] = []
    with Archive(db, progress=lambda done, total: calls.append((done, total))) as archive:
        assert archive.db.table("articles").detect_fts() == "articles_fts"
        # What sqlite-utils (and Datasette's search box) run: the surface index, unchanged.
        assert [r["id"] for r in archive.db.table("articles").search("kebanjiran", columns=["id"])] == [KEBANJIRAN]
        assert [h.article_id for h in archive.search("kebanjiran")] == [KEBANJIRAN, SURUT, TANGGUL]
    assert calls == [(0, 4), (4, 4)]
    assert rows(db, "SELECT count(*) FROM article_authors") == [(5,)]
    assert rows(db, "SELECT name FROM editors ORDER BY id") == [("Budi Santoso",), ("Citra Dewi",)]
    assert rows(db, "SELECT version FROM migrations WHERE version IN (7, 8) ORDER BY version") == [(7,), (8,)]
    # Opened again: nothing left to migrate, no progress reported.
    calls.clear()
    Archive(db, progress=lambda done, total: calls.append((done, total))).close()
    assert calls == []


def test_stats_per_day_week_month(db: Path) -> None:
    def stats(*args: str) -> list[dict]:
        result = run("stats", "--db", str(db), "--json", *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    assert stats() == [
        {"day": "2024-03-05", "site": "kabarlembah.example", "articles": 1},
        {"day": "2024-03-06", "site": "kabarlembah.example", "articles": 1},
        {"day": "2024-03-12", "site": "wartatepian.example", "articles": 1},
        {"day": "2024-04-02", "site": "jabar.wartatepian.example", "articles": 1},
    ]
    assert stats("--by", "week") == [
        {"week": "2024-03-04", "site": "kabarlembah.example", "articles": 2},
        {"week": "2024-03-11", "site": "wartatepian.example", "articles": 1},
        {"week": "2024-04-01", "site": "jabar.wartatepian.example", "articles": 1},
    ]
    assert stats("--by", "month", "--site", "wartatepian.example") == [
        {"month": "2024-03", "site": "wartatepian.example", "articles": 1},
        {"month": "2024-04", "site": "jabar.wartatepian.example", "articles": 1},
    ]
    assert stats("--by", "month", "--since", "2024-03-06", "--until", "2024-03-31") == [
        {"month": "2024-03", "site": "kabarlembah.example", "articles": 1},
        {"month": "2024-03", "site": "wartatepian.example", "articles": 1},
    ]
    table = run("stats", "--db", str(db), "--by", "month")
    assert table.exit_code == 0
    assert [line.split("│")[1:4] for line in table.stdout.splitlines() if line.startswith("│")] == [
        [" 2024-03 ", " kabarlembah.example       ", "        2 "],
        [" 2024-03 ", " wartatepian.example       ", "        1 "],
        [" 2024-04 ", " jabar.wartatepian.example ", "        1 "],
    ]
    bars = [line.split("│")[4].strip() for line in table.stdout.splitlines() if line.startswith("│")]
    assert bars == ["█" * 24, "█" * 12, "█" * 12]


def test_stats_plot(db: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png, svg = tmp_path / "per-day.png", tmp_path / "per-week.svg"
    assert run("stats", "--db", str(db), "--plot", str(png), "--json").exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = run("stats", "--db", str(db), "--by", "week", "--plot", str(svg))
    assert result.exit_code == 0
    assert f"chart written to {svg}" in result.stderr
    text = svg.read_text("utf-8")
    assert text.startswith("<?xml") and "<svg" in text and "Articles per site and week" in text
    bad = run("stats", "--db", str(db), "--plot", str(tmp_path / "chart.pdf"))
    assert bad.exit_code == 2


@pytest.fixture
def flaky_site() -> Iterator[TestServer]:
    """Two of the news pages; the second answers 404 once, then its page."""
    with serve(
        {
            "/a": Response(200, PAGES[0].html(), HTML),
            "/b": [Response(404, b"not found", {"Content-Type": "text/plain"}), Response(200, PAGES[1].html(), HTML)],
        }
    ) as srv:
        yield srv


def test_runs_failures_and_retry(flaky_site: TestServer, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    a, b, c = flaky_site.url("/a"), flaky_site.url("/b"), "http://127.0.0.1:9/closed"
    first = run("scrape", "-q", "--db", str(db), "--allow-private", "--retries", "0", a, b, c)
    assert first.exit_code == 1

    runs = [json.loads(line) for line in run("runs", "--db", str(db), "--json").stdout.splitlines()]
    assert [(r["id"], r["command"], r["status"], r["ok"], r["failed"]) for r in runs] == [
        (1, "scrape", "partial", 1, 2)
    ]
    failures = [json.loads(line) for line in run("failures", "--db", str(db), "--json").stdout.splitlines()]
    closed = "host 127.0.0.1:9 is unreachable (fetching robots.txt): cannot connect to 127.0.0.1:9: connection refused"
    assert [(f["id"], f["run_id"], f["url"], f["message"]) for f in failures] == [
        (2, 1, c, closed),
        (1, 1, b, f"HTTP 404 for {b}"),
    ]

    retried = run("retry", "--db", str(db), "--allow-private", "--retries", "0", "--json", "-q")
    assert retried.exit_code == 1  # the closed port still fails
    assert [json.loads(line) for line in retried.stdout.splitlines()] == [
        {"input": b, "status": "new", "id": 2, "message": None},
        {"input": c, "status": "failed", "id": None, "message": closed},
    ]
    assert retried.stderr.splitlines()[0] == "retrying 2 failed input(s) of run 1"
    runs = [json.loads(line) for line in run("runs", "--db", str(db), "--json").stdout.splitlines()]
    assert [(r["id"], r["command"], r["status"], r["ok"], r["failed"]) for r in runs] == [
        (2, "retry", "partial", 1, 1),
        (1, "scrape", "partial", 1, 2),
    ]
    only_2 = [
        json.loads(line)["url"] for line in run("failures", "--db", str(db), "--run", "2", "--json").stdout.splitlines()
    ]
    assert only_2 == [c]
    # Run 1 again, by number; a run without failures is one clear line.
    assert run("retry", "--db", str(db), "--run", "1", "--allow-private", "--retries", "0", "-q").exit_code == 1
    assert run("scrape", "-q", "--db", str(db), "--allow-private", a).exit_code == 0
    clean = run("retry", "--db", str(db), "--run", "4")
    assert (clean.exit_code, clean.stderr) == (1, "error: run 4 recorded no failures (see `beritascrape runs`)\n")
    # A run that does not exist is said so, by `retry` and `failures` alike.
    for command in ("retry", "failures"):
        missing = run(command, "--db", str(db), "--run", "99")
        assert (missing.exit_code, missing.stderr) == (
            1,
            f"error: there is no run 99 in {db} (see `beritascrape runs`)\n",
        )


def test_history_tables_render(flaky_site: TestServer, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert (
        run("scrape", "-q", "--db", str(db), "--allow-private", "--retries", "0", flaky_site.url("/b")).exit_code == 1
    )
    table = run("runs", "--db", str(db))
    assert table.exit_code == 0
    (row,) = [line for line in table.stdout.splitlines() if line.startswith("│")]
    assert [cell.strip() for cell in row.split("│")[1:-1]][:2] + [cell.strip() for cell in row.split("│")[5:-1]] == [
        "1",
        "scrape",
        "partial",
        "0",
        "1",
    ]
    listing = run("failures", "--db", str(db))
    assert listing.exit_code == 0
    assert "HTTP 404 for" in listing.stdout
    assert run("scrape", "-q", "--db", str(db), "--allow-private", flaky_site.url("/a")).exit_code == 0
    empty = run("failures", "--db", str(db), "--run", "2")
    assert (empty.exit_code, empty.stdout, empty.stderr) == (0, "", "no failures recorded for run 2\n")


def test_split_article_saved_pages_given_together_are_stitched(tmp_path: Path) -> None:
    folder = tmp_path / "halaman"
    folder.mkdir()
    # Names that sort in another order than the pages: the pages' own numbers decide.
    for n, name in ((1, "c.html"), (2, "a.htm"), (3, "b.HTML")):
        shutil.copy(FIXTURES / "prmn" / f"multi-p{n}.html", folder / name)
    parts = [json.loads((FIXTURES / "prmn" / f"multi-p{n}.json").read_text("utf-8")) for n in (1, 2, 3)]
    db = tmp_path / "berita.db"
    result = run("scrape", "--db", str(db), str(folder))
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT id, canonical_url, page_count, body FROM articles") == [
        (1, parts[0]["canonical_url"], 3, "\n\n".join(p["body"] for p in parts))
    ]
    assert rows(db, "SELECT article_id, count(*) FROM pages") == [(1, 3)]
    assert "1 new, 2 stitched" in result.stderr

    printed = run("parse", str(folder / "b.HTML"), str(folder / "c.html"), str(folder / "a.htm"))
    assert printed.exit_code == 0
    (record,) = [json.loads(line) for line in printed.stdout.splitlines()]
    captions = list(dict.fromkeys(c for p in parts for c in p["captions"]))
    body = "\n\n".join(p["body"] for p in parts)
    assert record == {**parts[0], "body": body, "captions": captions, "word_count": len(body.split())}


def test_incomplete_split_set_is_refused_page_by_page(tmp_path: Path) -> None:
    p1, p3 = FIXTURES / "prmn" / "multi-p1.html", FIXTURES / "prmn" / "multi-p3.html"
    db = tmp_path / "berita.db"
    result = run("scrape", "-q", "--db", str(db), str(p1), str(FIXTURES / "prmn" / "single.html"), str(p3))
    assert result.exit_code == 1
    assert [line.split(" is one page of")[0] for line in result.stderr.splitlines()] == [f"error: {p1}", f"error: {p3}"]
    assert rows(db, "SELECT count(*) FROM articles") == [(1,)]


def test_quoted_globs_are_expanded(tmp_path: Path) -> None:
    write_pages(tmp_path / "saved")
    result = run("parse", str(tmp_path / "saved" / "**" / "*.html"))
    assert result.exit_code == 0
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == [
        PAGES[1].url,
        PAGES[0].url,
        PAGES[3].url,
        PAGES[2].url,
    ]
    one_level = run("parse", str(tmp_path / "saved" / "wartatepian" / "*.html"))
    assert [json.loads(line)["url"] for line in one_level.stdout.splitlines()] == [PAGES[2].url]
    none = run("parse", str(tmp_path / "saved" / "*.txt"))
    assert (none.exit_code, none.stderr) == (1, f"error: no files match {tmp_path / 'saved' / '*.txt'}\n")


def test_empty_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "kosong").mkdir()
    result = run("scrape", "--db", str(tmp_path / "b.db"), str(tmp_path / "kosong"))
    assert (result.exit_code, result.stderr) == (1, f"error: no .html or .htm files under {tmp_path / 'kosong'}\n")


def test_chart_lines_are_dated_and_the_smallest_sites_merge() -> None:
    from beritascrape.archive.charts import MAX_LINES, series
    from beritascrape.archive.query import PeriodCount

    counts = [PeriodCount("2016-01", f"site{i:02d}.example", 30 - i) for i in range(30)]
    counts += [PeriodCount("2026-01", "site00.example", 5), PeriodCount("2026-03", "", 2)]
    dates, lines = series(counts)
    assert dates == [date(2016, 1, 1), date(2026, 1, 1), date(2026, 3, 1)]
    assert len(lines) == MAX_LINES
    assert list(lines)[:3] == ["site00.example", "site01.example", "site02.example"]
    assert lines["site00.example"] == [30, 5, 0]
    # 30 sites and the undated-site line: 11 drawn on their own, 20 merged.
    assert lines["other (20 sites)"] == [sum(30 - i for i in range(11, 30)), 0, 2]


def test_a_plot_of_twelve_sites_gives_each_its_own_colour(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from beritascrape.archive.charts import plot_counts
    from beritascrape.archive.query import PeriodCount

    counts = [PeriodCount(f"2024-03-0{day}", f"site{n}.id", n + day) for n in range(12) for day in (1, 2)]
    svg = tmp_path / "sites.svg"
    plot_counts(counts, svg, by="day")
    # Each site's line (and its legend sample) in a colour of its own: tab20's ten strong ones, then two pale ones;
    # black axes and text, the legend's grey frame.
    strokes = set(re.findall(r"stroke: (#[0-9a-f]{6})", svg.read_text("utf-8")))
    assert strokes == {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
        "#17becf", "#aec7e8", "#ffbb78", "#000000", "#cccccc",
    }  # fmt: skip


def test_a_run_killed_before_it_finished_shows_what_it_archived(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run("scrape", "-q", "--db", str(db), str(FIXTURES / "prmn" / "single.html")).exit_code == 0
    # As a kill -9 leaves it: the articles and failures written, the run's own counts and end never.
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE runs SET finished_at = NULL, status = NULL, ok = 0, failed = 0")
        conn.execute("INSERT INTO failures (run_id, url, message, at) VALUES (1, 'x', 'HTTP 500 for x', '')")
    runs = [json.loads(line) for line in run("runs", "--db", str(db), "--json").stdout.splitlines()]
    assert [(r["status"], r["finished_at"], r["ok"], r["failed"]) for r in runs] == [(None, None, 1, 1)]
