"""URL discovery against real HTTP servers on 127.0.0.1: sitemaps, feeds, index pages and crawl sources."""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from beritascrape.discover import (
    Discovered,
    _site_key,
    canonicalize_url,
    discover,
    guess_kind,
    sources_for,
)
from beritascrape.errors import BeritaError, BlockedAddress, DiscoveryError, HTTPStatusError, InputError
from beritascrape.fetch.http import FetchConfig, Fetcher
from beritascrape.sites.base import SiteProfile
from beritascrape.sites.prmn import PROFILE as PRMN
from httpserver import Response, TestServer, serve

FIXTURES = Path(__file__).parent / "fixtures" / "discover"
CONFIG = FetchConfig(allow_private=True, retries=0)
XML = {"Content-Type": "application/xml; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT_XML = {"Content-Type": "text/xml"}
ATOM = {"Content-Type": "application/atom+xml"}
W = "https://www.warta.example"
WARTA = SiteProfile(
    name="warta",
    label="Warta Contoh",
    domains=("warta.example",),
    article_url=r"/\d{6}/",
    index_next=("a.indeks__more",),
)
Row = tuple[str, str | None, str, str]


def fixture(name: str, srv: TestServer) -> str:
    """A fixture file with its SERVER placeholder pointing at the test server."""
    return (FIXTURES / name).read_text(encoding="utf-8").replace("SERVER", f"127.0.0.1:{srv.port}")


def rows(found: list[Discovered], srv: TestServer) -> list[Row]:
    """Records as tuples, dates in ISO 8601 (so the offset is compared too) and `via` relative to the server.

    The date is the publication date, else "lastmod DATE" (a sitemap's lastmod is no publication date).
    """
    return [(d.url, _date(d), d.via.replace(srv.base_url, ""), d.kind) for d in found]


def _date(d: Discovered) -> str | None:
    if d.published_at is not None:
        return d.published_at.isoformat()
    return f"lastmod {d.modified_at.isoformat()}" if d.modified_at is not None else None


def run(url: str, kind: str, **kwargs: Any) -> tuple[list[Discovered], list[str]]:
    errors: list[str] = []
    with Fetcher(CONFIG) as fetcher:
        found = list(discover(url, kind, fetcher, on_error=errors.append, **kwargs))
    return found, errors


def collect(found: list[Discovered], records: Iterator[Discovered]) -> None:
    """Drain a discovery into `found`, so a test can see what came before an exception."""
    for record in records:
        found.append(record)


@pytest.fixture
def site() -> Iterator[TestServer]:
    """A news site with a sitemap index (news sitemap, monthly urlsets, one gzipped), feeds and an index."""
    with serve() as srv:
        srv.route("/sitemap.xml", Response(200, fixture("sitemap-index.xml", srv), XML))
        srv.route("/sitemap-news.xml", Response(200, fixture("sitemap-news.xml", srv), XML))
        srv.route("/sitemap-2024-05.xml", Response(200, fixture("urlset-2024-05.xml", srv), TEXT_XML))
        packed = gzip.compress(fixture("urlset-2024-04.xml", srv).encode())
        srv.route("/sitemap-2024-04.xml.gz", Response(200, packed, {"Content-Type": "application/x-gzip"}))
        srv.route("/sitemap-2023-01.xml", Response(200, fixture("urlset-2023-01.xml", srv), XML))
        srv.route("/rss", Response(200, fixture("rss.xml", srv), {"Content-Type": "application/rss+xml"}))
        srv.route("/atom/ekonomi.xml", Response(200, fixture("atom.xml", srv), ATOM))
        srv.route("/indeks", Response(200, fixture("index-p1.html", srv), HTML))
        srv.route("/indeks?page=2", Response(200, fixture("index-p2.html", srv), HTML))
        srv.route("/indeks?page=3", Response(200, fixture("index-p3.html", srv), HTML))
        yield srv


NEWS: list[Row] = [
    (f"{W}/nasional/2024/05/02/101112/banjir-rob-surut-warga-pesisir-kembali-ke-rumah", "2024-05-02T10:15:00+07:00",
     "/sitemap-news.xml", "sitemap"),
    (f"{W}/daerah/2024/05/02/101105/pasar-murah-digelar-di-alun-alun-kota", "2024-05-02T01:45:00+00:00",
     "/sitemap-news.xml", "sitemap"),
    (f"{W}/olahraga/2024/05/01/101098/tim-voli-putri-lolos-ke-final", "2024-05-01T20:30:00+08:00",
     "/sitemap-news.xml", "sitemap"),
]  # fmt: skip
MAY: list[Row] = [
    (f"{W}/ekonomi/2024/05/01/101090/harga-cabai-turun-menjelang-panen-raya", "lastmod 2024-05-01T16:20:00+07:00",
     "/sitemap-2024-05.xml", "sitemap"),
    (f"{W}/nasional/2024/05/01/101071/jembatan-gantung-baru-diresmikan", "lastmod 2024-05-01T00:00:00+07:00",
     "/sitemap-2024-05.xml", "sitemap"),
    (f"{W}/tentang-kami", None, "/sitemap-2024-05.xml", "sitemap"),
]  # fmt: skip
APRIL: list[Row] = [
    (f"{W}/daerah/2024/04/30/100987/festival-layang-layang-pantai-selatan", "lastmod 2024-04-30T21:05:00+07:00",
     "/sitemap-2024-04.xml.gz", "sitemap"),
    (f"{W}/daerah/2024/04/12/100512/sekolah-darurat-dibangun-di-lereng-bukit", "lastmod 2024-04-12T08:00:00+07:00",
     "/sitemap-2024-04.xml.gz", "sitemap"),
]  # fmt: skip
OLD: list[Row] = [
    (f"{W}/nasional/2023/01/15/090001/arsip-lama-yang-tidak-berubah", "lastmod 2023-01-15T10:00:00+07:00",
     "/sitemap-2023-01.xml", "sitemap"),
]  # fmt: skip


# --- canonical URLs and kinds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://WWW.Pikiran-Rakyat.COM:443/nasional/pr-01234567/judul?page=2&utm_source=fb#baca",
            "https://www.pikiran-rakyat.com/nasional/pr-01234567/judul?page=2",
        ),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a?b=1&fbclid=x&gclid=y", "http://example.com:8080/a?b=1"),
        ("https://x.example/a?UTM_Medium=x&id=5&mc_cid=1&mc_eid=2&_ga=3&ref=home&amp", "https://x.example/a?id=5"),
        ("https://x.example/a?amp=1", "https://x.example/a"),
        ("https://news.detik.com/berita/d-1234567/judul?tagfrom=framebar&tag_from=wp_nhl_1",
         "https://news.detik.com/berita/d-1234567/judul"),
        ("https://www.liputan6.com/news/read/4924667/judul?medium=Headline&campaign=Headline_click_1&source=search",
         "https://www.liputan6.com/news/read/4924667/judul"),
        ("https://x.example/cari?q=banjir%20rob&utm_source=x&utm_campaign=y", "https://x.example/cari?q=banjir%20rob"),
        ("https://x.example/a?utm%5Fsource=x&gclid=1", "https://x.example/a"),
        ("  https://x.example/Berita/ABC#top  ", "https://x.example/Berita/ABC"),
        ("http://[::1]:80/a?", "http://[::1]/a"),
        ("https://x.example/a?page=3&page=3", "https://x.example/a?page=3&page=3"),
    ],
)  # fmt: skip
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonicalize_url_rejects_a_malformed_url() -> None:
    with pytest.raises(InputError) as info:
        canonicalize_url("http://x.example:99999/a")
    assert str(info.value) == "malformed URL: http://x.example:99999/a"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.x.example/sitemap.xml", "sitemap"),
        ("https://www.x.example/sitemap_index.xml", "sitemap"),
        ("https://www.x.example/sitemap.xml?page=2", "sitemap"),
        ("https://www.x.example/sitemaps/2024-05.xml.gz", "sitemap"),
        ("https://www.x.example/sitemap-news", "sitemap"),
        ("https://www.x.example/rss", "feed"),
        ("https://www.x.example/feed/", "feed"),
        ("https://www.x.example/rss.xml", "feed"),
        ("https://www.x.example/atom/ekonomi.xml", "feed"),
        ("https://www.x.example/berita/feedback-pembaca", "index"),
        ("https://news.detik.com/indeks", "index"),
        ("https://www.x.example/", "index"),
    ],
)
def test_guess_kind(url: str, kind: str) -> None:
    assert guess_kind(url) == kind


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("news.detik.com", "detik.com"),
        ("www.viva.co.id", "viva.co.id"),
        ("viva.co.id", "viva.co.id"),
        ("zonajakarta.pikiran-rakyat.com", "pikiran-rakyat.com"),
        ("WWW.Tempo.CO", "tempo.co"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
    ],
)
def test_site_key(host: str, key: str) -> None:
    assert _site_key(host) == key


