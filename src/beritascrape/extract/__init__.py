"""Extraction: pure functions of (html, url) that turn a page into an Article."""

from beritascrape.extract.pagination import merge_pages, page_url, read_pagination
from beritascrape.extract.parse import parse_html

__all__ = ["merge_pages", "page_url", "parse_html", "read_pagination"]
