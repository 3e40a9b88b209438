"""Our own content finder (extract/content.py) and how the generic path uses it (extract/generic.py).

Every page here is a few lines written for the test: each shows one mechanism on the smallest layout that has it.
"""

from __future__ import annotations

import pytest
from lxml import etree

from beritascrape import parse_html
from beritascrape.errors import NotAnArticle
from beritascrape.extract import content, generic
from beritascrape.extract.body import Paragraph, read_paragraphs

# Sentences of prose for the pages below (each over ten words, with a full stop).
P1 = "Hujan deras sejak pagi membuat Sungai Cikapundung meluap hingga merendam puluhan rumah di tepi kota."
P2 = "Petugas pemadam kebakaran membantu warga memindahkan barang ke tempat yang lebih tinggi sebelum sore."
P3 = "Menurut kepala desa, air mulai surut pada malam hari setelah hujan berhenti dan pintu air dibuka."
P4 = "Warga berharap pemerintah segera memperbaiki tanggul yang jebol agar banjir serupa tidak terulang lagi."
PROSE = [P1, P2, P3, P4]


def page(body: str) -> etree._Element:
    return etree.fromstring(f"<html><body>{body}</body></html>".encode(), etree.HTMLParser())


def found(body: str) -> list[str]:
    return [p.text for p in content.main_content(page(body)).paragraphs]


def paras(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


SIDEBAR = (
    "<div class='sidebar'><h3>Terpopuler</h3><ul>"
    + "".join(f"<li><a href='/b{i}'>Judul berita populer nomor {i} hari ini</a></li>" for i in range(6))
    + "</ul></div>"
)
# A footer line of prose: an ancestor that takes it in adds too little (~15%) to be worth the climb.
FOOTER = "<div class='footer'><p>Kantor redaksi kami ada di Jalan Merdeka nomor 1 di Bandung.</p></div>"


# -- which container is the article ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "body"),
    [
        ("one container of paragraphs", f"<div class='berita'>{paras(*PROSE)}</div>{SIDEBAR}"),
        # Each paragraph in wrappers of its own, several levels deep (the scores do not reach their common parent).
        (
            "one wrapper per paragraph",
            "<article>"
            + "".join(f"<div class='blk'><div><div><div>{t}</div></div></div></div>" for t in PROSE)
            + f"</article>{FOOTER}",
        ),
        # An advertisement splits the text into two sibling containers.
        (
            "siblings split by an ad",
            f"<div id='wrap'><div class='isi'>{paras(P1, P2)}</div><div class='iklan'>IKLAN</div>"
            f"<div class='isi'>{paras(P3, P4)}</div></div>{SIDEBAR}",
        ),
        # Text straight in the container, between line breaks (older CMSs).
        ("text between <br>s", f"<div class='txt'>{P1}<br><br>{P2}<br><br>{P3}<br><br>{P4}</div>{SIDEBAR}"),
    ],
)
def test_the_article_container_is_found_whatever_its_layout(layout: str, body: str) -> None:
    assert found(body) == PROSE, layout


def test_a_link_heavy_container_loses_to_prose() -> None:
    # The related list has more text than the article but is all links: its score is discounted by them.
    related = "<div class='list'>" + "".join(
        f"<p><a href='/r{i}'>{t} Selengkapnya di tautan ini.</a></p>" for i, t in enumerate(PROSE * 2)
    )
    assert found(f"{related}</div><div class='teks'>{paras(*PROSE)}</div>") == PROSE