# --- sitemaps ---------------------------------------------------------------------------------------------------


def test_sitemap_index_yields_every_child_newest_first(site: TestServer) -> None:
    found, errors = run(site.url("/sitemap.xml"), "sitemap")
    # The undated news sitemap first, then children by lastmod (the index lists them oldest first).
    assert rows(found, site) == NEWS + MAY + APRIL + OLD
    assert errors == [f"{site.base_url}/sitemap-2024-05.xml: skipped 1 entry without an http(s) URL"]
    # "#again" is the May sitemap once more: fetched once.
    assert site.paths() == [
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap-2024-05.xml",
        "/sitemap-2024-04.xml.gz",
        "/sitemap-2023-01.xml",
    ]


def test_sitemap_since_until_skips_old_children_and_filters_dates(site: TestServer) -> None:
    wib = timezone(timedelta(hours=7))
    since, until = datetime(2024, 5, 1, 12, 0, tzinfo=wib), datetime(2024, 5, 2, 10, 0, tzinfo=wib)
    found, _ = run(site.url("/sitemap.xml"), "sitemap", since=since, until=until)
    assert rows(found, site) == [NEWS[1], NEWS[2], MAY[0], MAY[2]]
    assert site.paths() == ["/robots.txt", "/sitemap.xml", "/sitemap-news.xml", "/sitemap-2024-05.xml"]


