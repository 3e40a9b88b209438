"""Parse Indonesian, English and ISO 8601 news dates into time-zone aware datetimes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")
ZONES: dict[str, tzinfo] = {"WIB": WIB, "WITA": WITA, "WIT": WIT, "UTC": timezone.utc, "GMT": timezone.utc}

# Every spelling seen on Indonesian sites, plus English names (RFC 2822 pubdate metas, English editions).
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("januari", "january", "jan"),
    ("februari", "pebruari", "february", "feb", "peb"),
    ("maret", "march", "mar"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "june", "jun"),
    ("juli", "july", "jul"),
    ("agustus", "august", "agus", "agu", "agt", "ags", "aug"),
    ("september", "sept", "sep"),
    ("oktober", "october", "okt", "oct"),
    ("november", "nopember", "nov", "nop"),
    ("desember", "december", "des", "dec"),
)
_MONTHS: dict[str, int] = {name: i for i, names in enumerate(_MONTH_NAMES, 1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # ISO 8601 and yyyy/mm/dd
    re.compile(r"(?<!\d)(?P<y>\d{4})([-/])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)"),
    # 7 Maret 2020, 07-Mar-2020, 02 November, 2022
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-/,.]*\b(?P<m>{_MONTH})(?![a-z])\.?[\s\-/,]*(?P<y>\d{{4}})(?!\d)",
        re.I,
    ),
    # October 7, 2020 (English order)
    re.compile(
        rf"\b(?P<m>{_MONTH})(?![a-z])\.?\s+(?P<d>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)",
        re.I,
    ),
    # 07/03/2020: day first, as Indonesian sites write it
    re.compile(r"(?<!\d)(?P<d>\d{1,2})([/.-])(?P<m>\d{1,2})\2(?P<y>\d{4})(?!\d)"),
)

# A time right after the date: ", 16:37", " | 16.37", " / 10:30" (Kontan), "T15:13:00.000", " Pukul 10.00",
# " - 4:37 PM".
_TIME_AFTER = re.compile(
    r"[\s,|/@)\-–—]*(?:T|pukul|pkl\.?|jam)?\s*"
    r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?(?!\d)(?:\s*([ap])\.?m\b\.?)?",
    re.I,
)
_ZONE = re.compile(
    r"\s*(?:(WITA|WIT|WIB|Z)\b|(UTC|GMT)\b(?:\s*([+-]\d{1,2}(?::?\d{2})?)(?!\d))?|([+-]\d{2}:?\d{2})(?!\d))",
    re.I,
)
# "16:37 WIB, Sabtu, 7 Maret 2020": a time before the date, at most one word (a day name) in between.
_TIME_BEFORE = re.compile(
    r"(?<![\d:.])(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(WITA|WIT|WIB|UTC|GMT)?[\s,|\-–—]*(?:[a-z']+[\s,]*)?$",
    re.I,
)
_AGO = re.compile(
    r"(?<!\w)(\d{1,9}|se|satu)\s*(detik|menit|jam|hari|minggu|pekan|bulan|tahun)\s+(?:yang\s+)?lalu\b", re.I
)
_UNIT = {
    "detik": timedelta(seconds=1),
    "menit": timedelta(minutes=1),
    "jam": timedelta(hours=1),
    "hari": timedelta(days=1),
    "minggu": timedelta(days=7),
    "pekan": timedelta(days=7),
    "bulan": timedelta(days=30),
    "tahun": timedelta(days=365),
}
_DAY_WORD = re.compile(r"\b(kemarin|hari\s+ini|baru\s+saja)\b", re.I)
# Date strings are short; capping the input keeps a stray whole-page argument cheap.
_MAX_CHARS = 500


def _offset(text: str) -> timezone:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _zone(match: re.Match[str] | None) -> tzinfo | None:
    if match is None:
        return None
    word, gmt, gmt_offset, offset = match.groups()
    if word:
        return timezone.utc if word.upper() == "Z" else ZONES[word.upper()]
    if gmt:
        return _offset(gmt_offset) if gmt_offset else ZONES[gmt.upper()]
    return _offset(offset)


def _clock(match: re.Match[str], meridiem: str | None = None) -> tuple[int, int, int]:
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if meridiem and meridiem.lower() == "p" and hour < 12:
        hour += 12
    elif meridiem and meridiem.lower() == "a" and hour == 12:
        hour = 0
    return hour, minute, second


def _absolute(text: str, default_tz: tzinfo) -> datetime | None:
    found = [m for m in (p.search(text) for p in _DATE_PATTERNS) if m]
    if not found:
        return None
    date = min(found, key=lambda m: m.start())
    month = date["m"]
    month_no = int(month) if month.isdigit() else _MONTHS[month.lower()]
    year, day = int(date["y"]), int(date["d"])
    tail = text[date.end() :]
    time = _TIME_AFTER.match(tail)
    if time:
        hour, minute, second = _clock(time, time[4])
        tz = _zone(_ZONE.match(tail, time.end()))
    else:
        before = _TIME_BEFORE.search(text, max(0, date.start() - 40), date.start())
        if before:
            hour, minute, second = _clock(before)
            tz = ZONES[before[4].upper()] if before[4] else None
        else:
            hour = minute = second = 0
            zone = _ZONE.match(tail)
            # a bare "-12" after a date-only string is more likely noise than an offset
            tz = _zone(zone) if zone and not zone[4] else None
    return datetime(year, month_no, day, hour, minute, second, tzinfo=tz or default_tz)


def _relative(text: str, now: datetime) -> datetime | None:
    # A fetch's clock has microseconds; a page's "2 jam yang lalu" is no more precise than a second.
    now = now.replace(microsecond=0)
    ago = _AGO.search(text)
    if ago:
        count = 1 if ago[1].lower() in ("se", "satu") else int(ago[1])
        return now - count * _UNIT[ago[2].lower()]
    word = _DAY_WORD.search(text)
    if word is None:
        return None
    key = word[1].lower()
    if key.startswith("baru"):
        return now
    day = now - timedelta(days=1) if key == "kemarin" else now
    time = _TIME_AFTER.match(text, word.end())
    if time is None:
        return day
    hour, minute, second = _clock(time, time[4])
    tz = _zone(_ZONE.match(text, time.end()))
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz or now.tzinfo)


def _iso_fast(text: str, default_tz: tzinfo) -> datetime | None:
    # Metadata dates are nearly always plain ISO 8601; the stdlib parses those far faster than our patterns.
    text = text.strip()
    if len(text) > 32 or text[4:5] != "-" or not text[:4].isdigit():
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed.replace(microsecond=0)


def parse_date(text: str | None, *, now: datetime | None = None, default_tz: tzinfo = WIB) -> datetime | None:
    """Parse an Indonesian or ISO date string into an aware datetime, or None when it holds no date."""
    found = _parse_date(text, now, default_tz)
    # CMS placeholders ("0001-01-01T00:00:00", "9999-12-31") are no date, and would break UTC arithmetic.
    return found if found is not None and MIN_YEAR <= found.year <= MAX_YEAR else None


@dataclass(frozen=True)
class DateReading:
    """A parsed date and what its text stated: a time of day, a zone or offset."""

    at: datetime
    timed: bool
    zoned: bool


def read_date(text: str | None, *, now: datetime | None = None) -> DateReading | None:
    """Parse a date and tell whether the text gave a time and a zone: evidence is weighed by what it states."""
    found = parse_date(text, now=now)
    if found is None or not isinstance(text, str):
        return None
    zoned = _STATED_ZONE.search(text) is not None
    timed = bool(found.hour or found.minute or found.second) or _STATED_TIME.search(text) is not None
    return DateReading(found, timed, zoned)


# A zone or offset written after a clock: "WIB", "UTC+7", "...42Z", "...42+07:00", "+0700".
_STATED_ZONE = re.compile(r"\b(?:WIB|WITA|WIT|UTC|GMT)\b|(?<=\d)Z\b|(?<=\d)[+-]\d{2}:?\d{2}\b", re.IGNORECASE)
_STATED_TIME = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d{2})")


# Years a news page can plausibly carry: well before the web, well after today.
MIN_YEAR, MAX_YEAR = 1900, 2200


def _parse_date(text: str | None, now: datetime | None, default_tz: tzinfo) -> datetime | None:
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:_MAX_CHARS]
    fast = _iso_fast(text, default_tz)
    if fast is not None:
        return fast
    try:
        parsed = _absolute(text, default_tz)
        if parsed is not None:
            return parsed
        if now is None:
            now = datetime.now(WIB)
        elif now.tzinfo is None or now.utcoffset() is None:
            now = now.replace(tzinfo=default_tz)
        else:
            # A fetch's time is UTC; the page's "kemarin" and "2 jam yang lalu" are the site's local day and time.
            now = now.astimezone(default_tz)
        return _relative(text, now)
    except (ValueError, OverflowError):
        # impossible dates (31 Februari, 25:00, +2500) and absurd counts are "no date", not an error
        return None
