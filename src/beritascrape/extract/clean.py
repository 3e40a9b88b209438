"""Cleaning tables shared by every site: nodes never part of a body, and boilerplate text patterns.

Node-level rules run first (what a profile's `remove` names, plus GENERIC_REMOVE); the text-level table then
judges each paragraph. Every pattern here is shown by a fixture under tests/fixtures/.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from lxml import etree

from beritascrape.extract.text import ends_sentence, is_prose, word_count

# Elements that never hold article prose.
GENERIC_REMOVE: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "iframe",
    "ins",
    "form",
    "button",
    "svg",
    "figcaption",
    "template",
    "object",
    "embed",
    "video",
    "audio",
)

# Embedded posts of social platforms. The body is the article's own paragraphs; an embed is a quote of another page
# (someone else's post, with its author line and date: "— Name (@handle) February 16, 2016"), so its text never
# goes into the body, on any path, as most scrapers do. The embed codes' markup, as each platform publishes it:
# a <blockquote> of a fixed class that the platform's script turns into an iframe (iframes and scripts go anyway,
# GENERIC_REMOVE): Twitter/X, Instagram, TikTok, Threads, Facebook (the quote inside div.fb-post/fb-video),
# Reddit, Bluesky, Mastodon, Imgur; and the AMP and custom elements that stand for an embed.
EMBED_TAGS = frozenset((
    "amp-twitter", "amp-instagram", "amp-facebook", "amp-tiktok", "amp-reddit", "amp-youtube", "amp-vimeo",
    "amp-bluesky", "twitter-widget", "lite-youtube",
))  # fmt: skip
EMBED_CLASSES = frozenset((
    "twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed", "text-post-media", "fb-xfbml-parse-ignore",
    "reddit-embed-bq", "reddit-card", "bluesky-embed", "mastodon-embed", "imgur-embed-pub",
))  # fmt: skip
# Attributes the same codes set, for a copy whose classes a CMS stripped.
EMBED_ATTRIBUTES = ("data-instgrm-permalink", "data-text-post-permalink", "data-bluesky-uri", "data-tweet-id")
# The tags an embed test is asked about: any other element is passed at the cost of one set lookup.
EMBED_CANDIDATES = frozenset(("blockquote", *EMBED_TAGS))


def is_embed(el: etree._Element) -> bool:
    """True when an element is a social post embedded from another page (see EMBED_CLASSES)."""
    tag = el.tag
    if tag in EMBED_TAGS:
        return True
    if tag != "blockquote":
        return False
    names = el.get("class")
    if names and not EMBED_CLASSES.isdisjoint(names.split()):
        return True
    return any(el.get(a) is not None for a in EMBED_ATTRIBUTES)


def drop_embeds(root: etree._Element) -> None:
    """Remove the embedded social posts under root, keeping the text that follows each (a tree of our own)."""
    for el in [e for e in root.iter(*EMBED_CANDIDATES) if is_embed(e)]:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        if tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


# A read-also insertion: the label, then the linked headline in the same paragraph (or the next one). "Artikel
# selanjutnya" / "Read next" teasers work the same way: a label, then another article's headline.
READ_ALSO = re.compile(
    r"^[\s»«>]*(?:(?:baca|simak|lihat|cek|tonton)\s*(?:juga|pula|selengkapnya|selanjutnya|berita\s+lainnya)"
    r"|jangan\s+lewatkan|(?:artikel|berita)\s+(?:selanjutnya|berikutnya|terkait)|baca\s+berikutnya"
    r"|(?:read|up)\s+next|next\s+article|read\s+more|related(?:\s+(?:news|stories|articles?))?)\b"
    r"\s*(?P<sep>[:：\-–—»>]+)?",
    re.IGNORECASE,
)
# A read-also label glued after a paragraph's last sentence, with the linked headline: "... selesai. Baca juga:
# Pasar Garut Terbakar Lagi". A headline is a line, not a paragraph: at most 25 words after the label.
_READ_ALSO_TAIL = re.compile(
    r"(?<=[.!?\"”’])\s+[»«>]*\s*(?:baca|simak|lihat)\s*(?:juga|pula)\s*[:：\-–—»>]+\s*(?:\S+\s*){1,25}$",
    re.IGNORECASE,
)

# Credit lines that name people or sources; their values feed `editor`, `source`, `authors`. The colon may be
# missing where the label is its own element ("<span>Penulis</span> <a>Name</a>", Kompas 2021): then the value
# must look like a name (capitalised words), so that "Editor majalah itu berkata ..." stays prose.
# "Fotografer: X" credits the photographs (the byline of detik's photo pages, detik__anpandu-singlepage2.html).
_PHOTO_LABELS = r"fotografer|photographer|pewarta\s+foto|juru\s+foto|photos?\s+by|foto\s+oleh"
_CREDIT_LABELS = (
    r"editor|penyunting|redaktur|red|sumber|penulis|reporter|pewarta|kontributor|redaksi|wartawan|jurnalis"
    rf"|ditulis\s+oleh|laporan\s+wartawan|laporan\s+reporter|written\s+by|edited\s+by|author|writer|{_PHOTO_LABELS}"
)
CREDIT_LINE = re.compile(
    rf"^\s*(?P<label>{_CREDIT_LABELS})\s*(?::|：|\s-\s)\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
# A line that is only a label ("<td>Penulis</td><td>: Name</td>", "<b>Editor:</b><br>Name"): its value is on the next.
LABEL_ONLY = re.compile(rf"^\s*(?:{_CREDIT_LABELS}|oleh|by)\s*[:：]?\s*$", re.IGNORECASE)
_NAME_WORD = r"(?:[A-Z][\w.'\-]*|[a-z]{1,3}\.?)"
# Without a colon only people's labels count: "Sumber Daya Alam" is a sub-heading, not a source. The outlet may come
# first, up to four words and a comma ("Laporan wartawan Tribun Jabar, Name").
_BARE_LABELS = (
    r"editor|penyunting|redaktur|penulis|reporter|pewarta|kontributor|wartawan|jurnalis|ditulis\s+oleh"
    rf"|laporan\s+wartawan|laporan\s+reporter|written\s+by|edited\s+by|{_PHOTO_LABELS}"
)
CREDIT_LINE_BARE = re.compile(
    rf"^\s*(?P<label>(?i:{_BARE_LABELS}))\s+(?:[\w.\-]+(?:\s+[\w.\-]+){{0,3}},\s*)?(?P<value>[A-Z][\w.'\-]*(?:\s+{_NAME_WORD}){{0,5}})\s*$"
)
# "Dewi Kania Jurnalis": the name, then the role (Okezone 2015).
_SUFFIX_LABELS = ("jurnalis", "reporter", "penulis", "wartawan", "editor", "kontributor", "pewarta")
CREDIT_LINE_SUFFIX = re.compile(
    rf"^\s*(?P<value>[A-Z][\w.'\-]*(?:\s+{_NAME_WORD}){{0,4}})\s*[,·|-]?\s+"
    rf"(?P<label>(?i:{'|'.join(_SUFFIX_LABELS)}))\s*$"
)
# The pattern backtracks through every capitalised opening (microseconds a paragraph); its last word must be a label.
_SUFFIX_LABEL_SET = frozenset(_SUFFIX_LABELS)
# "Artikel ini telah tayang di Kompas.com dengan judul ...": a syndication note naming the source site.
# "Artikel ini telah naik di detikBali dan bisa dibaca selengkapnya di sini." closes detik's copies of its regional
# desks' stories (detik__travel-kadispar-badung-kuhp-2022, /tmp/unseen; "naik" = went up, published).
SYNDICATED = re.compile(
    r"^\s*(?:artikel|berita)\s+ini\s+(?:telah\s+|sudah\s+)?(?:tayang|terbit|dimuat|diterbitkan|naik)\s+(?:di|pada)\s+"
    r"(?P<value>[\w.\-]+(?-i:\s[A-Z][\w.\-]*)?)",
    re.IGNORECASE,
)
# "Baca artikel detiknews, "Judul" selengkapnya https://...": the note a site copying detik's stories closes them
# with (the new-user trial): it names the source site and sends the reader there.
SYNDICATED_READ = re.compile(
    r"^\s*baca\s+artikel\s+(?P<value>[\w.\-]+)\s*,\s*[\"“”'‘].{1,300}?[\"“”'’]\s*selengkapnya\b",
    re.IGNORECASE,
)
CREDIT_FIELD = {
    "editor": "editor",
    "penyunting": "editor",
    "redaktur": "editor",
    "red": "editor",  # "Red: Name" closes Republika articles (republika__anpandu-singlepage.html)
    "redaksi": "editor",
    "sumber": "source",
    "penulis": "authors",
    "reporter": "authors",
    "pewarta": "authors",
    "kontributor": "authors",
    "wartawan": "authors",
    "jurnalis": "authors",
    "ditulis oleh": "authors",
    "laporan wartawan": "authors",
    "laporan reporter": "authors",
    "written by": "authors",
    "author": "authors",
    "writer": "authors",
    "edited by": "editor",
    # The photographer fills `authors` only on a photo page, where the photographs are the content (parse.py).
    "fotografer": "photographer",
    "photographer": "photographer",
    "pewarta foto": "photographer",
    "juru foto": "photographer",
    "photo by": "photographer",
    "photos by": "photographer",
    "foto oleh": "photographer",
}

# Whole paragraphs that are ad slots, widget labels or section headings of the page around the article; a labelled
# keyword list too ("Tags: solar, nelayan, Makassar" at the foot of a body, the new-user trial).
BOILERPLATE = re.compile(
    r"^\s*(?:advertisement|iklan|scroll\s+to\s+continue\s+with\s+content|share\s*:?|bagikan\s*:?"
    r"|tags?\s*:?|topik\s*:?|(?:tags?|topik|kata\s+kunci|keywords?)\s*:\s*[^.!?:]{1,150}|berita\s+terkait|artikel\s+terkait|berita\s+lainnya|terkini|terpopuler"
    r"|load\s+more|foto\s+terkait|komentar|lanjutkan\s+membaca\W*|scroll(?:\s+down)?\s+untuk\s+melanjutkan(?:\s+membaca)?"
    r"|baca\s+artikel\s+menarik\s+lainnya|saksikan\s+video(?:\s+pilihan)?\s+di\s+bawah\s+ini)\s*:?\s*$",
    re.IGNORECASE,
)

# The heading of a list of other articles after the article (GLOSSARY: Berita Terkait, Rekomendasi, Terpopuler, ...).
SECTION_LABEL = re.compile(
    r"^\W*(?:(?:berita|artikel|video|foto)\s+(?:terkait|lainnya|terbaru|terpopuler|pilihan|populer|rekomendasi)|rekomendasi"
    r"(?:\s+untuk\s+(?:anda|kamu))?|terkini(?:\s+lainnya)?|terpopuler|populer|paling\s+banyak\s+dibaca|komentar"
    r"|most\s+(?:read|popular|viewed)|related(?:\s+(?:stories|articles|news|posts))?|more\s+(?:stories|news|from\b.*)"
    r"|you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|trending(?:\s+now)?|latest\s+(?:news|stories)"
    r"|editor'?s?\s+(?:picks?|choices?)|read\s+more)\W*$",
    re.IGNORECASE,
)


def is_section_label(text: str) -> bool:
    """True when a paragraph heads a list of other articles (related, latest, most read, comments)."""
    return SECTION_LABEL.match(text) is not None and len(text.split()) <= 6


# A widget inside the article's markup: a box of short lines, none of them prose, that ends with a button promoting
# the site's app or channels ("KOMPAS.com: Berita Terpercaya" / "Baca Berita Terbaru Tanpa Terganggu Banyak Iklan" /
# "Dapatkan Aplikasi" in kompas's div.bapps-middle, kompas__m-update-27-mei-tangsel-2021 in /tmp/unseen), that a
# video prompt opens, or that a heading of other articles opens with nothing written under it ("Video Rekomendasi"
# over an empty player). The text rules catch the button alone; the box goes whole.
WIDGET_MAX_WORDS = 40


def is_widget(texts: list[str], *, labelled: bool = True) -> bool:
    """True when a box's lines (squashed) are a promotional widget, or (`labelled`) one that a heading of other
    articles opens, not part of the article."""
    if not texts or sum(map(word_count, texts)) > WIDGET_MAX_WORDS or any(map(is_prose, texts)):
        return False
    # The promotion is the box's button, its last line (a list of steps that starts "Download aplikasi X" is the
    # article's); a video prompt heads its box.
    return (labelled and is_section_label(texts[0])) or is_video_prompt(texts[0]) or is_promotion(texts[-1])


# The end mark that closes PRMN (and other) articles: "...sudah dibuat.***".
END_MARK = re.compile(r"\s*\*{3,}\s*$")

# The desk's sign-off that closes many Indonesian articles: "(red)", "(ren)", "(mdk/ank)", "(kpl/pur/tch)"
# (kapanlagi, merdeka, CNN Indonesia), "(Z-2)" (Media Indonesia), "(DRM)" (Okezone 2021), "(mea/mea)" (detik).
# Alone on its line any case is a sign-off; glued to the last sentence, lower-case initials, a letter-number code,
# or capitals after the sentence's full stop, so that a real closing parenthesis such as "kata dia (AS)" stays.
_INITIALS = r"[A-Za-z]{2,5}(?:\s*/\s*[A-Za-z]{2,5}){0,3}"
SIGN_OFF = rf"\(\s*(?:{_INITIALS}|[A-Z]{{1,3}}-\d{{1,3}})\s*\)"
SIGN_OFF_LINE = re.compile(rf"^{SIGN_OFF}$")
SIGN_OFF_TAIL = re.compile(
    r"(?:\s+\(\s*(?:[a-z]{2,5}(?:\s*/\s*[a-z]{2,5}){0,3}|[A-Z]{1,3}-\d{1,3})\s*\)"
    r"|(?<=[.!?\"”’])\s*\(\s*[A-Z]{2,5}(?:\s*/\s*[A-Za-z]{2,5}){0,3}\s*\))$"
)

# Promotion of the site's own channels, addressed to the reader: an imperative (or "Yuk", "Mari") first, a channel,
# app or newsletter word after it. "Dapatkan update berita pilihan ... Grup Telegram" (Kompas), "Ikuti kami di
# Google News", "Download aplikasi ...", "Follow us on Instagram", "Subscribe to our newsletter".
PROMO_START = re.compile(
    r"^\W*(?:(?:yuk|ayo|mari|jangan\s+lupa|silakan|sobat\s+\w+)[\s,!]+)?(?:dapatkan|ikuti|follow|join|gabung|bergabung"
    r"|subscribe|sign\s+up|register|daftar(?:kan\s+diri(?:\s+anda)?)?\s+sekarang|langganan|berlangganan|download|unduh"
    r"|install|instal|pasang|aktifkan|klik|kunjungi"
    r"|simak\s+(?:berita|update|informasi)|baca\s+berita|tonton|saksikan|cek\s+berita|temukan|nikmati|get\s+(?:the|our))\b",
    re.IGNORECASE,
)
PROMO_CHANNEL = re.compile(
    r"\b(?:telegram|whats\s?app|wa|channel|saluran|google\s+news|aplikasi|app|apps|newsletter|instagram|twitter|x"
    r"|youtube|tiktok|facebook|notifikasi|notifications?|play\s?store|app\s?store|update|breaking\s+news|grup|group"
    r"|podcast|live\s+streaming|e-?paper|inbox|email|briefing|buletin|akun|social\s+media|media\s+sosial|kanal)\b",
    re.IGNORECASE,
)
PROMO_MAX_WORDS = 45


def is_promotion(text: str) -> bool:
    """True when a paragraph invites the reader to follow, join, subscribe to or download the site's channels."""
    # The anchored start fails at the first word of almost every paragraph: tested first, it spares the rest.
    return (
        PROMO_START.match(text) is not None
        and len(text.split()) <= PROMO_MAX_WORDS
        and bool(PROMO_CHANNEL.search(text))
    )