def test_profile_keeps_only_its_article_urls(site: TestServer) -> None:
    found, _ = run(site.url("/sitemap-2024-05.xml"), "sitemap", profile=WARTA)
    assert rows(found, site) == MAY[:2]


def test_broken_children_are_reported_and_siblings_still_yield(site: TestServer) -> None:
    may = fixture("urlset-2024-05.xml", site)
    truncated = may[: may.index("</url>") + len("</url>") + 20]
    site.route("/sitemap-news.xml", Response(404, "tidak ada", {"Content-Type": "text/plain"}))
    site.route("/sitemap-2024-05.xml", Response(200, truncated, XML))
    site.route("/sitemap-2024-04.xml.gz", Response(200, "<html><body>Maaf</body></html>", HTML))
    found, errors = run(site.url("/sitemap.xml"), "sitemap")
    # A truncated sitemap yields the entries it completed before it broke.
    assert rows(found, site) == MAY[:1] + OLD
    base = site.base_url
    assert errors[0] == f"HTTP 404 for {base}/sitemap-news.xml"
    assert re.fullmatch(rf"{re.escape(base)}/sitemap-2024-05\.xml is not a valid sitemap: .+", errors[1])
    assert errors[2:] == [f"{base}/sitemap-2024-04.xml.gz is an HTML page, not a sitemap"]


def test_nested_indexes_stop_at_the_depth_limit_and_loops_end() -> None:
    def index(*children: str) -> str:
        items = "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children)
        return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'

    with serve() as srv:
        for n in range(5):
            # Each index lists itself (a loop) and the next one down.
            srv.route(f"/idx{n}.xml", Response(200, index(srv.url(f"/idx{n}.xml"), srv.url(f"/idx{n + 1}.xml")), XML))
        found, errors = run(srv.url("/idx0.xml"), "sitemap")
    assert found == []
    assert errors == [f"{srv.url('/idx4.xml')}: skipped, sitemap indexes nested deeper than 3 levels"]
    assert srv.paths() == ["/robots.txt", "/idx0.xml", "/idx1.xml", "/idx2.xml", "/idx3.xml"]


