"""Table tests for the Indonesian news-date parser."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

import pytest

from beritascrape.extract.dates import WIB, WIT, WITA, ZONES, parse_date

# A Friday afternoon in Jakarta, with seconds so relative results show they keep them.
NOW = datetime(2020, 10, 9, 12, 30, 15, tzinfo=WIB)


def parsed(text: str, default_tz: tzinfo = WIB) -> tuple[str, str | None]:
    result = parse_date(text, now=NOW, default_tz=default_tz)
    assert result is not None, text
    assert result.tzinfo is not None
    assert result.utcoffset() is not None
    return result.isoformat(), result.tzname()


def test_zone_constants() -> None:
    assert [(name, tz.utcoffset(None), tz.tzname(None)) for name, tz in ZONES.items()] == [
        ("WIB", timedelta(hours=7), "WIB"),
        ("WITA", timedelta(hours=8), "WITA"),
        ("WIT", timedelta(hours=9), "WIT"),
        ("UTC", timedelta(0), "UTC"),
        ("GMT", timedelta(0), "UTC"),
    ]
    assert (ZONES["WIB"], ZONES["WITA"], ZONES["WIT"]) == (WIB, WITA, WIT)


FULL_MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@pytest.mark.parametrize(("number", "name"), list(enumerate(FULL_MONTHS + ENGLISH_MONTHS)))
def test_full_month_names(number: int, name: str) -> None:
    month = number % 12 + 1
    assert parsed(f"7 {name} 2020 16:37") == (f"2020-{month:02d}-07T16:37:00+07:00", "WIB")
    assert parsed(f"7 {name.upper()} 2020 16:37")[0] == f"2020-{month:02d}-07T16:37:00+07:00"
    assert parsed(f"7 {name.lower()} 2020 16:37")[0] == f"2020-{month:02d}-07T16:37:00+07:00"


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("Jan", 1), ("Feb", 2), ("Mar", 3), ("Apr", 4), ("Mei", 5), ("May", 5), ("Jun", 6), ("Jul", 7),
        ("Agu", 8), ("Agt", 8), ("Ags", 8), ("Agus", 8), ("Aug", 8), ("Sep", 9), ("Sept", 9),
        ("Okt", 10), ("Oct", 10), ("Nov", 11), ("Nop", 11), ("Nopember", 11), ("Des", 12), ("Dec", 12),
        ("Pebruari", 2),
    ],
)  # fmt: skip
def test_short_month_names(name: str, month: int) -> None:
    expected = (f"2020-{month:02d}-07T16:37:00+07:00", "WIB")
    assert parsed(f"07 {name} 2020 16:37 WIB") == expected
    assert parsed(f"07 {name}. 2020 16:37 WIB") == expected
    assert parsed(f"07 {name.lower()} 2020, 16:37") == expected


@pytest.mark.parametrize(
    ("text", "expected", "zone"),
    [
        ("7 Maret 2020 16:37 WIB", "2020-03-07T16:37:00+07:00", "WIB"),
        ("7 Maret 2020 16:37 wib", "2020-03-07T16:37:00+07:00", "WIB"),
        ("7 Maret 2020 | 16:37 WITA", "2020-03-07T16:37:00+08:00", "WITA"),
        ("7 Maret 2020, 16:37 WIT", "2020-03-07T16:37:00+09:00", "WIT"),
        ("7 Maret 2020 16:37 UTC", "2020-03-07T16:37:00+00:00", "UTC"),
        ("Wed, 16 Jun 2021 13:00:00 GMT", "2021-06-16T13:00:00+00:00", "UTC"),
        ("Oct 7, 2020 4:37 PM GMT+8", "2020-10-07T16:37:00+08:00", "UTC+08:00"),
        ("Thu, 05 Nov 2020 10:08:58 +0700", "2020-11-05T10:08:58+07:00", "UTC+07:00"),
        ("7 Maret 2020 16:37", "2020-03-07T16:37:00+07:00", "WIB"),
        ("Kamis, 15 Oktober 2020 WITA", "2020-10-15T00:00:00+08:00", "WITA"),
        ("2020-10-07T15:13:00+0700", "2020-10-07T15:13:00+07:00", "UTC+07:00"),
        ("2020-10-07T15:13:00+07:00", "2020-10-07T15:13:00+07:00", "UTC+07:00"),
        ("2021-06-16T13:00:00-07:00", "2021-06-16T13:00:00-07:00", "UTC-07:00"),
        ("2020-10-07T08:13:00Z", "2020-10-07T08:13:00+00:00", "UTC"),
        ("2015-11-05 T10:08:58Z", "2015-11-05T10:08:58+00:00", "UTC"),
        ("2020-10-07 15:13:00", "2020-10-07T15:13:00+07:00", "WIB"),
        ("2020-10-07T15:13", "2020-10-07T15:13:00+07:00", "WIB"),
        ("2020-10-07", "2020-10-07T00:00:00+07:00", "WIB"),
        ("2020/10/07 15:13", "2020-10-07T15:13:00+07:00", "WIB"),
        ("2020-10-07T15:13:00.123456+07:00", "2020-10-07T15:13:00+07:00", "UTC+07:00"),
        ("2014-07-13T20:07:27.8200000", "2014-07-13T20:07:27+07:00", "WIB"),
    ],
)
def test_zones_and_iso(text: str, expected: str, zone: str) -> None:
    assert parsed(text) == (expected, zone)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 Maret 2020 16:37", "2020-03-07T16:37:00+08:00"),
        ("2020-10-07", "2020-10-07T00:00:00+08:00"),
        ("2020-10-07T15:13:00+07:00", "2020-10-07T15:13:00+07:00"),
        ("7 Maret 2020 16:37 WIB", "2020-03-07T16:37:00+07:00"),
    ],
)
def test_default_tz_is_used_only_without_a_zone(text: str, expected: str) -> None:
    assert parsed(text, default_tz=WITA)[0] == expected


@pytest.mark.parametrize(
    "day",
    ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Sabtu", "Minggu", "Ahad", "SABTU", "sabtu"],
)
@pytest.mark.parametrize("comma", [",", ""])
def test_day_names(day: str, comma: str) -> None:
    assert parsed(f"{day}{comma} 07 Mar 2020 16:37 WIB") == ("2020-03-07T16:37:00+07:00", "WIB")
    assert parsed(f"{day}{comma} 07/03/2020 16:37") == ("2020-03-07T16:37:00+07:00", "WIB")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- 7 Maret 2020, 16:37 WIB", "2020-03-07T16:37:00+07:00"),
        ("Diposting 7 Maret 2020 16:37", "2020-03-07T16:37:00+07:00"),
        ("Dipublikasikan: Sabtu, 07 Mar 2020 16:37 WIB", "2020-03-07T16:37:00+07:00"),
        ("Kompas.com - 07/03/2020, 16:37 WIB", "2020-03-07T16:37:00+07:00"),
        ("07/03/2020, 16:37 WIB", "2020-03-07T16:37:00+07:00"),
        ("7/3/2020 16:37", "2020-03-07T16:37:00+07:00"),
        ("07-03-2020 16:37", "2020-03-07T16:37:00+07:00"),
        ("07.03.2020 16.37", "2020-03-07T16:37:00+07:00"),
        ("Sabtu (07/03/2020) malam WIB", "2020-03-07T00:00:00+07:00"),
        ("Kamis, 15 Oktober 2020", "2020-10-15T00:00:00+07:00"),
        ("7 Mar 2020, 16.37 WIB", "2020-03-07T16:37:00+07:00"),
        ("7 Maret 2020 16.37.05", "2020-03-07T16:37:05+07:00"),
        ("7 Maret 2020 16:37:05 WIB", "2020-03-07T16:37:05+07:00"),
        ("Jumat, 9 Oktober 2020 07:45", "2020-10-09T07:45:00+07:00"),
        ("Selasa, 23 Februari 2016 | 14:32 WIB", "2016-02-23T14:32:00+07:00"),
        ("Jumat, 04 Feb 2022 - 19:11 WIB", "2022-02-04T19:11:00+07:00"),
        ("Senin, 30 Desember 2024 / 10:30 WIB", "2024-12-30T10:30:00+07:00"),
        ("Selasa 3 Agustus 2021 Pukul 10.00 WIB via streaming", "2021-08-03T10:00:00+07:00"),
        ("Wednesday, 04 November, 2020 |  16:37 WIB", "2020-11-04T16:37:00+07:00"),
        ("16:37 WIB, 7 Maret 2020", "2020-03-07T16:37:00+07:00"),
        ("16:37 WITA, Sabtu, 7 Maret 2020", "2020-03-07T16:37:00+08:00"),
        ("October 7, 2020 4:37 PM", "2020-10-07T16:37:00+07:00"),
        ("Oct 7, 2020 12:05 am", "2020-10-07T00:05:00+07:00"),
        ("7 Maret 2020, 3.016 orang hadir", "2020-03-07T00:00:00+07:00"),
        ("7 Maret 2020 -12 derajat", "2020-03-07T00:00:00+07:00"),
        ("7\u00a0Maret\u00a02020\u00a016:37\u00a0WIB", "2020-03-07T16:37:00+07:00"),
    ],
)
def test_indonesian_forms(text: str, expected: str) -> None:
    assert parsed(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 menit yang lalu", "2020-10-09T12:25:15+07:00"),
        ("2 jam lalu", "2020-10-09T10:30:15+07:00"),
        ("4 Jam yang lalu", "2020-10-09T08:30:15+07:00"),
        ("sejam yang lalu", "2020-10-09T11:30:15+07:00"),
        ("semenit lalu", "2020-10-09T12:29:15+07:00"),
        ("10 detik lalu", "2020-10-09T12:30:05+07:00"),
        ("3 hari lalu", "2020-10-06T12:30:15+07:00"),
        ("1 minggu yang lalu", "2020-10-02T12:30:15+07:00"),
        ("2 bulan lalu", "2020-08-10T12:30:15+07:00"),
        ("Diperbarui 5 menit yang lalu", "2020-10-09T12:25:15+07:00"),
        ("baru saja", "2020-10-09T12:30:15+07:00"),
        ("kemarin", "2020-10-08T12:30:15+07:00"),
        ("kemarin 14:20", "2020-10-08T14:20:00+07:00"),
        ("Kemarin, 14:20 WIB", "2020-10-08T14:20:00+07:00"),
        ("Kemarin, 14.20 WITA", "2020-10-08T14:20:00+08:00"),
        ("hari ini 08:00", "2020-10-09T08:00:00+07:00"),
        ("Hari ini, 08.00 WIB", "2020-10-09T08:00:00+07:00"),
    ],
)
def test_relative_forms(text: str, expected: str) -> None:
    assert parsed(text)[0] == expected


def test_relative_counts_from_now_in_the_sites_zone() -> None:
    # A fetch's time is UTC: the same instant, told in the zone the page's words mean (WIB unless given).
    now = datetime(2020, 10, 9, 5, 30, tzinfo=timezone.utc)
    result = parse_date("2 jam lalu", now=now)
    assert result is not None
    assert result.isoformat() == "2020-10-09T10:30:00+07:00"
    # 20:00 UTC on the 9th is 03:00 WIB on the 10th: the page's "kemarin" is the 9th in Jakarta.
    late = datetime(2020, 10, 9, 20, 0, tzinfo=timezone.utc)
    assert [parse_date(t, now=late).isoformat() for t in ("kemarin 14:20", "hari ini 01:15")] == [  # type: ignore[union-attr]
        "2020-10-09T14:20:00+07:00",
        "2020-10-10T01:15:00+07:00",
    ]


def test_naive_now_gets_default_tz() -> None:
    result = parse_date("kemarin 14:20", now=datetime(2020, 10, 9, 12, 0), default_tz=WIT)
    assert result is not None
    assert (result.isoformat(), result.tzname()) == ("2020-10-08T14:20:00+09:00", "WIT")


def test_default_now_is_current_time_in_wib() -> None:
    before = datetime.now(WIB).replace(microsecond=0)  # a relative date is told to the second
    result = parse_date("baru saja")
    after = datetime.now(WIB)
    assert result is not None
    assert result.tzinfo is WIB
    assert result.microsecond == 0
    assert before <= result <= after


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "[publishdate]",
        "garbage",
        "Berita Terkini 12.30",
        "Rp 3.016.000",
        "31 Februari 2020",
        "30 Feb 2021 10:00 WIB",
        "2020-13-01",
        "2020-02-30T10:00:00Z",
        "13/13/2020",
        "7 Maret 2020 25:00",
        "7 Maret 2020 16:61 WIB",
        "2020-10-07T15:13:00+2500",
        "0 Maret 2020",
        "999999999 tahun lalu",
        "minggu lalu",
    ],
)
def test_no_date_gives_none(text: str | None) -> None:
    assert parse_date(text, now=NOW) is None


def test_long_input_is_cheap_and_safe() -> None:
    assert parse_date("x" * 1_000_000 + " 7 Maret 2020", now=NOW) is None
    assert parsed("7 Maret 2020 " + "x" * 1_000_000)[0] == "2020-03-07T00:00:00+07:00"


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59Z", "1 Januari 0001"])
def test_placeholder_dates_are_no_date(text: str) -> None:
    assert parse_date(text) is None
