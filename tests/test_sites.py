"""The site registry: profiles are data, matched by domain or by page fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from beritascrape.sites import PROFILES, find_profile, get_profile

FIXTURES = Path(__file__).parent / "fixtures"


def doc_of(name: str) -> etree._Element:
    return etree.fromstring((FIXTURES / name).read_bytes(), etree.HTMLParser())


@pytest.mark.parametrize(
    ("url", "family"),
    [
        ("https://www.pikiran-rakyat.com/nasional/pr-1/x", "prmn"),
        ("https://zonajakarta.pikiran-rakyat.com/internasional/pr-1/x", "prmn"),
        ("https://www.pikiranrakyat-bekasi.com/bekasi/pr-1/x", "prmn"),
        ("https://notpikiran-rakyat.com/x", None),
        ("https://example.com/x", None),
    ],
)
def test_profile_by_domain(url: str, family: str | None) -> None:
    profile = find_profile(url)
    assert (profile.name if profile else None) == family


def test_unknown_partner_domain_matches_by_fingerprint() -> None:
    profile = find_profile("https://www.kabarlosari.com/x", doc_of("prmn/partner.html"))
    assert profile is get_profile("prmn")


def test_other_pages_do_not_match_the_fingerprint() -> None:
    assert find_profile("https://warta-tepian.net/x", doc_of("misc/cp1252.html")) is None


def test_every_profile_compiles_and_says_how_it_was_verified() -> None:
    for profile in PROFILES:
        assert profile.verified
        assert all(xp is not None for group, xp in profile.xpaths.items() if getattr(profile, group))
        assert callable(profile.skip)
        assert get_profile(profile.name) is profile
