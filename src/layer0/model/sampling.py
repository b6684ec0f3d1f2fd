"""Distributions of uncertain inputs and their seeded quantiles.

Every uncertain input is a `Parameter`: a name, a distribution, a source and a group (groups
keep the Sobol' problem small: e.g. all component lifetimes of IT gear move as one group).
The sampler draws *quantiles* u in [0, 1) per parameter; the distribution's `ppf` turns them
into values. This split lets one code path serve plain Monte Carlo, Latin hypercube and the
Saltelli matrices of a Sobol' analysis (which are also quantiles).

Streams: each parameter has its own random stream derived from (seed, name), so adding a
parameter never shifts the draws of the others, and any slice of samples [start, stop) can be
drawn on its own (a Dask worker draws just its chunk): the PCG64 stream is advanced to `start`.

Independence: parameters are independent of each other. Within one parameter the values are
fully correlated (one quantile): e.g. every component's copper intensity moves together, so a
facility that is heavy in copper is heavy throughout and the facility total keeps its range.
Shares that must sum to 1 (archetype mix) are Dirichlet, sampled as normalised gamma draws.

With one sample (`deterministic`) every parameter takes its central value (the mode of a
triangle, the mean shares of a Dirichlet): the deterministic case.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from layer0.model import gamma

Method = Literal["mc", "lhs"]
METHODS: tuple[str, ...] = ("mc", "lhs")


@dataclass(frozen=True)
class Triangular:
    """low / mode / high, arrays of any shape that share one quantile per sample."""

    low: np.ndarray
    mode: np.ndarray
    high: np.ndarray
    width = 1

    @functools.cached_property
    def _shape(self) -> tuple:
        """(shape, and flat [P]: the mode's place in the span, the span where > 0 else 1,
        low, mode, span > 0): the same for every chunk of a run, so worked out once."""
        low, mode, high = np.broadcast_arrays(
            *(np.asarray(x, dtype=float) for x in (self.low, self.mode, self.high)))
        span = high - low
        safe = np.where(span > 0, span, 1.0)
        c = np.where(span > 0, (mode - low) / safe, 0.5)
        return (low.shape, *(np.ascontiguousarray(x).ravel() for x in (
            c, safe, low, mode, span > 0)))

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """[S] quantiles -> [S, *shape] values."""
        from layer0.model.kernels import triangular  # numba: only where the model runs

        shape, *flat = self._shape
        u = np.ascontiguousarray(u, dtype=float).ravel()
        out = np.empty((u.shape[0], *shape))
        # scipy.stats.triang's inverse, without its argument checks (~0.3 ms a call, and
        # a run draws hundreds); tests/model/test_sampling.py holds them equal
        triangular(u, *flat, out.reshape(u.shape[0], -1))
        return out

    def central(self) -> np.ndarray:
        return np.asarray(self.mode, dtype=float)[None]


@dataclass(frozen=True)
class Uniform:
    low: float
    high: float
    width = 1

    def ppf(self, u):
        return self.low + np.asarray(u, dtype=float) * (self.high - self.low)

    def central(self):
        return np.array([(self.low + self.high) / 2])


@dataclass(frozen=True)
class Dirichlet:
    """Shares [*, K] (last axis sums to 1) with concentration: alpha = concentration * mean.

    `mean` may have leading axes (e.g. year); one set of K quantiles per sample serves them all,
    so a sample that is high in one share stays high across years. Zero shares stay zero.
    """

    mean: np.ndarray
    concentration: float
    width: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "width", int(np.shape(self.mean)[-1]))

    @functools.cached_property
    def _rows(self) -> tuple:
        """(mean, its distinct rows, where each row of the mean is among them, and the
        distinct concentrations: of each share, flat [D] with the share each belongs to
        and where each row's is among them [rows, K], D for a zero share): rows that repeat
        (years of one share) and a share's concentrations that repeat are drawn once
        (gammaincinv is most of a chunk's draws); the same for every chunk of a run."""
        mean = np.asarray(self.mean, dtype=float)
        rows, back = np.unique(mean.reshape(-1, mean.shape[-1]), axis=0, return_inverse=True)
        alpha = self.concentration * rows                                   # [rows, K]
        values, share_of, where = [], [], np.empty(alpha.shape, dtype=np.int64)
        for k in range(alpha.shape[1]):
            distinct, inverse = np.unique(alpha[:, k], return_inverse=True)
            kept = distinct > 0
            where[:, k] = np.where(kept, len(values) + np.cumsum(kept) - 1, -1)[inverse.ravel()]
            values.extend(distinct[kept])
            share_of.extend([k] * int(kept.sum()))
        where[where < 0] = len(values)                   # a zero share: the zero column
        return mean, rows, back.ravel(), np.array(values, dtype=float), np.array(
            share_of, dtype=np.int64), where

    @functools.cached_property
    def _fits(self) -> list:
        """Each distinct concentration's fit of the gamma quantiles (model/gamma.py)."""
        return [gamma.fitted(float(a)) for a in self._rows[3]]

    def __getstate__(self) -> dict:
        """Pickled with its fits (a Dask worker draws with the client's, not with fits of its
        own: another build of LAPACK could solve them to other last bits)."""
        self._fits                          # noqa: B018 (computed, so kept in __dict__)
        return self.__dict__

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """[S, K] quantiles -> [S, *mean.shape] shares."""
        mean, rows, back, alpha, share_of, where = self._rows
        u = np.asarray(u, dtype=float).reshape(-1, mean.shape[-1])
        # scipy.stats.gamma.ppf is gammaincinv after argument checks (here through fits of
        # it, within 1e-12: model/gamma.py); a zero share draws 0
        drawn = np.empty((u.shape[0], len(alpha) + 1))
        drawn[:, :-1] = gamma.quantiles(alpha, self._fits, u[:, share_of])
        drawn[:, -1] = 0.0
        draws = drawn[:, where]                                             # [S, rows, K]
        total = draws.sum(axis=-1, keepdims=True)
        shares = np.where(total > 0, draws / np.where(total > 0, total, 1.0), rows)
        return shares[:, back].reshape(-1, *mean.shape)

    def central(self):
        return np.asarray(self.mean, dtype=float)[None]


@dataclass(frozen=True)
class Parameter:
    name: str          # unique; also the key of its random stream
    group: str         # Sobol' group
    distribution: object
    source_id: str

    @property
    def width(self) -> int:
        return self.distribution.width


def _stream(seed: int, name: str, shared_seed: bool = False) -> np.random.Generator:
    """The parameter's own stream. `shared_seed`: its SeedSequence made once per process (a
    run draws ~300 parameters in every chunk, and a SeedSequence costs 3x the generator made
    from it); only for a caller that never spawns from it (spawning changes it)."""
    seeds = _seed_sequence(seed, name) if shared_seed else _new_seed_sequence(seed, name)
    return np.random.Generator(np.random.PCG64(seeds))


def _new_seed_sequence(seed: int, name: str) -> np.random.SeedSequence:
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")
    return np.random.SeedSequence(entropy=seed, spawn_key=(key,))


_seed_sequence = functools.lru_cache(maxsize=4096)(_new_seed_sequence)


def _mc_draws(seed: int, name: str, width: int, start: int, stop: int) -> np.ndarray:
    """A Monte Carlo parameter's quantiles [stop - start, width]: its stream advanced to
    `start`. The thread's generator of this stream is kept where its last draws ended, so
    the chunks of a run, drawn in order, go on from it instead of making the generator
    again (~20 us a parameter, ~300 parameters a chunk: a tenth of a 100-sample chunk's
    time outside the kernels). The numbers are the same either way."""
    kept = _positioned.__dict__.setdefault("streams", {})
    rng, at = kept.pop((seed, name), (None, -1))
    if at != start * width:
        rng = _stream(seed, name, shared_seed=True)
        rng.bit_generator.advance(start * width)  # one 64-bit draw per double
    out = rng.random((stop - start) * width).reshape(-1, width)
    if len(kept) >= 4096:    # a long-running process's threads: bounded
        kept.clear()
    kept[(seed, name)] = (rng, stop * width)
    return out


_positioned = threading.local()  # each thread's generators, with where they stand


def quantiles(params: list[Parameter], seed: int, samples: int, method: Method = "mc",
              start: int = 0, stop: int | None = None) -> dict[str, np.ndarray]:
    """Quantiles [stop - start, width] of every parameter for samples start .. stop-1."""
    stop = samples if stop is None else stop
    if method not in METHODS:
        raise ValueError(f"method: unknown '{method}' (allowed: {', '.join(METHODS)})")
    out = {}
    for p in params:
        if method == "mc":
            out[p.name] = _mc_draws(seed, p.name, p.width, start, stop)
        else:  # each column a stratified permutation over all samples, then the slice
            from scipy.stats import qmc  # only here: scipy.stats costs ~0.6 s to import

            rng = _stream(seed, p.name)  # a SeedSequence of its own: qmc may spawn from it
            lhs = qmc.LatinHypercube(d=p.width, rng=rng).random(samples)
            out[p.name] = lhs[start:stop]
    return out


def salib_problem(params: list[Parameter], group_of=None) -> dict:
    """The SALib problem over the unit hypercube: one variable per quantile column."""
    names, groups = [], []
    for p in params:
        group = group_of(p) if group_of else p.group
        for k in range(p.width):
            names.append(p.name if p.width == 1 else f"{p.name}[{k}]")
            groups.append(group)
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names),
            "groups": groups}


def split_columns(params: list[Parameter], matrix: np.ndarray) -> dict[str, np.ndarray]:
    """A [S, num_vars] matrix (SALib's) -> quantiles per parameter, in list order."""
    out, col = {}, 0
    for p in params:
        out[p.name] = matrix[:, col:col + p.width]
        col += p.width
    return out


def from_dist(dist) -> Triangular | Uniform:
    """The sampling distribution of a scenario number (`scenario.Dist`): triangular, uniform,
    or a fixed value as a zero-width triangle."""
    if dist.dist == "uniform":
        return Uniform(dist.low, dist.high)
    if dist.dist == "fixed":
        return Triangular(dist.value, dist.value, dist.value)
    return Triangular(dist.low, dist.mode, dist.high)
