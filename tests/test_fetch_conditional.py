"""Conditional requests (ETag / Last-Modified, 304) and per-host pacing, against a real server on 127.0.0.1."""

from __future__ import annotations

import itertools

import pytest

from beritascrape.errors import FetchError, HTTPStatusError
from beritascrape.fetch.http import FetchConfig, Fetcher
from httpserver import RequestInfo, Response, serve

LOCAL = FetchConfig(allow_private=True, retries=0)
HTML = {"Content-Type": "text/html; charset=utf-8"}
BODY = "<html><body><p>Berita hari ini.</p></body></html>"
ETAG = '"v1"'
MODIFIED = "Tue, 05 Mar 2024 02:30:00 GMT"


def conditional(info: RequestInfo) -> Response:
    """An article that answers 304 when the client already holds its current version."""
    if info.headers.get("if-none-match") == ETAG or info.headers.get("if-modified-since") == MODIFIED:
        return Response(304, b"", {"ETag": ETAG, "Last-Modified": MODIFIED})
    return Response(200, BODY, {**HTML, "ETag": ETAG, "Last-Modified": MODIFIED})


def test_plain_fetch_sends_no_conditional_headers_and_returns_validators() -> None:
    with serve({"/a": conditional}) as srv, Fetcher(LOCAL) as fetcher:
        page = fetcher.fetch(srv.url("/a"))
        sent = srv.requests[-1].headers
    assert (page.status, page.text, page.headers["etag"], page.headers["last-modified"]) == (200, BODY, ETAG, MODIFIED)
    assert "if-none-match" not in sent
    assert "if-modified-since" not in sent


@pytest.mark.parametrize(
    ("etag", "last_modified", "sent"),
    [
        (ETAG, None, {"if-none-match": ETAG}),
        (None, MODIFIED, {"if-modified-since": MODIFIED}),
        (ETAG, MODIFIED, {"if-none-match": ETAG, "if-modified-since": MODIFIED}),
    ],
)
def test_matching_validators_give_a_304_page(etag: str | None, last_modified: str | None, sent: dict) -> None:
    with serve({"/a": conditional}) as srv, Fetcher(LOCAL) as fetcher:
        page = fetcher.fetch(srv.url("/a"), etag=etag, last_modified=last_modified)
        headers = srv.requests[-1].headers
    assert {k: v for k, v in headers.items() if k.startswith("if-")} == sent
    assert (page.url, page.final_url, page.status, page.content, page.text, page.encoding) == (
        srv.url("/a"),
        srv.url("/a"),
        304,
        b"",
        "",
        "",
    )
    assert page.headers["etag"] == ETAG
    assert page.fetched_at.tzinfo is not None


def test_stale_validator_gets_the_full_page() -> None:
    with serve({"/a": conditional}) as srv, Fetcher(LOCAL) as fetcher:
        page = fetcher.fetch(srv.url("/a"), etag='"v0"')
    assert (page.status, page.text, page.headers["etag"]) == (200, BODY, ETAG)


def test_conditional_request_follows_redirects() -> None:
    routes = {"/old": Response(301, b"", {"Location": "/a"}), "/a": conditional}
    with serve(routes) as srv, Fetcher(LOCAL) as fetcher:
        page = fetcher.fetch(srv.url("/old"), etag=ETAG)
        assert srv.requests[-1].headers["if-none-match"] == ETAG
    assert (page.status, page.final_url, page.content) == (304, srv.url("/a"), b"")


def test_unsolicited_304_is_not_a_page() -> None:
    with (
        serve({"/a": Response(304, b"")}) as srv,
        Fetcher(LOCAL) as fetcher,
        pytest.raises(FetchError, match=r"^HTTP 304 from .*/a is neither a page nor a redirect$"),
    ):
        fetcher.fetch(srv.url("/a"))


def test_errors_stay_errors_under_conditional_requests() -> None:
    with serve({}) as srv, Fetcher(LOCAL) as fetcher, pytest.raises(HTTPStatusError) as info:
        fetcher.fetch(srv.url("/gone"), etag=ETAG)
    assert info.value.status == 404


def test_host_delay_counts_from_request_start_when_not_from_answer() -> None:
    slow = Response(200, BODY, HTML, delay=0.1)
    config = FetchConfig(allow_private=True, retries=0, delay_from_answer=False)
    with serve({"/a": slow}) as srv, Fetcher(config) as fetcher:
        fetcher.set_host_delay(srv.url("/"), 0.2)
        for _ in range(4):
            fetcher.fetch(srv.url("/a"))
        times = [r.time for r in srv.requests if r.path == "/a"]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # Start to start: the 0.1 s answers hide inside the 0.2 s gaps (counted from the answer, they would be 0.3 s).
    assert all(0.17 <= gap < 0.28 for gap in gaps), gaps


def test_host_delay_never_lowers_min_delay() -> None:
    config = FetchConfig(allow_private=True, retries=0, min_delay=0.2)
    with serve({"/a": Response(200, BODY, HTML)}) as srv, Fetcher(config) as fetcher:
        fetcher.set_host_delay(srv.url("/"), 0.01)
        for _ in range(3):
            fetcher.fetch(srv.url("/a"))
        times = [r.time for r in srv.requests if r.path == "/a"]
    assert all(b - a >= 0.17 for a, b in itertools.pairwise(times))
