"""The site registry: every family's profile, and the function that picks one for a page."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import html as lxml_html

from beritascrape.sites import prmn
from beritascrape.sites.base import SiteProfile

PROFILES: tuple[SiteProfile, ...] = (prmn.PROFILE,)


def find_profile(url: str | None, doc: lxml_html.HtmlElement | None = None) -> SiteProfile | None:
    """The profile whose domain matches url, else the one whose page fingerprint matches doc, else None."""
    host = urlsplit(url).hostname if url else None
    if host:
        for profile in PROFILES:
            if profile.matches_domain(host):
                return profile
    if doc is not None:
        for profile in PROFILES:
            hits = sum(1 for xp in profile.fingerprint_xpaths if xp(doc))
            if hits >= profile.fingerprint_min:
                return profile
    return None


def get_profile(name: str) -> SiteProfile | None:
    """The profile with this family name."""
    return next((p for p in PROFILES if p.name == name), None)


__all__ = ["PROFILES", "SiteProfile", "find_profile", "get_profile"]
