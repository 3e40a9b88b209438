"""Tirto (tirto.id; www.tirto.id redirects there).

No real page of this family is in ../shared/corpus, and no page of it was fetched by us. Where each selector came
from (public GitHub code, read through the code search; nothing copied):
- body `div.content-text-editor` (the first one) with `.baca-holder` read-also lists, `ins` / `[id^=gpt-]` ad
  slots and `figcaption` inside it, `h1.article-title`, the dek `p.kicker`, the byline `.byline` with
  `a.reporter-name` and a "Terbit 24 Jul 2026 11:00 WIB" line in its first `div`, `article:author`, a zone-less
  `article:modified_time` ("2026-07-24 11:10:15", WIB), `news_keywords`, breadcrumbs in `.breadcrumbs-wrapper`,
  NO NewsArticle JSON-LD (only BreadcrumbList and Organization), flat URLs `/<slug>-<4 chars>` and /indeks as
  the listing: one Node crawler's adapter (DonnyRZ/egi-media-crawl, src/adapters/tirto, notes dated 2026-07).
- `div.content-text-editor` (all but the last one) and `div.baca-holder`: an older, unrelated BeautifulSoup
  scraper of tirto.id search results. The engine reads the first container only.
- /indeks and the URL shape: okkymabruri/news-watch (scrapers/tirto.py).
UNVERIFIED (ours): the /rss/sekarang feed (from a public list of Indonesian feeds) and /sitemap.xml; the
"tirto.id - " dateline and the ad label in the fixture. Not handled by the engine yet: the category (breadcrumb
only: no JSON-LD or meta names it) and `news_keywords`, which restates rubric names ("ekonomi", "flash news")
beside the real tags; the fixture leaves those rubric names out.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="tirto",
    label="Tirto",
    domains=("tirto.id",),
    # No fingerprints: the family publishes on its own domain only.
    title=("h1.article-title",),
    body=("div.content-text-editor",),
    authors=(".byline a.reporter-name",),
    # The first div of the byline: "Terbit 24 Jul 2026 11:00 WIB".
    date=(".byline div",),
    captions=("div.content-text-editor figcaption",),
    remove=("div.baca-holder", "[id^='gpt-']", "ins"),
    sitemaps=("/sitemap.xml",),
    feeds=("/rss/sekarang",),
    # robots.txt disallows *?next*: /indeks is read as one page.
    index_pages=("/indeks",),
    # Flat slugs ending in a 4-character id; /pikir-dua-kali is a rubric with the same shape.
    article_url=r"tirto\.id/(?!pikir-dua-kali\b)[a-z0-9]+(?:-[a-z0-9]+)+-[A-Za-z0-9]{4}/?(?:[?#]|$)",
    verified="body, title, byline and date selectors and URL pattern from one public adapter (2026), the body and "
    "read-also classes also from an older public scraper; no real page in the corpus; fixture written by us",
)