def test_zip_bomb_is_cut_at_the_decompressed_cap() -> None:
    head = fixture("urlset-2023-01.xml", srv=_NoServer()).replace("</urlset>\n", "")
    # 51 MiB of comments (no parser events, no text node limit) packed into about 100 KiB.
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    comment = b"<!--" + b"x" * 1017 + b"-->"
    bomb = packer.compress(head.encode()) + b"".join(packer.compress(comment) for _ in range(52224))
    bomb += packer.compress(b"</urlset>") + packer.flush()
    assert len(bomb) < 1024 * 1024
    found: list[Discovered] = []
    # No .gz in the name: gzip is recognised by its magic bytes.
    route = {"/sitemap-bomb.xml": Response(200, bomb, XML)}
    with serve(route) as srv, Fetcher(CONFIG) as fetcher, pytest.raises(DiscoveryError) as info:
        collect(found, discover(srv.url("/sitemap-bomb.xml"), "sitemap", fetcher))
    assert rows(found, srv) == [(*OLD[0][:2], "/sitemap-bomb.xml", "sitemap")]
    assert str(info.value) == f"{srv.url('/sitemap-bomb.xml')} inflates to more than 50 MiB; refused"


class _NoServer:
    """Stands in for a server when a fixture's SERVER placeholder does not matter."""

    port = 0


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (b"\x00\x01\x02 bukan xml", XML, "{url} is not a sitemap, feed or index page (application/xml)"),
        (b"", XML, "{url} is not a sitemap, feed or index page (application/xml)"),
        (b"<!DOCTYPE html><html><body>Beranda</body></html>", HTML, "{url} is an HTML page, not a sitemap"),
        (b"\x1f\x8b\x08\x00 rusak", {"Content-Type": "application/gzip"}, "{url} is not valid gzip data"),
    ],
)
def test_a_source_that_is_not_a_sitemap_raises(body: bytes, headers: dict[str, str], message: str) -> None:
    with serve({"/sitemap.xml": Response(200, body, headers)}) as srv, pytest.raises(DiscoveryError) as info:
        run(srv.url("/sitemap.xml"), "sitemap")
    assert str(info.value).startswith(message.format(url=srv.url("/sitemap.xml")))


def test_malformed_top_level_sitemap_raises_and_yields_nothing() -> None:
    body = '<?xml version="1.0"?><urlset><url><loc>https://www.warta.example/a/123456/satu-dua-tiga</loc>'
    with serve({"/sitemap.xml": Response(200, body, XML)}) as srv, pytest.raises(DiscoveryError) as info:
        run(srv.url("/sitemap.xml"), "sitemap")
    assert re.fullmatch(rf"{re.escape(srv.url('/sitemap.xml'))} is not a valid sitemap: .+", str(info.value))


# --- feeds ------------------------------------------------------------------------------------------------------


def test_rss_feed(site: TestServer) -> None:
    found, errors = run(site.url("/rss"), "feed")
    assert rows(found, site) == [
        (f"{W}/nasional/2024/05/02/101112/banjir-rob-surut-warga-pesisir-kembali-ke-rumah?page=2",
         "2024-05-02T10:15:00+07:00", "/rss", "feed"),
        (f"{W}/daerah/2024/05/02/101105/pasar-murah-digelar-di-alun-alun-kota", "2024-05-02T01:45:00+00:00",
         "/rss", "feed"),
        (f"{W}/olahraga/2024/05/01/101098/tim-voli-putri-lolos-ke-final", "2024-05-01T20:30:00+08:00", "/rss", "feed"),
        (f"{W}/religi/101050/jadwal-salat-wilayah-jakarta", None, "/rss", "feed"),
    ]  # fmt: skip
    assert errors == []


def test_atom_feed_resolves_relative_links(site: TestServer) -> None:
    found, _ = run(site.url("/atom/ekonomi.xml"), "feed")
    assert rows(found, site) == [
        (f"{site.base_url}/ekonomi/2024/05/01/101090/harga-cabai-turun-menjelang-panen-raya",
         "2024-05-01T16:20:00+07:00", "/atom/ekonomi.xml", "feed"),
        (f"{W}/ekonomi/2024/04/29/101030/ekspor-kopi-naik-kuartal-pertama", "2024-04-29T09:10:00+00:00",
         "/atom/ekonomi.xml", "feed"),
    ]  # fmt: skip


def test_feed_window(site: TestServer) -> None:
    since = datetime(2024, 5, 2, 0, 0, tzinfo=timezone(timedelta(hours=7)))
    found, _ = run(site.url("/rss"), "feed", since=since)
    assert [d.url.rsplit("/", 1)[1] for d in found] == [
        "banjir-rob-surut-warga-pesisir-kembali-ke-rumah?page=2",
        "pasar-murah-digelar-di-alun-alun-kota",
        "jadwal-salat-wilayah-jakarta",
    ]


