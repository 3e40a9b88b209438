"""Rich consoles (stdout for data, stderr for people), progress bars and summary tables."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table
    from rich.text import Text

    out: Console
    err: Console

T = TypeVar("T")


def __getattr__(name: str) -> Any:
    # `out` and `err` are made on first use, and each function imports the rich it needs: a command that prints
    # nothing through rich (`--help`, `parse` to a pipe) should not wait for rich to load.
    if name in ("out", "err"):
        return _console(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Tables written to a log (cron mails, `2> run.log`): rich would wrap them at 80 columns, cutting URLs and counts.
LOG_WIDTH = 160


def _log_width(stream: TextIO) -> int | None:
    """A fixed width for output that is not a terminal and names no COLUMNS; None lets rich measure."""
    is_tty = getattr(stream, "isatty", None)
    if (is_tty is not None and is_tty()) or os.environ.get("COLUMNS"):
        return None
    return LOG_WIDTH


def _console(name: str) -> Console:
    """`out` or `err`; the first call makes both."""
    made = globals()
    if "err" not in made:
        from rich.console import Console

        made["out"] = Console(soft_wrap=True, highlight=False, emoji=False, width=_log_width(sys.stdout))
        made["err"] = Console(stderr=True, highlight=False, emoji=False, soft_wrap=True, width=_log_width(sys.stderr))
    console: Console = made[name]
    return console


STATUS_STYLE = {
    "new": "green",
    "updated": "cyan",
    "unchanged": "dim",
    "changed": "cyan",
    "parsed": "green",
    "stitched": "green",
    "failed": "red",
}


def error(message: str) -> None:
    """One line for a person on stderr, scraped text escaped so `[...]` in headlines prints as is."""
    from rich.markup import escape

    _console("err").print(f"[bold red]error:[/] {escape(message)}")


def warn(message: str) -> None:
    """A warning line on stderr."""
    from rich.markup import escape

    _console("err").print(f"[yellow]warning:[/] {escape(message)}")


def info(message: str) -> None:
    """A plain progress line on stderr."""
    from rich.markup import escape

    _console("err").print(escape(message))


def _progress_bar() -> Progress:
    """The one look of our progress bars: label, bar, done/total, elapsed; on stderr, gone when finished."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_console("err"),
        transient=True,
    )


