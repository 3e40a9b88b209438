"""parse_html: one page's HTML in, one Article out; a pure function with no network.

Each field goes through one chain of evidence, first hit wins: JSON-LD -> OpenGraph/meta and the page's
`dataLayer` -> the site profile's selectors -> heuristics. Sources known to lie are cross-checked (the site's
own name is never an author). Profile selectors only run when the metadata had no answer, and only inside
the region around the headline and body: both keep extraction cheap next to parsing itself.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from datetime import datetime, timedelta
from functools import cached_property
from itertools import islice
from urllib.parse import urljoin, urlsplit

from lxml import etree

from beritascrape.errors import NotAnArticle, NotHTML
from beritascrape.extract import body as body_mod
from beritascrape.extract import clean, generic
from beritascrape.extract import drift as drift_mod
from beritascrape.extract import kind as kind_mod
from beritascrape.extract.captions import caption_text, classed_captions
from beritascrape.extract.credits import (
    BYLINE_LABEL,
    DESK,
    TITLE_SEP,
    byline_blocks,
    credit_blocks,
    credit_lines,
    host_label,
    linked_byline,
    name_key,
    names_site,
    read_credits,
    split_names,
    strip_host_affix,
    strip_site,
)
from beritascrape.extract.dates import WIB, WIT, WITA, DateReading, parse_date, read_date
from beritascrape.extract.labels import (
    CRUMB_BLOCKS,
    CRUMB_LEVELS,
    CRUMB_NAME,
    GENERIC_SECTIONS,
    links_somewhere,
    reads_indonesian,
    visible_tags,
)
from beritascrape.extract.metadata import PUBLISHED_META, analytics_values, collect_evidence, ld_names, ld_text
from beritascrape.extract.pagination import discover_pages, read_pagination
from beritascrape.extract.text import split_list, squash, text_of, unique, word_count
from beritascrape.model import Article, site_of
from beritascrape.sites import find_profile
from beritascrape.sites.base import ClassCache, SiteProfile

# Messages name no URL: every caller prints them after the input they are about.
INDEX_PAGE = "index or home page, not an article"
# Fewer words than this after cleaning means the page holds no article (an index, an error page).
MIN_WORDS = 20

# Plain etree elements (not lxml.html's) are much cheaper to touch; comments are dropped while parsing.
# collect_ids=False: nothing here looks elements up by id through lxml's id table (4-5% of a parse).
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
_UTF8_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8", collect_ids=False)
# [itemprop='articleBody'], found from the attribute: a third cheaper than testing every element.
_GENERIC_BODY = etree.XPath("//@itemprop[. = 'articleBody']/..")
_P_PARENTS = etree.XPath("descendant::p/..")
# <time datetime>, and hAtom's <abbr class="published|updated" title="2020-10-09T10:10:00+07:00">9 Oktober 2020</abbr>
# (Blogger): the attribute holds the time the visible text leaves out.
_TIME = etree.XPath(
    "descendant-or-self::time[@datetime]/@datetime | descendant::abbr[@title][contains(@title, '-')]/@title"
)


def parse_html(
    html: str | bytes,
    url: str | None = None,
    *,
    now: datetime | None = None,
    require_article: bool = True,
    template: Collection[str] = (),
    use_profiles: bool = True,
) -> Article:
    """Extract the Article from one page's HTML; `url` is where it came from (it picks the site profile).

    `now` anchors relative dates ("2 jam yang lalu"); `require_article=False` accepts a short page (the last
    page of a split article) instead of raising NotAnArticle; `template` holds the block keys of the host's
    learnt template text (clean.block_key), dropped from the body; `use_profiles=False` reads the page as an
    unknown site's (what `sites --check` and the accuracy benchmark compare with).
    """
    if not isinstance(html, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"parse_html takes the page as str or bytes, not {type(html).__name__}")
    doc = _parse_document(html)
    if kind_mod.is_xml_listing(doc):
        raise NotAnArticle("a feed or sitemap, not an article")
    page = _PageReader(doc, url, now, template, use_profiles)
    article_url = page.profile.article_url if page.profile else None
    # An index is recognised before its body is read: the generic extractor would waste its time on one.
    # A page holding its profile's article container is an article, whatever its URL (a saved file has none).
    if (
        require_article
        and page.profile_container is None
        and kind_mod.is_index(page.doc, page.ev, page.url, article_url)
    ):
        raise NotAnArticle(INDEX_PAGE, kind=kind_mod.INDEX)
    body = "\n\n".join(page.paragraphs)
    words = sum(word_count(p) for p in page.paragraphs)
    published = page.published()
    title = page.title()
    kind = kind_mod.content_kind(page.ev, page.url, title, words, article_url)
    # A dated, titled gallery or video page is archived whatever text it has: its captions are its content.
    media = kind in (kind_mod.GALLERY, kind_mod.VIDEO) and bool(title) and published is not None
    if require_article and not media:
        if words < MIN_WORDS and page.ev.first_meta("og:type") == "website":
            raise NotAnArticle(INDEX_PAGE, kind=kind_mod.INDEX)
        if words < MIN_WORDS:
            raise NotAnArticle("no article text found")
        if not page.declares_article() and not kind_mod.has_prose(page.paragraphs):
            # Headlines, dates and page links strung together: a list page no other sign gave away.
            raise NotAnArticle(INDEX_PAGE, kind=kind_mod.INDEX)
        if not page.looks_like_article(published):
            raise NotAnArticle("not a news article (no article markup, headline or date)")
    if media and not body and page.captions:
        # A photo page with no text of its own: its captions are what it says, and what search must find.
        body = "\n\n".join(page.captions)
        words = sum(word_count(c) for c in page.captions)
    extractor = page.extractor()
    # A site no profile knows (or one that drifted) names its pages only in its navigation links.
    page_urls = tuple(discover_pages(page.region, page.url)) if extractor.startswith("generic") and page.url else ()
    return Article(
        url=page.url or page.canonical or "",
        canonical_url=page.canonical,
        site=site_of(page.canonical or page.url),
        title=title,
        published_at=published,
        updated_at=page.updated(),
        authors=tuple(page.authors(photo_page=kind == kind_mod.GALLERY)),
        editor=page.credit("editor"),
        source=page.credit("source"),
        category=page.category(),
        tags=tuple(page.tags()),
        description=page.ev.first_meta("og:description", "description", "twitter:description")
        or ld_text(page.ev.ld("description")),
        image_url=page.image_url(),
        captions=tuple(page.captions),
        body=body,
        word_count=words,
        language=page.language(),
        page_count=len(page_urls) or read_pagination(page.region, page.profile, page.canonical or page.url).count,
        extractor=extractor,
        page_urls=page_urls,
        kind=kind,
    )


def _parse_document(html: str | bytes) -> etree._Element:
    parser = _PARSER
    if isinstance(html, str):
        # lxml refuses str input that carries an XML encoding declaration.
        html, parser = html.encode("utf-8"), _UTF8_PARSER
    elif not html.isascii() and (_declares_utf8(html) or _is_utf8(html)):
        # A page that declares UTF-8 is parsed as UTF-8 from its first byte: libxml2 alone reads text before a
        # late <meta charset> as latin-1 (a non-ASCII <title> first, TheGuardian in ../shared/bench/fundus-eval).
        # Bytes that decode as UTF-8 are UTF-8, whatever the page declares: re-saved copies keep an old
        # iso-8859-1 <meta> over UTF-8 text (kapanlagi__anpandu-singlepage.html); latin-1 prose is never valid UTF-8.
        parser = _UTF8_PARSER
    if not html or html.isspace():  # bytes.strip() would copy the whole page for this test
        raise NotHTML("empty page")
    try:
        doc = etree.fromstring(html, parser)
    except (etree.ParserError, ValueError) as exc:
        raise NotHTML(f"cannot parse the page as HTML ({exc})") from None
    if doc is None or not isinstance(doc.tag, str):
        raise NotHTML("cannot parse the page as HTML")
    return doc


_UTF8_DECLARATION = re.compile(rb"""charset\s*=\s*["']?\s*utf-?8""")


