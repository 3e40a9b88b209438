"""The analyst's commands: `runs`, `failures`, `retry` (run history) and `stats` (articles over time), and the
filter options that `search`, `export` and `stats` share."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from beritascrape import console
from beritascrape.archive.query import ArticleFilter
from beritascrape.cli.bounds import SINCE_HELP, UNTIL_HELP, parse_bound_option
from beritascrape.cli.common import EXIT_OK, F, Failed, db_option, examples, fetch_options, open_archive, translated
from beritascrape.model import NO_SITE

if TYPE_CHECKING:
    from beritascrape.archive.store import Archive

KINDS = ("article", "gallery", "video")


def date_options(func: F) -> F:
    """--since, --until and --site: the filters of `stats`."""
    for option in reversed(
        [
            click.option("--since", metavar="DATE", help=SINCE_HELP),
            click.option("--until", metavar="DATE", help=UNTIL_HELP),
            click.option("--site", "sites", multiple=True, help="Only this site (a domain takes its sub-domains)."),
        ]
    ):
        func = option(func)
    return func


def filter_options(func: F) -> F:
    """--since/--until/--site/--kind/--tag/--author: which articles `search` and `export` take."""
    func = date_options(func)
    for option in reversed(
        [
            click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only this page kind."),
            click.option("--tag", "tags", multiple=True, help="Only articles with this tag (any case)."),
            click.option("--author", "authors", multiple=True, help="Only articles by this author (any case)."),
        ]
    ):
        func = option(func)
    return func


def pop_filter(opts: dict[str, Any]) -> ArticleFilter:
    """Take the filter options out of a command's keyword arguments; a bad or empty date range is a usage error."""
    since = parse_bound_option(opts.pop("since"), "--since")
    until = parse_bound_option(opts.pop("until"), "--until", end_of_day=True)
    if since is not None and until is not None and since > until:
        raise click.UsageError("--since is after --until: no article can be in between")
    return ArticleFilter(
        since=since,
        until=until,
        sites=tuple(opts.pop("sites", ())),
        kinds=tuple(opts.pop("kinds", ())),
        tags=tuple(opts.pop("tags", ())),
        authors=tuple(opts.pop("authors", ())),
    )


def _when(stamp: str) -> str:
    """A stored UTC time for a table cell: "2024-08-01 05:30:00"."""
    return stamp.replace("T", " ").removesuffix("Z")


def print_json(row: dict[str, Any]) -> None:
    """One JSON object on its own line on stdout."""
    console.out.print(json.dumps(row, ensure_ascii=False), markup=False)


@click.command("runs")
@examples("beritascrape runs", "beritascrape runs --limit 5 --json | jq .failed")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Most runs to show.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per run on stdout.")
@db_option
def runs_cmd(limit: int, as_json: bool, db_path: Path) -> None:
    """List recent runs, newest first: command, start and end (UTC), status, inputs done and failed."""
    with open_archive(db_path, must_exist=True, read_only=True) as archive, translated():
        runs = archive.runs(limit=limit)
    if as_json:
        for run in runs:
            print_json(vars(run))
        return
    if not runs:
        console.info("no runs recorded yet")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(runs)} most recent run(s)", title_justify="left")
    for column in ("run", "command", "started", "finished", "status", "ok", "failed"):
        table.add_column(column, justify="right" if column in ("run", "ok", "failed") else "left", no_wrap=True)
    for run in runs:
        status = run.status or ("running or killed" if run.finished_at is None else "")
        style = {"ok": "green", "partial": "yellow"}.get(run.status or "", "red")
        finished = _when(run.finished_at) if run.finished_at else "-"
        if finished[:10] == _when(run.started_at)[:10]:
            finished = finished[11:]  # same day: the time says it
        cells = (str(run.id), run.command, _when(run.started_at), finished)
        table.add_row(*cells, Text(status, style=style), str(run.ok), str(run.failed))
    console.out.print(table)


@click.command("failures")
@examples("beritascrape failures", "beritascrape failures --run 3 --json | jq -r .url")
@click.option("--run", "run_id", type=click.IntRange(min=1), help="Only the failures of this run (see `runs`).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1), help="Most failures to show.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per failure on stdout.")
@db_option
def failures_cmd(run_id: int | None, limit: int, as_json: bool, db_path: Path) -> None:
    """List what failed and why, newest first: every run's failures, or one run's."""
    with open_archive(db_path, must_exist=True, read_only=True) as archive, translated():
        check_run(archive, run_id)
        failures = archive.failures(run_id, limit=limit)
    if as_json:
        for failure in failures:
            print_json(vars(failure))
        return
    if not failures:
        console.info("no failures recorded" + (f" for run {run_id}" if run_id else ""))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(failures)} failure(s)", title_justify="left")
    for column in ("run", "at", "input", "message"):
        table.add_column(column, overflow="fold")
    for f in failures:
        table.add_row(str(f.run_id or "-"), f.at, Text(f.url), Text(f.message))
    console.out.print(table)


