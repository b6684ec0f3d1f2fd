"""The built-in scenarios, one as YAML or JSON, and validation of a scenario's text."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from layer0.api.deps import reader, settings
from layer0.errors import NotFound

router = APIRouter(prefix="/scenarios", tags=["scenarios"], dependencies=[Depends(reader)])


class ScenarioYaml(BaseModel):
    model_config = ConfigDict(extra="forbid")   # misspelt fields are refused

    yaml: str = Field(max_length=1_000_000, description="The scenario's YAML text.")


def _no_server_path(info: dict) -> dict:
    """A built-in scenario's file by name only: where the server is installed is nobody's
    business."""
    if info.get("file"):
        info = {**info, "file": info["file"].replace("\\", "/").rsplit("/", 1)[-1]}
    return info


@router.get("")
def list_scenarios() -> list[dict]:
    from layer0.services.scenarios import list_builtin

    return [_no_server_path(info) for info in list_builtin()]


@router.get("/{name}", responses={200: {"content": {"application/yaml": {}}}})
def show_scenario(name: str, format: Literal["json", "yaml"] = Query("json")):  # noqa: A002
    """A built-in scenario, parsed (JSON) or as its YAML text (to copy and change)."""
    from layer0.services.options import builtin_scenarios
    from layer0.services.scenarios import show

    if name not in builtin_scenarios():
        raise NotFound.parameter("name", f"no built-in scenario '{name}' (have: "
                                 f"{', '.join(builtin_scenarios())})")
    text, shown = show(name)
    if format == "yaml":
        return PlainTextResponse(text.text, media_type="application/yaml")
    return _no_server_path(shown)


@router.post("/validate")
def validate_scenario(body: ScenarioYaml, config=Depends(settings)) -> dict:
    """Schema, ranges and names against the reference data; 422 with located problems."""
    from layer0.services.scenarios import validate_yaml

    return validate_yaml(body.yaml, "yaml", config)
