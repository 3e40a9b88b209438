"""A chart of articles per site over time (matplotlib, the `[plot]` extra), as PNG or SVG."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from beritascrape.archive.query import PeriodCount
from beritascrape.errors import InputError, MissingExtra


def plot_counts(counts: Sequence[PeriodCount], path: Path, *, by: str) -> None:
    """Draw one line per site (articles per period) and save it; the format follows the file's suffix."""
    try:
        import matplotlib

        # No display is needed (cron, servers): the file backend, chosen before pyplot is imported.
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingExtra("--plot needs matplotlib: pip install 'beritascrape[plot]'") from None
    periods = sorted({c.period for c in counts})
    sites = sorted({c.site for c in counts})
    by_key = {(c.period, c.site): c.count for c in counts}
    fig, ax = plt.subplots(figsize=(max(6.0, min(0.4 * len(periods), 20.0)), 4.0))
    try:
        for site in sites:
            ax.plot(periods, [by_key.get((p, site), 0) for p in periods], marker="o", label=site or "(no site)")
        ax.set_xlabel(by)
        ax.set_ylabel("articles")
        ax.set_title(f"Articles per site and {by}")
        if sites:
            ax.legend(fontsize="small")
        ax.tick_params(axis="x", labelrotation=45)
        fig.tight_layout()
        # A fixed date keeps SVG output byte-stable for the same counts.
        metadata = {"Date": None} if path.suffix.lower() == ".svg" else {}
        try:
            fig.savefig(path, metadata=metadata)
        except OSError as exc:
            raise InputError(f"cannot write chart {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
