"""Fetcher tests against real HTTP servers on 127.0.0.1: retries, redirects, robots.txt, limits, decoding."""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from beritascrape.errors import (
    BlockedAddress,
    FetchError,
    HostPaused,
    HTTPStatusError,
    InputError,
    NotHTML,
    ResponseTooLarge,
    RobotsDisallowed,
)
from beritascrape.fetch.addresses import is_private_host
from beritascrape.fetch.decoding import declared_charset, decode_html, load_file
from beritascrape.fetch.http import DEFAULT_USER_AGENT, FetchConfig, Fetcher
from beritascrape.model import Page
from httpserver import RequestInfo, Response, serve

UTF8 = {"Content-Type": "text/html; charset=utf-8"}
# Loopback is private, so most tests allow it; backoff 0 keeps retry tests fast.
LOCAL = FetchConfig(allow_private=True, obey_robots=False, backoff_factor=0)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def html(body: str, status: int = 200, *, chunks: int = 1, chunk_delay: float = 0.0, delay: float = 0.0) -> Response:
    return Response(status, body, dict(UTF8), delay=delay, chunks=chunks, chunk_delay=chunk_delay)


def fetch(url: str, config: FetchConfig = LOCAL, **kwargs: bool) -> Page:
    with Fetcher(config) as fetcher:
        return fetcher.fetch(url, **kwargs)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_plain_page_has_every_field() -> None:
    body = "<html><head><title>Berita</title></head><body><p>Halo dunia</p></body></html>"
    with serve({"/berita/1": html(body)}) as srv:
        before = datetime.now(timezone.utc)
        page = fetch(srv.url("/berita/1"))
        after = datetime.now(timezone.utc)
    headers = {k: v for k, v in page.headers.items() if k not in ("date", "server")}
    assert headers == {"content-type": "text/html; charset=utf-8", "content-length": str(len(body))}
    assert sorted(page.headers) == ["content-length", "content-type", "date", "server"]
    assert before <= page.fetched_at <= after
    assert page.fetched_at.tzinfo is timezone.utc
    assert replace(page, headers={}, fetched_at=EPOCH) == Page(
        url=srv.url("/berita/1"),
        final_url=srv.url("/berita/1"),
        status=200,
        headers={},
        content=body.encode(),
        text=body,
        encoding="utf-8",
        fetched_at=EPOCH,
        content_type="text/html",
    )


def test_route_without_query_answers_a_query_url() -> None:
    with serve({"/p": html("<p>x</p>")}) as srv:
        page = fetch(srv.url("/p?utm_source=feed"))
    assert (page.url, page.text, srv.paths()) == (
        srv.url("/p?utm_source=feed"),
        "<p>x</p>",
        ["/p?utm_source=feed"],
    )


def test_404_raises_http_status_error() -> None:
    with serve({}) as srv, pytest.raises(HTTPStatusError) as info:
        fetch(srv.url("/missing"))
    assert (info.value.status, info.value.url) == (404, srv.url("/missing"))
    assert str(info.value) == f"HTTP 404 for {srv.url('/missing')}"


def test_5xx_is_retried_until_success() -> None:
    route = [Response(503), Response(503), html("<p>ok</p>")]
    with serve({"/p": route}) as srv:
        page = fetch(srv.url("/p"))
    assert (page.status, page.text, srv.paths()) == (200, "<p>ok</p>", ["/p", "/p", "/p"])


def test_exhausted_retries_raise_the_last_status() -> None:
    with serve({"/p": Response(503)}) as srv, pytest.raises(HTTPStatusError) as info:
        fetch(srv.url("/p"), replace(LOCAL, retries=2))
    assert info.value.status == 503
    assert srv.paths() == ["/p", "/p", "/p"]


def test_429_retry_after_is_honoured() -> None:
    route = [Response(429, headers={"Retry-After": "1"}), html("<p>ok</p>")]
    with serve({"/p": route}) as srv:
        page = fetch(srv.url("/p"))
    first, second = srv.requests
    assert page.text == "<p>ok</p>"
    assert second.time - first.time >= 0.95