def test_missing_feed_raises(site: TestServer) -> None:
    with pytest.raises(BeritaError) as info:
        run(site.url("/feed-lama"), "feed")
    assert isinstance(info.value, HTTPStatusError)
    assert str(info.value) == f"HTTP 404 for {site.url('/feed-lama')}"


def test_broken_feed_raises() -> None:
    body = "<?xml version='1.0'?><rss version='2.0'><channel><item><title>Judul</ti"
    with (
        serve({"/rss": Response(200, body, {"Content-Type": "application/rss+xml"})}) as srv,
        pytest.raises(DiscoveryError) as info,
    ):
        run(srv.url("/rss"), "feed")
    assert str(info.value).startswith(f"{srv.url('/rss')} is not a valid feed: ")


def test_an_index_source_that_serves_a_feed_is_read_as_one(site: TestServer) -> None:
    site.route("/terkini", Response(200, fixture("rss.xml", site), {"Content-Type": "text/xml"}))
    found, _ = run(site.url("/terkini"), "index")
    assert [(d.via, d.kind) for d in found] == [(site.url("/terkini"), "feed")] * 4


# --- index pages ------------------------------------------------------------------------------------------------


def index_rows(srv: TestServer) -> list[Row]:
    b = srv.base_url
    return [
        (f"{b}/nasional/2024/05/03/101210/gempa-kecil-guncang-selatan-jawa-tidak-berpotensi-tsunami",
         "2024-05-03T09:12:00+07:00", "/indeks", "index"),
        (f"{b}/ekonomi/2024/05/03/101204/nilai-tukar-rupiah-menguat-tipis-pagi-ini", "2024-05-03T08:40:00+07:00",
         "/indeks", "index"),
        (f"{b}/daerah/2024/05/03/101199/warga-gotong-royong-bersihkan-saluran-air", "2024-05-03T07:55:00+08:00",
         "/indeks", "index"),
        (f"{b}/opini/101150/menjaga-pesisir-dari-abrasi-bersama-warga", None, "/indeks", "index"),
        (f"{b}/nasional/2024/05/02/101131/sekolah-rakyat-dibuka-di-tiga-kecamatan", "2024-05-02T11:30:00+07:00",
         "/indeks?page=2", "index"),
        (f"{b}/daerah/2024/05/02/101117/jalan-provinsi-rusak-diperbaiki-bulan-depan", "2024-05-02T09:00:00+07:00",
         "/indeks?page=2", "index"),
        (f"{b}/ekonomi/2024/05/01/101090/harga-cabai-turun-menjelang-panen-raya", "2024-05-01T16:20:00+07:00",
         "/indeks?page=3", "index"),
        (f"{b}/nasional/2024/05/01/101071/jembatan-gantung-baru-diresmikan", "2024-05-01T10:05:00+07:00",
         "/indeks?page=3", "index"),
    ]  # fmt: skip


def test_index_pages_are_walked_by_rel_next_and_next_text(site: TestServer) -> None:
    found, errors = run(site.url("/indeks"), "index")
    assert rows(found, site) == index_rows(site)
    assert errors == []
    # p1 -> p2 by <link rel=next>, p2 -> p3 by "Selanjutnya ›"; p3 has only a link the generic rules do not follow.
    assert site.paths() == ["/robots.txt", "/indeks", "/indeks?page=2", "/indeks?page=3"]


def wordpress_index(number: int, last: int) -> str:
    """A WordPress-like index page: dated permalinks, a postname permalink, and the links around them."""
    first = (number - 1) * 10 + 1
    items = "".join(
        f'<article><h2><a href="/2024/08/berita-nomor-{n}/">Berita nomor {n}</a></h2></article>'
        for n in range(first, first + 10)
    )
    more = f'<a href="/indeks/{number + 1}/">Selanjutnya</a>' if number < last else ""
    return (
        "<html><body><nav><a href='/'>Beranda</a> <a href='/category/berita-daerah/'>Berita Daerah</a> "
        "<a href='/tag/banjir-bandang/'>banjir bandang</a> <a href='/2024/08/'>Agustus 2024</a> "
        "<a href='/2024/08/page/2/'>2</a> <a href='/2024/08/feed/'>RSS</a> <a href='/tentang-kami/'>Tentang</a> "
        "<a href='/pedoman-media-siber/'>Pedoman</a> <a href='/author/budi-santoso/'>Budi</a></nav>"
        f"<main>{items}<p><a href='/gubernur-resmikan-jembatan-gantung-baru-di-cikawung/'>Jembatan</a></p>"
        f"{more}</main></body></html>"
    )


