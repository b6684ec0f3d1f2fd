"""Benchmarks: print figures and ratios measured side by side in one run.

`make bench` runs the full set; `make bench QUICK=1` smaller sizes (under 3 minutes). Results
go to bench-results.json at the repository root as a list of {name, figure, unit, ratio, ...}.
Tests never assert on time; these numbers are for people.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from layer0 import reference
from layer0.io.scenarios import load_scenario
from layer0.model import engine
from layer0.model.executors import DaskCluster, InProcess, tune_allocator
from layer0.model.lifetimes import Lifetime, weibull_parameters
from layer0.model.stock import inflow_driven, stock_driven
from layer0.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import dashboard  # noqa: E402  (benchmarks/dashboard.py, beside this file)
import news  # noqa: E402
import registry  # noqa: E402
import startup  # noqa: E402
from timing import best_of, timed  # noqa: E402

import api  # noqa: E402  (ruff sorts it apart: tests/api makes `api` a first-party name)
import report  # noqa: E402  (benchmarks/report.py)


def _long_scenario() -> Scenario:
    """The default scenario over the whole model range 2015-2050, the path held after 2035."""
    return load_scenario("base").model_copy(update={"years": (2015, 2050),
                                                       "path_extension": "hold"})


def engine_vs_bandwidth(samples: int) -> dict:
    """The full engine (every material, component, region; 2015-2050) against the time numpy
    needs to copy an array as large as all of its outputs (the memory-bandwidth floor)."""
    ref = reference.load()
    seconds, arrays = timed(lambda: engine.assemble(
        engine.plan(ref, _long_scenario(), samples, seed=0), InProcess(), chunk=500))
    nbytes = sum(a.nbytes for a in arrays.values())
    del arrays
    block = np.ones(nbytes // 8)
    floor = best_of(lambda: block.copy(), 3)
    return {"name": "engine_vs_bandwidth", "figure": round(seconds, 2), "unit": "s",
            "ratio": round(seconds / floor, 1), "samples": samples, "years": "2015-2050",
            "output_gb": round(nbytes / 2**30, 2), "copy_floor_s": round(floor, 3),
            "goal": "ratio <= 10"}


def _flodym_problem(samples: int, years: int = 36):
    import flodym as fd

    dims = fd.DimensionSet(dim_list=[
        fd.Dimension(name="time", letter="t", items=list(range(2015, 2015 + years))),
        fd.Dimension(name="sample", letter="s", items=list(range(samples)))])
    k, lam = weibull_parameters(8.0, 12.0)
    make_lifetime = functools.partial(fd.WeibullLifetime, dims=dims, weibull_shape=float(k),
                                      weibull_scale=float(lam))
    ours = Lifetime("weibull", 8.0, 12.0).survival_by_age(years)[None]
    return fd, dims, make_lifetime, ours


def stock_vs_flodym(samples: int) -> list[dict]:
    """Our cohort models against flodym's on the same problems (Weibull t50 8, t90 12 years;
    36 years x `samples`): ratio = flodym time / our time, and the largest relative gap."""
    fd, dims, make_lifetime, survival = _flodym_problem(samples)
    rng = np.random.default_rng(0)
    inflow = rng.uniform(50, 150, (36, samples))
    stock = np.cumsum(rng.uniform(0, 20, (36, samples)), axis=0) + 100
    out = []

    def theirs_inflow():
        m = fd.InflowDrivenDSM(dims=dims, lifetime_model=make_lifetime(),
                               inflow=fd.StockArray(dims=dims, values=inflow.copy()))
        m.compute()
        return m.stock.values, m.outflow.values

    def theirs_stock():
        m = fd.StockDrivenDSM(dims=dims, lifetime_model=make_lifetime(),
                              stock=fd.StockArray(dims=dims, values=stock.copy()))
        m.compute()
        return m.inflow.values, m.outflow.values

    cases = (("stock_vs_flodym_inflow", theirs_inflow,
              lambda: inflow_driven(inflow.T[None], survival), ("stock", "outflow")),
             ("stock_vs_flodym_stock", theirs_stock,
              lambda: stock_driven(stock.T[None], survival), ("inflow", "outflow")))
    for name, theirs, ours, fields in cases:
        t_theirs = best_of(theirs, 3)
        t_ours = best_of(ours, 3)
        reference_values, mine = theirs(), ours()
        gap = max(float(np.max(np.abs(getattr(mine, f)[0].T - r) / np.maximum(np.abs(r), 1e-300)))
                  for f, r in zip(fields, reference_values, strict=True))
        out.append({"name": name, "figure": round(t_ours * 1e3, 2), "unit": "ms",
                    "ratio": round(t_theirs / t_ours, 1), "flodym_ms": round(t_theirs * 1e3, 2),
                    "max_rel_diff": float(f"{gap:.3g}"), "samples": samples,
                    "goal": "ratio >= 1, max_rel_diff <= 1e-9"})
    return out


def _cumulative_by_material(arrays, start_index: int) -> dict:
    """Per sample: cumulative demand 2025-2035 by material (26 numbers a sample)."""
    return {"cumulative": arrays["demand"][:, start_index:].sum(axis=(1, 2, 3))}


class _PeakMemory:
    """Peak resident memory of this process and its children (Dask workers), sampled."""

    def __init__(self, interval: float = 0.1):
        import psutil

        self.me, self.interval, self.peak = psutil.Process(), interval, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _rss(self) -> int:
        total = 0
        for p in [self.me, *self.me.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except Exception:  # a worker that just exited
                pass
        return total

    def _watch(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def dask_peak_memory(samples: int, workers: int = 2, chunk: int = 500) -> dict:
    """`samples` through a LocalCluster in chunks, keeping per-sample cumulative demand by
    material (what the summary's cumulative rows need); peak RSS of the process tree."""
    ref = reference.load()
    p = engine.plan(ref, load_scenario("base"), samples, seed=0)
    reduce = functools.partial(_cumulative_by_material,
                               start_index=int(np.flatnonzero(p.prep.years[1:] == 2025)[0]))
    with _PeakMemory() as peak:
        with DaskCluster(workers=workers) as cluster:
            seconds, arrays = timed(lambda: engine.assemble(p, cluster, chunk, reduce))
    copper = np.quantile(arrays["cumulative"][:, p.prep.materials.index("copper")],
                         [0.05, 0.5, 0.95])
    return {"name": f"dask_{_label(samples)}_peak_memory", "figure":
            round(peak.peak / 2**30, 2), "unit": "GiB", "ratio": round(peak.peak / 2**30 / 4, 2),
            "samples": samples, "workers": workers, "chunk": chunk, "seconds": round(seconds, 1),
            "copper_2025_2035_mt": [round(float(v) / 1e6, 3) for v in copper],
            "goal": "under 4 GiB whatever the sample count (ratio = figure / 4 GiB)"}


def _label(n: int) -> str:
    return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1000}k"