def test_retry_after_beyond_the_cap_pauses_the_host_for_the_run() -> None:
    route = [Response(503, headers={"Retry-After": "3600"}), html("<p>ok</p>")]
    notices: list[str] = []
    with serve({"/p": route, "/q": html("<p>q</p>")}) as srv, Fetcher(replace(LOCAL, max_retry_after=0.2)) as fetcher:
        fetcher.on_notice = notices.append
        with pytest.raises(HTTPStatusError) as first:
            fetcher.fetch(srv.url("/p"))
        with pytest.raises(HostPaused) as second:
            fetcher.fetch(srv.url("/q"))
    host = srv.base_url.removeprefix("http://")
    why = "HTTP 503 with Retry-After 3600 s, more than the 0.2 s we wait"
    assert str(first.value) == f"HTTP 503 for {srv.url('/p')}"
    assert str(second.value) == f"{srv.url('/q')} not fetched: {host} is paused for this run ({why})"
    assert notices == []  # no wait to announce: each URL's failure names the pause
    assert srv.paths() == ["/p"]


def test_redirect_chain_is_followed() -> None:
    routes = {
        "/a": Response(302, headers={"Location": "/b"}),
        "/b": Response(301, headers={"Location": "c?x=1"}),
        "/c?x=1": html("<p>final</p>"),
    }
    with serve(routes) as srv:
        page = fetch(srv.url("/a"))
    assert (page.url, page.final_url, page.text) == (srv.url("/a"), srv.url("/c?x=1"), "<p>final</p>")
    assert srv.paths() == ["/a", "/b", "/c?x=1"]


def test_redirect_to_a_non_http_scheme_is_refused() -> None:
    bad = Response(302, headers={"Location": "file:///etc/passwd"})
    with serve({"/a": bad}) as srv, pytest.raises(FetchError) as info:
        fetch(srv.url("/a"))
    assert str(info.value) == f"refused redirect from {srv.url('/a')} to a non-HTTP URL: file:///etc/passwd"


def test_redirect_loop_stops_at_max_redirects() -> None:
    routes = {
        "/a": Response(302, headers={"Location": "/b"}),
        "/b": Response(302, headers={"Location": "/a"}),
    }
    with serve(routes) as srv, pytest.raises(FetchError) as info:
        fetch(srv.url("/a"), replace(LOCAL, max_redirects=3))
    assert str(info.value) == f"too many redirects (more than 3) starting at {srv.url('/a')}"
    assert srv.paths() == ["/a", "/b", "/a", "/b"]


def test_redirect_without_location_fails() -> None:
    with serve({"/a": Response(302)}) as srv, pytest.raises(FetchError) as info:
        fetch(srv.url("/a"))
    assert str(info.value) == f"HTTP 302 redirect from {srv.url('/a')} has no Location header"


def test_guard_lets_a_typed_loopback_url_through() -> None:
    guarded = FetchConfig(obey_robots=False)
    with serve({"/p": html("<p>local</p>")}) as srv:
        assert fetch(srv.url("/p"), guarded).text == "<p>local</p>"


def test_guard_blocks_a_redirect_hop_to_loopback() -> None:
    guarded = FetchConfig(obey_robots=False)
    routes = {"/a": Response(302, headers={"Location": "/b"}), "/b": html("<p>b</p>")}
    with serve(routes) as srv, pytest.raises(BlockedAddress) as info:
        fetch(srv.url("/a"), guarded)
    assert str(info.value) == (
        f"{srv.url('/a')} redirects to {srv.url('/b')}, which points at a private or local address (127.0.0.1); "
        "refused without --allow-private"
    )
    assert srv.paths() == ["/a"]


def test_guard_blocks_a_discovered_loopback_url() -> None:
    guarded = FetchConfig(obey_robots=False)
    with serve({"/p": html("<p>p</p>")}) as srv:
        with pytest.raises(BlockedAddress):
            fetch(srv.url("/p"), guarded, user_given=False)
        assert fetch(srv.url("/p"), LOCAL, user_given=False).text == "<p>p</p>"
    assert srv.paths() == ["/p"]


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.0.1", True),
        ("169.254.1.1", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("fe80::1", True),
        ("localhost", True),
        ("8.8.8.8", False),
        ("2001:4860:4860::8888", False),
    ],
)
def test_is_private_host(host: str, private: bool) -> None:
    assert is_private_host(host) is private


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "example.com/x", "http:///x"])
def test_non_http_first_url_is_an_input_error(url: str) -> None:
    with Fetcher(LOCAL) as fetcher, pytest.raises(InputError):
        fetcher.fetch(url)


ROBOTS = "User-agent: *\nDisallow: /private\nCrawl-delay: 2.5\n"


def robots(text: str) -> Response:
    return Response(200, text, {"Content-Type": "text/plain"})


