"""Republika (republika.co.id and its channels).

Real pages in ../shared/corpus/pages, 2016 layout:
- republika__anpandu-singlepage.html (nasional, 2016): headline div.jdl-detail, date div.date-detail ("Senin, 15
  Februari 2016, 16:15 WIB"), "Red: Name" (the editor) in div.wp-reset, photo caption div.wp-cap, body
  div.content-detail with a googletag script at its top, then a bold div "Sumber : Antara" right after it.
- republika__anpandu-singlepage2.html ("In Picture", 2016): div.jdl-pic, div.date-pic, the text in
  div.teaser-pic, "Redaktur : Name" in div.red, then "FOTO TERKAIT:" in div.rangka.
- republika__anpandu-mainpage.html: an index page (no article).
No JSON-LD and no article meta in either page. UNVERIFIED, from the current layout as public scrapers read it:
h1 in div.max-card__title, body div.article-content.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="republika",
    label="Republika",
    domains=("republika.co.id",),
    fingerprints=("div.content-detail", "div.jdl-detail", "div.date-detail", "div.wp-reset", "div.teaser-pic"),
    fingerprint_min=3,
    title=("div.jdl-detail", "div.jdl-pic", "div.max-card__title h1"),
    body=("div.content-detail", "div.teaser-pic", "div.article-content"),
    date=("div.date-detail", "div.date-pic", "div.date_detail"),
    captions=("div.wp-cap",),
    credit_lines=("div.wp-reset", "div.red", "div.content-detail ~ div"),
    remove=("div[id^='div-gpt-ad']", "div.baca-juga", "div.rangka", "div.box-ft"),
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    # /berita/<kanal>/<sub>/YY/MM/DD/<id>-slug (2016) and /berita/<id>/slug (today).
    article_url=r"/berita/",
    verified="two real 2016 pages (an article and an In Picture page); the current layout from public "
    "scrapers, unverified; fixture written by us",
)
