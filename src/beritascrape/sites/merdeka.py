"""merdeka.com (www. and the mobile m.merdeka.com), KLY.

Real pages in ../shared/corpus/pages, all m.merdeka.com 2021 (saved by an ad-ops team; v1 = least modified):
- merdeka__m-kasus-aktif-covid-19.html, merdeka__m-5-penyebab-pusing-setelah.html,
  merdeka__m-hedy-lamarr-bintang-hollywood.html, merdeka__m-jadi-penagih-utang-untuk.html (articles),
  merdeka__m-foto-sarwendah.html (photo page), merdeka__m-video-pogba.html (video page).
- What they show: div.mdk-news-head h1; div.mdk-date-reporter ("JABAR | 16 Juni 2021 13:00" and "Reporter : X");
  meta[name=author] is the reporter (a real writer here); the body div.mdk-body-paragraph holds page 1 and, nested,
  every later page as div.mdk-body-paragraph.paging-content with style="display:none": the article is all of them,
  so the nav div.page-number (?page=N) only tells the count (pages_inline). p.dont-display "Baca juga:" is followed
  by one linked headline per <p>. Tags: div.mdk-dt-box ("TOPIK TERKAIT"); meta keywords are the description's words.
- Dates: article:published_time says -07:00 and meta pubdate says GMT for what is WIB wall-clock time (the visible
  date agrees with the clock): hence wrong_offset_meta.
- merdeka__homepage-2020.html: the desktop home page (no article).
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="merdeka",
    label="merdeka.com",
    domains=("merdeka.com",),
    fingerprints=(
        "div.mdk-body-paragraph",
        "div.mdk-date-reporter",
        "div.mdk-news-head",
        "p.dont-display",
        "div.mdk-dt-box",
        "img[src*='klimg.com/merdeka.com']",
    ),
    fingerprint_min=3,
    title=("div.mdk-news-head h1",),
    body=("div.mdk-body-paragraph",),
    date=("div.mdk-date-reporter span",),
    captions=("span.mdk-news-img-copyright",),
    tags=("div.mdk-dt-box a",),
    credit_lines=("div.mdk-date-reporter span",),
    # p.dont-display ("Baca juga:") stays: the shared read-also rule needs the label to drop the links after it.
    remove=(
        "p.read-too",
        "div.imageinfo",  # the photo credit ("©MGM") under in-body images (hedy-lamarr page)
        "div[id^='div-gpt-ad']",
        "div[id^='div-revive-ad']",
        "div#gplus_recommendation",
        "div#dnative_video_one_detailpage",
    ),
    paging_links=("div.page-number a",),
    page_param="page",
    pages_inline=True,
    wrong_offset_meta=True,
    # article:section is "News" (liputan6) or "Article" (merdeka) on every page; article:section2 is the channel.
    category_meta=("article:section2",),
    sitemaps=("/sitemap.xml",),
    feeds=("/feed/",),
    # /<kanal>/<slug>.html; photo pages sit under /foto/ (corpus URLs).
    article_url=r"merdeka\.com/(?!foto/|video/)[a-z-]+/[\w-]+\.html",
    verified="four real m.merdeka.com articles and a photo and a video page (2021), every selector; the desktop "
    "article layout is unverified; fixture written by us",
)