def test_robots_disallow_means_the_page_is_never_requested() -> None:
    routes = {"/robots.txt": robots(ROBOTS), "/private/1": html("<p>secret</p>")}
    with serve(routes) as srv, pytest.raises(RobotsDisallowed) as info:
        fetch(srv.url("/private/1"), replace(LOCAL, obey_robots=True))
    host = srv.base_url.removeprefix("http://")
    assert str(info.value) == f"robots.txt of {host} disallows {srv.url('/private/1')}"
    assert srv.paths() == ["/robots.txt"]


def test_robots_group_for_our_user_agent_is_used() -> None:
    text = "User-agent: beritascrape\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    with serve({"/robots.txt": robots(text), "/p": html("<p>p</p>")}) as srv:
        with pytest.raises(RobotsDisallowed):
            fetch(srv.url("/p"), replace(LOCAL, obey_robots=True))
        page = fetch(srv.url("/p"), replace(LOCAL, obey_robots=True, user_agent="otherbot/1.0"))
    assert page.text == "<p>p</p>"


def test_robots_404_allows_everything() -> None:
    with serve({"/p": html("<p>p</p>")}) as srv:
        page = fetch(srv.url("/p"), replace(LOCAL, obey_robots=True))
    assert (page.text, srv.paths()) == ("<p>p</p>", ["/robots.txt", "/p"])


def test_robots_5xx_disallows_everything() -> None:
    routes = {"/robots.txt": Response(500), "/p": html("<p>p</p>")}
    with serve(routes) as srv, pytest.raises(RobotsDisallowed) as info:
        fetch(srv.url("/p"), replace(LOCAL, obey_robots=True, retries=1))
    host = srv.base_url.removeprefix("http://")
    assert str(info.value) == (
        f"robots.txt of {host} answered HTTP 500, so {srv.url('/p')} is treated as disallowed until it recovers"
    )
    assert srv.paths() == ["/robots.txt", "/robots.txt"]


def test_robots_of_an_unreachable_host_is_a_fetch_error() -> None:
    port = closed_port()
    with Fetcher(replace(LOCAL, obey_robots=True)) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(f"http://127.0.0.1:{port}/p")
    assert str(info.value) == (
        f"host 127.0.0.1:{port} is unreachable (fetching robots.txt): "
        f"cannot connect to 127.0.0.1:{port}: connection refused"
    )


def test_crawl_delay_is_read_from_robots() -> None:
    with serve({"/robots.txt": robots(ROBOTS)}) as srv, Fetcher(replace(LOCAL, obey_robots=True)) as fetcher:
        assert fetcher.crawl_delay(srv.url("/any")) == 2.5
        assert fetcher.crawl_delay(srv.url("/other")) == 2.5
    assert srv.paths() == ["/robots.txt"]


def test_crawl_delay_is_none_without_robots_or_when_not_obeying() -> None:
    with serve({}) as srv:
        with Fetcher(replace(LOCAL, obey_robots=True)) as fetcher:
            assert fetcher.crawl_delay(srv.url("/any")) is None
        with Fetcher(LOCAL) as fetcher:
            assert fetcher.crawl_delay(srv.url("/any")) is None
    assert srv.paths() == ["/robots.txt"]


def test_robots_is_fetched_once_per_host() -> None:
    routes = {"/robots.txt": robots(ROBOTS), "/a": html("<p>a</p>"), "/b": html("<p>b</p>")}
    with serve(routes) as srv, Fetcher(replace(LOCAL, obey_robots=True)) as fetcher:
        texts = [fetcher.fetch(srv.url(path)).text for path in ("/a", "/b")]
    assert texts == ["<p>a</p>", "<p>b</p>"]
    assert srv.paths() == ["/robots.txt", "/a", "/b"]


def test_robots_is_fetched_once_across_threads() -> None:
    slow_robots = Response(200, ROBOTS, {"Content-Type": "text/plain"}, delay=0.2)
    routes = {"/robots.txt": slow_robots, "/p": html("<p>p</p>")}
    with (
        serve(routes) as srv,
        Fetcher(replace(LOCAL, obey_robots=True)) as fetcher,
        ThreadPoolExecutor(4) as pool,
    ):
        texts = list(pool.map(lambda i: fetcher.fetch(srv.url(f"/p?i={i}")).text, range(4)))
    assert texts == ["<p>p</p>"] * 4
    assert srv.paths().count("/robots.txt") == 1
    assert len(srv.paths()) == 5


