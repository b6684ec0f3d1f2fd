"""A streamed run's sketch bins, compiled (numba): imported where a sketch counts, so the
modules that only read statistics (supply, the report) do not load numba.

A bin is np.searchsorted(edges, value, side="right") over a cell's 1,025 edges. Searched
one value at a time, each halving step waits for the load before it (~80 ns a value on this
machine, whether the step is a branch or a select); here a group of values halves together,
so the loads of a step are independent and overlap, and a cell's edges are read in one
sequential pass before its searches (they are 8 KB of a sketch's ~75 MB): ~30 ns a value.
The edges must be stored cell by cell (C order); the values hold no NaN (the model's
outputs have none; a NaN would be counted in bin 0 and left out of the min and max).
The pilot, sorted already for its quantiles, walks the edges instead (`count_sorted`)."""

from __future__ import annotations

import numba
import numpy as np

GROUP = 64  # values searched together (16-128 measured within 10 % of each other)


@numba.njit(cache=True, nogil=True, inline="always")
def _search_group(edges, values, m, base):
    """base[g] = np.searchsorted(edges, values[g], side="right") for g < m: the halving of
    a branchless lower bound, step by step for the whole group."""
    for g in range(m):
        base[g] = 0
    n = edges.shape[0]
    while n > 1:
        half = n >> 1
        for g in range(m):
            base[g] += half * (edges[base[g] + half] <= values[g])
        n -= half
    for g in range(m):
        base[g] += edges[base[g]] <= values[g]


@numba.njit(cache=True, nogil=True, inline="always")
def _stream_in(edges):
    """Read a cell's edges front to back (one load a cache line): the hardware prefetches a
    sequential pass, the searches' scattered loads then hit the cache."""
    total = 0.0
    for k in range(0, edges.shape[0], 8):
        total += edges[k]
    return total


@numba.njit(cache=True, nogil=True)
def count(edges, rows, counts, low, high):
    """Count a block of samples, rows [cells, n], into each cell's bins (counts [cells,
    bins]: += 1 at np.searchsorted(edges[c], value, side="right")) and into the running min
    and max (low, high [cells]), in one pass. Returns a number to be ignored (what reading
    the edges summed: kept so that the reading is not optimised away). (Reading a block
    [n, cells] down its columns instead of transposing it first was 20 % slower.)"""
    base = np.empty(GROUP, dtype=np.int64)
    values = np.empty(GROUP)
    touched = 0.0
    for c in range(rows.shape[0]):
        row_edges = edges[c]
        touched += _stream_in(row_edges)
        lo, hi = low[c], high[c]
        for i0 in range(0, rows.shape[1], GROUP):
            m = min(GROUP, rows.shape[1] - i0)
            for g in range(m):
                value = rows[c, i0 + g]
                values[g] = value
                lo = min(lo, value)
                hi = max(hi, value)
            _search_group(row_edges, values, m, base)
            for g in range(m):
                counts[c, base[g]] += 1
        low[c], high[c] = lo, hi
    return touched


@numba.njit(cache=True, nogil=True)
def count_sorted(edges, rows, counts, on_lower):
    """The pilot's counts: rows [cells, n], each sorted, into each cell's bins (as count),
    and on_lower [cells, bins] += 1 for a value equal to its bin's lower bound (the row's
    first value for bin 0, else the edge below). Sorted values walk the edges once."""
    n_edges = edges.shape[1]
    for c in range(rows.shape[0]):
        row_edges = edges[c]
        b = 0
        for i in range(rows.shape[1]):
            value = rows[c, i]
            while b < n_edges and row_edges[b] <= value:
                b += 1
            counts[c, b] += 1
            lower = rows[c, 0] if b == 0 else row_edges[b - 1]
            if value == lower:
                on_lower[c, b] += 1.0
