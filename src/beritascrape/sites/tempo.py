"""Tempo (tempo.co and its channels, en.tempo.co).

Real pages in ../shared/corpus/pages, 2015 layouts:
- tempo__anpandu-singlepage.html (gaya.tempo.co, 2015): JSON-LD NewsArticle with datePublished; div.artikel holds
  the kanal map (ul.block-kanal-map), the h1, div.block-tanggal, the photo (div.block-display) and the <p> body;
  the writer's name closes the text in capitals ("NAME"): closing_credit moves it to the authors.
- tempo-en__anpandu-singlepage.html (en.tempo.co, 2015): div.judul-konten, div.tanggal ("Wednesday, 04 November,
  2015 | 07:28 WIB"), body div.tubuh-berita, related links in div.konten-terkait; the text closes with the
  agency in capitals ("ANTARA"), which closing_credit makes the source.
- tempo__anpandu-mainpage.html and tempo-en__anpandu-mainpage.html: index pages (no article).
UNVERIFIED, from the current layout as public scrapers read it: h1.title, body div.detail-konten / div#isi.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="tempo",
    label="Tempo",
    domains=("tempo.co",),
    fingerprints=("div.tubuh-berita", "div.judul-konten", "ul.block-kanal-map", "div.block-tanggal", "div#isi"),
    fingerprint_min=3,
    title=("div.artikel h1", "div.judul-konten", "h1.title"),
    body=("div.tubuh-berita", "div.artikel", "div.detail-konten", "div#isi"),
    date=("div.block-tanggal", "div.tanggal"),
    captions=("div.block-display", "div.blok-foto-konten"),
    remove=(
        "ul.block-kanal-map",
        "h1",
        "div.block-tanggal",
        "div.block-display",
        "div.zoom-font",
        "div[id^='div-gpt-ad']",
        "div.bacajuga",
    ),
    closing_credit=True,
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    # /read/news/YYYY/MM/DD/<id>/slug (2015) and /read/<id>/slug (today).
    article_url=r"/read/(?:news/\d{4}/\d{2}/\d{2}/)?\d+",
    verified="two real 2015 pages (tempo.co and en.tempo.co, every selector used on them); the current "
    "layout from public scrapers, unverified; fixture written by us",
)
