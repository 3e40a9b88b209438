"""VIVA (viva.co.id and its channels), Visi Media Asia.

Real page in ../shared/corpus/pages: viva__anpandu-singlepage.html (life.viva.co.id, 2016):
article.article-detail > div.title h1, div.smalldesc > div.date ("Selasa, 16 Februari 2016 | 13:01 WIB") and
div.author ("Oleh : <b>Name</b>"), photo caption div.photodesc, body div#article-content whose prose sits
between a sky-scraper portlet, a share aside and the "TERKAIT" / "FOTO TERPOPULER" / "BACA ARTIKEL MENARIK LAINNYA"
sections (section.portlet). meta[name=author] is the company ("PT. VIVA MEDIA BARU - VIVA.co.id"), never a writer;
article:published_time says +0700, which is right. viva__anpandu-mainpage.html is an index page.
UNVERIFIED, from the current layout as public scrapers read it: h1.main-content-title, div.main-content-detail.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="viva",
    label="VIVA",
    domains=("viva.co.id",),
    fingerprints=("article.article-detail", "div.smalldesc", "div.photodesc", "section.portlet", "div#article-content"),
    fingerprint_min=3,
    title=("article.article-detail div.title h1", "h1.main-content-title"),
    body=("div#article-content", "div.main-content-detail"),
    authors=("div.smalldesc div.author b",),
    date=("div.smalldesc div.date",),
    captions=("div.photodesc",),
    # In-body photos and their italic captions are centred divs (the 2016 page); prose divs are not centred.
    remove=(
        "div.portlet",
        "section.portlet",
        "aside",
        "div[id^='div-gpt-ad']",
        "div.bacajuga",
        "div[style*='text-align: center']",
    ),
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    # /<kanal>/read/<id>-slug (corpus URL).
    article_url=r"/read/\d+-",
    verified="one real 2016 page (every selector used on it); the current layout from public scrapers, "
    "unverified; fixture written by us",
)
