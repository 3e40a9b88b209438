"""`sites --check`: render, per page, the profile that matched, its selectors' hits and the generic result."""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table
from rich.text import Text

from beritascrape import console
from beritascrape.errors import BeritaError
from beritascrape.extract.check import PageCheck, check_page
from beritascrape.fetch.decoding import load_file
from beritascrape.fetch.http import Fetcher
from beritascrape.model import Article
from beritascrape.scrape.inputs import is_url


def run_checks(inputs: tuple[str, ...], as_json: bool, fetcher: Fetcher | None = None) -> int:
    """Check each page (a URL is fetched, a file read); returns how many could not be checked at all."""
    failed = 0
    for item in inputs:
        try:
            page = (fetcher or Fetcher()).fetch(item, user_given=True) if is_url(item) else load_file(item)
            result = check_page(page.content, page.final_url if is_url(item) else None)
        except BeritaError as exc:
            console.error(f"{item}: {exc}")
            failed += 1
            continue
        if as_json:
            console.out.print(json.dumps(as_dict(item, result), ensure_ascii=False), markup=False)
        else:
            render(item, result)
    return failed


def _summary(article: Article | None, error: str | None) -> dict[str, Any]:
    if article is None:
        return {"error": error}
    first = article.paragraphs[0] if article.paragraphs else ""
    return {
        "extractor": article.extractor,
        "title": article.title,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "authors": list(article.authors),
        "editor": article.editor,
        "word_count": article.word_count,
        "paragraphs": len(article.paragraphs),
        "first_paragraph": first,
    }


def as_dict(item: str, result: PageCheck) -> dict[str, Any]:
    """The check of one page as a JSON-ready object."""
    return {
        "input": item,
        "profile": result.profile,
        "matched_by": result.matched_by,
        "drifted": result.drifted,
        "selectors": [{"group": h.group, "selector": h.selector, "hits": h.hits} for h in result.selectors],
        "with_profile": _summary(result.article, result.error),
        "generic": _summary(result.generic, result.generic_error),
    }


def render(item: str, result: PageCheck) -> None:
    """A readable report of one page's check on stdout."""
    head = f"{item}: " + (
        f"profile {result.profile} (matched by {result.matched_by})" if result.profile else "no profile (generic path)"
    )
    console.out.print(Text(head, style="bold"))
    if result.selectors:
        table = Table(show_header=True, box=None, pad_edge=False)
        for column in ("group", "selector", "hits"):
            table.add_column(column)
        for hit in result.selectors:
            table.add_row(hit.group, Text(hit.selector), Text(str(hit.hits), style="green" if hit.hits else "red"))
        console.out.print(table)
    if result.drifted:
        console.out.print(Text(f"drift: the body was read by the generic path ({result.article.extractor})"))  # type: ignore[union-attr]
    table = Table(show_header=True, box=None, pad_edge=False)
    table.add_column("")
    table.add_column("with profile" if result.profile else "result", overflow="fold")
    table.add_column("generic path alone", overflow="fold")
    ours, generic = _summary(result.article, result.error), _summary(result.generic, result.generic_error)
    for key in ("error", "extractor", "title", "published_at", "authors", "editor", "word_count", "paragraphs",
                "first_paragraph"):  # fmt: skip
        if key in ours or key in generic:
            table.add_row(key, Text(_cell(ours.get(key))), Text(_cell(generic.get(key))))
    console.out.print(table)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "-"
    text = "-" if value is None else str(value)
    return text if len(text) <= 160 else text[:157] + "..."