# A prompt to watch a video the page plays in its place: the verb, "video", and at most the video's quoted title
# or a colon ("Simak Video "Juragan Kripto ..."" above detik's 20detik player, "Tonton video berikut:", "Watch:").
# Only the whole line: a sentence that starts so ("Tonton video itu, kata dia, ...") goes on past a title.
VIDEO_PROMPT = re.compile(
    r"^\W*(?:(?:simak|tonton|saksikan|lihat|putar)(?:\s+(?:juga|pula))?\s+(?:(?:cuplikan|tayangan)\s+)?video"
    r"(?:\s+(?:pilihan|berikut(?:\s+ini)?|terkait|menarik|lainnya|selengkapnya|di\s+bawah\s+ini)){0,2}"
    r"|watch(?:\s+(?:the\s+)?video)?|video)"
    r"\s*[:：\-–—]?\s*(?:[\"“'‘][^\"“”]{1,200}[\"”'’]\s*[:.]?\s*)?$",
    re.IGNORECASE,
)


def is_video_prompt(text: str) -> bool:
    """True when a paragraph only invites the reader to watch a video ("Simak Video "Title"", "Watch:")."""
    return VIDEO_PROMPT.match(text) is not None


# A news agency alone in parentheses, the line that credits it under a story ("(Antara)", "(ANTARA/AFP)").
AGENCY_LINE = re.compile(r"^\(\s*(?P<value>[A-Za-z]+(?:\s*/\s*[A-Za-z]+){0,2})\s*\)$")


