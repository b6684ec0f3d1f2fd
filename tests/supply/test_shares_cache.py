"""Sampled supply shares are drawn once per process for runs up to CACHED_UP_TO samples:
the same numbers as drawing them again, read-only, and not kept for larger runs."""

from __future__ import annotations

import numpy as np
import pytest

from layer0 import reference
from layer0.supply import exposure


@pytest.fixture()
def param():
    exposure._drawn.clear()
    _, param = exposure.share_distribution(reference.load(), "copper", "refining", 2024)
    yield param
    exposure._drawn.clear()


def test_a_second_draw_is_the_first_and_equals_a_fresh_one(param):
    first = exposure.sample_shares(param, 7, 1000, 0, 500)
    again = exposure.sample_shares(param, 7, 1000, 0, 500)
    assert again is first
    exposure._drawn.clear()
    fresh = exposure.sample_shares(param, 7, 1000, 0, 500)
    assert fresh is not first and np.array_equal(fresh, first)


def test_the_key_is_seed_range_and_distribution(param):
    base = exposure.sample_shares(param, 7, 1000, 0, 500)
    assert not np.array_equal(exposure.sample_shares(param, 8, 1000, 0, 500), base)
    assert not np.array_equal(exposure.sample_shares(param, 7, 1000, 500, 1000), base)
    wider = exposure.Parameter(param.name, param.group, exposure.Dirichlet(
        param.distribution.mean, param.distribution.concentration / 2), param.source_id)
    assert not np.array_equal(exposure.sample_shares(wider, 7, 1000, 0, 500), base)


def test_cached_draws_cannot_be_changed_in_place(param):
    shares = exposure.sample_shares(param, 7, 1000, 0, 100)
    with pytest.raises(ValueError):
        shares *= 2


def test_runs_beyond_the_limit_are_not_kept(param):
    big = exposure.CACHED_UP_TO + 1
    first = exposure.sample_shares(param, 7, big, 0, 100)
    assert len(exposure._drawn) == 0
    assert np.array_equal(exposure.sample_shares(param, 7, big, 0, 100), first)


def test_the_cache_is_bounded_by_bytes(param, monkeypatch):
    import cachetools

    monkeypatch.setattr(exposure, "_drawn", cachetools.LRUCache(
        100 * 18 * 8 * 3, getsizeof=lambda a: a.nbytes))
    for start in range(0, 1000, 100):
        exposure.sample_shares(param, 7, 1000, start, start + 100)
    assert exposure._drawn.currsize <= exposure._drawn.maxsize
    assert len(exposure._drawn) < 10
