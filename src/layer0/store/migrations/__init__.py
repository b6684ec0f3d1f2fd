"""Alembic migrations of the registry schema. Each revision file in `versions/` changes the
schema one step, up and down; `HEAD` is the version this layer0 writes and reads."""

REVISIONS = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]
