"""Pikiran Rakyat Media Network: pikiran-rakyat.com, its regional sub-domains and partner sites on the same CMS.

Every selector below was seen in two real pages of ../shared/corpus/pages:
- prmn__zonajakarta-trump-pes-p2.html (zonajakarta.pikiran-rakyat.com, 2020-10, page 2 of 3)
- prmn__seed-bekasi-smart-city.html (partner domain pikiranrakyat-bekasi.com, same markup, one page)
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="prmn",
    label="Pikiran Rakyat Media Network",
    domains=("pikiran-rakyat.com", "pikiranrakyat-bekasi.com"),
    # Partner domains are endless; these classes and the asset host are what the CMS itself emits (both pages).
    fingerprints=(
        "article.read__content",
        "h1.read__title",
        "div.read__info__date",
        "link[href*='assets.pikiran-rakyat.com']",
        "section.read__tagging",
    ),
    fingerprint_min=3,
    # h1.read__title holds the bare headline; og:title and JSON-LD add " - Site Name" (both pages).
    title=("h1.read__title",),
    # article.read__content[itemprop=articleBody] is the body of the current page only (both pages).
    body=("article.read__content",),
    # div.read__info__author > a: absent when the article has no writer (seed page).
    authors=("div.read__info__author a", "div.read__info__author"),
    # "- 7 Oktober 2020, 15:13 WIB" (zonajakarta); "- 7 Maret 2020, 16:37 WIB" (seed).
    date=("div.read__info__date",),
    # The top photo sits in a div.photo before the body; in-body photos are div.photo inside a <p> (zonajakarta).
    captions=("div.photo__caption",),
    # section.read__tagging > ul.tag__list > li > h4 > a (zonajakarta); the dataLayer "tag" is the fallback.
    tags=("section.read__tagging ul.tag__list a",),
    # "<p>Editor: <a>Name</a></p>" and "<p>Sumber: X</p>" follow the article element (both pages).
    # (Credit lines inside the body are caught by the shared cleaning table as the body is read.)
    credit_lines=("article.read__content ~ p",),
    remove=(
        "center",  # the in-body ad slots are wrapped in <center> (both pages)
        "div.ads",
        "div.ads__box",
        "div[id^='div-gpt-ad']",
        "div.photo",  # captions are collected before the body is read
        "div.paging",
        "div.social",
    ),
    # div.paging--article: "Halaman: 1 2 3 Selanjutnya"; links carry data-ci-pagination-page (zonajakarta).
    paging_links=("div.paging--article a.paging__link",),
    page_param="page",
    # dataLayer = [{published_date, rubrik, penulis, editor, source, tag, ...}] in <head> (both pages).
    datalayer={
        "published_at": "published_date",
        "category": "rubrik",
        "authors": "penulis",
        "editor": "editor",
        "source": "source",
        "tags": "tag",
    },
    # UNVERIFIED: the corpus pages link no sitemap, feed or index page; these are the CMS's usual paths.
    # A crawl reads robots.txt `Sitemap:` lines first, so a wrong guess here only costs a 404.
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    # Article URLs carry "/pr-<digits>/" (every PRMN URL in both corpus pages).
    article_url=r"/pr-\d+/",
    verified="real pages: zonajakarta.pikiran-rakyat.com (2020, 3-page article) and a partner domain page "
    "in the same markup; fixtures pin a one-page article, a 3-page article, a partner domain and an index page",
)
