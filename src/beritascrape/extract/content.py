"""Our own main-content finder for pages no profile reads: containers scored by their prose, in one walk.

Readability's idea, on the paragraphs our body reader already splits: every block of prose scores for the element
that holds it and, less, for the elements above; class and id names that say "article" or "sidebar" weigh in
once per container; link-heavy containers lose their share of links. The best container, with its siblings that
hold prose too (an article split by ads into several wrappers), is the article; inside it, wrappers named for
furniture (share bars, related lists) whose text is links or no prose are passed over.

It also says how sure it is (`Content.confident`): when much of the page's prose lies outside what it chose, or
it chose too little, the caller asks trafilatura instead. A page with no prose at all is answered at once: no
extractor can find an article in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from beritascrape.extract import clean
from beritascrape.extract.body import BLOCK_TAGS, Paragraph, read_paragraphs
from beritascrape.extract.text import is_prose, squash

# Blocks whose parent is the container (readability's paragraphs); text straight in a div is its own container's.
_PARAGRAPH_TAGS = frozenset(("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt", "th"))
_SKIP_TAGS = frozenset((*clean.GENERIC_REMOVE, "nav", "aside", "select", "option", "head", "title", "meta", "link"))
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
# Names of what is never the article, however much prose it holds: comments, embedded posts, the writer's bio.
STRONG_NEGATIVE = re.compile(r"comment|komentar|author-?bio|newsletter|subscribe", re.I)
# A wrapper holding this many links of HEADLINE_WORDS words or more, and JUNK_LINK_SHARE of its text in links,
# lists other articles.
TEASER_LINKS = 3
HEADLINE_WORDS = 4
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
# text and LINK_COST per link character) beats the chosen text's by CLIMB_MARGIN.
OTHER_COST, LINK_COST, CLIMB_MARGIN = 1.0, 2.0, 1.3
# Confidence: the chosen text holds at least this share of the page's prose and this many prose paragraphs.
MIN_COVERAGE = 0.6
MIN_PROSE_BLOCKS = 2
# A page with fewer words than this in its body holds no article (parse.MIN_WORDS): nothing is worth running.
MIN_PAGE_WORDS = 20


@dataclass
class _Stats:
    """What one element holds: characters, link characters, prose characters, its score as a container."""

    chars: int = 0
    link_chars: int = 0
    prose_chars: int = 0
    score: float = 0.0
    scored: bool = False


@dataclass
class Content:
    """The main text found, and whether it can be trusted without asking another extractor."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    confident: bool = False
    # Why not confident ("no prose", "coverage 0.41"), for benchmarks and `sites --check`.
    reason: str = ""
    # A page without any prose: no extractor would find an article, so none should be asked.
    prose: bool = True


def main_content(doc: etree._Element) -> Content:
    """The page's main text as paragraphs, with a verdict on how sure the choice is."""
    found = doc.find("body")
    root = doc if found is None else found
    media: set[etree._Element] = set()
    alts: set[str] = set()
    headlines: dict[etree._Element, int] = {}
    blocks = _blocks(root, media, alts, headlines)
    words = sum(len(p.text.split()) for p, _ in blocks)
    if words < MIN_PAGE_WORDS:
        return Content(reason="fewer than 20 words on the page", prose=False)
    stats: dict[etree._Element, _Stats] = {}
    page_prose = 0
    for para, node in blocks:
        prose = para.link_ratio < 0.5 and is_prose(para.text)
        chars, links = len(para.text), para.link_chars
        page_prose += chars - links if prose else 0
        container = node.getparent() if node.tag in _PARAGRAPH_TAGS and node.getparent() is not None else node
        # Every element up to the root learns what it holds (for link density and coverage).
        el: etree._Element | None = node
        while el is not None:
            s = stats.get(el)
            if s is None:
                s = stats[el] = _Stats()
            s.chars += chars
            s.link_chars += links
            if prose:
                s.prose_chars += chars - links
            el = el.getparent()
        if len(para.text) < MIN_BLOCK_CHARS or para.link_ratio >= 0.5 or para.heading:
            continue
        score = 1 + para.text.count(",") + min(len(para.text) / 100, 3.0)
        el, level = container, 0
        while el is not None and level < LEVELS:
            s = stats[el]
            s.scored = True
            s.score += score / (1 if level == 0 else 2 if level == 1 else 3 * level)
            el, level = el.getparent(), level + 1
    if not page_prose:
        return Content(reason="no prose on the page", prose=False)
    chosen = _choose(stats)
    if not chosen:
        return Content(reason="no paragraph to score")
    junk = {el for el, s in stats.items() if _is_junk(el, s, headlines.get(el, 0))}
    junk.update(_captions(media, stats, chosen))
    junk.difference_update(chosen)
    paragraphs = [
        p
        for el in chosen
        for p in read_paragraphs(el, junk.__contains__ if junk else None)
        # A line that repeats a picture's alt text is its caption; "2 dari 3 halaman" marks a page of the article.
        if p.text not in alts and not PAGE_MARKER.match(p.text)
    ]
    covered = sum(stats[el].prose_chars for el in chosen if el in stats)
    coverage = covered / page_prose
    prose_blocks = sum(1 for p in paragraphs if is_prose(p.text))
    if coverage < MIN_COVERAGE:
        return Content(paragraphs, False, f"coverage {coverage:.2f}")
    if prose_blocks < MIN_PROSE_BLOCKS:
        return Content(paragraphs, False, f"{prose_blocks} prose paragraph(s)")
    return Content(paragraphs, True)


