"""Captions read with their credit apart (extract/captions.py): "CAPTION (CREDIT)", never the two glued together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from beritascrape import parse_html
from beritascrape.extract.captions import caption_text, classed_captions
from beritascrape.extract.text import text_of

FIXTURES = Path(__file__).parent / "fixtures"


def _caption(markup: str) -> str:
    return caption_text(etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser()).find("body")[0])


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        # The credit first, glued to the caption in plain text (Kompas 2021's span.author).
        (
            '<div class="photo"><img src="x.jpg"><span class="pb_10 author">ANTARA FOTO/BUDI</span>Warga antre.</div>',
            "Warga antre. (ANTARA FOTO/BUDI)",
        ),
        # A credit after the caption, by class word (BEM and WordPress names).
        (
            '<figcaption>Perahu nelayan. <span class="photo__credit">Foto: Dok. Humas</span></figcaption>',
            "Perahu nelayan. (Foto: Dok. Humas)",
        ),
        (
            '<figcaption>Pasar pagi <span class="credits">(Getty Images)</span></figcaption>',
            "Pasar pagi (Getty Images)",
        ),
        (
            '<figcaption>Jalan rusak<span class="e-caption__credit"><span class="e-caption__credit-description">'
            "Credit</span>: Pemkab Garut</span></figcaption>",
            "Jalan rusak (Credit: Pemkab Garut)",
        ),
        (
            '<figcaption>Banjir surut.<em class="copyright">© Warta Kita</em></figcaption>',
            "Banjir surut. (© Warta Kita)",
        ),
        # A credit by its labelled text, whatever its class.
        (
            "<figcaption><small>Fotografer: Made Wira</small>Sawah di Tabanan.</figcaption>",
            "Sawah di Tabanan. (Fotografer: Made Wira)",
        ),
        ("<figcaption>Kapal sandar. <span>Sumber foto: BPBD</span></figcaption>", "Kapal sandar. (Sumber foto: BPBD)"),
        (
            "<figcaption>A harbour at dawn. <span>Photograph by Ann Lee</span></figcaption>",
            "A harbour at dawn. (Photograph by Ann Lee)",
        ),
        # A separator left between them goes with the credit.
        (
            '<figcaption>Gedung baru / <span class="source">Pemkot Bekasi</span></figcaption>',
            "Gedung baru (Pemkot Bekasi)",
        ),
        # No credit child: read as written (a credit in the caption's own text stays where the page put it).
        (
            "<figcaption>Foto: Ilustrasi penodongan (Edi Wahyono/detikcom)</figcaption>",
            "Foto: Ilustrasi penodongan (Edi Wahyono/detikcom)",
        ),
        (
            "<figcaption>Warga <b>menanam</b> bakau. KOMPAS.com/RINA</figcaption>",
            "Warga menanam bakau. KOMPAS.com/RINA",
        ),
        # Only a credit, or a label without a value: nothing to separate.
        ('<figcaption><span class="credit">Foto: Antara</span></figcaption>', "Foto: Antara"),
        ('<figcaption>Menara air <span class="credit">Credit</span></figcaption>', "Menara air Credit"),
        # A child that only mentions a photo is caption text ("Foto bersama ..." has no label colon).
        ("<figcaption><span>Foto bersama</span> para juara lomba.</figcaption>", "Foto bersama para juara lomba."),
    ],
)
def test_caption_credit_is_read_apart(markup: str, text: str) -> None:
    assert _caption(markup) == text


@pytest.mark.parametrize(
    ("name", "use_profiles", "captions"),
    [
        (
            "kompas/photo-credit-2021",
            True,
            [
                "Pedagang sayur melayani pembeli di Pasar Ciputat, Tangerang Selatan, Minggu (13/6/2021). "
                "(KOMPAS.com/DIMAS ANGGORO)"
            ],
        ),
        # No caption element the generic path knows on the Kompas 2021 layout (a div, no <figcaption>).
        ("kompas/photo-credit-2021", False, []),
        (
            "generic/photo-credits",
            False,
            [
                "Petani menanam bibit padi merah di sawah terasering Jatiluwih, Senin pagi. "
                "(Foto: Ketut Arsana/Warta Tabanan)",
                "Air dari saluran subak mengalir ke petak sawah paling bawah. (Fotografer: Made Wiranata)",
            ],
        ),
    ],
)
def test_page_captions_keep_the_credit_apart(name: str, use_profiles: bool, captions: list[str]) -> None:
    path = FIXTURES / f"{name}.html"
    expected = json.loads(path.with_suffix(".json").read_text("utf-8"))
    article = parse_html(path.read_bytes(), expected["url"], use_profiles=use_profiles)
    assert list(article.captions) == captions
    # Neither the caption nor its credit is body text, on either path.
    assert article.body == expected["body"]


def test_captions_named_by_class_beside_a_picture() -> None:
    region = etree.fromstring(
        """<html><body><div class="konten">
        <h1 class="detailsTitleCaption">Harga Cabai Turun</h1>
        <div class="gambar"><img src="a.jpg"><p class="keterangan">Pedagang menata cabai. (Foto: Rosita)</p></div>
        <div class="wp-caption"><img src="b.jpg"><p class="wp-caption-text">Pasar induk pada Kamis pagi.</p></div>
        <div class="photo__item"><img src="c.jpg"><span class="photo__caption">Truk sayur tiba di pasar.</span></div>
        <p>Harga cabai rawit di pasar induk turun hampir separuh dalam sepekan terakhir.</p>
        <div class="terkait"><a href="/b/2"><img src="d.jpg"></a><span class="item__caption">Harga Bawang</span></div>
        <div class="klip"><img src="e.jpg"><p class="caption"><a href="/b/3">Baca: Harga Beras di Pasar</a></p></div>
        <p class="caption-note">Catatan redaksi tanpa gambar.</p>
        </div></body></html>""",
        etree.HTMLParser(),
    ).find("body")[0]
    # The headline, a linked teaser's title, a caption that is a link and text beside no picture are no captions.
    assert [text_of(el) for el in classed_captions(region)] == [
        "Pedagang menata cabai. (Foto: Rosita)",
        "Pasar induk pada Kamis pagi.",
        "Truk sayur tiba di pasar.",
    ]
