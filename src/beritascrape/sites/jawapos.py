"""Jawa Pos (jawapos.com and its sub-domains, which include the Radar network's radar<city>.jawapos.com sites).

No real page of this family is in ../shared/corpus. Where each selector came from:
- h1.read__title, .read__info__date ("- Senin, 13 Mei 2024 | 10:05 WIB"), .read__info__author, the body
  .read__content.clearfix, strong.read__others (the "Baca Juga" label), .breadcrumb__wrap and a.latest__link:
  the legacy-HTML fallback of a public asyncio scraper collection (scrapers/jawapos.py, 2025-2026; read through
  the code search, nothing copied). These are the class names of the CMS the PRMN pages in the corpus use
  (prmn__*.html share read__content, read__info__author, breadcrumb__wrap, latest__link), so that layout is
  known well; the fixture follows it.
- The same scraper reads today's jawapos.com from Next.js `__NEXT_DATA__` (props.pageProps.article: title,
  content, published_at, authors[].name, category): the engine cannot read that yet, and no source shows the
  visible markup of the Next.js pages, so on them this profile falls back to JSON-LD and the heuristics.
- UNVERIFIED: the closing "Editor : X" / "Reporter : Y" lines (from memory of the site). Radar sites on their
  own domains (radarbogor.id, radarbekasi.id, radartasik.id ...) are NOT listed: no source shows their markup.
  Fingerprints stay Jawa Pos specific so that PRMN partner pages (same class names) are not taken.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="jawapos",
    label="Jawa Pos",
    domains=("jawapos.com",),
    fingerprints=("link[href*='jawapos.com']", "meta[content*='JawaPos']", "strong.read__others"),
    fingerprint_min=2,
    title=("h1.read__title",),
    body=("div.read__content", "article.read__content"),
    authors=("div.read__info__author a", "div.read__info__author"),
    date=("div.read__info__date",),
    captions=("div.photo__caption",),
    tags=("section.read__tagging ul.tag__list a", "div.tag__list a"),
    remove=(
        "strong.read__others",
        "div.photo",
        "div.ads",
        "[id^='div-gpt-ad']",
        "center",
    ),
    # /search?q=&sort=latest&page=N is what the public scraper reads; sitemap and feed paths are UNVERIFIED.
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    index_pages=("/indeks",),
    # /<category>/<article id>/<slug> (built that way from __NEXT_DATA__ by the public scraper).
    article_url=r"jawapos\.com/[a-z0-9-]+/(?:[a-z0-9-]+/)?\d{6,}/[a-z0-9-]+",
    verified="legacy selectors from one public scraper and the same CMS seen in the corpus's PRMN pages; "
    "today's Next.js markup unverified; no real Jawa Pos page in the corpus; fixture written by us",
)
