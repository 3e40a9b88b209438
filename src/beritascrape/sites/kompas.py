"""Kompas (kompas.com and its channels, kompas.tv), Kompas Gramedia.

Real pages in ../shared/corpus/pages are of the 2015-2016 layout only:
- kompas__anpandu-singlepage.html (regional.kompas.com, 2015) and kompas__anpandu-singlepage2.html (nasional, 2016):
  headline h2 in div.kcm-read-top, date div.kcm-read-top div.msmall ("Rabu, 4 November 2015 | 21:04 WIB"), body
  div.kcm-read-text, and a table in div.kcm-read-copy with "Penulis: ..." / "Editor : ..." rows. No JSON-LD, no
  article meta; meta[name=author] is the company ("Kompas Cyber Media"), never a writer here.
- kompas__homepage-2017.html: the 2017 home page (no article).
UNVERIFIED, from the current layout as public scrapers read it (no corpus page): h1.read__title, div.read__time
("Kompas.com - 07/03/2020, 16:37 WIB"), body div.read__content, div.read__credit__item bylines, the
div.paging__wrap navigation with ?page=N, and ?page=all, which shows a split article whole in one response.
Seen since in kompas__megapolitan-covid-tangsel-2021.html (2021, a one-page article): div.paging__wrap
a.paging__link also holds the "Terkini" headline list's pager (line 2981, links to indeks.kompas.com?page=N), so
page links count only when they lead to this article (pagination.read_pagination). Its photo (line 1504) is a
div.photo[data-photolink] holding the image, the credit in span.author and the caption as the text after it
(`<span class="pb_10 author">CREDIT</span>CAPTION`): read by the credit-aware caption reader (extract/captions.py).
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="kompas",
    label="Kompas",
    domains=("kompas.com", "kompas.tv"),
    fingerprints=(
        "div.read__content",
        "div.read__time",
        "div.read__credit",
        "div.kcm-read-text",
        "div.kcm-read-top",
        "img[src*='asset.kompas.com']",
    ),
    fingerprint_min=3,
    title=("h1.read__title", "div.kcm-read-top h2"),
    body=("div.read__content", "div.kcm-read-text"),
    authors=("div.read__credit__item a",),
    date=("div.read__time", "div.kcm-read-top div.msmall"),
    # div.photo[data-photolink]: the 2021 layout (kompas__megapolitan-covid-tangsel-2021.html, line 1504).
    captions=("div.photo__caption", "div.kcm-read-top div.photo div.caption", "div.photo[data-photolink]"),
    # The mobile layout (2021, saved 2022) lists them in div.mob-tagging; its section is meta content_subcategory
    # ("Megapolitan"; content_category says "News" on every article), also on the 2021 desktop corpus page.
    tags=("ul.tag__article__wrap a", "div.mob-tagging a.mob-tagging__link"),
    category_meta=("content_subcategory",),
    credit_lines=("div.kcm-read-copy tr",),
    remove=(
        "div.ads-on-body",
        "div[id^='div-gpt-ad']",
        "div.kompasidRec",
        "div.inner-link-baca-juga",
        "div.photo",
        "div.paging",
    ),
    paging_links=("div.paging__wrap a.paging__link",),
    page_param="page",
    page_all="page=all",
    sitemaps=("/sitemap.xml",),
    feeds=("https://rss.kompas.com/",),
    index_pages=("https://indeks.kompas.com/",),
    # /read/YYYY/MM/DD/<id>/slug in both eras (both corpus article URLs).
    article_url=r"/read/\d{4}/\d{2}/\d{2}/\d+",
    verified="two real 2015-2016 pages (old layout, every kcm-* selector); the 2021 page's photo caption "
    "(div.photo[data-photolink]); the current layout's read__* selectors and ?page=all from public scrapers, "
    "unverified here; fixtures written by us",
)
