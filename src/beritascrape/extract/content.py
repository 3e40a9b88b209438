"""Our own main-content finder for pages no profile reads: containers scored by their prose, in one walk.

Readability's idea, on the blocks our body reader splits: every block of prose scores for the element that holds
it and, less, for the elements above; class and id words that say "article" or "sidebar" scale a container's
score, and its share of link text is taken off. The best container, with its siblings that hold prose too (an
article split by ads into several wrappers), is the article, unless an ancestor adds markedly more prose than
other text and links (an article split over one wrapper per paragraph). Inside it, furniture is left out by kind,
whatever its class: boxes of links without prose, lists of other articles' headlines, wrappers named for
comments, newsletters or the writer's bio, pictures with their captions, a line repeating a picture's alt text.

It also says how sure it is (`Content.confident`): when much of the page's prose lies outside what it chose, the
caller asks trafilatura instead. A page with too few words, or no prose at all, is answered at once: no extractor
can find an article in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from lxml import etree

from beritascrape.extract import clean
from beritascrape.extract.body import BLOCK_TAGS, Paragraph
from beritascrape.extract.kind import HEADLINE_WORDS
from beritascrape.extract.text import PROSE_WORDS, is_prose, squash

# Blocks whose parent is the container (readability's paragraphs); text straight in a div is its own container's.
_PARAGRAPH_TAGS = frozenset(("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt", "th"))
_SKIP_TAGS = frozenset((*clean.GENERIC_REMOVE, "nav", "aside", "select", "option", "head", "title", "meta", "link"))
_EMBEDS = clean.EMBED_CANDIDATES
EMBEDDED = "embedded post"
# Inline tags whose leaves only hold text.
_PLAIN_INLINE = frozenset((
    "span", "b", "strong", "i", "em", "u", "s", "small", "big", "font", "sup", "sub", "abbr", "cite", "code", "mark",
    "q", "time", "label", "kbd", "var", "del", "bdi", "bdo", "tt", "strike", "dfn", "data", "wbr",
))  # fmt: skip
_BREAKS = frozenset(("br", "hr"))
_MEDIA_TAGS = frozenset(("img", "picture", "amp-img"))
MEDIA_BOX_CHARS = 300
PAGE_MARKER = re.compile(r"^(?:halaman\s+)?\d+\s+(?:dari|of)\s+\d+(?:\s+(?:halaman|pages?))?$", re.I)
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Class and id words of article containers and of page furniture (readability's lists, with Indonesian CMS words).
POSITIVE = re.compile(
    r"article|body|content|entry|main|page|post|text|blog|story|detail|isi|konten|berita|artikel|read|news", re.I
)
NEGATIVE = re.compile(
    r"comment|komentar|combx|contact|foot|masthead|outbrain|taboola|promo|related|terkait|sidebar|sponsor|shopping"
    r"|widget|share|social|sosmed|nav|menu|breadcrumb|popular|populer|terpopuler|trending|recommend|rekomendasi"
    r"|banner|advert|iklan|tags?\b|topik|newsletter|subscribe|signup|pagination|author-?box|bio\b|caption",
    re.I,
)
# A box of short lines, without prose, that is a widget (_widget): the mechanism's name, the boxes it judges, the
# most text one holds, and the class and id words of rating and poll widgets (detik's 2016 readfoto
# div.vote_galeri, detik__anpandu-singlepage2.html line 322).
WIDGET = "widget"
_BOXES = frozenset(("div", "section", "aside", "figure"))
WIDGET_CHARS = 400
WIDGET_NAMES = re.compile(r"(?:^|[\s_-])(?:vot(?:e|ing)|rating|polls?|polling|jajak)(?:$|[\s_-])", re.I)
# Class and id words of a box that holds a picture and its caption (a word, or a part of one between "_" and "-").
PICTURE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:pic|picture|foto|photo|image|img|gambar|caption|figure|media)(?:$|[\s_-])", re.I
)
# Names of what is never the article, however much prose it holds: comments, newsletters, the writer's bio.
STRONG_NEGATIVE = re.compile(r"comment|komentar|author-?bio|newsletter|subscribe", re.I)
# A wrapper holding this many links of HEADLINE_WORDS words or more, and JUNK_LINK_SHARE of its text in links,
# lists other articles.
TEASER_LINKS = 3
# They scale a container's score (readability adds a constant, which lets a one-line wrapper named "article-date"
# beat the body).
POSITIVE_FACTOR, NEGATIVE_FACTOR = 1.25, 0.5
TAG_FACTOR = {"article": 1.1, "main": 1.1}
TAG_FACTOR.update(dict.fromkeys(("ol", "ul", "dl", "dd", "dt", "li", "address", "header", "footer", "th"), 0.8))
# A block shorter than this scores nothing (a label, a date); one scores 1 + its commas + one per 100 chars, up to 3.
MIN_BLOCK_CHARS = 25
# How far up a block's score reaches, and the share each level gets (readability: 1, 1/2, then 1/(3 * level)).
LEVELS = 5
# A sibling of the best container joins it when it scores this share of the best (and at least SIBLING_MIN).
SIBLING_SHARE = 0.2
SIBLING_MIN = 10.0
# A sibling <p> joins on its own when it holds this much prose with few links.
SIBLING_P_CHARS, SIBLING_P_LINK_SHARE = 80, 0.25
# Furniture inside the article: a wrapper named so whose text is this much links, or holds no prose, is skipped.
JUNK_LINK_SHARE = 0.3
# An ancestor of the chosen text replaces it when its gain (prose characters, less OTHER_COST per character of other
# text and LINK_COST per link character) beats the chosen text's by CLIMB_MARGIN, and so on up, step by step.
OTHER_COST, LINK_COST, CLIMB_MARGIN = 1.0, 2.0, 1.2
# Confidence: the chosen text holds at least this share of the page's prose (prose characters outside links).
MIN_COVERAGE = 0.6
# A page with fewer words than this in its body holds no article (parse.MIN_WORDS): nothing is worth running.
MIN_PAGE_WORDS = 20


class _Block(NamedTuple):
    """One text block of the walk (a Paragraph is made only for the blocks kept: it is a frozen dataclass)."""

    text: str
    link_chars: int
    heading: bool


class _Stats:
    """What one block element holds: characters, link characters, prose characters, headline links, pictures, and
    where its blocks and its descendants lie in the walk's lists."""

    __slots__ = (
        "chars", "end", "first", "headlines", "index", "last", "link_chars", "media", "prose_chars"
    )  # fmt: skip

    def __init__(self, first: int, index: int) -> None:
        self.chars = self.link_chars = self.prose_chars = self.headlines = self.media = 0
        self.first = self.last = first  # blocks[first:last] are this element's
        self.index = index  # elements[index] is this element; elements[index + 1 : end] are its descendants
        self.end = index + 1


