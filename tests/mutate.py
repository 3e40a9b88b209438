"""Seeded mutations of HTML pages, for the fuzz test and benchmarks/fuzz.py: the ways bytes arrive broken."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from beritascrape.errors import BeritaError, ExtractionTimeout, NotAnArticle, NotHTML
from beritascrape.fetch.decoding import decode_html, require_html_bytes
from beritascrape.scrape.article import extract_page

Mutation = Callable[[bytes, random.Random], bytes]


def _span(page: bytes, rng: random.Random, most: int = 4096) -> tuple[int, int]:
    start = rng.randrange(len(page) + 1)
    return start, min(len(page), start + rng.randint(0, most))


def flip_bytes(page: bytes, rng: random.Random) -> bytes:
    data = bytearray(page)
    for _ in range(rng.randint(1, 64)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def insert_junk(page: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(page) + 1)
    junk = rng.choice([b"\x00" * 16, b"\xff\xfe", b"\xef\xbb\xbf", b"<", b"</", b"<!--", b"]]>", b"&#0;", b"&#xD800;"])
    return page[:at] + junk * rng.randint(1, 50) + page[at:]


def delete_span(page: bytes, rng: random.Random) -> bytes:
    start, end = _span(page, rng)
    return page[:start] + page[end:]


def duplicate_span(page: bytes, rng: random.Random) -> bytes:
    start, end = _span(page, rng, 2048)
    return page[:end] + page[start:end] * rng.randint(2, 40) + page[end:]


def truncate(page: bytes, rng: random.Random) -> bytes:
    return page[: rng.randrange(len(page) + 1)]


def deep_nesting(page: bytes, rng: random.Random) -> bytes:
    at = page.find(b"<body")
    at = rng.randrange(len(page) + 1) if at < 0 else at
    tag = rng.choice([b"div", b"span", b"b", b"p", b"a", b"li", b"table"])
    depth = rng.choice([300, 1000, 5000])
    return page[:at] + (b"<" + tag + b">") * depth + b"teks" + page[at:]


def deep_jsonld(page: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([100, 1000, 20000])
    opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
    block = b'<script type="application/ld+json">' + opener * depth + b"1" + closer * depth + b"</script>"
    at = page.find(b"</head>")
    return page[: max(at, 0)] + block + page[max(at, 0) :]


def bad_jsonld(page: bytes, rng: random.Random) -> bytes:
    block = rng.choice(
        [
            b'{"@type": "NewsArticle", "author": [[[[', b'{"@type": ["NewsArticle"], "datePublished": 5}',
            b'{"@graph": {"@graph": null}}', b'[{"@type": null, "author": {"name": ["x", {"y": 1}]}}]',
            b'{"@type": "NewsArticle", "datePublished": "9999-99-99T99:99", "headline": {}}',
            b'{"@type": "NewsArticle", "image": [], "author": 1e999, "keywords": [1, null]}',
        ]
    )  # fmt: skip
    at = page.find(b"</head>")
    return page[: max(at, 0)] + b'<script type="application/ld+json">' + block + b"</script>" + page[max(at, 0) :]


def bad_charset(page: bytes, rng: random.Random) -> bytes:
    label = rng.choice([b"utf\x00-8", b"utf-7", b"x-unknown", b"utf-16", b"\xff\xfe", b"idna", b"rot13", b"hex", b""])
    return b'<meta charset="' + label + b'">' + page


def reencode(page: bytes, rng: random.Random) -> bytes:
    text = page.decode("utf-8", errors="replace")
    codec = rng.choice(["utf-16", "utf-32", "utf-16-be", "cp1252", "latin-1"])
    prefix = b"\xfe\xff" if codec == "utf-16-be" else b""
    return prefix + text.encode(codec, errors="replace")


def many_paragraphs(page: bytes, rng: random.Random) -> bytes:
    at = page.find(b"</body>")
    at = len(page) if at < 0 else at
    para = rng.choice([b"<p>a</p>", b"<p>kata satu dua</p>\n", b"<br>x", b"<li>x</li>", b"<div>ab</div>"])
    return page[:at] + para * rng.choice([2000, 20000]) + page[at:]


def bad_dates(page: bytes, rng: random.Random) -> bytes:
    value = rng.choice([b"0000-00-00", b"99999-01-01T00:00:00+99:00", b"2024-02-30", b"-1", b"1e308", b"\x00"])
    tag = b'<meta property="article:published_time" content="' + value + b'">'
    return tag + page


MUTATIONS: tuple[Mutation, ...] = (
    flip_bytes, insert_junk, delete_span, duplicate_span, truncate, deep_nesting, deep_jsonld, bad_jsonld,
    bad_charset, reencode, many_paragraphs, bad_dates,
)  # fmt: skip


def mutants(pages: list[bytes], count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """`count` mutated pages (one to three mutations each), named by the mutations applied, from a seed."""
    rng = random.Random(seed)
    for _ in range(count):
        page = rng.choice(pages)
        names = []
        for _ in range(rng.randint(1, 3)):
            mutation = rng.choice(MUTATIONS)
            page = mutation(page, rng)
            names.append(mutation.__name__)
        yield "+".join(names), page


@dataclass(frozen=True)
class Result:
    """What extracting one mutated page gave: "ok", an expected refusal, or the unexpected exception's type."""

    outcome: str
    message: str = ""


def extract_bytes(content: bytes, url: str = "https://fuzz.invalid/berita/2024/03/05/judul") -> Result:
    """Run one page's bytes through what `scrape` does with a saved file: check, decode, extract."""
    try:
        require_html_bytes(content, "page")
        text, _ = decode_html(content)
        extract_page(text, url)
    except (NotAnArticle, NotHTML) as exc:
        return Result(type(exc).__name__)
    except ExtractionTimeout as exc:
        return Result("ExtractionTimeout", str(exc))
    except BeritaError as exc:
        return Result(type(exc).__name__, str(exc))
    except Exception as exc:  # the fuzz reports these: none may escape extraction
        return Result(type(exc).__name__, f"{exc}"[:200])
    return Result("ok")
