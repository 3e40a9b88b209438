"""MNC Media's news portals: SINDOnews (sindonews.com and its channel sub-domains nasional., metro., daerah.,
ekbis., international., sports., tekno. ...) and iNews (inews.id and its regional sub-domains).
Okezone, also MNC, is a separate family.

No real page of this family is in ../shared/corpus. Every selector below comes from one public asyncio scraper
collection on GitHub (scrapers/sindonews.py and scrapers/inews.py, 2025-2026; read through the code search,
nothing copied):
- SINDOnews: the h1, .breadcrumb, .warp-nama-redaksi (byline followed by the day name and date),
  .detail-date-artikel, the body .detail-desc, and the boxes dropped from it: div.baca-juga*, div.lihat-juga*,
  div.related*, ad divs; article links contain /read/<id>/.
- iNews: .author, .createdAt (else .timeAndShare: "Senin, 13 Mei 2024 - 10:05:00 WIB"), the body .content,
  the same baca-juga / related / ads boxes; articles under /finance|news|regional|lifestyle|sport|otomotif/.
UNVERIFIED (ours): the wrappers around the h1 (div.detail-title, div.article-header), the caption and tag
selectors, and the <br><br> paragraphs of the fixture.
The two portals use different markup, so both sets of selectors are listed; each page only matches its own.
Not handled by the engine yet: the "(abc)" desk initials that close SINDOnews articles; the fixture leaves
them out.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="mnc",
    label="MNC portals (SINDOnews, iNews)",
    domains=("sindonews.com", "inews.id"),
    fingerprints=(
        "div.detail-desc",
        "div.warp-nama-redaksi",
        "div.detail-date-artikel",
        "div.createdAt",
        "div.timeAndShare",
    ),
    fingerprint_min=2,
    title=("div.detail-title h1", "h1.detail-title", "div.article-header h1"),
    body=("div.detail-desc", "div.article-content div.content"),
    authors=("div.warp-nama-redaksi a", "div.author a"),
    date=("div.detail-date-artikel", "div.createdAt", "div.timeAndShare"),
    captions=("div.detail-img figcaption", "div.article-image figcaption"),
    tags=("div.detail-tag a", "div.tag-list a"),
    remove=(
        "div[class^='baca-juga']",
        "div[class^='lihat-juga']",
        "div[class^='related']",
        "div[class^='ads']",
        "[id^='div-gpt-ad']",
    ),
    # UNVERIFIED sitemap/feed paths; SINDOnews search is /search/go?q=..&type=artikel&p=N, iNews lists /tag/<kw>.
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    article_url=r"sindonews\.com/read/\d+/|inews\.id/(?:finance|news|regional|lifestyle|sport|otomotif)/",
    verified="selectors from one public scraper for each portal (2025-2026); no real page in the corpus; "
    "fixture (a SINDOnews page) written by us",
)
