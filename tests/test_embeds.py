"""Embedded social posts (Twitter/X, Instagram, TikTok, Threads, Facebook, ...) never reach the body, on any path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from beritascrape import parse_html
from beritascrape.extract import clean, generic
from beritascrape.extract.body import read_paragraphs
from beritascrape.extract.content import main_content
from beritascrape.extract.parse import _parse_document

FIXTURES = Path(__file__).parent / "fixtures"


def _golden(name: str) -> tuple[bytes, dict]:
    path = FIXTURES / name
    return path.with_suffix(".html").read_bytes(), json.loads(path.with_suffix(".json").read_text("utf-8"))


@pytest.mark.parametrize("use_profiles", [True, False])
def test_viva_page_with_tweet_instagram_and_tiktok_embeds_reads_only_the_article(use_profiles: bool) -> None:
    # The profile path (div#article-content) and the generic path read the same paragraphs; the plain
    # <blockquote> holding a quote of the article's own source stays.
    raw, expected = _golden("viva/embed.json")
    article = parse_html(raw, expected["url"], use_profiles=use_profiles)
    assert article.extractor == ("profile:viva" if use_profiles else "generic")
    assert list(article.paragraphs) == [
        "VIVA.co.id - Maria Nenobais, penyanyi cilik berusia sepuluh tahun asal Kupang, tampil di panggung utama "
        "Festival Musik Tepi Laut, Rabu malam.",
        "Penampilannya membawakan lagu daerah Nusa Tenggara Timur disambut tepuk tangan panjang dari penonton.",
        "Ketua panitia, Yohanes Seran, mengatakan Maria terpilih dari tiga ratus peserta audisi.",
        '"Suaranya jernih dan ia tidak gugup sedikit pun di depan ribuan orang," kata Yohanes.',
        "Festival berlangsung tiga hari dan ditutup Jumat malam dengan pertunjukan kembang api.",
    ]
    assert article.body == expected["body"]
    assert article.word_count == expected["word_count"]


def test_unknown_site_drops_facebook_threads_amp_and_bluesky_embeds_and_keeps_its_quote() -> None:
    raw, expected = _golden("generic/embeds.json")
    article = parse_html(raw, expected["url"])
    assert article.extractor == "generic"
    assert article.to_dict() == expected
    assert "Kami ingin anak-anak bisa menyeberang" in article.body  # a wp-block-quote is the article's own


def test_content_finder_leaves_embeds_out_as_furniture() -> None:
    # In the walk the posts count where the article lies; then every block of theirs is left out, by name.
    raw, _ = _golden("generic/embeds.json")
    found = main_content(_parse_document(raw))
    assert found.confident
    assert found.dropped == [
        (
            "embedded post",
            "Pagi ini jembatan apung Tondano resmi dibuka, ayo datang bersama keluarga dan teman-teman semua!",
        ),
        ("embedded post", "Diposting oleh Kabar Minahasa pada Sabtu, 9 Maret 2024"),
        ("embedded post", "Lihat di Threads"),
        ("embedded post", "Akhirnya bisa jalan kaki di atas danau, pemandangannya luar biasa indah pagi ini."),
        ("embedded post", "Antre panjang di jembatan apung Tondano sore ini, siapkan payung dan air minum ya."),
        ("embedded post", "— Info Minahasa (@infominahasa) 9 Maret 2024"),
        ("embedded post", "Jembatan apung Tondano ramai sekali hari ini, parkir sampai ke jalan raya."),
        ("embedded post", "— Warga Tondano (@wargatondano.bsky.social) 9 Maret 2024 pukul 14.05"),
    ]


def test_trafilatura_is_given_the_page_without_its_embeds() -> None:
    # The generic path's second opinion reads a copy of the tree: the embeds are cut from the copy, not the page.
    raw, _ = _golden("generic/embeds.json")
    doc = _parse_document(raw)
    texts = [p.text for p in generic.trafilatura_text(doc)]
    assert texts == [
        "Jembatan Apung Danau Tondano Dibuka untuk Umum",
        "TONDANO - Jembatan apung sepanjang dua ratus meter di tepi Danau Tondano resmi dibuka untuk umum pada "
        "Sabtu pagi, setelah dibangun selama delapan bulan oleh warga tiga desa.",
        "Bupati Minahasa memotong pita di ujung jembatan, disaksikan ratusan warga yang datang dengan perahu dan "
        "sepeda motor sejak pukul enam pagi.",
        "Kepala desa Toulimembet, Hendrik Wowor, mengatakan jembatan itu dibangun dari drum bekas dan papan kayu "
        "cempaka yang disumbangkan para pengusaha setempat.",
        "Kami ingin anak-anak bisa menyeberang ke sekolah tanpa harus menunggu perahu setiap pagi, dan wisatawan "
        "punya alasan baru untuk singgah.",
        "Hendrik Wowor, kepala desa",
        "Dinas Pariwisata mencatat lebih dari dua ribu pengunjung melintasi jembatan pada hari pertama, sebagian "
        "besar dari luar kabupaten.",
        "Pengelola berencana membuka warung makan terapung di tengah jembatan mulai bulan depan dan menarik tiket "
        "masuk lima ribu rupiah untuk perawatan.",
    ]
    assert len(list(doc.iter("blockquote"))) == 5  # the page itself is left whole


@pytest.mark.parametrize(
    ("markup", "embed"),
    [
        ('<blockquote class="twitter-tweet" data-lang="id"><p>x</p></blockquote>', True),
        ('<blockquote class="twitter-video"><p>x</p></blockquote>', True),
        ('<blockquote class="instagram-media" data-instgrm-version="14"><p>x</p></blockquote>', True),
        ('<blockquote data-instgrm-permalink="https://www.instagram.com/p/x/"><p>x</p></blockquote>', True),
        ('<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@a/video/1"><p>x</p></blockquote>', True),
        ('<blockquote class="text-post-media" data-text-post-permalink="u"><div>x</div></blockquote>', True),
        ('<blockquote class="fb-xfbml-parse-ignore" cite="https://www.facebook.com/a"><p>x</p></blockquote>', True),
        ('<blockquote class="reddit-embed-bq"><a href="u">x</a></blockquote>', True),
        ('<blockquote class="bluesky-embed" data-bluesky-uri="at://x"><p>x</p></blockquote>', True),
        ('<blockquote class="mastodon-embed"><p>x</p></blockquote>', True),
        ('<blockquote class="imgur-embed-pub" lang="en"><a href="u">x</a></blockquote>', True),
        ('<amp-instagram data-shortcode="x" width="1" height="1"></amp-instagram>', True),
        ('<twitter-widget class="twitter-tweet-rendered"></twitter-widget>', True),
        # A writer's quote, a pull quote, a class that only mentions a platform: the article's own text.
        ("<blockquote><p>x</p></blockquote>", False),
        ('<blockquote class="wp-block-quote"><p>x</p></blockquote>', False),
        ('<blockquote class="stylized pull-left"><p>x</p></blockquote>', False),
        ('<blockquote class="quote-twitter-style"><p>x</p></blockquote>', False),
        ('<div class="twitter-tweet"><p>x</p></div>', False),
    ],
)
def test_embed_markup_families(markup: str, embed: bool) -> None:
    el = etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser()).find("body")[0]
    assert clean.is_embed(el) is embed


def test_body_reader_keeps_the_text_after_an_embed() -> None:
    doc = etree.fromstring(
        "<div><p>Satu.</p><blockquote class='twitter-tweet'><p>Cuitan.</p></blockquote>Dua.<p>Tiga.</p></div>",
        etree.HTMLParser(),
    )
    assert [p.text for p in read_paragraphs(doc.find(".//div"))] == ["Satu.", "Dua.", "Tiga."]
    copy = etree.fromstring(etree.tostring(doc), etree.HTMLParser())
    clean.drop_embeds(copy)
    assert etree.tostring(copy.find(".//div"), encoding="unicode") == "<div><p>Satu.</p>Dua.<p>Tiga.</p></div>"
