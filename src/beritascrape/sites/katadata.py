"""Katadata (katadata.co.id), the news and data site of PT Katadata Indonesia.

No real page of this family is in ../shared/corpus. Where each selector came from (public GitHub code, read
through the code search; nothing copied):
- .section-breadcrumb, h1.detail-title, .detail-author-name ("Oleh <name>"), .detail-date.text-gray, the body
  .detail-main and the boxes dropped from it, div.widget-baca-juga* (read-also) and *ai-summary* (the AI
  summary box): one asyncio scraper collection (scrapers/katadata.py, four revisions 2024-2026).
- article div.detail-body p as the paragraphs, and the newsletter sentence "Dapatkan informasi terkini dan
  terpercaya seputar ekonomi, ..." that one page scraper strips: Willy-Adrianus-Tamba-NEON/FastAPI-Scraping
  (apps/utils/News.py).
- article URLs /<kanal>/<subkanal>/<hex id>/<slug> and the /indeks latest page: the same scraper collection;
  a TypeScript scraper also documents /finansial/bursa/{id}/{slug}.
UNVERIFIED (ours): the caption selectors and div.detail-tag.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="katadata",
    label="Katadata",
    domains=("katadata.co.id",),
    fingerprints=("h1.detail-title", "div.detail-author-name", "div.detail-date", "div.detail-body", "div.detail-main"),
    fingerprint_min=3,
    title=("h1.detail-title",),
    # Only div.detail-body: a selector group matches in document order, so the wrapping div.detail-main would
    # win and bring the newsletter box along.
    body=("div.detail-body",),
    authors=("div.detail-author-name a", "div.detail-author-name"),
    date=("div.detail-date",),
    captions=("div.detail-image figcaption", "div.detail-image-caption"),
    tags=("div.detail-tag a",),
    remove=(
        "div[class^='widget-baca-juga']",
        "div[class*='ai-summary']",
        "div.detail-image",
        "[id^='div-gpt-ad']",
    ),
    # /indeks is the latest-news list the public scraper reads; sitemap and feed paths are UNVERIFIED.
    sitemaps=("/sitemap.xml",),
    feeds=("/feed",),
    index_pages=("/indeks",),
    article_url=r"katadata\.co\.id/(?:[a-z0-9-]+/){1,3}[0-9a-f]{8,}/[a-z0-9-]+",
    verified="selectors from two public scrapers (2023-2026); no real page in the corpus; fixture written by us",
)
