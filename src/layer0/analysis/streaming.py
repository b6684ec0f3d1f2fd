"""P5/P50/P95 of many cells over any number of samples, in bounded memory.

Two ways to the same statistics (`ExactStats`, `SketchStats`: `table(name)` -> [..., 3] and
`max(name)`), so summary.json is built one way whatever the run's size:

- exact, from every sample held in memory (numpy's 'linear' quantiles), for runs that keep
  their samples;
- a histogram sketch for runs that do not. A pilot block of samples (the first chunk) sets,
  per cell, `bins` bins holding equal shares of the pilot (its quantiles); every block after
  it is counted into them, values below the first edge and above the last in two end bins
  bounded by the running min and max. A quantile is read as numpy would read it from the
  sorted samples, with the values inside a bin taken as evenly spread: its error is at most
  the width of the bin(s) it falls in, reported by `error(name)`. Bins are narrow where the
  samples are dense; with 1,024 bins and N samples each holds about N / 1,024 of them.

Sketches of disjoint sample ranges with the same edges merge by adding counts, so Dask
workers reduce their chunks and the client adds the results.
"""

from __future__ import annotations

import numpy as np

from layer0.analysis.quantiles import QUANTILES

PROBABILITIES = np.array(list(QUANTILES.values()))
BINS = 1024


def sample_quantiles(cells: np.ndarray, probabilities=PROBABILITIES) -> np.ndarray:
    """cells [S, ...] -> [..., P]: numpy's 'linear' quantiles over the samples, from one
    sort of each cell's samples laid out contiguously (np.quantile along the sample axis
    took 2.5x as long)."""
    rows = np.sort(cells.reshape(len(cells), -1).T, axis=1)                 # [cells, S]
    return _sorted_quantiles(rows, probabilities).reshape(*cells.shape[1:],
                                                          len(np.atleast_1d(probabilities)))


def _sorted_quantiles(rows: np.ndarray, probabilities) -> np.ndarray:
    """rows [cells, S], each sorted -> [cells, P]: numpy's 'linear' quantiles."""
    probabilities = np.asarray(probabilities, dtype=float)
    h = probabilities * (rows.shape[1] - 1)
    below = np.floor(h).astype(int)
    a, b = rows[:, below], rows[:, np.minimum(below + 1, rows.shape[1] - 1)]
    t = h - below
    # numpy's lerp: from the nearer end, so the result is np.quantile's to the bit
    return np.where(t >= 0.5, b - (b - a) * (1 - t), a + (b - a) * t)


class ExactStats:
    """Statistics of cells [S, ...] held in memory."""

    def __init__(self, cells: dict[str, np.ndarray]):
        self.cells = cells
        self.samples = len(next(iter(cells.values()))) if cells else 0

    method = "exact (every sample in memory)"

    def table(self, name: str) -> np.ndarray:
        return sample_quantiles(self.cells[name])

    def error(self, name: str) -> np.ndarray:
        """No error: the same shape as `table(name)`, zeros."""
        return np.zeros((*self.cells[name].shape[1:], len(PROBABILITIES)))

    def max(self, name: str) -> np.ndarray:
        return self.cells[name].max(axis=0)

    def __contains__(self, name: str) -> bool:
        return name in self.cells


