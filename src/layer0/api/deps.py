"""What endpoints share: the settings the app was made with, the run queue, and who calls
(an API key as `Authorization: Bearer KEY`). Reads are open unless the settings close them;
every write needs a key with the write scope."""

from __future__ import annotations

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from layer0.services.keys import Caller
from layer0.settings import Settings

_bearer = HTTPBearer(auto_error=False, description="An API key from `layer0 keys create`.")
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def settings(request: Request) -> Settings:
    return request.app.state.settings


def queue(request: Request):
    return request.app.state.queue()


def caller(request: Request,
           credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)
           ) -> Caller | None:
    if credentials is None:
        return None
    from layer0.services.keys import caller as find

    found = find(credentials.credentials, request.app.state.settings)
    if found is None:
        raise HTTPException(401, "unknown or revoked API key", headers=CHALLENGE)
    return found


def reader(request: Request, who: Caller | None = Depends(caller)) -> Caller | None:
    if who is None and not request.app.state.settings.api_open_reads:
        raise HTTPException(401, "this server needs an API key for reads too",
                            headers=CHALLENGE)
    return who


def writer(who: Caller | None = Depends(caller)) -> Caller:
    if who is None:
        raise HTTPException(401, "a write needs an API key (Authorization: Bearer KEY; "
                            "make one with `layer0 keys create NAME`)", headers=CHALLENGE)
    if not who.may("write"):
        raise HTTPException(403, f"the key '{who.name}' may only read")
    return who
