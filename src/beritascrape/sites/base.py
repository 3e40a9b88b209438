"""The SiteProfile record: a site family's selectors and hints, as data."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from cssselect import GenericTranslator, SelectorError, parse
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash
from cssselect.xpath import XPathExpr
from lxml import etree


class _FastTranslator(GenericTranslator):
    """cssselect with a cheap contains() pre-test before the exact class-token test.

    libxml2 evaluates normalize-space/concat on every element otherwise; the pre-test rejects almost all of
    them first and halves the cost of a class selector, with the same matches.
    """

    def xpath_class(self, class_selector: Class) -> XPathExpr:
        xpath = self.xpath(class_selector.selector)
        name = class_selector.class_name
        return xpath.add_condition(
            f"contains(@class, {self.xpath_literal(name)}) and "
            f"contains(concat(' ', normalize-space(@class), ' '), {self.xpath_literal(' ' + name + ' ')})"
        )


_TRANSLATOR = _FastTranslator()


def compile_css(selectors: tuple[str, ...], *, first: bool = False) -> etree.XPath | None:
    """Compile CSS selectors into one XPath (document order), or None when there are none.

    `first` keeps only the first match in document order: libxml2 then stops each selector's walk at its first
    match instead of collecting and sorting them all (a third of the cost on a page-wide search).
    """
    if not selectors:
        return None
    union = " | ".join(_TRANSLATOR.css_to_xpath(s) for s in selectors)
    return etree.XPath(f"({union})[1]" if first else union)


class Selector:
    """One CSS selector, matched as its XPath (compile_css) matches, but walked with lxml's tag iterators.

    libxml2 evaluates an XPath predicate such as the class test on every element of the tag (~2,500 instructions
    each), and a whole-page search was the largest cost after parsing. lxml's `iter(tag)` skips other tags in C
    and each step's Python test reads one attribute: a selector whose first part names a rare tag costs almost
    nothing. The same elements, in document order, as the XPath: tests/test_selectors.py compares the two.
    """

    def __init__(self, css: str) -> None:
        self.css = css
        self.steps = _steps(css)
        # A selector this walker does not handle (a part with no tag, a pseudo-class) keeps its XPath.
        self.xpath = compile_css((css,)) if self.steps is None else None
        self.first_xpath = compile_css((css,), first=True) if self.steps is None else None

    def all(self, scope: etree._Element, classes: ClassCache | None = None) -> list[etree._Element]:
        """Every match at or under scope, in document order; `classes` keeps the class attributes read (one page's)."""
        if self.steps is None:
            return list(self.xpath(scope))  # type: ignore[misc]
        (_, tag, test), *rest = self.steps
        ctx = [el for el in scope.iter(tag) if test(el, classes)]
        for combinator, tag, test in rest:
            found: list[etree._Element] = []
            producers = 0
            for c in ctx:
                if combinator == "~":
                    got = [el for el in c.itersiblings(tag) if test(el, classes)]
                else:
                    got = [el for el in c.iterdescendants(tag) if test(el, classes)]
                if got:
                    producers += 1
                    found += got
            # Several contexts may reach the same elements (nested or sibling contexts): as a node-set, once each
            # and in document order.
            ctx = doc_order(found) if producers > 1 else found
            if not ctx:
                break
        return ctx

    def first(self, scope: etree._Element, classes: ClassCache | None = None) -> etree._Element | None:
        """The first match at or under scope in document order, or None."""
        if self.steps is None:
            found = self.first_xpath(scope)  # type: ignore[misc]
            return found[0] if found else None
        if len(self.steps) == 1:
            _, tag, test = self.steps[0]
            for el in scope.iter(tag):
                if test(el, classes):
                    return el
            return None
        if any(combinator == "~" for combinator, _, _ in self.steps):
            found = self.all(scope, classes)
            return found[0] if found else None
        # A chain of descendant steps: the matches under an earlier first-step element come before those under a
        # later one (or are the same ones, for a nested element), so the first element with a match decides.
        (_, tag, test), *rest = self.steps
        for el in scope.iter(tag):
            if test(el, classes):
                hit = _first_below(el, rest, classes)
                if hit is not None:
                    return hit
        return None


def _first_below(
    el: etree._Element, steps: list[tuple[str, str, StepTest]], classes: ClassCache | None
) -> etree._Element | None:
    (_, tag, test), *rest = steps
    for below in el.iterdescendants(tag):
        if test(below, classes):
            if not rest:
                return below
            hit = _first_below(below, rest, classes)
            if hit is not None:
                return hit
    return None


_DOC_ORDER = etree.XPath("$nodes/self::node()")
# One page's class attributes by element, shared by the selectors run on it (it keeps their proxies alive too).
ClassCache = dict[etree._Element, str | None]
StepTest = Callable[[etree._Element, "ClassCache | None"], bool]


def doc_order(elements: list[etree._Element]) -> list[etree._Element]:
    """Elements of one tree once each, in document order (libxml2 sorts a node-set in C)."""
    return list(_DOC_ORDER(elements[0], nodes=elements)) if len(elements) > 1 else elements


# XPath's normalize-space() splits at these only (str.split() also splits at NBSP and other Unicode spaces).
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _steps(css: str) -> tuple[tuple[str, str, StepTest], ...] | None:
    """(combinator, tag, test) per compound of a selector, left to right; None when the walker cannot run it."""
    try:
        parsed = parse(css)
    except SelectorError:  # the XPath compiler reports it
        return None
    if len(parsed) != 1 or parsed[0].pseudo_element is not None:
        return None
    tree = parsed[0].parsed_tree
    compounds: list[object] = []
    combinators: list[str] = []
    while isinstance(tree, CombinedSelector):  # "A B ~ C" nests as ((A B) ~ C): read from the right
        if tree.combinator not in (" ", "~"):
            return None
        compounds.append(tree.subselector)
        combinators.append(tree.combinator)
        tree = tree.selector
    compounds.append(tree)
    compounds.reverse()
    combinators.reverse()
    steps = []
    for combinator, compound in zip(["", *combinators], compounds, strict=True):
        found = _compound(compound)
        if found is None:
            return None
        steps.append((combinator, *found))
    return tuple(steps)


def _compound(tree: object) -> tuple[str, StepTest] | None:
    classes: list[str] = []
    attrs: list[tuple[str, str, str]] = []
    while not isinstance(tree, Element):
        if isinstance(tree, Class):
            classes.append(tree.class_name)
        elif isinstance(tree, Hash):
            attrs.append(("id", "=", tree.id))
        elif isinstance(tree, Attrib) and tree.namespace is None and tree.operator in ("exists", "=", "^=", "*="):
            attrs.append((tree.attrib, tree.operator, str(tree.value.value) if tree.value is not None else ""))
        else:
            return None
        tree = tree.selector
    if tree.namespace is not None or not tree.element or tree.element == "*":
        return None
    return tree.element, _test(classes, attrs)


def _test(classes: list[str], attrs: list[tuple[str, str, str]]) -> StepTest:
    def test(el: etree._Element, cache: ClassCache | None) -> bool:
        if classes:
            # Several groups walk the same <div>s of a page: each get() costs ~2,000 instructions, a lookup ~100.
            if cache is None:
                raw = el.get("class")
            elif el in cache:
                raw = cache[el]
            else:
                raw = cache[el] = el.get("class")
            if raw is None:
                return False
            for c in classes:  # contains(@class, c): rejects almost every element before the token test
                if c not in raw:
                    return False
            tokens = _XML_SPACE.split(raw)
            for c in classes:
                if c not in tokens:
                    return False
        for name, op, value in attrs:
            got = el.get(name)
            if got is None:
                return False
            if op == "=":
                if got != value:
                    return False
            elif op == "^=":
                if not value or not got.startswith(value):
                    return False
            elif op == "*=" and (not value or value not in got):
                return False
        return True

    return test


# One compound selector: tag, .classes, #id and [attr], [attr=v], [attr^=v], [attr*=v]; no combinators.
_SIMPLE = re.compile(
    r"^(?P<tag>[a-z][a-z0-9]*)?(?P<rest>(?:\.[\w-]+|#[\w-]+|\[[\w-]+(?:[\^*]?=['\"]?[^'\"\]]*['\"]?)?\])*)$"
)
_PART = re.compile(r"\.([\w-]+)|#([\w-]+)|\[([\w-]+)(?:([\^*]?=)['\"]?([^'\"\]]*)['\"]?)?\]")

ElementTest = Callable[[etree._Element], bool]
# The class names (.x) and ids (#x) a selector needs; attribute tests like [src*='cdn'] are not pre-tested.
_NAME = re.compile(r"\.([\w-]+)|#([\w-]+)")
_ATTR_TEST = re.compile(r"\[[^\]]*\]")


def compile_simple(selector: str) -> ElementTest:
    """A Python test for one compound selector, so removal rules run during the body walk, not as XPath."""
    m = _SIMPLE.match(selector.strip())
    if not m:
        raise ValueError(f"not a simple selector (no combinators allowed): {selector!r}")
    tag = m.group("tag")
    classes: list[str] = []
    attrs: list[tuple[str, str, str]] = []
    for cls, ident, attr, op, value in _PART.findall(m.group("rest")):
        if cls:
            classes.append(cls)
        elif ident:
            attrs.append(("id", "=", ident))
        else:
            attrs.append((attr, op, value))

    def test(el: etree._Element) -> bool:
        if tag and el.tag != tag:
            return False
        if classes:
            # A substring test first: it rejects almost every element without splitting its class list.
            raw = el.get("class")
            if not raw:
                return False
            for c in classes:
                if c not in raw:
                    return False
            have = raw.split()
            for c in classes:
                if c not in have:
                    return False
        for name, op, value in attrs:
            got = el.get(name)
            if got is None or (op == "=" and got != value) or (op == "^=" and not got.startswith(value)):
                return False
            if op == "*=" and value not in got:
                return False
        return True

    return test


@dataclass(frozen=True)
class SiteProfile:
    """Where one CMS family keeps each part of an article page, and how sure we are of it."""

    name: str
    label: str
    # Host suffixes: "pikiran-rakyat.com" matches every sub-domain too.
    domains: tuple[str, ...]
    # CSS selectors that only this CMS emits; `fingerprint_min` of them must match an unknown domain's page.
    fingerprints: tuple[str, ...] = ()
    fingerprint_min: int = 2
    title: tuple[str, ...] = ()
    # Strip " - Site Name" style suffixes that this family appends to og:title and JSON-LD headline.
    body: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    # Lines outside (or inside) the body that carry "Editor: X" / "Sumber: X"; searched with the label regexes.
    credit_lines: tuple[str, ...] = ()
    # Nodes skipped while the body is read: simple selectors only (tag, .class, #id, [attr^=v]).
    remove: tuple[str, ...] = ()
    # Links of a split article's page navigation, and the query parameter that numbers pages.
    paging_links: tuple[str, ...] = ()
    page_param: str | None = None
    # A query ("page=all") whose response holds every page of a split article: one fetch instead of N.
    page_all: str | None = None
    # The HTML of any page already holds every page of a split article (merdeka's mobile site hides the later
    # ones with display:none): nothing more is fetched, and the nav only tells the page count.
    pages_inline: bool = False
    # The family's metadata dates (JSON-LD, meta tags, dataLayer) carry a wrong UTC offset for what is WIB
    # wall-clock time (merdeka says -07:00, old detik says Z): keep the clock, set the zone to WIB.
    wrong_offset_meta: bool = False
    # Meta keys that name the section better than article:section (KLY puts a constant "News" or "Article" there).
    category_meta: tuple[str, ...] = ()
    # The last paragraph names the writer in capitals ("DINI TEJA"), or the agency ("ANTARA"): Tempo.
    closing_credit: bool = False
    # Which field the JSON-LD `author` fills: "authors", or "editor" where the family puts the editor there (Tribun).
    ld_author_role: str = "authors"
    # Keys of the page's `dataLayer` object that name each field, where the family publishes one.
    datalayer: dict[str, str] = field(default_factory=dict)
    # Discovery (crawl): where the family lists its articles, as paths on each site's host or absolute URLs.
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    index_pages: tuple[str, ...] = ()
    # Links to the next page of an index ("Selanjutnya", "Next"), as CSS selectors.
    index_next: tuple[str, ...] = ()
    # A regex that an article URL of this family matches (and an index, tag or photo URL does not).
    article_url: str | None = None
    # How each selector was verified: a sentence people can read in `beritascrape sites`.
    verified: str = ""

    def matches_domain(self, host: str) -> bool:
        """True when host is one of the family's domains or a sub-domain of one."""
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    @cached_property
    def xpaths(self) -> dict[str, etree.XPath | None]:
        """Every selector group compiled once to XPath."""
        groups = ("title", "body", "authors", "date", "captions", "tags", "credit_lines", "paging_links", "index_next")
        return {g: compile_css(getattr(self, g)) for g in groups}

    @cached_property
    def first_xpaths(self) -> dict[str, tuple[etree.XPath, ...]]:
        """The groups read for one element (headline, body, byline): one first-match XPath per selector, tried in
        the profile's order of preference (as trafilatura tries its expression lists), so a page that the first
        selector fits is searched once."""
        return {
            g: tuple(x for s in getattr(self, g) if (x := compile_css((s,), first=True)) is not None)
            for g in ("title", "body", "authors")
        }

    @cached_property
    def selectors(self) -> dict[str, tuple[Selector, ...]]:
        """Every selector group as Selector walkers, in the profile's order (see Selector)."""
        groups = ("title", "body", "authors", "date", "captions", "tags", "credit_lines", "paging_links")
        return {g: tuple(Selector(s) for s in getattr(self, g)) for g in groups}

    def select(self, group: str, scope: etree._Element, classes: ClassCache | None = None) -> list[etree._Element]:
        """A group's matches at or under scope, in document order and once each (as its XPath union)."""
        found: list[etree._Element] = []
        producers = 0
        for selector in self.selectors[group]:
            got = selector.all(scope, classes)
            if got:
                producers += 1
                found += got
        return doc_order(found) if producers > 1 else found

    def select_first(
        self, group: str, scope: etree._Element, classes: ClassCache | None = None
    ) -> etree._Element | None:
        """The first element the group's first matching selector finds (headline, body, byline)."""
        for selector in self.selectors[group]:
            found = selector.first(scope, classes)
            if found is not None:
                return found
        return None

    @cached_property
    def fingerprint_names(self) -> tuple[frozenset[str], ...]:
        """Per fingerprint selector, the class names and ids a page must carry for it to match."""
        # Attribute tests are cut first: the dots of [src*='cdn.example.com'] are not class names.
        return tuple(frozenset(c or i for c, i in _NAME.findall(_ATTR_TEST.sub("", s))) for s in self.fingerprints)

    def may_match(self, names: frozenset[str] | set[str]) -> bool:
        """A cheap pre-test on the page's class names and ids: False when too few fingerprints can match."""
        possible = sum(1 for needed in self.fingerprint_names if needed <= names)
        return possible >= self.fingerprint_min

    @cached_property
    def fingerprint_xpaths(self) -> tuple[etree.XPath, ...]:
        """Each fingerprint selector compiled on its own, so matches can be counted."""
        return tuple(x for s in self.fingerprints if (x := compile_css((s,))) is not None)

    @cached_property
    def skip(self) -> ElementTest:
        """One test for all the removal rules, dispatching on tag so most elements meet one check or none."""
        by_tag: dict[str, list[ElementTest]] = {}
        anywhere: list[ElementTest] = []
        for selector in self.remove:
            test = compile_simple(selector)
            tag = _SIMPLE.match(selector.strip()).group("tag")  # type: ignore[union-attr]
            (by_tag.setdefault(tag, []) if tag else anywhere).append(test)
        tagged = {tag: tuple(tests) + tuple(anywhere) for tag, tests in by_tag.items()}
        untagged = tuple(anywhere)

        def skip(el: etree._Element) -> bool:
            # Called for every element of a body: most tags have no rule, and a loop spares any()'s generator.
            for test in tagged.get(el.tag, untagged):  # noqa: SIM110
                if test(el):
                    return True
            return False

        return skip
