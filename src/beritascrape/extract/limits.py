"""Limits that keep extraction bounded whatever the bytes: a wall-clock budget per page, depth-bounded JSON.

The budget is enforced by the watchdog thread (watchdog.py), which raises an exception inside the thread that overran
(CPython's PyThreadState_SetAsyncExc), so nothing is paid until a page overruns: a trace hook on every call would
cost a third of the generic path's time. The exception derives from BaseException, so the `except Exception`
of a library (trafilatura has several) cannot swallow it; it lands at the next bytecode, so one long C call (a
regex, lxml's parser) finishes first. Both are linear in the page's size.
"""

from __future__ import annotations

import ctypes
import json
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from beritascrape.errors import ExtractionTimeout
from beritascrape.watchdog import WATCHDOG

# trafilatura's XPaths (`//p//text()` and the like) grow faster than linearly with the number of blocks (libxml2
# merges node sets pairwise): past this many, the generic path takes its linear container heuristic instead. A long
# real article has a few hundred; benchmarks/extract_scaling.py shows where the curve bends (about 20,000).
GENERIC_MAX_BLOCKS = 5000
# Seconds trafilatura may take on one page before the generic path gives up on it and degrades the same way.
GENERIC_BUDGET = 4.0
# JSON-LD is a handful of levels deep; past this, a block is garbage (or an attack), not metadata.
MAX_JSON_DEPTH = 64


T = TypeVar("T")


class _Expired(BaseException):
    """Raised asynchronously in a thread whose time limit passed; each limit raises its own subclass."""


_SET_ASYNC_EXC = ctypes.pythonapi.PyThreadState_SetAsyncExc


def call_within(seconds: float, what: str, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """func(*args, **kwargs) within `seconds` of wall-clock time, else ExtractionTimeout naming `what`.

    Limits nest: an inner one that expires raises only through its own call. A call, not a `with` block: the
    exception may land at any bytecode, and here every bytecode it can land on is inside the try.
    """
    thread = ctypes.c_ulong(threading.get_ident())
    expired: type[_Expired] = type("_PageExpired", (_Expired,), {})
    token = WATCHDOG.arm(time.monotonic() + seconds, lambda: _SET_ASYNC_EXC(thread, ctypes.py_object(expired)))
    try:
        try:
            result = func(*args, **kwargs)
        finally:
            fired = not WATCHDOG.disarm(token)
    except expired:
        raise ExtractionTimeout(f"{what} took longer than the {seconds:g} s extraction budget") from None
    if fired:
        # It fired as the call ended and is still pending: withdraw it. A C call, so that no bytecode between the
        # try and here lets it land. (Only ever with one pending: clearing none hangs CPython 3.11 under a tracer.)
        _SET_ASYNC_EXC(thread, None)
    return result


def too_many_blocks(doc: Any, limit: int = GENERIC_MAX_BLOCKS) -> bool:
    """True when the parsed page holds more than `limit` block elements (p, div, li, br)."""
    return any(n >= limit for n, _ in enumerate(doc.iter("p", "div", "li", "br")))


def loads_bounded(raw: str) -> Any:
    """json.loads(raw, strict=False), raising ValueError also for text nested deeper than MAX_JSON_DEPTH."""
    try:
        data = json.loads(raw, strict=False)
    except RecursionError:
        raise ValueError("JSON nested too deep") from None
    # Iterative: the walks over JSON-LD that come later recurse, and must only ever see shallow data.
    todo: list[tuple[Any, int]] = [(data, 1)]
    while todo:
        value, depth = todo.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(value, dict):
            todo.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            todo.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return data
