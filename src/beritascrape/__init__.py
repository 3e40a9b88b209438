"""beritascrape: scrape, extract and archive Indonesian news articles."""

from importlib.metadata import PackageNotFoundError, version

from beritascrape.extract import parse_html
from beritascrape.model import Article, Page

try:
    __version__ = version("beritascrape")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"

__all__ = ["Article", "Page", "__version__", "parse_html"]
