"""Tribun network (tribunnews.com and its regional sub-domains: solo., jogja., jateng., ...), Kompas Gramedia.

Seen in one real page of ../shared/corpus/pages: tribunnews__solo-protokol-3m.html (solo.tribunnews.com, 2020-10,
page 1 of 2). What that page shows, and the selectors below take from it:
- h1#arttitle; the visible date is `<time>Jumat, 9 Oktober 2020 13:52</time>` with no zone (WIB is the default).
- body div.side-article.txt-article; read-also lines are p.baca (a bullet and a linked headline); in-body ad slots
  are div[id^='div-'] (div-Inside-MediumRectangle); figures carry their own figcaption.
- JSON-LD NewsArticle `author` is the EDITOR (it equals dataLayer.editor and the "Editor:" line; penulis is empty):
  hence ld_author_role="editor". The dataLayer is written with single quotes.
- "Editor: X" in div#editor and "Sumber: Y" in the div after it, below the tags (h5.tagcloud3 a).
- paging: div.paging holds "Halaman 1 2" links, ?page=N, the current one with id="pagecurrent".
UNVERIFIED (no corpus page shows them): the writer byline div#penulis (absent on this page, where penulis is empty).
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="tribunnews",
    label="Tribun network",
    domains=("tribunnews.com",),
    # Regional partner domains (e.g. tribunnewswiki, tribun-*.com) share the CMS and the tstatic.net asset host.
    fingerprints=(
        "div.side-article.txt-article",
        "h1#arttitle",
        "p.baca",
        "img[src*='tstatic.net']",
        "h5.tagcloud3",
    ),
    fingerprint_min=3,
    title=("h1#arttitle",),
    body=("div.side-article.txt-article",),
    authors=("div#penulis a",),
    date=("div#article time",),
    captions=("div#artimg div.grey2",),
    tags=("h5.tagcloud3 a",),
    credit_lines=("div#editor", "div#editor ~ div"),
    remove=("p.baca", "div[id^='div-']", "figure", "div.paging"),
    paging_links=("div.paging a",),
    page_param="page",
    # dataLayer = [{'editor', 'penulis', 'publish_date', 'source', 'subcategory', ...}] (solo page).
    datalayer={
        "published_at": "publish_date",
        "authors": "penulis",
        "editor": "editor",
        "source": "source",
    },
    ld_author_role="editor",
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    # Article URLs: /YYYY/MM/DD/slug (the solo page and every read-also link on it).
    article_url=r"tribunnews\.com/(?:[a-z-]+/)?\d{4}/\d{2}/\d{2}/[\w-]+",
    verified="one real page (solo.tribunnews.com, 2020, page 1 of 2) for every selector except the writer "
    "byline; fixture written by us on that markup",
)