def sample_scaling(sizes: list[int]) -> dict:
    """Seconds per sample at growing sample counts (in process, reduced output)."""
    ref = reference.load()
    per_sample = {}
    for n in sizes:
        p = engine.plan(ref, load_scenario("base"), n, seed=0)
        reduce = functools.partial(_cumulative_by_material, start_index=int(
            np.flatnonzero(p.prep.years[1:] == 2025)[0]))
        seconds, _ = timed(lambda p=p, reduce=reduce: engine.assemble(p, None, 2000, reduce))
        per_sample[n] = seconds / n
    worst = max(per_sample.values()) / per_sample[sizes[0]]
    return {"name": "sample_scaling", "figure": round(per_sample[sizes[-1]] * 1e3, 3),
            "unit": "ms/sample", "ratio": round(worst, 2),
            "ms_per_sample": {str(n): round(v * 1e3, 3) for n, v in per_sample.items()},
            "goal": "ratio (slowest per-sample time / smallest run's) <= 1.5"}


def run_cold(samples: int = 2000) -> dict:
    """`layer0 run --samples 2000` as a whole process, start-up and file writing included."""
    with tempfile.TemporaryDirectory() as out:
        seconds, done = timed(lambda: subprocess.run(
            [sys.executable, "-m", "layer0.cli", "run", "--samples", str(samples), "--out", out],
            capture_output=True, text=True))
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return {"name": f"run_cold_{samples}", "figure": round(seconds, 2), "unit": "s",
            "ratio": round(seconds / 10, 2), "goal": "under 10 s on 2 cores (ratio = s / 10)"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under 3 minutes")
    args = parser.parse_args()
    tune_allocator()
    quick = args.quick
    steps = [
        lambda: [engine_vs_bandwidth(1000 if quick else 10_000)],
        lambda: stock_vs_flodym(1000),
        lambda: [dask_peak_memory(40_000 if quick else 1_000_000)],
        lambda: [sample_scaling([1000, 4000, 16_000] if quick else [1000, 10_000, 100_000])],
        lambda: [run_cold(2000)],
        lambda: startup.startup(5 if quick else 9),
        lambda: (news.quality() + news.real_quality("dev") + news.real_quality("test")
                 + [news.throughput()] + news.adversarial()),
        lambda: registry.registry(100 if quick else 1000, 2000 if quick else 10_000,
                                  30 if quick else 100),
        lambda: api.api(500 if quick else 3000),
        lambda: dashboard.dashboard(5 if quick else 9),
        lambda: report.report(quick),
    ]
    results = []
    for step in steps:
        for r in step():
            results.append(r)
            print(f"{r['name']}: {r['figure']} {r['unit']} (ratio {r['ratio']}) "
                  + ", ".join(f"{k}={v}" for k, v in r.items()
                              if k not in ("name", "figure", "unit", "ratio")), flush=True)
    (ROOT / "bench-results.json").write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {ROOT / 'bench-results.json'}")


if __name__ == "__main__":
    main()
