"""A fake Indonesian news network on 127.0.0.1, for crawl tests and benchmarks/crawl.py.

Three hosts, each a real HTTP server:
- alpha: robots.txt with a Disallow and a Crawl-delay, a `Sitemap:` line to a sitemap index, which lists a gzipped
  sitemap (a one-page article, a 3-page article, a disallowed path, a 404, a redirect, a tracking-parameter
  duplicate) and a Google News sitemap (two dated articles).
- beta: windows-1252 pages, an RSS feed and a two-page "indeks" listing walked through its "Selanjutnya" link.
- gamma: no robots.txt, a plain sitemap, an alias URL whose canonical link names another article, and an article
  whose text can be changed between runs (`net.gamma_edition`).
Every article answers with an ETag and Last-Modified and honours If-None-Match / If-Modified-Since with a 304.
Article pages are small pages of our own in PRMN markup (the PRMN profile finds them by fingerprint).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from types import TracebackType

from httpserver import RequestInfo, Response, TestServer

WIB = timezone(timedelta(hours=7))
XML = {"Content-Type": "application/xml; charset=utf-8"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
_MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
_WORDS = [
    "warga",
    "kota",
    "bandung",
    "menyambut",
    "baik",
    "program",
    "baru",
    "pemerintah",
    "daerah",
    "yang",
    "dinilai",
    "membantu",
    "pedagang",
    "kecil",
    "di",
    "pasar",
    "tradisional",
    "sejak",
    "awal",
    "pekan",
    "ini",
    "menurut",
    "keterangan",
    "kepala",
    "dinas",
    "setempat",
    "kepada",
    "wartawan",
]


@dataclass
class FakeArticle:
    """One article of the network: its path, title, date and the paragraphs of each of its pages."""

    path: str
    title: str
    published: datetime
    pages: list[list[str]]
    editor: str = "Dadang Suhendar"

    @property
    def body(self) -> str:
        """The body the extractor must return: every page's paragraphs, blank-line separated."""
        return "\n\n".join(p for page in self.pages for p in page)


def paragraphs(seed: str, count: int = 3, words: int = 14) -> list[str]:
    """Deterministic Indonesian-looking paragraphs; the seed makes each article's text its own."""
    out = []
    for i in range(count):
        chosen = [_WORDS[(len(seed) * 7 + i * 5 + j * 3) % len(_WORDS)] for j in range(words)]
        out.append(f"{seed.capitalize()} bagian {i + 1}: " + " ".join(chosen) + ".")
    return out


def article_html(base: str, art: FakeArticle, page: int, charset: str = "utf-8") -> str:
    """One page of an article in PRMN markup, canonical link and og:url on `base`."""
    url = base + art.path
    total = len(art.pages)
    when = art.published
    date_text = f"{when.day} {_MONTHS[when.month - 1]} {when.year}, {when:%H:%M} WIB"
    paging = ""
    if total > 1:
        links = "".join(
            f'<a href="{"#" if n == page else url + (f"?page={n}" if n > 1 else "")}" '
            f'class="paging__link{" paging__link--active" if n == page else ""}" data-ci-pagination-page="{n}">{n}</a>'
            for n in range(1, total + 1)
        )
        paging = f'<div class="paging paging--article"><div class="paging__teaser">Halaman: </div>{links}</div>'
    body = "".join(f"<p>{html.escape(p)}</p>" for p in art.pages[page - 1])
    title = html.escape(art.title)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="{charset}">
<link rel="stylesheet" href="https://assets.pikiran-rakyat.com/www/network/desktop/css/style.min.css">
<link rel="canonical" href="{url}">
<meta property="og:url" content="{url}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Kabar Uji">
<meta property="og:title" content="{title} - Kabar Uji">
<meta property="article:published_time" content="{when.isoformat()}">
<title>{title} - Kabar Uji</title></head>
<body><h1 class="read__title">{title}</h1>
<div class="read__info__author"><a href="/penulis/uji">Rina Marlina</a></div>
<div class="read__info__date">- {date_text}</div>
<article class="read__content">{body}</article>
<p>Editor: <a href="/editor/uji">{art.editor}</a></p>
{paging}
<section class="read__tagging"><ul class="tag__list"><li><h4><a href="/tag/uji">uji coba</a></h4></li></ul></section>
</body></html>"""


def urlset(urls: list[tuple[str, datetime | None]], *, news: bool = False) -> str:
    """A sitemap (or a Google News sitemap) listing absolute URLs with their dates."""
    items = []
    for loc, when in urls:
        date = ""
        if when is not None and news:
            date = (
                "<news:news><news:publication><news:name>Kabar Uji</news:name><news:language>id</news:language>"
                f"</news:publication><news:publication_date>{when.isoformat()}</news:publication_date>"
                "<news:title>x</news:title></news:news>"
            )
        elif when is not None:
            date = f"<lastmod>{when.isoformat()}</lastmod>"
        items.append(f"<url><loc>{html.escape(loc)}</loc>{date}</url>")
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>'
        + "".join(items)
        + "</urlset>"
    )


def sitemap_index(urls: list[str]) -> str:
    """A sitemap index pointing at child sitemaps."""
    items = "".join(f"<sitemap><loc>{html.escape(u)}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
    )


def rss(base: str, items: list[tuple[str, str, datetime]]) -> str:
    """An RSS 2.0 feed of (url, title, date)."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
        f"<pubDate>{format_datetime(d)}</pubDate></item>"
        for u, t, d in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Kabar Uji</title>'
        f"<link>{base}/</link><description>Berita terkini</description>{entries}</channel></rss>"
    )


