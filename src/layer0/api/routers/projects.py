"""The project registry: list with filters, one project, its history; add, change and
retire (each with a source, recorded under the API key's name)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from layer0.api.deps import reader, settings, writer

router = APIRouter(prefix="/projects", tags=["projects"])


class Sourced(BaseModel):
    model_config = ConfigDict(extra="forbid")   # misspelt fields are refused

    source: str = Field(description="Where the figures are stated: an http(s) URL, a source "
                        "id of the reference data, or news:HASH.")
    why: str = Field("", max_length=2000)


class ProjectBody(Sourced):
    id: str
    operator: str
    name: str
    region: str = Field(description="ISO 3166: a country (IE) or a subdivision (US-TX).")
    announced_date: str = Field(description="YYYY-MM-DD")
    first_year: int
    full_year: int
    archetype: str = "hyperscale_ai"
    status: str = "announced"
    capacity_mw: float | None = None
    capacity_basis: str | None = None
    capex: float | None = None
    capex_currency: str | None = None
    capex_scope: str | None = None
    note: str = ""
    quality: str = "SRC"


class ProjectChange(Sourced):
    set: dict[str, str | float | int | None] = Field(
        description="projects.csv columns to change (null clears one).")


@router.get("", dependencies=[Depends(reader)])
def list_projects(origin: str | None = None, region: str | None = None,
                  status: str | None = None, operator: str | None = None,
                  retired: bool = False, limit: int = Query(1000, ge=1, le=10_000),
                  offset: int = Query(0, ge=0), config=Depends(settings)) -> dict:
    """Current projects; `total` counts all that match, `projects` is one page."""
    from layer0.services.projects import list_projects as listed

    rows = listed(origin, region, status, operator, retired, config)
    return {"total": len(rows), "offset": offset, "projects": rows[offset:offset + limit]}


@router.post("", status_code=201, summary="Add a project")
def add(body: ProjectBody, who=Depends(writer), config=Depends(settings)) -> dict:
    from layer0.services.projects import add as add_project

    row = body.model_dump(exclude={"source", "why", "quality"})
    if row["capacity_mw"] is not None and row["capacity_basis"] is None:
        row["capacity_basis"] = "unspecified"
    if row["capex"] is not None and row["capex_scope"] is None:
        row["capex_scope"] = "unspecified"
    return add_project(row, body.source, body.quality, body.why, who.name, config)


@router.get("/{project_id}", summary="One project", dependencies=[Depends(reader)])
def show(project_id: str, config=Depends(settings)) -> dict:
    from layer0.services.projects import show as show_project

    return show_project(project_id, config)


@router.patch("/{project_id}", summary="Change a project")
def change(project_id: str, body: ProjectChange, who=Depends(writer),
           config=Depends(settings)) -> dict:
    """A new version with some columns changed; the old one stays in the history."""
    from layer0.services.projects import edit

    changes = [f"{name}={'' if value is None else value}" for name, value in body.set.items()]
    return edit(project_id, changes, body.source, body.why, who.name, config)


@router.post("/{project_id}/retire", summary="Retire a project")
def retire(project_id: str, body: Sourced, who=Depends(writer), config=Depends(settings)
           ) -> dict:
    from layer0.services.projects import retire as retire_project

    return retire_project(project_id, body.source, body.why, who.name, config)


@router.get("/{project_id}/history", summary="A project's history", dependencies=[Depends(reader)])
def history(project_id: str, config=Depends(settings)) -> list[dict]:
    from layer0.services.projects import history as versions

    return versions(project_id, config)
