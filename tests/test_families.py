"""Site-family quirks the engine handles as profile data, and the multi-page fetch strategies, on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from beritascrape import parse_html
from beritascrape.errors import NotAnArticle
from beritascrape.extract import clean
from beritascrape.extract.pagination import all_pages_url
from beritascrape.fetch.http import FetchConfig, Fetcher
from beritascrape.scrape.article import fetch_article
from beritascrape.sites import find_profile, get_profile
from httpserver import Response, serve

FIXTURES = Path(__file__).parent / "fixtures"
HTML = {"Content-Type": "text/html; charset=utf-8"}
CONFIG = FetchConfig(allow_private=True, retries=0)


def fixture(family: str) -> tuple[bytes, dict]:
    folder = FIXTURES / family
    return (folder / "article.html").read_bytes(), json.loads((folder / "article.json").read_text("utf-8"))


def test_merdeka_wrong_offset_is_read_as_wib_wall_clock() -> None:
    raw, expected = fixture("merdeka")
    assert b'content="2024-10-12T19:20:00-07:00"' in raw
    article = parse_html(raw, expected["url"])
    assert article.to_dict()["published_at"] == "2024-10-12T19:20:00+07:00"
    assert article.to_dict()["updated_at"] == "2024-10-12T21:05:10+07:00"


def test_merdeka_hidden_pages_are_part_of_the_article_and_read_also_runs_go() -> None:
    raw, expected = fixture("merdeka")
    article = parse_html(raw, expected["url"])
    assert article.page_count == 3
    assert (
        article.paragraphs[-1]
        == "Pasar buka setiap Jumat sampai Minggu mulai pukul 17.00 hingga tengah malam, kata Dedi."
    )
    for leak in ("Baca juga", "Festival Layang-Layang", "Jalur Sepeda", "Baca Selanjutnya"):
        assert leak not in article.body


def test_tribun_json_ld_author_is_the_editor_and_the_datalayer_names_the_writer() -> None:
    raw, expected = fixture("tribunnews")
    article = parse_html(raw, expected["url"])
    assert (article.authors, article.editor, article.source) == (("Bayu Anggoro",), "Sri Wahyuni", "TribunSolo.com")
    assert "Harga Gabah" not in article.body  # p.baca
    # With no writer in the dataLayer or on the page, the JSON-LD author (the editor) is still no writer.
    byline = (
        b'<div id="penulis">Penulis: <a href="https://solo.tribunnews.com/penulis/bayu-anggoro">Bayu Anggoro</a></div>'
    )
    stripped = raw.replace(b"'penulis':'Bayu Anggoro'", b"'penulis':''").replace(byline, b"")
    assert stripped.count(b"Bayu") == 0
    article = parse_html(stripped, expected["url"])
    assert (article.authors, article.editor) == ((), "Sri Wahyuni")
    # A labelled credit the reader sees counts even without the profile's byline element.
    visible = raw.replace(b"'penulis':'Bayu Anggoro'", b"'penulis':''").replace(b'<div id="penulis">', b"<div>")
    assert parse_html(visible, expected["url"]).authors == ("Bayu Anggoro",)


def test_tribun_visible_date_without_zone_is_wib() -> None:
    html = (
        "<html><head><meta property='og:type' content='article'></head><body><div id='article'>"
        "<h1 id='arttitle'>Judul</h1><time>Jumat, 9 Oktober 2020 13:52</time>"
        f"<div class='side-article txt-article'><p>{'kata ' * 30}</p></div></div></body></html>"
    )
    article = parse_html(html, "https://jogja.tribunnews.com/2020/10/09/judul")
    assert article.to_dict()["published_at"] == "2020-10-09T13:52:00+07:00"


def test_liputan6_site_name_author_and_publishdate_placeholder_give_nothing() -> None:
    html = (
        "<html><head><meta name='author' content='Liputan6.com'><meta property='og:site_name' content='liputan6.com'>"
        "<meta property='article:published_time' content='[publishdate]'></head><body>"
        f"<div class='article-content-body'><p>{'kata ' * 30}</p></div></body></html>"
    )
    article = parse_html(html, "https://www.liputan6.com/news/read/1/x", require_article=False)
    assert (article.published_at, article.authors) == (None, ())


def test_detik_read_also_table_and_ad_labels_never_reach_the_body() -> None:
    raw, expected = fixture("detik")
    body = parse_html(raw, expected["url"]).body
    for leak in ("Baca juga", "Banjir Rendam", "ADVERTISEMENT", "SCROLL TO CONTINUE", "Tampilkan semua", "Redaksi"):
        assert leak not in body
    assert body.startswith("Cianjur - Puluhan warga")


@pytest.mark.parametrize(
    ("family", "leaks"),
    [
        ("kly", ("Relawan Angkut", "Load More", "SCROLL TO CONTINUE", "Lanjutkan Membaca", "Scroll down", "More Tag")),
        ("antara", ("BERITA LAINNYA", "Redaksi", "COPYRIGHT", "Editor")),
        ("republika", ("FOTO TERKAIT", "Redaktur", "Red:")),
        ("kapanlagi", ("Jangan Lewatkan", "Konser Amal", "Festival Jazz")),
        ("okezone", ("Baca Juga", "Kacamata")),
        ("viva", ("TERKAIT", "BACA ARTIKEL", "Tweet", "Foto karya", "PT.")),
    ],
)
def test_family_boilerplate_is_dropped(family: str, leaks: tuple[str, ...]) -> None:
    raw, expected = fixture(family)
    body = parse_html(raw, expected["url"]).body
    assert [leak for leak in leaks if leak in body] == []


def test_fingerprint_precheck_skips_profiles_whose_class_names_are_absent() -> None:
    raw, _ = fixture("tribunnews")
    tribun = get_profile("tribunnews")
    assert tribun is not None
    assert tribun.fingerprint_names[:2] == (frozenset({"side-article", "txt-article"}), frozenset({"arttitle"}))
    assert tribun.may_match({"side-article", "txt-article", "arttitle", "baca", "tagcloud3"})
    assert not tribun.may_match({"side-article", "txt-article", "read__content"})
    doc = etree.fromstring(raw, etree.HTMLParser())
    assert find_profile("http://127.0.0.1/x", doc) is tribun


def test_all_pages_url_replaces_the_page_parameter() -> None:
    assert all_pages_url("https://a.test/read/1/x?page=2&utm=z#top", "page=all", "page") == (
        "https://a.test/read/1/x?utm=z&page=all"
    )


KOMPAS = "/read/2024/05/02/08300021/perpustakaan-keliling"


def test_kompas_split_article_is_fetched_once_through_page_all() -> None:
    raw, _ = fixture("kompas")
    whole = raw.replace(b'</div></div>\n<div class="paging">', b"<p>Halaman dua ada di sini.</p></div></div>\n<div>")
    routes = {KOMPAS: Response(200, raw, HTML), KOMPAS + "?page=all": Response(200, whole, HTML)}
    with serve(routes) as srv, Fetcher(CONFIG) as fetcher:
        article, pages = fetch_article(fetcher, srv.url(KOMPAS + "?page=2"))
        assert [p.final_url for p in pages] == [srv.url(KOMPAS + "?page=2"), srv.url(KOMPAS + "?page=all")]
        assert article.url == srv.url(KOMPAS + "?page=2")
    assert article.extractor == "profile:kompas"
    assert article.paragraphs[-1] == "Halaman dua ada di sini."
    assert article.page_count == 2


TRIBUN = "/2024/03/05/warga-karanganyar"


def test_tribun_split_article_is_fetched_page_by_page() -> None:
    raw, _ = fixture("tribunnews")
    second = raw.replace(b"Menurut dia, saluran", b"Di halaman kedua, saluran").replace(b'id="pagecurrent" ', b"")
    routes = {TRIBUN: Response(200, raw, HTML), TRIBUN + "?page=2": Response(200, second, HTML)}
    with serve(routes) as srv, Fetcher(CONFIG) as fetcher:
        article, pages = fetch_article(fetcher, srv.url(TRIBUN))
    assert len(pages) == 2 and article.page_count == 2
    assert article.paragraphs[3].startswith("Menurut dia, saluran")
    assert article.paragraphs[-1].startswith("Di halaman kedua, saluran")


def test_merdeka_inline_pages_are_not_fetched_again() -> None:
    raw, _ = fixture("merdeka")
    with serve({"/jabar/pasar.html": Response(200, raw, HTML)}) as srv, Fetcher(CONFIG) as fetcher:
        article, pages = fetch_article(fetcher, srv.url("/jabar/pasar.html"))
        assert [path for path in srv.paths() if path != "/robots.txt"] == ["/jabar/pasar.html"]
    assert len(pages) == 1 and article.page_count == 3
    assert "Buka Sampai Tengah Malam" in article.body


def test_photo_page_without_text_is_not_an_article() -> None:
    html = (
        "<html><head><meta property='og:type' content='article'></head><body>"
        "<div class='mdk-body-paragraph'><p>Foto</p></div></body></html>"
    )
    with pytest.raises(NotAnArticle):
        parse_html(html, "https://m.merdeka.com/foto/artis/1/x.html")


def test_tempo_closing_capitals_are_the_writer_and_an_agency_is_the_source() -> None:
    raw, expected = fixture("tempo")
    article = parse_html(raw, expected["url"])
    assert (article.authors, article.source) == (("Riana Dewi",), None)
    assert "RIANA DEWI" not in article.body
    agency = raw.replace(b"<p>RIANA DEWI</p>", b"<p>ANTARA</p>")
    article = parse_html(agency, expected["url"])
    assert (article.authors, article.source) == ((), "Antara")


def test_kapanlagi_metadata_prefix_and_description_words_in_keywords() -> None:
    raw, expected = fixture("kapanlagi")
    article = parse_html(raw, expected["url"])
    assert article.title == "Band Indie Asal Malang Rilis Album Kedua"  # og:title starts "KapanLagi.com: "
    assert article.tags == ()  # meta keywords are the description's words


def test_utf8_bytes_win_over_a_stale_latin1_declaration() -> None:
    raw, expected = fixture("kapanlagi")
    stale = raw.replace(
        b'<meta charset="utf-8">', b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    )
    assert b"iso-8859-1" in stale
    assert parse_html(stale, expected["url"]).captions[0] == "Personel band saat jumpa pers/©KapanLagi.com/Rudi Hartono"


def test_republika_red_line_is_the_editor() -> None:
    raw, expected = fixture("republika")
    assert parse_html(raw, expected["url"]).editor == "Hasanul Rizqa"


@pytest.mark.parametrize(
    ("text", "read_also", "boilerplate", "credit"),
    [
        ("JANGAN LEWATKAN!!!", True, False, None),
        ("Jangan Lewatkan", True, False, None),
        ("Lanjutkan Membaca ↓", False, True, None),
        ("Scroll down untuk melanjutkan membaca", False, True, None),
        ("Saksikan Video Pilihan di Bawah Ini:", False, True, None),
        ("FOTO TERKAIT:", False, True, None),
        ("BACA ARTIKEL MENARIK LAINNYA", False, True, None),
        ("Red: Yudha Putra", False, False, ("editor", "Yudha Putra")),
        ("Redaktur : Amin Madani", False, False, ("editor", "Amin Madani")),
        ("Redaksi: Desk Jawa Barat", False, False, ("editor", "Desk Jawa Barat")),
        ("Reduksi emisi: target baru pemerintah", False, False, None),
    ],
)
def test_shared_cleaning_table_entries(
    text: str, read_also: bool, boilerplate: bool, credit: tuple[str, str] | None
) -> None:
    found = clean.credits_of(text)
    assert (clean.is_read_also(text), clean.is_boilerplate(text)) == (read_also, boilerplate)
    assert ((found[0].field, found[0].value) if found else None) == credit


DETIK = "/berita/d-7100001/jembatan-gantung"


def test_detik_long_nav_article_is_fetched_whole_through_single() -> None:
    raw, _ = fixture("detik")
    whole = raw.replace(b"<p><strong>(ands/idn)</strong></p>", b"<p>Warga juga menanam bambu di tepi sungai.</p>")
    routes = {DETIK: Response(200, raw, HTML), DETIK + "?single=1": Response(200, whole, HTML)}
    with serve(routes) as srv, Fetcher(CONFIG) as fetcher:
        article, pages = fetch_article(fetcher, srv.url(DETIK))
        assert [p.final_url for p in pages] == [srv.url(DETIK), srv.url(DETIK + "?single=1")]
    assert (article.extractor, article.page_count) == ("profile:detik", 2)
    assert article.paragraphs[-1] == "Warga juga menanam bambu di tepi sungai."


def test_kompas_headline_list_pager_is_not_the_article_s_pages() -> None:
    # Kompas puts the pager of its "Terkini" headline list in the article's markup, in the same classes as the
    # article's own page links (real page: kompas__megapolitan-covid-tangsel-2021, line 2981). Its page 2 is the
    # index's, on another host: a one-page article stays one page, a two-page one two.
    raw = (FIXTURES / "kompas" / "article.html").read_text("utf-8")
    index_pager = (
        '<div class="paging"><div class="paging__wrap clearfix">'
        '<a class="paging__link paging__link--active" href="javascript:void(0)">1</a>'
        + "".join(
            f'<a class="paging__link" href="https://indeks.kompas.com?site=megapolitan&amp;page={n}">{n}</a>'
            for n in range(2, 6)
        )
        + "</div></div>"
    )
    with_list = raw.replace('<ul class="tag__article__wrap">', index_pager + '<ul class="tag__article__wrap">')
    assert parse_html(with_list).page_count == 2
    start = with_list.index('<div class="paging"><div class="paging__wrap clearfix">\n')
    one_page = with_list[:start] + with_list[with_list.index("</div></div>", start) + len("</div></div>") :]
    assert parse_html(one_page).page_count == 1
