"""Article URLs: canonical form (tracking parameters dropped) and whether a link looks like an article."""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from beritascrape.errors import InputError

_log = logging.getLogger(__name__)


# Query parameters that only track where a click came from; the same article must get one URL.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref",
        "ref_src",
        "amp",
        # detik.com: ?tagfrom=framebar / ?tag_from=wp_nhl_...
        "tagfrom",
        "tag_from",
        # liputan6.com: ?medium=Headline&campaign=Headline_click_1, ?source=search
        "medium",
        "campaign",
        "source",
    }
)
TRACKING_PREFIXES = ("utm_",)

SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)

# Without a profile, a link is an article when its path has a long slug plus an id or a date ...
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")
_ARTICLE_ID = re.compile(r"\d{5,}")
_PATH_DATE = re.compile(r"/(?:19|20)\d\d/[01]?\d/[0-3]?\d(?:/|$)|(?<!\d)(?:19|20)\d\d[01]\d[0-3]\d(?!\d)")
# ... and no path segment says it is a list, a tag, a gallery or a person.
_NOT_ARTICLE_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "topik",
        "topic",
        "kategori",
        "category",
        "kanal",
        "rubrik",
        "foto",
        "photo",
        "photos",
        "galeri",
        "gallery",
        "video",
        "videos",
        "author",
        "penulis",
        "editor",
        "profil",
        "search",
        "cari",
        "indeks",
        "index",
        "login",
        "register",
        "kuis",
        "quiz",
    }
)
# A slug: words joined by hyphens, "berita-nomor-20" (letters and digits, no dots or other marks).
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
# WordPress's default dated permalink, /2024/08/a-slug/ (or /2024/08/05/a-slug/), under any prefix.
_MONTH_PATH = re.compile(r"/(?:19|20)\d\d/[01]?\d/(?:[0-3]?\d/)?([^/]+)/?$")
# Two-letter country domains sell names one level down (detik.co.id is not "co.id").
_SECOND_LEVEL = frozenset({"co", "or", "go", "ac", "sch", "web", "my", "net", "com", "org", "mil", "biz", "ponpes"})


def canonicalize_url(url: str) -> str:
    """Drop tracking parameters, the fragment and a default port; lower-case scheme and host; keep other params."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InputError(f"malformed URL: {url}") from exc
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host
    if parts.username is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{host}"
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        netloc += f":{port}"
    path = parts.path or ("/" if host else "")
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p.partition("=")[0]))
    return urlunsplit((scheme, netloc, path, query, ""))


def _is_tracking(name: str) -> bool:
    name = unquote_plus(name).strip().lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def article_url_of(loc: str, base: str) -> str | None:
    """The canonical absolute http(s) URL of a listed location, or None when it is not one."""
    try:
        url = canonicalize_url(urljoin(base, loc))
    except (InputError, ValueError):
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def looks_like_article(url: str) -> bool:
    """A path with a long slug and an id or a date (or a date and an id), or a slug after a year and month, or a
    slug of six words or more, outside tag, gallery, author and quiz sections."""
    path = urlsplit(url).path
    segments = [s for s in path.lower().split("/") if s]
    if not segments or any(s in _NOT_ARTICLE_SEGMENTS for s in segments):
        return False
    words = max(len(_SLUG_WORD.findall(s)) for s in segments)
    has_id, has_date = _ARTICLE_ID.search(path) is not None, _PATH_DATE.search(path) is not None
    if (words >= 3 and (has_id or has_date)) or (words >= 1 and has_id and has_date):
        return True
    last = segments[-1]
    # WordPress: /2024/08/berita-nomor-20/, /2024/04/irigasi-cikawung/. A slug of two words or more after the
    # month: the month's archive pages (/2024/08/, /2024/08/page/2/) and feed (/2024/08/feed/) have none.
    month = _MONTH_PATH.search(path.lower())
    if month is not None and _SLUG.fullmatch(month[1]) and len(_SLUG_WORD.findall(month[1])) >= 2:
        return True
    # merdeka.com and kapanlagi.com: /rubrik/a-long-slug-of-many-words.html, no id.
    if words >= 5 and last.endswith((".html", ".htm")):
        return True
    # A WordPress /%postname%/ permalink, /gubernur-resmikan-jembatan-baru-di-kota/: a slug of six words or more
    # (site pages have fewer: "tentang-kami", "pedoman-media-siber", "hak-jawab-dan-koreksi-berita").
    return _SLUG.fullmatch(last) is not None and len(_SLUG_WORD.findall(last)) >= 6


def _site_key(host: str) -> str:
    """The registrable part of a host (news.detik.com -> detik.com, www.viva.co.id -> viva.co.id)."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 2 or all(label.isdigit() for label in labels) or ":" in host:
        return host.lower()
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])
