"""Antara (antaranews.com and its regional sites), the national news agency.

Real pages in ../shared/corpus/pages, 2015-2016 layout:
- antara__anpandu-singlepage.html (2015) and antara__anpandu-singlepage2.html (2016): h1.title in div.bjbrt, date
  div.date ("Kamis, 5 November 2015 14:56 WIB | 1.229 Views"), meta[itemprop=datePublished] with +07:00, the
  writer in div.byline ("Pewarta: X"), body div#content_news (text split by <br>, no <p>), then inside it
  `<p class="mt10">Editor: X</p>` and `<p class="date">COPYRIGHT © ANTARA 2015</p>`; "Berita Lainnya" in
  div.terkait_bottom outside the body.
- antara__anpandu-mainpage.html: an index page (no article).
UNVERIFIED, from the current layout as public scrapers read it: h1.post-title, body div.post-content, the
"Pewarta:"/"Editor:" lines in p.text-muted, span.baca-juga read-also links, and the COPYRIGHT line in p.mt-3.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="antara",
    label="Antara",
    domains=("antaranews.com",),
    fingerprints=("div#content_news", "div.bjbrt", "div.post-content", "h1.post-title", "img[src*='antaranews.com']"),
    fingerprint_min=3,
    title=("h1.post-title", "div.bjbrt h1.title"),
    body=("div.post-content", "div#content_news"),
    date=("div.bjbrt div.date", "span.article-date"),
    captions=("div.pbrt", "div.wp-caption p.wp-caption-text"),
    credit_lines=("div.byline", "div.post-content p.text-muted"),
    remove=("p.date", "p.mt-3", "span.baca-juga", "div.terkait_bottom", "div[id^='div-gpt-ad']"),
    sitemaps=("/sitemap.xml",),
    feeds=("/rss/terkini.xml",),
    index_pages=("/terkini",),
    # /berita/<id>/slug in both eras (corpus URLs).
    article_url=r"/berita/\d+/",
    verified="two real 2015-2016 pages (old layout, every selector used on them); the current layout's selectors "
    "from public scrapers, unverified here; fixture written by us",
)
