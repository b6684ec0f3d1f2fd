"""Runs as jobs, for the REST API: a request is checked at once (a bad one is refused before
anything is queued), recorded in the registry database, computed by a worker pool (or the
Dask cluster the server was given), and its summary stored with it. An identical request
(same scenario text, data version, samples, seed, sampling and projects) returns the stored
run instead of computing it again; a failed one is tried again.

A run's files (summary.json, demand.nc) go to `USER_DATA_DIR/runs/<id>/`."""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from layer0.errors import InputError, problems_json
from layer0.settings import Settings

STATUSES = ("queued", "running", "done", "failed")


@dataclass(frozen=True)
class RunOrder:
    """What a client asks to run: a built-in scenario by name or a scenario's YAML text,
    and optionally its own projects (rows of projects.csv columns)."""

    scenario: str | None = "base"
    scenario_yaml: str | None = None
    samples: int = 1000
    seed: int = 0
    sampling: str = "mc"
    projects: list[dict] | None = None


class TooMany(Exception):
    """A caller has as many runs in progress as it may."""


class RunQueue:
    def __init__(self, settings: Settings, workers: int = 1, scheduler: str | None = None,
                 max_samples: int = 20_000, per_caller: int = 2):
        self.settings = settings
        self.scheduler = scheduler
        self.max_samples = max_samples
        self.per_caller = per_caller
        self.progress: dict[str, tuple[int, int]] = {}
        self._finished: dict[str, dict] = {}   # done runs never change: read them once
        self._database = None
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers),
                                        thread_name_prefix="layer0-run")
        self._lock = threading.Lock()
        self._abandon_unfinished()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _db(self):
        """The registry, prepared once for this queue (not per request)."""
        if self._database is None:
            from layer0.services.registry import database

            self._database = database(self.settings)
        return self._database

    def _abandon_unfinished(self) -> None:
        """Runs a stopped server left queued or running will never finish: say so."""
        from layer0.store.registry import now
        from layer0.store.schema import Run

        with self._db().write() as session:
            for run in session.scalars(sa.select(Run).where(Run.status.in_(("queued",
                                                                            "running")))):
                run.status, run.finished = "failed", now()
                run.errors = [{"loc": [], "field": "", "message": "the server stopped before "
                               "the run finished; submit it again"}]

    # -- submitting -------------------------------------------------------------------------

    def _canonical(self, order: RunOrder) -> tuple[dict, object]:
        """The request as it is hashed (the scenario's text, the data version) and the
        scenario text to run. Checks everything a run would check."""
        from layer0.io.scenarios import read_scenario
        from layer0.scenario import ScenarioText
        from layer0.services.inputs import load_inputs
        from layer0.services.options import builtin_scenarios, check_samples, check_seed

        if order.samples > self.max_samples:   # this server's cap first: it is the lower
            raise InputError.parameter("samples", f"must be between 1 and "
                                       f"{self.max_samples:,} on this server, got "
                                       f"{order.samples:,}")
        check_samples(order.samples)
        check_seed(order.seed)
        if order.sampling not in ("mc", "lhs"):
            raise InputError.parameter("sampling", f"unknown '{order.sampling}' (allowed: mc, "
                                       "lhs)")
        if (order.scenario_yaml is None) == (order.scenario is None):
            raise InputError.parameter("scenario", "give scenario (a built-in name) or "
                                       "scenario_yaml (its text), one of them")
        if order.scenario_yaml is not None:
            text = ScenarioText(order.scenario_yaml, "scenario_yaml")
        elif order.scenario in builtin_scenarios():   # never a path on the server
            text = read_scenario(order.scenario)
        else:
            raise InputError.parameter("scenario", f"unknown '{order.scenario}' (allowed: "
                                       f"{', '.join(builtin_scenarios())})")
        projects = pd.DataFrame(order.projects) if order.projects else None
        inputs = load_inputs(self.settings, text, projects, news=True)
        canonical = {"scenario": text.text, "data_version": inputs.ref.version,
                     "samples": order.samples, "seed": order.seed, "sampling": order.sampling,
                     "projects": sorted(order.projects or [], key=lambda r: str(r.get("id")))}
        return canonical, text

    def submit(self, order: RunOrder, by: str = "") -> tuple[dict, bool]:
        """The run for this order (an identical earlier one, or a new one queued), and
        whether it is new."""
        from layer0.store.registry import now
        from layer0.store.schema import Run

        canonical, text = self._canonical(order)
        digest = hashlib.sha256(json.dumps(canonical, sort_keys=True, default=str)
                                .encode()).hexdigest()
        with self._lock, self._db().write() as session:
            run = session.scalar(sa.select(Run).where(Run.request_hash == digest))
            if run is not None and run.status != "failed":
                return _shown(run, self.progress), False
            busy = session.scalar(sa.select(sa.func.count()).select_from(Run).where(
                Run.by == by, Run.status.in_(("queued", "running"))))
            if by and busy >= self.per_caller:
                raise TooMany(f"'{by}' has {busy} runs in progress (at most "
                              f"{self.per_caller}); wait for one to finish")
            if run is None:
                run = Run(id=digest[:16], request_hash=digest, created=now(),
                          total_samples=order.samples)
                session.add(run)
            run.request = {k: v for k, v in canonical.items() if k != "scenario"} | {
                "scenario": order.scenario, "scenario_yaml": order.scenario_yaml}
            run.status, run.done_samples, run.by, run.errors = "queued", 0, by, None
            run.summary, run.finished, run.folder = None, None, None
            session.flush()
            shown = _shown(run, self.progress)
        try:
            self._pool.submit(self._work, run.id, order, text)
        except RuntimeError:   # the pool is shut down: the server is stopping
            self._set(run.id, status="failed", errors=[{
                "loc": [], "field": "", "message": "the server is stopping; submit it again"}])
            raise
        return shown, True

    # -- working ------------------------------------------------------------------------------

    def _set(self, run_id: str, **values) -> None:
        from layer0.store.schema import Run

        with self._db().write() as session:
            run = session.get(Run, run_id)
            for name, value in values.items():
                setattr(run, name, value)

    def _work(self, run_id: str, order: RunOrder, text) -> None:
        from layer0.services.runs import RunRequest, run_job
        from layer0.store.registry import now

        folder = self.settings.user_data_dir / "runs" / run_id
        self._set(run_id, status="running")

        def progress(done: int, total: int) -> None:
            self.progress[run_id] = (done, total)

        try:
            projects = pd.DataFrame(order.projects) if order.projects else None
            request = RunRequest(text, order.samples, order.seed, order.sampling, projects,
                                 news=True, scheduler=self.scheduler)
            result = run_job(request, self.settings, progress=progress, out=folder,
                             for_file=True)       # only the files are kept
            self._set(run_id, status="done", summary=json.loads(result.summary_json()),
                      folder=str(folder), done_samples=order.samples, finished=now())
        except InputError as error:
            self._set(run_id, status="failed", errors=problems_json(error.problems),
                      finished=now())
        except Exception as error:   # a bug or the machine: recorded, the server goes on
            self._set(run_id, status="failed", finished=now(), errors=[{
                "loc": [], "field": "", "message": f"internal error: {type(error).__name__}: "
                f"{error}"}])
        finally:
            self.progress.pop(run_id, None)

    # -- reading ------------------------------------------------------------------------------

    def get(self, run_id: str) -> dict:
        from layer0.store.schema import Run

        if run_id in self._finished:
            return self._finished[run_id]
        with self._db().read() as session:
            run = session.get(Run, run_id)
            if run is None:
                raise KeyError(run_id)
            shown = _shown(run, self.progress)
        if shown["status"] == "done":
            self._finished[run_id] = shown
        return shown

    def listed(self, scenario: str | None = None, status: str | None = None,
               limit: int = 50) -> list[dict]:
        """Runs, newest first, without their summaries: what a client picks from (the
        dashboard's base run, a scenario run by someone else)."""
        from layer0.store.schema import Run

        query = sa.select(Run).order_by(Run.created.desc(), Run.id)
        if status is not None:
            query = query.where(Run.status == status)
        if scenario is None:
            query = query.limit(limit)
        listed = []
        with self._db().read() as session:
            for run in session.scalars(query):
                name = _scenario_name(run.request)
                # the name is inside the request (JSON, or the YAML's name:): filtered here
                if scenario is None or name == scenario:
                    shown = _shown(run, self.progress)
                    # lean: the request without its scenario text and projects (a run's own
                    # GET has them), how many projects it had instead
                    request = {k: v for k, v in (shown["request"] or {}).items()
                               if k not in ("scenario_yaml", "projects")}
                    request["projects"] = len((shown["request"] or {}).get("projects") or [])
                    listed.append({k: v for k, v in shown.items()
                                   if k not in ("summary", "_folder")}
                                  | {"scenario": name, "request": request})
                if len(listed) == limit:
                    break
        return listed

    def folder(self, run_id: str) -> Path:
        run = self.get(run_id)
        if run["status"] != "done":
            raise LookupError(f"run {run_id} is {run['status']}")
        return Path(run["_folder"])


