"""The project's central example and a real multi-page PRMN page, read from ../shared/corpus when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from beritascrape import parse_html

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
pytestmark = pytest.mark.skipif(
    not (CORPUS / "pages").is_dir(), reason=f"{CORPUS} is absent (it ships beside the repo, not in it)"
)
ZONAJAKARTA = (
    "https://zonajakarta.pikiran-rakyat.com/internasional/pr-18808737/"
    "walau-kena-covid-19-donald-trump-masih-berbahaya-karena-disampingnya-ada-pemicu-kiamat-dunia"
)


def test_seed_article_gives_exactly_the_expected_record() -> None:
    expected = json.loads((CORPUS / "expected" / "prmn__seed-bekasi-smart-city.json").read_text("utf-8"))
    html = (CORPUS / "pages" / "prmn__seed-bekasi-smart-city.html").read_bytes()
    article = parse_html(html, expected["url"])
    got = article.to_dict()
    for key in (
        "url",
        "canonical_url",
        "title",
        "published_at",
        "authors",
        "editor",
        "source",
        "tags",
        "captions",
    ):
        assert got[key] == expected[key], key
    assert article.paragraphs == expected["paragraphs"]
    assert len(article.paragraphs) == 17
    for banned in expected["without"]:
        assert banned not in article.body, banned
    assert article.published_at is not None and article.published_at.tzinfo is not None


def test_zonajakarta_page_two_of_three() -> None:
    html = (CORPUS / "pages" / "prmn__zonajakarta-trump-pes-p2.html").read_bytes()
    article = parse_html(html, ZONAJAKARTA + "?page=2")
    assert article.title == (
        "Walau Kena Covid-19, Donald Trump Masih Berbahaya Karena Disampingnya Ada Pemicu Kiamat Dunia"
    )
    assert article.to_dict()["published_at"] == "2020-10-07T15:13:00+07:00"
    assert article.authors == ("Beryl Santoso",)
    assert article.editor == "Beryl Santoso"
    assert article.source == "Daily Mail"
    assert article.tags == ("nuklir", "Donald Trump", "tas", "kiamat", "Covid-19", "PES")
    assert article.page_count == 3
    assert article.canonical_url == ZONAJAKARTA
    assert article.paragraphs == [
        "Dikutip zonajakarta.com dari DailyMail, Rabu (7/10/2020) ke mana pun pergi Trump selalu dibuntuti oleh "
        "Presidential Emergency Satchel (PES/Tas Darurat Presiden).",
        "Tas ini dibawa kemanapun presiden AS pergi, contoh saja saat Presiden Obama berkunjung ke Indonesia "
        "beberapa tahun silam tas PES ini ikutan.",
        "PES ini merupakan cara diplomasi bersenjata paling ampuh AS karena bisa saja saat Trump sedang ke toilet "
        "ia meluncurkan bom nuklir ke seluruh dunia.",
        "Keberadaan PES ini tak lepas dari Krisis Rudal Kuba pada tahun 1962.",
        "Kala itu presiden John F Kennedy merasa dirinya harus selalu siaga terkait ancaman serangan nuklir dari Kuba.",
        "Walau sudah digunakan sejak era Eissenhower, nyatanya PES sangat membantu Kennedy dalam keberhasilannya "
        "meredam Krisis Rudal Kuba.",
    ]
    assert "Baca Juga" not in article.body
    assert article.captions == (
        "Walau Kena Covid-19, Donald Trump Masih Berbahaya Karena Disampingnya Ada Pemicu Kiamat Dunia /Xinhua",
        "Seorang ajudan presiden AS membawa PES Opera News",
    )