def test_an_index_of_wordpress_permalinks_lists_its_articles_only() -> None:
    routes = {f"/indeks/{n}/": Response(200, wordpress_index(n, 2), HTML) for n in (1, 2)}
    with serve(routes) as srv:
        found, errors = run(srv.url("/indeks/1/"), "index")
    postname = srv.url("/gubernur-resmikan-jembatan-gantung-baru-di-cikawung/")
    assert [d.url for d in found] == [
        *(srv.url(f"/2024/08/berita-nomor-{n}/") for n in range(1, 11)),
        postname,
        *(srv.url(f"/2024/08/berita-nomor-{n}/") for n in range(11, 21)),
    ]
    assert errors == []


def test_links_a_profiles_pattern_turns_away_are_counted() -> None:
    from beritascrape.discover import Unmatched

    routes = {"/indeks/1/": Response(200, wordpress_index(1, 1), HTML)}
    with serve(routes) as srv, Fetcher(CONFIG) as fetcher:
        unmatched = Unmatched()
        found = list(discover(srv.url("/indeks/1/"), "index", fetcher, profile=PRMN, unmatched=unmatched))
    # Every link on the page's site: 9 in the nav (the home page too), 10 headlines, the postname one.
    assert (found, unmatched) == ([], Unmatched(20, "prmn", r"/pr-\d+/"))


@pytest.mark.parametrize(
    ("path", "article"),
    [
        ("/2024/08/berita-nomor-20/", True),
        ("/2024/04/irigasi-cikawung/", True),
        ("/2024/08/05/berita-nomor-20/", True),
        ("/gubernur-resmikan-jembatan-baru-di-kota/", True),
        ("/2024/08/", False),
        ("/2024/08/05/", False),
        ("/2024/08/page/2/", False),
        ("/2024/08/feed/", False),
        ("/berita/2024/08/", False),
        ("/category/2024/08/berita-daerah/", False),
        ("/kanal/2024/08/ekonomi-bisnis/", False),
        ("/tag/banjir-bandang/", False),
        ("/tentang-kami/", False),
        ("/pedoman-media-siber/", False),
        ("/info/hak-jawab-dan-koreksi-berita", False),
        ("/kuis/tts/94/tts-teka-teki-santuy-ep-65-edisi-makanan-bergizi", False),
    ],
)
def test_which_links_without_an_id_count_as_articles(path: str, article: bool) -> None:
    from beritascrape.discover.urls import looks_like_article

    assert looks_like_article("https://kabar.example" + path) is article


def test_index_walk_stops_at_max_index_pages(site: TestServer) -> None:
    found, _ = run(site.url("/indeks"), "index", max_index_pages=2)
    assert rows(found, site) == index_rows(site)[:6]
    assert site.paths() == ["/robots.txt", "/indeks", "/indeks?page=2"]


def test_index_walk_stops_once_a_page_is_older_than_since(site: TestServer) -> None:
    since = datetime(2024, 5, 2, 12, 0, tzinfo=timezone(timedelta(hours=7)))
    found, _ = run(site.url("/indeks"), "index", since=since)
    assert rows(found, site) == index_rows(site)[:4]
    assert site.paths() == ["/robots.txt", "/indeks", "/indeks?page=2"]


def test_profile_next_selector_and_a_failing_page(site: TestServer) -> None:
    site.route("/indeks?page=4", Response(404, "tidak ada", {"Content-Type": "text/plain"}))
    found, errors = run(site.url("/indeks"), "index", profile=WARTA)
    assert rows(found, site) == index_rows(site)
    assert errors == [f"HTTP 404 for {site.url('/indeks?page=4')}"]
    assert site.paths()[-1] == "/indeks?page=4"