def _declares_utf8(raw: bytes) -> bool:
    # A page that says it is UTF-8 is parsed as UTF-8 by libxml2 already: no need to decode it once more to check.
    # The pattern is tried only where "charset" stands: a case-blind search at every byte of 4 KiB costs more.
    head = raw[:4096].lower()
    at = head.find(b"charset")
    while at >= 0:
        if _UTF8_DECLARATION.match(head, at):
            return True
        at = head.find(b"charset", at + 7)
    return False


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _PageReader:
    """One parsed page and the evidence chains that read each field from it."""

    def __init__(
        self,
        doc: etree._Element,
        url: str | None,
        now: datetime | None,
        template: Collection[str] = (),
        use_profiles: bool = True,
    ) -> None:
        self.doc = doc
        self.now = now
        self.template = template
        # Why the profile's body was not used for this page (the site's layout drifted), or None.
        self.drift: str | None = None
        self.ev = collect_evidence(doc)
        self.url = url or _usable_url(self.ev.canonical) or _usable_url(self.ev.first_meta("og:url")) or ""
        self.profile: SiteProfile | None = find_profile(self.url, doc) if use_profiles else None
        # Class attributes the profile's selectors have read, shared by all of them on this page.
        self._classes: ClassCache = {}
        # The profile's own article container, when the page has one: the surest sign of an article page.
        self.profile_container = self._first("body", doc)
        self.container = self.profile_container if self.profile_container is not None else self._body_container()
        self.headline = self._first("title", doc)
        # Byline, photos, credits and tags sit near the headline and body; searching only there is faster. On an
        # unknown site the first <h1> stands for the headline (a whole-page search costs the generic path ~40%).
        anchor = self.headline if self.headline is not None or self.profile is not None else _first_h1(doc)
        if anchor is not None and self.container is not None:
            self.region = _common_ancestor(anchor, self.container)
        else:
            self.region = doc

    def extractor(self) -> str:
        """Which path read the body: profile:NAME, generic, or generic (profile NAME drifted)."""
        if self.profile is None:
            return "generic"
        self.paragraphs  # noqa: B018 - reading the body decides whether the profile drifted
        return f"generic (profile {self.profile.name} drifted)" if self.drift else f"profile:{self.profile.name}"

    def declares_article(self) -> bool:
        """True when the page's own metadata calls it an article (article JSON-LD, og:type article)."""
        return bool(self.ev.article_ld) or (self.ev.first_meta("og:type") or "").lower() == "article"

    def looks_like_article(self, published: datetime | None) -> bool:
        """True when something besides running text says this is an article: markup, a profile body, a date."""
        return bool(
            self.ev.article_ld
            or (self.ev.first_meta("og:type") or "").lower() == "article"  # okezone (2015) writes "Article"
            or self.profile_container is not None
            or published is not None
        )

    # -- selectors -------------------------------------------------------------------------------------

    def _select(self, group: str, scope: etree._Element | None = None) -> list[etree._Element]:
        return (
            self.profile.select(group, self.region if scope is None else scope, self._classes) if self.profile else []
        )

    def _first(self, group: str, scope: etree._Element | None = None) -> etree._Element | None:
        # The profile's selectors in its order: the first that matches names the element.
        if self.profile is None:
            return None
        return self.profile.select_first(group, self.region if scope is None else scope, self._classes)

    def _dl(self, field: str) -> str | None:
        key = self.profile.datalayer.get(field) if self.profile else None
        return (squash(self.ev.datalayer.get(key)) or None) if key else None

    # -- body ------------------------------------------------------------------------------------------

    def _body_container(self) -> etree._Element | None:
        generic = _GENERIC_BODY(self.doc)
        return generic[0] if generic else _densest_container(self.doc)

    @cached_property
    def _caption_elements(self) -> list[etree._Element]:
        # The profile's caption elements that hold text, else the <figcaption>s, else elements classed as captions
        # beside a picture (WordPress p.wp-caption-text, div.keterangan, span.photo__caption).
        found = [el for el in self._select("captions") if text_of(el)]
        return found or [el for el in _FIGCAPTION(self.region) if text_of(el)] or classed_captions(self.region)

    @cached_property
    def captions(self) -> list[str]:
        """Photo captions of the article (they never go into the body): the profile's, else <figcaption>s; a
        credit in a child of its own follows the caption in parentheses (extract/captions.py)."""
        return unique([caption_text(el) for el in self._caption_elements])

    @cached_property
    def _caption_lines(self) -> list[str]:
        # The captions as the body reader sees them too (credit and caption run together): neither form is body.
        return [*self.captions, *(text_of(el) for el in self._caption_elements)]

    @cached_property
    def _cleaned(self) -> body_mod.BodyResult:
        # A profile's body container, unless it missed or holds boilerplate (the site redesigned: "drift");
        # then, as for an unknown site, trafilatura picks the main text (extract/generic.py) and the container
        # heuristic is its fallback.
        profile = self.profile
        if profile is not None and profile.body:
            if self.profile_container is not None:
                raw = body_mod.read_paragraphs(self.profile_container, profile.skip)
                result = body_mod.clean_paragraphs(
                    raw, self._caption_lines, self.template, closing_credit=profile.closing_credit
                )
                body_mod.take_closing_credit(result, names_are_writers=profile.closing_credit)
                self.drift = drift_mod.boilerplate_reason(raw, result.paragraphs, self.doc)
                if self.drift is None:
                    return result
            elif self.declares_article() and kind_mod.media_kind(self.url, None, 0) is None:
                self.drift = "its body selector matched nothing"
            else:
                return self._heuristic_body()
        found = generic.main_text(self.doc, self.url)
        if found:
            result = body_mod.clean_paragraphs(
                found, [*self._caption_lines, *generic.not_body(self.doc, self.ev)], self.template, trim_tail=True
            )
            body_mod.take_closing_credit(result, names_are_writers=False)
            return result
        return self._heuristic_body()

    def _heuristic_body(self) -> body_mod.BodyResult:
        container = self._body_container() if self.drift else self.container
        if container is None:
            return body_mod.BodyResult()
        return body_mod.clean_paragraphs(body_mod.read_paragraphs(container), self._caption_lines, self.template)

    @property
    def paragraphs(self) -> list[str]:
        """The cleaned body paragraphs."""
        return self._cleaned.paragraphs

    @cached_property
    def _credits(self) -> dict[str, str]:
        # Labelled credits the reader sees: lines inside the body and the profile's credit lines.
        return read_credits(
            [line for el in self._select("credit_lines") for line in credit_lines(el)], dict(self._cleaned.credits)
        )

    @cached_property
    def _page_credits(self) -> dict[str, str]:
        # Any labelled line near the headline and body ("<span>Penulis</span> <a>Name</a>", Kompas 2021): searched
        # only when the cheaper sources named nobody, since it reads every text node of the region.
        blocks = credit_blocks(self.region, self.profile_container)
        return read_credits([line for el in blocks for line in credit_lines(el)], {})

    def _analytics(self, field: str, *, meta: bool = True) -> list[str]:
        """Names an analytics object or meta tag gives for a field: the profile's dataLayer key, else any key
        named for the role (`editor`, `content_author`, `dtk:author`); `meta=False` leaves the meta tags out."""
        named = self._dl(field)
        if named:
            return split_list(named)
        return [v for v in analytics_values(self.ev, field, meta=meta) if _is_name(v)]

    def credit(self, field: str) -> str | None:
        """Editor or source: the dataLayer's value, a visible "Editor: X" / "Sumber: X" line, an analytics key,
        else a role-mapped JSON-LD author."""
        found = self._dl(field) or self._credits.get(field)
        if found is None and field == "editor":
            found = next(iter(self._analytics(field)), None)
        # The page-wide search for a labelled line costs most: last, and for a source only on unknown sites (a
        # profile names where its family writes "Sumber:").
        if found is None and (field == "editor" or self.profile is None):
            found = self._page_credits.get(field)
        if found is None and self.profile is not None and self.profile.ld_author_role == field:
            found = next(iter(ld_names(self.ev.ld("author"))), None)
        return found

    # -- metadata chains -------------------------------------------------------------------------------

    @cached_property
    def site_name(self) -> str | None:
        """The site's own name (og:site_name, else the JSON-LD publisher)."""
        publisher = self.ev.ld("publisher")
        name = publisher.get("name") if isinstance(publisher, dict) else None
        return self.ev.first_meta("og:site_name") or (squash(name) if isinstance(name, str) else None)

    @cached_property
    def canonical(self) -> str | None:
        """<link rel=canonical>, og:url, JSON-LD url, else the page's own URL."""
        for raw in (self.ev.canonical, self.ev.first_meta("og:url"), ld_text(self.ev.ld("url"))):
            try:
                absolute = urljoin(self.url, raw) if raw else ""
                if absolute and urlsplit(absolute).scheme in ("http", "https"):
                    return absolute
            except ValueError:  # a malformed link ("http://[bad/x") names nothing
                continue
        return self.url or None

    def title(self) -> str | None:
        """JSON-LD headline, og:title, the profile's headline, <title>; the site's name before or after it
        stripped."""
        return self._title

    @cached_property
    def _title(self) -> str | None:
        headline = self.headline
        if headline is None and self.profile is None:
            found = generic.h1s(self.doc)
            # An unknown site's <h1> may be its logo: a headline has a few words.
            headline = found[0] if found and len(text_of(found[0]).split()) >= 3 else None
        visible = text_of(headline) if headline is not None else ""
        label = host_label(self.canonical or self.url)
        ev = self.ev
        if not visible and self.profile is None and ev.title_tag:
            # No <h1> (Blogger's h3.post-title): a heading whose text is one side of the <title>'s separator is the
            # headline, and the other side the site's name ("Kabar Desa Sukamaju: Musyawarah Desa ...").
            visible = _heading_in_title(self.doc, squash(ev.title_tag))
        for raw in (ev.ld("headline"), ev.first_meta("og:title", "twitter:title"), visible, ev.title_tag):
            if isinstance(raw, str) and squash(raw):
                title = strip_host_affix(strip_site(squash(raw), self.site_name), label)
                # The visible headline wins over a metadata copy carrying a prefix or suffix we could not name
                # ("KapanLagi.com: " before og:title on kapanlagi__anpandu-singlepage.html).
                if visible and title != visible and visible in title:
                    return visible
                return title
        h1 = generic.h1s(self.doc)
        return text_of(h1[0]) if h1 else None

    def published(self) -> datetime | None:
        """Publication time: JSON-LD, meta tags, dataLayer, weighed against the page's visible date.

        The visible date wins where the metadata says less: a time where the metadata gives only the day, the
        local offset where the metadata writes the same instant in UTC, the displayed zone where the metadata
        states the same clock with another offset (merdeka's -07:00 for WIB).
        """
        metas = [
            r
            for raw in (
                self.ev.ld("datePublished"),
                *self.ev.metas(*PUBLISHED_META),
                self._dl("published_at"),
                *analytics_values(self.ev, "published_at"),
            )
            if isinstance(raw, str) and (r := read_date(raw, now=self.now)) is not None
        ]
        if not metas:
            readings = self._visible_dates()
            first = next(readings, None)
            if first is None or first.timed:
                return first.at if first else None
            # A date-only line first (a breadcrumb, a URL): the same day with a time, close after it, says more.
            return next((r.at for r in islice(readings, 6) if r.timed and r.at.date() == first.at.date()), first.at)
        meta = metas[0]
        if self.profile and self.profile.wrong_offset_meta:
            return self._meta_date(meta.at)
        # Another metadata value for the same instant in a local offset (a UTC JSON-LD beside a +07:00 meta).
        if meta.at.utcoffset() == timedelta(0):
            local = next((r for r in metas[1:] if r.zoned and r.at.utcoffset() and _same_instant(r.at, meta.at)), None)
            if local is not None:
                return meta.at.astimezone(local.at.tzinfo)
        weak = not meta.timed or meta.at.utcoffset() == timedelta(0) or not meta.zoned or _foreign(meta.at)
        if weak:
            for shown in self._visible_dates():
                better = _reconcile(meta, shown) if shown.timed else None
                if better is not None:
                    return better
        return self._meta_date(meta.at)

    def _visible_dates(self) -> Iterator[DateReading]:
        # Lazily, so the page is only searched when the metadata leaves a doubt or has no date.
        def texts() -> Iterator[object]:
            yield from ("".join(el.itertext()) for el in self._select("date"))
            yield from _TIME(self.region)
            if self.profile is None:  # unknown sites: the lines around the headline
                yield from generic.meta_lines(self.doc)

        for raw in texts():
            if isinstance(raw, str) and len(raw) < 200 and (r := read_date(raw, now=self.now)) is not None:
                yield r
        if self.profile is None:
            # Dated elements and short timed lines around the headline and body (the whole page when it has no
            # <h1>), nearest to the headline first: a sidebar's dates come before the article's on some layouts
            # (tempo-en__anpandu-singlepage.html).
            for el in self._near_headline([*_dated(self.region), *_TIMED_TEXT(self.region)]):
                raw = text_of(el) if isinstance(el.tag, str) else ""
                if raw and len(raw) < 200 and (r := read_date(raw, now=self.now)) is not None:
                    yield r

    def _near_headline(self, elements: list[etree._Element]) -> list[etree._Element]:
        anchor = self.headline if self.headline is not None else self._title_element()
        if anchor is None or not elements:
            return elements
        # Positions in page order of these elements only: the region's subtree is one stretch of the page, so
        # counting there, up to the last element wanted, gives the same distances as counting the whole page.
        want = {*elements, anchor}
        order: dict[etree._Element, int] = {}
        for scope in (self.region, self.doc):
            order.clear()
            for i, el in enumerate(scope.iter()):
                if el in want:
                    order[el] = i
                    if len(order) == len(want):
                        break
            if len(order) == len(want):
                break
        at = order.get(anchor, 0)
        return sorted(elements, key=lambda el: abs(order.get(el, 0) - at))

    def _title_element(self) -> etree._Element | None:
        # Unknown sites: the first <h1>, else the element that shows the title (a div.judul-konten).
        found = generic.h1s(self.doc)
        if found:
            return found[0]
        title = self.title()
        if not title:
            return None
        for el in _TITLE_CANDIDATES(self.doc):
            if text_of(el) == title:
                return el
        return None

    def _meta_date(self, found: datetime) -> datetime:
        # A family whose metadata states a wrong offset for WIB wall-clock time: keep the clock, fix the zone.
        if self.profile and self.profile.wrong_offset_meta:
            return found.replace(tzinfo=WIB)
        # A true UTC time on an Indonesian site (liputan6's JSON-LD "...Z") is shown to readers in WIB: the same
        # instant, written with the offset the page itself displays.
        if self.profile and found.utcoffset() == timedelta(0):
            return found.astimezone(WIB)
        return found

    def updated(self) -> datetime | None:
        """Last modification time, when the page states one."""
        found = _first_date(
            (self.ev.ld("dateModified"), self.ev.first_meta("article:modified_time", "og:updated_time")),
            self.now,
        )
        return self._meta_date(found) if found is not None else None

    def authors(self, *, photo_page: bool = False) -> list[str]:
        """Writers: what the page shows (dataLayer, byline, credit lines, analytics keys), then JSON-LD Person
        authors, a byline under the headline, on a photo page its photographer ("Fotografer: X"), meta author."""
        # The site's own name is not a writer: PRMN and liputan6 put it in meta[name=author].
        not_writers = {name_key(n) for n in (self.site_name, self.ev.first_meta("og:site_name")) if n}
        not_writers.update(name_key(n) for n in ld_names(self.ev.ld("publisher")))
        label = host_label(self.canonical or self.url)
        not_writers.add(name_key(label))

        def kept(names: list[str]) -> list[str]:
            # "Name - detikinet", "Name, CNBC Indonesia": a byline that ends with the site's name.
            names = [strip_host_affix(strip_site(BYLINE_LABEL.sub("", n), self.site_name), label) for n in names]
            return unique(
                [
                    n
                    for n in names
                    if n and (DESK.match(n) or not names_site(n, not_writers)) and not clean.is_company(n)
                ]
            )

        def visible() -> Iterator[list[str]]:
            dl = self._dl("authors")
            yield split_list(dl) if dl else []
            byline = self._first("authors")
            yield [text_of(byline)] if byline is not None else []
            yield split_names(self._credits.get("authors", ""))
            yield split_names(self._page_credits.get("authors", ""))
            yield self._analytics("authors", meta=False)
            # Unknown sites: a byline element whose names are its links ("<span class=byline>Oleh <a
            # href=/author/x>Name</a></span>"). What the reader sees outranks a meta tag (README): a template's
            # <meta name=author> may name someone else.
            yield linked_byline(self.region) if self.profile is None else []
            yield self._analytics("authors")
            # Unknown sites: an element classed as the byline ("<div class=author>Name - detikinet</div>").
            yield list(islice(byline_blocks(self.region), 1)) if self.profile is None else []

        shown = next((names for names in map(kept, visible()) if names), [])
        role = self.profile.ld_author_role if self.profile else "authors"
        # A JSON-LD author whom the page names as its editor is the editor (Kompas 2021, Tribun).
        editor = self.credit("editor")
        ld = [n for n in kept(ld_names(self.ev.ld("author"))) if role == "authors" and n != editor]
        # JSON-LD wins only where it agrees with the page and says more (a second writer the byline leaves out).
        if shown and not {name_key(n) for n in shown} <= {name_key(n) for n in ld}:
            return shown
        if ld:
            return ld
        if shown:
            return shown
        # Unknown sites: a "Penulis: X" / "oleh X" / "By X" line under the headline (extract/generic.py).
        fallback = kept(generic.visible_byline(self.doc) if self.profile is None else [])
        if not fallback and photo_page:
            # A photo page's photographs are its content, and detik shows "Fotografer: X" where its articles show
            # the writer: the photographer is the page's author. On an article the photographer credits a picture.
            credited = self._credits.get("photographer") or self._page_credits.get("photographer", "")
            fallback = kept(split_names(credited))
        return fallback or kept(split_list(self.ev.first_meta("author") or ""))

    def category(self) -> str | None:
        """The profile's section meta, article:section, dataLayer rubric, JSON-LD articleSection, breadcrumb (JSON-LD,
        else the page's own); a generic word ("Article", "News") or the site's name is no section."""
        section = self.ev.ld("articleSection")
        if isinstance(section, list):
            section = section[0] if section else None
        metas = self.ev.metas(*(self.profile.category_meta if self.profile else ()), "article:section")

        def sources() -> Iterator[str | None]:
            # Lazily: the HTML breadcrumb walks the page, only when nothing before it named a section.
            yield from metas
            yield self._dl("category")
            yield squash(section) if isinstance(section, str) else None
            yield self._breadcrumb_section()
            yield self._html_breadcrumb_section()

        return next((f for f in sources() if f and f.casefold() not in GENERIC_SECTIONS), None)

    @cached_property
    def _site_keys(self) -> set[str]:
        # The site's own names (og:site_name, the JSON-LD publisher, the host's label), as name_key folds them.
        keys = {name_key(n) for n in (self.site_name, self.ev.first_meta("og:site_name")) if n}
        keys.update(name_key(n) for n in ld_names(self.ev.ld("publisher")))
        keys.add(name_key(host_label(self.canonical or self.url)))
        return keys

    def _section_of(self, crumbs: list[tuple[str, str]]) -> str | None:
        # "Home > Section [> Article]": the first crumb past the home page (a link to a site's root, "Home", the
        # brand: "detikTravel" on travel.detik.com), the title and generic words ("News") is the section.
        title = (self.title() or "").casefold()
        level: str | None = None
        for at, (name, href) in enumerate(crumbs):
            folded = name.casefold()
            try:
                root = at == 0 and bool(href) and urlsplit(urljoin(self.url, href)).path in ("", "/")
            except ValueError:
                root = False
            # The brand is one word ("detikTravel", "Kompas.com"); "Detik Insider" is a section holding its name.
            brand = name_key(name) in self._site_keys or (" " not in name and names_site(name, self._site_keys))
            if root or brand or folded in GENERIC_SECTIONS or folded == title:
                continue
            if folded in CRUMB_LEVELS:
                # "News" above the sections ("Kompas.com > News > Megapolitan"), unless nothing comes after it
                # ("detikNews > berita": that is the section).
                level = level or name
                continue
            return name
        return level

    def _breadcrumb_section(self) -> str | None:
        # JSON-LD BreadcrumbList, in its positions' order.
        crumbs = next((o for o in self.ev.jsonld if o.get("@type") == "BreadcrumbList"), None)
        items = crumbs.get("itemListElement") if crumbs else None
        if not isinstance(items, list):
            return None
        found = []
        for entry in sorted((i for i in items if isinstance(i, dict)), key=_position):
            item = entry.get("item")
            name = entry.get("name") or (item.get("name") if isinstance(item, dict) else None)
            href = item if isinstance(item, str) else (item.get("@id") if isinstance(item, dict) else None)
            if isinstance(name, str) and squash(name):
                found.append((squash(name), href if isinstance(href, str) else ""))
        return self._section_of(found)

    def _html_breadcrumb_section(self) -> str | None:
        # The page's own breadcrumb links: an element classed or named as the breadcrumb (div.breadcrumb, div.bc,
        # kompas mobile's div.breadcum-new, Blogger's #breadcrumbs of data-vocabulary crumbs), the first one.
        # Near the article: within two levels above the region of headline and body (the whole page costs ~5% of a
        # profile page's parse; breadcrumbs sit just above the headline).
        scope = self.region
        for _ in range(2):
            up = scope.getparent()
            scope = up if up is not None else scope
        for el in CRUMB_BLOCKS(scope):
            names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
            if not CRUMB_NAME.search(names):
                continue
            links = [(t, a.get("href") or "") for a in el.iter("a") if (t := text_of(a))]
            if links:
                return self._section_of(links)
        return None

    def tags(self) -> list[str]:
        """JSON-LD keywords, dataLayer tags, the profile's tag list, a visible tag list or "Tags:" line, meta
        keywords; each a short label (a headline or a button's text is not a tag)."""
        return [t for t in self._tag_candidates() if clean.is_tag(t)]

    def _tag_candidates(self) -> list[str]:
        keywords = self.ev.ld("keywords")
        if isinstance(keywords, list) and keywords:
            # liputan6 (2016) mixes "Tekno:Telko" and "Editor:Name" into its keywords: those are not tags.
            return unique([k for k in (squash(str(k)) for k in keywords) if k and not clean.is_pseudo_tag(k)])
        if isinstance(keywords, str) and keywords.strip():
            return clean.site_keywords(split_list(keywords))
        dl = self._dl("tags")
        if dl:
            return split_list(dl)
        # A tag is a link to its tag page: a "More Tag" control (no href) is not one.
        visible = unique([text_of(el) for el in self._select("tags") if el.tag != "a" or links_somewhere(el)])
        if visible:
            return visible
        meta = split_list(self.ev.first_meta("news_keywords", "keywords") or "")
        # merdeka and kapanlagi fill meta keywords with the description's words: a long list of single words.
        single = sum(1 for k in meta if " " not in k)
        if len(meta) >= 8 and single >= 0.75 * len(meta):
            return []
        if meta or self.profile is not None:
            return clean.site_keywords(meta)
        # Unknown sites without keywords: the tag links the reader sees, or a "Tags: a, b" line in the body.
        # The tag list closes the article: in the region around headline and body, or just after it.
        up = self.region.getparent()
        # The element showing the title (an unknown site's first <h1> may be its section's name).
        title = self.title()
        anchor = self.headline
        if anchor is None:
            anchor = next((h for h in self.doc.iter("h1", "h2") if title and text_of(h) == title), None)
        if anchor is None:
            anchor = _first_h1(self.doc)
        return (
            visible_tags(self.region, anchor)
            or split_list(self._cleaned.credits.get("tags", ""))
            or (visible_tags(up, anchor) if up is not None else [])
        )

    def image_url(self) -> str | None:
        """The JSON-LD image, og:image or twitter:image, made absolute."""
        href = ld_text(self.ev.ld("image")) or self.ev.first_meta("og:image", "twitter:image")
        try:
            return urljoin(self.url, href) if href else None
        except ValueError:  # a malformed link ("http://[bad/x") names no image
            return None

    def language(self) -> str | None:
        """Two-letter language code from <html lang> or meta tags; "id" where the body's own words say so against
        another declared language (a template's <html lang="en"> over Indonesian text)."""
        raw = self.ev.lang or self.ev.first_meta("language", "content-language", "og:locale")
        declared = (re.split(r"[-_]", raw.strip().lower())[0] or None) if raw else None
        if declared is not None and declared != "id" and reads_indonesian(self.paragraphs):
            return "id"
        return declared


