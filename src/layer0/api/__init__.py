"""The REST API: a FastAPI app made by `create_app(settings)` (nothing is loaded at import),
versioned under /v1, one router per resource, each calling `layer0.services` only."""

from layer0.api.app import create_app

__all__ = ["create_app"]
