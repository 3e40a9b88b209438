"""`crawl`: the daily job: discover, fetch politely, archive incrementally, report for cron."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from beritascrape import console
from beritascrape.cli.bounds import SINCE_HELP, UNTIL_HELP, parse_bound_option
from beritascrape.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    F,
    Failed,
    db_option,
    examples,
    fetch_options,
    make_fetcher,
    pop_fetch_options,
)
from beritascrape.errors import ArchiveLocked, BeritaError

if TYPE_CHECKING:
    from beritascrape.crawl.summary import CrawlEvent, CrawlResult


def crawl_fetch_options(func: F) -> F:
    """The fetch options with the crawl's polite default of one second between requests to a host."""
    return fetch_options(func, delay=1.0)


@click.command(
    "crawl",
    epilog="A SOURCE is FAMILY:HOST (prmn:www.pikiran-rakyat.com), a bare HOST (both read over https; write "
    "FAMILY:http://HOST:PORT for plain http), or the URL of a sitemap, feed or index page. Exit codes: 0 all ok "
    "(gone 404/410 articles are recorded, not failures), 1 an article, a source (unreadable, or listing nothing) or "
    "a host (paused, or every URL failed) failed, 2 usage error, 3 nothing reachable, 75 another crawl holds the "
    "archive, 130 interrupted (the rest stays queued for the next run).",
)
@examples(
    "beritascrape crawl prmn:www.pikiran-rakyat.com --db berita.db",
    "beritascrape crawl https://example.com/sitemap.xml https://example.com/rss --since 2024-03-01",
    "beritascrape crawl --config crawl.toml --quiet --log-file crawl.log",
    "beritascrape crawl prmn:www.pikiran-rakyat.com --refresh --max-articles 200 --json > summary.json",
)
@click.argument("sources", nargs=-1)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), help="TOML file of settings.")
@click.option("--since", metavar="DATE", help=SINCE_HELP)
@click.option("--until", metavar="DATE", help=UNTIL_HELP)
@click.option("--max-articles", type=click.IntRange(min=1), help="Fetch at most this many articles.")
@click.option("--refresh", is_flag=True, help="Fetch archived articles again (conditional requests).")
@click.option("--wait", is_flag=True, help="Wait for a crawl already running on this archive instead of exiting 75.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append a log of every URL fetched or judged here.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the final summary as JSON on stdout.")
@click.option("--contact", help="E-mail or URL added to the User-Agent, so site owners can reach you.")
@db_option
@crawl_fetch_options
@click.pass_context
def crawl_cmd(ctx: click.Context, sources: tuple[str, ...], config_file: Path | None, **opts: Any) -> None:
    """Discover new articles from sites, sitemaps, feeds or index pages and archive each once."""
    from beritascrape.crawl.run import crawl

    all_sources = merge_config(ctx, list(sources), config_file, opts)
    since = parse_bound_option(opts["since"], "--since")
    until = parse_bound_option(opts["until"], "--until", end_of_day=True)
    if since is not None and until is not None and since > until:
        raise BadUsage(f"--since {opts['since']} is after --until {opts['until']}: no article can be in between")
    fetch = pop_fetch_options(opts)
    fetch["user_agent"] = with_contact(fetch["user_agent"], opts["contact"])
    with (
        log_to(opts["log_file"]),
        make_fetcher(fetch, paced=True) as fetcher,
        console.LiveCounter("crawling", enabled=not opts["quiet"]) as bar,
    ):
        try:
            result = crawl(
                all_sources,
                opts["db_path"],
                fetcher,
                since=since,
                until=until,
                max_articles=opts["max_articles"],
                refresh=opts["refresh"],
                delay=fetch["delay"],
                wait=opts["wait"],
                run_args=sys.argv[1:],
                on_event=lambda event: show_event(event, bar),
            )
        except ArchiveLocked as exc:
            console.error(str(exc))
            sys.exit(EXIT_LOCKED)
        except BeritaError as exc:
            raise Failed(str(exc)) from None
    report_crawl(result, opts)


class BadUsage(Failed):
    """A usage error told in one line (a bad config file, an empty date window): exit code 2."""

    exit_code = EXIT_USAGE


