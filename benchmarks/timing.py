"""Timing helpers every benchmark uses: one call timed, and the best of a few."""

from __future__ import annotations

import time


def timed(fn):
    """(seconds, value) of one call of `fn`."""
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def best_of(fn, repeat: int) -> float:
    """The fastest of `repeat` calls, in seconds (the least disturbed by other work)."""
    return min(timed(fn)[0] for _ in range(repeat))
