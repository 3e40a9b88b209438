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
# Every family domain to its profile, so a host is matched by looking up its suffixes, not by scanning profiles.
_BY_DOMAIN: dict[str, SiteProfile] = {d.lower(): p for p in reversed(PROFILES) for d in p.domains}
# Two plain attribute paths: cheaper in libxml2 than one union, which has to sort its nodes.
_CLASSES = etree.XPath("//@class")
_IDS = etree.XPath("//@id")


def find_profile(url: str | None, doc: etree._Element | None = None) -> SiteProfile | None:
    """The profile whose domain matches url, else the one whose page fingerprint matches doc, else None.

    On an unknown domain the page's class names and ids are gathered once (one XPath), and only the profiles
    whose fingerprints can still match them run their fingerprint XPaths: a few set tests per profile instead
    of one tree walk per selector.
    """
    host = urlsplit(url).hostname if url else None
    if host:
        labels = host.rstrip(".").split(".")
        for i in range(len(labels) - 1):
            found = _BY_DOMAIN.get(".".join(labels[i:]))
            if found is not None:
                return found
    if doc is not None:
        names = frozenset(" ".join(_CLASSES(doc) + _IDS(doc)).split())
        for profile in PROFILES:
            if not profile.fingerprints or not profile.may_match(names):
                continue
            hits = sum(1 for xp in profile.fingerprint_xpaths if xp(doc))
            if hits >= profile.fingerprint_min:
                return profile
    return None


def get_profile(name: str) -> SiteProfile | None:
    """The profile with this family name."""
    return next((p for p in PROFILES if p.name == name), None)


__all__ = ["PROFILES", "SiteProfile", "find_profile", "get_profile"]
