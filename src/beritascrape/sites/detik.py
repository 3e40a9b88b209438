"""detik network (detik.com and its channels: news., finance., inet., hot., sport., ...), CT Corp.

Real pages in ../shared/corpus/pages:
- detik__anpandu-singlepage.html (inet.detik.com, 2015): h1 in div.content_detail, div.author ("Name -
  detikinet"), div.date ("Kamis, 05/11/2015 10:08 WIB"), body div.text_detail (text and <br>, the dateline in
  <strong>), read-also box div#bacajugabox outside the body. meta pubdate "2015-11-05 T10:08:58Z" is the WIB wall
  clock marked Z (the visible date says 10:08 WIB): hence wrong_offset_meta.
- detik__anpandu-singlepage2.html (finance.detik.com readfoto, 2016): a photo page, one photo of a gallery per URL
  (/readfoto/.../461/N/slug): in div.content_detail div.detail_profil the date, the h1, the photographer
  ("<strong>Fotografer: Name</strong>", line 306: a labelled credit, the page's author as the photo page's byline),
  the photo story's text in div.text_gal (line 311: the body) and the photo's caption in div.gal_rating span.text
  (line 319), then a rating form and the gallery's thumbnails.
- detik__indeks-news-2024.html, detik__homepage-2022.html: index and home pages (no article).
Seen since in real pages an evaluator collected (/tmp/unseen/pages; sources in its SOURCES.tsv, all from the
public repo tisorlawan/indonesian-media-crawler):
- detik__aboutthegame-peracik-bola-mati-2021 (sport.detik.com/aboutthegame, 2021; tests/htmls/4.html): body
  div.detail_text (not the 2015 div.text_detail), inline photos as table.pic_artikel_sisip_table >
  div.pic_artikel_sisip > div.pic, the caption a bare text node after the img.p_img_zoomin.
- detik__travel-kadispar-badung-kuhp-2022 (travel.detik.com, 2022; tests/htmls/travel.html): body
  div.itp_bodycontent.read__content#detikdetailtext; detik__inet-bos-kripto-ftx-2022 (tests/htmls/inet.html) and
  detik__sepakbola-maroko-portugal-2022 (tests/htmls/2.html): div.itp_bodycontent.detail__body-text.
UNVERIFIED, from the current layout as public scrapers read it: h1.detail__title, div.detail__author,
div.detail__date, body div.detail__body-text, table.linksisip read-also tables, div.detail__long-nav paging
and ?single=1, which shows a split ("long-nav") article whole.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="detik",
    label="detik network",
    domains=("detik.com",),
    fingerprints=(
        "div.detail__body-text",
        "h1.detail__title",
        "table.linksisip",
        "div.detail__date",
        "div.text_detail",
        "img[src*='detik.net.id']",
    ),
    fingerprint_min=3,
    title=("h1.detail__title", "div.content_detail h1"),
    # div.content_detail div.text_gal: the 2016 readfoto photo page's story text (detik__anpandu-singlepage2.html,
    # line 311).
    # div.detail_text: sport.detik.com aboutthegame 2021; div.itp_bodycontent: travel.detik.com 2022 (its read__content
    # layout) and the 2022 detail__body-text pages (see above).
    body=(
        "div.detail__body-text",
        "div.text_detail",
        "div.content_detail div.text_gal",
        "div.detail_text",
        "div.itp_bodycontent",
    ),
    authors=("div.detail__author", "div.content_detail div.author"),
    date=("div.detail__date", "div.content_detail div.date"),
    # div.gal_rating span.text: the readfoto photo's caption (detik__anpandu-singlepage2.html, line 319).
    # div.pic_artikel_sisip: a photo inside the 2021 aboutthegame body (detik__aboutthegame-peracik-bola-mati-2021).
    captions=("div.detail__media figcaption", "div.pic_artikel", "div.gal_rating span.text", "div.pic_artikel_sisip"),
    tags=("div.detail__body-tag a", "div.nav a.nav__item"),
    remove=(
        "table.linksisip",
        "div.parallaxindetail",
        "div.detail__long-nav",
        "div.detail__anchor-numb",
        "div.lihatjg",
        "div.sisip_embed_sosmed",
        "div[id^='div-gpt-ad']",
        "div.pic_artikel",
        "div.pic_artikel_sisip",
        "div.leftarticle",
    ),
    paging_links=("div.detail__long-nav a",),
    page_all="single=1",
    wrong_offset_meta=True,
    sitemaps=("/sitemap.xml",),
    feeds=("/rss",),
    index_pages=("/indeks",),
    # /d-<id>/slug today; /read/YYYY/MM/DD/... in 2015 (corpus).
    article_url=r"/d-\d+/|/read/\d{4}/\d{2}/\d{2}/",
    verified="real 2015-2016 pages (old layout: h1, div.author, div.date, div.text_detail, the wrong Z on "
    "pubdate; the 2016 readfoto page's div.text_gal and div.gal_rating span.text); current-layout selectors, "
    "linksisip and ?single=1 from public scrapers, unverified here; fixtures written by us",
)
