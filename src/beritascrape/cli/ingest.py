"""`ingest` (web archives in) and `merge` (archives and shard folders into one archive)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from beritascrape import console
from beritascrape.cli.bounds import SINCE_HELP, UNTIL_HELP, parse_bound_option
from beritascrape.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    db_option,
    examples,
    open_archive,
    translated,
)
from beritascrape.errors import BeritaError
from beritascrape.ingest import DEFAULT_BASE

if TYPE_CHECKING:
    from beritascrape.archive.store import Archive
    from beritascrape.ingest.run import IngestReport
    from beritascrape.ingest.select import Selection

# The extractor, the archive and rich are imported when a command runs, not for `beritascrape --help`.


@click.command(
    "ingest",
    epilog="A SOURCE is a WARC file (.warc, .warc.gz), the http(s) URL of one (streamed), or a warc.paths(.gz) "
    "listing whose lines are paths under --base. Files read to the end without damage are recorded and skipped next "
    "time; a damaged or failed file is read again. "
    "Exit codes: 0 all ok, 1 a file or record failed, 2 usage error, 130 interrupted.",
)
@examples(
    "beritascrape ingest crawl-2024-03.warc.gz --db berita.db",
    "beritascrape ingest https://example.org/collection/part-00001.warc.gz --site prmn --site kompas",
    "beritascrape ingest warc.paths.gz --indonesian --since 2024-03-01 --jobs 2",
    "beritascrape ingest warc.paths.gz --indonesian --dask tcp://scheduler:8786 --shards s3://bucket/shards",
    "beritascrape ingest crawl.warc.gz --domain go.id --json > summary.json",
)
@click.argument("sources", nargs=-1, required=True)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Where the paths of a warc.paths listing live.")
@click.option("--site", "sites", multiple=True, metavar="FAMILY", help="Extract this family's pages (repeatable).")
@click.option("--domain", "domains", multiple=True, metavar="SUFFIX", help="Extract pages under this domain.")
@click.option("--indonesian", is_flag=True, help="Extract Indonesian pages: a profile's domain or markup, or language.")
@click.option("--since", metavar="DATE", help=SINCE_HELP)
@click.option("--until", metavar="DATE", help=UNTIL_HELP)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="cores",
    help="Worker processes for parsing (each reads whole files when there are as many files).",
)
@click.option("--dask", metavar="ADDRESS", help="Run on Dask: a scheduler address, or local[:N] for N workers here.")
@click.option("--shards", default="shards", show_default=True, help="With --dask: folder or fsspec URL for shards.")
@click.option("--redo", is_flag=True, help="Read files again even when recorded as ingested.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary table; errors still print.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@db_option
def ingest_cmd(sources: tuple[str, ...], db_path: Path, **opts: Any) -> None:
    """Extract articles from web archives (WARC, Common Crawl's CC-NEWS) into the archive."""
    from beritascrape.ingest.run import IngestReport, Reporter, ingest, record_failures
    from beritascrape.ingest.sources import expand_sources

    selection = _selection(opts)
    with translated():
        if opts["dask"] is not None:
            from beritascrape.ingest.cluster import check_dask

            check_dask(opts["dask"])  # a missing extra is no run of the archive's
        locations = expand_sources(sources, opts["base"])
    archive = open_archive(db_path)
    with archive, translated(), console.WarcProgress("reading", enabled=not opts["quiet"]) as bar:
        run_id = archive.start_run("ingest", sys.argv[1:])
        reporter = Reporter(console.error, console.warn, bar)
        # Filled as the run goes: a run that stops early still records the files that failed.
        report = IngestReport()
        try:
            ingest(
                locations, archive, selection, reporter, run_id=run_id, jobs=opts["jobs"],
                dask=opts["dask"], shards=opts["shards"], redo=opts["redo"], report=report,
            )  # fmt: skip
        except BeritaError:
            # A run that could not go on (no cluster extra, scheduler unreachable): recorded, then one line.
            failed = record_failures(archive, run_id, report)
            archive.finish_run(run_id, ok=archive.run_articles(run_id), failed=failed, status="partial")
            raise
        except KeyboardInterrupt:
            # Counted in the archive: a Ctrl-C just after a batch's commit stops its count, not its articles.
            ok = archive.run_articles(run_id)
            failed = record_failures(archive, run_id, report)
            archive.finish_run(run_id, ok=ok, failed=failed, status="interrupted")
            console.error("interrupted; WARC files read to the end are recorded, the next run reads the others")
            sys.exit(EXIT_INTERRUPTED)
        status = "partial" if report.failed else "ok"
        failed = record_failures(archive, run_id, report)
        archive.finish_run(run_id, ok=archive.run_articles(run_id), failed=failed, status=status)
    _print_report(report, f"beritascrape ingest -> {db_path}", opts)
    sys.exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)


def _selection(opts: dict[str, Any]) -> Selection:
    """The --site/--domain/--indonesian/--since/--until choice, or a usage error."""
    from beritascrape.ingest.select import Selection
    from beritascrape.sites import PROFILES

    known = {p.name for p in PROFILES}
    unknown = sorted(set(opts["sites"]) - known)
    if unknown:
        raise click.UsageError(f"unknown site family {', '.join(unknown)} (see `beritascrape sites`)")
    since = parse_bound_option(opts["since"], "--since")
    until = parse_bound_option(opts["until"], "--until", end_of_day=True)
    if since is not None and until is not None and since > until:
        raise click.UsageError("--since is after --until: no article can be in between")
    domains = tuple(d.strip().lower().lstrip(".") for d in opts["domains"])
    return Selection(frozenset(opts["sites"]), domains, opts["indonesian"], since, until)


