"""Pages no site profile handles (extract/generic.py) and page kinds (extract/kind.py)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from beritascrape import parse_html
from beritascrape.cli import cli
from beritascrape.errors import NotAnArticle
from beritascrape.extract import generic, kind
from beritascrape.extract.body import Paragraph
from beritascrape.extract.metadata import collect_evidence

FIXTURES = Path(__file__).parent / "fixtures"
GENERIC = FIXTURES / "generic"


def load(name: str) -> tuple[bytes, dict]:
    path = GENERIC / name
    return path.with_suffix(".html").read_bytes(), json.loads(path.with_suffix(".json").read_text("utf-8"))


def doc_of(html: str) -> etree._Element:
    return etree.fromstring(html.encode("utf-8"), etree.HTMLParser())


# -- the generic path --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["wordpress", "read-also", "english", "gallery", "video"])
def test_unknown_sites_take_the_generic_path(name: str) -> None:
    raw, expected = load(name)
    article = parse_html(raw, expected["url"])
    assert article.extractor == "generic"
    assert article.to_dict() == expected


def test_wordpress_page_keeps_prose_and_drops_comments_related_posts_and_read_also() -> None:
    raw, expected = load("wordpress")
    article = parse_html(raw, expected["url"])
    assert len(article.paragraphs) == 8
    assert article.paragraphs[5] == "Dicek setiap bulan"  # a subheading of the article stays
    for leak in (
        "Baca juga",
        "Banjir Citanduy Rendam Ratusan Hektare Sawah",  # the inline read-also headline
        "Artikel Terkait",
        "Jalan Desa Sukaraja",  # a related post
        "Alhamdulillah",  # a reader's comment
        "Tinggalkan Balasan",
        "Bagikan",
        "Berita Terbaru",
        "Lomba Agustusan",  # sidebar and post navigation
        "Warga melintasi jembatan",  # the photo caption
    ):
        assert leak not in article.body, leak
    assert article.authors == ("Yayan Supriatna",)  # JSON-LD Person, not meta author (the site's name)


def test_read_also_box_credit_lines_and_sign_off_never_reach_the_body() -> None:
    raw, expected = load("read-also")
    article = parse_html(raw, expected["url"])
    for leak in (
        "Baca Juga",
        "Baca juga",
        "Harga Bawang Merah Stabil",
        "Pasar Cikurubuk Akan Direvitalisasi",
        "ADVERTISEMENT",
        "SCROLL TO CONTINUE WITH CONTENT",
        "Redaksi",
        "(red)",
        "BERITA LAINNYA",
        "Terpopuler",
        "Penulis",
        "Pedagang menata cabai",  # the photo caption
    ):
        assert leak not in article.body, leak
    assert article.editor == "Agus Salim Nurjaman"  # from the "Redaksi:" line
    # No metadata names the writer or the date: the line under the headline does.
    assert article.authors == ("Rosita Handayani",)
    assert article.to_dict()["published_at"] == "2023-03-16T10:45:00+07:00"
    assert article.paragraphs[0].startswith("TASIKMALAYA – Harga cabai rawit merah")
    assert article.paragraphs[-1] == (
        "Pemerintah daerah meminta pedagang tidak menimbun stok dan mengimbau warga membeli secukupnya."
    )


def test_english_page_keeps_its_language_and_two_writers() -> None:
    raw, expected = load("english")
    article = parse_html(raw, expected["url"])
    assert (article.language, article.authors) == ("en", ("Maria Sitorus", "Daniel Hutapea"))
    for leak in ("Advertisement", "Sign up", "Share this article", "Read more", "Most read", "Passengers board"):
        assert leak not in article.body, leak


def test_heuristic_container_is_the_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    raw, expected = load("english")
    monkeypatch.setattr(generic, "main_text", lambda doc, url=None: [])
    article = parse_html(raw, expected["url"])
    paragraphs = [p for p in expected["body"].split("\n\n") if p]
    # The old heuristic reads the densest container whole; the newsletter box inside it goes as a promotion.
    assert article.paragraphs == paragraphs


def test_profile_pages_never_run_the_generic_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(doc: etree._Element, url: str | None = None) -> list[Paragraph]:
        raise AssertionError("the generic path ran for a profile page")

    monkeypatch.setattr(generic, "main_text", refuse)
    expected = json.loads((FIXTURES / "prmn" / "single.json").read_text("utf-8"))
    article = parse_html((FIXTURES / "prmn" / "single.html").read_bytes(), expected["url"])
    assert article.extractor == "profile:prmn"


def test_trafilatura_xml_is_split_at_blocks_and_line_breaks_with_link_text_counted() -> None:
    body = etree.fromstring(
        "<body><p>Satu dua <hi>tiga</hi>.</p><head>Sub judul</head><p>Baris satu<lb/>baris dua</p>"
        "<p><ref target='x'>Judul tautan panjang</ref></p><list><item>Butir A</item><item>Butir B</item></list></body>"
    )
    assert generic.paragraphs_of(body) == [
        Paragraph("Satu dua tiga."),
        Paragraph("Sub judul"),
        Paragraph("Baris satu"),
        Paragraph("baris dua"),
        Paragraph("Judul tautan panjang", 20),
        Paragraph("Butir A"),
        Paragraph("Butir B"),
    ]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Penulis: Rosita Handayani | Kamis, 16 Maret 2023 - 10:45 WIB", ["Rosita Handayani"]),
        ("Diterbitkan 14 Agustus 2024 oleh Yayan Supriatna", ["Yayan Supriatna"]),
        ("By Ann Lee on 5 March 2024", ["Ann Lee"]),
        ("Reporter : Budi Santoso - 10:45 WIB", ["Budi Santoso"]),
        ("Kamis, 16 Maret 2023 - 10:45 WIB", []),
        ("Foto oleh warga setempat", []),
    ],
)
def test_visible_byline(line: str, names: list[str]) -> None:
    doc = doc_of(f"<html><body><div><h1>Judul</h1><p>{line}</p><p>Satu.</p><p>Dua.</p></div></body></html>")
    assert generic.visible_byline(doc) == names


def test_a_lead_sentence_is_no_byline_or_date_line() -> None:
    lead = "Hal itu disampaikan oleh Menteri Agama di Jakarta, Senin (5/3/2024)."
    doc = doc_of(f"<html><body><div><h1>Judul</h1><p>{lead}</p><p>Satu.</p><p>Dua.</p></div></body></html>")
    assert generic.meta_lines(doc) == []
    assert generic.visible_byline(doc) == []


# -- page kinds --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title", "words", "types", "expected"),
    [
        ("https://m.merdeka.com/foto/artis/1319392/x.html", None, 500, (), "gallery"),
        ("http://finance.detik.com/readfoto/2016/02/23/153201/3149106/461/1/x", None, 500, (), "gallery"),
        ("http://photo.liputan6.com/musik/x-2437247", None, 500, (), "gallery"),
        ("https://m.merdeka.com/video/peristiwa/x.html", None, 500, (), "video"),
        ("https://example.id/berita/x", "FOTO: Sesuatu", 40, (), "gallery"),
        ("https://example.id/berita/x", "FOTO: Sesuatu", 400, (), None),  # a photo-rich article with real text
        ("https://example.id/berita/x", "VIDEO : Sesuatu", 40, (), "video"),
        ("https://example.id/berita/x", None, 40, ("videoobject",), "video"),
        ("https://example.id/berita/fotografer-muda", "Fotografer Muda", 40, (), None),
    ],
)
def test_media_kind(url: str, title: str | None, words: int, types: tuple[str, ...], expected: str | None) -> None:
    assert kind.media_kind(url, title, words, types) == expected


HEADLINES = "".join(
    f"<li><a href='/berita/{i}'>Judul berita nomor {i} tentang kejadian di kota</a></li>" for i in range(10)
)


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        # A home page: og:type website and a list of headlines.
        (
            f"<html><head><meta property='og:type' content='website'></head><body><ul>{HEADLINES}</ul></body></html>",
            "https://example.id/",
            True,
        ),
        # og:type article on a home page (merdeka, detik, kompas do it): the root URL and the headlines decide.
        (
            f"<html><head><meta property='og:type' content='article'></head><body><ul>{HEADLINES}</ul></body></html>",
            "https://example.id/",
            True,
        ),
        (f"<html><body><ul>{HEADLINES}</ul></body></html>", "https://example.id/tag/banjir", True),
        (
            '<html><head><script type="application/ld+json">{"@type": "ItemList"}</script></head><body></body></html>',
            "https://example.id/kumpulan",
            True,
        ),
        # An "about" page on the root: few links, so neither index nor article.
        ("<html><body><h1>Tentang Kami</h1><p>Kami komunitas warga.</p></body></html>", "https://example.id/", False),
        # An article's own JSON-LD wins over everything.
        (
            f'<html><head><script type="application/ld+json">{{"@type": "NewsArticle"}}</script></head>'
            f"<body><ul>{HEADLINES}</ul></body></html>",
            "https://example.id/",
            False,
        ),
        # No claims at all, but nearly all of the page is headline links.
        (f"<html><body><ul>{HEADLINES}</ul></body></html>", None, True),
        # og:type article, but no publication time and no article URL: a CMS's default, the page claims nothing
        # and its headline links decide (kompas__homepage-2017.html, saved without its URL).
        (
            f"<html><head><meta property='og:type' content='article'></head><body><ul>{HEADLINES}</ul></body></html>",
            None,
            True,
        ),
        (
            f"<html><head><meta property='og:type' content='article'></head><body><ul>{HEADLINES}</ul></body></html>",
            "https://example.id/index_generator",
            True,
        ),
        # A publication time makes og:type article a claim: links alone do not make it an index.
        (
            f"<html><head><meta property='og:type' content='article'>"
            f"<meta property='article:published_time' content='2024-01-15T10:00:00+07:00'></head>"
            f"<body><ul>{HEADLINES}</ul></body></html>",
            None,
            False,
        ),
        # Links alone do not make an article page (og:type article, an article URL) an index.
        (
            f"<html><head><meta property='og:type' content='article'></head><body><ul>{HEADLINES}</ul></body></html>",
            "https://example.id/berita/2024/01/x",
            False,
        ),
    ],
)
def test_is_index(html: str, url: str | None, expected: bool) -> None:
    doc = doc_of(html)
    assert kind.is_index(doc, collect_evidence(doc), url) is expected


def test_a_profile_article_url_pattern_marks_an_article_unless_the_page_calls_itself_a_website() -> None:
    url, pattern = "https://example.id/x/pr-0123/judul", r"/pr-\d+/"
    doc = doc_of(f"<html><body><ul>{HEADLINES}</ul></body></html>")
    assert kind.is_index(doc, collect_evidence(doc), url) is True
    assert kind.is_index(doc, collect_evidence(doc), url, pattern) is False
    # liputan6__homepage-desktop.html: a home page saved under an article's URL.
    doc = doc_of(
        f"<html><head><meta property='og:type' content='website'></head><body><ul>{HEADLINES}</ul></body></html>"
    )
    assert kind.is_index(doc, collect_evidence(doc), url, pattern) is True


def test_index_page_raises_not_an_article_with_its_kind() -> None:
    with pytest.raises(NotAnArticle) as err:
        parse_html((FIXTURES / "prmn" / "index.html").read_bytes(), "https://www.pikiran-rakyat.com/")
    assert err.value.kind == "index"
    with pytest.raises(NotAnArticle) as err:
        parse_html((FIXTURES / "misc" / "garbage.html").read_bytes(), "https://x.test/")
    assert err.value.kind == "other"


def test_parse_says_index_page_in_one_line() -> None:
    result = CliRunner().invoke(
        cli, ["parse", str(FIXTURES / "prmn" / "index.html"), "--url", "https://www.pikiran-rakyat.com/"]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"error: {FIXTURES / 'prmn' / 'index.html'}: index or home page, not an article\n"


def test_scrape_never_archives_an_index_page(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    index = str(FIXTURES / "prmn" / "index.html")
    gallery = str(GENERIC / "gallery.html")
    result = CliRunner().invoke(cli, ["scrape", "-q", "--db", str(db), index, gallery])
    assert result.exit_code == 1
    assert result.stderr == f"error: {index}: index or home page, not an article\n"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT title, kind FROM articles").fetchall() == [
            ("FOTO: Festival Layang-Layang Pantai Pangandaran Diikuti Peserta dari Lima Negara", "gallery")
        ]
        assert conn.execute("SELECT url, message FROM failures").fetchall() == [
            (index, "index or home page, not an article")
        ]
    conn.close()


def test_a_late_utf8_declaration_still_reads_the_text_before_it_as_utf8() -> None:
    # A non-ASCII <title> before <meta charset="utf-8"> (as on a large English news site): libxml2 alone reads
    # that title as latin-1.
    prose = "Warga menanam seribu bibit pohon di bantaran sungai, kata Andi, koordinator kegiatan itu. " * 3
    more = "Kafé itu buka setiap sore hingga pukul sepuluh malam, dan pengunjung tidak perlu membayar tiket masuk."
    html = (
        "<html><head><title>‘Kafé’ Dibuka untuk Warga</title><meta charset='utf-8'>"
        "<meta property='og:type' content='article'></head><body><article><h1>‘Kafé’ Dibuka untuk Warga</h1>"
        f"<p>{prose}</p><p>{more}</p></article></body></html>"
    ).encode()
    article = parse_html(html, "https://warta.example/kafe")
    assert (article.title, article.paragraphs) == ("‘Kafé’ Dibuka untuk Warga", [prose.strip(), more])


def test_a_small_index_page_of_six_headlines_with_summaries_is_not_an_article() -> None:
    items = "".join(
        f"<li><h2><a href='/berita/2024/06/0{i}/judul-berita-nomor-{i}'>Judul Berita Daerah Nomor {i} Hari Ini</a></h2>"
        f"<p>Ringkasan berita nomor {i} tentang kegiatan warga di kecamatan, ditulis dalam satu kalimat.</p></li>"
        for i in range(1, 7)
    )
    html = (
        "<html><head><title>Indeks Berita - Warta Desa</title><meta property='og:type' content='article'></head>"
        f"<body><h1>Indeks Berita</h1><ul>{items}</ul></body></html>"
    )
    with pytest.raises(NotAnArticle) as err:
        parse_html(html, "https://wartadesa.example/indeks")
    assert (str(err.value), err.value.kind) == ("index or home page, not an article", "index")


def test_a_datalayer_set_up_in_the_body_names_the_credits_of_an_unknown_site() -> None:
    prose = "Warga menanam seribu bibit pohon di bantaran sungai, kata Andi, koordinator kegiatan itu. " * 3
    html = (
        "<html><head><title>Seribu Pohon Ditanam</title><meta property='og:type' content='article'>"
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "author": {"@type": "Person",'
        ' "name": "Sari Dewi"}}</script></head><body>'
        "<script>window.dataLayer = window.dataLayer || []; window.dataLayer.push({'author': 'Budi Santoso',"
        " 'editor': 'Sari Dewi'});</script>"
        f"<article><h1>Seribu Pohon Ditanam di Bantaran Sungai</h1><p>{prose}</p></article></body></html>"
    )
    article = parse_html(html, "https://wartasungai.example/berita/seribu-pohon")
    assert (article.authors, article.editor) == (("Budi Santoso",), "Sari Dewi")


def test_lines_above_the_headline_that_are_not_prose_are_no_body() -> None:
    doc = doc_of("<html><body><h1>Kebun Sayur di Atap Rusun</h1></body></html>")
    lead = "Warga memanen sawi dan kangkung setiap pekan, kata pengelola kebun itu kepada wartawan."
    paragraphs = [
        Paragraph("home"),  # a breadcrumb
        Paragraph("Politics / February 29, 2024"),  # a kicker
        Paragraph(lead),  # prose stays, wherever it is
        Paragraph("Kebun Sayur di Atap Rusun", heading=True),
        Paragraph(lead),
    ]
    assert generic.from_headline(paragraphs, doc) == paragraphs[2:]
    # No headline among the first blocks: the container started lower, nothing is dropped.
    assert generic.from_headline(paragraphs[:2] + paragraphs[4:], doc) == paragraphs[:2] + paragraphs[4:]


def test_a_page_without_h1_takes_the_heading_its_title_holds() -> None:
    # Blogger: no <h1>, the post's title in h3.post-title, the <title> "Blog name: Post title".
    prose = "".join(
        f"<p>Paragraf ke-{n} tentang musyawarah desa yang membahas rencana penggunaan dana desa tahun depan.</p>"
        for n in range(4)
    )
    html = (
        "<html><head><title>Kabar Desa Sukamaju: Musyawarah Desa Bahas Dana Desa</title>"
        '<meta property="article:published_time" content="2026-11-30T09:15:00+07:00"></head><body>'
        '<h2 class="date-header">Senin, 30 November 2026</h2><div class="post hentry">'
        '<h3 class="post-title entry-title">Musyawarah Desa Bahas Dana Desa</h3>'
        f'<div class="post-body entry-content">{prose}</div></div></body></html>'
    )
    article = parse_html(html, "https://kabardesa.blogspot.com/2026/11/musyawarah-desa.html")
    assert (article.title, article.word_count) == ("Musyawarah Desa Bahas Dana Desa", 52)