def agency_line(text: str) -> str | None:
    """The agencies a line in parentheses credits ("(Antara)" -> "Antara"), else None."""
    m = AGENCY_LINE.match(text) if len(text) < 40 else None
    if m is None:
        return None
    names = [n.strip() for n in m.group("value").split("/")]
    if not all(n.upper() in AGENCIES for n in names):
        return None
    return ", ".join(n.title() if len(n) > 3 else n.upper() for n in names)


# A placeholder the CMS leaves for an embed: one word, or a one-word label and its value, in brackets
# ("[Gambas:Video 20detik]", "[embed]"). A bracketed sentence ("[Fox News' X contributed to this report.]", an
# editor's note) is content: English news sites write them (../shared/bench/fundus-eval).
PLACEHOLDER = re.compile(r"^\[\w+(?::[^\[\]]{0,80})?\]$")
PLACEHOLDER_INLINE = re.compile(r"\s*\[\w+:[^\[\]]{0,80}\]")


def is_placeholder(text: str) -> bool:
    """True when a paragraph is only a bracketed embed placeholder."""
    return PLACEHOLDER.match(text) is not None


def strip_placeholders(text: str) -> str:
    """Drop "[Label:Value]" embed placeholders from inside a paragraph (never prose)."""
    return PLACEHOLDER_INLINE.sub("", text).strip() if "[" in text else text


