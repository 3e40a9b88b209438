"""Golden tests: every fixture page with a .json beside it must parse to exactly that JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from beritascrape import parse_html
from beritascrape.errors import NotAnArticle
from beritascrape.extract import merge_pages

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = sorted(FIXTURES.rglob("*.json"))


def load(name: str) -> tuple[bytes, dict]:
    path = FIXTURES / name
    return path.with_suffix(".html").read_bytes(), json.loads(path.with_suffix(".json").read_text("utf-8"))


@pytest.mark.parametrize("path", GOLDEN, ids=[str(p.relative_to(FIXTURES)) for p in GOLDEN])
def test_fixture_page_matches_golden_json(path: Path) -> None:
    expected = json.loads(path.read_text("utf-8"))
    article = parse_html(path.with_suffix(".html").read_bytes(), expected["url"])
    assert article.to_dict() == expected
    assert article.published_at is not None and article.published_at.tzinfo is not None


# Fixture pages that are deliberately not articles (and discovery's index pages); the rest need golden JSON.
NOT_ARTICLES = {"prmn/index.html", "misc/garbage.html", "misc/not-article.html"}
NOT_ARTICLE_DIRS = ("discover/",)


def test_every_article_fixture_has_golden_json() -> None:
    pages = {str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.html")}
    pages = {p for p in pages if not p.startswith(NOT_ARTICLE_DIRS)}
    missing = sorted(p for p in pages - NOT_ARTICLES if not (FIXTURES / p).with_suffix(".json").exists())
    assert missing == []
    assert {"prmn/single.json", "prmn/multi-p1.json", "prmn/partner.json"} <= {
        str(p.relative_to(FIXTURES)) for p in GOLDEN
    }


def test_single_page_keeps_dateline_and_drops_read_also_credits_captions_and_end_mark() -> None:
    raw, expected = load("prmn/single.json")
    article = parse_html(raw, expected["url"])
    assert article.paragraphs[0].startswith("PIKIRAN RAKYAT - ")
    assert not article.body.endswith("***")
    for leak in (
        "Baca Juga",
        "Baca juga",
        "Simak juga",
        "Editor:",
        "Sumber:",
        "googletag",
        "Terkini",
        "Terpopuler",
        "Artikel Terkait",
        "SHARE",
        "Komentar",
        "\xa0",
        *article.captions,
    ):
        assert leak not in article.body, leak
    assert article.authors == ("Rina Marlina Sari",)
    assert article.editor == "Dadang Suhendar"


def test_partner_domain_is_recognised_by_fingerprint_and_keeps_wita() -> None:
    raw, expected = load("prmn/partner.json")
    article = parse_html(raw, expected["url"])
    assert article.extractor == "profile:prmn"
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2021-02-03T19:05:00+08:00"
    assert article.authors == ()  # meta[name=author] is the site's name, not a writer


def test_three_pages_stitch_in_order() -> None:
    parts = []
    for n in (1, 2, 3):
        raw, expected = load(f"prmn/multi-p{n}.json")
        parts.append(parse_html(raw, expected["url"]))
    merged = merge_pages(parts)
    assert merged.paragraphs == [p for part in parts for p in part.paragraphs]
    assert merged.page_count == 3
    assert merged.url == parts[0].url
    assert merged.captions == (
        parts[0].captions[0],
        *[c for c in parts[1].captions if c != parts[0].captions[0]],
    )
    assert merged.word_count == len(merged.body.split())


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("prmn/index.html", "index or home page, not an article"),
        ("misc/garbage.html", "no article text found"),
        (
            "misc/not-article.html",
            "not a news article (no article markup, headline or date)",
        ),
    ],
)
def test_pages_that_are_not_articles_say_so(name: str, message: str) -> None:
    with pytest.raises(NotAnArticle) as err:
        parse_html((FIXTURES / name).read_bytes(), "https://x.test/")
    assert str(err.value) == message


def test_str_input_and_missing_url_use_the_canonical_link() -> None:
    raw, expected = load("prmn/single.json")
    article = parse_html(raw.decode("utf-8"))
    assert article.url == expected["canonical_url"]
    assert article.to_dict() | {"url": expected["url"]} == expected


@pytest.mark.parametrize(
    ("link", "url", "site"),
    [
        ('<link rel="canonical" href="/bandung-raya/pr-01356789/kebun">', "", None),
        ('<link rel="canonical" href="kebun.html">', "", None),
        ('<meta property="og:url" content="ftp://pikiran-rakyat.com/x">', "", None),
        (
            '<link rel="canonical" href="//www.pikiran-rakyat.com/bandung-raya/pr-01356789/kebun">',
            "https://www.pikiran-rakyat.com/bandung-raya/pr-01356789/kebun",
            "pikiran-rakyat.com",
        ),
    ],
)
def test_a_page_read_without_its_url_is_named_only_by_a_whole_link(link: str, url: str, site: str | None) -> None:
    # A relative canonical names no site: two saved pages of two sites would share it as their archive key.
    raw = (FIXTURES / "prmn" / "single.html").read_text("utf-8")
    own = r'<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>|"url": "https://www.pikiran-rakyat.com/bandung[^"]*",'
    raw = re.sub(own, "", raw).replace("</head>", link + "</head>")
    article = parse_html(raw)
    assert (article.url, article.site) == (url, site)


@pytest.mark.parametrize("value", [None, 42, ["<p>x</p>"]])
def test_parse_html_of_something_else_than_a_page_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError) as info:
        parse_html(value)  # type: ignore[arg-type]
    assert str(info.value) == f"parse_html takes the page as str or bytes, not {type(value).__name__}"
