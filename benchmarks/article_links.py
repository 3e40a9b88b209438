"""Which links of the corpus pages `looks_like_article` (index-page discovery without a profile) takes.

Every <a href> of every page in ../shared/corpus/pages, resolved against the page's original URL (SOURCES.tsv) and
kept when it is on the page's own site, as index-page discovery keeps them. The corpus has no article/non-article
labels; each link is labelled by its site profile's own `article_url` pattern (every corpus site has a profile), a
reference written independently of the generic rule. Prints, per page and in all, the links, and how many articles
and non-articles the rule accepts; `--list FILE` writes each accepted URL and its label, so two versions of the rule
can be compared with `diff`.

    python benchmarks/article_links.py --list accepted.txt
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from beritascrape.discover.urls import _site_key, article_url_of, looks_like_article
from beritascrape.sites import find_profile

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def page_urls() -> dict[str, str]:
    """Each corpus page's original URL (a note after it, like "(page 2 of multi-page)", dropped)."""
    with (CORPUS / "SOURCES.tsv").open(encoding="utf-8") as file:
        return {row["filename"]: row["original_url"].split()[0] for row in csv.DictReader(file, delimiter="\t")}


def site_links(path: Path, url: str) -> list[str]:
    """The page's links on its own site, canonical, each once, in page order."""
    doc = etree.fromstring(path.read_bytes(), etree.HTMLParser(encoding="utf-8"))
    site = _site_key(urlsplit(url).hostname or "")
    found: dict[str, None] = {}
    for a in doc.iter("a") if doc is not None else ():
        href = (a.get("href") or "").strip()
        link = article_url_of(href, url) if href and not href.startswith("#") else None
        if link is not None and _site_key(urlsplit(link).hostname or "") == site:
            found.setdefault(link, None)
    return list(found)


def label(url: str) -> str:
    """ "article" or "other" by the site profile's article pattern; "unknown" without one."""
    profile = find_profile(url)
    if profile is None or not profile.article_url:
        return "unknown"
    return "article" if re.search(profile.article_url, url) else "other"


def main() -> None:
    """Count the links, the articles and non-articles among them, and those the rule accepts, per page and in all."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", type=Path, help="write every accepted URL and its label here, one a line")
    args = parser.parse_args()
    if not (CORPUS / "pages").is_dir():
        sys.exit(f"no corpus at {CORPUS}: nothing to measure")
    urls = page_urls()
    totals: Counter[tuple[str, bool]] = Counter()
    accepted: list[str] = []
    print(f"{'page':48} {'links':>5} {'articles':>8} {'taken':>6} {'others':>6} {'taken':>6}")
    for path in sorted((CORPUS / "pages").glob("*.html")):
        if path.name not in urls:
            continue
        counts: Counter[tuple[str, bool]] = Counter()
        for link in site_links(path, urls[path.name]):
            kind, taken = label(link), looks_like_article(link)
            counts[kind, taken] += 1
            if taken:
                accepted.append(f"{kind}\t{link}")
        totals += counts
        print(f"{path.name:48} {row(counts)}")
    print(f"{'all pages':48} {row(totals)}")
    if args.list is not None:
        args.list.write_text("".join(f"{line}\n" for line in accepted), encoding="utf-8")


def row(counts: Counter[tuple[str, bool]]) -> str:
    """links, articles, articles taken, others (and unknown), others taken."""
    links = sum(counts.values())
    articles = counts["article", True] + counts["article", False]
    others_taken = counts["other", True] + counts["unknown", True]
    return f"{links:5} {articles:8} {counts['article', True]:6} {links - articles:6} {others_taken:6}"


if __name__ == "__main__":
    main()
