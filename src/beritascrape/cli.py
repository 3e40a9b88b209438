"""The beritascrape command line: read options, call one core function, render the result."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.table import Table
from rich.text import Text

from beritascrape import __version__, console
from beritascrape.config import load_config, parse_bound
from beritascrape.crawl import CrawlEvent, CrawlResult, crawl
from beritascrape.errors import ArchiveLocked, BeritaError
from beritascrape.export import write_csv, write_jsonl
from beritascrape.fetch import DEFAULT_USER_AGENT, FetchConfig, Fetcher
from beritascrape.model import Article
from beritascrape.pipeline import Outcome, read_inputs, scrape
from beritascrape.sites import PROFILES
from beritascrape.store import Archive

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 2, 3, 75, 130
DEFAULT_DB = "berita.db"


class Failed(click.ClickException):
    """An expected failure: one line on stderr, exit code 1."""

    exit_code = EXIT_SOME_FAILED

    def show(self, file: Any = None) -> None:
        console.error(self.format_message())


@contextmanager
def translated() -> Iterator[None]:
    """Turn the core's typed errors into one clear line and exit code 1."""
    try:
        yield
    except BeritaError as exc:
        raise Failed(str(exc)) from None


def db_option(func: F) -> F:
    """--db PATH, shared by every command that reads or writes the archive."""
    return click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB,
        show_default=True,
        envvar="BERITASCRAPE_DB",
        type=click.Path(dir_okay=False, path_type=Path),
        help="SQLite archive file (env BERITASCRAPE_DB).",
    )(func)