@dataclass
class Content:
    """The main text found, and whether it can be trusted without asking another extractor."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    confident: bool = False
    # Why not confident ("no prose", "coverage 0.41"), for benchmarks and `sites --check`.
    reason: str = ""
    # A page without any prose: no extractor would find an article, so none should be asked.
    prose: bool = True
    # The blocks inside the chosen text left out as furniture: (mechanism, text), in page order.
    dropped: list[tuple[str, str]] = field(default_factory=list)


class _Walk:
    """The page's text blocks (split as body.read_paragraphs splits them) and every element's _Stats, in one pass."""

    def __init__(self, root: etree._Element) -> None:
        self.blocks: list[_Block] = []
        self.nodes: list[etree._Element] = []  # the block element each block's text sits in
        self.elements: list[etree._Element] = []  # block elements in document order
        self.stats: dict[etree._Element, _Stats] = {}
        self.alts: set[str] = set()
        self.words = 0
        self.prose_chars = 0
        self._walk(root)

    def _walk(self, root: etree._Element) -> None:
        # One recursive closure over local names: this walk is most of the content finder's time.
        blocks, nodes, elements, stats, alts = self.blocks, self.nodes, self.elements, self.stats, self.alts
        buf: list[str] = []
        link_chars = 0
        heading = 0
        words = prose_chars = 0
        opened: list[tuple[etree._Element, _Stats]] = []
        new_tuple = tuple.__new__  # a _Block without its Python-level __new__

        def flush() -> None:
            nonlocal link_chars, words, prose_chars
            raw = "".join(buf)
            buf.clear()
            if raw and not raw.isspace():
                # squash(), inlined for ASCII text (no invisible characters to drop): most blocks
                text = " ".join(raw.split()) if raw.isascii() else squash(raw)
                if text:
                    n = len(text)
                    links = min(link_chars, n)
                    node, s = opened[-1]
                    blocks.append(new_tuple(_Block, (text, links, heading > 0)))
                    nodes.append(node)
                    words += text.count(" ") + 1
                    s.chars += n
                    s.link_chars += links
                    # is_prose, its word count first without a split (squash left single spaces)
                    if links * 2 < n and text.count(" ") >= PROSE_WORDS - 1 and is_prose(text):
                        s.prose_chars += n - links
                        prose_chars += n - links
            link_chars = 0

        def walk(el: etree._Element, in_link: bool, is_root: bool = False) -> None:
            # Only block elements (and the root) get _Stats: an inline element's text is its block's, and its
            # pictures and headline links are counted for the block around it.
            nonlocal link_chars, heading
            tag = el.tag
            if not isinstance(tag, str) or tag in _SKIP_TAGS:
                return
            s: _Stats | None = None
            if tag in _BREAKS:
                if buf:
                    flush()
            elif is_root or tag in BLOCK_TAGS:
                if buf:
                    flush()
                s = _Stats(len(blocks), len(elements))
                stats[el] = s
                elements.append(el)
                opened.append((el, s))
            if tag in _MEDIA_TAGS:
                opened[-1][1].media += 1
                alt = squash(el.get("alt") or el.get("title"))
                if len(alt) >= MIN_BLOCK_CHARS:
                    alts.add(alt)
            elif tag == "a" and not in_link:
                in_link = True
                if len("".join(el.itertext()).split()) >= HEADLINE_WORDS:
                    opened[-1][1].headlines += 1
            is_heading = tag in _HEADINGS
            heading += is_heading
            text = el.text
            if text:
                buf.append(text)
                if in_link:
                    link_chars += len(text.strip())
            for child in el:
                ctag = child.tag
                if ctag in _PLAIN_INLINE and not len(child):
                    # A leaf of inline text (<b>, <span>): its text without a call of its own (most elements).
                    text = child.text
                    if text:
                        buf.append(text)
                        if in_link:
                            link_chars += len(text.strip())
                elif ctag == "a" and not in_link and not len(child):
                    text = child.text
                    if text:
                        if len(text.split()) >= HEADLINE_WORDS:
                            opened[-1][1].headlines += 1
                        buf.append(text)
                        link_chars += len(text.strip())
                else:
                    walk(child, in_link)
                text = child.tail
                if text:
                    buf.append(text)
                    if in_link:
                        link_chars += len(text.strip())
            if s is not None:
                if buf:
                    flush()  # before the heading count drops: the block's own text is the heading
                opened.pop()
                s.last = len(blocks)
                s.end = len(elements)
                if opened:
                    up = opened[-1][1]  # the block around it counts what this one holds
                    up.chars += s.chars
                    up.link_chars += s.link_chars
                    up.prose_chars += s.prose_chars
                    up.headlines += s.headlines
                    up.media += s.media
            heading -= is_heading

        walk(root, False, True)
        self.words, self.prose_chars = words, prose_chars


class _Page:
    """What the generic path's readers ask of one parsed page more than once: its walk, its <h1>s, the lines
    around its headline; each read on first use."""

    __slots__ = ("_h1_texts", "_h1s", "_walk", "after_headline", "doc")

    def __init__(self, doc: etree._Element) -> None:
        self.doc = doc
        self._walk: _Walk | None = None
        self._h1s: tuple[etree._Element, ...] | None = None
        self._h1_texts: tuple[str, ...] | None = None
        self.after_headline: list[str] | None = None  # filled by generic._after_headline

    @property
    def walk(self) -> _Walk:
        """The walk of the page's <body> (of the whole page when it has none)."""
        if self._walk is None:
            found = self.doc.find("body")
            self._walk = _Walk(self.doc if found is None else found)
        return self._walk

    @property
    def h1s(self) -> tuple[etree._Element, ...]:
        """The page's <h1> elements in document order (an XPath search per reader cost ~0.2 ms a page)."""
        if self._h1s is None:
            self._h1s = tuple(self.doc.iter("h1"))
        return self._h1s

    @property
    def h1_texts(self) -> tuple[str, ...]:
        """The squashed text of each <h1>, in document order."""
        if self._h1_texts is None:
            self._h1_texts = tuple(squash("".join(h.itertext())) for h in self.h1s)
        return self._h1_texts


