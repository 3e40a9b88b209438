"""KLY (Kapanlagi Youniverse) on its shared article CMS: liputan6.com, bola.com, fimela.com.

merdeka.com and kapanlagi.com have markup of their own: see merdeka.py and kapanlagi.py.
Real pages in ../shared/corpus/pages (liputan6 only; bola.com and fimela.com are UNVERIFIED members, listed
because public scrapers read them with the same article-content-body classes):
- liputan6__tekno-irfan-jaya-elkan.html (2021), liputan6__bisnis-mal-gugus-tugas.html (2020),
  liputan6__hot-cassandra-lee.html (2021), liputan6__citizen6-sholat-jamak.html (2019): h1.article-header__title,
  span.article-header__authors links, span.article-header__datetime ("pada 20 Des 2021, 09:59 WIB"), body
  div.article-content-body made of div.article-content-body__item sections (each a page of the split article, all
  present in the HTML) with photo galleries, ad slots, "Scroll down untuk melanjutkan membaca" breaks, a
  "Lanjutkan Membaca" button and div.baca-juga / div.baca-juga-collections read-also boxes.
  meta[name=author] and, on desk-written pieces, the JSON-LD author are the site's name "Liputan6.com".
- liputan6__anpandu-singlepage.html (2016): h1.read-page--header__title, span.read-page--header__author, time in
  p.read-page--header__datetime-wrapper, body div.read-page__content-body with div.baca-juga; JSON-LD in UTC.
- liputan6__homepage-desktop.html: a home page whose article:published_time is the literal "[publishdate]".
- liputan6__news-foto-kri-nanggala.html and liputan6__anpandu-singlepage3.html: photo pages.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="kly",
    label="KLY (liputan6, bola, fimela)",
    domains=("liputan6.com", "bola.com", "fimela.com"),
    fingerprints=(
        "div.article-content-body",
        "h1.article-header__title",
        "div.baca-juga-collections",
        "span.article-header__datetime",
        "img[src*='kly-media-production']",
        "div.read-page__content-body",
    ),
    fingerprint_min=3,
    title=("h1.article-header__title", "h1.read-page--header__title"),
    body=("div.article-content-body", "div.read-page__content-body"),
    authors=("span.article-header__authors a", "span.read-page--header__author"),
    date=("span.article-header__datetime", "p.read-page--header__datetime-wrapper"),
    captions=("div.article-photo-gallery--item__description",),
    tags=("li.tags--topics--item a",),
    remove=(
        "div.article-photo-gallery--item",
        "div.article-video-gallery--item",
        "div.article-content-body__break",
        "div.article-content-body__load-more",
        "div.article-content-body__loading-animation",
        "span.article-content-body__item-overlay",
        "div.article-ad",
        "div.baca-juga",
        "div.baca-juga-collections",
        "div[id^='gpt-ad']",
        "div[id^='div-gpt-ad']",
        "div[data-identifier='mgid-ad']",
    ),
    # article:section is "News" (liputan6) or "Article" (merdeka) on every page; article:section2 is the channel.
    category_meta=("article:section2",),
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    index_pages=("/indeks",),
    # /<kanal>/read/<id>/slug (every liputan6 URL in the corpus).
    article_url=r"/read/\d+/",
    # window.kmklabs.gtm = {..., "editors": "Name", ...} in <head> (the four 2019-2021 liputan6 article pages).
    datalayer={"editor": "editors"},
    verified="six real liputan6 pages (2016-2021: four articles, a home page, a photo page), every selector; "
    "bola.com and fimela.com assumed from public scrapers, unverified; fixture written by us",
)
