"""`scrape` and `parse`: inputs (URLs, saved files) to articles, archived or printed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from beritascrape import console
from beritascrape.cli.common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    F,
    db_option,
    examples,
    fetch_options,
    make_fetcher,
    open_archive,
    pop_fetch_options,
    translated,
)
from beritascrape.drift import DriftTally

if TYPE_CHECKING:
    from rich.table import Table

    from beritascrape.pipeline import Outcome


def input_options(func: F) -> F:
    """INPUTS, -i/--input-file and --url: what scrape and parse read."""
    for option in reversed(
        [
            click.argument("inputs", nargs=-1),
            click.option(
                "-i",
                "--input-file",
                "input_files",
                multiple=True,
                help="File with one URL or path per line (- = stdin).",
            ),
            click.option("--url", help="Original URL of a saved HTML file (one file input only)."),
        ]
    ):
        func = option(func)
    return func


@click.command("scrape")
@examples(
    "beritascrape scrape https://www.pikiran-rakyat.com/nasional/pr-0123456/judul",
    "beritascrape scrape -i urls.txt --db berita.db",
    "cat urls.txt | beritascrape scrape -",
    "beritascrape scrape saved-page.html --url https://example.com/artikel",
)
@input_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary table; failures still print.")
@db_option
@fetch_options
def scrape_cmd(
    inputs: tuple[str, ...],
    input_files: tuple[str, ...],
    url: str | None,
    quiet: bool,
    db_path: Path,
    **kwargs: Any,
) -> None:
    """Fetch URLs (or read saved HTML files, or every .html/.htm under a folder), extract and archive them."""
    items = collect_inputs(inputs, input_files, url)
    run_scrape(items, url, quiet=quiet, as_json=False, db_path=db_path, fetch_opts=kwargs, command="scrape")


def run_scrape(
    items: list[str],
    url: str | None,
    *,
    quiet: bool,
    as_json: bool,
    db_path: Path,
    fetch_opts: dict[str, Any],
    command: str,
) -> None:
    """Scrape the inputs into the archive as one recorded run, report, and exit 0 or 1 (scrape and retry)."""
    from beritascrape.pipeline import scrape

    archive = open_archive(db_path, quiet=quiet)
    with archive, make_fetcher(pop_fetch_options(fetch_opts)) as fetcher, translated():
        run_id = archive.start_run(command, sys.argv[1:])
        outcomes = list(
            scrape(
                console.progress(items, "scraping", enabled=not quiet),
                fetcher,
                archive,
                run_id=run_id,
                url=url,
                on_outcome=report_failure,
            )
        )
        failed = sum(o.status == "failed" for o in outcomes)
        archive.finish_run(run_id, ok=len(outcomes) - failed, failed=failed, status="ok" if not failed else "partial")
    drift = DriftTally.of(o.article for o in outcomes)
    for line in drift.warnings():
        console.warn(line)
    if as_json:
        for o in outcomes:
            row = {"input": o.input, "status": o.status, "id": o.article_id, "message": o.message}
            console.out.print(json.dumps(row, ensure_ascii=False), markup=False)
    if not quiet:
        table = summary_table(outcomes, f"beritascrape {command} -> {db_path}")
        table.caption = "; ".join(filter(None, [str(table.caption or ""), drift.caption()]))
        console.err.print(table)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@click.command("parse")
@examples(
    "beritascrape parse https://www.pikiran-rakyat.com/nasional/pr-0123456/judul",
    "beritascrape parse saved-page.html --url https://example.com/artikel --indent 2",
    "beritascrape parse a.html b.html | jq .title",
)
@input_options
@click.option("--indent", type=click.IntRange(min=0), help="Pretty-print the JSON with this indent.")
@fetch_options
def parse_cmd(
    inputs: tuple[str, ...], input_files: tuple[str, ...], url: str | None, indent: int | None, **kwargs: Any
) -> None:
    """Print each input's article as one JSON object per line; nothing is archived."""
    from beritascrape.pipeline import scrape

    items = collect_inputs(inputs, input_files, url)
    failed = 0
    with make_fetcher(pop_fetch_options(kwargs)) as fetcher:
        for outcome in scrape(items, fetcher, None, url=url, on_outcome=report_failure):
            if outcome.status == "failed":
                failed += 1
            if outcome.article is None:
                continue
            console.out.print(json.dumps(outcome.article.to_dict(), ensure_ascii=False, indent=indent), markup=False)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def collect_inputs(inputs: tuple[str, ...], input_files: tuple[str, ...], url: str | None) -> list[str]:
    """Gather inputs or stop with a usage error when there are none."""
    from beritascrape.pipeline import read_inputs

    with translated():
        items = read_inputs(inputs, input_files)
    if not items:
        raise click.UsageError("give at least one URL or file (or -i FILE, or - for stdin)")
    if url and len(items) != 1:
        raise click.UsageError("--url goes with exactly one saved file")
    return items


def report_failure(outcome: Outcome) -> None:
    """Print a failed input as one line as soon as it fails."""
    if outcome.status == "failed":
        message = outcome.message or "failed"
        # Most messages already name the input ("HTTP 404 for URL"); do not say it twice.
        console.error(message if outcome.input in message else f"{outcome.input}: {message}")


def summary_table(outcomes: list[Outcome], title: str) -> Table:
    """The end-of-run table of what happened to each input."""
    rows = ((o.input, o.status, (o.article.title or "") if o.article else (o.message or "")) for o in outcomes)
    return console.status_counts_table(rows, title)
