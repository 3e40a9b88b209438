"""Every site family in the registry is pinned by a fixture page with its full expected JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from beritascrape import parse_html
from beritascrape.model import ARTICLE_KEYS
from beritascrape.sites import PROFILES, SiteProfile

FIXTURES = Path(__file__).parent / "fixtures"


def golden_pages(family: str) -> list[Path]:
    """tests/fixtures/<family>/*.html that have a .json beside them."""
    return sorted(p for p in (FIXTURES / family).glob("*.html") if p.with_suffix(".json").exists())


@pytest.mark.parametrize("profile", PROFILES, ids=[p.name for p in PROFILES])
def test_family_has_a_fixture_page_with_full_expected_json(profile: SiteProfile) -> None:
    name = profile.name
    pages = golden_pages(name)
    assert pages, f"no tests/fixtures/{name}/*.html with a .json beside it"
    for page in pages:
        expected = json.loads(page.with_suffix(".json").read_text("utf-8"))
        assert list(expected) == list(ARTICLE_KEYS), f"{page.name}: not a full record"
        article = parse_html(page.read_bytes(), expected["url"])
        # The page must be read by this family's profile, or it pins nothing about the profile.
        assert article.extractor == f"profile:{name}", page.name
        assert article.to_dict() == expected, page.name
