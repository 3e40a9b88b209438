"""Suara.com and its regional network on the same CMS (jogja., jatim., jabar., jateng., sulsel., kaltim.,
bali., batam., sumsel., lampung. ... .suara.com).

No real page of this family is in ../shared/corpus. Every selector below comes from one public asyncio scraper
collection on GitHub (scrapers/suara.py, several revisions 2024-2026; read through the code search, nothing
copied): the h1, .date-article span ("Selasa, 12 Maret 2024 | 14:30 WIB"), the body article.detail-content
(older) or div.article-content (newer), read-also paragraphs whose class contains "baca-juga", the
.kesimpulan summary box, a.author-trigger for the byline, JSON-LD datePublished/author, and article URLs
/<kanal>/YYYY/MM/DD/hhmmss/<slug> on www. and on every regional sub-domain.
UNVERIFIED (ours): div.info around the h1, the caption and tag selectors.
Suara's sister brands on their own domains (matamata.com, hitekno.com, dewiku.com, mobimoto.com,
bolatimes.com, guideku.com) are not listed, because no source shows their markup; the fixture's WITA offset
on sulsel.suara.com is our assumption, not something a source shows.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="suara",
    label="Suara.com network",
    domains=("suara.com",),
    fingerprints=(
        "article.detail-content",
        "div.article-content",
        "div.date-article",
        "a.author-trigger",
        "div.kesimpulan",
    ),
    fingerprint_min=2,
    title=("div.info h1", "h1"),
    body=("article.detail-content", "div.article-content"),
    authors=("a.author-trigger",),
    date=("div.date-article span", "div.date-article"),
    captions=("div.img-cover figcaption", "div.caption"),
    tags=("div.tag-header a", "ul.list-tag a"),
    remove=(
        "[class*='baca-juga']",
        "div.kesimpulan",
        "div[class^='ads']",
        "[id^='div-gpt-ad']",
    ),
    # /indeks is the list the public scraper pages through; sitemap and feed paths are UNVERIFIED.
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    index_pages=("/indeks",),
    article_url=r"suara\.com/[a-z0-9-]+/\d{4}/\d{2}/\d{2}/\d{6}/",
    verified="selectors from one public scraper (2024-2026, several revisions); no real page in the corpus; "
    "fixture written by us",
)
