"""Photo pages: the photo story's text is the body, and a "Fotografer: X" credit names the page's author."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from beritascrape import parse_html
from beritascrape.extract.clean import Credit, credits_of

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("use_profiles", [True, False])
def test_detik_readfoto_page_reads_story_text_and_photographer(use_profiles: bool) -> None:
    path = FIXTURES / "detik" / "readfoto.html"
    expected = json.loads(path.with_suffix(".json").read_text("utf-8"))
    article = parse_html(path.read_bytes(), expected["url"], use_profiles=use_profiles)
    got = article.to_dict()
    if use_profiles:
        assert got == expected
    else:
        # The generic path reads the same story and credit; it knows no caption element on this layout.
        assert {**got, "captions": expected["captions"]} == expected
        assert (article.extractor, article.captions) == ("generic", ())
    assert (article.kind, article.authors) == ("gallery", ("Rahmat Sulaiman",))
    assert "Fotografer" not in article.body


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("Fotografer: Rahmat Sulaiman", [Credit("photographer", "Rahmat Sulaiman")]),
        ("Fotografer Rahmat Sulaiman", [Credit("photographer", "Rahmat Sulaiman")]),
        ("Pewarta foto: Budi Santoso", [Credit("photographer", "Budi Santoso")]),
        ("Pewarta: Budi Santoso", [Credit("authors", "Budi Santoso")]),
        ("Penulis: Ani | Fotografer: Budi", [Credit("authors", "Ani"), Credit("photographer", "Budi")]),
        ("Photos by Ann Lee", [Credit("photographer", "Ann Lee")]),
        ("Fotografer muda itu memotret pasar setiap pagi.", []),
    ],
)
def test_photographer_credit_lines(line: str, credits: list[Credit]) -> None:
    assert credits_of(line) == credits


ARTICLE = """<html lang="id"><head><title>Pasar Ikan Dibuka</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="2024-02-01T08:00:00+07:00">
</head><body><article><h1>Pasar Ikan Dibuka</h1><div class="content">
<p>Pasar ikan baru di tepi pelabuhan dibuka pada Kamis pagi dan langsung dipadati pembeli dari kampung sekitar.</p>
<p>Fotografer: Rahmat Sulaiman</p>
<p>Pedagang mengatakan harga ikan tongkol turun karena tangkapan nelayan melimpah sepanjang pekan ini.</p>
</div></article></body></html>"""


def test_photographer_is_no_writer_of_an_article() -> None:
    # On an article the photographer credits a picture: the line leaves the body but names no author.
    article = parse_html(ARTICLE, "https://kabarpelabuhan.id/2024/02/01/pasar-ikan-dibuka")
    assert (article.kind, article.authors, tuple(article.paragraphs)) == (
        "article",
        (),
        (
            "Pasar ikan baru di tepi pelabuhan dibuka pada Kamis pagi dan langsung dipadati pembeli dari kampung "
            "sekitar.",
            "Pedagang mengatakan harga ikan tongkol turun karena tangkapan nelayan melimpah sepanjang pekan ini.",
        ),
    )


def test_a_photo_page_with_no_text_of_its_own_has_its_captions_as_body() -> None:
    figures = "".join(
        f'<figure><img src="/g{n}.jpg"><figcaption>Warga melintasi genangan banjir di ruas jalan ke-{n}, '
        "Senin (30/11/2026).</figcaption></figure>"
        for n in range(3)
    )
    html = (
        '<html><head><meta charset="utf-8"><title>FOTO: Suasana Banjir Dayeuhkolot</title>'
        '<meta property="article:published_time" content="2026-11-30T10:00:00+07:00"></head><body><article>'
        f'<h1>FOTO: Suasana Banjir Dayeuhkolot</h1><div class="gallery">{figures}</div></article></body></html>'
    )
    article = parse_html(html, "https://kabarkota.example/foto/2026/11/30/suasana-banjir-dayeuhkolot")
    captions = [f"Warga melintasi genangan banjir di ruas jalan ke-{n}, Senin (30/11/2026)." for n in range(3)]
    assert (article.kind, article.captions, article.body, article.word_count) == (
        "gallery",
        tuple(captions),
        "\n\n".join(captions),
        30,
    )
