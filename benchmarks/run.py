"""Benchmarks: print figures and ratios measured side by side in one run.

`make bench` runs the full set; `make bench QUICK=1` a small one. Results also go to
bench-results.json at the repository root as a list of {name, figure, unit, ratio, ...}.
Tests never assert on time; these numbers are for people.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from layer0 import reference
from layer0.model import engine
from layer0.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def _best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def engine_vs_bandwidth(samples: int) -> dict:
    """The engine against the time numpy needs to copy an array of the output's size."""
    ref, scen = reference.load(), load_scenario("default")
    result = {}

    def run():
        result["ds"] = engine.run(ref, scen, samples=samples, seed=0)

    seconds = _best_of(run, 1)
    nbytes = int(result["ds"]["demand"].nbytes)
    block = np.ones(nbytes // 8)
    floor = _best_of(lambda: block.copy(), 3)
    return {"name": "engine_vs_bandwidth", "figure": round(seconds, 3), "unit": "s",
            "ratio": round(seconds / floor, 1), "samples": samples,
            "output_mb": round(nbytes / 2**20, 1), "copy_floor_s": round(floor, 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results = [engine_vs_bandwidth(200 if args.quick else 2000)]
    for r in results:
        print(f"{r['name']}: {r['figure']} {r['unit']} (ratio {r['ratio']}) "
              + ", ".join(f"{k}={v}" for k, v in r.items()
                          if k not in ("name", "figure", "unit", "ratio")))
    (ROOT / "bench-results.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
