"""The selector walker (sites.base.Selector) finds what the selector's XPath finds, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from beritascrape.sites import PROFILES
from beritascrape.sites.base import Selector, compile_css, doc_order

FIXTURES = Path(__file__).parent / "fixtures"
_PARSER = etree.HTMLParser(remove_comments=True, collect_ids=False)
GROUPS = ("title", "body", "authors", "date", "captions", "tags", "credit_lines", "paging_links")

# Nested and sibling matches, class lists with tabs and NBSP, attribute prefixes: where a walker could differ.
NESTED = """<html><body>
<div class="a x"><div class="a"><p class="t">1</p><span>2</span></div><p class="t">3</p></div>
<div class="a&#160;b"><p class="t">4</p></div><div class="\ta\n"><p>5</p></div>
<article class="read__content"><p>6</p></article><p>7</p><div><p>8</p></div><p id="x">9</p>
<section class="s"><article class="read__content"></article><p>10</p><article class="read__content"></article>
<p>11</p></section><div id="div-gpt-ad-1" data-k="v"><a href="/tag/x">12</a></div><div id="" class="">13</div>
</body></html>"""
CASES = [
    "div.a p", "div.a p.t", "div.a span", "div.b p", "div.a", "article.read__content ~ p", "section.s p",
    "div[id^='div-gpt-ad'] a", "div[id^='']", "div[id]", "div[data-k='v']", "div[data-k*='v']", "div#x", "p#x",
    "div.a div.a p", "div p", "div div p",
]  # fmt: skip


def _check(selector: str, doc: etree._Element, classes: dict[etree._Element, str | None] | None = None) -> None:
    walker = Selector(selector)
    union, first = compile_css((selector,)), compile_css((selector,), first=True)
    assert union is not None and first is not None
    for scope in [doc, *doc.iter("div", "section", "article")]:
        expected = union(scope)
        assert walker.all(scope) == expected, (selector, scope)
        assert walker.first(scope) is (expected[0] if expected else None), (selector, scope)
        if classes is not None:  # one page's class cache, shared by every selector run on it
            assert walker.all(scope, classes) == expected, (selector, scope)
            assert walker.first(scope, classes) is (expected[0] if expected else None), (selector, scope)


@pytest.mark.parametrize("selector", CASES)
def test_the_walker_matches_the_xpath_on_nested_and_sibling_markup(selector: str) -> None:
    assert Selector(selector).steps is not None  # walked, not handed to the XPath
    _check(selector, etree.fromstring(NESTED, _PARSER))


def test_the_walker_matches_the_xpath_for_every_profile_selector_on_every_fixture() -> None:
    selectors = sorted({s for p in PROFILES for g in GROUPS for s in getattr(p, g)})
    pages = [etree.fromstring(path.read_bytes(), _PARSER) for path in sorted(FIXTURES.rglob("*.html"))]
    for doc in pages:
        classes: dict[etree._Element, str | None] = {}
        for selector in selectors:
            _check(selector, doc, classes)


def test_a_group_is_the_union_of_its_selectors_in_document_order() -> None:
    doc = etree.fromstring(NESTED, _PARSER)
    selectors = ("p.t", "div.a", "article.read__content ~ p")
    union = compile_css(selectors)
    assert union is not None
    assert doc_order([el for s in selectors for el in Selector(s).all(doc)]) == union(doc)


def test_selectors_the_walker_cannot_run_keep_their_xpath() -> None:
    doc = etree.fromstring(NESTED, _PARSER)
    for selector in ("[id^='div-gpt-ad']", "#x", "div > p", "p:first-child", "div + p"):
        walker = Selector(selector)
        assert walker.steps is None
        assert walker.all(doc) == compile_css((selector,))(doc)  # type: ignore[misc]
