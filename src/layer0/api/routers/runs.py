"""Runs as jobs: POST a request (202 and a run id; an identical request returns the stored
run), GET its status and progress, its summary when done, demand quantiles by material,
year, region and flow, and its NetCDF file."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from layer0.api.deps import queue, reader, writer
from layer0.errors import InputError, NotFound

router = APIRouter(prefix="/runs", tags=["runs"])
FLOWS = ("demand", "growth", "replacement", "retired", "secondary", "primary",
         "manufacturing_input")


class RunBody(BaseModel):
    model_config = ConfigDict(extra="forbid")   # a misspelt field is refused, not dropped

    scenario: str | None = Field(None, description="A built-in scenario's name (default "
                                 "base, unless scenario_yaml is given).")
    scenario_yaml: str | None = Field(None, max_length=1_000_000,
                                      description="A scenario's YAML text (instead of "
                                      "`scenario`).")
    samples: int = Field(1000, description="Monte-Carlo samples.")
    seed: int = Field(0, description="Random seed: the same seed and data give the same "
                      "numbers.")
    sampling: Literal["mc", "lhs"] = "mc"
    projects: list[dict] | None = Field(None, max_length=10_000,
                                        description="Your own facilities: rows of "
                                        "projects.csv columns.")


class RunProgress(BaseModel):
    done: int
    total: int


class RunState(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: RunProgress
    request: dict
    created: str
    finished: str | None
    errors: list[dict] | None
    summary: dict | None = Field(None, description="summary.json's content, when done.")


def _public(run: dict) -> dict:
    return {k: v for k, v in run.items() if not k.startswith("_")}


def _run(runs, run_id: str) -> dict:
    try:
        return runs.get(run_id)
    except KeyError:
        raise NotFound.parameter("id", f"no run '{run_id}'") from None


@router.post("", status_code=202, summary="Queue a run", response_model=RunState,
             responses={200: {"model": RunState, "description": "the stored identical run"}})
def submit(body: RunBody, who=Depends(writer), runs=Depends(queue)):
    """Queue a run (checked first: a bad request is 422 and queues nothing)."""
    from layer0.services.jobs import RunOrder, TooMany

    try:
        order = body.model_dump()
        if order["scenario"] is None and order["scenario_yaml"] is None:
            order["scenario"] = "base"
        run, new = runs.submit(RunOrder(**order), who.name)
    except TooMany as error:
        raise HTTPException(429, str(error)) from None
    return JSONResponse(_public(run), status_code=202 if new else 200)


class RunListed(BaseModel):
    id: str
    scenario: str | None = Field(description="The built-in scenario's name or the `name` "
                                 "of the run's YAML.")
    status: Literal["queued", "running", "done", "failed"]
    progress: RunProgress
    request: dict = Field(description="The request without its scenario text; `projects` "
                          "is how many it gave.")
    created: str
    finished: str | None
    errors: list[dict] | None


@router.get("", summary="Runs, newest first", response_model=list[RunListed],
            dependencies=[Depends(reader)])
def listed(scenario: str | None = None,
           status: Literal["queued", "running", "done", "failed"] | None = None,
           limit: int = Query(50, ge=1, le=500), runs=Depends(queue)) -> list[dict]:
    """The runs this server knows (without summaries: GET /v1/runs/{id} gives one), newest
    first; `scenario` and `status` narrow the list."""
    return runs.listed(scenario, status, limit)


@router.get("/base", summary="This server's base run (the dashboard's overview)",
            response_model=RunState, dependencies=[Depends(reader)],
            responses={503: {"description": "the server is still queuing it"}})
def base(request: Request, runs=Depends(queue)) -> dict:
    """The base scenario's run the server computes at start (`layer0 serve --base-samples`):
    its state, progress and, when done, its summary. Only the server's own run: one a client
    posted with the name base is not it."""
    state = request.app.state.base_run
    if state is None:
        raise NotFound.parameter("id", "this server computes no base run (it was started "
                                 "with --base-samples 0); POST /v1/runs queues one")
    if state == "queuing":
        raise HTTPException(503, "the server is queuing its base run; ask again in a "
                            "moment", headers={"Retry-After": "1"})
    if isinstance(state, list):
        raise HTTPException(500, state[0]["message"])
    return _public(_run(runs, state))


@router.get("/{run_id}", summary="A run: status, progress, summary", response_model=RunState,
            dependencies=[Depends(reader)])
def status(run_id: str, runs=Depends(queue)) -> dict:
    return _public(_run(runs, run_id))


@router.get("/{run_id}/demand", summary="Demand quantiles of a run", dependencies=[Depends(reader)])
def demand(run_id: str, material: str | None = None, year: int | None = None,
           region: str | None = None,
           flow: Literal[FLOWS] = Query("demand"),
           boundary: Literal["facility", "campus", "grid"] = Query(
               "facility", description="facility: inside the fence; campus: + on-site "
               "generation and batteries; grid: + the dedicated grid connection (demand only)"),
           runs=Depends(queue)) -> list[dict]:
    """P5/P50/P95 in tonnes by material and year; `region` (ISO code, demand only),
    `flow` and `boundary` (demand only) narrow it."""
    from layer0.services.jobs import demand_rows, regional_demand

    run = _run(runs, run_id)
    if run["status"] != "done":
        raise HTTPException(409, f"run {run_id} is {run['status']}")
    summary = run["summary"]
    materials = sorted({r["material"] for r in summary["demand"]})
    if material is not None and material not in materials:
        raise InputError.parameter("material", f"no '{material}' in this run (materials: "
                                   f"{', '.join(materials)})")
    first, last = summary["years"]
    if year is not None and not first <= year <= last:
        raise InputError.parameter("year", f"{year} is outside this run's years "
                                   f"({first}-{last})")
    if boundary != "facility" and (flow != "demand" or region is not None):
        raise HTTPException(422, "boundary applies to flow=demand of the world; the flows and "
                            "the regions count the facility")
    if region is not None:
        if flow != "demand":
            raise HTTPException(422, "by region, only flow=demand is kept")
        return regional_demand(runs.folder(run_id), material, year, region.upper())
    return demand_rows(run["summary"], material, year, flow, boundary)


@router.get("/{run_id}/capacity", summary="IT capacity of a run by region or archetype",
            dependencies=[Depends(reader)])
def capacity(run_id: str, by: Literal["region", "archetype"] = "region",
             runs=Depends(queue)) -> list[dict]:
    """MW of IT load in service per year and region (or archetype): P5/P50/P95 of the total
    and of the announced projects' part (the rest is the path's unannounced capacity)."""
    from layer0.services.jobs import capacity_breakdown

    run = _run(runs, run_id)
    if run["status"] != "done":
        raise HTTPException(409, f"run {run_id} is {run['status']}")
    return capacity_breakdown(runs.folder(run_id), by)


@router.get("/{run_id}/netcdf", summary="A run's NetCDF file", dependencies=[Depends(reader)],
            responses={200: {"content": {"application/x-netcdf": {}}}})
def netcdf(run_id: str, runs=Depends(queue)):
    """demand.nc of a finished run."""
    run = _run(runs, run_id)
    if run["status"] != "done":
        raise HTTPException(409, f"run {run_id} is {run['status']}")
    return FileResponse(runs.folder(run_id) / "demand.nc", media_type="application/x-netcdf",
                        filename=f"layer0-{run_id}.nc")