def merge_config(ctx: click.Context, sources: list[str], config_file: Path | None, opts: dict[str, Any]) -> list[str]:
    """Fill the options not given on the command line from the config file; sources from both."""
    if config_file is not None:
        from beritascrape.crawl.config import load_config

        try:
            config = load_config(config_file)
        except BeritaError as exc:
            raise BadUsage(str(exc)) from None
        sources = [*config.pop("sources"), *sources]
        names = {"db": "db_path", "json": "as_json"}
        for key, value in config.items():
            name = names.get(key, key)
            if ctx.get_parameter_source(name) in (click.core.ParameterSource.DEFAULT, None):
                param = next(p for p in ctx.command.params if p.name == name)
                try:
                    opts[name] = param.type_cast_value(ctx, value)
                except click.BadParameter as exc:
                    raise BadUsage(f"config file {config_file}: {key}: {exc.message}") from None
    if not sources:
        raise click.UsageError("give at least one SOURCE (or a --config file listing sources)")
    from beritascrape.discover import check_source

    for source in sources:
        try:
            check_source(source)  # a typo is a usage error now, not a failed run with an empty table
        except BeritaError as exc:
            raise BadUsage(str(exc)) from None
    return sources


def with_contact(user_agent: str, contact: str | None) -> str:
    """Add a contact to the User-Agent: inside the default's parentheses, else as its own comment."""
    if not contact:
        return user_agent
    from beritascrape.fetch.agent import DEFAULT_USER_AGENT

    if user_agent == DEFAULT_USER_AGENT and user_agent.endswith(")"):
        return f"{user_agent[:-1]}; contact: {contact})"
    return f"{user_agent} (contact: {contact})"


@contextmanager
def log_to(path: Path | None) -> Iterator[None]:
    """Append the core's log (every URL and its outcome) to a file while the block runs."""
    if path is None:
        yield
        return
    try:
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise Failed(f"cannot open log file {path}: {exc.strerror}") from None
    # Our own times are UTC everywhere (the archive's too): 2024-03-05T01:30:00Z.
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(message)s", datefmt="%Y-%m-%dT%H:%M:%SZ")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logger = logging.getLogger("beritascrape")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        handler.close()


def show_event(event: CrawlEvent, bar: console.LiveCounter) -> None:
    """Progress and one line per failure, as the crawl goes (called from its threads, one at a time)."""
    if event.kind == "found":
        bar.found(event.count)
    elif event.kind == "article":
        bar.advance()
        # Most messages name the URL already ("HTTP 404 for URL"): it is not said twice.
        said = event.message if event.url in event.message else f"{event.url}: {event.message}"
        if event.status == "failed":
            console.error(said)
        elif event.status == "gone":
            console.warn(f"{said} (gone: recorded, not retried)")
    elif event.kind == "host":
        for _ in range(event.count):
            bar.advance()
        console.error(event.message)
    elif event.kind == "notice" or event.status == "warning":
        console.warn(event.message)
    else:
        # "URL is not a sitemap, feed or index page (text/plain)" names its source already.
        console.error(event.message if event.message.startswith(event.url) else f"source {event.url}: {event.message}")


def report_crawl(result: CrawlResult, opts: dict[str, Any]) -> None:
    """Print the summary (table on stderr, or JSON on stdout) and exit with the crawl's code."""
    if opts["as_json"]:
        console.out.print(json.dumps(result.to_dict(), ensure_ascii=False), markup=False)
    if not opts["quiet"]:
        rows = [(s.site, [getattr(s, k) for k in console.SUMMARY_COLUMNS]) for s in result.sites]
        notes = [f"{result.pending} URL(s) left for the next run"] if result.pending else []
        notes += ["stopped at --max-articles"] if result.capped else []
        notes += [f"{result.drifted} read by the generic path (profile drift)"] if result.drifted else []
        # Sources and hosts fail apart from any article: the table's failed column would not show them.
        notes += [f"{len(result.source_failures)} source(s) failed"] if result.source_failures else []
        notes += [f"{len(result.host_failures)} host(s) failed"] if result.host_failures else []
        console.err.print(console.counts_table(rows, f"beritascrape crawl -> {opts['db_path']}", "; ".join(notes)))
    if result.interrupted:
        console.error(f"interrupted; {result.pending} URL(s) stay queued and the next crawl resumes them")
        if result.hard_stop:
            # Threads still inside slow requests would hold a normal exit: leave them (every write is atomic).
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_INTERRUPTED)
        sys.exit(EXIT_INTERRUPTED)
    if result.nothing_reachable:
        sys.exit(EXIT_UNREACHABLE)
    sys.exit(EXIT_SOME_FAILED if result.failed else EXIT_OK)