def index_page(links: list[tuple[str, str]], next_url: str | None, charset: str) -> str:
    """An "indeks" listing page: article links with titles, and a "Selanjutnya" link to the next page."""
    items = "".join(
        f'<div class="latest__item"><h2 class="latest__title"><a href="{u}">{html.escape(t)}</a></h2></div>'
        for u, t in links
    )
    nxt = f'<div class="paging"><a class="paging__link" rel="next" href="{next_url}">Selanjutnya</a></div>'
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="{charset}"><title>Indeks Berita</title>'
        f'<meta property="og:type" content="website"></head><body><h1>Indeks</h1>{items}'
        f"{nxt if next_url else ''}</body></html>"
    )


def _day(d: int, hour: int = 9) -> datetime:
    return datetime(2024, 3, d, hour, 30, tzinfo=WIB)


Handler = Callable[[RequestInfo], Response]


class FakeHost(TestServer):
    """A TestServer whose answers are computed by the network (articles by path, any query string)."""

    def __init__(self, name: str, net: FakeNet) -> None:
        super().__init__()
        self.name = name
        self.net = net

    def __enter__(self) -> FakeHost:
        super().__enter__()
        # Headers and body leave in two writes; without this, Nagle's algorithm and the client's delayed ACK stall
        # every keep-alive answer for 40 ms (accepted sockets inherit the option on Linux).
        if self._server is not None:
            self._server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    def _respond(self, info: RequestInfo) -> Response:
        with self._lock:
            self.requests.append(info)
        return self.net.answer(self, info)

    def article_paths(self) -> list[str]:
        """Paths (with query) of every article page requested, in order."""
        return [r.path for r in self.requests if "/pr-" in r.path]


