"""Errors as `application/problem+json` (RFC 9457): a title, the status, a detail, and the
problems of `InputError` as `errors` (each with `loc`, `field` and `message`). Bad input is
never a 500: 422 for a refused body or parameter, 404 for an unknown id."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from layer0.errors import Conflict, InputError, NotFound, problems_json

PROBLEM = "application/problem+json"
TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 409: "Conflict", 413: "Content too large",
          422: "Unprocessable content", 429: "Too many requests", 500: "Internal error"}


class ProblemItem(BaseModel):
    loc: list[str]
    pointer: str | None = None   # RFC 6901, e.g. /set/date
    field: str
    message: str
    where: str | None = None


class Problem(BaseModel):
    """An error (RFC 9457): what went wrong, and each refused field with where it is."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemItem] | None = None


WHEN = {400: "the body is not JSON", 401: "no key, or an unknown or revoked one",
        403: "the key may not do this", 404: "no such id",
        409: "the run is not done yet, or the id is taken", 413: "the body is too large",
        422: "the request was refused: each problem located", 429: "too many runs in progress"}
# every route documents its errors as problem+json (FastAPI's own 422 schema is not sent)
RESPONSES = {code: {"model": Problem, "description": what,
                    "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
             for code, what in WHEN.items()}


def problem(status: int, detail: str, errors: list[dict] | None = None,
            headers: dict | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status,
            "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def input_errors(error: InputError) -> list[dict]:
    return problems_json(error.problems)


def install(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def _not_found(request: Request, error: NotFound):
        return problem(404, error.problems[0].text(lambda name: name), input_errors(error))

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, error: Conflict):
        return problem(409, error.problems[0].text(lambda name: name), input_errors(error))

    @app.exception_handler(InputError)
    async def _input(request: Request, error: InputError):
        return problem(422, "the request was refused: " + "; ".join(
            p.text(lambda name: name) for p in error.problems[:3]), input_errors(error))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError):
        errors = [{"loc": [str(part) for part in e["loc"]],
                   "pointer": "".join(f"/{part}" for part in e["loc"]),
                   "field": str(e["loc"][-1]) if e["loc"] else "", "message": e["msg"]}
                  for e in error.errors()]
        return problem(422, "the request does not match its schema", errors)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException):
        return problem(error.status_code, str(error.detail), headers=error.headers)

    @app.exception_handler(Exception)
    async def _internal(request: Request, error: Exception):
        return problem(500, f"internal error: {type(error).__name__}")