class CellSketch:
    """The sketch of one named array of cells [S, *shape]."""

    def __init__(self, pilot: np.ndarray, bins: int = BINS):
        """Bins from the pilot [S, *shape], and the pilot counted into them."""
        from layer0.analysis.bins import count_sorted  # numba: only where sketches count

        pilot = np.asarray(pilot, dtype=float)
        self.shape = pilot.shape[1:]
        rows = np.sort(pilot.reshape(len(pilot), -1).T, axis=1)             # [cells, S]
        # [cells, B + 1], each cell's edges contiguous (a bin's search reads them)
        self.edges = np.ascontiguousarray(_sorted_quantiles(rows, np.linspace(0.0, 1.0,
                                                                              bins + 1)))
        self.counts = np.zeros((len(rows), bins + 2), dtype=np.int32)      # < 2**31 a bin
        # the pilot's share of each bin's values that sit exactly on its lower bound (a point
        # mass: zeros where a flow is often nil), kept there when quantiles are read
        on_lower = np.zeros(self.counts.shape)
        count_sorted(self.edges, rows, self.counts, on_lower)
        self.atoms = (on_lower / np.maximum(self.counts, 1)).astype(np.float32)
        self.low, self.high = rows[:, 0].copy(), rows[:, -1].copy()
        self.n = len(pilot)

    def empty_like(self) -> CellSketch:
        other = object.__new__(CellSketch)
        other.shape, other.edges, other.atoms = self.shape, self.edges, self.atoms
        other.counts = np.zeros_like(self.counts)
        other.low, other.high = np.full_like(self.low, np.inf), np.full_like(self.high, -np.inf)
        other.n = 0
        return other

    def add(self, block: np.ndarray) -> None:
        flat = np.asarray(block, dtype=float).reshape(len(block), -1)
        if not len(flat):
            return
        from layer0.analysis.bins import count  # numba: only where sketches count

        count(self.edges, np.ascontiguousarray(flat.T), self.counts, self.low, self.high)
        self.n += len(flat)

    def merge(self, other: CellSketch | tuple) -> None:
        """Add another sketch with the same edges, or its `partial()`."""
        counts, low, high, n = other.partial() if isinstance(other, CellSketch) else other
        self.counts += counts
        self.low = np.minimum(self.low, low)
        self.high = np.maximum(self.high, high)
        self.n += n

    def partial(self) -> tuple:
        """What a worker sends back: the counts, min, max and n (the edges are known)."""
        return self.counts, self.low, self.high, self.n

    def _bounds(self):
        """Lower and upper bound of every bin [cells, B + 2]."""
        lower = np.concatenate([self.low[:, None], self.edges], axis=1)
        upper = np.concatenate([self.edges, self.high[:, None]], axis=1)
        return np.minimum(lower, upper), upper

    def _order_statistic(self, j: np.ndarray, cumulative, lower, upper):
        """The j-th smallest value (0-based) of every cell, and the width of its bin."""
        rows = np.arange(len(cumulative))
        b = (cumulative <= j[:, None]).sum(axis=1)                     # the bin holding it
        before = np.where(b > 0, cumulative[rows, np.maximum(b - 1, 0)], 0)
        inside = self.counts[rows, b]
        lo, hi = lower[rows, b], upper[rows, b]
        on_bound = self.atoms[rows, b] * inside           # values expected on the lower bound
        rest = (j - before + 0.5 - on_bound) / np.maximum(inside - on_bound, 1e-300)
        value = np.where(j - before < on_bound, lo, lo + rest * (hi - lo))
        return np.clip(value, lo, hi), hi - lo

    def quantiles(self) -> tuple[np.ndarray, np.ndarray]:
        """(values, error bound), each [*shape, 3] for P5/P50/P95."""
        cumulative = np.cumsum(self.counts, axis=1)
        lower, upper = self._bounds()
        values, errors = [], []
        for p in PROBABILITIES:
            h = p * (self.n - 1)
            j = int(np.floor(h))
            at = np.full(len(cumulative), j)
            v0, e0 = self._order_statistic(at, cumulative, lower, upper)
            v1, e1 = self._order_statistic(np.minimum(at + 1, self.n - 1), cumulative,
                                           lower, upper)
            values.append(v0 + (h - j) * (v1 - v0))
            errors.append(np.maximum(e0, e1))
        return (np.stack(values, axis=-1).reshape(*self.shape, 3),
                np.stack(errors, axis=-1).reshape(*self.shape, 3))


class SketchStats:
    """Statistics of named cell arrays streamed in blocks (see the module doc)."""

    method = ("histogram sketch (layer0.analysis.streaming); *_error: bound of "
              "|sketch - exact|")

    def __init__(self, pilot: dict[str, np.ndarray], bins: int = BINS):
        self.sketches = {name: CellSketch(value, bins) for name, value in pilot.items()}
        self._read: dict[str, tuple] = {}

    def empty_like(self) -> SketchStats:
        other = object.__new__(SketchStats)
        other.sketches = {k: s.empty_like() for k, s in self.sketches.items()}
        other._read = {}
        return other

    @property
    def samples(self) -> int:
        return next(iter(self.sketches.values())).n if self.sketches else 0

    def add(self, block: dict[str, np.ndarray]) -> None:
        for name, value in block.items():
            self.sketches[name].add(value)
        self._read = {}

    def merge(self, other: SketchStats | dict) -> None:
        """Add the sketches of other samples (same edges), or their `partial()`."""
        parts = other.partial() if isinstance(other, SketchStats) else other
        for name, part in parts.items():
            self.sketches[name].merge(part)
        self._read = {}

    def partial(self) -> dict:
        return {name: sketch.partial() for name, sketch in self.sketches.items()}

    def _quantiles(self, name: str):
        if name not in self._read:
            self._read[name] = self.sketches[name].quantiles()
        return self._read[name]

    def table(self, name: str) -> np.ndarray:
        return self._quantiles(name)[0]

    def error(self, name: str) -> np.ndarray:
        """Upper bound of |sketch - exact| for each cell's P5/P50/P95 (same units)."""
        return self._quantiles(name)[1]

    def max(self, name: str) -> np.ndarray:
        sketch = self.sketches[name]
        return sketch.high.reshape(sketch.shape)

    def __contains__(self, name: str) -> bool:
        return name in self.sketches
