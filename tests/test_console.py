"""The consoles: output written to a log keeps its tables whole."""

from __future__ import annotations

import io

import pytest
from rich.text import Text

from beritascrape import console


def test_tables_written_to_a_log_are_not_wrapped_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("COLUMNS", raising=False)
    assert (console._log_width(io.StringIO()), console._log_width(Terminal())) == (console.LOG_WIDTH, None)
    monkeypatch.setenv("COLUMNS", "100")
    assert console._log_width(io.StringIO()) is None


def test_a_message_naming_its_input_does_not_repeat_it_in_the_table() -> None:
    url = "https://www.contoh.invalid/berita/2024/03/05/judul-yang-panjang"
    table = console.status_counts_table([(url, "failed", f"HTTP 404 for {url}"), ("a.html", "new", "Judul")], "t")
    assert [list(c.cells) for c in table.columns][2] == [Text("HTTP 404 for …"), Text("Judul")]
