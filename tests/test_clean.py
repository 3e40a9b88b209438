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
        ("EDITOR CHOICE", None),  # a list's heading (Blogger sidebars), not "Editor: Choice"
        ("Editor's Picks", None),
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
        # A second label and its colon ends the first credit, whatever the separator before it.
        ("Penulis: Andi Pratama / Editor: Rudi Hartono", [("authors", "Andi Pratama"), ("editor", "Rudi Hartono")]),
        ("Penulis : Andi Pratama - Editor : Rudi Hartono", [("authors", "Andi Pratama"), ("editor", "Rudi Hartono")]),
        ("Penulis: Andi Pratama, Editor: Rudi Hartono", [("authors", "Andi Pratama"), ("editor", "Rudi Hartono")]),
        ("Penulis: Andi, Budi dan Citra", [("authors", "Andi, Budi dan Citra")]),
        # A date or clock after the name is never part of it.
        ("Penulis: Dewi Anggraini Sabtu, 28 November 2026 10:00 WIB", [("authors", "Dewi Anggraini")]),
        ("Editor: Bambang Hartono 28/11/2026 10:00", [("editor", "Bambang Hartono")]),
        ("Editor: Budi Rabuan", [("editor", "Budi Rabuan")]),
        # In brackets at the article's end.
        ("(Penulis: Andi Wijaya / Editor: Rina Kusuma)", [("authors", "Andi Wijaya"), ("editor", "Rina Kusuma")]),
        ("[Editor: Rina Kusuma]", [("editor", "Rina Kusuma")]),
        ("(Foto: dok. warga)", []),
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
        # Alone on its line, initials in any case sign the article off (Okezone 2021 "(DRM)", detik "(mea/mea)").
        ("(AS)", True),
        ("(DRM)", True),
        ("(mea/mea)", True),
        ("(Baca selengkapnya)", False),
        ("(2/3)", False),
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
        ("Hak itu dijamin undang-undang. (DRM)", "Hak itu dijamin undang-undang."),
        ('"Kami siap," ujarnya. (FAS/ant)', '"Kami siap," ujarnya.'),
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


# Classes of boilerplate, each caught by a mechanism rather than a learnt string; wordings below are ours, of the
# shapes seen on detik, Kompas and Okezone pages of 2021-2022 (../shared/corpus) and on English news sites.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dapatkan update berita pilihan setiap hari dari Warta.id. Gabung di Grup Telegram kami.", True),
        ("Ikuti kami di Google News untuk kabar terbaru.", True),
        ("Yuk, download aplikasi Kabar Kita di Play Store!", True),
        ("Follow us on Instagram for more stories.", True),
        ("Sign up for our free morning briefing.", True),
        ("Jangan lupa subscribe channel YouTube kami.", True),
        ("Pengguna bisa download aplikasi itu di Play Store mulai pekan depan.", False),
        ("Ikuti perkembangan harga beras, kata Menteri Perdagangan.", False),
        ("Warga diminta mengunduh aplikasi PeduliLindungi sebelum masuk mal.", False),
    ],
)
def test_promotion_is_an_imperative_with_a_channel_word(text: str, expected: bool) -> None:
    assert clean.is_promotion(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SCROLL TO RESUME CONTENT", True),
        ("TOTAL SHARE", True),
        ("KLIK DI SINI", True),
        ("LOAD MORE", True),
        ("RING I", False),  # a list heading in capitals names no control
        ("JAKARTA -", False),
        ("DINI TEJA", False),
        ("Scroll to continue", False),
    ],
)
def test_interface_strings_in_capitals(text: str, expected: bool) -> None:
    assert clean.is_ui_caps(text) is expected


