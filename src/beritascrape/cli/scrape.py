"""`scrape` and `parse`: inputs (URLs, saved files) to articles, archived or printed."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from beritascrape import console
from beritascrape.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    F,
    db_option,
    examples,
    fetch_options,
    fetcher_on_demand,
    jobs_option,
    open_archive,
    pop_fetch_options,
    translated,
)
from beritascrape.errors import BeritaError
from beritascrape.scrape.drift import DriftTally

if TYPE_CHECKING:
    from rich.table import Table

    from beritascrape.archive.store import Archive
    from beritascrape.scrape.pipeline import Outcome


def _http_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    # The URL names the site profile and the article's key: a typo would be archived as the article's address.
    from urllib.parse import urlsplit

    if value is not None:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.BadParameter(f"{value!r} is not an http(s) URL", ctx=ctx, param=param)
        return value.strip()
    return value


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
            click.option("--url", callback=_http_url, help="Original URL of a saved HTML file (one file input only)."),
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
    "beritascrape scrape saved-pages/ --jobs 2 --db berita.db",
)
@input_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary table; failures still print.")
@jobs_option
@db_option
@fetch_options
def scrape_cmd(
    inputs: tuple[str, ...],
    input_files: tuple[str, ...],
    url: str | None,
    quiet: bool,
    jobs: int,
    db_path: Path,
    **kwargs: Any,
) -> None:
    """Fetch URLs (or read saved HTML files, or every .html/.htm under a folder), extract and archive them.

    Saved files are extracted on --jobs worker processes while this one archives, in batches of up to 200
    articles (or 1 s) per transaction: a killed run loses at most the batch in hand, which the next run redoes.
    """
    items = collect_inputs(inputs, input_files, url)
    run_scrape(items, url, quiet=quiet, as_json=False, db_path=db_path, fetch_opts=kwargs, command="scrape", jobs=jobs)


def run_scrape(
    items: list[str],
    url: str | None,
    *,
    quiet: bool,
    as_json: bool,
    db_path: Path,
    fetch_opts: dict[str, Any],
    command: str,
    jobs: int = 1,
) -> None:
    """Scrape the inputs into the archive as one recorded run, report, and exit 0, 1 or 130 (scrape and retry).

    Outcomes are counted as they come, never kept: memory stays flat however many inputs.
    """
    from beritascrape.archive.queue import after_interrupt
    from beritascrape.scrape.inputs import file_count
    from beritascrape.scrape.pipeline import ArchiveUnwritable, scrape
    from beritascrape.workers import WorkerDied, useful_jobs

    archive = open_archive(db_path, quiet=quiet)
    summary = Summary()
    drift = DriftTally()
    stopped: str | None = None
    with archive, fetcher_on_demand(pop_fetch_options(fetch_opts)) as fetcher:
        with translated():
            run_id = archive.start_run(command, sys.argv[1:])
        found = scrape(
            console.progress(items, "scraping", enabled=not quiet),
            fetcher,
            archive,
            run_id=run_id,
            url=url,
            on_outcome=report_failure,
            jobs=useful_jobs(jobs, file_count(items)),
        )

        def take(outcome: Outcome) -> None:
            summary.add(outcome)
            if outcome.article is not None:
                drift.note(outcome.article)
            if as_json:
                row = {"input": outcome.input, "status": outcome.status, "id": outcome.article_id}
                console.out.print(json.dumps({**row, "message": outcome.message}, ensure_ascii=False), markup=False)

        try:
            try:
                for outcome in found:
                    take(outcome)
            except KeyboardInterrupt:
                stopped = "interrupted"
                # The articles in hand are written and counted (a second Ctrl-C stops that too).
                for outcome in after_interrupt(found):
                    take(outcome)
        except KeyboardInterrupt:
            stopped = "interrupted"
        except (ArchiveUnwritable, WorkerDied) as exc:
            stopped = stopped or str(exc)
        status = "interrupted" if stopped == "interrupted" else ("partial" if summary.failed or stopped else "ok")
        close_run(archive, run_id, summary, status)
    for line in drift.warnings():
        console.warn(line)
    if not quiet:
        table = summary.table(f"beritascrape {command} -> {db_path}", len(items))
        table.caption = "; ".join(filter(None, [str(table.caption or ""), drift.caption()]))
        console.err.print(table)
    exit_after(stopped, summary, len(items))


def close_run(archive: Archive, run_id: int, summary: Summary, status: str) -> None:
    """Record how the run ended; a full or locked archive gets one line instead of a traceback."""
    try:
        archive.finish_run(run_id, ok=summary.ok, failed=summary.failed, status=status)
    except BeritaError as exc:
        console.error(f"could not record the end of run {run_id}: {exc}")


def exit_after(stopped: str | None, summary: Summary, total: int, *, archived: bool = True) -> None:
    """Say why the run stopped early (Ctrl-C: exit 130) and exit with the run's code."""
    left = total - summary.total
    if stopped == "interrupted":
        kept = "; everything archived before this point is kept" if archived else ""
        console.error(f"interrupted; {left} input(s) not tried{kept}")
        sys.exit(EXIT_INTERRUPTED)
    if stopped is not None:
        console.error(f"{stopped}; {left} input(s) not tried")
    sys.exit(EXIT_SOME_FAILED if summary.failed or stopped else EXIT_OK)


