"""`reparse`: re-extract archived articles from their stored pages, after an upgrade or a profile fix."""

from __future__ import annotations

import contextlib
import difflib
import functools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from beritascrape import console
from beritascrape.cli.bounds import SINCE_HELP, parse_bound_option
from beritascrape.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    db_option,
    examples,
    jobs_option,
    open_archive,
    translated,
)
from beritascrape.model import NO_SITE
from beritascrape.scrape.drift import DriftTally

if TYPE_CHECKING:
    from beritascrape.archive.store import Archive
    from beritascrape.scrape.reparse import Change, ReparseOutcome

_COLUMNS = ("changed", "unchanged", "failed")


@click.command("reparse")
@examples(
    "beritascrape reparse --dry-run",
    "beritascrape reparse --site kompas.com --since 2024-01-01",
    "beritascrape reparse 12 https://www.pikiran-rakyat.com/nasional/pr-0123456/judul --dry-run",
    "beritascrape reparse --site pikiran-rakyat.com --json > changes.jsonl",
    "beritascrape reparse --jobs 2 --db berita.db",
)
@click.argument("keys", nargs=-1)
@click.option(
    "--site",
    "sites",
    metavar="HOST",
    multiple=True,
    help="Only this site's articles (its sub-domains too); repeatable.",
)
@click.option("--since", metavar="DATE", help=SINCE_HELP)
@click.option("--dry-run", is_flag=True, help="Show what would change, field by field; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per changed or failed article on stdout.")
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress bar or summary table; failures and warnings still print."
)
@functools.partial(jobs_option, help="Worker processes that re-extract archived pages (1: all in this process).")
@db_option
def reparse_cmd(
    keys: tuple[str, ...],
    sites: tuple[str, ...],
    since: str | None,
    dry_run: bool,
    as_json: bool,
    quiet: bool,
    jobs: int,
    db_path: Path,
) -> None:
    """Re-extract archived articles (all, or KEYS: ids or URLs) from their stored pages; no fetching.

    Articles are re-extracted on --jobs worker processes while this one writes the changed ones, in batches.
    """
    # Imported here: the extractor is loaded only when this command runs, not for every command's start-up.
    from beritascrape.archive.stored import select_articles
    from beritascrape.scrape.reparse import reparse
    from beritascrape.workers import useful_jobs

    bound = parse_bound_option(since, "--since")
    with open_archive(db_path, must_exist=True) as archive, translated():
        ids = select_articles(archive, ids=article_ids(archive, keys) if keys else None, sites=sites, since=bound)
        run_id = None if dry_run else archive.start_run("reparse", sys.argv[1:])
        found = reparse(
            archive,
            console.progress(ids, "reparsing", enabled=not quiet),
            dry_run=dry_run,
            run_id=run_id,
            jobs=useful_jobs(jobs, len(ids)),
        )
        outcomes, interrupted, stopped = collect(found, as_json=as_json, dry_run=dry_run)
        failed = sum(o.status == "failed" for o in outcomes)
        if run_id is not None:
            status = "interrupted" if interrupted else ("ok" if not (failed or stopped) else "partial")
            archive.finish_run(run_id, ok=len(outcomes) - failed, failed=failed, status=status)
    report(outcomes, f"beritascrape reparse{' --dry-run' if dry_run else ''} -> {db_path}", quiet=quiet)
    if interrupted:
        console.error(f"interrupted; {len(ids) - len(outcomes)} article(s) not re-extracted")
        sys.exit(EXIT_INTERRUPTED)
    if stopped:
        console.error(f"stopped: {stopped}; {len(ids) - len(outcomes)} article(s) not re-extracted")
    sys.exit(EXIT_SOME_FAILED if failed or stopped else EXIT_OK)


def collect(
    found: Iterator[ReparseOutcome], *, as_json: bool, dry_run: bool
) -> tuple[list[ReparseOutcome], bool, str | None]:
    """Show and keep every outcome; (outcomes, interrupted by Ctrl-C, why a worker stopped the run or None)."""
    from beritascrape.archive.queue import after_interrupt
    from beritascrape.workers import WorkerDied

    outcomes = []
    try:
        for outcome in found:
            show_outcome(outcome, as_json=as_json, dry_run=dry_run)
            outcomes.append(outcome)
    except KeyboardInterrupt:
        # What was re-extracted before Ctrl-C is written and counted; a second Ctrl-C stops that too.
        with contextlib.suppress(KeyboardInterrupt):
            for outcome in after_interrupt(found):
                show_outcome(outcome, as_json=as_json, dry_run=dry_run)
                outcomes.append(outcome)
        return outcomes, True, None
    except WorkerDied as exc:
        return outcomes, False, str(exc)
    return outcomes, False, None


def article_ids(archive: Archive, keys: tuple[str, ...]) -> list[int]:
    """The ids of the articles named by id or URL; an unknown one is a usage error."""
    ids = []
    for key in keys:
        found = archive.get_article_id(key)
        if found is None:
            raise click.UsageError(f"no archived article with id or URL {key}")
        ids.append(found)
    return ids


def show_outcome(outcome: ReparseOutcome, *, as_json: bool, dry_run: bool) -> None:
    """A changed article's fields on stdout (text or JSON), a failed one as one line on stderr."""
    if outcome.status == "failed":
        console.error(f"{outcome.url}: {outcome.message}")
        if as_json:
            row = {"article_id": outcome.article_id, "url": outcome.url, "status": "failed", "message": outcome.message}
            console.out.print(json.dumps(row, ensure_ascii=False), markup=False)
        return
    if outcome.status != "changed":
        return
    if as_json:
        changed = {c.field: {"old": c.old, "new": c.new} for c in outcome.changes}
        row = {"article_id": outcome.article_id, "url": outcome.url, "status": "changed", "changes": changed}
        console.out.print(json.dumps(row, ensure_ascii=False), markup=False)
        return
    verb = "would change" if dry_run else "changed"
    lines = [f"{verb} {outcome.article_id} {outcome.url}"]
    for change in outcome.changes:
        lines.extend(describe(change))
    console.out.print("\n".join(lines), markup=False)


def describe(change: Change) -> Iterator[str]:
    """A change as lines: the body as paragraphs removed and added, any other field as old -> new."""
    if change.field != "body":
        yield f"  {change.field}: {_value(change.old)} -> {_value(change.new)}"
        return
    old, new = _paragraphs(change.old), _paragraphs(change.new)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    yield f"  body: {len(removed)} paragraph(s) removed, {len(added)} added"
    yield from (f"    - {p}" for p in removed)
    yield from (f"    + {p}" for p in added)


def _paragraphs(body: Any) -> list[str]:
    return [p for p in str(body or "").split("\n\n") if p]


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def report(outcomes: list[ReparseOutcome], title: str, *, quiet: bool) -> None:
    """Drift warnings (always), then the per-site summary table on stderr (unless quiet)."""
    drift = DriftTally.of(o.article for o in outcomes)
    for line in drift.warnings():
        console.warn(line)
    if quiet:
        return
    if not outcomes:
        console.info("no archived article matches")
        return
    per_site: dict[str, list[int]] = {}
    for outcome in outcomes:
        counts = per_site.setdefault(outcome.site or NO_SITE, [0] * len(_COLUMNS))
        counts[_COLUMNS.index(outcome.status)] += 1
    rows = [(site, per_site[site]) for site in sorted(per_site)]
    console.err.print(console.counts_table(rows, title, drift.caption(), columns=_COLUMNS))
