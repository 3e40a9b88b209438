"""Crawl settings from a TOML file (for cron) and the date bounds `--since` / `--until` accept."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from beritascrape.errors import InputError
from beritascrape.extract.dates import parse_date

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# Keys a config file may set: the `crawl` command's long options, with '_' or '-'.
CONFIG_KEYS = frozenset(
    {
        "sources",
        "db",
        "since",
        "until",
        "max_articles",
        "refresh",
        "wait",
        "quiet",
        "log_file",
        "json",
        "delay",
        "timeout",
        "retries",
        "user_agent",
        "contact",
        "allow_private",
        "ignore_robots",
    }
)


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a crawl config file; keys are normalised to underscores, unknown keys are an InputError."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read config file {file}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"config file {file} is not valid TOML: {exc}") from None
    # A [crawl] table is accepted too, so one file can hold other sections later.
    table = data.get("crawl", data) if isinstance(data.get("crawl"), dict) else data
    config = {str(key).replace("-", "_"): value for key, value in table.items()}
    unknown = sorted(set(config) - CONFIG_KEYS)
    if unknown:
        raise InputError(f"config file {file}: unknown key(s) {', '.join(unknown)}")
    sources = config.get("sources", [])
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise InputError(f"config file {file}: 'sources' must be a list of strings")
    config["sources"] = sources
    return config


def parse_bound(text: str | datetime, *, end_of_day: bool = False) -> datetime:
    """A --since/--until value (ISO 8601 or Indonesian, WIB unless it says otherwise) as an aware datetime.

    A bare date as `until` means the end of that day, so `--until 2024-03-05` keeps articles of the 5th.
    """
    if isinstance(text, datetime):  # TOML has its own date-time values
        when = text if text.tzinfo is not None else parse_date(text.isoformat())
        if when is None:
            raise InputError(f"not a date: {text}")
        return when
    when = parse_date(str(text))
    if when is None:
        raise InputError(f"not a date: {text!r} (use 2024-03-05, 2024-03-05T10:00+07:00 or 5 Maret 2024)")
    if end_of_day and ":" not in str(text) and when.hour == when.minute == when.second == 0:
        when += timedelta(days=1, microseconds=-1)
    return when