class Summary:
    """Counts of a scrape or parse run and a bounded list of rows for its table: memory stays flat."""

    ROWS = 100

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.rows: list[tuple[str, str, str]] = []

    def add(self, outcome: Outcome) -> None:
        """Count one outcome; keep its row while the table has room (failures first once it is full)."""
        self.counts[outcome.status] += 1
        detail = (outcome.article.title or "") if outcome.article else (outcome.message or "")
        row = (outcome.input, outcome.status, detail)
        if len(self.rows) < self.ROWS:
            self.rows.append(row)
        elif outcome.status == "failed":
            # Once full, a failure replaces the oldest success: the table shows what went wrong.
            ok = next((i for i, r in enumerate(self.rows) if r[1] != "failed"), None)
            if ok is not None:
                del self.rows[ok]
                self.rows.append(row)

    @property
    def total(self) -> int:
        """Inputs handled."""
        return sum(self.counts.values())

    @property
    def failed(self) -> int:
        """Inputs that failed."""
        return self.counts["failed"]

    @property
    def ok(self) -> int:
        """Inputs that did not fail."""
        return self.total - self.failed

    def table(self, title: str, given: int) -> Table:
        """The end-of-run table; its caption counts every input, shown in the table or not."""
        table = console.status_counts_table(self.rows, title)
        caption = ", ".join(f"{n} {s}" for s, n in sorted(self.counts.items())) or "nothing done"
        hidden = self.total - len(self.rows)
        table.caption = caption + (f" ({hidden} row(s) not shown)" if hidden else "")
        if self.total < given:
            table.caption += f"; {given - self.total} of {given} input(s) not tried"
        return table


@click.command("parse")
@examples(
    "beritascrape parse https://www.pikiran-rakyat.com/nasional/pr-0123456/judul",
    "beritascrape parse saved-page.html --url https://example.com/artikel --indent 2",
    "beritascrape parse a.html b.html | jq .title",
    "beritascrape parse saved-pages/ --jobs 2 > articles.jsonl",
)
@input_options
@click.option("--indent", type=click.IntRange(min=0), help="Pretty-print the JSON with this indent.")
@jobs_option
@fetch_options
def parse_cmd(
    inputs: tuple[str, ...],
    input_files: tuple[str, ...],
    url: str | None,
    indent: int | None,
    jobs: int,
    **kwargs: Any,
) -> None:
    """Print each input's article as one JSON object per line, in input order; nothing is archived.

    Saved files are extracted on --jobs worker processes; the lines come in the order of the inputs all the same.
    """
    from beritascrape.scrape.inputs import file_count
    from beritascrape.scrape.pipeline import scrape
    from beritascrape.workers import WorkerDied, useful_jobs

    items = collect_inputs(inputs, input_files, url)
    jobs = useful_jobs(jobs, file_count(items))
    summary = Summary()
    stopped = None
    with fetcher_on_demand(pop_fetch_options(kwargs)) as fetcher:
        try:
            for outcome in scrape(items, fetcher, None, url=url, on_outcome=report_failure, jobs=jobs):
                summary.add(outcome)
                if outcome.article is not None:
                    record = json.dumps(outcome.article.to_dict(), ensure_ascii=False, indent=indent)
                    console.out.print(record, markup=False)
        except KeyboardInterrupt:
            stopped = "interrupted"
        except WorkerDied as exc:
            stopped = str(exc)
    if stopped:
        # No table for parse (stdout is its data): one line with the counts.
        counts = ", ".join(f"{n} {s}" for s, n in sorted(summary.counts.items())) or "nothing parsed"
        console.info(f"{counts} of {len(items)} input(s)")
    exit_after(stopped, summary, len(items), archived=False)


def collect_inputs(inputs: tuple[str, ...], input_files: tuple[str, ...], url: str | None) -> list[str]:
    """Gather inputs or stop with a usage error when there are none."""
    from beritascrape.scrape.inputs import read_inputs

    with translated():
        items = read_inputs(inputs, input_files)
    lists = [name if name != "-" else "stdin" for name in (*input_files, *(i for i in inputs if i == "-"))]
    if not items and lists:
        raise click.UsageError(f"no inputs in {', '.join(lists)} (only blank lines and # comments)")
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