# The last page read: the body finder, the headline's neighbourhood (generic.meta_lines), the title and date
# readers share it (one object, swapped whole, so that threads never see one page's tree with another's walk).
_LAST_PAGE: _Page | None = None


def page_of(doc: etree._Element) -> _Page:
    """The shared readings of this parsed page."""
    global _LAST_PAGE
    last = _LAST_PAGE
    if last is not None and last.doc is doc:
        return last
    page = _Page(doc)
    _LAST_PAGE = page
    return page


def _walk_of(doc: etree._Element) -> _Walk:
    return page_of(doc).walk


def h1s(doc: etree._Element) -> tuple[etree._Element, ...]:
    """The page's <h1> elements, in document order."""
    return page_of(doc).h1s


def h1_texts(doc: etree._Element) -> tuple[str, ...]:
    """The squashed text of each of the page's <h1> elements, in document order."""
    return page_of(doc).h1_texts


def block_texts(doc: etree._Element, scope: etree._Element) -> list[str] | None:
    """The texts of the blocks inside `scope` as the page's walk split them, or None where the walk kept no count
    (an inline element, or one outside <body>)."""
    walk = _walk_of(doc)
    s = walk.stats.get(scope)
    return None if s is None else [p.text for p in walk.blocks[s.first : s.last]]


