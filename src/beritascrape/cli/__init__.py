"""The beritascrape command line: a thin click shell; each command reads options, calls one core function and
renders the result. Commands live in scrape.py (scrape, parse), archive.py (search, show, export, sites),
crawl.py (crawl), reparse.py (reparse) and analyst.py (runs, failures, retry, stats); common.py holds what they
share."""

from __future__ import annotations

import sys

import click

from beritascrape import __version__, console
from beritascrape.cli import analyst, archive, crawl, reparse, scrape
from beritascrape.cli.common import EXIT_INTERRUPTED


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="beritascrape")
def cli() -> None:
    """Scrape, extract and archive Indonesian news articles.

    Fetch article pages, extract clean records (title, date, body, authors, editor, source, tags)
    and keep them in a SQLite archive with full-text search.
    """


for command in (
    scrape.scrape_cmd,
    scrape.parse_cmd,
    archive.search_cmd,
    archive.show_cmd,
    archive.export_cmd,
    archive.sites_cmd,
    crawl.crawl_cmd,
    reparse.reparse_cmd,
    analyst.runs_cmd,
    analyst.failures_cmd,
    analyst.retry_cmd,
    analyst.stats_cmd,
):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="beritascrape")
    except KeyboardInterrupt:
        console.error("interrupted; everything archived before this point is kept")
        sys.exit(EXIT_INTERRUPTED)