def test_article_links_among_tag_category_and_photo_links() -> None:
    with serve() as srv:
        srv.route("/", Response(200, fixture("mixed.html", srv), HTML))
        found, errors = run(srv.url("/"), "index", max_index_pages=1)
    b = srv.base_url
    assert rows(found, srv) == [
        (f"{b}/nasional/2024/05/03/101210/gempa-kecil-guncang-selatan-jawa-tidak-berpotensi-tsunami",
         "2024-05-03T09:12:00+07:00", "/", "index"),
        (f"{b}/berita/d-7123456/petani-garam-panen-lebih-awal-tahun-ini", "2024-05-03T08:10:00+07:00", "/", "index"),
        (f"{b}/peristiwa/warga-desa-membangun-jembatan-bambu-secara-swadaya.html", None, "/", "index"),
        (f"{b}/daerah/2024/05/03/101199/warga-gotong-royong-bersihkan-saluran-air", None, "/", "index"),
        (f"{b}/ekonomi/2024/05/02/101140/harga-beras-stabil-jelang-akhir-pekan?page=2", None, "/", "index"),
    ]  # fmt: skip
    assert errors == []


def test_prmn_index_page_with_its_profile() -> None:
    page = (Path(__file__).parent / "fixtures" / "prmn" / "index.html").read_bytes()
    # max_index_pages=1: the page's "Selanjutnya" points at the real site, which a test never fetches.
    with serve({"/terkini": Response(200, page, HTML)}) as srv:
        found, errors = run(srv.url("/terkini"), "index", profile=PRMN, max_index_pages=1)
    pr = "https://www.pikiran-rakyat.com"
    expected = [
        ("/bandung-raya/pr-01356912/pengerjaan-trotoar-di-jalan-dago-ditargetkan-rampung-akhir-bulan", "12:48"),
        ("/nasional/pr-01356907/kuota-internet-pelajar-kembali-disalurkan-mulai-pekan-depan", "12:31"),
        ("/jawa-barat/pr-01356899/hujan-deras-tebing-setinggi-10-meter-di-garut-longsor-ke-permukiman", "12:10"),
        ("/gaya-hidup/pr-01356891/tiga-cara-sederhana-menjaga-kesegaran-sayur-di-kulkas", "11:54"),
        ("/bandung-raya/pr-01356884/pasar-kreatif-akhir-pekan-di-cihapit-kembali-digelar", "11:37"),
        ("/olahraga/pr-01356876/atlet-panjat-tebing-jawa-barat-jalani-seleksi-tahap-akhir", "11:20"),
        ("/jawa-barat/pr-01356861/produksi-teh-di-perkebunan-pangalengan-turun-akibat-cuaca", "11:02"),
        ("/nasional/pr-01356850/jadwal-kereta-jarak-jauh-disesuaikan-selama-perbaikan-jalur", "10:45"),
        ("/bandung-raya/pr-01356789/warga-sukapada-sulap-lahan-tidur-jadi-kebun-sayur", "10:22"),
        ("/gaya-hidup/pr-01356770/mengenal-kombucha-minuman-fermentasi-yang-sedang-digemari", "10:09"),
        ("/jawa-barat/pr-01356761/dua-jembatan-darurat-dibangun-di-perbatasan-sumedang-dan-subang", "09:51"),
        ("/bandung-raya/pr-01356745/perpustakaan-keliling-kembali-sambangi-sekolah-di-pinggiran-kota", "09:30"),
        # Terpopuler: no date beside the links
        ("/bandung-raya/pr-01356702/jadwal-pemadaman-listrik-di-bandung-raya-hari-ini-cek-wilayah-terdampak", None),
        ("/jawa-barat/pr-01355411/bus-sekolah-gratis-kembali-beroperasi-simak-rute-dan-jadwalnya", None),
        ("/jawa-barat/pr-01355422/ramalan-cuaca-jawa-barat-besok-hujan-ringan-di-sebagian-wilayah", None),
    ]
    assert rows(found, srv) == [
        (pr + path, f"2021-06-14T{hhmm}:00+07:00" if hhmm else None, "/terkini", "index") for path, hhmm in expected
    ]
    assert errors == []


# --- crawl sources and arguments --------------------------------------------------------------------------------


def test_sources_for_a_family_and_host_reads_robots_sitemaps() -> None:
    robots = "User-agent: *\nDisallow: /cari\n\nSitemap: {base}/sitemap.xml\nSitemap: /sitemap-news.xml\n"
    with serve() as srv:
        srv.route("/robots.txt", Response(200, robots.format(base=srv.base_url), {"Content-Type": "text/plain"}))
        with Fetcher(CONFIG) as fetcher:
            sources = sources_for(f"prmn:{srv.base_url}", fetcher)
    # PRMN's own /sitemap.xml is the robots.txt one again: listed once.
    assert sources == [
        (srv.url("/sitemap.xml"), "sitemap"),
        (srv.url("/sitemap-news.xml"), "sitemap"),
        (srv.url("/rss"), "feed"),
    ]


