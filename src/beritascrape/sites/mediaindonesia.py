"""Media Indonesia (mediaindonesia.com), Media Group's own CMS.

No real page of this family is in ../shared/corpus. Every selector below comes from one public asyncio scraper
collection on GitHub (scrapers/mediaindonesia.py, 2024-2025; read through the code search, nothing copied):
.mi-breadcrumb, the h1, .author-2 (byline), .datetime, div.article (body) and the nodes it drops from the body:
p.related-news (read-also), .flying-carpet, ._ap_apex_ad and .dfp-ad (ads), .ext-channel, .info-author. The same
scraper finds articles at /<kanal>/<numeric id>/<slug> and searches with POST /search.
UNVERIFIED (ours): the div.article-header wrapper of the h1 and the caption selectors.
Not handled by the engine yet: the "(Z-2)" desk initials that close Media Indonesia articles; the fixture leaves
them out.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="mediaindonesia",
    label="Media Indonesia",
    domains=("mediaindonesia.com",),
    fingerprints=("div.mi-breadcrumb", "div.author-2", "div.datetime", "p.related-news", "div.flying-carpet"),
    fingerprint_min=3,
    title=("div.article-header h1", "h1"),
    body=("div.article",),
    authors=("div.author-2",),
    date=("div.datetime",),
    captions=("div.article-photo figcaption", "div.foto-caption"),
    remove=(
        "p.related-news",
        "div.flying-carpet",
        "div.ext-channel",
        "div.info-author",
        "div._ap_apex_ad",
        "div.dfp-ad",
        "[id^='div-gpt-ad']",
    ),
    # UNVERIFIED discovery paths (the usual ones); the scraper only used the search form.
    sitemaps=("/sitemap.xml",),
    feeds=("/feed",),
    article_url=r"mediaindonesia\.com/[a-z-]+/\d+/",
    verified="selectors from one public scraper (2024-2025); no real page in the corpus; fixture written by us",
)
