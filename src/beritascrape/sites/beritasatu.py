"""Beritasatu (www.beritasatu.com, B Universe).

No real page of this family is in ../shared/corpus, and no page of it was fetched by us. Where each selector came
from (public GitHub code, read through the code search; nothing copied):
- body `div.body-content` (class "col b1-article body-content"), a "BACA JUGA" box inside it (a `<div>` holding
  `<p>BACA JUGA</p>` and an `<h2>` with the linked headline), `div-gpt-ad` slots, tag pills `h3.badge` in
  `a[href*=/tag/]` inside the body, the "Google News" / "WhatsApp Channel" follow lines outside it, three JSON-LD
  blocks (BreadcrumbList, WebPage, NewsArticle with `author` = an array of Person and +07:00 dates), no
  `article:*` meta, a `window.dataLayer.push({...})` naming penulis, editor, content_category and tags, URLs
  `/<kanal>/<numeric id>/<slug>`, /terkini/indeks and /<kanal>/indeks as listings, a /sitemap.xml index of
  per-kanal `/sitemap/<kanal>/news.xml` files, robots.txt disallowing /tag/, /search/, /network/: one Node
  crawler's adapter (DonnyRZ/egi-media-crawl, src/adapters/beritasatu, notes dated 2026-07).
- paragraphs in `div.row.mt-3 div.col` and the per-kanal news sitemaps: an unrelated Python crawler
  (newscrawler BeritaSatuCrawler). The URL shape also from okkymabruri/news-watch (scrapers/beritasatu.py).
The 2020 desktop layout, seen in a real page an evaluator collected (/tmp/unseen/pages/
beritasatu__pendemo-medan-reaktif-2020.html, from the public repo GeorgeMarche/project-portfolio,
GitHub_Program_Files/HW_3/raw/198--www.beritasatu.com): the body a `<div class="story">`, after a photo carousel
whose caption is a `div.story.caption-dtp` (hence the exact class test), "BACA JUGA" as a div.card inside it, and
`p.mb-3` "Sumber:BeritaSatu.com" closing it. URL `/<editor slug>/<kanal>/<id>/<slug>`.
Older URLs `/<kanal>/<id>-<slug>.html` are in links of public repos. UNVERIFIED (ours): the /rss feed (named by
public feed lists) and the ad label in the fixture. Not handled by the engine yet: the `dataLayer.push({...})`
form (the engine reads `dataLayer = [{...}]`), so editor and category stay empty; the byline shows the editor
only as a code.
"""

from __future__ import annotations

from beritascrape.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="beritasatu",
    label="Beritasatu",
    domains=("beritasatu.com",),
    # No fingerprints: the family publishes on its own domain only.
    # div[class='story']: the 2020 layout's body (see above), not its photo caption div.story.caption-dtp.
    body=("div.body-content", "div[class='story']"),
    authors=("a[href*='/penulis/']",),
    tags=("div.body-content a[href*='/tag/'] h3.badge",),
    # The "BACA JUGA" box needs no rule: its label and linked headline are dropped by the shared cleaning.
    remove=("h3.badge", "[id^='div-gpt-ad']"),
    sitemaps=("/sitemap.xml", "/sitemap/nasional/news.xml"),
    feeds=("/rss",),
    index_pages=("/terkini/indeks",),
    article_url=r"beritasatu\.com/[a-z0-9-]+/(?:\d+/[a-z0-9-]+/?(?:[?#]|$)|\d+-[a-z0-9-]+\.html)",
    # window.dataLayer.push({content_category, penulis, editor, tags, ...}) per the public adapter notes (UNVERIFIED).
    datalayer={"category": "content_category", "editor": "editor", "authors": "penulis"},
    verified="body container, tag and byline selectors, JSON-LD conventions, URL pattern and discovery paths from "
    "one public adapter (2026), the body also from an older public crawler; no real page in the corpus; fixture "
    "written by us",
)
