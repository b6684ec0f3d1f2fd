"""Do two runs' P50s agree within sampling error? (issue 19: a streamed 1,000,000-sample run
against a 200,000-sample one.)

    python benchmarks/p50_agreement.py RUN_A/summary.json RUN_B/summary.json

For the cumulative 2025-2035 facility demand of each material: |P50_A - P50_B| / SE, where SE
combines both runs' sampling errors of the median, sqrt(SE_A^2 + SE_B^2), each the bootstrap
SE of the median of a kept 5,000-sample run (seed 1) scaled by sqrt(5000 / n). Use runs with
different seeds: runs of one seed share their first samples.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from layer0.model.executors import tune_process
from layer0.services.runs import RunRequest, run_job

KEPT, BOOTSTRAP = 5000, 400


def median_se() -> dict[str, float]:
    """Bootstrap SE of each material's median cumulative demand in a kept run of KEPT."""
    ds = run_job(RunRequest(samples=KEPT, seed=1, keep_samples=True), summarise=False).dataset
    cumulative = ds["demand_by_boundary"].sel(boundary="facility", year=slice(2025, 2035)).sum(
        ["year", "region"]).transpose("sample", "material")
    x = cumulative.to_numpy()
    rng = np.random.default_rng(0)
    medians = np.array([np.median(x[rng.integers(0, len(x), len(x))], axis=0)
                        for _ in range(BOOTSTRAP)])
    return dict(zip(cumulative["material"].to_numpy().tolist(), medians.std(axis=0),
                    strict=True))


def main(path_a: str, path_b: str) -> None:
    a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (path_a, path_b))
    p50 = [{r["material"]: r["p50"] for r in run["cumulative_demand"]} for run in (a, b)]
    se_kept = median_se()
    print(f"{'material':20s} {'P50 A':>13s} {'P50 B':>13s} {'z':>6s}")
    zs = []
    for material, se in se_kept.items():
        if material not in p50[0] or se == 0:
            continue
        se_both = se * np.sqrt(KEPT / a["samples"] + KEPT / b["samples"])
        z = abs(p50[0][material] - p50[1][material]) / se_both
        zs.append(z)
        print(f"{material:20s} {p50[0][material]:13.6g} {p50[1][material]:13.6g} {z:6.2f}")
    zs = np.array(zs)
    print(f"A: {a['samples']} samples, seed {a['seed']}; B: {b['samples']}, seed {b['seed']}; "
          f"{len(zs)} materials, max z {zs.max():.2f}, median {np.median(zs):.2f}, "
          f"above 2: {(zs > 2).sum()}, above 3: {(zs > 3).sum()}")


if __name__ == "__main__":
    tune_process()
    main(*sys.argv[1:3])
