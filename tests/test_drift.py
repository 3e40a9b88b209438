"""Layout drift: a profile whose body selector holds no article falls back to the generic path; `sites --check`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from click.testing import CliRunner

from beritascrape import parse_html
from beritascrape.cli import cli
from beritascrape.extract.body import Paragraph
from beritascrape.extract.drift import boilerplate_reason
from beritascrape.extract.parse import _parse_document
from beritascrape.scrape.drift import DriftTally

FIXTURES = Path(__file__).parent / "fixtures"
REDESIGN = FIXTURES / "drift" / "kompas-redesign.html"


def test_a_redesigned_page_whose_body_selector_holds_the_footer_is_read_by_the_generic_path() -> None:
    expected = json.loads(REDESIGN.with_suffix(".json").read_text("utf-8"))
    article = parse_html(REDESIGN.read_bytes())
    assert article.extractor == "generic (profile kompas drifted)"
    assert article.to_dict() == expected
    assert "Copyright" not in article.body and "WhatsApp" not in article.body


def test_the_same_profile_page_in_its_own_layout_does_not_drift() -> None:
    raw = (FIXTURES / "kompas" / "article.html").read_bytes()
    assert parse_html(raw, json.loads((FIXTURES / "kompas" / "article.json").read_text())["url"]).extractor == (
        "profile:kompas"
    )


def test_an_article_page_where_the_body_selector_matches_nothing_drifts() -> None:
    html = REDESIGN.read_bytes().replace(b'<div class="read__content">', b'<div class="links">')
    assert parse_html(html).extractor == "generic (profile kompas drifted)"


def test_what_a_body_selector_gave_is_judged_by_what_an_article_looks_like() -> None:
    prose = Paragraph("Warga menanam seribu bibit pohon di bantaran sungai pada Minggu pagi, kata koordinator.")
    footer = [Paragraph("Tentang Kami Pedoman Media Siber Kebijakan Privasi"), Paragraph("Copyright 2025")]
    links = [Paragraph("Harga Cabai Naik Lagi di Pasar Induk Jelang Lebaran", 52)]
    doc = _parse_document(b"<html><body><p>x</p></body></html>")
    assert boilerplate_reason([prose] * 10, [prose.text] * 10, doc) is None
    assert boilerplate_reason(footer, [p.text for p in footer], doc) == "its body selector holds the site's footer"
    assert boilerplate_reason(links, [], doc) == "its body selector held no text"
    assert boilerplate_reason([*links * 3, prose], [prose.text], doc) == "its body selector holds mostly links"


def test_sites_check_tells_the_profile_the_selector_hits_and_the_generic_result() -> None:
    result = CliRunner().invoke(cli, ["sites", "--check", str(REDESIGN), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    hits = {(s["group"], s["selector"]): s["hits"] for s in report["selectors"]}
    assert (report["profile"], report["matched_by"], report["drifted"]) == ("kompas", "domain", True)
    assert hits[("body", "div.read__content")] == 1 and hits[("body", "div.kcm-read-text")] == 0
    assert hits[("title", "h1.read__title")] == 0
    assert report["with_profile"]["extractor"] == "generic (profile kompas drifted)"
    assert report["generic"] == {
        "extractor": "generic",
        "title": "Jembatan Gantung Cisadane Dibuka Lagi Setelah Diperbaiki",
        "published_at": "2025-03-14T09:15:00+07:00",
        "authors": ["Rahmat Hidayat"],
        "editor": "Sinta Maharani",
        "word_count": 72,
        "paragraphs": 4,
        "first_paragraph": "TANGERANG, KOMPAS.com - Jembatan gantung yang menghubungkan dua kampung di tepi Sungai "
        "Cisadane dibuka kembali pada Jumat (14/3/2025) pagi setelah diperbaiki selama dua bulan.",
    }


def test_sites_check_of_a_missing_file_is_one_line_and_exit_1() -> None:
    result = CliRunner().invoke(cli, ["sites", "--check", "nope.html"])
    assert (result.exit_code, result.stderr.strip()) == (1, "error: nope.html: no such file: nope.html")


def test_sites_check_needs_pages() -> None:
    assert CliRunner().invoke(cli, ["sites", "--check"]).exit_code == 2


def test_scraping_a_drifted_page_warns_once_per_family_and_host(tmp_path: Path) -> None:
    db = tmp_path / "berita.db"
    copy = tmp_path / "copy.html"
    copy.write_bytes(
        REDESIGN.read_bytes()
        .replace(b"Jembatan gantung yang", b"Jembatan gantung baru yang")
        .replace(b"09150071/jembatan-gantung-cisadane-dibuka-lagi", b"09150072/jembatan-gantung-kedua")
    )
    # The same page given twice is one article.
    result = CliRunner().invoke(cli, ["scrape", str(REDESIGN), str(copy), str(REDESIGN), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: kompas profile drifted on megapolitan.kompas.com (2 articles read by the generic path); run "
        "'beritascrape sites --check https://megapolitan.kompas.com/read/2025/03/14/09150071/"
        "jembatan-gantung-cisadane-dibuka-lagi'"
    ]


def test_photo_and_video_pages_are_no_drift_and_each_article_counts_once() -> None:
    # A gallery's body is its captions: a profile body without prose there is no sign of a redesign.
    drifted = parse_html(REDESIGN.read_bytes())
    assert drifted.extractor == "generic (profile kompas drifted)"
    other = dataclasses.replace(drifted, url=drifted.url + "-2")
    tally = DriftTally.of([drifted, drifted, other, dataclasses.replace(drifted, kind="gallery"), None])
    assert tally.total == 2
    assert tally.warnings() == [
        f"kompas profile drifted on megapolitan.kompas.com (2 articles read by the generic path); run "
        f"'beritascrape sites --check {drifted.url}'"
    ]
    assert DriftTally.of([dataclasses.replace(drifted, kind="video")]).warnings() == []