def _choose(stats: dict[etree._Element, _Stats]) -> list[etree._Element]:
    """The best-scored container and its prose siblings, or the ancestor that holds the article when it is split
    over wrappers the scores do not reach (one per paragraph, or per few paragraphs, as on Reuters and Telegraph)."""
    candidates = [
        (s.score * _weight(el) * (1 - s.link_chars / s.chars if s.chars else 1), el)
        for el, s in stats.items()
        if s.scored and s.prose_chars
    ]
    if not candidates:
        return []
    best_score, best = max(candidates, key=lambda c: c[0])
    chosen = _with_siblings(best, best_score, stats)
    top, top_gain = None, CLIMB_MARGIN * sum(_gain(stats[el]) for el in chosen)
    for up in best.iterancestors():
        gain = _gain(stats[up]) if up in stats else float("-inf")
        if gain > top_gain:
            top, top_gain = up, gain
    return [top] if top is not None else chosen


def _gain(s: _Stats) -> float:
    # Prose gained, other text and links paid for: an ancestor wins only by adding more prose than furniture.
    return s.prose_chars - OTHER_COST * (s.chars - s.link_chars - s.prose_chars) - LINK_COST * s.link_chars


def _weight(el: etree._Element) -> float:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    weight = TAG_FACTOR.get(el.tag, 1.0)
    if names.strip():
        if NEGATIVE.search(names):
            weight *= NEGATIVE_FACTOR
        if POSITIVE.search(names):
            weight *= POSITIVE_FACTOR
    return weight


def _with_siblings(best: etree._Element, score: float, stats: dict[etree._Element, _Stats]) -> list[etree._Element]:
    """The best container and those of its siblings that score near it or are paragraphs of prose themselves."""
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(SIBLING_MIN, score * SIBLING_SHARE)
    return [sib for sib in parent if sib is best or (sib in stats and _joins(sib, stats[sib], threshold))]


def _joins(sib: etree._Element, s: _Stats, threshold: float) -> bool:
    if not s.chars:
        return False
    density = s.link_chars / s.chars
    if s.scored and density < JUNK_LINK_SHARE and s.score * _weight(sib) * (1 - density) >= threshold:
        return True
    return sib.tag == "p" and density < SIBLING_P_LINK_SHARE and s.prose_chars > SIBLING_P_CHARS


def _captions(
    media: set[etree._Element], stats: dict[etree._Element, _Stats], chosen: list[etree._Element]
) -> set[etree._Element]:
    """Pictures with their captions, credits and zoom buttons: small wrappers of an image and text without prose,
    and a short line without prose right after a wrapper of an image alone (merdeka's "imageinfo").

    On a gallery the captions are the text: when most of the chosen prose sits in such wrappers, none is dropped.
    """
    boxes = {el for el in media if el in stats and stats[el].chars <= MEDIA_BOX_CHARS}
    for el in media.difference(stats):
        after = el.getnext()
        if after is not None and after in stats and stats[after].chars <= MEDIA_BOX_CHARS:
            boxes.add(after)
    outer = [el for el in boxes if el.getparent() not in boxes]
    in_boxes = sum(stats[el].prose_chars for el in outer)
    if in_boxes * 2 > sum(stats[el].prose_chars for el in chosen):
        return set()
    return {el for el in boxes if not stats[el].prose_chars}


def _is_junk(el: etree._Element, s: _Stats, headlines: int) -> bool:
    if headlines >= TEASER_LINKS and s.link_chars > JUNK_LINK_SHARE * s.chars and s.link_chars > s.prose_chars:
        return True  # a list of other articles' headlines, with or without their summaries
    if not s.prose_chars and s.link_chars * 2 > s.chars:
        return True  # a box of links without prose, whatever its name (an inline "Read next" teaser)
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if STRONG_NEGATIVE.search(names):
        return True
    if not names.strip() or not NEGATIVE.search(names) or POSITIVE.search(names):
        return False
    return s.link_chars > JUNK_LINK_SHARE * s.chars or s.prose_chars * 2 < s.chars


def _blocks(
    root: etree._Element, media: set[etree._Element], alts: set[str], headlines: dict[etree._Element, int]
) -> list[tuple[Paragraph, etree._Element]]:
    """The page's text blocks (split as body.read_paragraphs splits them), each with the block element holding it."""
    out: list[tuple[Paragraph, etree._Element]] = []
    buf: list[str] = []
    link_chars = 0
    heading = 0
    stack: list[etree._Element] = []

    def flush() -> None:
        nonlocal link_chars
        if buf:
            text = squash("".join(buf))
            if text and stack:
                out.append((Paragraph(text, min(link_chars, len(text)), heading > 0), stack[-1]))
            buf.clear()
        link_chars = 0

    def walk(el: etree._Element, in_link: bool) -> None:
        nonlocal link_chars, heading
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            return
        if tag in _MEDIA_TAGS:
            media.update(stack)
            alt = squash(el.get("alt") or el.get("title"))
            if len(alt) >= MIN_BLOCK_CHARS:
                alts.add(alt)
        block = tag in BLOCK_TAGS
        if tag == "a" and not in_link and len("".join(el.itertext()).split()) >= HEADLINE_WORDS:
            for holder in stack:
                headlines[holder] = headlines.get(holder, 0) + 1
        in_link = in_link or tag == "a"
        is_heading = tag in _HEADINGS
        if block:
            flush()
            stack.append(el)
        heading += is_heading
        if el.text:
            buf.append(el.text)
            if in_link:
                link_chars += len(el.text.strip())
        for child in el:
            walk(child, in_link)
            if child.tail:
                buf.append(child.tail)
                if in_link:
                    link_chars += len(child.tail.strip())
        if block:
            flush()
            stack.pop()
        heading -= is_heading

    stack.append(root)
    walk(root, False)
    flush()
    return out
