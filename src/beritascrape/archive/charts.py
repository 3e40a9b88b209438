"""A chart of articles per site over time (matplotlib, the `[plot]` extra), as PNG or SVG."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from beritascrape.archive.query import PeriodCount
from beritascrape.errors import InputError, MissingExtra
from beritascrape.model import NO_SITE

# More lines than this make an unreadable legend: the smallest sites are drawn as one line, "other (N sites)".
MAX_LINES = 12


def period_date(period: str) -> date:
    """The first day of a period as count_by_period names it: "2024-03-05" (a day, or a week's Monday), "2024-03"."""
    return date.fromisoformat(period if len(period) > 7 else f"{period}-01")


def series(counts: Sequence[PeriodCount]) -> tuple[list[date], dict[str, list[int]]]:
    """The periods' dates, oldest first, and one line of counts per site (biggest first; the smallest merged)."""
    periods = sorted({c.period for c in counts})
    totals = Counter[str]()
    for c in counts:
        totals[c.site] += c.count
    ranked = sorted(totals, key=lambda site: (-totals[site], site))
    shown = ranked if len(ranked) <= MAX_LINES else ranked[: MAX_LINES - 1]
    rest = set(ranked) - set(shown)
    lines: dict[str, list[int]] = {site or NO_SITE: [0] * len(periods) for site in shown}
    other = f"other ({len(rest)} sites)"
    if rest:
        lines[other] = [0] * len(periods)
    at = {p: i for i, p in enumerate(periods)}
    for c in counts:
        name = other if c.site in rest else (c.site or NO_SITE)
        lines[name][at[c.period]] += c.count
    return [period_date(p) for p in periods], lines


def plot_counts(counts: Sequence[PeriodCount], path: Path, *, by: str) -> None:
    """Draw one line per site (articles per period) and save it; the format follows the file's suffix."""
    try:
        import matplotlib

        # No display is needed (cron, servers): the file backend, chosen before pyplot is imported.
        matplotlib.use("Agg")
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise MissingExtra("--plot needs matplotlib: pip install 'beritascrape[plot]'") from None
    dates, lines = series(counts)
    fig, ax = plt.subplots(figsize=(10.0, 4.5))
    try:
        # Dates on a time axis: periods are spaced by the time between them, gaps included.
        xs = mdates.date2num(dates)
        # Up to 12 lines: the default cycle has 10 colours, so two sites would share one; tab20 has 20.
        tab20 = plt.get_cmap("tab20")
        colours = [tab20(i) for i in (*range(0, 20, 2), *range(1, 20, 2))]  # the strong ten, then their pale pairs
        for (name, values), colour in zip(lines.items(), colours, strict=False):
            ax.plot(xs, values, marker="o" if len(dates) <= 60 else None, markersize=3, label=name, color=colour)
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of articles
        ax.set_xlabel(by)
        ax.set_ylabel("articles")
        ax.set_title(f"Articles per site and {by}")
        if lines:
            # Beside the plot, not over it: a dozen site names would hide the lines.
            ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
        # A fixed date keeps SVG output byte-stable for the same counts.
        metadata = {"Date": None} if path.suffix.lower() == ".svg" else {}
        try:
            fig.savefig(path, metadata=metadata, bbox_inches="tight")
        except OSError as exc:
            raise InputError(f"cannot write chart {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