# -- furniture inside the article -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("furniture", "inside"),
    [
        # A box of links without prose, whatever its class ("relatedarticleinline" also says "article").
        (
            "inline read-next teaser",
            "<div class='relatedarticleinline'><h2>Read Next</h2><a href='/x'>Lifestyle</a>"
            "<h2><a href='/y'>Lima tempat wisata keluarga untuk libur panjang</a></h2></div>",
        ),
        # Other articles' headlines, each with its summary: more link text than prose.
        (
            "list of other articles",
            "<div class='more'><h3>More from us</h3>"
            + "".join(
                f"<div><a href='/m{i}'>Judul artikel lain nomor {i} yang panjang</a><p>Ringkasan singkat.</p></div>"
                for i in range(3)
            )
            + "</div>",
        ),
        ("comments", f"<div class='comment-list'><p>{P4} Setuju sekali.</p><p>{P3} Semoga cepat.</p></div>"),
        ("writer's bio", f"<div class='author-bio'><p>Budi adalah wartawan senior. {P2}</p></div>"),
        # A picture with its caption and zoom button in one wrapper.
        (
            "picture box",
            "<div class='foto'><img src='/a.jpg'><span>Perbesar</span><span>Banjir di Bandung</span></div>",
        ),
        # A wrapper of a picture alone, then its caption line (merdeka's "imageinfo").
        (
            "caption after a picture",
            "<div class='img'><img src='/a.jpg'></div><div class='info'>Ilustrasi banjir</div>",
        ),
        # A line that repeats the picture's alt text is its caption.
        (
            "alt text repeated",
            "<p><img src='/b.jpg' alt='Warga mengungsi ke masjid terdekat saat banjir datang'>"
            "Warga mengungsi ke masjid terdekat saat banjir datang</p>",
        ),
        ("page marker", "<div class='sep'>2 dari 3 halaman</div>"),
    ],
)
def test_furniture_inside_the_article_is_left_out(furniture: str, inside: str) -> None:
    body = f"<div class='detail'>{paras(P1, P2)}{inside}{paras(P3, P4)}</div>{SIDEBAR}"
    assert found(body) == PROSE, furniture


@pytest.mark.parametrize(
    ("kept", "inside", "text"),
    [
        # A bare <p> after a picture is the article going on, however short.
        (
            "paragraph after a picture",
            "<figure><img src='/a.jpg'></figure><p>Eka menyadari hal itu.</p>",
            "Eka menyadari hal itu.",
        ),
        # A sub-heading beside a picture titles the section.
        ("heading beside a picture", "<div><h2>Dermaga Batukaras</h2><img src='/d.jpg'></div>", "Dermaga Batukaras"),
        # A paragraph of the writer's that is mostly a link: the body cleaner's own rule judges it (at 0.7).
        (
            "paragraph mostly a link",
            "<p>Menurut <a href='/s'>laporan resmi dinas kebakaran</a>:</p>",
            "Menurut laporan resmi dinas kebakaran:",
        ),
    ],
)
def test_what_looks_like_furniture_but_is_the_article_stays(kept: str, inside: str, text: str) -> None:
    body = f"<div class='detail'>{paras(P1, P2)}{inside}{paras(P3, P4)}</div>{SIDEBAR}"
    assert found(body) == [P1, P2, text, P3, P4], kept


def test_the_finder_says_what_it_left_out_and_why() -> None:
    body = (
        f"<div class='detail'>{paras(P1, P2)}<div class='foto'><img src='/a.jpg'><span>Perbesar</span></div>"
        "<div class='page-links'>Halaman <a href='?page=1'>1</a> <a href='?page=2'>2</a> "
        f"<a href='?page=2'>Berikutnya</a></div>{paras(P3)}"
        f"<div class='comments'><p>{P4}</p></div></div>"
    )
    assert content.main_content(page(body)).dropped == [
        ("picture and caption", "Perbesar"),
        ("link box", "Halaman 1 2 Berikutnya"),
        ("named: never the article", P4),
    ]


def test_a_gallery_keeps_its_captions() -> None:
    # Most of the chosen text sits in picture boxes: the captions are the page's text, not furniture.
    items = "".join(f"<div class='item'><img src='/{i}.jpg'><p>{t}</p></div>" for i, t in enumerate(PROSE[:3]))
    assert found(f"<div class='galeri'><h1>Foto: banjir di Bandung</h1>{items}</div>") == [
        "Foto: banjir di Bandung",
        *PROSE[:3],
    ]