def _usable_url(raw: str | None) -> str | None:
    # A page read without its URL is named by its own link only when that link is a whole http(s) URL: a relative
    # one ("/budaya/x") names no site, and two saved pages of two sites would share it as their key. A malformed
    # link ("http://[bad/x") names nothing either.
    if not raw:
        return None
    if raw.startswith("//"):
        raw = "https:" + raw  # protocol-relative: the site is named, the scheme is the web's
    try:
        parts = urlsplit(raw)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
    except ValueError:
        return None
    return raw


def _position(entry: dict[str, object]) -> int:
    # BreadcrumbList positions come as 1, "1" or nothing.
    value = entry.get("position")
    return int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else 0


def _first_date(candidates: Iterable[object], now: datetime | None) -> datetime | None:
    for raw in candidates:
        if isinstance(raw, str):
            found = parse_date(raw, now=now)
            if found is not None:
                return found
    return None


_SUB_HEADINGS = etree.XPath("(descendant::h2 | descendant::h3)[position() <= 20]")


def _heading_in_title(doc: etree._Element, title: str) -> str:
    """The text of an <h2>/<h3> that the <title> holds beside a separator and more words, or ""."""
    for el in _SUB_HEADINGS(doc):
        text = text_of(el)
        if len(text.split()) < 3 or text == title or text not in title:
            continue
        rest = title.replace(text, "", 1).strip()
        if re.fullmatch(rf"{TITLE_SEP}.+|.+{TITLE_SEP}", rest):
            return text
    return ""


