"""KapanLagi (kapanlagi.com), KLY's entertainment site.

Real pages in ../shared/corpus/pages, 2015-2016 layout: kapanlagi__anpandu-singlepage.html (2015) and
kapanlagi__anpandu-singlepage2.html (2016, photo-heavy): h1.entertainment-newsdetail-title-new, the date in
span.newsdetail-schedule-new ("Kamis, 05 November 2015 11:52", no zone: WIB), body div#v6-revb-detailnews (<p>
with photo captions in div.entertainment-newsdetail-image-caption), desk initials "(kpl/pur/tch)", then a
"Jangan Lewatkan" heading with one link per line. No JSON-LD and no article meta; og:title starts with
"KapanLagi.com: ". kapanlagi__anpandu-mainpage.html is an index page.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="kapanlagi",
    label="KapanLagi",
    domains=("kapanlagi.com",),
    fingerprints=(
        "div#v6-revb-detailnews",
        "h1.entertainment-newsdetail-title-new",
        "span.newsdetail-schedule-new",
        "div.entertainment-newsdetail-image-caption",
    ),
    fingerprint_min=3,
    title=("h1.entertainment-newsdetail-title-new",),
    body=("div#v6-revb-detailnews",),
    date=("span.newsdetail-schedule-new",),
    captions=("div.entertainment-newsdetail-image-caption", "div.entertainment-newsdetail-headlineimg"),
    # div.lifestyle-in-content: the "Simak Lifestyle Populer Lainnya" box after the desk initials (2016 page).
    remove=(
        "div.entertainment-newsdetail-image-caption",
        "div.lifestyle-in-content",
        "div[id^='div-gpt-ad']",
        "div.photonews-det-warper",
    ),
    sitemaps=("/sitemap.xml",),
    # /showbiz/<kanal>/.../<slug>-<6 hex>.html (corpus URLs).
    article_url=r"kapanlagi\.com/.+-[0-9a-f]{6}\.html",
    verified="two real 2015-2016 pages, every selector; the current layout is unverified; fixture written by us",
)
