"""JSON Lines and CSV export of archived articles (with their id, first_seen_at and pages_missing)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from beritascrape.archive.export import write_csv, write_jsonl
from beritascrape.archive.records import StoredArticle
from beritascrape.model import Article

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))

FIRST = Article(
    url="https://jabar.example.id/bekasi/taman",
    canonical_url="https://jabar.example.id/bekasi/taman-kota",
    site="jabar.example.id",
    title='Taman "Kota" Bekasi, Dibuka',
    published_at=datetime(2024, 3, 5, 9, 30, tzinfo=WIB),
    authors=("Ani Lestari", "Budi"),
    tags=("bekasi", "ruang hijau"),
    captions=("Wali kota [tengah] — menggunting pita.",),
    body="Paragraf satu.\n\nParagraf dua.",
    word_count=4,
    language="id",
    extractor="profile:prmn",
)
SECOND = Article(
    url="https://bali.example.id/festival",
    title="Festival Layang-layang",
    published_at=datetime(2024, 7, 20, 16, 45, 5, tzinfo=WITA),
    updated_at=datetime(2024, 7, 21, 8, 0, tzinfo=WITA),
    editor="Made",
    body="Satu paragraf.",
    word_count=2,
    page_count=2,
)


def one_at_a_time() -> Iterator[StoredArticle]:
    """A generator, as Archive.iter_stored gives: export must not need a list."""
    yield StoredArticle(3, "2024-03-05T03:00:00Z", FIRST)
    yield StoredArticle(7, "2024-07-21T00:10:00Z", SECOND, pages_missing=1)


def test_write_jsonl() -> None:
    out = io.StringIO()
    assert write_jsonl(one_at_a_time(), out) == 2
    assert out.getvalue().split("\n") == [
        '{"id": 3, "url": "https://jabar.example.id/bekasi/taman", '
        '"canonical_url": "https://jabar.example.id/bekasi/taman-kota", "site": "jabar.example.id", '
        '"title": "Taman \\"Kota\\" Bekasi, Dibuka", "published_at": "2024-03-05T09:30:00+07:00", '
        '"updated_at": null, "authors": ["Ani Lestari", "Budi"], "editor": null, "source": null, '
        '"category": null, "tags": ["bekasi", "ruang hijau"], "description": null, "image_url": null, '
        '"captions": ["Wali kota [tengah] — menggunting pita."], '
        '"body": "Paragraf satu.\\n\\nParagraf dua.", "word_count": 4, "language": "id", "page_count": 1, '
        '"kind": "article", "first_seen_at": "2024-03-05T03:00:00Z", "pages_missing": 0}',
        '{"id": 7, "url": "https://bali.example.id/festival", "canonical_url": null, "site": null, '
        '"title": "Festival Layang-layang", "published_at": "2024-07-20T16:45:05+08:00", '
        '"updated_at": "2024-07-21T08:00:00+08:00", "authors": [], "editor": "Made", "source": null, '
        '"category": null, "tags": [], "description": null, "image_url": null, "captions": [], '
        '"body": "Satu paragraf.", "word_count": 2, "language": null, "page_count": 2, "kind": "article", '
        '"first_seen_at": "2024-07-21T00:10:00Z", "pages_missing": 1}',
        "",
    ]


def test_write_jsonl_empty() -> None:
    out = io.StringIO()
    assert write_jsonl(iter(()), out) == 0
    assert out.getvalue() == ""


def test_write_csv() -> None:
    out = io.StringIO()
    assert write_csv(one_at_a_time(), out) == 2
    assert out.getvalue() == (
        "id,url,canonical_url,site,title,published_at,updated_at,authors,editor,source,category,tags,"
        "description,image_url,captions,body,word_count,language,page_count,kind,first_seen_at,pages_missing\n"
        "3,https://jabar.example.id/bekasi/taman,https://jabar.example.id/bekasi/taman-kota,jabar.example.id,"
        '"Taman ""Kota"" Bekasi, Dibuka",2024-03-05T09:30:00+07:00,,"[""Ani Lestari"", ""Budi""]",,,,'
        '"[""bekasi"", ""ruang hijau""]",,,"[""Wali kota [tengah] — menggunting pita.""]",'
        '"Paragraf satu.\n\nParagraf dua.",4,id,1,article,2024-03-05T03:00:00Z,0\n'
        "7,https://bali.example.id/festival,,,Festival Layang-layang,2024-07-20T16:45:05+08:00,"
        "2024-07-21T08:00:00+08:00,[],Made,,,[],,,[],Satu paragraf.,2,,2,article,2024-07-21T00:10:00Z,1\n"
    )


def test_write_csv_empty_has_header() -> None:
    out = io.StringIO()
    assert write_csv([], out) == 0
    assert out.getvalue().count("\n") == 1
    assert out.getvalue().startswith("id,url,canonical_url,site,")