def _first_h1(doc: etree._Element) -> etree._Element | None:
    found = generic.h1s(doc)
    return found[0] if found else None


def _common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element:
    ancestors = {id(a): a, **{id(x): x for x in a.iterancestors()}}
    for node in (b, *b.iterancestors()):
        if id(node) in ancestors:
            return node
    return a.getroottree().getroot()


def _densest_container(doc: etree._Element) -> etree._Element | None:
    """The element whose direct <p> children hold the most non-link text: a last-resort heuristic."""
    best, best_score = None, 0
    for parent in _P_PARENTS(doc):
        score = 0
        for p in parent.iterchildren("p"):
            text = text_of(p)
            link = sum(len(text_of(a)) for a in p.iter("a"))
            if len(text) > 40 and link < len(text) / 2:
                score += len(text)
        if score > best_score:
            best, best_score = parent, score
    return best


def _is_name(value: str) -> bool:
    # Analytics keys also hold ids, URLs and profile links: a name has letters and no URL punctuation.
    return 2 <= len(value) <= 80 and any(c.isalpha() for c in value) and not any(c in value for c in "/@=?")


_FIGCAPTION = etree.XPath("descendant::figcaption")
# Elements whose class or id says they hold a date: where unknown sites show the publication time.
# (The class test in Python: EXSLT's re:test calls back into Python for every element.)
_NAMED_BLOCKS = etree.XPath(
    "descendant::*[self::div or self::span or self::p or self::time or self::li or self::small][@class or @id]"
)
_DATED_NAME = re.compile("date|time|tanggal|waktu|publish|posted|tgl", re.I)
_DATED_NAME_LOWER = re.compile(_DATED_NAME.pattern)
# Short text lines with a clock: "Rabu, 4 November 2015 | 21:04 WIB" in a class no rule names; the parent element.
_TIMED_TEXT = etree.XPath(
    # The year's "19"/"20" and the clock's ":"/"." tested in C first: re:test calls back into Python.
    "descendant::text()[string-length(.) < 120][contains(., '19') or contains(., '20')][contains(., ':') or"
    " contains(., '.')][re:test(., '\\d[:.]\\d\\d') and re:test(., '(19|20)\\d\\d')]/..",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)