# An interface string in capitals: "SCROLL TO RESUME CONTENT", "TOTAL SHARE", "ADVERTISEMENT", "LOAD MORE". Two to
# six words, letters all capitals, no sentence punctuation, and one word of a page's controls among them: a list
# heading in capitals ("RING I", merdeka__m-kasus-aktif-covid-19.html) is content and names no control.
_UI_CAPS = re.compile(r"^[^a-z.!?\-–—]{3,60}$")
UI_CAPS_MAX_WORDS = 6
UI_WORDS = frozenset(
    (
        "scroll", "resume", "continue", "content", "share", "shares", "total", "advertisement", "ads", "ad",
        "iklan", "sponsored", "load", "more", "click", "klik", "tap", "swipe", "geser", "lanjut", "lanjutkan",
        "tutup", "close", "next", "prev", "previous", "play", "loading", "subscribe", "comments", "komentar",
        "selengkapnya", "berikutnya", "sebelumnya", "bagikan", "tweet", "whatsapp", "copy", "link", "print",
        "cetak", "terkini", "terpopuler", "populer", "trending", "rekomendasi", "video", "watch", "live",
    )
)  # fmt: skip


def is_ui_caps(text: str) -> bool:
    """True when a paragraph is a short interface string written in capitals."""
    if not _UI_CAPS.match(text) or not 1 <= len(words := text.split()) <= UI_CAPS_MAX_WORDS:
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return False
    return any(w.strip(":,;()[]").lower() in UI_WORDS for w in words)


