"""Streaming quantiles: the sketch against numpy's exact quantiles, and a run that streams
its samples against the same run keeping them."""

from __future__ import annotations

import numpy as np
import pytest

from layer0.analysis.streaming import PROBABILITIES, ExactStats, SketchStats
from layer0.services import runs
from layer0.services.runs import RunRequest, run_job


def _streamed(data: dict, pilot: int, block: int) -> SketchStats:
    stats = SketchStats({k: v[:pilot] for k, v in data.items()})
    n = len(next(iter(data.values())))
    for start in range(pilot, n, block):
        stats.add({k: v[start:start + block] for k, v in data.items()})
    return stats


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(1)
    n = 60_000
    return {"skewed": rng.lognormal(0.0, 1.0, (n, 3, 2)),
            "nil": np.zeros((n, 2)),
            "often_nil": np.where(rng.random((n, 4)) < 0.3, 0.0, rng.normal(5, 2, (n, 4))),
            "clipped": np.maximum(rng.normal(-1, 1, (n, 3)), 0.0),
            # drifts after the pilot: most values land outside the pilot's range
            "drifting": np.concatenate([rng.normal(0, 1, (2000, 2)),
                                        rng.normal(3, 1, (n - 2000, 2))])}


def test_the_sketch_is_within_its_stated_error_of_the_exact_quantiles(data):
    sketch, exact = _streamed(data, 2000, 7000), ExactStats(data)
    assert sketch.samples == len(data["nil"])
    for name in data:
        error = np.abs(sketch.table(name) - exact.table(name))
        assert np.all(error <= sketch.error(name) + 1e-12), name
        if name != "drifting":  # samples like the pilot (Monte Carlo's are): small too
            spread = exact.table(name)[..., 2] - exact.table(name)[..., 0]
            assert np.all(error <= 0.01 * spread[..., None] + 1e-12), name
        np.testing.assert_array_equal(sketch.max(name), exact.max(name))
    assert np.all(sketch.table("nil") == 0.0)
    assert np.all(sketch.table("often_nil")[..., 0] == 0.0)   # a P5 inside the nil mass


def test_sketches_of_disjoint_ranges_merge_into_the_whole(data):
    whole = _streamed(data, 2000, 7000)
    first = _streamed({k: v[:30_000] for k, v in data.items()}, 2000, 7000)
    second = first.empty_like()
    for start in range(30_000, 60_000, 5000):
        second.add({k: v[start:start + 5000] for k, v in data.items()})
    first.merge(second)
    for name in data:
        np.testing.assert_array_equal(first.table(name), whole.table(name))


def test_a_wrong_count_is_caught(data):
    """The comparison above can fail: a sketch missing a block is off."""
    sketch = _streamed({k: v[:40_000] for k, v in data.items()}, 2000, 7000)
    off = np.abs(sketch.table("drifting") - ExactStats(data).table("drifting"))
    assert np.any(off > sketch.error("drifting"))


@pytest.fixture(scope="module")
def kept_and_streamed():
    request = RunRequest(samples=700, seed=4, chunk=100)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runs, "PILOT_SAMPLES", 300)
        streamed = run_job(RunRequest(samples=700, seed=4, chunk=100, keep_samples=False))
    return run_job(request), streamed


def test_a_streamed_run_reports_the_kept_runs_quantiles_within_the_error(kept_and_streamed):
    kept, streamed = kept_and_streamed
    assert "sample" in kept.dataset.dims and "sample" not in streamed.dataset.dims
    for key in ("capacity", "demand", "cumulative_demand", "flows", "demand_by_boundary"):
        a, b = kept.summary[key], streamed.summary[key]
        assert [{k: v for k, v in r.items() if k not in ("p5", "p50", "p95")} for r in a] == \
            [{k: v for k, v in r.items() if k not in ("p5", "p50", "p95")} for r in b]
        for x, y in zip(a, b, strict=True):
            width = max(x["p95"] - x["p5"], 1e-9)
            assert abs(x["p50"] - y["p50"]) <= 0.05 * width + 1e-6, (key, x, y)
    ds = streamed.dataset
    p50 = ds["demand_by_boundary"].sel(quantile=0.5, boundary="facility", material="copper")
    row = {r["year"]: r for r in streamed.summary["demand"] if r["material"] == "copper"}
    assert float(p50.sel(year=2030)) == pytest.approx(row[2030]["p50"], rel=1e-6)
    assert float(ds["demand_by_boundary_error"].max()) >= 0.0
    supply = {r["material"]: r for r in streamed.summary["supply"] if r.get("exposure")}
    assert supply["gallium"]["exposure"]["countries"]


def test_a_streamed_run_writes_its_quantiles(kept_and_streamed, tmp_path):
    _, streamed = kept_and_streamed
    streamed.write(tmp_path / "out")
    import xarray as xr

    with xr.open_dataset(tmp_path / "out" / "demand.nc", engine="h5netcdf") as ds:
        assert ds.attrs["samples_kept"] == 0
        assert set(ds["quantile"].values) == {0.05, 0.5, 0.95}
        assert "demand_by_region" in ds


