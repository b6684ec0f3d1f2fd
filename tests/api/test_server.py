"""`layer0 serve` as a real process on a loopback port: it answers /v1/health, takes a key
made by `layer0 keys create` (another process, the same database), runs a job and gives the
quantiles `layer0 run` writes for the same samples and seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import pytest

from helpers import free_port, stop

pytestmark = [pytest.mark.subprocess, pytest.mark.slow]


def _up(server: subprocess.Popen, base: str, log, tries: int = 300) -> None:
    """Wait (bounded) until the server answers /v1/health; fail with its output if it stops
    or never answers."""
    for _ in range(tries):
        if server.poll() is not None:
            pytest.fail(f"the server stopped with {server.returncode}: {log.read_text()}")
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).json() == {"status": "ok"}:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"no answer from {base}/v1/health: {log.read_text()}")


def test_the_server_computes_what_layer0_run_writes(tmp_path, cli, wait_for_run):
    env = dict(os.environ)   # this test's LAYER0_USER_DATA_DIR and news folder
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "layer0", "serve", "--port",
                                   str(port)], env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
    try:
        _up(server, base, log)
        made = subprocess.run([sys.executable, "-m", "layer0", "keys", "create", "server-test"],
                              env=env, capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stderr
        key = made.stdout.strip()
        with httpx.Client(base_url=base, timeout=30,
                          headers={"Authorization": f"Bearer {key}"}) as client:
            submitted = client.post("/v1/runs", json={"scenario": "base", "samples": 200,
                                                      "seed": 1})
            assert submitted.status_code == 202, submitted.text
            run_id = submitted.json()["id"]
            done = cli("run", "--samples", "200", "--seed", "1", "--out", tmp_path / "cli")
            assert done.returncode == 0, done.stderr
            wait_for_run(run_id, via=client, polls=600, pause=0.2)   # at most ~2 minutes
            rows = client.get(f"/v1/runs/{run_id}/demand",
                              params={"material": "copper", "year": 2030}).json()
            anonymous = httpx.post(f"{base}/v1/runs", json={"samples": 200, "seed": 1})
            assert anonymous.status_code == 401
        summary = json.loads((tmp_path / "cli" / "summary.json").read_text(encoding="utf-8"))
        expected = [r for r in summary["demand"] if r["material"] == "copper"
                    and r["year"] == 2030]
        assert len(expected) == 1 and rows == expected
    finally:
        stop(server)
    assert server.returncode is not None
