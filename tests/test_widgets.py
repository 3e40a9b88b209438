"""Widgets and promotions inside the article's markup, syndication footers, and the older layouts profiles read.

The pages are ours (tests/fixtures, described in its README); the short lines below are written for the tests, each
of a kind seen on real pages (named where the rule that drops it is defined, extract/clean.py and extract/body.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from beritascrape import parse_html
from beritascrape.extract import clean, content
from beritascrape.extract.body import Paragraph, clean_paragraphs, read_paragraphs

FIXTURES = Path(__file__).parent / "fixtures"
P1 = "Hujan deras sejak pagi membuat Sungai Cikapundung meluap hingga merendam puluhan rumah di tepi kota."
P2 = "Petugas pemadam kebakaran membantu warga memindahkan barang ke tempat yang lebih tinggi sebelum sore."
P3 = "Menurut kepala desa, air mulai surut pada malam hari setelah hujan berhenti dan pintu air dibuka."
P4 = "Warga berharap pemerintah segera memperbaiki tanggul yang jebol agar banjir serupa tidak terulang lagi."


def page(body: str) -> etree._Element:
    return etree.fromstring(f"<html><body>{body}</body></html>".encode(), etree.HTMLParser())


def golden(name: str) -> tuple[bytes, dict]:
    path = FIXTURES / name
    return path.with_suffix(".html").read_bytes(), json.loads(path.with_suffix(".json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("name", "extractor"),
    [
        ("detik/sport-2021.json", "profile:detik"),  # div.detail_text
        ("detik/travel-2022.json", "profile:detik"),  # div.itp_bodycontent.read__content
        ("beritasatu/story-2020.json", "profile:beritasatu"),  # div.story, not its caption's div.story.caption-dtp
    ],
)
def test_profiles_read_the_older_and_sub_site_layouts_themselves(name: str, extractor: str) -> None:
    raw, expected = golden(name)
    article = parse_html(raw, expected["url"])
    assert (article.extractor, article.to_dict()) == (extractor, expected)


def test_the_generic_path_drops_the_app_promotion_and_the_empty_video_box_whole() -> None:
    raw, expected = golden("kompas/mobile-widgets-2021.json")
    article = parse_html(raw, expected["url"], use_profiles=False)
    assert (article.extractor, article.to_dict()["body"]) == ("generic", expected["body"])


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ('Simak Video "Latihan Kiper Jelang Laga Pekan Ini"', True),
        ("Tonton video berikut:", True),
        ("Saksikan juga video pilihan di bawah ini", True),
        ("Watch:", True),
        ("Lihat Video: “Banjir Rendam Dua Kecamatan”", True),
        ("Tonton video itu, kata dia, sudah dilihat jutaan orang sejak Senin.", False),
        ("Video yang beredar memperlihatkan antrean panjang di depan pasar.", False),
        ("Simak videonya", False),
    ],
)
def test_a_video_prompt_is_the_whole_line_only(text: str, prompt: bool) -> None:
    assert clean.is_video_prompt(text) is prompt


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Artikel ini telah naik di detikBali dan bisa dibaca selengkapnya di sini.", "detikBali"),
        ('Baca artikel detiknews, "Banjir Rendam Dua Kecamatan" selengkapnya https://news.detik.com/x', "detiknews"),
        ("(Antara)", "Antara"),
        ("(ANTARA/AFP)", "Antara, AFP"),
        ("(Humas Polda)", None),
        ("Baca artikel lain tentang banjir di kanal kami.", None),
    ],
)
def test_syndication_footers_and_agency_lines_name_the_source(text: str, source: str | None) -> None:
    result = clean_paragraphs([Paragraph(P1), Paragraph(text), Paragraph(P2)])
    expected_body = [P1, P2] if source else [P1, text, P2]
    assert (result.paragraphs, result.credits.get("source")) == (expected_body, source)


def test_interface_and_newsletter_lines_and_a_source_mark_go() -> None:
    paragraphs = [
        Paragraph(P1),
        Paragraph("Scroll untuk melanjutkan"),
        Paragraph("Daftar sekarang untuk newsletter mingguan kami dan dapatkan ringkasan berita setiap Senin."),
        Paragraph("Daftar nama penerima bantuan diumumkan di balai desa pada Senin."),
        Paragraph("Demikian disampaikan Kepala Dinas Sosial, pungkasnya.[sc]", 4),
    ]
    assert clean_paragraphs(paragraphs).paragraphs == [
        P1,
        "Daftar nama penerima bantuan diumumkan di balai desa pada Senin.",
        "Demikian disampaikan Kepala Dinas Sosial, pungkasnya.",
    ]


def test_a_promotional_box_goes_whole_and_a_box_of_prose_stays() -> None:
    body = page(
        f"<div id='c'><p>{P1}</p>"
        "<div class='app'><div class='l'><p>4+</p></div><div class='i'><div>Kabar Kota: Berita Terpercaya</div>"
        "<div>Semua Berita Dalam Satu Genggaman</div></div><div class='r'><div>Dapatkan Aplikasi</div></div></div>"
        f"<div class='v'><h3>Video Rekomendasi</h3><div class='player'></div></div>"
        f"<div><p>{P2}</p><p>Ikuti kami di Google News</p></div></div>"
    )
    container = body.find(".//div[@id='c']")
    assert [p.text for p in read_paragraphs(container)] == [P1, P2, "Ikuti kami di Google News"]
    assert clean_paragraphs(read_paragraphs(container)).paragraphs == [P1, P2]


def test_the_content_finder_leaves_out_a_rating_widget_and_a_captioned_picture_box() -> None:
    found = content.main_content(
        page(
            f"<div class='text'><p>{P1}</p><p>{P2}</p>"
            "<div class='pic'><img src='a.jpg'>Kepala desa meninjau tanggul yang jebol bersama warga pada Senin pagi."
            f" (Foto: Dok. Desa)</div><p>{P3}</p><p>{P4}</p>"
            "<div class='vote_galeri'><div class='star'><div>Rating ( voters)</div></div>"
            "<div class='satu'><strong>Vote Photo</strong></div></div></div>"
        )
    )
    assert [p.text for p in found.paragraphs] == [P1, P2, P3, P4]
    assert found.dropped == [
        (
            "picture and caption",
            "Kepala desa meninjau tanggul yang jebol bersama warga pada Senin pagi. (Foto: Dok. Desa)",
        ),
        ("widget", "Rating ( voters)"),
        ("widget", "Vote Photo"),
    ]


def test_a_heading_of_other_articles_ends_the_article_only_before_their_headlines() -> None:
    heading = Paragraph("Terkini", heading=True)
    links = [Paragraph("Harga Cabai di Pasar Induk Naik Lagi", 36), Paragraph("Kapal Motor Kandas di Selat", 27)]
    # Under the heading, prose among credit and ad lines (more of them than prose): the closing paragraphs.
    lines = [Paragraph("Editor: Rudi Hartono"), Paragraph("ADVERTISEMENT"), Paragraph("Tags: banjir, tanggul")]
    before_prose = clean_paragraphs(
        [Paragraph(P1), Paragraph(P2), heading, Paragraph(P3), *lines, Paragraph(P4)], trim_tail=True
    )
    before_links = clean_paragraphs([Paragraph(P1), Paragraph(P2), heading, *links, Paragraph(P3)], trim_tail=True)
    assert (before_prose.paragraphs, before_prose.credits, before_links.paragraphs) == (
        [P1, P2, P3, P4],
        {"editor": "Rudi Hartono", "tags": "banjir, tanggul"},  # the "Tags:" line feeds the tags (i22)
        [P1, P2],
    )


def test_an_instagram_post_in_a_merdeka_body_is_left_out_on_the_profile_path() -> None:
    # The m.merdeka.com embed code as the unseen merdeka__m-sate-lalat-pamekasan-2021 page carries it (text ours).
    raw, expected = golden("merdeka/article.json")
    post = (
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/x/"><div><a href="#">'
        "<div>Lihat postingan ini di Instagram</div></a><p><a href='#'>Sebuah kiriman dibagikan oleh Akun Contoh"
        "</a></p></div></blockquote>"
    )
    page_with_post = raw.replace(
        b'<div class="mdk-body-paragraph">', b'<div class="mdk-body-paragraph">' + post.encode(), 1
    )
    article = parse_html(page_with_post, expected["url"])
    assert (article.extractor, article.to_dict()) == ("profile:merdeka", expected)


def test_a_box_of_steps_that_starts_with_an_app_is_the_article() -> None:
    body = page(
        f"<div id='c'><p>{P1}</p><div class='box'><p>Cara mendaftar:</p>"
        "<p>Unduh aplikasi PeduliDesa di Play Store</p><p>Masukkan nomor induk kependudukan</p></div></div>"
    )
    container = body.find(".//div[@id='c']")
    assert [p.text for p in read_paragraphs(container)] == [
        P1,
        "Cara mendaftar:",
        "Unduh aplikasi PeduliDesa di Play Store",
        "Masukkan nomor induk kependudukan",
    ]