# A photo caption or credit left in the text: "Foto: Antara", "Ilustrasi: ...", "(Foto: Dok. Humas)", and a caption
# that ends with its credit, "Presiden Joko Widodo. /Foto: Antara" (PRMN), "... (ANTARA FOTO/Rivan Awal)".
CAPTION_LINE = re.compile(
    r"^\W*(?:foto|photo|ilustrasi|illustration|dok(?:umentasi)?\.?|gambar|image|sumber\s+(?:foto|gambar))\s*[:|]",
    re.IGNORECASE,
)
# The credit that ends a caption spans under 80 characters of squashed text: only the paragraph's end is searched.
CAPTION_CREDIT_END = re.compile(
    r"[.!?]\s+(?:foto|photo|image|sumber\s+foto)\s*:\s*[^.:]{1,40}$"
    r"|[/|(]\s*(?:foto|photo|dok|sumber\s+foto|antara\s+foto|ilustrasi|istimewa)\s*[:./]\s*[^()]{0,60}\)?\s*$",
    re.IGNORECASE,
)
_CAPTION_END_CHARS = 200
CAPTION_MAX_WORDS = 40


# The site's legal lines: "COPYRIGHT © ANTARA 2015", "Hak cipta dilindungi undang-undang", "Disclaimer : Komentar
# adalah tanggapan pribadi ..." (tempo__anpandu-singlepage.html, under the comments).
LEGAL_LINE = re.compile(
    r"^\W*(?:copyright|hak\s+cipta|©|\(c\)\s*\d{4}|disclaimer\s*:|all\s+rights\s+reserved)", re.IGNORECASE
)
LEGAL_MAX_WORDS = 60


def is_legal_line(text: str) -> bool:
    """True when a paragraph is a copyright notice or a disclaimer of the site."""
    return LEGAL_LINE.match(text) is not None and len(text.split()) <= LEGAL_MAX_WORDS


