"""The site registry: every family's profile, and the function that picks one for a page."""

from __future__ import annotations

import importlib
import pkgutil
from urllib.parse import urlsplit

from lxml import etree

from beritascrape.sites.base import SiteProfile


def _load_profiles() -> tuple[SiteProfile, ...]:
    """Every PROFILE defined by a module of this package: adding a family is adding one data module."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        profile = getattr(module, "PROFILE", None)
        if isinstance(profile, SiteProfile):
            found.append(profile)
    return tuple(found)


PROFILES: tuple[SiteProfile, ...] = _load_profiles()


def find_profile(url: str | None, doc: etree._Element | None = None) -> SiteProfile | None:
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
