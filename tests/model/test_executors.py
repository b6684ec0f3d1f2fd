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


def test_threads_give_the_arrays_of_one_chunk_after_another(ref):
    p = engine.plan(ref, load_scenario("dc800v_fast"), samples=50, seed=4)
    one = engine.assemble(p, InProcess(), chunk=8)
    seen = []
    threaded = engine.assemble(p, InProcess(lambda d, t: seen.append(d), threads=3), chunk=8)
    assert set(one) == set(threaded)
    for name in one:
        assert np.array_equal(one[name], threaded[name]), name
    assert sorted(seen) == seen and seen[-1] == 50        # every chunk counted once


class _Elsewhere(InProcess):
    """Chunks in this process, but handed back as arrays (as a Dask worker's are)."""

    shares_memory = False


@pytest.mark.parametrize("scenario", ["base", "no_recycling"])
def test_chunks_written_into_the_run_equal_chunks_handed_back(ref, scenario):
    """In process, chunks are written straight into the whole run's arrays (engine.allocate);
    elsewhere they come back and are gathered: every output the same, to the bit."""
    p = engine.plan(ref, load_scenario(scenario), samples=30, seed=2)
    written = engine.assemble(p, InProcess(threads=2), chunk=7)
    handed = engine.assemble(p, _Elsewhere(), chunk=7)
    assert set(written) == set(handed) == set(engine.VARIABLES)
    for name in written:
        assert np.array_equal(written[name], handed[name]), name


def test_a_failing_chunk_stops_the_threaded_run():
    started = []

    def chunk(shared, a, b):
        started.append(a)
        if a == 2:
            raise ValueError("chunk 2 failed")
        return a

    with pytest.raises(ValueError, match="chunk 2 failed"):
        list(InProcess(threads=2).map_ranges(chunk, None, [(i, i + 1) for i in range(40)]))
    assert len(started) < 40                 # the chunks not yet started were not run


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


@pytest.mark.dask
@pytest.mark.slow
def test_a_streamed_run_on_workers_gives_a_byte_identical_summary(settings, monkeypatch):
    """The pilot in parts on two workers, the rest counted into sketches there: the same
    summary as the pilot and the sketches on one thread in process."""
    pytest.importorskip("dask.distributed")
    from layer0.services import runs
    from layer0.services.runs import RunRequest, run_job

    monkeypatch.setattr(runs, "PILOT_SAMPLES", 80)

    def run(workers=None):
        request = RunRequest(samples=200, seed=3, chunk=20, keep_samples=False,
                             workers=workers)
        return run_job(request, settings).summary_json()

    assert run() == run(workers=2)
