"""Okezone (okezone.com and its channels: news., lifestyle., economy., ...), MNC Media.

Real page in ../shared/corpus/pages: okezone__anpandu-singlepage.html (lifestyle.okezone.com, 2015): no JSON-LD and
no article meta; headline div.titles h1, date time.tgl in div.meta-post ("Kamis, 5 November 2015 - 15:56 wib"),
writer div.nmreporter > div, body div#contentx.dtlnews (plain <p>), desk initials "(ren)" after it.
okezone__anpandu-mainpage.html is the home page (no article).
UNVERIFIED, from the current layout as public scrapers read it: div#contentx stays the body, "Baca Juga:"
read-also paragraphs (p strong), the "Halaman: 1 2" paging with ?page=N.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="okezone",
    label="Okezone",
    domains=("okezone.com",),
    fingerprints=("div#contentx", "div.meta-post", "div.nmreporter", "time.tgl", "img[src*='okezone.com']"),
    fingerprint_min=3,
    title=("div.titles h1",),
    body=("div#contentx",),
    authors=("div.nmreporter div",),
    date=("div.meta-post time.tgl", "div.namerep b"),
    captions=("div.detail-img div.caption",),
    tags=("div.newtag a",),
    remove=("div[id^='div-gpt-ad']", "div.detail-img-caption", "div.paging", "p.baca-juga"),
    paging_links=("div.paging a",),
    page_param="page",
    sitemaps=("/sitemap.xml",),
    index_pages=("/indeks",),
    # /read/YYYY/MM/DD/<kanal>/<id>/slug (corpus URL).
    article_url=r"/read/\d{4}/\d{2}/\d{2}/\d+/\d+/",
    verified="one real 2015 page (every selector used on it); paging from public scrapers, unverified; "
    "fixture written by us",
)