def fetch_options(func: F, *, delay: float = 0.0) -> F:
    """Options that shape how pages are fetched (`delay`: the --delay default)."""
    options = [
        click.option(
            "--user-agent",
            default=DEFAULT_USER_AGENT,
            show_default=False,
            help="User-Agent header (default names beritascrape and its home page).",
        ),
        click.option(
            "--timeout",
            default=30.0,
            show_default=True,
            type=click.FloatRange(min=0.1),
            help="Seconds to wait for a server to answer (read time-out).",
        ),
        click.option(
            "--retries",
            default=3,
            show_default=True,
            type=click.IntRange(min=0),
            help="Retries on HTTP 429 and 5xx, with back-off.",
        ),
        click.option(
            "--delay",
            default=delay,
            show_default=True,
            type=click.FloatRange(min=0),
            help="Minimum seconds between requests to the same host.",
        ),
        click.option("--ignore-robots", is_flag=True, help="Do not obey robots.txt (use with care)."),
        click.option("--allow-private", is_flag=True, help="Allow redirects and links to loopback/private addresses."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_fetcher(opts: dict[str, Any], *, paced: bool = False) -> Fetcher:
    """A Fetcher from the fetch options; `paced` spaces requests from start to start (a crawl's one-per-host)."""
    return Fetcher(
        FetchConfig(
            user_agent=opts["user_agent"],
            read_timeout=opts["timeout"],
            retries=opts["retries"],
            min_delay=opts["delay"],
            obey_robots=not opts["ignore_robots"],
            allow_private=opts["allow_private"],
            delay_from_answer=not paced,
        )
    )


def pop_fetch_options(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Take the fetch options out of a command's keyword arguments."""
    keys = ("user_agent", "timeout", "retries", "delay", "ignore_robots", "allow_private")
    return {k: kwargs.pop(k) for k in keys}


def open_archive(path: Path, *, must_exist: bool = False) -> Archive:
    """Open the archive, or fail with one line when it cannot be (or, for readers, does not exist)."""
    if must_exist and not path.exists():
        raise Failed(f"no archive at {path} (run `beritascrape scrape` first, or pass --db)")
    with translated():
        return Archive(path)


def examples(*lines: str) -> Callable[[F], F]:
    """Append an Examples section to a command's help."""

    def deco(func: F) -> F:
        block = "\n".join(f"  {line}" for line in lines)
        func.__doc__ = f"{func.__doc__}\n\n\b\nExamples:\n{block}"
        return func

    return deco


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="beritascrape")
def cli() -> None:
    """Scrape, extract and archive Indonesian news articles.

    Fetch article pages, extract clean records (title, date, body, authors, editor, source, tags)
    and keep them in a SQLite archive with full-text search.
    """


@cli.command("scrape")
@examples(
    "beritascrape scrape https://www.pikiran-rakyat.com/nasional/pr-0123456/judul",
    "beritascrape scrape -i urls.txt --db berita.db",
    "cat urls.txt | beritascrape scrape -",
    "beritascrape scrape saved-page.html --url https://example.com/artikel",
)
@click.argument("inputs", nargs=-1)
@click.option(
    "-i", "--input-file", "input_files", multiple=True, help="File with one URL or path per line (- = stdin)."
)
@click.option("--url", help="Original URL of a saved HTML file (one file input only).")
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
    """Fetch URLs (or read saved HTML files), extract the articles and archive them."""
    items = collect_inputs(inputs, input_files, url)
    archive = open_archive(db_path)
    with archive, make_fetcher(pop_fetch_options(kwargs)) as fetcher:
        run_id = archive.start_run("scrape", sys.argv[1:])
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
    if not quiet:
        console.err.print(summary_table(outcomes, f"beritascrape scrape -> {db_path}"))
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@cli.command("parse")
@examples(
    "beritascrape parse https://www.pikiran-rakyat.com/nasional/pr-0123456/judul",
    "beritascrape parse saved-page.html --url https://example.com/artikel --indent 2",
    "beritascrape parse a.html b.html | jq .title",
)
@click.argument("inputs", nargs=-1)
@click.option(
    "-i", "--input-file", "input_files", multiple=True, help="File with one URL or path per line (- = stdin)."
)
@click.option("--url", help="Original URL of a saved HTML file (one file input only).")
@click.option("--indent", type=click.IntRange(min=0), help="Pretty-print the JSON with this indent.")
@fetch_options
def parse_cmd(
    inputs: tuple[str, ...], input_files: tuple[str, ...], url: str | None, indent: int | None, **kwargs: Any
) -> None:
    """Print each input's article as one JSON object per line; nothing is archived."""
    items = collect_inputs(inputs, input_files, url)
    failed = 0
    with make_fetcher(pop_fetch_options(kwargs)) as fetcher:
        for outcome in scrape(items, fetcher, None, url=url, on_outcome=report_failure):
            if outcome.article is None:
                failed += 1
                continue
            console.out.print(json.dumps(outcome.article.to_dict(), ensure_ascii=False, indent=indent), markup=False)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@cli.command("search")
@examples('beritascrape search "smart city"', "beritascrape search bekasi --limit 5 --json")
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Most hits to show.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit on stdout, for scripts.")
@db_option
def search_cmd(query: str, limit: int, as_json: bool, db_path: Path) -> None:
    """Full-text search over the archived titles and bodies (SQLite FTS5 syntax)."""
    with open_archive(db_path, must_exist=True) as archive, translated():
        hits = archive.search(query, limit=limit)
    if as_json:
        for hit in hits:
            row = {
                "id": hit.article_id,
                "title": hit.title,
                "url": hit.url,
                "published_at": hit.published_at,
                "site": hit.site,
                "snippet": hit.snippet.replace("\x02", "").replace("\x03", ""),
            }
            console.out.print(json.dumps(row, ensure_ascii=False), markup=False)
        return
    if not hits:
        console.info(f"no articles match {query!r}")
        return
    table = Table(title=f"{len(hits)} hit(s) for {query!r}", title_justify="left", show_lines=True)
    for column in ("id", "published", "title / url", "snippet"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        table.add_row(
            str(hit.article_id),
            (hit.published_at or "")[:16],
            Text(f"{hit.title or ''}\n{hit.url}"),
            console.highlight_snippet(hit.snippet),
        )
    console.out.print(table)


@cli.command("show")
@examples("beritascrape show 1", "beritascrape show https://www.pikiran-rakyat.com/nasional/pr-0123456/judul --json")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON instead.")
@db_option
def show_cmd(key: str, as_json: bool, db_path: Path) -> None:
    """Show one archived article, by its id or its URL."""
    with open_archive(db_path, must_exist=True) as archive:
        article = archive.get_article(key)
    if article is None:
        raise Failed(f"no archived article with id or URL {key}")
    if as_json:
        console.out.print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2), markup=False)
    else:
        console.out.print(render_article(article))


@cli.command("export")
@examples("beritascrape export --format jsonl -o berita.jsonl", "beritascrape export --format csv > berita.csv")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="Output file (default: stdout).",
)
@db_option
def export_cmd(fmt: str, output: Any, db_path: Path) -> None:
    """Write every archived article, with the same keys as `parse`, as JSON Lines or CSV."""
    writer = write_jsonl if fmt == "jsonl" else write_csv
    with open_archive(db_path, must_exist=True) as archive:
        count = writer(archive.iter_articles(), output)
    console.info(f"exported {count} article(s) as {fmt}")


