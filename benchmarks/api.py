"""The REST API under concurrent load: the real server (`layer0 serve`, one process) on the
loopback, a fixed number of requests per endpoint from 16 concurrent connections, against
GET /v1/health measured in the same run.

    cached read  GET /v1/runs/{id}/demand?material=copper&year=2030  (a finished run's summary)
    controls     GET /v1/controls?material=gallium&date=2025-06-01
    health       GET /v1/health                                      (the floor: no work)

Each row: requests per second (figure), p50 and p99 latency in ms, and ratio = the time per
request relative to health's (health req/s / this req/s; 1 = as fast as the floor). Goal:
cached reads at >= 500 req/s with p99 < 100 ms on 2 cores. The client shares the machine
with the server (`client_cpu_cores`: the cores it kept busy), so the figures are a floor
for the server alone.

Run alone (`python benchmarks/api.py [--quick]`) or through `make bench`. Everything happens
in a temporary user data folder (a fresh registry database and a key made for the run);
the server is stopped at the end whatever happens. Figures are printed, never asserted on.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from loopback import free_port  # benchmarks/loopback.py: this file's folder is on sys.path

CONCURRENCY = 16
STARTUP_S = 60      # the server must answer /v1/health within this
RUN_S = 300         # the 200-sample run must finish within this
PHASE_S = 300       # and each endpoint's requests within this


def _environment(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LAYER0_DATABASE_URL", "LAYER0_SERVE", "LAYER0_API_OPEN_READS")}
    env.update(LAYER0_USER_DATA_DIR=str(folder), LAYER0_NEWS_DIR=str(folder / "news"))
    return env


def _wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode}):\n"
                             f"{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the server did not answer within {STARTUP_S} s")


def _finished_run(base: str, key: str, samples: int = 200, seed: int = 1) -> str:
    answer = httpx.post(f"{base}/v1/runs", json={"scenario": "base", "samples": samples,
                                                  "seed": seed},
                        headers={"Authorization": f"Bearer {key}"}, timeout=60)
    if answer.status_code not in (200, 202):
        raise SystemExit(f"POST /v1/runs: {answer.status_code} {answer.text}")
    run = answer.json()
    deadline = time.monotonic() + RUN_S
    while run["status"] in ("queued", "running"):
        if time.monotonic() > deadline:
            raise SystemExit(f"the run did not finish within {RUN_S} s: {run['progress']}")
        time.sleep(0.2)
        run = httpx.get(f"{base}/v1/runs/{run['id']}", timeout=10).json()
    if run["status"] != "done":
        raise SystemExit(f"the run failed: {run['errors']}")
    return run["id"]


async def _load(base: str, path: str, count: int) -> dict:
    """`count` GETs of `path` from CONCURRENCY connections: req/s and latencies (ms)."""
    latencies: list[float] = []
    failed: list[int] = []
    todo = iter(range(count))
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
        async def worker() -> None:
            for _ in todo:
                start = time.perf_counter()
                answer = await client.get(path)
                latencies.append((time.perf_counter() - start) * 1e3)
                if answer.status_code != 200:
                    failed.append(answer.status_code)

        # warm-up: every connection opened, the server's caches filled
        await asyncio.gather(*(client.get(path) for _ in range(CONCURRENCY)))
        start, cpu = time.perf_counter(), time.process_time()
        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(CONCURRENCY))),
                               PHASE_S)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    latencies.sort()
    return {"req_s": count / seconds, "client_cpu": cpu / seconds,
            "p50_ms": _quantile(latencies, 0.5),
            "p99_ms": _quantile(latencies, 0.99), "failed": len(failed),
            "failed_statuses": sorted(set(failed))}


def _quantile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def api(count: int = 3000) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="layer0-bench-api-") as name:
        folder = Path(name)
        env = _environment(folder)
        made = subprocess.run([sys.executable, "-m", "layer0", "keys", "create", "bench"],
                              env=env, capture_output=True, text=True, timeout=120)
        if made.returncode != 0:
            raise SystemExit(f"layer0 keys create: {made.stderr}")
        key = made.stdout.strip()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = folder / "server.log"
        with log.open("wb") as out:
            server = subprocess.Popen([sys.executable, "-m", "layer0", "serve", "--port",
                                       str(port)], env=env, stdout=out,
                                      stderr=subprocess.STDOUT)
        try:
            _wait_until_up(base, server, log)
            run_id = _finished_run(base, key)
            cases = (("api_health", "/v1/health"),
                     ("api_demand_cached",
                      f"/v1/runs/{run_id}/demand?material=copper&year=2030"),
                     ("api_controls", "/v1/controls?material=gallium&date=2025-06-01"))
            measured = {name: asyncio.run(_load(base, path, count)) for name, path in cases}
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    health = measured["api_health"]
    out = []
    for name, path in cases:
        m = measured[name]
        out.append({"name": name, "figure": round(m["req_s"], 1), "unit": "req/s",
                    "ratio": round(health["req_s"] / m["req_s"], 2),
                    "p50_ms": round(m["p50_ms"], 2), "p99_ms": round(m["p99_ms"], 2),
                    "p99_ratio": round(m["p99_ms"] / health["p99_ms"], 2),
                    "requests": count, "concurrency": CONCURRENCY, "failed": m["failed"],
                    "client_cpu_cores": round(m["client_cpu"], 2),
                    **({"failed_statuses": m["failed_statuses"]} if m["failed"] else {}),
                    "path": path.replace(run_id, "{id}"),
                    "goal": ">= 500 req/s and p99 < 100 ms" if name == "api_demand_cached"
                    else "none; ratio = time per request / health's"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="500 requests per endpoint")
    args = parser.parse_args()
    for r in api(500 if args.quick else 3000):
        print(f"{r['name']}: {r['figure']} {r['unit']} (ratio {r['ratio']} to health) "
              f"p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, failed {r['failed']}; "
              f"goal: {r['goal']}", flush=True)


if __name__ == "__main__":
    main()