@pytest.mark.parametrize(
    ("text", "placeholder", "stripped"),
    [
        ("[Gambas:Video 20detik]", True, ""),
        ("[embed]", True, "[embed]"),
        ("Polisi masih mendalami kasus itu. [Gambas:Instagram]", False, "Polisi masih mendalami kasus itu."),
        ("Harga naik [sic] kemarin.", False, "Harga naik [sic] kemarin."),
    ],
)
def test_bracket_placeholders(text: str, placeholder: bool, stripped: str) -> None:
    assert (clean.is_placeholder(text), clean.strip_placeholders(text)) == (placeholder, stripped)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Foto: Dok. Humas Pemkot", True),
        ("Ilustrasi: warga antre minyak goreng", True),
        ("Wali Kota meninjau lokasi banjir. /Foto: Antara", True),
        ("Petugas memeriksa kendaraan. (ANTARA FOTO/Budi Santoso)", True),
        ("Foto-foto itu beredar di media sosial sejak Senin.", False),
    ],
)
def test_caption_lines(text: str, expected: bool) -> None:
    assert clean.is_caption_line(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Penulis Tria Sutrisna | Editor Irfan Maullana", [("authors", "Tria Sutrisna"), ("editor", "Irfan Maullana")]),
        ("Laporan wartawan Tribun, Budi Santoso", [("authors", "Budi Santoso")]),
        ("Laporan Wartawan Tribun Jabar, Budi Santoso", [("authors", "Budi Santoso")]),
        ("Laporan wartawan Kabar Pesisir Online, Andi Pratama", [("authors", "Andi Pratama")]),
        ("Ditulis oleh: Ani Rahma", [("authors", "Ani Rahma")]),
        ("Sumber Daya Alam", []),
        ("Editor majalah itu berkata lain", []),
    ],
)
def test_labelled_credits_with_or_without_a_colon(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.field, c.value) for c in clean.credits_of(text)] == expected


def test_syndication_note_names_the_source() -> None:
    text = 'Artikel ini telah tayang di Kompas.com dengan judul "Harga Cabai Naik".'
    assert clean.syndicated_source(text) == "Kompas.com"


def test_links_to_elsewhere_go_whatever_their_label() -> None:
    paragraphs = [
        Paragraph("Jakarta - Polisi masih mendalami kasus itu hingga Senin malam."),
        Paragraph("Terungkap! Cekcok Pemotor di Jaksel Dipicu Salip-salipan", 56),  # related headline, no label
        Paragraph("#Banjir", 7),
        Paragraph("pria berpistol cekcok di jalan viral", 36),  # keyword links
        Paragraph("Artikel selanjutnya"),
        Paragraph("Peristiwa itu terjadi pada Rabu malam. (mea/mea)"),
    ]
    assert clean_paragraphs(paragraphs).paragraphs == [
        "Jakarta - Polisi masih mendalami kasus itu hingga Senin malam.",
        "Peristiwa itu terjadi pada Rabu malam.",
    ]