@dataclass
class FakeNet:
    """The whole network; use as a context manager. `latency` delays every answer (benchmarks)."""

    crawl_delay: float = 0.2
    latency: float = 0.0
    gamma_edition: int = 1
    hosts: dict[str, FakeHost] = field(default_factory=dict)
    articles: dict[str, dict[str, FakeArticle]] = field(default_factory=dict)
    routes: dict[str, dict[str, Handler]] = field(default_factory=dict)

    def __enter__(self) -> FakeNet:
        for name in ("alpha", "beta", "gamma"):
            host = FakeHost(name, self)
            host.__enter__()
            self.hosts[name] = host
        self._build()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for host in self.hosts.values():
            host.__exit__(exc_type, exc, tb)

    def base(self, name: str) -> str:
        """http://127.0.0.1:PORT of a host."""
        return self.hosts[name].base_url

    def source(self, name: str) -> str:
        """The crawl SOURCE naming a host as a PRMN site."""
        return f"prmn:{self.base(name)}"

    def charset(self, name: str) -> str:
        return "windows-1252" if name == "beta" else "utf-8"

    def _add(self, host: str, art: FakeArticle) -> FakeArticle:
        self.articles.setdefault(host, {})[art.path] = art
        return art

    def _build(self) -> None:
        a, b, g = self.base("alpha"), self.base("beta"), self.base("gamma")
        # alpha
        satu = self._add(
            "alpha",
            FakeArticle(
                "/bandung/pr-0000101/pasar-kosambi-ramai", "Pasar Kosambi Ramai", _day(4), [paragraphs("kosambi")]
            ),
        )
        dua = self._add(
            "alpha",
            FakeArticle(
                "/bandung/pr-0000102/jembatan-cikawung-dibuka",
                "Jembatan Cikawung Dibuka",
                _day(5),
                [paragraphs("jembatan"), paragraphs("cikawung", 2), paragraphs("desa", 1, 24)],
            ),
        )
        empat = self._add(
            "alpha",
            FakeArticle(
                "/bandung/pr-0000104/taman-lansia-dipugar", "Taman Lansia Dipugar", _day(6), [paragraphs("taman")]
            ),
        )
        lima = self._add(
            "alpha",
            FakeArticle(
                "/jabar/pr-0000105/hujan-deras-di-garut", "Hujan Deras di Garut", _day(7, 14), [paragraphs("garut")]
            ),
        )
        enam = self._add(
            "alpha",
            FakeArticle(
                "/jabar/pr-0000106/festival-kopi-priangan",
                "Festival Kopi Priangan",
                datetime(2024, 2, 1, 8, 0, tzinfo=WIB),
                [paragraphs("kopi")],
            ),
        )
        secret = FakeArticle("/rahasia/pr-0000103/draf-belum-terbit", "Draf", _day(5), [paragraphs("draf")])
        alpha_routes: dict[str, Handler] = {
            "/robots.txt": lambda _: Response(
                200,
                "User-agent: *\nDisallow: /rahasia/\n"
                f"Crawl-delay: {self.crawl_delay}\nSitemap: {a}/sitemap_index.xml\n",
                TEXT,
            ),
            "/sitemap_index.xml": lambda _: Response(
                200, sitemap_index([f"{a}/sitemaps/artikel.xml.gz", f"{a}/sitemaps/news.xml"]), XML
            ),
            "/sitemaps/artikel.xml.gz": lambda _: Response(
                200,
                gzip.compress(
                    urlset(
                        [
                            (a + satu.path, satu.published),
                            (a + dua.path, dua.published),
                            (a + secret.path, secret.published),
                            (a + "/bandung/pr-0000199/berita-yang-hilang", _day(5)),
                            (a + "/lama/pr-0000104/taman-lansia", None),
                            (a + satu.path + "?utm_source=twitter&utm_medium=social", satu.published),
                        ]
                    ).encode()
                ),
                {"Content-Type": "application/x-gzip"},
            ),
            "/sitemaps/news.xml": lambda _: Response(
                200, urlset([(a + lima.path, lima.published), (a + enam.path, enam.published)], news=True), XML
            ),
            "/lama/pr-0000104/taman-lansia": lambda _: Response(301, b"", {"Location": empat.path}),
            secret.path: lambda _: Response(200, "must never be requested", TEXT),
        }
        # beta: windows-1252, RSS and a paginated index
        beta_arts = [
            self._add(
                "beta", FakeArticle(f"/nasional/pr-00002{n:02d}/{slug}", title, _day(n), [[*paragraphs(slug), extra]])
            )
            for n, slug, title, extra in (
                (1, "kafe-di-braga", "Kafé di Braga “Ramai”", "Pengunjung bilang “enak” dan harga naïve."),
                (2, "rumah-adat-sunda", "Rumah Adat Sunda", "Ada café – kata pemandu – di sana."),
                (3, "angkot-listrik-diuji", "Angkot Listrik", "Uji coba sejak Senin."),
                (4, "sekolah-alam-dibuka", "Sekolah Alam", "Murid belajar di kebun."),
                (5, "kereta-cepat-penuh", "Kereta Cepat", "Penumpang naik saat libur."),
            )
        ]
        cs = self.charset("beta")
        beta_routes: dict[str, Handler] = {
            "/robots.txt": lambda _: Response(200, "User-agent: *\nAllow: /\n", TEXT),
            "/rss": lambda _: Response(
                200,
                rss(b, [(b + x.path, x.title, x.published) for x in beta_arts[:2]]),
                {"Content-Type": "application/rss+xml; charset=utf-8"},
            ),
            "/indeks": lambda info: Response(
                200,
                (
                    index_page([(b + x.path, x.title) for x in beta_arts[2:4]], "/indeks?page=2", cs)
                    if "page=2" not in info.path
                    else index_page([(b + x.path, x.title) for x in (beta_arts[4], beta_arts[0])], None, cs)
                ).encode(cs),
                {"Content-Type": f"text/html; charset={cs}"},
            ),
        }
        # gamma: no robots.txt, a plain sitemap, an alias of another article, an article that changes
        tiga = self._add(
            "gamma", FakeArticle("/daerah/pr-0000301/banjir-surut", "Banjir Surut", _day(8), [paragraphs("banjir")])
        )
        empat_g = self._add(
            "gamma", FakeArticle("/daerah/pr-0000302/panen-raya", "Panen Raya", _day(9), [paragraphs("panen")])
        )
        gamma_routes: dict[str, Handler] = {
            "/sitemap.xml": lambda _: Response(
                200,
                urlset(
                    [(g + tiga.path, tiga.published), (g + "/amp/pr-0000302/panen", None), (g + empat_g.path, None)]
                ),
                XML,
            ),
            "/amp/pr-0000302/panen": lambda info: self._article_response("gamma", empat_g, info),
        }
        self.routes = {"alpha": alpha_routes, "beta": beta_routes, "gamma": gamma_routes}

    def current(self, host: str, art: FakeArticle) -> FakeArticle:
        """The article as served now (gamma's first article changes with `gamma_edition`)."""
        if host == "gamma" and art.path.endswith("banjir-surut") and self.gamma_edition > 1:
            extra = f"Pembaruan ke-{self.gamma_edition}: air sudah surut di semua kelurahan."
            return FakeArticle(art.path, art.title, art.published, [[*art.pages[0], extra]], art.editor)
        return art

    def expected(self) -> list[FakeArticle]:
        """Every article that a full crawl must archive, host by host."""
        return [self.current(h, x) for h in ("alpha", "beta", "gamma") for x in self.articles[h].values()]

    def answer(self, host: FakeHost, info: RequestInfo) -> Response:
        """Route one request: fixed routes first, then articles by path, else 404."""
        response = self._route(host, info)
        if self.latency:
            response.delay = self.latency
        return response

    def _route(self, host: FakeHost, info: RequestInfo) -> Response:
        path = info.path.split("?", 1)[0]
        handler = self.routes[host.name].get(path)
        if handler is not None:
            return handler(info)
        art = self.articles[host.name].get(path)
        if art is not None:
            return self._article_response(host.name, art, info)
        return Response(404, b"tidak ditemukan", TEXT)

    def _article_response(self, host: str, art: FakeArticle, info: RequestInfo) -> Response:
        art = self.current(host, art)
        page = 1
        if "page=" in info.path:
            page = int(info.path.rsplit("page=", 1)[1])
        if not 1 <= page <= len(art.pages):
            return Response(404, b"tidak ditemukan", TEXT)
        cs = self.charset(host)
        body = article_html(self.base(host), art, page, cs).encode(cs)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = format_datetime(art.published.astimezone(timezone.utc), usegmt=True)
        headers = {"Content-Type": f"text/html; charset={cs}", "ETag": etag, "Last-Modified": modified}
        if info.headers.get("if-none-match") == etag:
            return Response(304, b"", {"ETag": etag, "Last-Modified": modified})
        return Response(200, body, headers)