def main_content(doc: etree._Element) -> Content:
    """The page's main text as paragraphs, with a verdict on how sure the choice is."""
    walk = _walk_of(doc)
    if walk.words < MIN_PAGE_WORDS:
        return Content(reason="fewer than 20 words on the page", prose=False)
    if not walk.prose_chars:
        return Content(reason="no prose on the page", prose=False)
    stats = walk.stats
    chosen = _choose(stats, _scores(walk))
    if not chosen:
        return Content(reason="no paragraph to score")
    dropped = _furniture(walk, chosen)
    paragraphs = [
        Paragraph(*walk.blocks[i])
        for root in chosen
        for i in range(stats[root].first, stats[root].last)
        if i not in dropped
    ]
    left_out = [(dropped[i], walk.blocks[i].text) for i in sorted(dropped)]
    coverage = sum(stats[el].prose_chars for el in chosen) / walk.prose_chars
    # Only the choice can be wrong, not the amount: holding most of the page's prose, no other extractor finds more.
    if coverage < MIN_COVERAGE:
        return Content(paragraphs, False, f"coverage {coverage:.2f}", dropped=left_out)
    return Content(paragraphs, True, dropped=left_out)


def _scores(walk: _Walk) -> dict[etree._Element, float]:
    """Each container's score (readability's): what its paragraphs give it and, less, what its descendants' give."""
    stats = walk.stats
    scores: dict[etree._Element, float] = {}
    for para, node in zip(walk.blocks, walk.nodes, strict=True):
        if len(para.text) < MIN_BLOCK_CHARS or para.link_chars * 2 >= len(para.text):
            continue
        if para.heading and not is_prose(para.text):
            continue  # a title scores nothing; prose inside an unclosed <h1> of a broken page still does
        score = 1 + para.text.count(",") + min(len(para.text) / 100, 3.0)
        parent = node.getparent()
        el: etree._Element | None = parent if node.tag in _PARAGRAPH_TAGS and parent in stats else node
        level = 0
        while el is not None and level < LEVELS:
            if el not in stats:
                break  # above the walk's root
            scores[el] = scores.get(el, 0.0) + score / (1 if level == 0 else 2 if level == 1 else 3 * level)
            el, level = el.getparent(), level + 1
    return scores


