"""Executors: chunks in process report progress; a Dask cluster gives exactly the in-process
numbers, and so does a run job on workers (byte-identical summary)."""

import json

import numpy as np
import pytest

from layer0.io.scenarios import load_scenario
from layer0.model import engine
from layer0.model.executors import InProcess


def test_in_process_maps_every_range_and_reports_progress():
    seen = []
    done = list(InProcess(lambda d, t: seen.append((d, t))).map_ranges(
        lambda shared, a, b: (shared, a, b), "x", [(0, 3), (3, 5)]))
    assert [r for _, r in done] == [("x", 0, 3), ("x", 3, 5)] and seen == [(3, 5), (5, 5)]


@pytest.mark.dask
@pytest.mark.slow
def test_dask_cluster_and_in_process_give_identical_arrays(ref):
    pytest.importorskip("dask.distributed")
    from layer0.model.executors import DaskCluster

    p = engine.plan(ref, load_scenario("base"), samples=60, seed=11)
    local = engine.assemble(p, chunk=16)
    with DaskCluster(workers=2) as cluster:
        remote = engine.assemble(p, cluster, chunk=16)
    assert set(local) == set(remote)
    for name in local:
        assert np.array_equal(local[name], remote[name]), name


@pytest.mark.dask
@pytest.mark.slow
def test_run_job_on_workers_gives_a_byte_identical_summary(settings):
    pytest.importorskip("dask.distributed")
    from layer0.services.runs import RunRequest, run_job

    def run(workers=None):
        request = RunRequest(samples=120, seed=3, chunk=40, workers=workers)
        return run_job(request, settings).summary_json()

    local, workers = run(), run(workers=2)
    assert local == workers
    summary = json.loads(local)
    flows = {f["flow"] for f in summary["flows"]}
    assert flows == {"growth", "replacement", "retired", "secondary", "primary",
                     "manufacturing_input"}
