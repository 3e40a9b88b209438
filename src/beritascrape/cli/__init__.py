"""The beritascrape command line: a thin click shell; each command reads options, calls one core function and
renders the result. Commands live in scrape.py (scrape, parse), archive.py (search, show, export, sites),
crawl.py (crawl), reparse.py (reparse), analyst.py (runs, failures, retry, stats) and ingest.py (ingest, merge);
common.py holds what they share."""

from __future__ import annotations

import importlib
import sys

import click

from beritascrape.cli.common import EXIT_INTERRUPTED, examples

# Command name -> "module:attribute". A command's module is imported only when that command runs (or when the
# group's --help lists them all), so `beritascrape show 1` never loads the fetcher, the extractor or the crawler.
COMMANDS = {
    "scrape": "beritascrape.cli.scrape:scrape_cmd",
    "parse": "beritascrape.cli.scrape:parse_cmd",
    "search": "beritascrape.cli.archive:search_cmd",
    "show": "beritascrape.cli.archive:show_cmd",
    "export": "beritascrape.cli.archive:export_cmd",
    "sites": "beritascrape.cli.archive:sites_cmd",
    "crawl": "beritascrape.cli.crawl:crawl_cmd",
    "reparse": "beritascrape.cli.reparse:reparse_cmd",
    "runs": "beritascrape.cli.analyst:runs_cmd",
    "failures": "beritascrape.cli.analyst:failures_cmd",
    "retry": "beritascrape.cli.analyst:retry_cmd",
    "stats": "beritascrape.cli.analyst:stats_cmd",
    "ingest": "beritascrape.cli.ingest:ingest_cmd",
    "merge": "beritascrape.cli.ingest:merge_cmd",
}


class LazyGroup(click.Group):
    """A click group that imports each command of COMMANDS on first use; commands added directly work as usual."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


def print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """--version: read the installed version only when asked (importlib.metadata is slow to import)."""
    if not value or ctx.resilient_parsing:
        return
    from beritascrape import __version__

    click.echo(f"beritascrape, version {__version__}")
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=print_version,
    help="Show the version and exit.",
)
@examples(
    "beritascrape scrape https://www.pikiran-rakyat.com/nasional/pr-0123456/judul",
    "beritascrape crawl prmn:www.pikiran-rakyat.com --since 2024-03-01",
    "beritascrape search banjir --site pikiran-rakyat.com",
    "beritascrape show 1",
    "beritascrape COMMAND --help",
)
def cli() -> None:
    """Scrape, extract and archive Indonesian news articles.

    Fetch article pages, extract clean records (title, date, body, authors, editor, source, tags)
    and keep them in a SQLite archive with full-text search.
    """


def main() -> None:
    """Console-script entry point."""
    try:
        # Not click's standalone mode: it turns Ctrl-C into "Aborted!" and exit code 1.
        code = cli.main(prog_name="beritascrape", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.Abort):
        from beritascrape import console

        console.error("interrupted; everything archived before this point is kept")
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)