def is_caption_line(text: str) -> bool:
    """True when a paragraph (squashed text) is a photo caption or a photo credit."""
    # The pattern is searched, not anchored: the word count, cheap on squashed text, rules out prose first.
    if word_count(text) > CAPTION_MAX_WORDS:
        return False
    if CAPTION_LINE.match(text) is not None:
        return True
    # Every ending the pattern accepts holds a ":" or one of "/|(": a window with none of them is spared the search,
    # which backtracks at each of its 200 characters (~5 us a line).
    start = max(0, len(text) - _CAPTION_END_CHARS)
    if (
        text.find(":", start) < 0
        and text.find("/", start) < 0
        and text.find("|", start) < 0
        and text.find("(", start) < 0
    ):
        return False
    return CAPTION_CREDIT_END.search(text, start) is not None


@dataclass(frozen=True)
class Credit:
    """A credit line found in the text: which field it fills and its value."""

    field: str
    value: str


# A second labelled credit inside a credit line ("Penulis: A / Editor: B", "Penulis : A - Editor : B", "Penulis: A,
# Editor: B"): the separator before it ends the first credit. Only a label followed by its colon starts one, so a
# name holding a label's word ("Redaksi Kompas") stays whole.
_NEXT_CREDIT = re.compile(rf"\s*(?:[|/,;•·]|\s[-–—])\s*(?=(?i:{_CREDIT_LABELS})\s*[:：])")
# A date or a clock after the name, on the same line ("Penulis: A Sabtu, 28 November 2026 10:00 WIB"): a date is
# never part of a name, so the credit ends where it starts.
_DAYS = r"senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = r"jan|feb|mar|apr|mei|may|jun|jul|agu|ags|aug|sep|okt|oct|nov|des|dec"
_DATE_IN_VALUE = re.compile(
    rf"(?:^|(?<=[\s,|•·\-–—(]))(?:(?:{_DAYS})\b\s*,?\s*(?=\d|$)|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?\s+\d{{4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}[:.]\d{2}\b)",
    re.IGNORECASE,
)


def cut_date(value: str) -> str:
    """The value up to a date or clock written after it ("Dewi Sabtu, 28 November 2026 10:00 WIB" -> "Dewi")."""
    m = _DATE_IN_VALUE.search(value)
    return value[: m.start()].rstrip(" ,|•·-–—(") if m else value


def credits_of(text: str) -> list[Credit]:
    """The credits a paragraph consists of: "Editor: X", or several in a row, each after a separator (Kontan's
    "Reporter: A | Editor: B", "Penulis: A / Editor: B"); empty when the paragraph is anything else."""
    if len(text) > 160 or is_section_label(text):  # "EDITOR CHOICE" heads a list, it credits nobody
        return []
    if text.startswith(("(", "[")) and text.endswith((")", "]")):
        text = text[1:-1].strip()  # "(Penulis: A / Editor: B)": the credits in brackets at the article's end
    parts = text.split("|") if "|" in text else [text]
    if ":" in text or "：" in text:
        parts = [piece for part in parts for piece in _NEXT_CREDIT.split(part)]
    matches = [CREDIT_LINE.match(part) or CREDIT_LINE_BARE.match(part) or _suffix_credit(part) for part in parts]
    if not all(matches) or any(len(part) > 120 for part in parts):
        return []
    credits = []
    for m in matches:
        label = " ".join(m.group("label").lower().split()) if m else ""
        value = m.group("value") if m else ""
        if label.startswith("laporan") and "," in value:
            # "Laporan Wartawan TribunSolo.com, Budi": the outlet, then the writer.
            value = value.rsplit(",", 1)[1].strip()
        credits.append(Credit(CREDIT_FIELD[label], cut_date(value)))
    return credits


def _suffix_credit(part: str) -> re.Match[str] | None:
    words = part.split()
    return CREDIT_LINE_SUFFIX.match(part) if words and words[-1].lower() in _SUFFIX_LABEL_SET else None


def syndicated_source(text: str) -> str | None:
    """The site a syndication note names ("Artikel ini telah tayang di Kompas.com ..."), else None."""
    if len(text) >= 400:
        return None
    m = SYNDICATED.match(text) or SYNDICATED_READ.match(text)
    return m.group("value").rstrip(".") if m else None


# A copied story's source mark glued to its last sentence: "... pungkasnya.[sc]" (gelora.co, a Blogger news site,
# /tmp/unseen gelora__sri-mulyani-mk-2020: "[sc]" links to suara.com). Lower-case letters only, after the full stop:
# "[1]", "[Gambas:...]" and an editor's "[...]" are not marks.
SOURCE_MARK_TAIL = re.compile(r"(?<=[.!?\"”’])\s*\[[a-z]{1,4}\]$")