class GeneratedNet:
    """`hosts` servers, each with a sitemap of `per_host` generated one-page articles (benchmarks, big crawls).

    Articles are made from their path on demand, so 20,000 URLs cost no memory in the server.
    """

    def __init__(self, hosts: int, per_host: int, *, latency: float = 0.0) -> None:
        self.names = [f"h{i}" for i in range(hosts)]
        self.per_host = per_host
        self.latency = latency
        self.hosts: dict[str, FakeHost] = {}
        self._sitemaps: dict[str, bytes] = {}

    def __enter__(self) -> GeneratedNet:
        for name in self.names:
            host = FakeHost(name, self)  # type: ignore[arg-type]  # duck-typed: answer() is all FakeHost needs
            host.__enter__()
            self.hosts[name] = host
            base = host.base_url
            urls = [(base + self.path(n), _day(1 + n % 28)) for n in range(self.per_host)]
            self._sitemaps[name] = urlset(urls).encode()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for host in self.hosts.values():
            host.__exit__(exc_type, exc, tb)

    @staticmethod
    def path(n: int) -> str:
        """The path of article number n."""
        return f"/berita/pr-{n:07d}/kabar-harian-nomor-{n}"

    def sitemaps(self) -> list[str]:
        """Every host's sitemap URL (crawl sources)."""
        return [host.base_url + "/sitemap.xml" for host in self.hosts.values()]

    def answer(self, host: FakeHost, info: RequestInfo) -> Response:
        """robots.txt, the sitemap, or the article a path names."""
        response = self._route(host, info)
        response.delay = self.latency
        return response

    def _route(self, host: FakeHost, info: RequestInfo) -> Response:
        if info.path == "/robots.txt":
            return Response(200, "User-agent: *\nDisallow: /admin/\n", TEXT)
        if info.path == "/sitemap.xml":
            return Response(200, self._sitemaps[host.name], XML)
        if info.path.startswith("/berita/pr-"):
            n = int(info.path.split("/")[2].removeprefix("pr-"))
            art = FakeArticle(self.path(n), f"Kabar Harian Nomor {n}", _day(1 + n % 28), [paragraphs(f"kabar{n}")])
            return Response(200, article_html(host.base_url, art, 1), {"Content-Type": "text/html; charset=utf-8"})
        return Response(404, b"tidak ditemukan", TEXT)
