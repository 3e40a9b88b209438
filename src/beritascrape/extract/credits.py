"""Credits and names: the writers, editors and sources a page names, and the site's own name, which is no writer.

Module-level helpers of parse.py's readers: credit lines read as the markup breaks them (credit_lines,
credit_blocks), bylines (byline_blocks, linked_byline), names split and compared (split_names, name_key,
names_site), and the site's name taken off titles and bylines (strip_site, strip_host_affix, host_label).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from beritascrape.extract import body as body_mod
from beritascrape.extract import clean
from beritascrape.extract.clean import credits_of
from beritascrape.extract.text import squash, text_of, unique
from beritascrape.model import site_of

TITLE_SEP = r"\s*[-|–—:»,]\s*"
NAME_SEP = re.compile(r"\s*(?:[,;&]|\bdan\b)\s*")


def split_names(value: str) -> list[str]:
    # A credit line lists writers as "A, B dan C" (antara__anpandu-singlepage2.html); a leading
    # "Kontributor <Place>" is a role, not a name (kompas__anpandu-singlepage.html).
    names = [squash(n) for n in NAME_SEP.split(value) if squash(n)]
    return unique([n for n in names if not n.lower().startswith(("kontributor ", "wartawan "))])


# A desk's byline, "Tim detikBali", "Tim Redaksi": a credit, even where it holds the site's name.
DESK = re.compile(r"^(?:tim|team)\s+\S", re.I)
# "Oleh Name", "By Name": the label before a byline's name.
BYLINE_LABEL = re.compile(r"^\s*(?:oleh|by|penulis|reporter)\s*:?\s+", re.I)


def name_key(name: str | None) -> str:
    # "Okezone", "okezone.com", "OKEZONE" and "Okezone.com" name one site: compare letters and digits only, TLD off.
    folded = re.sub(r"\.(?:com|co\.id|id|net|org|co|tv|news)$", "", (name or "").strip().casefold())
    return re.sub(r"\W", "", folded)


def names_site(name: str, sites: set[str]) -> bool:
    # "Kompas Cyber Media" on kompas.com, "Liputan" for Liputan6.com: a name that holds the site's name, or is
    # held by it, is the site.
    key = name_key(name)
    return key in sites or any(len(s) >= 5 and (s in key or (len(key) >= 5 and key in s)) for s in sites)


def host_label(url: str | None) -> str:
    host = site_of(url) or ""
    parts = host.split(".")
    # The registrable name: okezone for techno.okezone.com, detik for news.detik.com, republika for republika.co.id.
    if len(parts) >= 3 and parts[-2] in ("co", "or", "ac", "go", "web", "my"):
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else host


def strip_site(title: str, site_name: str | None) -> str:
    if site_name:
        title = re.sub(TITLE_SEP + re.escape(site_name) + r"\s*$", "", title, flags=re.I)
    return title.strip()


_AFFIX_SEP = re.compile(r"\s+[-|–—»·:]{1,2}\s+|\s*\|\s*")
_PREFIX_SEP = re.compile(r"^(?P<site>[^:|]{2,40}?)\s*[:|]\s+")


def strip_host_affix(title: str, label: str) -> str:
    """Drop a leading or trailing segment that names the site ("... - Kompas.com Regional", "KapanLagi.com: ...")."""
    if len(label) < 4:
        return title
    parts = _AFFIX_SEP.split(title)
    if len(parts) > 1 and label in name_key(parts[-1]) and len(parts[-1].split()) <= 5:
        title = title[: title.rfind(parts[-1])].rstrip(" -|–—»·:")
    m = _PREFIX_SEP.match(title)
    if m and label in name_key(m.group("site")) and len(m.group("site").split()) <= 4:
        title = title[m.end() :]
    return title.strip()


# Text nodes that start with a credit label: their block is a credit line ("Penulis: A | Editor: B").
# Text that starts with a credit label: its block is a credit line ("Penulis: A | Editor: B").
_CREDIT_START = re.compile(
    r"\s*(?:penulis|editor|reporter|pewarta|penyunting|redaktur|kontributor|wartawan|jurnalis|ditulis\s+oleh"
    r"|laporan\s+wartawan|sumber|red\s*:|fotografer|photographer|juru\s+foto|foto\s+oleh|photos?\s+by)\b",
    re.IGNORECASE,
)
# Classes of bylines, tested in Python: EXSLT's re:test in an XPath calls back into Python for every element.
CLASSED = etree.XPath("descendant::*[@class]")
_BYLINE_CLASS = re.compile(r"(^|[ _-])(author|byline|penulis|reporter|writer|wartawan|jurnalis)([ _-]|$)", re.I)
# The same without re.I, for ASCII names lower-cased first (for them the same test, several times faster).
_BYLINE_CLASS_LOWER = re.compile(_BYLINE_CLASS.pattern)
_CREDIT_BLOCK_TAGS = frozenset(("p", "div", "li", "td", "tr", "section", "header", "footer", "article", "figure"))


# The first letters of the credit labels: most text nodes (white space, prose) are passed over without a regex.
_CREDIT_INITIALS = frozenset("perkwjdlsfPERKWJDLSF")
_NO_TEXT_TAGS = frozenset(("script", "style"))


def credit_lines(el: etree._Element) -> list[str]:
    """A credit block's lines, split where its markup breaks them (<br>, blocks, inline siblings); a label alone on
    its line joins the value on the next ("<td>Penulis</td><td>: Name</td>"), or, last, the name before it
    ("<div>Name</div><span>Jurnalis</span>")."""
    out: list[str] = []
    lines = body_mod.lines_of(el)
    for i, line in enumerate(lines):
        joins_next = bool(out) and (clean.LABEL_ONLY.match(out[-1]) is not None or line[:1] in ":：")
        closes = bool(out) and i == len(lines) - 1 and clean.LABEL_ONLY.match(line) is not None
        if joins_next or (closes and not clean.credits_of(out[-1])):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def read_credits(lines: list[str], credits: dict[str, str]) -> dict[str, str]:
    for line in lines:
        for credit in credits_of(line):
            if credit.value:
                credits.setdefault(credit.field, credit.value)
    return credits


def credit_blocks(scope: etree._Element, skip: etree._Element | None = None) -> list[etree._Element]:
    """The short blocks around text that starts with a credit label, outside `skip` (the body, whose own credit
    lines the body cleaner reads)."""
    out: list[etree._Element] = []
    walk = etree.iterwalk(scope, events=("start",))
    # Every element of the region passes here: the label test is inlined, and .text/.tail are read once each.
    for _, node in walk:
        tag = node.tag
        if node is skip or not isinstance(tag, str) or tag in _NO_TEXT_TAGS:
            walk.skip_subtree()
            continue
        text = node.text
        if text and text.lstrip()[:1] in _CREDIT_INITIALS and _CREDIT_START.match(text) is not None:
            el: etree._Element | None = node
        else:
            tail = node.tail
            if tail and tail.lstrip()[:1] in _CREDIT_INITIALS and _CREDIT_START.match(tail) is not None:
                el = node.getparent()  # " Red: Name" after a <span>: the text belongs to the span's parent
            else:
                continue
        # A label in its own <span>, <b> or <td>: the credit line is the block around it, climbing while the
        # block holds only the label ("<td>Penulis</td><td>: Name</td>"). An ancestor holds at least its child's
        # text, so the climb ends at the first block over the length of a credit line (never read whole).
        # A credit in an inline element straight inside a long block ("<strong>Fotografer: X</strong>" among a photo
        # page's headline and text, detik__anpandu-singlepage2.html) is its own line: kept when the climb finds none.
        inline: etree._Element | None = None
        for _ in range(4):
            block = _short_text(el) if el is not None else None
            if block is None:
                el = inline
                break
            # The markup's own line breaks count ("Penulis: A<br>Sabtu, ..." reads as two lines).
            if clean.credits_of(block) or any(clean.credits_of(line) for line in credit_lines(el)):
                if el.tag in _CREDIT_BLOCK_TAGS:  # type: ignore[union-attr]
                    break
                inline = inline if inline is not None else el
            el = el.getparent()  # type: ignore[union-attr]
        if el is not None and el not in out and _short_text(el) is not None:
            out.append(el)
    return out


CREDIT_BLOCK_CHARS = 160


def _short_text(el: etree._Element) -> str | None:
    """An element's squashed text, or None when it is longer than a credit line (read only as far as that)."""
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size > CREDIT_BLOCK_CHARS and len(squash("".join(parts))) > CREDIT_BLOCK_CHARS:
            return None
    return squash("".join(parts))