def test_obey_robots_false_skips_robots() -> None:
    with serve({"/robots.txt": robots("User-agent: *\nDisallow: /\n"), "/p": html("<p>p</p>")}) as srv:
        page = fetch(srv.url("/p"), LOCAL)
    assert (page.text, srv.paths()) == ("<p>p</p>", ["/p"])


def test_default_user_agent_is_sent_everywhere() -> None:
    with serve({"/p": html("<p>p</p>")}) as srv:
        fetch(srv.url("/p"), replace(LOCAL, obey_robots=True))
    assert [(r.path, r.headers["user-agent"]) for r in srv.requests] == [
        ("/robots.txt", DEFAULT_USER_AGENT),
        ("/p", DEFAULT_USER_AGENT),
    ]
    assert DEFAULT_USER_AGENT == "beritascrape/0.1.0 (+https://github.com/beritascrape/beritascrape)"


def test_custom_user_agent_overrides_the_default() -> None:
    def echo(request: RequestInfo) -> Response:
        return html(f"<p>{request.headers['user-agent']}</p>")

    with serve({"/p": echo}) as srv:
        page = fetch(srv.url("/p"), replace(LOCAL, obey_robots=True, user_agent="tester/2.0"))
    assert page.text == "<p>tester/2.0</p>"
    assert [r.headers["user-agent"] for r in srv.requests] == ["tester/2.0", "tester/2.0"]


def test_size_cap_from_content_length() -> None:
    with serve({"/big": html("x" * 2000)}) as srv, pytest.raises(ResponseTooLarge) as info:
        fetch(srv.url("/big"), replace(LOCAL, max_bytes=1000))
    assert str(info.value) == f"{srv.url('/big')} is larger than the 1000 bytes limit (Content-Length 2000)"


def test_size_cap_while_streaming_a_chunked_body() -> None:
    with serve({"/big": html("x" * 200_000, chunks=20)}) as srv, pytest.raises(ResponseTooLarge) as info:
        fetch(srv.url("/big"), replace(LOCAL, max_bytes=64 * 1024))
    assert str(info.value) == f"{srv.url('/big')} is larger than the 64 KiB limit"


def test_deadline_stops_a_slow_body() -> None:
    with serve({"/slow": html("<p>" + "x" * 100 + "</p>", chunks=5, chunk_delay=0.3)}) as srv:
        start = time.monotonic()
        with pytest.raises(FetchError) as info:
            fetch(srv.url("/slow"), replace(LOCAL, deadline=0.5))
        elapsed = time.monotonic() - start
    assert str(info.value) == f"timed out: {srv.url('/slow')} took longer than 0.5 s"
    assert 0.5 <= elapsed < 1.2


def test_read_timeout() -> None:
    with serve({"/slow": html("<p>late</p>", delay=2)}) as srv:
        start = time.monotonic()
        with pytest.raises(FetchError) as info:
            fetch(srv.url("/slow"), replace(LOCAL, read_timeout=0.3))
        elapsed = time.monotonic() - start
    assert str(info.value) == f"timed out reading {srv.url('/slow')}"
    assert elapsed < 1.5


def test_connection_refused() -> None:
    port = closed_port()
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/p")
    assert str(info.value) == f"cannot connect to 127.0.0.1:{port}: connection refused"


def test_truncated_body() -> None:
    short = Response(200, "<p>cut", {"Content-Type": "text/html", "Content-Length": "100"})
    with serve({"/cut": short}) as srv, pytest.raises(FetchError) as info:
        fetch(srv.url("/cut"))
    assert str(info.value) == (
        f"connection to {srv.base_url.removeprefix('http://')} broke while reading {srv.url('/cut')} "
        "(truncated response)"
    )


def test_non_html_content_type() -> None:
    png = Response(200, b"\x89PNG\r\n\x1a\n", {"Content-Type": "image/png"})
    with serve({"/img": png}) as srv, pytest.raises(NotHTML) as info:
        fetch(srv.url("/img"))
    assert str(info.value) == f"{srv.url('/img')} is not HTML (image/png)"


def test_binary_body_without_content_type() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"  # a PNG's header
    with serve({"/bin": Response(200, png)}) as srv, pytest.raises(NotHTML) as info:
        fetch(srv.url("/bin"))
    assert str(info.value) == f"{srv.url('/bin')} is not HTML (binary content)"


