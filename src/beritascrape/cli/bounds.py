"""The --since/--until options every command shares: which dates they take, and reading them strictly."""

from __future__ import annotations

import re
from typing import Any

import click

from beritascrape.errors import BeritaError

# What --since/--until take, whole: an ISO date or date-time, or a day, a month's name and a year. The page-date
# parser (extract/dates.py) is lenient on purpose: it finds a date anywhere in a text and reads "kemarin" or "2 jam
# yang lalu" against now. An option must be a date the user clearly wrote, so its shape is checked here first.
_ISO_BOUND = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
    r"(?:\s?(?:Z|[+-]\d{2}(?::?\d{2})?|WIB|WITA|WIT|UTC|GMT))?)?",
    re.IGNORECASE,
)
_NAMED_BOUND = re.compile(r"(?P<d>\d{1,2})\s+[a-z]+\.?\s+(?P<y>\d{4})", re.IGNORECASE)
DATE_FORMS = "2024-03-05, 2024-03-05T10:00, 2024-03-05T10:00+07:00, 5 Maret 2024 or 5 March 2024"
SINCE_HELP = (
    "Only articles published on or after this date: 2024-03-05, 2024-03-05T10:00[+07:00] or 5 Maret 2024 "
    "(WIB unless it says; nothing else: no relative words)."
)
UNTIL_HELP = "Only articles published up to this date, in the same forms (a bare date includes that day)."


def parse_bound_option(value: Any, option: str, *, end_of_day: bool = False) -> Any:
    """A --since/--until value as an aware datetime, or None; anything but a date of DATE_FORMS is a usage error."""
    if value is None:
        return None
    from beritascrape.crawl.config import parse_bound

    if isinstance(value, str) and not clearly_a_date(value):
        raise click.UsageError(f"{option}: not a date: {value!r} (use {DATE_FORMS}; nothing before or after it)")
    try:
        return parse_bound(value.strip() if isinstance(value, str) else value, end_of_day=end_of_day)
    except BeritaError as exc:
        raise click.UsageError(f"{option}: {exc}") from None


def clearly_a_date(text: str) -> bool:
    """Whether `text` is one whole date of DATE_FORMS (a real one: 31 Februari is not)."""
    from datetime import datetime

    from beritascrape.extract.dates import parse_date

    text = text.strip()
    if _ISO_BOUND.fullmatch(text):
        return parse_date(text) is not None
    named = _NAMED_BOUND.fullmatch(text)
    if named is None:
        return False
    # Read against a "now" before any year parse_date takes: a relative word then yields no date at all, and the
    # day and year must be the ones written (the month's name is the only word left to be read).
    found = parse_date(text, now=datetime(1800, 1, 1))
    return found is not None and (found.day, found.year) == (int(named["d"]), int(named["y"]))
