"""Small text helpers shared by the extractors."""

from __future__ import annotations

import re

from lxml import etree

# Zero-width and soft-hyphen characters that CMS editors paste into text.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)


def squash(text: str | None) -> str:
    """Collapse all white space (including NBSP) to single spaces and trim; drop invisible characters."""
    if not text:
        return ""
    # Text that is already squashed comes back as it is (a split and join make one string per word). In ASCII text
    # split() breaks only at the space and the nine below; elsewhere every character it breaks at, and every invisible
    # one, is unprintable but the ASCII space. isascii() reads a flag; each `in` is a memchr.
    if text[0] != " " and text[-1] != " " and "  " not in text:
        if text.isascii():
            if not (
                "\n" in text or "\t" in text or "\r" in text or "\x0b" in text or "\x0c" in text
                or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text
            ):  # fmt: skip
                return text
        elif text.isprintable():
            return text
    # The invisible characters are all outside ASCII: most text is spared the search.
    if not text.isascii() and _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    # str.split() knows every Unicode space and is faster than a regex on this hot path.
    return " ".join(text.split())


def word_count(squashed: str) -> int:
    """Words of a squashed text (single spaces, trimmed): the same as len(text.split()), without the list."""
    return squashed.count(" ") + 1 if squashed else 0


def text_of(el: etree._Element) -> str:
    """All text inside an element, squashed."""
    return squash("".join(el.itertext()))


def unique(items: list[str]) -> list[str]:
    """Keep the first of each item, compared case-insensitively, in order."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


# Where a sentence ends: a full stop, question or exclamation mark, or ellipsis, perhaps inside closing quotes; or
# a closing quote at the end of a paragraph.
_SENTENCE = re.compile(r"[.!?…][\"”’'»)]*(?:\s|$)|[\"”’»]\s*$")
# A sentence's end, as a pattern: [.!?…][\"”’'»)]*$ (ends_sentence reads it from the end of the text).
_CLOSERS = "\"”’'»)"
_STOPS = frozenset(".!?…")
# Prose: a paragraph of this many words that reads as sentences. A list of headlines and dates has none.
PROSE_WORDS = 10


def ends_sentence(text: str) -> bool:
    """True when the text ends as a sentence does."""
    # What the pattern says, read from the end: a search for it scans the whole paragraph.
    if text.endswith("\n"):  # `$` also matches before a final newline
        text = text[:-1]
    return text.rstrip(_CLOSERS)[-1:] in _STOPS


def is_prose(text: str) -> bool:
    """True when a paragraph is written in sentences (PROSE_WORDS words or more, a sentence boundary in it)."""
    return len(text.split()) >= PROSE_WORDS and _SENTENCE.search(text) is not None


def split_list(value: str) -> list[str]:
    """Split a comma- or semicolon-separated list of names or tags."""
    return unique([squash(v) for v in re.split(r"[,;]", value) if squash(v)])