@click.command("retry")
@examples("beritascrape retry", "beritascrape retry --run 3 --json")
@click.option(
    "--run", "run_id", type=click.IntRange(min=1), help="Retry this run's failures (default: the newest run with any)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary table; failures still print.")
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per input on stdout (input, status, id, message)."
)
@db_option
@fetch_options
def retry_cmd(run_id: int | None, quiet: bool, as_json: bool, db_path: Path, **kwargs: Any) -> None:
    """Scrape again the inputs that failed in a run, as a new run of their own."""
    from beritascrape.cli.scrape import run_scrape
    from beritascrape.crawl.summary import is_crawl_failure

    with open_archive(db_path, must_exist=True, read_only=True) as archive, translated():
        check_run(archive, run_id)
        run_id = run_id or archive.last_failed_run()
        items = archive.failed_inputs(run_id) if run_id is not None else []
        # A crawl's failed sources and hosts are rows too, but not pages to scrape: the crawl retries them.
        rows = archive.failures(run_id, limit=sys.maxsize) if run_id is not None else []
        crawled = {f.url for f in rows if is_crawl_failure(f.message)}
        command = next((run.command for run in archive.runs(limit=sys.maxsize) if run.id == run_id), None)
    # An ingest's or a merge's failures are WARC records, files and archives, not pages to fetch from the web.
    if command == "ingest":
        raise Failed(
            f"run {run_id} was an ingest: its failed records and files are in `beritascrape failures --run {run_id}`;"
            " read a file again with `beritascrape ingest FILE --redo`"
        )
    if command == "merge":
        raise Failed(f"run {run_id} was a merge: run the merge again to retry its sources")
    if run_id is None:
        console.info("no failed inputs to retry")
        sys.exit(EXIT_OK)
    items = retryable(run_id, items, crawled)
    console.info(f"retrying {len(items)} failed input(s) of run {run_id}")
    run_scrape(items, None, quiet=quiet, as_json=as_json, db_path=db_path, fetch_opts=kwargs, command="retry")


def retryable(run_id: int, items: list[str], crawled: set[str]) -> list[str]:
    """The failed inputs `retry` scrapes again: a crawl's failed sources and hosts are said, not scraped."""
    if not items:
        raise Failed(f"run {run_id} recorded no failures (see `beritascrape runs`)")
    items = [item for item in items if item not in crawled]
    if crawled:
        names = ", ".join(sorted(crawled))
        note = (
            f"run {run_id}: {len(crawled)} crawl source(s) or host(s) failed ({names}); `retry` scrapes article "
            "URLs only: run the crawl again to retry them (with --allow-private for a host refused as private)"
        )
        if not items:
            raise Failed(note)
        console.warn(note)
    return items


def check_run(archive: Archive, run_id: int | None) -> None:
    """Fail with one line when `--run N` names a run the archive does not have."""
    if run_id is not None and run_id not in {run.id for run in archive.runs(limit=sys.maxsize)}:
        raise Failed(f"there is no run {run_id} in {archive.path} (see `beritascrape runs`)")


@click.command("stats")
@examples(
    "beritascrape stats",
    "beritascrape stats --by week --site pikiran-rakyat.com --since 2024-03-01",
    "beritascrape stats --by month --json",
    "beritascrape stats --plot per-day.png",
)
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="day", show_default=True, help="Period.")
@date_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per period and site on stdout.")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw a chart to this .png or .svg file (needs the [plot] extra).",
)
@db_option
def stats_cmd(by: str, as_json: bool, plot: Path | None, db_path: Path, **opts: Any) -> None:
    """Count articles per site per day, week (its Monday) or month of their own publication date."""
    where = pop_filter(opts)
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise click.UsageError(f"--plot {plot}: give a .png or .svg file name")
    with open_archive(db_path, must_exist=True, read_only=True) as archive, translated():
        counts, undated = archive.count_by_period(by, where)  # type: ignore[arg-type]
    if plot is not None:
        from beritascrape.archive.charts import plot_counts

        with translated():
            plot_counts(counts, plot, by=by)
        console.info(f"chart written to {plot}")
    if as_json:
        for c in counts:
            print_json({by: c.period, "site": c.site, "articles": c.count})
    elif counts:
        rows = [(c.period, c.site or NO_SITE, c.count) for c in counts]
        total = sum(c.count for c in counts)
        console.out.print(console.bar_table(rows, f"{total} article(s) per site and {by}", (by, "site")))
    else:
        console.info("no dated articles match")
    if undated:
        console.info(f"{undated} matching article(s) have no publication date and are not counted")
