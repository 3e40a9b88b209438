"""Shared pieces of the commands: options, error translation, exit codes, the archive opener."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from beritascrape.errors import BeritaError

if TYPE_CHECKING:
    from beritascrape.archive.store import Archive
    from beritascrape.fetch.http import Fetcher

# The fetcher (requests), the archive (sqlite-utils) and rich are imported inside the functions that use them:
# every command imports this module, and `--help` or `show` must not pay for what they do not use.

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 2, 3, 75, 130
DEFAULT_DB = "berita.db"


class Failed(click.ClickException):
    """An expected failure: one line on stderr, exit code 1."""

    exit_code = EXIT_SOME_FAILED

    def show(self, file: Any = None) -> None:
        from beritascrape import console

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


_JOBS_HELP = "Worker processes that extract saved files (1: all in this process); URLs are fetched one at a time."


def jobs_option(func: F, *, help: str = _JOBS_HELP) -> F:
    """--jobs N: worker processes that read and extract saved pages (default: the number of cores)."""
    return click.option(
        "--jobs",
        type=click.IntRange(min=1),
        default=os.cpu_count() or 1,
        show_default="cores",
        help=help,
    )(func)


def fetch_options(func: F, *, delay: float = 0.0) -> F:
    """Options that shape how pages are fetched (`delay`: the --delay default)."""
    options = [
        click.option(
            "--user-agent",
            # None stands for fetch.DEFAULT_USER_AGENT (pop_fetch_options fills it in), to keep fetch unloaded.
            default=None,
            show_default=False,
            help="User-Agent header (default names beritascrape and its home page).",
        ),
        click.option(
            "--timeout",
            default=30.0,
            show_default=True,
            type=click.FloatRange(min=0.1),
            help="Seconds to wait for a server to answer (read time-out); a whole response gets twice this.",
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
    from beritascrape.fetch.http import FetchConfig, Fetcher

    return Fetcher(
        FetchConfig(
            user_agent=opts["user_agent"],
            read_timeout=opts["timeout"],
            # One whole response, headers and body, whatever the server does: twice the read time-out (60 s).
            deadline=2 * opts["timeout"],
            retries=opts["retries"],
            min_delay=opts["delay"],
            obey_robots=not opts["ignore_robots"],
            allow_private=opts["allow_private"],
            delay_from_answer=not paced,
        )
    )


class _FetcherOnDemand:
    """A Fetcher made on its first use: a run of saved files only never imports requests (~60 ms)."""

    def __init__(self, opts: dict[str, Any]) -> None:
        self._opts = opts
        self._fetcher: Fetcher | None = None

    def _real(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = make_fetcher(self._opts)
        return self._fetcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._real(), name, value)  # a callback set on it (on_notice) is the real fetcher's

    def __enter__(self) -> Fetcher:
        return cast("Fetcher", self)

    def __exit__(self, *exc: object) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def fetcher_on_demand(opts: dict[str, Any]) -> _FetcherOnDemand:
    """make_fetcher's Fetcher, made when a URL first needs it; use it as a context manager."""
    return _FetcherOnDemand(opts)


def pop_fetch_options(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Take the fetch options out of a command's keyword arguments."""
    keys = ("user_agent", "timeout", "retries", "delay", "ignore_robots", "allow_private")
    opts = {k: kwargs.pop(k) for k in keys}
    if opts["user_agent"] is None:
        from beritascrape.fetch.agent import DEFAULT_USER_AGENT

        opts["user_agent"] = DEFAULT_USER_AGENT
    return opts


def open_archive(path: Path, *, must_exist: bool = False, quiet: bool = False, read_only: bool = False) -> Archive:
    """Open the archive, or fail with one line when it cannot be (or, for readers, does not exist).

    A migration that works through every article (the stemmed index) shows a progress bar unless `quiet`.
    `read_only` (search, show, export, runs, failures, stats) never writes: it reads archives on read-only media.
    """
    from beritascrape import console
    from beritascrape.archive.files import is_archive, is_damaged, not_an_archive
    from beritascrape.archive.store import Archive

    if must_exist and not path.exists():
        raise Failed(f"no archive at {path} (run `beritascrape scrape` first, or pass --db)")
    if must_exist and not is_archive(path):
        # Readers never write: an empty or foreign SQLite file is refused, not given our tables.
        raise Failed(is_damaged(path) or not_an_archive(path))
    if read_only:
        with translated():
            return Archive(path, read_only=True)
    with translated(), console.CallbackProgress("upgrading the archive", enabled=not quiet) as bar:
        return Archive(path, progress=bar.update)


def examples(*lines: str) -> Callable[[F], F]:
    """Append an Examples section to a command's help."""

    def deco(func: F) -> F:
        block = "\n".join(f"  {line}" for line in lines)
        # Dedented first: click dedents the whole text by its least indented line, which the block would be.
        func.__doc__ = f"{inspect.cleandoc(func.__doc__ or '')}\n\n\b\nExamples:\n{block}"
        return func

    return deco
