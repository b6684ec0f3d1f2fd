"""Health and version."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from layer0.api.deps import reader, settings
from layer0.version import __version__

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    status: str


class Version(BaseModel):
    layer0: str
    data_version: str   # the packaged data's version, + the registry's changes if any


@router.get("/health", response_model=Health)
def health() -> Health:
    """Always open: is the server up."""
    return Health(status="ok")


@router.get("/version", response_model=Version, dependencies=[Depends(reader)])
def version(config=Depends(settings)) -> Version:
    from layer0.services.inputs import reference_data

    return Version(layer0=__version__, data_version=reference_data(config).version)