def test_sources_for_without_robots_txt_uses_the_profile() -> None:
    with serve() as srv, Fetcher(CONFIG) as fetcher:
        sources = sources_for(f" prmn:{srv.base_url}/ ", fetcher)
    assert sources == [(srv.url("/sitemap.xml"), "sitemap"), (srv.url("/rss"), "feed")]


def test_sources_for_a_url_is_that_url() -> None:
    with Fetcher(CONFIG) as fetcher:
        assert sources_for("https://news.detik.com/indeks", fetcher) == [("https://news.detik.com/indeks", "index")]
        assert sources_for("https://x.example/rss.xml", fetcher) == [("https://x.example/rss.xml", "feed")]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("prmn", "site family 'prmn' needs a host: write prmn:HOST, e.g. prmn:www.example.com"),
        ("no:x.id", "unknown site family 'no' in crawl source 'no:x.id' (`beritascrape sites` lists them)"),
        ("prmn:x.example/a", "crawl source 'prmn:x.example/a' must name a host (or a URL to read as it is)"),
        ("prmn:", "crawl source 'prmn:' must name a host (or a URL to read as it is)"),
        ("  ", "empty crawl source"),
        ("ftp://x.example/y", "unsupported URL scheme 'ftp' in crawl source 'ftp://x.example/y' (only http and https)"),
        ("http:///berita", "malformed host in crawl source 'http:///berita'"),
        ("prmn:bad host", "malformed host in crawl source 'prmn:bad host'"),
    ],
)  # fmt: skip
def test_sources_for_refuses_unusable_sources(source: str, message: str) -> None:
    with Fetcher(CONFIG) as fetcher, pytest.raises(InputError) as info:
        sources_for(source, fetcher)
    assert str(info.value) == message


def test_discover_checks_its_arguments() -> None:
    with Fetcher(CONFIG) as fetcher:
        with pytest.raises(InputError) as kind:
            next(discover("https://x.example/", "halaman", fetcher))
        with pytest.raises(InputError) as naive:
            next(discover("https://x.example/", "index", fetcher, since=datetime(2024, 5, 1)))
    assert str(kind.value) == "unknown source kind 'halaman' (expected one of sitemap, feed, index)"
    assert str(naive.value) == "since must be a time-zone aware datetime"


def test_a_typed_source_is_fetched_as_given_and_what_it_lists_is_guarded(site: TestServer) -> None:
    guarded = FetchConfig(retries=0)  # no allow_private: 127.0.0.1 is refused unless the user typed it
    robots = f"User-agent: *\nSitemap: {site.url('/sitemap.xml')}\n"
    site.route("/robots.txt", Response(200, robots, {"Content-Type": "text/plain"}))
    errors: list[str] = []
    with Fetcher(guarded) as fetcher:
        assert sources_for(f"prmn:{site.base_url}", fetcher) == [
            (site.url("/sitemap.xml"), "sitemap"),
            (site.url("/rss"), "feed"),
        ]
        found = list(discover(site.url("/sitemap.xml"), "sitemap", fetcher, on_error=errors.append, user_given=True))
        with pytest.raises(BlockedAddress) as refused:
            next(discover(site.url("/rss"), "feed", fetcher))
    assert found == []
    children = ["/sitemap-news.xml", "/sitemap-2024-05.xml", "/sitemap-2024-04.xml.gz", "/sitemap-2023-01.xml"]
    why = "points at a private or local address (127.0.0.1); refused without --allow-private"
    assert errors == [f"{site.url(c)} {why}" for c in children]
    assert str(refused.value) == f"{site.url('/rss')} {why}"


def test_an_index_source_that_is_not_html_raises() -> None:
    route = {"/indeks": Response(200, '{"berita": []}', {"Content-Type": "application/json"})}
    with serve(route) as srv, pytest.raises(DiscoveryError) as info:
        run(srv.url("/indeks"), "index")
    assert str(info.value) == f"{srv.url('/indeks')} is not a sitemap, feed or index page (application/json)"