def test_headings_and_short_lines_of_the_article_stay() -> None:
    body = f"<div class='detail'>{paras(P1, P2)}<h2>Tanggul jebol</h2><p>Ini kata warga.</p>{paras(P3)}</div>"
    got = content.main_content(page(body)).paragraphs
    assert got == [
        Paragraph(P1),
        Paragraph(P2),
        Paragraph("Tanggul jebol", heading=True),
        Paragraph("Ini kata warga."),
        Paragraph(P3),
    ]


# -- how sure it is ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "confident", "reason", "prose"),
    [
        (f"<div class='detail'>{paras(*PROSE)}</div>{SIDEBAR}", True, "", True),
        # Two equal blocks of prose far apart: the chosen one holds half of the page's prose.
        (
            f"<div class='a'>{paras(P1, P2)}</div><div class='x'>{SIDEBAR}</div><div class='b'>{paras(P3, P4)}</div>",
            False,
            "coverage 0.50",
            True,
        ),
        ("<p>Halaman tidak ditemukan.</p>", False, "fewer than 20 words on the page", False),
        # Headlines and dates only: a list page that no sign gave away.
        (
            "".join(
                f"<div><a href='/{i}'>Judul berita nomor {i} tentang kota kita</a> 12/05/2023</div>" for i in range(5)
            ),
            False,
            "no prose on the page",
            False,
        ),
    ],
)
def test_confidence_table(body: str, confident: bool, reason: str, prose: bool) -> None:
    got = content.main_content(page(body))
    assert (got.confident, got.reason, got.prose) == (confident, reason, prose)


def test_prose_inside_an_unclosed_heading_is_still_found() -> None:
    # A broken page whose <h1> never closes: everything after it is "heading" text, and still the article.
    # (a <p> would close it; a <div> does not)
    assert found(f"<div class='x'><h1>Judul berita<div>{P1}</div><div>{P2}</div></div>") == ["Judul berita", P1, P2]


def test_block_texts_split_as_the_body_reader_splits() -> None:
    doc = page(f"<div id='s'><h1>Judul</h1><span>oleh Ani</span> | 5 Mei 2023<p>{P1}</p>tail<br>after</div>")
    scope = doc.find(".//div")
    content.main_content(doc)
    assert content.block_texts(doc, scope) == [p.text for p in read_paragraphs(scope)]
    assert content.block_texts(doc, doc.find(".//span")) is None  # inline: the caller reads it itself


# -- the generic path: which extractor runs ------------------------------------------------------------


def record_trafilatura(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def fake(doc: etree._Element, url: str | None = None) -> list[Paragraph]:
        calls.append(url or "")
        return [Paragraph(P1)]

    monkeypatch.setattr(generic, "trafilatura_text", fake)
    return calls


def test_trafilatura_is_not_asked_when_the_finder_is_sure(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = record_trafilatura(monkeypatch)
    doc = page(f"<div class='detail'>{paras(*PROSE)}</div>{SIDEBAR}")
    assert [p.text for p in generic.main_text(doc, "https://x.invalid/a")] == PROSE
    assert calls == []


def test_trafilatura_is_asked_when_the_finder_is_unsure(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = record_trafilatura(monkeypatch)
    doc = page(
        f"<div class='a'>{paras(P1, P2)}</div><div class='x'>{SIDEBAR}</div><div class='b'>{paras(P3, P4)}</div>"
    )
    assert generic.main_text(doc, "https://x.invalid/a") == [Paragraph(P1)]
    assert calls == ["https://x.invalid/a"]


@pytest.mark.parametrize(
    ("html", "message"),
    [
        (b"<html><body><div><p></div><img src='/x.gif'><br/></body>", "no article text found"),
        (
            "<html><head><title>Arsip</title></head><body>"
            + "".join(f"<div><a href='/{i}'>Judul berita nomor {i} tentang kota</a> 12/05/2023</div>" for i in range(3))
            + "</body></html>",
            "no article text found",
        ),
    ],
)
def test_non_articles_are_refused_before_any_extractor_runs(
    monkeypatch: pytest.MonkeyPatch, html: str | bytes, message: str
) -> None:
    calls = record_trafilatura(monkeypatch)
    with pytest.raises(NotAnArticle, match=message):
        parse_html(html, "https://x.invalid/arsip/1", use_profiles=False)
    assert calls == []
