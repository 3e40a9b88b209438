"""Fetcher.fetch_raw against real HTTP servers on 127.0.0.1: any content type, same limits as fetch()."""

from __future__ import annotations

import gzip
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from beritascrape.errors import BlockedAddress, FetchError, HTTPStatusError, ResponseTooLarge, RobotsDisallowed
from beritascrape.fetch.http import FetchConfig, Fetcher
from beritascrape.model import Page
from httpserver import Response, serve

LOCAL = FetchConfig(allow_private=True, obey_robots=False, retries=0)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
SITEMAP = '<?xml version="1.0" encoding="UTF-8"?><urlset><url><loc>https://a.example/berita/1</loc></url></urlset>'


def raw(url: str, config: FetchConfig = LOCAL, **kwargs: object) -> Page:
    with Fetcher(config) as fetcher:
        return fetcher.fetch_raw(url, **kwargs)  # type: ignore[arg-type]


def stable(page: Page) -> Page:
    """The page without the parts that change per run (server headers, fetch time)."""
    return replace(page, headers={}, fetched_at=EPOCH)


def test_xml_is_returned_with_its_text() -> None:
    with serve({"/sitemap.xml": Response(200, SITEMAP, {"Content-Type": "application/xml; charset=utf-8"})}) as srv:
        page = raw(srv.url("/sitemap.xml"))
    assert page.headers["content-type"] == "application/xml; charset=utf-8"
    assert page.fetched_at.tzinfo is timezone.utc
    assert stable(page) == Page(
        url=srv.url("/sitemap.xml"),
        final_url=srv.url("/sitemap.xml"),
        status=200,
        headers={},
        content=SITEMAP.encode(),
        text=SITEMAP,
        encoding="utf-8",
        fetched_at=EPOCH,
        content_type="application/xml",
    )


def test_gzip_file_is_returned_as_bytes_without_text() -> None:
    packed = gzip.compress(SITEMAP.encode())
    with serve({"/s.xml.gz": Response(200, packed, {"Content-Type": "application/x-gzip"})}) as srv:
        page = raw(srv.url("/s.xml.gz"))
    assert stable(page) == Page(
        url=srv.url("/s.xml.gz"),
        final_url=srv.url("/s.xml.gz"),
        status=200,
        headers={},
        content=packed,
        text="",
        encoding="",
        fetched_at=EPOCH,
        content_type="application/x-gzip",
    )


def test_content_encoding_gzip_is_undone_by_the_transport() -> None:
    headers = {"Content-Type": "text/xml", "Content-Encoding": "gzip"}
    with serve({"/s.xml": Response(200, gzip.compress(SITEMAP.encode()), headers)}) as srv:
        page = raw(srv.url("/s.xml"))
    assert (page.content, page.text, page.encoding, page.content_type) == (
        SITEMAP.encode(),
        SITEMAP,
        "utf-8",
        "text/xml",
    )


def test_missing_content_type_and_empty_body() -> None:
    with serve({"/kosong": Response(200, b"", {})}) as srv:
        page = raw(srv.url("/kosong"))
    assert (page.content, page.text, page.encoding, page.content_type) == (b"", "", "", "application/octet-stream")


def test_accept_limits_the_types_taken() -> None:
    with serve({"/feed": Response(200, "<html></html>", {"Content-Type": "text/html"})}) as srv:
        with pytest.raises(FetchError) as info:
            raw(srv.url("/feed"), accept=("application/rss+xml", "application/xml"))
        page = raw(srv.url("/feed"), accept=("text/html",))
    assert str(info.value) == f"{srv.url('/feed')} is text/html, not one of application/rss+xml, application/xml"
    assert page.text == "<html></html>"


def test_error_status_raises() -> None:
    with serve() as srv, pytest.raises(HTTPStatusError) as info:
        raw(srv.url("/rss"))
    assert (info.value.status, str(info.value)) == (404, f"HTTP 404 for {srv.url('/rss')}")


def test_redirect_is_followed() -> None:
    routes = {
        "/sitemap.xml": Response(301, b"", {"Location": "/sitemaps/index.xml"}),
        "/sitemaps/index.xml": Response(200, SITEMAP, {"Content-Type": "text/xml"}),
    }
    with serve(routes) as srv:
        page = raw(srv.url("/sitemap.xml"))
    assert (page.url, page.final_url, page.text) == (srv.url("/sitemap.xml"), srv.url("/sitemaps/index.xml"), SITEMAP)


def test_robots_txt_is_obeyed() -> None:
    robots = Response(200, "User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    config = replace(LOCAL, obey_robots=True)
    with serve({"/robots.txt": robots, "/private/s.xml": Response(200, SITEMAP)}) as srv:
        with pytest.raises(RobotsDisallowed) as info:
            raw(srv.url("/private/s.xml"), config)
        text = raw(srv.url("/robots.txt"), config).text
    assert str(info.value) == f"robots.txt of 127.0.0.1:{srv.port} disallows {srv.url('/private/s.xml')}"
    assert text == "User-agent: *\nDisallow: /private/\n"
    # Two fetchers: each reads robots.txt once for itself, and the second then fetches it as a document.
    assert srv.paths() == ["/robots.txt", "/robots.txt", "/robots.txt"]


def test_size_limit_applies() -> None:
    route = {"/big.xml": Response(200, "x" * 5000, {"Content-Type": "text/xml"})}
    with serve(route) as srv, pytest.raises(ResponseTooLarge) as info:
        raw(srv.url("/big.xml"), replace(LOCAL, max_bytes=1024))
    assert str(info.value) == f"{srv.url('/big.xml')} is larger than the 1 KiB limit (Content-Length 5000)"


def test_discovered_url_is_guarded() -> None:
    config = replace(LOCAL, allow_private=False)
    with serve({"/s.xml": Response(200, SITEMAP, {"Content-Type": "text/xml"})}) as srv:
        with pytest.raises(BlockedAddress) as info:
            raw(srv.url("/s.xml"), config, user_given=False)
        page = raw(srv.url("/s.xml"), config, user_given=True)
    assert str(info.value) == (
        f"{srv.url('/s.xml')} points at a private or local address (127.0.0.1); refused without --allow-private"
    )
    assert page.text == SITEMAP