def test_mislabelled_text_plain_is_accepted() -> None:
    with serve({"/p": Response(200, "<p>ok</p>", {"Content-Type": "text/plain; charset=utf-8"})}) as srv:
        page = fetch(srv.url("/p"))
    assert (page.content_type, page.text) == ("text/plain", "<p>ok</p>")


def test_empty_body() -> None:
    with serve({"/empty": Response(200, b"", dict(UTF8))}) as srv, pytest.raises(NotHTML) as info:
        fetch(srv.url("/empty"))
    assert str(info.value) == f"empty response from {srv.url('/empty')}"


def test_fetch_decodes_with_the_meta_charset() -> None:
    body = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>Café “baru”</p>'
    with serve({"/p": Response(200, body.encode("cp1252"), {"Content-Type": "text/html"})}) as srv:
        page = fetch(srv.url("/p"))
    assert (page.text, page.encoding, page.content) == (body, "cp1252", body.encode("cp1252"))


def test_fetch_decodes_with_the_http_charset() -> None:
    body = "<meta charset=utf-8><p>Привет</p>"
    with serve({"/p": Response(200, body.encode("koi8_r"), {"Content-Type": "text/html; charset=KOI8-R"})}) as srv:
        page = fetch(srv.url("/p"))
    assert (page.text, page.encoding) == (body, "koi8-r")


@pytest.mark.parametrize(
    ("content", "http_charset", "expected"),
    [
        # The HTTP charset wins over a <meta> that would also decode (to garbage).
        (
            "<meta charset=iso-8859-5><p>Привет</p>".encode("koi8_r"),
            "koi8-r",
            ("<meta charset=iso-8859-5><p>Привет</p>", "koi8-r"),
        ),
        # <meta http-equiv> charset when the header has none.
        (
            '<meta http-equiv="content-type" content="text/html; charset=windows-1252"><p>é</p>'.encode("cp1252"),
            None,
            ('<meta http-equiv="content-type" content="text/html; charset=windows-1252"><p>é</p>', "cp1252"),
        ),
        ('<meta charset="utf-8"><p>é</p>'.encode(), None, ('<meta charset="utf-8"><p>é</p>', "utf-8")),
        # No declaration: strict UTF-8, then cp1252.
        ("<p>Café</p>".encode(), None, ("<p>Café</p>", "utf-8")),
        ("<p>Café – “kutip”</p>".encode("cp1252"), None, ("<p>Café – “kutip”</p>", "cp1252")),
        # Unknown or unusable charset names fall through.
        ("<p>Café</p>".encode(), "x-bogus", ("<p>Café</p>", "utf-8")),
        ("<meta charset=nonsense><p>é</p>".encode(), None, ("<meta charset=nonsense><p>é</p>", "utf-8")),
        ("<meta charset=base64><p>é</p>".encode(), None, ("<meta charset=base64><p>é</p>", "utf-8")),
        (
            b"<meta charset=utf-7><p>+ADw-b+AD4-</p>",
            None,
            ("<meta charset=utf-7><p>+ADw-b+AD4-</p>", "utf-8"),
        ),
        # A declared charset that cannot decode the bytes falls through too.
        ("<p>é</p>".encode("cp1252"), "utf-8", ("<p>é</p>", "cp1252")),
        (
            '<meta charset="utf-8"><p>é</p>'.encode("cp1252"),
            None,
            ('<meta charset="utf-8"><p>é</p>', "cp1252"),
        ),
        # Latin-1 labels mean windows-1252, as in browsers.
        ("<p>“é”</p>".encode("cp1252"), "ISO-8859-1", ("<p>“é”</p>", "cp1252")),
        # A UTF-16 <meta> in an ASCII-readable page means UTF-8.
        ('<meta charset="utf-16"><p>é</p>'.encode(), None, ('<meta charset="utf-16"><p>é</p>', "utf-8")),
        # A byte-order mark beats every declaration and is stripped.
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "iso-8859-1", ("<p>café</p>", "utf-8")),
        # cp1252 leaves five bytes undefined; the last resort still decodes.
        (b"<p>\x81</p>", None, ("<p>\ufffd</p>", "cp1252")),
    ],
)
def test_decode_html(content: bytes, http_charset: str | None, expected: tuple[str, str]) -> None:
    assert decode_html(content, http_charset) == expected


FIXTURES = Path(__file__).parent / "fixtures"


