"""Who we say we are: the default User-Agent, in a module of its own so reading it costs no HTTP library."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["DEFAULT_USER_AGENT"]


def _package_version() -> str:
    # Installed metadata, not beritascrape/__init__: this module must not depend on the package API.
    try:
        return version("beritascrape")
    except PackageNotFoundError:
        return "0.1.0"


DEFAULT_USER_AGENT = f"beritascrape/{_package_version()} (+https://github.com/beritascrape/beritascrape)"