def _scenario_name(request: dict | None) -> str | None:
    """A run's scenario: the built-in name, or the `name:` of its YAML text."""
    request = request or {}
    if request.get("scenario"):
        return request["scenario"]
    import yaml

    try:
        parsed = yaml.safe_load(request.get("scenario_yaml") or "")
    except yaml.YAMLError:
        return None
    return parsed.get("name") if isinstance(parsed, dict) else None


def _shown(run, progress: dict) -> dict:
    done, total = progress.get(run.id, (run.done_samples, run.total_samples))
    from layer0.store.registry import stamp

    return {"id": run.id, "status": run.status,
            "progress": {"done": done, "total": total},
            "request": run.request, "created": stamp(run.created),
            "finished": stamp(run.finished) if run.finished else None,
            "errors": run.errors, "summary": run.summary, "_folder": run.folder}


def demand_rows(summary: dict, material: str | None = None, year: int | None = None,
                flow: str | None = None, boundary: str = "facility") -> list[dict]:
    """P5/P50/P95 rows of a run's summary: demand by material and year (at a boundary), or
    one flow."""
    if flow in (None, "demand"):
        rows = summary["demand"] if boundary == "facility" else [
            {k: v for k, v in r.items() if k != "boundary"}
            for r in summary.get("demand_by_boundary", []) if r["boundary"] == boundary]
    else:
        rows = [r for r in summary["flows"] if r["flow"] == flow]
    return [r for r in rows if (material is None or r["material"] == material)
            and (year is None or r["year"] == year)]


