"""A Dask worker that dies mid-run does not change the results (issue 19).

Two single-threaded workers run a small plan; as soon as the first chunk is back, the worker
busiest at that moment is killed hard (SIGKILL, no goodbye to the scheduler). Dask recomputes
what it lost (its running task, and any results it held that the client had not fetched yet),
the LocalCluster's nanny starts a new worker, and the arrays equal the in-process ones exactly.
"""

import os
import signal
import threading
import time

import numpy as np
import pytest

from layer0.io.scenarios import load_scenario
from layer0.model import engine

SAMPLES, CHUNK = 18, 3      # 6 tasks: 2 running, 4 queued when the first one is back
TIMEOUT = 120               # s; a run that never completes fails instead of hanging the suite


def pid_per_sample(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The chunk's outputs unchanged, plus which process computed each sample; the pause
    keeps tasks running and queued when the first chunk is back (on any machine)."""
    time.sleep(0.05)
    samples = len(next(iter(arrays.values())))
    return {**arrays, "pid": np.full(samples, os.getpid())}


@pytest.mark.dask
@pytest.mark.slow
def test_a_worker_killed_mid_run_changes_no_result(ref):
    pytest.importorskip("dask.distributed")
    from layer0.model.executors import DaskCluster

    p = engine.plan(ref, load_scenario("base"), samples=SAMPLES, seed=19)
    local = engine.assemble(p, chunk=CHUNK)
    killed: dict = {}

    def kill_once(done, total):
        if killed:
            return
        busy = {address: keys for address, keys in cluster.client.processing().items() if keys}
        assert busy, "no worker was computing a chunk when the first one was back"
        victim = max(busy, key=lambda address: len(busy[address]))
        killed.update(address=victim, pid=pids[victim], done=done, total=total)
        os.kill(pids[victim], signal.SIGKILL)

    with DaskCluster(workers=2, progress=kill_once) as cluster:
        pids = cluster.client.run(os.getpid)                 # worker address -> its process
        remote = run_with_timeout(lambda: engine.assemble(p, cluster, chunk=CHUNK,
                                                          reduce=pid_per_sample))
        cluster.client.wait_for_workers(2, timeout=30)       # the nanny started a new one
        after = cluster.client.run(os.getpid)

    # the kill happened mid-run (on a worker computing a chunk: kill_once checked) and took
    assert killed["done"] == CHUNK < killed["total"] == SAMPLES
    assert killed["address"] not in after and killed["pid"] not in after.values()
    # nothing the dead worker computed arrived after its death: at most the first chunk
    by = remote.pop("pid")
    assert np.count_nonzero(by == killed["pid"]) <= killed["done"]
    assert set(np.unique(by)) <= set(pids.values()) | set(after.values())
    # and the numbers are exactly those of the in-process run
    assert set(remote) == set(local)
    for name in local:
        np.testing.assert_array_equal(remote[name], local[name], err_msg=name)


def run_with_timeout(func):
    """func() in a thread, or a failure after TIMEOUT s (the caller's `with` then closes the
    cluster, which cancels the futures the thread waits on)."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = func()
        except BaseException as error:  # re-raised in the test
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True, name="dask-failure-run")
    thread.start()
    thread.join(TIMEOUT)
    if thread.is_alive():
        pytest.fail(f"the run did not complete within {TIMEOUT} s after a worker was killed")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
