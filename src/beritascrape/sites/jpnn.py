"""JPNN (jpnn.com, Jawa Pos National Network) and its regional sub-domains (jabar., jatim., bali., kaltim. ...).

No real page of this family is in ../shared/corpus. Where each selector came from (public GitHub code, read
through the code search; nothing copied):
- body div[itemprop=articleBody] or .page-content, and the removals div.baca-juga / .terkait (read-also),
  .top-medsos / .creator-medsos (share bars), .tags, .pagination, #disqus_thread: two revisions of a
  Kotlin/jsoup scraper (io.content.scraper, Jpnn strategy, 2024), which also reads the writer from
  meta[name=jpnncom_news_author] and drops "Baca juga" / "Silakan baca" paragraphs.
- meta[name=jpnncom_news_pubdate] as the date and /news/ article links: an asyncio scraper collection's
  changelog and registry (2026). The engine reads neither jpnncom_ meta yet; JSON-LD and the credit lines
  answer instead.
- h1.judul: ardikapras' JpnnNews strategy (older layout). h1.page-title, the "Redaktur : X" / "Reporter : Y"
  lines and the ?page=N split-article navigation are UNVERIFIED (from memory of the site, no source shows them).
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="jpnn",
    label="JPNN.com",
    domains=("jpnn.com",),
    fingerprints=(
        "meta[name='jpnncom_news_author']",
        "meta[name='jpnncom_news_pubdate']",
        "div.page-content",
        "div.top-medsos",
        "div.creator-medsos",
    ),
    fingerprint_min=2,
    title=("h1.page-title", "h1.judul"),
    body=("div[itemprop='articleBody']",),
    authors=("div.page-author a",),
    captions=("div.page-photo figcaption", "div.caption"),
    tags=("div.tags a",),
    remove=(
        "div.baca-juga",
        "div.terkait",
        "div.top-medsos",
        "div.creator-medsos",
        "div.tags",
        "div.pagination",
        "#disqus_thread",
        "[id^='div-gpt-ad']",
    ),
    paging_links=("div.pagination a",),
    page_param="page",
    # UNVERIFIED discovery paths; /tag/<keyword> pages are what the public scrapers list articles from.
    sitemaps=("/sitemap.xml",),
    feeds=("/index.php?mib=rss",),
    index_pages=("/terkini",),
    article_url=r"jpnn\.com/(?:news/[a-z0-9-]+|[a-z0-9-]+/\d+/[a-z0-9-]+)",
    verified="body, removal and meta selectors from three public scrapers (2020-2026); title, credit lines and "
    "paging from memory; no real page in the corpus; fixture written by us",
)