def byline_blocks(scope: etree._Element) -> Iterator[str]:
    """Texts of short elements whose class names a byline (div.author, span.byline, p.penulis), in page order."""
    for el in CLASSED(scope):
        names = el.get("class")
        named = _BYLINE_CLASS_LOWER.search(names.lower()) if names.isascii() else _BYLINE_CLASS.search(names)
        if named and el.find(".//p") is None:
            text = text_of(el)
            if 3 <= len(text) <= 80 and not any(c.isdigit() for c in text):
                yield text


_LINKED_NAMES_SEP = re.compile(r"\s*(?:[,;&]|\b(?:dan|and)\b)\s*")


def linked_byline(scope: etree._Element) -> list[str]:
    """The names of the first element classed as the byline when its whole text, past its label, is its links'
    text ("Oleh <a>Name</a>", "By <a>A</a> and <a>B</a>"): a clean credit, never a job title or a date glued on.
    Only the first byline element (the outermost) decides: a part of one that holds more (a job title) names only
    some of its writers, and later bylines are other articles' cards."""
    for el in CLASSED(scope):
        names = el.get("class")
        named = _BYLINE_CLASS_LOWER.search(names.lower()) if names.isascii() else _BYLINE_CLASS.search(names)
        if not named or el.find(".//p") is not None:
            continue
        links = [t for a in el.iter("a") if (t := text_of(a).strip(",;& "))]
        text = BYLINE_LABEL.sub("", text_of(el))
        # The first byline decides: the later ones are other articles' cards.
        return links if links and len(text) <= 120 and [n for n in _LINKED_NAMES_SEP.split(text) if n] == links else []
    return []