@cli.command("sites")
@examples("beritascrape sites", "beritascrape sites --json | jq -r .family")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per family on stdout.")
def sites_cmd(as_json: bool) -> None:
    """List the site families with a profile, their domains, URL patterns and how each profile was verified."""
    if as_json:
        for p in PROFILES:
            row = {
                "family": p.name,
                "label": p.label,
                "domains": list(p.domains),
                "article_url": p.article_url,
                "fingerprints": list(p.fingerprints),
                "fingerprint_min": p.fingerprint_min,
                "verified": p.verified,
            }
            console.out.print(json.dumps(row, ensure_ascii=False), markup=False)
        return
    table = Table(title=f"{len(PROFILES)} site profiles", title_justify="left", show_lines=True)
    for column in ("family", "domains / article URLs", "matched on unknown domains by", "verified"):
        table.add_column(column, overflow="fold")
    for p in PROFILES:
        # Text(): selectors such as img[src*=x] would otherwise be read as rich markup.
        table.add_row(
            Text(f"{p.name}\n{p.label}"),
            Text("\n".join(p.domains) + (f"\nURL ~ {p.article_url}" if p.article_url else "")),
            Text(f"{p.fingerprint_min} of: " + ", ".join(p.fingerprints)),
            Text(p.verified),
        )
    console.out.print(table)


def crawl_fetch_options(func: F) -> F:
    """The fetch options with the crawl's polite default of one second between requests to a host."""
    return fetch_options(func, delay=1.0)