def test_keeping_more_samples_than_memory_allows_is_refused():
    from layer0.errors import InputError

    with pytest.raises(InputError, match="stream"):
        run_job(RunRequest(samples=300_000, keep_samples=True))


def test_exact_statistics_are_numpys_quantiles_to_the_bit():
    rng = np.random.default_rng(3)
    for shape in [(997,), (1000, 7), (64, 3, 5), (1, 4), (5, 3, 0)]:   # (and no cells)
        data = rng.lognormal(size=shape) * (rng.random(shape) > 0.3)   # with a nil mass
        got = ExactStats({"x": data}).table("x")
        want = np.moveaxis(np.quantile(data, PROBABILITIES, axis=0), 0, -1)
        np.testing.assert_array_equal(got, want)


def test_the_pilots_counts_are_numpys_bins_and_its_values_on_their_lower_bounds():
    """The pilot's walk along the edges (its rows sorted) counts as np.searchsorted(side=
    'right') bins, and marks the values equal to their bin's lower bound (the row's minimum
    for bin 0), with tied edges, values on edges, at the minimum and at the maximum."""
    from layer0.analysis.bins import count_sorted

    rng = np.random.default_rng(0)
    values = np.concatenate([rng.gamma(2.0, size=(50, 40)), np.zeros((50, 7))], axis=1)
    edges = np.sort(rng.gamma(2.0, size=(50, 65)), axis=1)
    edges[:, 5:9] = edges[:, 5:6]                                    # tied edges
    edges[:, 0] = 0.0                                                # an edge on the minimum
    rows = np.sort(np.concatenate([values, edges[:, :20], edges[:, -1:]], axis=1), axis=1)
    counts = np.zeros((50, 66), dtype=np.int32)
    on_lower = np.zeros((50, 66))
    count_sorted(edges, rows, counts, on_lower)
    for c in range(50):
        bins = np.searchsorted(edges[c], rows[c], side="right")
        lower = np.concatenate([[rows[c, 0]], edges[c]])[bins]
        assert np.array_equal(counts[c], np.bincount(bins, minlength=66))
        assert np.array_equal(on_lower[c], np.bincount(bins, weights=rows[c] == lower,
                                                       minlength=66))


def test_counting_a_block_is_numpys_bincount_of_its_bins():
    """The compiled count (a block's rows [cells, n] into each cell's bins, with the
    running min and max) is the bincount of np.searchsorted's bins, also for edges of one
    or two values and for bins left empty."""
    from layer0.analysis.bins import count

    rng = np.random.default_rng(1)
    for n_edges in (1, 2, 3, 65, 1025):
        edges = np.sort(rng.gamma(2.0, size=(30, n_edges)), axis=1)
        if n_edges > 9:
            edges[:, 5:9] = edges[:, 5:6]                                # tied edges
        # 150 values: two whole groups of the search and a part of one; the values on an
        # edge and beyond both ends in the last part
        block = np.concatenate([rng.gamma(2.0, size=(140, 30)), edges[:, :1].T,
                                edges[:, -1:].T, edges[:, n_edges // 2][None],
                                rng.gamma(2.0, size=(4, 30)),
                                np.full((1, 30), -1.0), np.full((1, 30), 1e9)])
        counts = np.ones((30, n_edges + 1), dtype=np.int32)   # counted into, not over
        low, high = np.full(30, 0.5), np.full(30, -np.inf)
        count(edges, np.ascontiguousarray(block.T), counts, low, high)
        for c in range(30):
            bins = np.searchsorted(edges[c], block[:, c], side="right")
            assert np.array_equal(counts[c], 1 + np.bincount(bins, minlength=n_edges + 1))
        assert np.array_equal(low, np.minimum(0.5, block.min(axis=0)))
        assert np.array_equal(high, block.max(axis=0))


def test_a_streamed_run_no_larger_than_its_pilot_writes_exact_quantiles(tmp_path):
    """--no-keep-samples with fewer samples than the pilot: every sample is in the pilot,
    so the statistics are exact (error 0) and are those of the same run keeping them."""
    request = RunRequest(samples=120, seed=6, chunk=60)
    streamed = run_job(RunRequest(samples=120, seed=6, chunk=60, keep_samples=False),
                       out=tmp_path / "streamed")
    kept = run_job(request)
    assert streamed.summary["demand"] == kept.summary["demand"]
    import xarray as xr

    with xr.open_dataset(tmp_path / "streamed" / "demand.nc", engine="h5netcdf") as ds:
        assert ds.attrs["samples_kept"] == 0 and ds.attrs["statistics"].startswith("exact")
        assert float(abs(ds["demand_by_boundary_error"]).max()) == 0.0
        p50 = ds["demand_by_boundary"].sel(quantile=0.5, boundary="facility",
                                           material="copper", year=2030)
    row = next(r for r in kept.summary["demand"]
               if r["material"] == "copper" and r["year"] == 2030)
    assert float(p50) == pytest.approx(row["p50"], rel=1e-6)
