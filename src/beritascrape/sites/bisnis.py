"""Bisnis.com (bisnis.com and its channel/regional sub-domains: market., ekonomi., finansial., kabar24.,
teknologi., lifestyle., jatim., bali., sumatra., kalimantan., premium., koran. ...).

No real page of this family is in ../shared/corpus. Every selector below comes from one public asyncio scraper
collection on GitHub (scrapers/bisnis.py, several versions 2024-2025; read through the code search, nothing
copied): h1.detailsTitleCaption, .detailsAttributeDates (regular sub-domains; premium. uses .authorTime),
.authorName / .authorNames (text "Name - Bisnis.com" on some pages, so JSON-LD is preferred), the body
article.detailsContent and its read-also boxes div.baca-juga-box*, and .breadcrumbItem for the rubric.
Articles live at /read/YYYYMMDD/<kanal>/<id>/<slug> (search results link there).
UNVERIFIED (ours, only used when metadata is silent or harmless when absent): div.detailsCover captions,
div.detailsTag tags, the ads* removal, and the closing "Editor : X" line of the fixture.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="bisnis",
    label="Bisnis.com",
    domains=("bisnis.com",),
    fingerprints=(
        "h1.detailsTitleCaption",
        "article.detailsContent",
        "div.detailsAttributeDates",
        "div.authorName",
        "div.breadcrumbItem",
    ),
    fingerprint_min=3,
    title=("h1.detailsTitleCaption",),
    body=("article.detailsContent",),
    authors=("div.authorName", "div.authorNames"),
    date=("div.detailsAttributeDates", "div.authorTime"),
    captions=("div.detailsCover figcaption", "div.detailsCoverCaption"),
    tags=("div.detailsTag a",),
    remove=(
        "div[class^='baca-juga-box']",
        "div[class^='ads']",
        "[id^='div-gpt-ad']",
    ),
    # UNVERIFIED discovery paths; search.bisnis.com/?q=...&page=N is what the public scraper reads.
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    index_pages=("/index",),
    article_url=r"/read/\d{8}/\d+/\d+/",
    verified="selectors from one public scraper (2024-2025, several revisions); no real page in the corpus; "
    "fixture written by us",
)