def _furniture(walk: _Walk, chosen: list[etree._Element]) -> dict[int, str]:
    """The blocks inside the chosen elements that are furniture, each with the mechanism that says so."""
    stats = walk.stats
    dropped: dict[int, str] = {}
    for root in chosen:
        s = stats[root]
        inside = walk.elements[s.index + 1 : s.end]
        for el in inside:
            d = stats[el]
            # An embedded social post is another page's text (clean.EMBED_CLASSES). It is left out here, not in the
            # walk: in the article's flow it counts where the article lies (liputan6's tweets sit in the wrappers of
            # its paragraphs), as the writer's own quotes do.
            reason = (
                (EMBEDDED if el.tag in _EMBEDS and clean.is_embed(el) else _junk(el, d) or _widget(walk, el, d))
                if d.chars
                else None
            )
            if reason:
                for i in range(d.first, d.last):
                    dropped.setdefault(i, reason)
        for el in _captions(inside, stats, s.prose_chars):
            for i in range(stats[el].first, stats[el].last):
                if not walk.blocks[i].heading:  # a sub-heading beside a picture titles the section, not the picture
                    dropped.setdefault(i, "picture and caption")
        for i in range(s.first, s.last):
            text = walk.blocks[i].text
            # A line that repeats a picture's alt text is its caption; "2 dari 3 halaman" marks a page of the article.
            if text in walk.alts and not walk.blocks[i].heading:
                dropped.setdefault(i, "alt text")
            elif PAGE_MARKER.match(text):
                dropped.setdefault(i, "page marker")
    return dropped


def _choose(stats: dict[etree._Element, _Stats], scores: dict[etree._Element, float]) -> list[etree._Element]:
    """The best-scored container and its prose siblings, or the ancestor that holds the article when it is split
    over wrappers the scores do not reach (one per paragraph, or per few paragraphs, as on Reuters and Telegraph)."""
    candidates = [(_final(el, stats[el], score), el) for el, score in scores.items() if stats[el].prose_chars]
    if not candidates:
        # No block scored (prose in links or headings only): the element that holds the most prose for its furniture.
        held = [el for el, s in stats.items() if s.prose_chars]
        return [max(held, key=lambda el: _gain(stats[el]))] if held else []
    best_score, best = max(candidates, key=lambda c: c[0])
    chosen = _with_siblings(best, best_score, stats, scores)
    top, top_gain = None, CLIMB_MARGIN * sum(_gain(stats[el]) for el in chosen)
    for up in best.iterancestors():
        if up not in stats:
            break  # above the walk's root
        gain = _gain(stats[up])
        if gain > top_gain:
            # Each step up must beat the last by the margin: a footer's few lines do not pull the page in.
            top, top_gain = up, CLIMB_MARGIN * gain
    return [top] if top is not None else chosen


def _final(el: etree._Element, s: _Stats, score: float) -> float:
    # The score, scaled by the element's class, id and tag, less its share of links.
    return score * _weight(el) * (1 - s.link_chars / s.chars if s.chars else 1)


def _gain(s: _Stats) -> float:
    # Prose gained, other text and links paid for: an ancestor wins only by adding more prose than furniture.
    return s.prose_chars - OTHER_COST * (s.chars - s.link_chars - s.prose_chars) - LINK_COST * s.link_chars


def _weight(el: etree._Element) -> float:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    weight = TAG_FACTOR.get(el.tag, 1.0)
    if names.strip():
        negative, positive, _ = _name_marks(names)
        if negative:
            weight *= NEGATIVE_FACTOR
        if positive:
            weight *= POSITIVE_FACTOR
    return weight


# The same patterns without re.I, for ASCII names lower-cased first: a case-blind search of ~40 alternatives
# costs several microseconds on a long class list, and the finder asks for hundreds of elements a page.
_NEGATIVE_LOWER = re.compile(NEGATIVE.pattern)
_POSITIVE_LOWER = re.compile(POSITIVE.pattern)
_STRONG_LOWER = re.compile(STRONG_NEGATIVE.pattern)


@lru_cache(maxsize=4096)
def _name_marks(names: str) -> tuple[bool, bool, bool]:
    """Whether class-and-id names match NEGATIVE, POSITIVE and STRONG_NEGATIVE (names repeat across a page)."""
    if names.isascii():
        low = names.lower()  # for ASCII text re.I is exactly a match on the lower-cased text
        return (
            _NEGATIVE_LOWER.search(low) is not None,
            _POSITIVE_LOWER.search(low) is not None,
            _STRONG_LOWER.search(low) is not None,
        )
    return (
        NEGATIVE.search(names) is not None,
        POSITIVE.search(names) is not None,
        STRONG_NEGATIVE.search(names) is not None,
    )