def progress(items: Sequence[T], label: str, *, enabled: bool) -> Iterator[T]:
    """Iterate items under a progress bar on stderr when enabled and stderr is a terminal."""
    if not enabled or len(items) < 2 or not _console("err").is_terminal:
        yield from items
        return
    with _progress_bar() as bar:
        task = bar.add_task(label, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


def status_counts_table(rows: Iterable[tuple[str, str, str]], title: str) -> Table:
    """A summary table: one row per input (input, status, detail) plus a totals caption."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("input", overflow="fold")
    table.add_column("status")
    table.add_column("title / message", overflow="fold")
    counts: Counter[str] = Counter()
    for item, status, detail in rows:
        counts[status] += 1
        # "HTTP 404 for URL" beside URL: the input column says it already, and long URLs said twice fill the screen.
        if item and item in detail and detail != item:
            detail = " ".join(detail.replace(item, "…").split())
        table.add_row(Text(item), Text(status, style=STATUS_STYLE.get(status, "")), Text(detail))
    table.caption = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    return table


def highlight_snippet(snippet: str) -> Text:
    """Turn the archive's \\x02…\\x03 match markers into bold yellow spans."""
    from rich.text import Text

    text = Text()
    highlighted = False
    for part in snippet.replace("\x03", "\x02").split("\x02"):
        text.append(part, style="bold yellow" if highlighted else "")
        highlighted = not highlighted
    return text


SUMMARY_COLUMNS = ("found", "new", "updated", "unchanged", "skipped", "disallowed", "gone", "failed")


def counts_table(
    rows: Sequence[tuple[str, Sequence[int]]],
    title: str,
    caption: str = "",
    columns: Sequence[str] = SUMMARY_COLUMNS,
) -> Table:
    """A table of counters per site (the crawl summary), with a total row when there are several sites."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", caption=caption or None, caption_justify="left")
    table.add_column("site", overflow="fold")
    for name in columns:
        table.add_column(name, justify="right", style=STATUS_STYLE.get(name, ""))
    for site, counts in rows:
        table.add_row(Text(site), *(str(n) for n in counts))
    if len(rows) > 1:
        totals = [sum(counts[i] for _, counts in rows) for i in range(len(columns))]
        table.add_section()
        table.add_row(Text("total", style="bold"), *(str(n) for n in totals))
    return table


class LiveCounter:
    """A progress bar on stderr whose total grows as URLs are found; a no-op unless enabled on a terminal."""

    def __init__(self, label: str, *, enabled: bool) -> None:
        self._bar: Progress | None = None
        if enabled and _console("err").is_terminal:
            self._bar = _progress_bar()
            self._task = self._bar.add_task(label, total=0)

    def __enter__(self) -> LiveCounter:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def found(self, n: int) -> None:
        """n more items to do."""
        if self._bar is not None:
            total = self._bar.tasks[0].total or 0
            self._bar.update(self._task, total=total + n)

    def advance(self) -> None:
        """One item done."""
        if self._bar is not None:
            self._bar.advance(self._task)


class CallbackProgress:
    """A progress bar fed (done, total) by the core, shown once work turns up; silent off the terminal."""

    def __init__(self, label: str, *, enabled: bool) -> None:
        self._label = label
        self._enabled = enabled and _console("err").is_terminal
        self._bar: Progress | None = None

    def __enter__(self) -> CallbackProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def update(self, done: int, total: int) -> None:
        """done of total items finished."""
        if not self._enabled or total < 1:
            return
        if self._bar is None:
            self._bar = _progress_bar()
            self._task = self._bar.add_task(self._label, total=total)
            self._bar.start()
        self._bar.update(self._task, completed=done, total=total)


def bar_table(rows: Sequence[tuple[str, str, int]], title: str, columns: tuple[str, str], width: int = 24) -> Table:
    """Counts as a table with a bar per row, the longest bar `width` characters (the stats command)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    table.add_column(columns[0], no_wrap=True)
    table.add_column(columns[1], overflow="fold")
    table.add_column("articles", justify="right")
    table.add_column("", no_wrap=True)
    most = max((n for _, _, n in rows), default=0)
    for first, second, n in rows:
        length = max(1, round(n * width / most)) if most else 0
        table.add_row(Text(first), Text(second), str(n), Text("█" * length, style="cyan"))
    return table


class WarcProgress:
    """Ingest progress on stderr: bytes of the WARC file being read and records read in all; a no-op unless enabled."""

    def __init__(self, label: str, *, enabled: bool) -> None:
        self._label = label
        self._bar: Progress | None = None
        self._records = 0
        self._files = 0
        if enabled and _console("err").is_terminal:
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TextColumn("{task.fields[records]} records"),
                TimeElapsedColumn(),
                console=_console("err"),
                transient=True,
            )
            self._task = self._bar.add_task(label, total=None, records=0)

    def __enter__(self) -> WarcProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def start_file(self, name: str, size: int | None) -> None:
        """A new WARC file: the bar restarts at 0 of its size (unknown for some streams)."""
        self._files += 1
        if self._bar is not None:
            from rich.markup import escape

            label = f"{self._label} #{self._files} {name.rsplit('/', 1)[-1]}"
            self._bar.update(self._task, description=escape(label), total=size, completed=0)

    def advance(self, records: int, position: int) -> None:
        """More records read; `position` is how far into the current file."""
        self._records += records
        if self._bar is not None:
            self._bar.update(self._task, completed=position, records=self._records)
