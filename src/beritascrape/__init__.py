"""beritascrape: scrape, extract and archive Indonesian news articles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from beritascrape.model import Article, Page

if TYPE_CHECKING:
    from beritascrape.extract import parse_html

    __version__: str

__all__ = ["Article", "Page", "__version__", "parse_html"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the command line imports this package, and most commands need neither the
    # extractor (lxml, every site profile) nor importlib.metadata.
    if name == "parse_html":
        from beritascrape.extract import parse_html

        globals()["parse_html"] = parse_html
        return parse_html
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("beritascrape")
        except PackageNotFoundError:  # running from a source tree that was never installed
            value = "0.1.0"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'beritascrape' has no attribute {name!r}")
