"""Scale-out: a Dask cluster gives exactly the in-process numbers; the CLI's --workers too."""

import json
import subprocess
import sys

import numpy as np
import pytest

from layer0.model import engine
from layer0.scenario import load_scenario

distributed = pytest.importorskip("dask.distributed")


def test_dask_cluster_and_in_process_give_identical_arrays(ref):
    from layer0.scale import DaskCluster

    p = engine.plan(ref, load_scenario("base"), samples=60, seed=11)
    local = engine.assemble(p, chunk=16)
    with DaskCluster(workers=2) as cluster:
        remote = engine.assemble(p, cluster, chunk=16)
    assert set(local) == set(remote)
    for name in local:
        assert np.array_equal(local[name], remote[name]), name


def test_cli_workers_gives_a_byte_identical_summary(tmp_path):
    def run(*extra):
        out = tmp_path / ("w" if extra else "local")
        done = subprocess.run([sys.executable, "-m", "layer0.cli", "run", "--samples", "120",
                               "--chunk", "40", "--seed", "3", "--out", str(out), *extra],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return (out / "summary.json").read_text()

    local, workers = run(), run("--workers", "2")
    assert local == workers
    summary = json.loads(local)
    flows = {f["flow"] for f in summary["flows"]}
    assert flows == {"growth", "replacement", "retired", "secondary", "primary"}
