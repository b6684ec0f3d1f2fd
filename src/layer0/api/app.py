"""The app factory: settings in, a FastAPI app out. Nothing heavy happens at import or at
creation; the run queue starts on first use."""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from layer0.api import problems
from layer0.settings import Settings
from layer0.settings import from_environment as settings_from_environment
from layer0.version import __version__

MAX_BODY = 25 * 2**20   # the largest body: an article's 2 M characters, as UTF-8, fit


class BoundedBody:
    """A body above MAX_BODY is refused (413): at once when its length is declared, and as
    soon as a chunked one passes the limit (it is never read whole). Plain ASGI: a
    BaseHTTPMiddleware costs every request a task and a stream copy."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > MAX_BODY:
                return await self._refuse(scope, receive, send)
        received, refused = 0, False

        async def counted():
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY:   # answer now; the app sees the client leave
                    refused = True
                    await self._refuse(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def unless_refused(message):
            if not refused:
                await send(message)

        await self.app(scope, counted, unless_refused)

    @staticmethod
    async def _refuse(scope, receive, send):
        response = problems.problem(413, f"the body is larger than {MAX_BODY // 2**20} MB")
        await response(scope, receive, send)


def from_environment() -> FastAPI:
    """The app `layer0 serve` runs: settings from LAYER0_* variables, the server's options
    from LAYER0_SERVE (JSON)."""
    import json
    import os

    return create_app(**json.loads(os.environ.get("LAYER0_SERVE") or "{}"))


def create_app(settings: Settings | None = None, workers: int = 1,
               scheduler: str | None = None, max_samples: int = 20_000,
               runs_per_key: int = 2, cors_origins: list[str] | None = None,
               base_run: dict | None = None) -> FastAPI:
    """The API for `settings` (default: the environment's). `workers`: runs computed at
    once; `scheduler`: a Dask scheduler to compute them on; `base_run` ({samples, seed}):
    the base scenario's run the dashboard's overview shows, queued when the server starts
    (an identical stored run is reused, so a restart computes nothing)."""
    from layer0.api import dashboard
    from layer0.api.routers import meta, news, projects, runs, scenarios, supply

    lock, made = threading.Lock(), []

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if base_run:   # in a thread: the server answers while the inputs load
            threading.Thread(target=_queue_base_run, args=(app, queue(), base_run),
                             daemon=True, name="layer0-base-run").start()
        yield
        with lock:   # the run queue's workers stop with the server; a restart makes a new one
            if made:
                made.pop().close()

    from fastapi_offline import FastAPIOffline  # /docs served from the package, not a CDN

    app = FastAPIOffline(title="layer0", version=__version__, lifespan=lifespan,
                  description="Metals for the AI data-centre build-out: demand with "
                  "uncertainty, supply concentration, export controls, the project registry "
                  "and the news review queue. Every answer comes from sourced parameters.")
    app.state.settings = settings or settings_from_environment()
    # the run the dashboard's overview shows: None (none asked for), "queuing", an id, or
    # the problems that kept it from being queued
    app.state.base_run = "queuing" if base_run else None

    def queue():
        with lock:
            if not made:
                from layer0.services.jobs import RunQueue

                made.append(RunQueue(app.state.settings, workers, scheduler, max_samples,
                                     runs_per_key))
            return made[0]

    app.state.queue = queue
    problems.install(app)

    app.add_middleware(BoundedBody)

    if cors_origins:   # off unless asked for
        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["*"],
                           allow_headers=["*"])
    for router in (meta.router, scenarios.router, runs.router, supply.router,
                   projects.router, news.router):
        app.include_router(router, prefix="/v1", responses=problems.RESPONSES)
    dashboard.install(app)

    return app


def _queue_base_run(app: FastAPI, runs, base_run: dict) -> None:
    import logging

    from layer0.services.jobs import RunOrder

    try:
        run, _new = runs.submit(RunOrder(scenario="base",
                                         samples=int(base_run.get("samples", 2000)),
                                         seed=int(base_run.get("seed", 0))), "layer0 server")
        app.state.base_run = run["id"]
    except Exception as error:   # the API still serves; GET /v1/runs/base says why
        app.state.base_run = [{"loc": [], "field": "", "message": f"the base run could not "
                               f"be queued: {error}"}]
        logging.getLogger("layer0.api").error("the base run could not be queued: %s", error)
