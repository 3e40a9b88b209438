"""Table tests for the shared cleaning rules and the paragraph reader."""

from __future__ import annotations

import pytest
from lxml import etree

from beritascrape.extract import clean
from beritascrape.extract.body import Paragraph, clean_paragraphs, read_paragraphs
from beritascrape.sites.base import compile_simple


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Baca Juga: 11 Orang Diduga Kuat Terinfeksi", True),
        ("Baca juga: Harga cabai naik", True),
        ("BACA JUGA : Harga cabai naik", True),
        ("Simak juga: Video banjir", True),
        ("Lihat juga: Foto-foto", True),
        ("Baca selengkapnya di sini", True),
        ("Baca juga", True),
        ("Warga membaca juga koran pagi", False),
        ("Bacaan juga penting", False),
        ("Ia juga membaca buku", False),
    ],
)
def test_read_also_table(text: str, expected: bool) -> None:
    assert clean.is_read_also(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Editor: M Bayu Pratama", clean.Credit("editor", "M Bayu Pratama")),
        ("Sumber: Pemkot Bekasi", clean.Credit("source", "Pemkot Bekasi")),
        ("Penulis: Rina", clean.Credit("authors", "Rina")),
        ("Reporter : Budi", clean.Credit("authors", "Budi")),
        ("Pewarta: Ani", clean.Credit("authors", "Ani")),
        ("Redaktur: Joko", clean.Credit("editor", "Joko")),
        ("Redaksi: Tim", clean.Credit("editor", "Tim")),
        ("Penyunting: Sari", clean.Credit("editor", "Sari")),
        ("Editor mengatakan bahwa banjir surut", None),
        ("Sumber: " + "x" * 200, None),
    ],
)
def test_credit_line_table(text: str, expected: clean.Credit | None) -> None:
    assert clean.credits_of(text) == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reporter: Budi Santoso | Editor: Sari Dewi", [("authors", "Budi Santoso"), ("editor", "Sari Dewi")]),
        ("Penulis: Ani | Sumber: Antara", [("authors", "Ani"), ("source", "Antara")]),
        ("Harga naik | Editor: Sari", []),
    ],
)
def test_joined_credit_lines(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.field, c.value) for c in clean.credits_of(text)] == expected


@pytest.mark.parametrize(
    ("line", "sign_off"),
    [
        ("(red)", True),
        ("(mdk/ank)", True),
        ("(kpl/pur/tch)", True),
        ("(Z-2)", True),
        ("(1998)", False),
        ("(AS)", False),
        ("(Baca selengkapnya)", False),
    ],
)
def test_sign_off_table(line: str, sign_off: bool) -> None:
    assert clean.is_sign_off(line) is sign_off


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kata dia di Jakarta. (kpl/pur/tch)", "Kata dia di Jakarta."),
        ("Harga naik 10 persen (Z-2)", "Harga naik 10 persen"),
        ("Presiden Amerika Serikat (AS)", "Presiden Amerika Serikat (AS)"),
    ],
)
def test_sign_off_glued_to_the_last_paragraph(text: str, expected: str) -> None:
    assert clean.strip_sign_off(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ADVERTISEMENT", True),
        ("SCROLL TO CONTINUE WITH CONTENT", True),
        ("Iklan", True),
        ("Tags", True),
        ("Terkini", True),
        ("Terpopuler", True),
        ("Artikel Terkait", True),
        ("BERITA LAINNYA", True),
        ("Load More", True),
        ("FOTO TERKAIT", True),
        ("SHARE:", True),
        ("Komentar", True),
        ("Terkini, warga mulai kembali ke rumah", False),
        ("Iklan rokok dilarang di sekolah", False),
    ],
)
def test_boilerplate_table(text: str, expected: bool) -> None:
    assert clean.is_boilerplate(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yang sudah dibuat.***", "yang sudah dibuat."),
        ("yang sudah dibuat. ***  ", "yang sudah dibuat."),
        ("***", ""),
        ("bintang *** di tengah", "bintang *** di tengah"),
    ],
)
def test_end_mark_table(text: str, expected: str) -> None:
    assert clean.strip_end_mark(text) == expected


def test_clean_paragraphs_drops_insertions_and_collects_credits() -> None:
    paras = [
        Paragraph("PIKIRAN RAKYAT - Kalimat pertama."),
        Paragraph("Baca Juga: Judul Lain", 11),
        Paragraph("Baca juga:"),
        Paragraph("Judul yang ditautkan", 20),
        Paragraph("Kalimat kedua dengan tautan.", 6),
        Paragraph("Foto bersama warga /Dok."),
        Paragraph("ADVERTISEMENT"),
        Paragraph("Editor: Sari"),
        Paragraph("Sumber: Humas"),
        Paragraph("Kalimat terakhir.***"),
    ]
    result = clean_paragraphs(paras, captions=["Foto bersama warga /Dok."])
    assert result.paragraphs == [
        "PIKIRAN RAKYAT - Kalimat pertama.",
        "Kalimat kedua dengan tautan.",
        "Kalimat terakhir.",
    ]
    assert result.credits == {"editor": "Sari", "source": "Humas"}


def test_read_paragraphs_splits_blocks_skips_scripts_and_keeps_tails() -> None:
    html = (
        "<article><p>Satu <a href='/t'>dua</a>&nbsp;tiga.</p><center><script>googletag()</script>"
        "<div class='ads'>IKLAN</div></center> ekor teks<p>Empat<br>lima</p><div id='div-gpt-ad-1'>x</div>"
        "<style>p{}</style><p>\u200bEnam</p></article>"
    )
    doc = etree.fromstring(html, etree.HTMLParser())
    container = doc.find(".//article")
    skip_center = compile_simple("center")
    assert [p.text for p in read_paragraphs(container, skip_center)] == [
        "Satu dua tiga.",
        "ekor teks",
        "Empat",
        "lima",
        "x",
        "Enam",
    ]
    first = read_paragraphs(container)[0]
    assert (first.text, first.link_chars) == ("Satu dua tiga.", 3)


@pytest.mark.parametrize("rule", ["span.ad", ".ad"])
def test_removal_rules_reach_inline_elements_inside_paragraphs(rule: str) -> None:
    html = (
        "<div><p>Harga <span class='ad'>IKLAN</span>naik <a href='/x'>lagi</a>.</p>"
        "<p>Dua <b><a>tautan</a></b>.</p></div>"
    )
    container = etree.fromstring(html, etree.HTMLParser()).find(".//div")
    paragraphs = read_paragraphs(container, compile_simple(rule))
    assert [(p.text, p.link_chars) for p in paragraphs] == [("Harga naik lagi.", 4), ("Dua tautan.", 6)]


@pytest.mark.parametrize(
    ("selector", "html", "matches"),
    [
        ("center", "<center/>", True),
        ("div.ads", "<div class='mt3 ads'/>", True),
        ("div.ads", "<div class='ads__box'/>", False),
        (".photo", "<figure class='photo'/>", True),
        ("[id^='div-gpt-ad']", "<div id='div-gpt-ad-top'/>", True),
        ("[id^='div-gpt-ad']", "<div id='x-div-gpt-ad'/>", False),
        ("a[href*='/tag/']", "<a href='https://x/tag/y'/>", True),
        ("p[data-x='1']", "<p data-x='2'/>", False),
    ],
)
def test_simple_selector_table(selector: str, html: str, matches: bool) -> None:
    el = etree.fromstring(html)
    assert compile_simple(selector)(el) is matches


def test_simple_selector_refuses_combinators() -> None:
    with pytest.raises(ValueError, match="no combinators"):
        compile_simple("div .ads")