@cli.command(
    "crawl",
    epilog="A SOURCE is FAMILY:HOST (prmn:www.pikiran-rakyat.com), a bare HOST, or the URL of a sitemap, feed or "
    "index page. Exit codes: 0 all ok, 1 some failed, 3 nothing reachable, 75 another crawl holds the archive, "
    "130 interrupted (the rest stays queued for the next run).",
)
@examples(
    "beritascrape crawl prmn:www.pikiran-rakyat.com --db berita.db",
    "beritascrape crawl https://example.com/sitemap.xml https://example.com/rss --since 2024-03-01",
    "beritascrape crawl --config crawl.toml --quiet --log-file crawl.log",
    "beritascrape crawl prmn:www.pikiran-rakyat.com --refresh --max-articles 200 --json > summary.json",
)
@click.argument("sources", nargs=-1)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), help="TOML file of settings.")
@click.option("--since", help="Only articles published on or after this date (ISO or Indonesian).")
@click.option("--until", help="Only articles published up to this date (a bare date includes that day).")
@click.option("--max-articles", type=click.IntRange(min=1), help="Fetch at most this many articles.")
@click.option("--refresh", is_flag=True, help="Fetch archived articles again (conditional requests).")
@click.option("--wait", is_flag=True, help="Wait for a crawl already running on this archive instead of exiting 75.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), help="Append a log of every URL here.")
@click.option("--json", "as_json", is_flag=True, help="Print the final summary as JSON on stdout.")
@click.option("--contact", help="E-mail or URL added to the User-Agent, so site owners can reach you.")
@db_option
@crawl_fetch_options
@click.pass_context
def crawl_cmd(ctx: click.Context, sources: tuple[str, ...], config_file: Path | None, **opts: Any) -> None:
    """Discover new articles from sites, sitemaps, feeds or index pages and archive each once."""
    all_sources = merge_config(ctx, list(sources), config_file, opts)
    since = parse_bound_option(opts["since"], "--since")
    until = parse_bound_option(opts["until"], "--until", end_of_day=True)
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


def merge_config(ctx: click.Context, sources: list[str], config_file: Path | None, opts: dict[str, Any]) -> list[str]:
    """Fill the options not given on the command line from the config file; sources from both."""
    if config_file is not None:
        with translated():
            config = load_config(config_file)
        sources = [*config.pop("sources"), *sources]
        names = {"db": "db_path", "json": "as_json"}
        for key, value in config.items():
            name = names.get(key, key)
            if ctx.get_parameter_source(name) in (click.core.ParameterSource.DEFAULT, None):
                param = next(p for p in ctx.command.params if p.name == name)
                try:
                    opts[name] = param.type_cast_value(ctx, value)
                except click.BadParameter as exc:
                    raise click.UsageError(f"{config_file}: {key}: {exc.message}") from None
    if not sources:
        raise click.UsageError("give at least one SOURCE (or a --config file listing sources)")
    return sources


def parse_bound_option(value: Any, option: str, *, end_of_day: bool = False) -> Any:
    """A --since/--until value as an aware datetime, or None; a bad date is a usage error."""
    if value is None:
        return None
    try:
        return parse_bound(value, end_of_day=end_of_day)
    except BeritaError as exc:
        raise click.UsageError(f"{option}: {exc}") from None


def with_contact(user_agent: str, contact: str | None) -> str:
    """Add a contact to the User-Agent: inside the default's parentheses, else as its own comment."""
    if not contact:
        return user_agent
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
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
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
        if event.status != "skipped" or event.message != "already archived":
            bar.advance()
        if event.status == "failed":
            console.error(f"{event.url}: {event.message}")
    elif event.status == "warning":
        console.warn(event.message)
    else:
        console.error(f"source {event.url}: {event.message}")


def report_crawl(result: CrawlResult, opts: dict[str, Any]) -> None:
    """Print the summary (table on stderr, or JSON on stdout) and exit with the crawl's code."""
    if opts["as_json"]:
        console.out.print(json.dumps(result.to_dict(), ensure_ascii=False), markup=False)
    if not opts["quiet"]:
        rows = [(s.site, [getattr(s, k) for k in console.SUMMARY_COLUMNS]) for s in result.sites]
        notes = [f"{result.pending} URL(s) left for the next run"] if result.pending else []
        notes += ["stopped at --max-articles"] if result.capped else []
        console.err.print(console.counts_table(rows, f"beritascrape crawl -> {opts['db_path']}", "; ".join(notes)))
    if result.interrupted:
        console.error(f"interrupted; {result.pending} URL(s) stay queued and the next crawl resumes them")
        sys.exit(EXIT_INTERRUPTED)
    if result.nothing_reachable:
        sys.exit(EXIT_UNREACHABLE)
    sys.exit(EXIT_SOME_FAILED if result.failed else EXIT_OK)


def collect_inputs(inputs: tuple[str, ...], input_files: tuple[str, ...], url: str | None) -> list[str]:
    """Gather inputs or stop with a usage error when there are none."""
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
        message = "index page, not an article" if outcome.kind == "index" else outcome.message
        console.error(f"{outcome.input}: {message}")


def summary_table(outcomes: list[Outcome], title: str) -> Table:
    """The end-of-run table of what happened to each input."""
    rows = ((o.input, o.status, (o.article.title or "") if o.article else (o.message or "")) for o in outcomes)
    return console.status_counts_table(rows, title)


def render_article(article: Article) -> Text:
    """A readable plain-text rendering of one article."""
    meta = [
        ("Published", article.published_at.isoformat() if article.published_at else "-"),
        ("Authors", ", ".join(article.authors) or "-"),
        ("Editor", article.editor or "-"),
        ("Source", article.source or "-"),
        ("Category", article.category or "-"),
        ("Tags", ", ".join(article.tags) or "-"),
        ("URL", article.canonical_url or article.url),
        ("Pages", str(article.page_count)),
    ]
    text = Text(f"{article.title or '(untitled)'}\n", style="bold")
    for label, value in meta:
        text.append(f"{label}: ", style="dim")
        text.append(f"{value}\n")
    for caption in article.captions:
        text.append(f"[foto] {caption}\n", style="italic dim")
    text.append("\n" + article.body + "\n")
    return text


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="beritascrape")
    except KeyboardInterrupt:
        console.error("interrupted; everything archived before this point is kept")
        sys.exit(130)
