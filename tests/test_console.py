"""The consoles: output written to a log keeps its tables whole."""

from __future__ import annotations

import io

import pytest

from beritascrape import console


def test_tables_written_to_a_log_are_not_wrapped_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("COLUMNS", raising=False)
    assert (console._log_width(io.StringIO()), console._log_width(Terminal())) == (console.LOG_WIDTH, None)
    monkeypatch.setenv("COLUMNS", "100")
    assert console._log_width(io.StringIO()) is None