# Declarations in the forms pages use (and a few they should not): the head's scan must read each as bs4's
# EncodingDetector did over a page's first 4 KiB, which decoding called before.
DECLARATIONS = [
    b'<meta charset="utf-8">',
    b"<META CHARSET=ISO-8859-1>",
    b"<meta charset=windows-1252/>",
    b"< meta charset='utf-8'>",
    b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">',
    b'<meta content="text/html;charset=gbk" http-equiv="content-type">',
    b'<meta name="x" content="charset is not here"><meta charset="koi8-r">',
    b'<meta charset="">',
    b"<meta charset=utf-8",
    b'<?xml version="1.0" encoding="ISO-8859-15"?><html><meta charset="utf-8">',
    b"  <?xml version=\"1.0\" encoding='utf-8'?>",
    b"<html><head><title>no declaration</title></head>",
    b"<style>" + b"p{}" * 700 + b'</style><meta charset="koi8-r">',  # past the 2 KiB window
    b"\n" * 1100 + b'<?xml version="1.0" encoding="koi8-r"?>',  # not opening the page
]


@pytest.mark.parametrize("content", DECLARATIONS + [path.read_bytes() for path in sorted(FIXTURES.rglob("*.html"))])
def test_the_head_scan_reads_a_declaration_as_bs4_does(content: bytes) -> None:
    from bs4.dammit import EncodingDetector

    assert declared_charset(content) == EncodingDetector.find_declared_encoding(content[:4096], is_html=True)


def test_a_declaration_below_a_long_head_is_read_when_the_page_is_not_utf8() -> None:
    late = ("<style>" + "p{margin:0}" * 300 + '</style><meta charset="iso-8859-15"><p>harga 5 €</p>').encode(
        "iso-8859-15"
    )
    assert decode_html(late) == (late.decode("iso-8859-15"), "iso8859-15")
    # A late UTF-16 label in ASCII-readable markup is no use either: the cp1252 last resort stays.
    wide = ("<style>" + "p{margin:0}" * 300 + '</style><meta charset="utf-16"><p>caf\xe9</p>').encode("cp1252")
    wide += b" " * (len(wide) % 2)  # an even length: as UTF-16 these bytes would decode (to nonsense)
    assert decode_html(wide) == (wide.decode("cp1252"), "cp1252")
    # Valid UTF-8 wins over a late declaration, as it wins over a missing one.
    utf8 = ("<style>" + "p{margin:0}" * 300 + '</style><meta charset="iso-8859-15"><p>harga 5 €</p>').encode()
    assert decode_html(utf8) == (utf8.decode(), "utf-8")


def test_load_file(tmp_path: Path) -> None:
    body = '<meta charset="windows-1252"><p>Café</p>'
    path = tmp_path / "halaman.html"
    path.write_bytes(body.encode("cp1252"))
    page = load_file(path)
    assert page.fetched_at.tzinfo is timezone.utc
    assert replace(page, fetched_at=EPOCH) == Page(
        url=path.as_uri(),
        final_url=path.as_uri(),
        status=200,
        headers={},
        content=body.encode("cp1252"),
        text=body,
        encoding="cp1252",
        fetched_at=EPOCH,
        content_type="text/html",
    )
    given = load_file(str(path), url="https://example.com/berita/1")
    assert (given.url, given.final_url) == ("https://example.com/berita/1", "https://example.com/berita/1")


def test_load_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_file(tmp_path / "nope.html")
    assert str(info.value) == f"no such file: {tmp_path / 'nope.html'}"
    (tmp_path / "empty.html").write_bytes(b"")
    with pytest.raises(NotHTML):
        load_file(tmp_path / "empty.html")


def test_min_delay_spaces_requests_to_one_host() -> None:
    routes = {"/a": html("<p>a</p>"), "/b": html("<p>b</p>")}
    with serve(routes) as srv, Fetcher(replace(LOCAL, min_delay=0.3)) as fetcher:
        fetcher.fetch(srv.url("/a"))
        fetcher.fetch(srv.url("/b"))
    first, second = srv.requests
    assert second.time - first.time >= 0.3


def test_server_route_list_repeats_its_last_answer() -> None:
    with serve({"/p": [html("<p>1</p>"), html("<p>2</p>")]}) as srv, Fetcher(LOCAL) as fetcher:
        texts = [fetcher.fetch(srv.url("/p")).text for _ in range(3)]
        srv.route("/q", html("<p>q</p>"))
        texts.append(fetcher.fetch(srv.url("/q")).text)
    assert texts == ["<p>1</p>", "<p>2</p>", "<p>2</p>", "<p>q</p>"]