def _dated(scope: etree._Element) -> list[etree._Element]:
    """Elements whose class or id says they hold a date, with no link inside, in page order."""
    out = []
    for el in _NAMED_BLOCKS(scope):
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        # ASCII names lower-cased and searched without re.I: the same test, several times faster.
        named = _DATED_NAME_LOWER.search(names.lower()) if names.isascii() else _DATED_NAME.search(names)
        if named and el.find(".//a") is None:
            out.append(el)
    return out


_TITLE_CANDIDATES = etree.XPath("descendant::*[self::h2 or self::h3 or self::div or self::span or self::p][not(*)]")
_LOCAL_ZONES = (WIB, WITA, WIT)


def _same_instant(a: datetime, b: datetime) -> bool:
    return abs((a - b).total_seconds()) < 60


def _same_clock(a: datetime, b: datetime) -> bool:
    return (a.date(), a.hour, a.minute) == (b.date(), b.hour, b.minute)


def _foreign(at: datetime) -> bool:
    # An offset no Indonesian clock shows (merdeka's -07:00): the visible date decides.
    return at.utcoffset() not in {z.utcoffset(None) for z in _LOCAL_ZONES}


def _reconcile(meta: DateReading, shown: DateReading) -> datetime | None:
    """The better of a metadata date and the visible one, or None when they do not describe one time."""
    if not meta.timed:
        # A date-only meta: the visible time of that same day.
        return shown.at if shown.at.date() == meta.at.date() else None
    if shown.zoned:
        if _same_instant(meta.at, shown.at):
            return meta.at.astimezone(shown.at.tzinfo)
        if _same_clock(meta.at, shown.at):
            # The same clock with another offset: the page shows its zone, the metadata mislabels it.
            return meta.at.replace(tzinfo=shown.at.tzinfo)
        return None
    # A visible clock without a zone: the Indonesian zone in which the metadata's instant reads that clock.
    for zone in _LOCAL_ZONES:
        if _same_clock(meta.at.astimezone(zone), shown.at):
            return meta.at.astimezone(zone)
    if _foreign(meta.at) and _same_clock(meta.at, shown.at):
        return meta.at.replace(tzinfo=WIB)
    return None