def strip_source_mark(text: str) -> str:
    """Drop a bracketed source mark glued to the end of the last paragraph: "... katanya.[sc]"."""
    return SOURCE_MARK_TAIL.sub("", text) if text.endswith("]") else text


def is_sign_off(text: str) -> bool:
    """True when a paragraph is only the desk's initials, "(red)" or "(mdk/ank)"."""
    return SIGN_OFF_LINE.match(text) is not None


def strip_sign_off(text: str) -> str:
    """Drop a sign-off glued to the end of the last paragraph: "... kata dia. (kpl/pur/tch)"."""
    return SIGN_OFF_TAIL.sub("", text) if text.endswith(")") else text


def is_read_also(text: str, link_ratio: float = 0.0) -> bool:
    """True when a paragraph is a read-also insertion: its label with a colon or a dash, the label alone, or the
    label before a linked or unfinished headline. A sentence that starts with the words ("Baca juga buku panduan
    yang dibagikan dinas, kata dia.") is prose."""
    found = READ_ALSO.match(text)
    if found is None:
        return False
    rest = text[found.end() :]
    if found.group("sep") or not rest.strip() or link_ratio >= 0.5:
        return True
    return not (ends_sentence(rest.rstrip()) and word_count(rest.strip()) >= 6)


def strip_read_also_tail(text: str) -> str:
    """Drop a read-also label and its headline glued to the end of a paragraph."""
    # Three substring tests spare the pattern on the paragraphs (nearly all) that hold no such label.
    if "juga" not in text and "Juga" not in text and "JUGA" not in text:
        return text
    return _READ_ALSO_TAIL.sub("", text)


def is_boilerplate(text: str) -> bool:
    """True when a paragraph is an ad label or a heading of the page's furniture."""
    return BOILERPLATE.match(text) is not None


def strip_end_mark(text: str) -> str:
    """Drop the trailing `***` end mark."""
    # The endswith test spares a regex scan of every paragraph: the mark is rare and always last.
    return END_MARK.sub("", text) if text.rstrip().endswith("***") else text


# A closing credit: one to four capitalised words alone on the last line ("DINI TEJA", "ANTARA | REUTERS");
# an agency among them is the source, a name the writer (tempo__anpandu-singlepage.html).
_CAPS_NAME = r"[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*){0,3}"
CLOSING_CREDIT = re.compile(rf"^{_CAPS_NAME}(?:\s*[|/]\s*{_CAPS_NAME})*$")
AGENCIES = frozenset(("ANTARA", "REUTERS", "AFP", "AP", "XINHUA", "BBC", "BLOOMBERG", "KYODO", "ANADOLU"))

# Companies in author fields: "PT. VIVA MEDIA BARU - VIVA.co.id" (viva__anpandu-singlepage.html).
COMPANY = re.compile(r"^PT\.?\s|\bmedia\b.*\.co", re.I)
# Keywords that are "Label:Value" pairs, not tags: "Tekno:Telko", "Editor:Name" (liputan6 2016 keywords).
PSEUDO_TAG = re.compile(r"^[\w-]+:\S")


# A line that lists the article's tags after its label ("Tags: solar, nelayan, Makassar"): tags, never body.
TAG_LINE = re.compile(r"^\s*(?:tags?|topik|kata\s+kunci|keywords?)\s*[:：]\s*(?P<value>\S.*)$", re.IGNORECASE)
TAG_MAX_WORDS = 6
TAG_LINE_MAX_WORDS = 40
# Words of a page's controls: a "More Tag" button or a "VIDEO LAINNYA" link closing a tag list is not a tag. A
# label is interface text when every word is one of these or a kind of content, and one at least is a control word.
_CONTROL_WORDS = frozenset(
    ("more", "less", "show", "load", "see", "view", "all", "lihat", "semua", "lainnya", "selengkapnya", "tampilkan",
     "muat", "lebih", "banyak", "sembunyikan", "hide")
)  # fmt: skip
_CONTENT_WORDS = frozenset(("tag", "tags", "topik", "topic", "topics", "video", "foto", "berita", "artikel", "news"))
# Words of the site's self-description in a keywords meta ("berita terkini, berita Indonesia, portal Indonesia",
# "media online, berita hari ini"): an item of them only, with a word for news among them, is the site's, not a
# tag of the article; a list mostly of "berita ..." items is the site's description as a whole.
_NEWS_WORDS = frozenset(("berita", "portal", "situs", "news", "online", "media", "info"))
_SITE_WORDS = _NEWS_WORDS | frozenset(
    ("terkini", "terbaru", "terupdate", "terpercaya", "terlengkap", "indonesia", "hari", "ini", "harian", "update",
     "hangat", "heboh", "panas", "informasi", "kabar", "nasional", "internasional", "daerah", "dan")
)  # fmt: skip