def test_plain_prose_never_passes_a_line_that_a_rule_would_drop_or_change() -> None:
    import random

    from beritascrape.extract import clean as c

    rng = random.Random(18)
    pieces = [
        "Baca juga", "Editor", "editor:", "Penulis", "Sumber: ", "Foto: Antara", "(red)", "[embed]", "Dapatkan",
        "Telegram", "Copyright", "Artikel ini telah tayang di", "Kompas.com", "Jurnalis", "Budi", "Santoso", "kata",
        "dia", ".", ",", ":", "/", "(", ")", "|", "-", "***", "Tags", "ANTARA FOTO", " ", " ", " ", "\n", "\u00a0",
        "Iklan", "Ilustrasi", "Oleh", "Reporter", "dan", "Jakarta", "warga", "2021",
        "Simak Video", '"', "Antara", "(Antara)", "Baca artikel detiknews", "selengkapnya",
    ]  # fmt: skip
    passed = 0
    for _ in range(60_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        if not c.plain_prose(text):
            continue
        passed += 1
        assert not (
            c.is_read_also(text) or c.credits_of(text) or c.syndicated_source(text) or c.is_boilerplate(text)
            or c.is_sign_off(text) or c.is_placeholder(text) or c.is_promotion(text) or c.is_caption_line(text)
            or c.is_legal_line(text) or c.is_video_prompt(text) or c.agency_line(text)
        ), text  # fmt: skip
        assert c.strip_placeholders(c.strip_end_mark(text)) == text, text
    assert passed > 10_000  # the fast path is taken, not only refused


def test_squash_agrees_with_split_and_join_on_every_kind_of_space() -> None:
    from beritascrape.extract import text as t

    def reference(value: str) -> str:
        return " ".join(value.translate(t._INVISIBLE).split())

    odd = [chr(c) for c in (*range(0x21), 0x7F, 0x85, 0xA0, 0xAD, 0x1680, *range(0x2000, 0x2030), 0x205F, 0x3000)]
    for c in [*odd, chr(0xFEFF), "x", "é"]:
        for value in (f"a{c}b", c, f"a{c}", f"{c}a", f"a {c}b", f"a{c}{c}b"):
            assert t.squash(value) == reference(value), repr(value)


def test_read_also_in_its_forms_and_a_sentence_that_only_starts_like_one() -> None:
    sentence = "Baca juga buku panduan evakuasi yang dibagikan dinas kepada setiap rumah tangga, kata Kepala BPBD."
    paras = [
        Paragraph(
            "Petugas memeriksa tanggul sejak pagi. Perbaikan diharapkan cepat selesai. "
            "Baca juga: Pasar Garut Terbakar Lagi"
        ),
        Paragraph(sentence),
        Paragraph("Artikel Terkait: Banjir Rendam Dayeuhkolot", 35),
        Paragraph("» Baca juga: Jembatan Putus di Ciamis «", 30),
        Paragraph("Bacajuga: Warga Mengungsi ke Masjid", 28),
        Paragraph("Baca juga Pemkot Bekasi Luncurkan Aplikasi Baru"),
        Paragraph("Warga berharap bantuan segera datang."),
    ]
    assert clean_paragraphs(paras).paragraphs == [
        "Petugas memeriksa tanggul sejak pagi. Perbaikan diharapkan cepat selesai.",
        sentence,
        "Warga berharap bantuan segera datang.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kabar selebriti", True),
        ("Piala AFF 2020", True),
        ("More Tag", False),  # the show-more control closing a KLY tag list
        ("VIDEO LAINNYA", False),
        ("Lihat Semua Tag", False),
        ("Video Merdeka", True),
        ("VIDEO: Syarat Lolos CPNS 2021, Hasil Tes Harus Anti Radikalisme", False),  # another video's headline
        ("Harga cabai naik lagi.", False),
    ],
)
def test_a_tag_is_a_short_label(text: str, expected: bool) -> None:
    assert clean.is_tag(text) is expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["abu vulkanik", "gunung rinjani", "bandara lombok", "berita terkini", "berita Indonesia", "portal Indonesia"],
         ["abu vulkanik", "gunung rinjani", "bandara lombok"]),
        (["Media", "Literasi Media", "KPI"], ["Media", "Literasi Media", "KPI"]),
        (["media online", "berita hari ini", "berita terbaru", "berita politik", "peristiwa", "kriminal"], []),
    ],
)  # fmt: skip
def test_keywords_of_the_site_itself_are_not_tags(items: list[str], expected: list[str]) -> None:
    assert clean.site_keywords(items) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tags: solar, nelayan, Makassar", ["solar", "nelayan", "Makassar"]),
        ("Topik: banjir", ["banjir"]),
        ("Tags: ini adalah kalimat panjang yang bukan daftar tag sama sekali", []),
        ("Tagihan listrik naik", []),
    ],
)
def test_a_tags_line_lists_tags(text: str, expected: list[str]) -> None:
    assert clean.tag_line(text) == expected
