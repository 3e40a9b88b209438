"""End to end: the CLI against a PRMN-like site served on 127.0.0.1, then the archive's rows are checked."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from beritascrape.cli import cli
from httpserver import Response, TestServer, serve

FIXTURES = Path(__file__).parent / "fixtures"
HTML = {"Content-Type": "text/html; charset=utf-8"}
MULTI = "/bandung-raya/pr-35512088/jembatan-gantung-sungai-cikawung-kembali-dibuka-warga-dua-desa-tak-lagi-memutar-jauh"
SINGLE = "/bandung-raya/pr-01356789/warga-sukapada-sulap-lahan-tidur-jadi-kebun-sayur"


def page(name: str) -> Response:
    return Response(200, (FIXTURES / "prmn" / name).read_bytes(), HTML)


def golden(name: str) -> dict:
    return json.loads((FIXTURES / "prmn" / name).read_text("utf-8"))


@pytest.fixture
def site() -> Iterator[TestServer]:
    with serve(
        {
            "/robots.txt": Response(200, "User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}),
            MULTI: page("multi-p1.html"),
            MULTI + "?page=2": page("multi-p2.html"),
            MULTI + "?page=3": page("multi-p3.html"),
            SINGLE: page("single.html"),
            "/lama/kebun-sayur": Response(301, b"", {"Location": SINGLE}),
            "/private/draft": page("single.html"),
            "/": page("index.html"),
            "/logo.png": Response(200, b"\x89PNG\r\n\x1a\n\0\0\0", {"Content-Type": "image/png"}),
        }
    ) as srv:
        yield srv


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_scrape_end_to_end(site: TestServer, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    inputs = [
        site.url(MULTI + "?page=2"),  # page 2 given: all three pages are fetched and stitched
        site.url("/lama/kebun-sayur"),  # a redirect to the one-page article
        site.url("/hilang"),  # 404
        site.url("/private/draft"),  # disallowed by robots.txt
        site.url("/"),  # an index page, not an article
        site.url("/logo.png"),  # not HTML
        "http://127.0.0.1:9/closed-port",  # unreachable
    ]
    result = run("scrape", "--db", str(db), "--allow-private", "--retries", "0", *inputs)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output

    multi = golden("multi-p1.json")
    parts = [golden(f"multi-p{n}.json") for n in (1, 2, 3)]
    articles = rows(
        db, "select canonical_url, title, page_count, body, authors, editor, tags from articles order by id"
    )
    assert articles == [
        (
            multi["canonical_url"],
            multi["title"],
            3,
            "\n\n".join(p["body"] for p in parts),
            json.dumps(multi["authors"], ensure_ascii=False),
            multi["editor"],
            json.dumps(multi["tags"], ensure_ascii=False),
        ),
        (
            golden("single.json")["canonical_url"],
            golden("single.json")["title"],
            1,
            golden("single.json")["body"],
            '["Rina Marlina Sari"]',
            "Dadang Suhendar",
            json.dumps(golden("single.json")["tags"], ensure_ascii=False),
        ),
    ]
    assert rows(
        db, "select a.id, p.url, p.status from pages p join articles a on a.id = p.article_id order by p.id"
    ) == [
        (1, site.url(MULTI), 200),
        (1, site.url(MULTI + "?page=2"), 200),
        (1, site.url(MULTI + "?page=3"), 200),
        (2, site.url("/lama/kebun-sayur"), 200),
    ]
    assert rows(db, "select command, status, ok, failed from runs") == [("scrape", "partial", 2, 5)]
    host = site.base_url.removeprefix("http://")
    assert rows(db, "select url, message from failures order by id") == [
        (site.url("/hilang"), f"HTTP 404 for {site.url('/hilang')}"),
        (site.url("/private/draft"), f"robots.txt of {host} disallows {site.url('/private/draft')}"),
        (site.url("/"), "index or home page, not an article"),
        (site.url("/logo.png"), f"{site.url('/logo.png')} is not HTML (image/png)"),
        (
            "http://127.0.0.1:9/closed-port",
            "host 127.0.0.1:9 is unreachable (fetching robots.txt): cannot connect to 127.0.0.1:9: connection refused",
        ),
    ]
    assert result.stderr.count("error: ") == 5
    assert "/private/draft" not in site.paths()
    assert site.paths().count("/robots.txt") == 1


def test_scrape_again_updates_in_place(site: TestServer, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    url = site.url(SINGLE)
    assert run("scrape", "--db", str(db), "--allow-private", url).exit_code == 0
    again = run("scrape", "--db", str(db), "--allow-private", url)
    assert again.exit_code == 0
    assert "unchanged" in again.output
    assert rows(db, "select count(*) from articles") == [(1,)]
    assert rows(db, "select status, ok, failed from runs order by id") == [("ok", 1, 0), ("ok", 1, 0)]


def test_redirect_to_loopback_is_refused_without_allow_private(site: TestServer, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    result = run("scrape", "--db", str(db), "-q", site.url("/lama/kebun-sayur"))
    assert result.exit_code == 1
    assert rows(db, "select count(*) from articles") == [(0,)]
    why = "points at a private or local address (127.0.0.1); refused without --allow-private"
    message = f"{site.url('/lama/kebun-sayur')} redirects to {site.url(SINGLE)}, which {why}"
    assert result.stderr.splitlines() == [f"error: {message}"]
    assert rows(db, "select message from failures") == [(message,)]
    # The other pages of a split article are links the page gave: guarded, and the line says how to allow them.
    split = run("scrape", "--db", str(db), "-q", site.url(MULTI))
    assert (split.exit_code, split.stderr) == (1, f"error: page 2 of 3 failed: {site.url(MULTI)}?page=2 {why}\n")


def test_inputs_from_file_and_stdin(site: TestServer, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# daily list\n{site.url(SINGLE)}\n\n")
    result = run("scrape", "--db", str(db), "--allow-private", "-i", str(listing), "-", input=site.url(MULTI) + "\n")
    assert result.exit_code == 0, result.output
    assert rows(db, "select page_count from articles order by id") == [(1,), (3,)]
    # A list holding only comments and blank lines says so: -i was given, it named nothing.
    listing.write_text("# daily list\n\n   # nothing today\n")
    empty = run("scrape", "--db", str(db), "-i", str(listing))
    assert (empty.exit_code, empty.stderr.splitlines()[-1]) == (
        2,
        f"Error: no inputs in {listing} (only blank lines and # comments)",
    )
    from_stdin = run("scrape", "--db", str(db), "-", input="# kosong\n")
    assert (from_stdin.exit_code, from_stdin.stderr.splitlines()[-1]) == (
        2,
        "Error: no inputs in stdin (only blank lines and # comments)",
    )


def test_parse_prints_the_golden_json_for_a_saved_file() -> None:
    expected = golden("single.json")
    result = run("parse", str(FIXTURES / "prmn" / "single.html"), "--url", expected["url"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == expected


def test_parse_url_stitches_every_page(site: TestServer) -> None:
    result = run("parse", "--allow-private", site.url(MULTI + "?page=3"))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["page_count"] == 3
    assert record["body"] == "\n\n".join(golden(f"multi-p{n}.json")["body"] for n in (1, 2, 3))
    assert record["url"] == site.url(MULTI)


def test_parse_several_inputs_one_line_each_and_failures_on_stderr(tmp_path: Path) -> None:
    result = run(
        "parse",
        str(FIXTURES / "prmn" / "single.html"),
        str(tmp_path / "missing.html"),
        str(FIXTURES / "prmn" / "partner.html"),
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [json.loads(line)["title"] for line in lines] == [
        golden("single.json")["title"],
        golden("partner.json")["title"],
    ]
    assert result.stderr.strip().splitlines() == [f"error: no such file: {tmp_path / 'missing.html'}"]


def test_search_show_and_export(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert (
        run(
            "scrape",
            "--db",
            str(db),
            str(FIXTURES / "prmn" / "single.html"),
            str(FIXTURES / "prmn" / "partner.html"),
        ).exit_code
        == 0
    )

    hits = [json.loads(line) for line in run("search", "--db", str(db), "--json", "sayur").stdout.splitlines()]
    assert [(h["id"], h["title"]) for h in hits] == [(1, golden("single.json")["title"])]

    seen = [row[0] for row in rows(db, "SELECT first_seen_at FROM articles ORDER BY id")]
    shown = run("show", "--db", str(db), "--json", golden("partner.json")["canonical_url"])
    # The record as export writes it.
    assert json.loads(shown.stdout) == {"id": 2, **golden("partner.json"), "first_seen_at": seen[1], "pages_missing": 0}

    exported = run("export", "--db", str(db), "--format", "jsonl")
    assert [json.loads(line) for line in exported.stdout.splitlines()] == [
        {"id": 1, **golden("single.json"), "first_seen_at": seen[0], "pages_missing": 0},
        {"id": 2, **golden("partner.json"), "first_seen_at": seen[1], "pages_missing": 0},
    ]

    table = run("show", "--db", str(db), "1")
    assert table.exit_code == 0
    assert "Editor: Dadang Suhendar" in table.stdout

    # To a file; a file that cannot be made is one line, in every format.
    out = tmp_path / "berita.jsonl"
    assert run("export", "--db", str(db), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == exported.stdout
    missing = tmp_path / "tidak-ada"
    formats = ["jsonl", "csv"] + [f for f, extra in (("parquet", "pyarrow"), ("warc", "warcio")) if has(extra)]
    for fmt in formats:
        failed = run("export", "--db", str(db), "--format", fmt, "-o", str(missing / f"x.{fmt}"))
        assert (failed.exit_code, failed.stderr) == (
            1,
            f"error: cannot write {missing / f'x.{fmt}'}: No such file or directory\n",
        ), fmt


def has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def test_readers_on_a_missing_archive_fail_with_one_line(tmp_path: Path) -> None:
    for command in (["search", "x"], ["show", "1"], ["export"]):
        result = run(*command, "--db", str(tmp_path / "none.db"))
        assert result.exit_code == 1
        assert (
            result.stderr.strip()
            == f"error: no archive at {tmp_path / 'none.db'} (run `beritascrape scrape` first, or pass --db)"
        )


def test_usage_errors_exit_2() -> None:
    assert run("scrape").exit_code == 2
    assert run("parse", "a.html", "b.html", "--url", "https://x.test/").exit_code == 2
    assert run("export", "--format", "xml").exit_code == 2
    typo = run("parse", str(FIXTURES / "prmn" / "single.html"), "--url", "pikiran-rakyat.com/x")
    assert typo.exit_code == 2
    last = typo.stderr.splitlines()[-1]
    assert last == "Error: Invalid value for '--url': 'pikiran-rakyat.com/x' is not an http(s) URL"


def test_bad_url_scheme_is_one_line(tmp_path: Path) -> None:
    result = run("scrape", "--db", str(tmp_path / "b.db"), "ftp://example.com/x")
    assert result.exit_code == 1
    assert "unsupported URL scheme 'ftp'" in result.stderr


def test_every_command_has_help_with_examples() -> None:
    top = run("--help")
    assert (top.exit_code, "Examples:" in top.output, "beritascrape COMMAND --help" in top.output) == (0, True, True)
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None, name
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help, name
        assert "Examples:" in result.output, name
        # Prose is rewrapped by click: a docstring's indentation left in it shows as runs of spaces mid-sentence.
        prose = result.output.split("Examples:")[0].split("\n\n", 1)[1]
        assert not re.search(r"[^\s] {2,}[^\s]", prose.replace("\n  ", " ")), (name, prose)


def test_a_saved_page_of_a_split_article_is_not_archived_as_the_article(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    page2 = FIXTURES / "prmn" / "multi-p2.html"
    result = run("scrape", "-q", "--db", str(db), str(page2))
    assert result.exit_code == 1
    canonical = golden("multi-p2.json")["canonical_url"]
    assert result.stderr == (
        f"error: {page2} is one page of a 3-page article; scrape its URL ({canonical}) or give all 3 saved pages "
        "together to archive every page (`parse` prints a single saved page)\n"
    )
    assert rows(db, "select count(*) from articles") == [(0,)]
    printed = run("parse", str(page2), "--url", golden("multi-p2.json")["url"])
    assert json.loads(printed.stdout) == golden("multi-p2.json")


def test_saved_files_that_name_no_url_are_keyed_by_their_path(tmp_path: Path) -> None:
    html = (FIXTURES / "prmn" / "single.html").read_text("utf-8")
    bare = html.replace('<link rel="canonical"', "<link").replace('property="og:url"', 'property="og:x"')
    bare = re.sub(r'<script type="application/ld\+json">.*?</script>', "", bare, flags=re.S)
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    first.write_text(bare, "utf-8")
    second.write_text(bare.replace("Sukapada", "Sukaluyu"), "utf-8")
    db = tmp_path / "berita.db"
    assert run("scrape", "--db", str(db), str(first), str(second)).exit_code == 0
    assert rows(db, "select url, canonical_url from articles order by id") == [
        (first.resolve().as_uri(), None),
        (second.resolve().as_uri(), None),
    ]


def test_show_finds_an_article_by_any_page_url_it_was_fetched_from(site: TestServer, tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run("scrape", "--db", str(db), "--allow-private", site.url(MULTI + "?page=2")).exit_code == 0
    shown = run("show", "--db", str(db), "--json", site.url(MULTI + "?page=3"))
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["page_count"] == 3


def test_readers_refuse_a_file_that_is_not_an_archive_and_leave_it_alone(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = run("search", "x", "--db", str(empty))
    assert result.exit_code == 1
    assert result.stderr == f"error: {empty} is not a beritascrape archive (pass --db with the archive's path)\n"
    assert empty.read_bytes() == b""


def test_a_url_typed_without_its_scheme_gets_a_hint(tmp_path: Path) -> None:
    result = run("parse", "www.pikiran-rakyat.com/nasional/pr-01234567/judul")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: no such file: www.pikiran-rakyat.com/nasional/pr-01234567/judul (for a URL, add https://)\n"
    )


def test_odd_pages_are_one_line_failures_and_the_batch_goes_on(tmp_path: Path) -> None:
    odd = tmp_path / "odd.html"
    html = (FIXTURES / "prmn" / "single.html").read_text("utf-8")
    # A placeholder date, a publisher whose name is a list, a broken canonical link: each is no value, not a crash.
    odd.write_text(
        html.replace("2021-06-14T10:22:00+0700", "0001-01-01T00:00:00+0700")
        .replace('"name": "Pikiran Rakyat"', '"name": ["Pikiran Rakyat"]')
        .replace('<link rel="canonical" href="', '<link rel="canonical" href="http://[bad/'),
        "utf-8",
    )
    db = tmp_path / "berita.db"
    result = run("scrape", "-q", "--db", str(db), str(odd), str(FIXTURES / "prmn" / "partner.html"))
    assert "Traceback" not in result.output
    assert rows(db, "select count(*) from articles") == [(2,)]
    assert rows(db, "select status from runs") == [("ok",)]


def test_show_with_an_odd_key_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run("scrape", "-q", "--db", str(db), str(FIXTURES / "prmn" / "single.html")).exit_code == 0
    for key in ("²", "99999999999999999999"):
        result = run("show", "--db", str(db), key)
        assert result.exit_code == 1
        assert result.stderr == f"error: no archived article with id or URL {key}\n"


@pytest.mark.parametrize(
    ("given", "answers", "message"),
    [
        # A CMS that answers a page it lacks with page 1.
        ("", {"": "multi-p1.html", "?page=2": "multi-p2.html", "?page=3": "multi-p1.html"}, (3, 1)),
        # A server that ignores the page number: every page is the one given.
        ("?page=2", {"": "multi-p2.html", "?page=2": "multi-p2.html", "?page=3": "multi-p2.html"}, (2, 1)),
    ],
)
def test_a_split_article_whose_pages_repeat_is_one_line_and_not_archived(
    given: str, answers: dict[str, str], message: tuple[int, int], tmp_path: Path
) -> None:
    db = tmp_path / "berita.db"
    with serve({MULTI + query: page(name) for query, name in answers.items()}) as srv:
        result = run("scrape", "--db", str(db), "--allow-private", "--retries", "0", srv.url(MULTI + given))
        n, seen = message
        repeated = srv.url(MULTI + (f"?page={n}" if n > 1 else ""))
    assert result.exit_code == 1, result.output
    assert f"page {n} of 3 ({repeated}) holds the text of page {seen}: the site did not serve page {n}" in (
        result.stderr
    )
    assert "Traceback" not in result.output
    assert rows(db, "select count(*) from articles") == [(0,)]
    assert rows(db, "select count(*) from failures") == [(1,)]


def test_show_finds_an_article_by_the_saved_file_it_was_scraped_from(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "berita.db"
    assert run("scrape", "--db", str(db), "-q", str(FIXTURES / "prmn" / "single.html")).exit_code == 0
    monkeypatch.chdir(FIXTURES / "prmn")
    result = run("show", "--db", str(db), "--json", "single.html")
    assert result.exit_code == 0, result.output
    by_id = run("show", "--db", str(db), "--json", "1")
    assert json.loads(result.stdout) == json.loads(by_id.stdout)
    assert json.loads(result.stdout)["title"] == golden("single.json")["title"]


def test_a_damaged_archive_is_the_same_one_line_for_readers_and_writers(tmp_path: Path) -> None:
    whole, cut = tmp_path / "whole.db", tmp_path / "cut.db"
    assert run("scrape", "--db", str(whole), "-q", str(FIXTURES / "prmn" / "single.html")).exit_code == 0
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 3])  # a copy cut off midway
    line = f"error: {cut} is damaged (database disk image is malformed): restore it from a backup, or save its rows"
    line += f" with `sqlite3 {cut} .recover`\n"
    for args in (["show", "1"], ["search", "kebun"], ["scrape", "-q", str(FIXTURES / "prmn" / "single.html")]):
        result = run(*args, "--db", str(cut))
        assert (result.exit_code, result.stderr) == (1, line), args
    assert cut.read_bytes() == data[: len(data) // 3]  # left as it was


def test_show_finds_an_article_over_the_other_scheme_and_with_or_without_www(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    assert run("scrape", "-q", "--db", str(db), str(FIXTURES / "prmn" / "single.html")).exit_code == 0
    path = "pikiran-rakyat.com/bandung-raya/pr-01356789/warga-sukapada-sulap-lahan-tidur-jadi-kebun-sayur"
    for typed in (f"http://www.{path}", f"https://{path}", f"http://{path}/", f"https://www.{path}?utm_source=wa"):
        shown = run("show", "--db", str(db), "--json", typed)
        assert shown.exit_code == 0, (typed, shown.output)
        assert json.loads(shown.stdout)["url"] == f"https://www.{path}"
    missing = run("show", "--db", str(db), f"https://www.{path}-lain")
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"error: no archived article with id or URL https://www.{path}-lain\n",
    )


def test_an_empty_saved_file_is_said_to_be_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "d.html"
    empty.write_bytes(b"")
    result = run("parse", str(empty))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: empty file: {empty}\n")