def _with_siblings(
    best: etree._Element, score: float, stats: dict[etree._Element, _Stats], scores: dict[etree._Element, float]
) -> list[etree._Element]:
    """The best container and those of its siblings that score near it or are paragraphs of prose themselves."""
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(SIBLING_MIN, score * SIBLING_SHARE)
    return [sib for sib in parent if sib is best or (sib in stats and _joins(sib, stats[sib], scores, threshold))]


def _joins(sib: etree._Element, s: _Stats, scores: dict[etree._Element, float], threshold: float) -> bool:
    if not s.chars:
        return False
    density = s.link_chars / s.chars
    if sib in scores and density < JUNK_LINK_SHARE and _final(sib, s, scores[sib]) >= threshold:
        return True
    return sib.tag == "p" and density < SIBLING_P_LINK_SHARE and s.prose_chars > SIBLING_P_CHARS


def _captions(inside: list[etree._Element], stats: dict[etree._Element, _Stats], prose: int) -> set[etree._Element]:
    """Pictures with their captions, credits and zoom buttons: small wrappers of an image and text without prose,
    and a short line without prose right after a wrapper of an image alone (merdeka's "imageinfo"; a bare <p> there
    is the article going on).

    On a gallery the captions are the text: when most of the chosen prose sits in such wrappers, none is dropped.
    """
    boxes: set[etree._Element] = set()
    for el in inside:
        s = stats[el]
        if not s.media:
            continue
        if s.chars:
            if s.chars <= MEDIA_BOX_CHARS:
                boxes.add(el)
            continue
        after = el.getnext()
        bare = after is not None and after.tag == "p" and not after.get("class") and not after.get("id")
        if after is not None and after in stats and not bare and 0 < stats[after].chars <= MEDIA_BOX_CHARS:
            boxes.add(after)
    outer = [el for el in boxes if el.getparent() not in boxes]
    if sum(stats[el].prose_chars for el in outer) * 2 > prose:
        return set()
    # A caption may read as a sentence: in a box named for its picture it is one all the same (detik's
    # div.pic_artikel_sisip > div.pic, the caption a bare text node after the <img>; elsewhere a writer's <p> may
    # open with an inline picture).
    return {el for el in boxes if not stats[el].prose_chars or _picture_box(el)}


def _picture_box(el: etree._Element) -> bool:
    for up in (el, el.getparent()):
        if up is None:
            return False
        names = f"{up.get('class') or ''} {up.get('id') or ''}"
        if names.strip() and PICTURE_NAMES.search(names):
            return True
    return False


def _widget(walk: _Walk, el: etree._Element, s: _Stats) -> str | None:
    """The "widget" mechanism: a box without prose that promotes an app, a channel or a video (clean.is_widget),
    or that is named for a rating or poll ("Rating ( voters)", "Vote Photo")."""
    if s.prose_chars or s.chars > WIDGET_CHARS or el.tag not in _BOXES:
        return None
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if names.strip() and WIDGET_NAMES.search(names):
        return WIDGET
    # A heading of other articles is left in: it is where body._trim_tail ends a generic page's article.
    return WIDGET if clean.is_widget([b.text for b in walk.blocks[s.first : s.last]], labelled=False) else None


def _junk(el: etree._Element, s: _Stats) -> str | None:
    """The mechanism that calls this wrapper furniture, or None."""
    if s.last - s.first < 2 and el.tag in _PARAGRAPH_TAGS:
        # A paragraph of the writer's is judged by the body cleaner's own link-block rule: these judge boxes.
        return _named_junk(el, s)
    if s.headlines >= TEASER_LINKS and s.link_chars > JUNK_LINK_SHARE * s.chars and s.link_chars > s.prose_chars:
        return "headline list"  # other articles' headlines, with or without their summaries
    if not s.prose_chars and s.link_chars * 2 > s.chars:
        return "link box"  # links without prose, whatever its name (an inline "Read next" teaser)
    return _named_junk(el, s)


def _named_junk(el: etree._Element, s: _Stats) -> str | None:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not names.strip():
        return None
    negative, positive, strong = _name_marks(names)
    if strong:
        return "named: never the article"
    if not negative or positive:
        return None
    if s.link_chars > JUNK_LINK_SHARE * s.chars or s.prose_chars * 2 < s.chars:
        return "named furniture"
    return None
