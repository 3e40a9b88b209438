"""What `ingest --dask` and `merge` say when the cluster extra is not installed (here: hidden from import)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from beritascrape.cli import cli
from warcs import page, write_warc


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def no_cluster_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("distributed", "fsspec", "fsspec.core", "pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.usefixtures("no_cluster_extra")
def test_a_missing_shard_folder_is_said_to_be_missing_without_the_extra(tmp_path: Path) -> None:
    missing = tmp_path / "nosuchdir"
    result = run("merge", f"{missing}/", "--db", str(tmp_path / "m.db"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: no such archive or shard folder: {missing}/"]
    url = run("merge", missing.as_uri(), "--db", str(tmp_path / "m.db"))
    assert url.stderr.strip().splitlines() == [f"error: no shard folder at {missing.as_uri()}"]


@pytest.mark.usefixtures("no_cluster_extra")
def test_an_existing_shard_folder_without_the_extra_names_the_fix(tmp_path: Path) -> None:
    result = run("merge", str(tmp_path), "--db", str(tmp_path / "m.db"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: shard folders need fsspec: pip install 'beritascrape[cluster]'"
    ]


@pytest.mark.usefixtures("no_cluster_extra")
def test_dask_without_the_extra_names_dask_distributed(tmp_path: Path) -> None:
    warc = tmp_path / "a.warc.gz"
    write_warc(warc, [page("prmn/single")])
    result = run("ingest", str(warc), "--db", str(tmp_path / "a.db"), "--dask", "local:2", "-q")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: --dask needs dask.distributed: pip install 'beritascrape[cluster]'"
    ]
    assert not (tmp_path / "a.db").exists()  # refused before a run starts
