"""Commands that read the archive (`search`, `show`, `export`) and list the site profiles (`sites`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, cast

import click

from beritascrape import console
from beritascrape.archive.export import write_csv, write_jsonl
from beritascrape.archive.query import has_words
from beritascrape.cli.analyst import filter_options, pop_filter
from beritascrape.cli.common import Failed, db_option, examples, open_archive, translated
from beritascrape.model import Article

if TYPE_CHECKING:
    from rich.text import Text


class _SearchCommand(click.Command):
    """`search -covid` is read as an option by click: say how to leave a word out instead."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # the parser consumes the list it is given
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            # click reads "-covid" as "-c" followed by "ovid": the word is the argument that starts so.
            typed = next((a for a in given if a.startswith(exc.option_name) and not a.startswith("--")), None)
            if typed is None:
                raise
            word = typed.lstrip("-")
            raise click.UsageError(
                f"no such option: {typed} (to leave a word out of the hits, write "
                f"beritascrape search 'WORDS NOT {word}')",
                ctx,
            ) from None


@click.command("search", cls=_SearchCommand)
@examples(
    'beritascrape search "kebun sayur"',
    "beritascrape search banjir --site pikiran-rakyat.com --since 2024-03-01 --limit 5 --json",
    "beritascrape search kebanjiran --exact --offset 20",
)
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Most hits to show.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0), help="Skip this many hits first.")
@click.option("--exact", is_flag=True, help="Match the words as written, not their whole family (root word).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit on stdout, for scripts.")
@filter_options
@db_option
def search_cmd(query: str, limit: int, offset: int, exact: bool, as_json: bool, db_path: Path, **opts: Any) -> None:
    """Full-text search over the archived titles and bodies (SQLite FTS5 syntax).

    Words find their whole Indonesian family: banjir finds kebanjiran and dibanjiri, and kebanjiran finds banjir.
    """
    if not has_words(query):
        raise click.UsageError("give a search query with at least one word")
    from beritascrape.errors import BadQuery

    where = pop_filter(opts)
    with open_archive(db_path, must_exist=True, read_only=True) as archive, translated():
        try:
            hits = archive.search(query, limit=limit, offset=offset, exact=exact, where=where)
        except BadQuery as exc:
            # A query is typed like an option: its syntax error is a usage error (exit 2), as an empty one is.
            raise click.UsageError(f'{exc} (FTS5 syntax: words, "a phrase", OR, NOT, NEAR, title:, prefix*)') from None
    if as_json:
        for hit in hits:
            row = {
                "id": hit.article_id,
                "title": hit.title,
                "url": hit.url,
                "published_at": hit.published_at,
                "site": hit.site,
                "snippet": hit.snippet.replace("\x02", "").replace("\x03", ""),
            }
            console.out.print(json.dumps(row, ensure_ascii=False), markup=False)
        return
    if not hits:
        console.info(f"no articles match {query!r}")
        return
    first = f"{offset + 1}-{offset + len(hits)}" if offset else str(len(hits))
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{first} hit(s) for {query!r}", title_justify="left", show_lines=True)
    for column in ("id", "published", "title / url", "snippet"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        table.add_row(
            str(hit.article_id),
            (hit.published_at or "")[:16],
            Text(f"{hit.title or ''}\n{hit.url}"),
            console.highlight_snippet(hit.snippet),
        )
    console.out.print(table)


@click.command("show")
@examples(
    "beritascrape show 1",
    "beritascrape show https://www.pikiran-rakyat.com/nasional/pr-0123456/judul --json",
    "beritascrape show saved/berita.html",
)
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON instead.")
@db_option
def show_cmd(key: str, as_json: bool, db_path: Path) -> None:
    """Show one archived article, by its id, URL or saved file."""
    with open_archive(db_path, must_exist=True, read_only=True) as archive, translated():
        stored = archive.get_stored(key)
        if stored is None:
            # Any form of its URL finds it: tracking parameters, a #fragment, a trailing slash. (Imported only
            # here: the pipeline's imports would cost every `show`.)
            from beritascrape.scrape.inputs import url_forms

            stored = next(filter(None, map(archive.get_stored, url_forms(key))), None)
        if stored is None and not key.isdigit() and Path(key).is_file():
            # The saved file a user scraped: its pages are stored under the file's URL.
            stored = archive.get_stored(Path(key).resolve().as_uri())
    if stored is None:
        raise Failed(f"no archived article with id or URL {key}")
    if as_json:
        # The record as `export` writes it: its id, first_seen_at and pages_missing beside the article's fields.
        from beritascrape.archive.records import export_row

        console.out.print(json.dumps(export_row(stored), ensure_ascii=False, indent=2), markup=False)
    else:
        console.out.print(render_article(stored.article, stored.pages_missing))


@click.command("export")
@examples(
    "beritascrape export --format jsonl -o berita.jsonl",
    "beritascrape export --format csv --site pikiran-rakyat.com --since 2024-03-01 > berita.csv",
    "beritascrape export --format parquet -o berita.parquet",
    "beritascrape export --format warc --tag banjir -o banjir.warc.gz",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "warc"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines, CSV (lists as JSON arrays), Parquet (needs [parquet]) or the raw pages as WARC (needs [warc]).",
)
@click.option("-o", "--output", default="-", help="Output file (default: stdout).")
@filter_options
@db_option
def export_cmd(fmt: str, output: str, db_path: Path, **opts: Any) -> None:
    """Write the archived articles (all, or those the filters select) with their id, the `parse` keys,
    first_seen_at and pages_missing; or, as WARC, the pages they were fetched from."""
    where = pop_filter(opts)
    binary = fmt in ("parquet", "warc")
    if binary and output == "-" and sys.stdout.isatty():
        raise click.UsageError(f"--format {fmt} is binary: pass -o FILE or redirect stdout")
    with open_archive(db_path, must_exist=True, read_only=True) as archive, translated():
        records = archive.iter_stored(where)
        if not binary:
            with open_text(output) as fp:
                count = (write_jsonl if fmt == "jsonl" else write_csv)(records, fp)
            console.info(f"exported {count} article(s) as {fmt}")
            return
        from beritascrape.archive import parquet, warc

        (parquet if fmt == "parquet" else warc).require()
        with open_binary(output) as fp:
            if fmt == "parquet":
                count = parquet.write_parquet(records, fp)
                console.info(f"exported {count} article(s) as parquet")
                return
            from beritascrape import __version__

            done = warc.write_warc(records, archive.iter_pages, fp, software=f"beritascrape/{__version__}")
        console.info(f"exported {done.pages} page(s) of {done.articles} article(s) as {done.records} WARC records")


@contextmanager
def open_text(output: str) -> Iterator[TextIO]:
    """The output file opened for UTF-8 text, or stdout for '-'; a file that cannot be made is one line, as for
    the binary formats (click.open_file would print its own "Error: Could not open file")."""
    if output == "-":
        # stdout, re-wrapped as UTF-8 when it says another encoding; closing it leaves stdout open.
        with click.open_file("-", "w", encoding="utf-8") as stdout:
            yield cast(TextIO, stdout)
        return
    try:
        fp = open(output, "w", encoding="utf-8")  # noqa: SIM115 - closed below, after the writer is done
    except OSError as exc:
        raise Failed(f"cannot write {output}: {exc.strerror or exc}") from None
    with fp:
        yield fp


@contextmanager
def open_binary(output: str) -> Iterator[BinaryIO]:
    """The output file opened for bytes, or stdout's byte stream for '-'; a file that cannot be made is one line."""
    if output == "-":
        yield sys.stdout.buffer
        return
    try:
        fp = open(output, "wb")  # noqa: SIM115 - closed below, after the writer is done
    except OSError as exc:
        raise Failed(f"cannot write {output}: {exc.strerror or exc}") from None
    with fp:
        yield fp


@click.command("sites")
@examples(
    "beritascrape sites",
    "beritascrape sites --json | jq -r .family",
    "beritascrape sites --check https://megapolitan.kompas.com/read/2025/03/14/09150071/judul",
    "beritascrape sites --check saved-page.html --json",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per family (or per checked page) on stdout.")
@click.option(
    "--check",
    "check",
    is_flag=True,
    help="Check the pages given (URLs or saved files): which profile matched, which selectors hit or missed, "
    "whether the layout drifted, and what the generic path alone gives. For when a site redesigns.",
)
@click.argument("pages", nargs=-1)
def sites_cmd(as_json: bool, check: bool, pages: tuple[str, ...]) -> None:
    """List the site families with a profile, their domains, URL patterns and how each profile was verified;
    with --check, tell how each given page is read."""
    if check or pages:
        if not check or not pages:
            raise click.UsageError("give --check and one or more URLs or files to check")
        from beritascrape.cli.check import run_checks

        if run_checks(pages, as_json):
            raise SystemExit(1)
        return
    print_profiles(as_json)


def print_profiles(as_json: bool) -> None:
    """Every site profile: one JSON object per line, or a table."""
    from rich.table import Table
    from rich.text import Text

    from beritascrape.sites import PROFILES

    if as_json:
        for p in PROFILES:
            row = {
                "family": p.name,
                "label": p.label,
                "domains": list(p.domains),
                "article_url": p.article_url,
                "fingerprints": list(p.fingerprints),
                "fingerprint_min": p.fingerprint_min,
                "verified": p.verified,
            }
            console.out.print(json.dumps(row, ensure_ascii=False), markup=False)
        return
    table = Table(title=f"{len(PROFILES)} site profiles", title_justify="left", show_lines=True)
    for column in ("family", "domains / article URLs", "matched on unknown domains by", "verified"):
        table.add_column(column, overflow="fold")
    for p in PROFILES:
        # Text(): selectors such as img[src*=x] would otherwise be read as rich markup.
        table.add_row(
            Text(f"{p.name}\n{p.label}"),
            Text("\n".join(p.domains) + (f"\nURL ~ {p.article_url}" if p.article_url else "")),
            Text(f"{p.fingerprint_min} of: " + ", ".join(p.fingerprints)),
            Text(p.verified),
        )
    console.out.print(table)


def render_article(article: Article, pages_missing: int = 0) -> Text:
    """A readable plain-text rendering of one article (`pages_missing`: of a split article, as archived)."""
    from rich.text import Text

    pages = str(article.page_count)
    if pages_missing:
        pages += f" (partial: {article.page_count - pages_missing} archived, {pages_missing} missing)"
    meta = [
        ("Published", article.published_at.isoformat() if article.published_at else "-"),
        ("Authors", ", ".join(article.authors) or "-"),
        ("Editor", article.editor or "-"),
        ("Source", article.source or "-"),
        ("Category", article.category or "-"),
        ("Tags", ", ".join(article.tags) or "-"),
        ("URL", article.canonical_url or article.url),
        ("Pages", pages),
    ]
    text = Text(f"{article.title or '(untitled)'}\n", style="bold")
    for label, value in meta:
        text.append(f"{label}: ", style="dim")
        text.append(f"{value}\n")
    for caption in article.captions:
        text.append(f"[foto] {caption}\n", style="italic dim")
    text.append("\n" + article.body + "\n")
    return text