def regional_demand(folder: Path, material: str | None, year: int | None,
                    region: str) -> list[dict]:
    """P5/P50/P95 of demand in one region (from demand.nc's regional quantiles)."""
    import xarray as xr

    with xr.open_dataset(folder / "demand.nc", engine="h5netcdf") as ds:
        by_region = ds["demand_by_region"]
        if region not in by_region["region"].values:
            raise InputError.parameter("region", f"no '{region}' in this run (regions: "
                                       f"{', '.join(map(str, by_region['region'].values))})")
        data = by_region.sel(region=region).load()
    out = []
    for m in data["material"].values:
        if material is not None and m != material:
            continue
        for y in data["year"].values:
            if year is not None and int(y) != year:
                continue
            q = data.sel(material=m, year=y)
            out.append({"material": str(m), "year": int(y), "region": region, "unit": "t",
                        **{name: round(float(q.sel(quantile=level)), 6) for name, level in
                           (("p5", 0.05), ("p50", 0.5), ("p95", 0.95))}})
    return out


BREAKDOWNS = ("region", "archetype")


@functools.lru_cache(maxsize=32)
def capacity_breakdown(folder: Path, by: str) -> list[dict]:
    """IT capacity in service by region or archetype and year: P5/P50/P95 of the total and
    of the announced projects' part (from demand.nc; a finished run never changes, so it is
    read once)."""
    import numpy as np
    import xarray as xr

    if by not in BREAKDOWNS:
        raise InputError.parameter("by", f"unknown '{by}' (allowed: {', '.join(BREAKDOWNS)})")
    other = "archetype" if by == "region" else "region"
    with xr.open_dataset(folder / "demand.nc", engine="h5netcdf") as ds:
        if "sample" not in ds.dims:
            raise InputError.parameter("run", f"this run streamed its samples (no samples in "
                                       f"demand.nc): a breakdown by {by} needs a run that keeps "
                                       "them (keep_samples)")
        total = ds["capacity"].sum(other).load()
        announced = ds["announced_capacity"].sum(other).load()
    levels = [0.05, 0.5, 0.95]
    q_total = np.quantile(total.values, levels, axis=0)        # (3, year, by)
    q_announced = np.quantile(announced.values, levels, axis=0)
    out = []
    for j, key in enumerate(total[by].values):
        for i, year in enumerate(total["year"].values):
            out.append({"year": int(year), by: str(key), "unit": "MW", "basis": "IT",
                        "total": _q(q_total[:, i, j]), "announced": _q(q_announced[:, i, j])})
    return out


def _q(values) -> dict:
    return {name: round(float(v), 3) for name, v in zip(("p5", "p50", "p95"), values,
                                                         strict=True)}
