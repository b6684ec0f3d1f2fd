"""API keys: made once (the key is shown then and never again: only its hash is stored),
listed, revoked, and checked for each write the REST API receives."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from layer0.errors import InputError, NotFound
from layer0.settings import Settings, from_environment

SCOPES = ("read", "write", "admin")   # each includes the ones before it
PREFIX = "l0_"


@dataclass(frozen=True)
class Caller:
    """Who a request comes from: the key's name and scope."""

    name: str
    scope: str

    def may(self, scope: str) -> bool:
        return SCOPES.index(self.scope) >= SCOPES.index(scope)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _db(settings: Settings | None):
    from layer0.services.registry import database

    return database(settings or from_environment())


def create(name: str, scope: str = "write", settings: Settings | None = None) -> str:
    """A new key for `name` (shown once); InputError if the name is taken or bad."""
    from layer0.store.registry import now
    from layer0.store.schema import ApiKey

    if scope not in SCOPES:
        raise InputError.parameter("scope", f"unknown '{scope}' (allowed: {', '.join(SCOPES)})")
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError.parameter("name", "give a name of 1 to 200 characters")
    key = PREFIX + secrets.token_urlsafe(32)
    with _db(settings).write() as session:
        if session.scalar(sa.select(ApiKey.id).where(ApiKey.name == name)) is not None:
            raise InputError.parameter("name", f"a key named '{name}' exists (revoke it, or "
                                       "choose another name)")
        session.add(ApiKey(name=name, sha256=_hash(key), created=now(), scope=scope))
    return key


def listed(settings: Settings | None = None) -> list[dict]:
    from layer0.store.registry import stamp
    from layer0.store.schema import ApiKey

    with _db(settings).read() as session:
        return [{"name": k.name, "scope": k.scope, "created": stamp(k.created),
                 "revoked": stamp(k.revoked) if k.revoked else None}
                for k in session.scalars(sa.select(ApiKey).order_by(ApiKey.name))]


def revoke(name: str, settings: Settings | None = None) -> bool:
    """Revoke the key of `name`; False if it already was."""
    from layer0.store.registry import now
    from layer0.store.schema import ApiKey

    with _db(settings).write() as session:
        key = session.scalar(sa.select(ApiKey).where(ApiKey.name == name))
        if key is None:
            raise NotFound.parameter("name", f"no key named '{name}' (see `layer0 keys list`)")
        if key.revoked is not None:
            return False
        key.revoked = now()
        return True


def caller(key: str, settings: Settings | None = None) -> Caller | None:
    """The caller a key belongs to (None: unknown or revoked)."""
    from layer0.store.schema import ApiKey

    with _db(settings).read() as session:
        found = session.scalar(sa.select(ApiKey).where(ApiKey.sha256 == _hash(key)))
        if found is None or found.revoked is not None:
            return None
        return Caller(found.name, found.scope)
