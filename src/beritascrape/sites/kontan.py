"""Kontan (kontan.co.id and its channel sub-domains: nasional., investasi., keuangan., industri.,
internasional., peluangusaha., lifestyle., insight. ...).

No real page of this family is in ../shared/corpus. Where each selector came from (public GitHub code, read
through the code search; nothing copied):
- h1.detail-desk, the date div "fs14 ff-opensans font-gray" ("Senin, 30 Desember 2024 / 10:30 WIB"), the body
  div.tmpt-desk-kon[itemprop=articleBody], the rubric div "breadcumb fs18" (sic), read-also paragraphs whose
  link has a track-* class, and a "<!-- pagination end -->" comment inside the body: an asyncio scraper
  collection (scrapers/kontan.py, 2024-2025). Search results (.list-berita ul li a) link to /news/<slug> on
  every sub-domain.
- h1.detail-title / span.detail-date / div.detail-text: another public scraper (app/scraper KontanScraper, 2025),
  kept as fallbacks.
The body opens with one line "Reporter: X | Editor: Y" (the first scraper reads the writer from that first
paragraph); the shared credit table splits such joined lines on "|" (tests/fixtures/kontan/article.html).
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="kontan",
    label="Kontan",
    domains=("kontan.co.id",),
    fingerprints=("h1.detail-desk", "div.tmpt-desk-kon", "div.breadcumb", "div.ff-opensans"),
    fingerprint_min=2,
    title=("h1.detail-desk", "h1.detail-title"),
    body=("div.tmpt-desk-kon", "div.detail-text"),
    date=("div.fs14.ff-opensans.font-gray", "span.detail-date"),
    captions=("div.img-detail-desk figcaption", "div.fs12.font-gray"),
    tags=("div.tags-desk a", "div.tag-detail a"),
    remove=("[id^='div-gpt-ad']", "div[class^='ads']"),
    # UNVERIFIED discovery paths; /search/?search=..&per_page=N is what the public scraper reads.
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    index_pages=("/news/emiten", "/news/saham"),
    article_url=r"kontan\.co\.id/news/[a-z0-9-]+",
    verified="selectors from two public scrapers (2024-2025); no real page in the corpus; fixture written by us",
)
