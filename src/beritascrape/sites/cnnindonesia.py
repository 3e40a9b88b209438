"""CNN Indonesia (cnnindonesia.com), the 2023 Tailwind layout of the CT Corp CMS.

No real page of this family is in ../shared/corpus. Where each selector came from (public GitHub code, read
through the code search; nothing copied):
- h1 "mb-2 text-[28px] leading-9 text-cnn_black", date div "text-cnn_grey text-sm mb-4" ("Rabu, 02 Sep 2026
  11:15 WIB"), body div.detail-wrap > div.detail-text: a scrapy-playwright CNN spider and a cheerio scraper
  (2024-2025); rmzq/python-news-scraper (webs.py) also uses h1.mb-2 and .detail-text.
- byline div "text-cnn_black_light3 text-sm mb-2.5" reading "Name | CNN Indonesia": a TypeScript scraper (2024).
- div.paradetail (the ad slot in the body), table.linksisip (read-also), div.detail-image, tags in
  div.flex.flex-wrap.gap-3 a: a cheerio scraper (scrape.js, 2024) and a crawl4ai scraper (2025).
- p.para_caption inside the body holds the "ADVERTISEMENT" / "SCROLL TO CONTINUE WITH CONTENT" labels: removed
  by a Kotlin/jsoup scraper (io.content.scraper CnnIndonesia) and seen as that joined text by a requests scraper.
- URL ids "/YYYYMMDDhhmmss-<kanal>-<id>/slug": a crawl4ai scraper's ARTICLE_ID_PATTERN.
UNVERIFIED (ours): the figcaption inside div.detail-image.
The older layout (h1.title, div.detail_text, 2020: babalenong/Scrapy-Indonesian-News-Articles) is kept as a
fallback. Not handled by the engine yet: the "(abc/def)" reporter initials that close an article and
"[Gambas:Video CNN]" embeds; the fixture leaves them out.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="cnnindonesia",
    label="CNN Indonesia",
    domains=("cnnindonesia.com",),
    fingerprints=(
        "div.detail-wrap div.detail-text",
        "div.text-cnn_grey",
        "div.paradetail",
        "table.linksisip",
        "link[href*='cnnindonesia.com']",
    ),
    fingerprint_min=3,
    title=("h1.text-cnn_black", "h1.title"),
    body=("div.detail-wrap div.detail-text", "div.detail-text", "div.detail_text"),
    authors=("div.text-cnn_black_light3",),
    date=("div.text-cnn_grey.text-sm.mb-4",),
    captions=("div.detail-image figcaption",),
    tags=("div.flex.flex-wrap.gap-3 a[href*='/tag/']",),
    remove=(
        "table.linksisip",
        "div.paradetail",
        "p.para_caption",
        "div.detail-image",
        "[id^='div-gpt-ad']",
    ),
    # UNVERIFIED discovery paths except /indeks (a public crawler pages through cnnindonesia.com/indeks/) and
    # /rss (a public RSS-based scraper); the sitemap path is the usual one.
    sitemaps=("/sitemap.xml",),
    feeds=("/rss", "/nasional/rss"),
    index_pages=("/indeks",),
    article_url=r"/\d{14}-\d+-\d+/",
    verified="selectors from five public scrapers (2020-2025, none of them ours); no real page in the corpus; "
    "fixture written by us on that markup",
)