def tag_line(text: str) -> list[str]:
    """The tags a "Tags: a, b, c" line lists; empty when the line is anything else."""
    m = TAG_LINE.match(text) if word_count(text) <= TAG_LINE_MAX_WORDS else None
    if m is None:
        return []
    items = [" ".join(v.split()) for v in re.split(r"[,;|#]", m.group("value"))]
    items = [v for v in items if v]
    return items if items and all(is_tag(v) for v in items) else []


def is_tag(text: str) -> bool:
    """True when a text can be a tag: a short label, not a headline-length sentence nor a button's text."""
    words = text.split()
    if not words or len(words) > TAG_MAX_WORDS or text.rstrip()[-1:] in ".!?":
        return False
    folded = [w.strip(":,;()[]»›>").casefold() for w in words]
    controls = [w for w in folded if w in _CONTROL_WORDS]
    return not (controls and all(w in _CONTROL_WORDS or w in _CONTENT_WORDS for w in folded))


def site_keywords(items: list[str]) -> list[str]:
    """A keywords meta's items less the site's own self-description; [] when the list as a whole is that."""
    folded = [[w.casefold() for w in item.split()] for item in items]
    if sum(1 for words in folded if words and words[0] in _NEWS_WORDS) * 2 > len(items):
        return []
    return [
        item
        for item, words in zip(items, folded, strict=True)
        if not (len(words) >= 2 and all(w in _SITE_WORDS for w in words) and any(w in _NEWS_WORDS for w in words))
    ]


def is_company(name: str) -> bool:
    """True when an author field names a company, not a person."""
    return COMPANY.search(name) is not None


def is_pseudo_tag(keyword: str) -> bool:
    """True when a keyword is a "Label:Value" pair rather than a tag."""
    return PSEUDO_TAG.match(keyword) is not None


# Learned template text (archive/boilerplate): blocks are compared by a digest of their folded text, so the archive
# stores no copy of them and a re-indented copy of the same prompt is the same block.
TEMPLATE_MAX_WORDS = 60


def block_key(text: str) -> str:
    """The digest by which a text block is learnt as, and recognised as, a site's template text."""
    folded = " ".join(text.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


# Every line rule that starts at a paragraph's first character, as one alternation: a paragraph of prose fails
# it in one call instead of nine (names of groups dropped: only whether any rule matches is asked).
def _anchored_rules() -> re.Pattern[str]:
    rules = (
        READ_ALSO, CREDIT_LINE, CREDIT_LINE_BARE, SYNDICATED, SYNDICATED_READ, BOILERPLATE, SIGN_OFF_LINE, PLACEHOLDER,
        PROMO_START, CAPTION_LINE, LEGAL_LINE, VIDEO_PROMPT, AGENCY_LINE,
    )  # fmt: skip
    parts = []
    for rule in rules:
        source = re.sub(r"\(\?P<\w+>", "(?:", rule.pattern)
        parts.append(f"(?i:{source})" if rule.flags & re.IGNORECASE else f"(?:{source})")
    return re.compile("|".join(parts))


_ANCHORED_RULES = _anchored_rules()


def plain_prose(text: str) -> bool:
    """True when no rule of this table can drop or change the paragraph: the credit, syndication, read-also,
    boilerplate, sign-off, placeholder, promotion, caption, legal and end-mark tests would all say no.

    A long body's paragraphs are mostly prose: one call here spares each a dozen. False says nothing (the rules
    then run one by one); tests/test_clean.py checks the agreement on many generated lines.
    """
    # "|" (credits in parts), "[" (placeholders), an end mark and a glued read-also label go the long way.
    if "|" in text or "[" in text or text.rstrip().endswith("***") or strip_read_also_tail(text) is not text:
        return False
    if _ANCHORED_RULES.match(text) is not None:
        return False
    if len(text) <= 160:
        words = text.split()
        if words and words[-1].lower() in _SUFFIX_LABEL_SET:
            return False
    if word_count(text) <= CAPTION_MAX_WORDS:
        start = max(0, len(text) - _CAPTION_END_CHARS)
        if text.find(":", start) >= 0 or text.find("/", start) >= 0 or text.find("(", start) >= 0:
            return False  # "|" was ruled out above
    return True
