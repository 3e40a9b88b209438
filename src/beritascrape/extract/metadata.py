"""Evidence a page publishes about itself: JSON-LD, OpenGraph and other meta tags, the `dataLayer`, links."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from beritascrape.extract.limits import loads_bounded
from beritascrape.extract.text import squash, text_of

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "reviewnewsarticle",
    }
)

# Analytics objects that name the article's people and section, with the marker that finds their script:
# GTM's `dataLayer = [{...}]` (PRMN, Tribun) and KLY's `window.kmklabs.gtm = {...}` (liputan6 pages of the corpus:
# "editors", "publicationDate"). A profile's `datalayer` maps fields to their keys.
_ANALYTICS_OBJECTS = (
    ("dataLayer", re.compile(r"dataLayer\s*=\s*\[\s*\{(.*?)\}\s*\]", re.S)),
    ("kmklabs.gtm", re.compile(r"kmklabs\.gtm\s*=\s*\{(.*?)\}\s*;", re.S)),
    # `window.dataLayer.push({...})` with the article's fields (Beritasatu, per public scrapers' notes).
    ("dataLayer.push", re.compile(r"dataLayer\.push\(\s*\{(.*?)\}\s*\)", re.S)),
    # The same KLY object, minified, under `window.kly.gtm = {editors:"Name",...}` (m.merdeka.com 2021): its keys
    # are not quoted.
    ("kly.gtm", re.compile(r"kly\.gtm\s*=\s*\{(.*?)\}\s*(?:,\s*window\.|;|$)", re.S)),
)
# Markers whose object is a JavaScript literal with bare keys.
_BARE_KEYS = frozenset(("kly.gtm",))
MAX_INLINE_SCRIPT = 20_000
# "key": "value" pairs; Tribun writes its dataLayer with single quotes ('editor': 'Name').
_DL_PAIR = re.compile(r"""(["'])([A-Za-z_][\w-]*)\1\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
_BARE_PAIR = re.compile(r"""(?:^|[{,\s])()([A-Za-z_]\w*)\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


@dataclass
class Evidence:
    """Everything a page says about itself outside its visible body."""

    meta: dict[str, str] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    article_ld: dict[str, Any] = field(default_factory=dict)
    datalayer: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    lang: str | None = None
    title_tag: str | None = None

    def first_meta(self, *keys: str) -> str | None:
        """The first non-empty meta content among these property/name keys."""
        for key in keys:
            value = squash(self.meta.get(key))
            if value:
                return value
        return None

    def metas(self, *keys: str) -> list[str]:
        """Every non-empty meta content among these keys, in the keys' order."""
        return [v for key in keys if (v := squash(self.meta.get(key)))]

    @cached_property
    def by_role(self) -> dict[str, list[str]]:
        """dataLayer and meta values by the credit role their key names (see analytics_values)."""
        return _by_role(self, (self.datalayer, self.meta))

    @cached_property
    def by_role_in_scripts(self) -> dict[str, list[str]]:
        """The same from the analytics object alone (no meta tags)."""
        return _by_role(self, (self.datalayer,))

    def ld(self, key: str) -> Any:
        """A property of the article's JSON-LD, falling back to any JSON-LD object that has it."""
        if key in self.article_ld:
            return self.article_ld[key]
        for obj in self.jsonld:
            if key in obj:
                return obj[key]
        return None


def collect_evidence(doc: etree._Element) -> Evidence:
    """Gather meta tags, JSON-LD objects, the dataLayer object and link hints from a parsed page."""
    ev = Evidence(lang=doc.get("lang"))
    # One pass over the few tags that matter: far cheaper than one XPath search per kind. A page carries dozens
    # of ad and tracking scripts; only those typed as JSON-LD, and untyped ones in <head> (where a dataLayer is
    # set up), are read, since reading a script's text copies it.
    head = doc.find("head")
    canonicals: list[str] = []
    for el in doc.iter("meta", "script", "link", "title"):
        tag = el.tag
        if tag == "script":
            kind = el.get("type")
            if kind is not None and kind.strip().lower() == "application/ld+json":
                _read_jsonld(ev, el.text)
            elif not ev.datalayer and el.get("src") is None and (kind is None or "javascript" in kind.lower()):
                # Sites set up their dataLayer in <head> or at the top of <body> (Okezone 2021, Tribun): any
                # inline script may hold it; a long one (an ad library pasted inline) is not read.
                text = el.text
                if text and (len(text) < MAX_INLINE_SCRIPT or el.getparent() is head):
                    _read_datalayer(ev, text)
        elif tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
            if key and key not in ev.meta and el.get("content") is not None:
                ev.meta[key] = el.get("content") or ""
        elif tag == "link":
            if (el.get("rel") or "").strip().lower() == "canonical" and (href := (el.get("href") or "").strip()):
                canonicals.append(href)
        elif ev.title_tag is None:
            ev.title_tag = text_of(el)
    ev.canonical = _page_canonical(canonicals, ev.meta.get("og:url"))
    return ev


def _is_root(url: str) -> bool:
    try:
        return urlsplit(url).path in ("", "/")
    except ValueError:
        return False


def _page_canonical(canonicals: list[str], og_url: str | None) -> str | None:
    """The page's canonical link: the first, unless it is the site's home page while a later canonical or og:url
    names a page below it (a Blogger template links its home page first, the post's own canonical after it)."""
    first = canonicals[0] if canonicals else None
    if first is not None and _is_root(first):
        deeper = [c for c in (*canonicals[1:], (og_url or "").strip()) if c and not _is_root(c)]
        if deeper:
            return deeper[0]
    return first


def _read_jsonld(ev: Evidence, text: str | None) -> None:
    if not text:
        return
    for obj in _flatten(_loads(text)):
        ev.jsonld.append(obj)
        if not ev.article_ld and _types(obj) & ARTICLE_TYPES:
            ev.article_ld = obj


def _read_datalayer(ev: Evidence, text: str | None) -> None:
    if not text:
        return
    for marker, pattern in _ANALYTICS_OBJECTS:
        if marker in text:
            m = pattern.search(text)
            if m:
                pairs = (_BARE_PAIR if marker in _BARE_KEYS else _DL_PAIR).findall(m.group(1))
                ev.datalayer = {k: _unescape(dq or sq) for _, k, dq, sq in pairs}
                return


def _loads(raw: str) -> Any:
    try:
        return loads_bounded(raw)
    except ValueError:
        # Some CMSs leave raw newlines or trailing commas; one lenient retry, else ignore the block.
        try:
            return loads_bounded(re.sub(r",\s*([}\]])", r"\1", raw))
        except ValueError:
            return None


def _flatten(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [o for item in data for o in _flatten(item)]
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [data, *_flatten(graph)] if graph else [data]
    return []


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in items if x}


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    try:
        return str(json.loads(f'"{value}"'))
    except ValueError:
        return value


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD author/publisher value (a string, an object, or a list of either)."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            names.append(squash(item))
        elif isinstance(item, dict) and "organization" not in _types(item):
            names.append(squash(str(item.get("name") or "")))
    return [n for n in names if n]


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as one string (the url of an ImageObject, the first of a list)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or value.get("name")
    return squash(str(value)) if value else None


# Meta keys that give the publication time.
PUBLISHED_META = ("article:published_time", "og:published_time", "pubdate", "publishdate", "datepublished", "date")


def states_published(ev: Evidence) -> bool:
    """True when the page's metadata (JSON-LD, meta tags, analytics keys) gives a publication time."""
    return bool(ev.ld("datePublished") or ev.metas(*PUBLISHED_META) or analytics_values(ev, "published_at"))


# Analytics and meta keys named for a credit's role: the last part of the key ("content_author", "dtk:author",
# "editor") tells which field it fills; "_id" keys hold numbers.
ROLE_KEYS: dict[str, frozenset[str]] = {
    "authors": frozenset(("author", "authors", "penulis", "reporter", "writer", "wartawan", "pewarta")),
    "editor": frozenset(("editor", "editors", "redaktur", "penyunting")),
    "published_at": frozenset(("publisheddate", "publishdate", "published", "publishedtime", "pubdate")),
}


def _last_part(key: str) -> str:
    """The key's part after its last separator (":", "_", "." or "-")."""
    return key[max(key.rfind(":"), key.rfind("_"), key.rfind("."), key.rfind("-")) + 1 :]


def analytics_values(ev: Evidence, field: str, *, meta: bool = True) -> list[str]:
    """Values of dataLayer keys, then meta keys (unless `meta` is False), whose name ends in a word for the field's
    role."""
    return (ev.by_role if meta else ev.by_role_in_scripts).get(field, [])


def _by_role(ev: Evidence, sources: tuple[dict[str, str], ...]) -> dict[str, list[str]]:
    # Every role's values in one pass over the keys: a page asks for several roles.
    out: dict[str, list[str]] = {}
    for source in sources:
        for key, value in source.items():
            fields = _FIELDS_OF.get(_last_part(key.lower()))
            if fields and (text := squash(value)):
                for field in fields:
                    out.setdefault(field, []).append(text)
    return out


_FIELDS_OF: dict[str, list[str]] = {}
for _field, _words in ROLE_KEYS.items():
    for _word in _words:
        _FIELDS_OF.setdefault(_word, []).append(_field)
