"""CNBC Indonesia (cnbcindonesia.com), CT Corp's detik-derived CMS.

No real page of this family is in ../shared/corpus. Where each selector came from (public GitHub code, read
through the code search; nothing copied):
- title in div.jdl > div > h1 and body div.detail_text: rmzq/python-news-scraper (webs.py, 2023).
- body div.detail-text (the newer class), JSON-LD author with "CNBC Indonesia" as the fallback name, and the
  removals .linksisip / .baca-juga (read-also), .media-institusi (sponsored box), .detail-share, .video_detail,
  #komentar, div-gpt-ad slots: a Kotlin/jsoup scraper (io.content.scraper, CnbcIndonesia strategy, 2024).
- the "(abc/def)" reporter-initials paragraph the same scraper filters out: not handled by the engine yet,
  so the fixture leaves it out.
- div.author / div.date beside the h1 follow the detik 2016 header these pages share (detik pages in the
  corpus); UNVERIFIED for CNBC itself, and only read when JSON-LD has no answer.
- /news/indeks/<n> index pages and ?page=N: public index scrapers (2024-2025).
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="cnbcindonesia",
    label="CNBC Indonesia",
    domains=("cnbcindonesia.com",),
    fingerprints=("div.jdl h1", "div.detail_text", "div.detail-text", "table.linksisip", "div.media-institusi"),
    fingerprint_min=3,
    title=("div.jdl h1",),
    body=("div.detail_text", "div.detail-text"),
    authors=("div.jdl div.author",),
    date=("div.jdl div.date",),
    captions=("div.media_artikel figcaption", "div.pic_artikel span"),
    remove=(
        "table.linksisip",
        "div.baca-juga",
        "div.media-institusi",
        "div.detail-share",
        "div.video_detail",
        "#komentar",
        "[id^='div-gpt-ad']",
        "div.media_artikel",
    ),
    # UNVERIFIED sitemap/feed paths; /news/indeks/3 is the news index public scrapers read.
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    index_pages=("/news/indeks/3",),
    # Article URLs: /<kanal>/YYYYMMDDhhmmss-<type>-<id>/slug, the same id scheme as CNN Indonesia.
    article_url=r"/\d{14}-\d+-\d+/",
    verified="body and title selectors from two public scrapers (2023-2024); header byline/date classes "
    "assumed from the detik layout; no real page in the corpus; fixture written by us",
)
