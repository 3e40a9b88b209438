"""Start-up stays light: the command line loads a heavy library only in the command that uses it.

Each check runs in a fresh interpreter and reads `sys.modules`: no timing, only which packages got imported.
(Speed itself is measured by benchmarks/startup.py.)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

import click
from click.testing import CliRunner

import beritascrape
from beritascrape.archive.store import Archive
from beritascrape.cli import COMMANDS, cli
from beritascrape.cli.common import pop_fetch_options
from beritascrape.extract import parse_html
from beritascrape.fetch.http import DEFAULT_USER_AGENT

FIXTURES = Path(__file__).parent / "fixtures"
# Packages that cost tens of milliseconds to import, each needed by some commands only.
HEAVY = {
    "bs4",
    "soupsieve",
    "requests",
    "urllib3",
    "charset_normalizer",
    "sqlite_utils",
    "rich",
    "trafilatura",
    "lxml",
    "cssselect",
    "feedparser",
    "protego",
    # The extras' libraries (CI installs them): each loaded only by the export or chart that needs it.
    "pyarrow",
    "warcio",
    "matplotlib",
}
# Runs the command line given as arguments (none: only imports it), then prints the top-level packages loaded.
PROBE = """
import json, sys
from beritascrape.cli import cli
if sys.argv[1:]:
    try:
        cli.main(sys.argv[1:], prog_name="beritascrape")
    except SystemExit:
        pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


def heavy_loaded(*args: str) -> set[str]:
    """The HEAVY packages a fresh interpreter has loaded after running `beritascrape ARGS`."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    return set(json.loads(done.stderr.splitlines()[-1])) & HEAVY


def test_importing_the_cli_loads_no_heavy_package() -> None:
    assert heavy_loaded() == set()


def test_help_lists_every_command_without_loading_a_heavy_package() -> None:
    assert heavy_loaded("--help") == set()


def saved_archive(db: Path) -> None:
    """An archive holding the PRMN fixture article."""
    html = (FIXTURES / "prmn" / "single.html").read_bytes()
    with Archive(db) as archive:
        archive.save_article(parse_html(html, "https://www.pikiran-rakyat.com/bandung-raya/pr-01356789/kebun"))


def test_reading_commands_load_little(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    saved_archive(db)
    assert heavy_loaded("show", "1", "--db", str(db)) == {"rich"}
    # The stemmed search (archive/query.py) works through sqlite-utils.
    assert heavy_loaded("search", "kebun", "--db", str(db)) == {"rich", "sqlite_utils"}
    assert heavy_loaded("export", "-o", str(tmp_path / "out.jsonl"), "--db", str(db)) == {"rich"}


def test_reading_saved_pages_loads_no_http_library_and_no_bs4(tmp_path: Path) -> None:
    # A shell loop over saved files pays for what the command uses: no requests (the fetcher is made for the first
    # URL), no bs4 (a page declaring its charset early, as nearly all do, is decoded without it).
    page = FIXTURES / "prmn" / "single.html"
    assert b"charset" in page.read_bytes()[:2048]
    assert heavy_loaded("parse", str(page)) == {"lxml", "cssselect", "rich"}
    assert heavy_loaded("scrape", str(page), "-q", "--db", str(tmp_path / "a.db")) == {
        "lxml",
        "cssselect",
        "sqlite_utils",
    }


def test_an_archive_reopened_for_reading_keeps_its_connection_state_and_writes(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    saved_archive(db)
    with Archive(db) as archive:
        assert "db" not in vars(archive)  # nothing written yet: sqlite-utils not wrapped around the connection
        pragmas = ("busy_timeout", "foreign_keys", "recursive_triggers", "journal_mode")
        state = [archive.conn.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas]
        assert state == [5000, 1, 1, "wal"]
        article = archive.get_article(1)
        assert article is not None
        second = replace(article, url=article.url + "-2", canonical_url=article.url + "-2", title="Kedua")
        assert archive.save_article(second).article_id == 2
        assert [archive.conn.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas] == state
        assert [hit.article_id for hit in archive.search("Kedua")] == [2]


def test_help_is_what_an_eager_group_of_the_same_commands_prints() -> None:
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    assert set(COMMANDS) <= set(names)
    commands = {name: cli.get_command(ctx, name) for name in names}
    assert all(command is not None and command.name == name for name, command in commands.items())
    eager = click.Group(
        "cli", commands=commands, params=cli.params, help=cli.help, context_settings=cli.context_settings
    )
    runner = CliRunner()
    lazy_help = runner.invoke(cli, ["--help"], prog_name="beritascrape")
    assert lazy_help.exit_code == 0
    assert lazy_help.output == runner.invoke(eager, ["--help"], prog_name="beritascrape").output
    assert re.search(r"\n  show +Show one archived article, by its id, URL or saved file\.\n", lazy_help.output)


def test_version_is_read_when_asked() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.output) == (0, f"beritascrape, version {version('beritascrape')}\n")
    assert beritascrape.__version__ == version("beritascrape")


def test_package_api_loads_on_first_use() -> None:
    assert beritascrape.parse_html is parse_html
    try:
        beritascrape.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert str(exc) == "module 'beritascrape' has no attribute 'no_such_name'"
    else:
        raise AssertionError("an unknown attribute must raise AttributeError")


def test_fetch_options_default_to_our_user_agent() -> None:
    options = {"user_agent": None, "timeout": 30.0, "retries": 3, "delay": 0.0}
    options |= {"ignore_robots": False, "allow_private": False, "db_path": "x.db"}
    assert pop_fetch_options(options)["user_agent"] == DEFAULT_USER_AGENT
    assert options == {"db_path": "x.db"}