def _print_report(report: IngestReport, title: str, opts: dict[str, Any]) -> None:
    """The summary: JSON on stdout with --json, and the per-site table on stderr unless --quiet."""
    from rich.table import Table
    from rich.text import Text

    from beritascrape.ingest.records import RECORD_COUNTS, SITE_COUNTS

    files = {"done": report.files_done, "skipped": report.files_skipped, "failed": report.files_failed}
    warnings = report.drift.warnings()
    for line in warnings:
        console.warn(line)
    if opts["as_json"]:
        data = {**report.tally.to_dict(), "files": files, "warnings": warnings}
        console.out.print(json.dumps(data, ensure_ascii=False), markup=False)
    if opts["quiet"]:
        return
    table = Table(title=title, title_justify="left", caption_justify="left")
    table.add_column("site", overflow="fold")
    for name in SITE_COUNTS:
        table.add_column(name, justify="right", style=console.STATUS_STYLE.get(name, ""))
    for site, counts in sorted(report.tally.sites.items()):
        table.add_row(Text(site), *(str(counts[k]) for k in SITE_COUNTS))
    counts = report.tally.counts
    records = ", ".join(f"{counts[k]} {k}" for k in RECORD_COUNTS if counts[k])
    table.caption = (
        f"{report.tally.records} records, {report.tally.bytes:,} bytes" + (f": {records}" if records else "")
        + f"\nWARC files: {len(report.files_done)} done, {len(report.files_skipped)} skipped (ingested before), "
        f"{len(report.files_failed)} failed"
        + (f"\n{report.drift.caption()}" if report.drift.total else "")
    )  # fmt: skip
    console.err.print(table)


@click.command(
    "merge",
    epilog="A SOURCE is another archive or a folder of shards written by `ingest --dask`. An article in both "
    "keeps the newest content and the other in its versions; identical pages are stored once; frontier states "
    "merge (done wins over pending); the runs of each side are kept; merging a source again adds nothing twice. "
    "Sources are only read.",
)
@examples(
    "beritascrape merge machine-a.db machine-b.db --db berita.db",
    "beritascrape merge shards/ --db berita.db",
    "beritascrape merge s3://bucket/shards --db berita.db --json",
)
@click.argument("sources", nargs=-1, required=True)
@click.option("-q", "--quiet", is_flag=True, help="No summary; errors still print.")
@click.option("--json", "as_json", is_flag=True, help="Print what each source added as JSON on stdout.")
@db_option
def merge_cmd(sources: tuple[str, ...], db_path: Path, quiet: bool, as_json: bool) -> None:
    """Merge other archives, or folders of ingest shards, into the archive given by --db."""
    from beritascrape.archive.files import is_archive

    missing = [s for s in sources if "://" not in s and not Path(s).exists()]
    if missing and len(missing) == len(sources):
        # Said before --db is opened: a typo must not leave a new, empty archive behind.
        for source in missing:
            console.error(f"no such archive or shard folder: {source}")
        sys.exit(EXIT_SOME_FAILED)
    for source in sources:
        if Path(source).is_file() and Path(source).resolve() == db_path.resolve():
            raise click.UsageError(f"{source} is the --db archive itself")
        if Path(source).is_file() and not is_archive(source):
            raise click.UsageError(f"{source} is neither a beritascrape archive nor a folder of shards")
    archive = open_archive(db_path)
    results: dict[str, Any] = {}
    failed = 0
    with archive:
        run_id = archive.start_run("merge", sys.argv[1:])
        for source in sources:
            if source in missing:
                message = f"no such archive or shard folder: {source}"
                console.error(message)
                archive.record_failure(run_id, source, message)
                results[source], ok = {"error": message}, False
                failed += 1
                continue
            try:
                results[source], ok = _merge_one(source, archive, run_id)
            except BeritaError as exc:
                console.error(str(exc))
                results[source], ok = {"error": str(exc)}, False
            failed += not ok
        archive.finish_run(run_id, ok=len(sources) - failed, failed=failed, status="partial" if failed else "ok")
    if as_json:
        console.out.print(json.dumps(results, ensure_ascii=False), markup=False)
    if not quiet:
        for source, counts in results.items():
            if "error" not in counts:
                console.info(f"{source}: " + ", ".join(f"{v} {k}" for k, v in counts.items() if v))
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _merge_one(source: str, archive: Archive, run_id: int) -> tuple[dict[str, Any], bool]:
    """Merge one source (archive or shard folder); returns its counts and whether all of it went in."""
    from beritascrape.archive.merge import merge_archive
    from beritascrape.ingest.run import Reporter, merge_shards

    if Path(source).is_file():
        counts = merge_archive(archive, source)
        return counts.to_dict(), True
    reporter = Reporter(console.error, console.warn)
    report = merge_shards(source, archive, reporter, run_id=run_id)
    articles = {k: sum(c[k] for c in report.tally.sites.values()) for k in ("new", "updated", "unchanged")}
    shards = {"shards_merged": len(report.files_done), "shards_skipped": len(report.files_skipped)}
    return {**articles, **shards}, not report.failed
